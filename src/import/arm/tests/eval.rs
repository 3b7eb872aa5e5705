//! Evaluation of expressions, variables and the work budget.

use super::super::eval::{Budget, Evaluator};
use super::super::render::render;
use super::super::scope::{Context, Copies};
use super::super::value::Value;
use super::{deployment, parse};

/// Evaluates one expression string in a template with the given `variables`.
fn eval(variables: &str, expression: &str) -> Value {
    let template = parse(&format!(r#"{{"variables": {variables}}}"#));
    let budget = Budget::default();
    let context = Context::new(&template, Default::default(), deployment(), &budget);
    let copies = Copies::default();
    let evaluator = Evaluator::new(&context, &copies);
    evaluator
        .string(expression, Default::default(), 0)
        .expect("evaluates")
        .value
}

fn text(value: Value) -> String {
    match value {
        Value::Str(s) => s,
        other => panic!("not a string: {other:?}"),
    }
}

#[test]
fn string_functions() {
    assert_eq!(text(eval("{}", "[concat('a', 'b', string(1))]")), "ab1");
    assert_eq!(text(eval("{}", "[format('{0}-{1}', 'x', 2)]")), "x-2");
    assert_eq!(text(eval("{}", "[toUpper('ab')]")), "AB");
    assert_eq!(text(eval("{}", "[last(split('a/b/c', '/'))]")), "c");
    assert_eq!(
        text(eval("{}", "[replace('pe-x', 'pe-', 'psc-')]")),
        "psc-x"
    );
    assert_eq!(text(eval("{}", "['it''s']")), "it's");
    assert_eq!(text(eval("{}", "[[literal]")), "[literal]");
}

#[test]
fn logic_and_collections() {
    assert_eq!(
        eval("{}", "[if(equals(1, 1), 'y', 'n')]"),
        Value::Str("y".into())
    );
    assert_eq!(eval("{}", "[and(true(), not(false()))]"), Value::Bool(true));
    assert_eq!(
        eval("{}", "[or(false, empty(createArray()))]"),
        Value::Bool(true)
    );
    assert_eq!(
        eval(
            "{}",
            "[length(union(createArray(1, 2), createArray(2, 3)))]"
        ),
        Value::Int(3)
    );
    assert_eq!(
        eval("{}", "[contains(createObject('a', 1), 'a')]"),
        Value::Bool(true)
    );
    assert_eq!(
        eval(r#"{"o": {"x": [5, 6]}}"#, "[variables('o').x[1]]"),
        Value::Int(6)
    );
    assert_eq!(eval("{}", "[int('42')]"), Value::Int(42));
}

#[test]
fn unknown_values_propagate() {
    let location = eval("{}", "[resourceGroup().location]");
    assert_eq!(location, Value::Unknown("resourceGroup().location".into()));
    let name = eval("{}", "[concat('kv-', uniqueString('x'))]");
    assert_eq!(render(&name), "concat('kv-', uniqueString('x'))");
    let ip = eval(
        "{}",
        "[reference('fw').ipConfigurations[0].properties.privateIPAddress]",
    );
    assert_eq!(
        render(&ip),
        "reference('fw').ipConfigurations[0].properties.privateIPAddress"
    );
    let same = eval(
        "{}",
        "[equals(resourceGroup().location, resourceGroup().location)]",
    );
    assert_eq!(same, Value::Bool(true));
    let differs = eval("{}", "[equals(resourceGroup().location, 'eastus')]");
    assert!(matches!(differs, Value::Unknown(_)));
    assert!(matches!(
        eval("{}", "[if(equals(resourceGroup().name, 'a'), 1, 2)]"),
        Value::Unknown(_)
    ));
}

#[test]
fn variable_copy() {
    let variables = r#"{"copy": [{"name": "names", "count": 2, "input": "[format('n{0}', copyIndex('names'))]"}]}"#;
    assert_eq!(text(eval(variables, "[variables('names')[1]]")), "n1");
}

#[test]
fn depth_and_cycles_are_errors() {
    let template = parse(r#"{"variables": {"a": "[variables('b')]", "b": "[variables('a')]"}}"#);
    let budget = Budget::default();
    let context = Context::new(&template, Default::default(), deployment(), &budget);
    let copies = Copies::default();
    let evaluator = Evaluator::new(&context, &copies);
    let error = evaluator
        .string("[variables('a')]", Default::default(), 0)
        .unwrap_err();
    assert!(
        error.message.contains("refers to itself"),
        "{}",
        error.message
    );
}

#[test]
fn doubling_variables_hit_the_budget() {
    let mut variables = vec![r#""v0": "[createArray(1, 2, 3, 4, 5, 6, 7, 8)]""#.to_string()];
    for i in 1..21 {
        variables.push(format!(
            r#""v{i}": "[concat(variables('v{}'), variables('v{}'))]""#,
            i - 1,
            i - 1
        ));
    }
    let template = parse(&format!("{{\"variables\": {{{}}}}}", variables.join(",")));
    let budget = Budget::default();
    let context = Context::new(&template, Default::default(), deployment(), &budget);
    let copies = Copies::default();
    let evaluator = Evaluator::new(&context, &copies);
    let error = evaluator
        .string("[variables('v20')]", Default::default(), 0)
        .unwrap_err();
    assert!(error.message.contains("limit"), "{}", error.message);
}

#[test]
fn group_id_parses_and_renders_short() {
    let id = eval(
        "{}",
        "[concat(resourceGroup().id, '/providers/Microsoft.Network/virtualNetworks/v/subnets/s')]",
    );
    let parsed = super::super::ids::parse(&text(id.clone())).expect("an id");
    assert_eq!(
        parsed.resource_type,
        "Microsoft.Network/virtualNetworks/subnets"
    );
    assert_eq!(parsed.names, ["v", "s"]);
    assert_eq!(
        render(&id),
        "concat(resourceGroup().id, '/providers/Microsoft.Network/virtualNetworks/v/subnets/s')"
    );
    let built = eval(
        "{}",
        "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'v', 's')]",
    );
    assert_eq!(built, id);
}

/// Evaluates one expression string that must fail, and returns the message.
fn eval_error(expression: &str) -> String {
    let template = parse("{}");
    let budget = Budget::default();
    let context = Context::new(&template, Default::default(), deployment(), &budget);
    let copies = Copies::default();
    let evaluator = Evaluator::new(&context, &copies);
    evaluator
        .string(expression, Default::default(), 0)
        .expect_err("fails")
        .message
}

#[test]
fn wrong_calls_are_errors_even_with_unknown_arguments() {
    assert_eq!(
        eval_error("[if(parameters('x'))]"),
        "`if` takes 3 arguments, found 1"
    );
    assert_eq!(
        eval_error("[resourceId('a', 'b')]"),
        "`resourceId` has no resource type: no argument holds a `/`"
    );
    assert_eq!(
        eval_error("[concat(1, createArray(2))]"),
        "`concat(1, createArray(2))` joins arrays, and cannot join the int `1`"
    );
    assert_eq!(
        eval_error("[concat('a', createObject('k', 1))]"),
        "`concat('a', createObject('k', 1))` joins strings, and cannot join the object `createObject('k', 1)`"
    );
}

#[test]
fn unbalanced_format_braces_are_named() {
    assert_eq!(
        eval_error("[format('{', 'a')]"),
        "`format` string '{' opens a `{` that it never closes"
    );
    assert_eq!(
        eval_error("[format('a}b')]"),
        "`format` string 'a}b' has a `}` that closes no placeholder"
    );
    assert_eq!(text(eval("{}", "[format('{{{0}}}', 'a')]")), "{a}");
}
