//! Evaluation of template values: JSON with expressions, parameters,
//! variables and copy loops, within a depth limit and a size budget.

use std::cell::Cell;

use super::expr::{self, Expr, Template};
use super::functions;
use super::render::render;
use super::scope::{Context, Copies};
use super::value::{from_node, Val, Value};
use crate::import::tree::{Node, Value as JsonValue};
use crate::source::Loc;

/// Maximum nesting of evaluation: expressions, variables that read
/// variables, and nested deployments together.
pub const MAX_DEPTH: usize = 128;
/// Maximum work of one template, counted in values and string kilobytes
/// produced, so that variables which double in size cannot exhaust memory.
pub const MAX_STEPS: usize = 4_000_000;
/// Maximum iterations of one copy loop; Azure accepts at most 800.
pub const MAX_COPIES: i64 = 800;

/// A template error at the JSON node that contains the wrong value.
#[derive(Debug)]
pub struct EvalError {
    pub loc: Loc,
    pub message: String,
    pub help: String,
}

impl EvalError {
    pub fn new(loc: Loc, message: impl Into<String>, help: impl Into<String>) -> Self {
        EvalError {
            loc,
            message: message.into(),
            help: help.into(),
        }
    }
}

pub type Result<T> = std::result::Result<T, EvalError>;

/// The work budget shared by every scope of one import.
#[derive(Debug, Default)]
pub struct Budget {
    steps: Cell<usize>,
}

impl Budget {
    pub fn charge(&self, amount: usize, loc: Loc) -> Result<()> {
        let steps = self.steps.get().saturating_add(amount);
        self.steps.set(steps);
        if steps > MAX_STEPS {
            return Err(EvalError::new(
                loc,
                format!("template evaluation passed the limit of {MAX_STEPS} steps"),
                "simplify the expressions, or split the template",
            ));
        }
        Ok(())
    }
}

/// Returns the function and name of `parameters('NAME')` or `variables('NAME')`.
///
/// Reading one element or member of such a value borrows it instead of
/// copying it whole: a template that hands each of N loop copies one element
/// of an N-element parameter would otherwise cost N squared.
fn named_value(expr: &Expr) -> Option<(&'static str, &str)> {
    let Expr::Call(function, args) = expr else {
        return None;
    };
    let [Expr::Str(name)] = args.as_slice() else {
        return None;
    };
    if function.eq_ignore_ascii_case("parameters") {
        Some(("parameters", name))
    } else if function.eq_ignore_ascii_case("variables") {
        Some(("variables", name))
    } else {
        None
    }
}

/// Returns the number of budget steps that a value costs.
pub fn size(value: &Value) -> usize {
    match value {
        Value::Str(s) | Value::Unknown(s) => 1 + s.len() / 1024,
        Value::Array(items) => 1 + items.iter().map(|v| size(&v.value)).sum::<usize>(),
        Value::Object(members) => 1 + members.iter().map(|(_, v)| size(&v.value)).sum::<usize>(),
        _ => 1,
    }
}

/// Returns true when a `copy` member is a list of property loops, each with an `input`.
fn is_property_copy(node: &Node) -> bool {
    let entries = node.items();
    !entries.is_empty() && entries.iter().all(|e| e.get("input").is_some())
}

/// The number of copies that a copy loop makes.
#[derive(Debug)]
pub enum Count {
    Known(i64),
    /// Deployment decides it: the count's value, as evaluated.
    Unknown(Val),
}

/// Evaluates values in one scope and one position of the copy loops.
pub struct Evaluator<'c, 'n> {
    pub context: &'c Context<'n>,
    pub copies: &'c Copies,
}

impl<'c, 'n> Evaluator<'c, 'n> {
    pub fn new(context: &'c Context<'n>, copies: &'c Copies) -> Self {
        Evaluator { context, copies }
    }

    fn check_depth(&self, depth: usize, loc: Loc) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(EvalError::new(
                loc,
                format!("evaluation nests deeper than {MAX_DEPTH} levels"),
                "simplify the chain of variables and expressions",
            ));
        }
        self.context.budget.charge(1, loc)
    }

    /// Evaluates a JSON node: expressions in strings, and property `copy` arrays in objects.
    pub fn node(&self, node: &Node, depth: usize) -> Result<Val> {
        self.check_depth(depth, node.loc)?;
        let value = match &node.value {
            JsonValue::String(text) => return self.string(text, node.loc, depth),
            JsonValue::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|item| self.node(item, depth + 1))
                    .collect::<Result<_>>()?,
            ),
            JsonValue::Object(members) => {
                let mut out = Vec::new();
                for (key, member) in members {
                    if key.value.eq_ignore_ascii_case("copy") && is_property_copy(member) {
                        for entry in member.items() {
                            let name = entry.get("name").and_then(Node::as_str).unwrap_or("");
                            out.push((name.to_string(), self.copy_array(entry, depth + 1)?));
                        }
                    } else {
                        out.push((key.value.clone(), self.node(member, depth + 1)?));
                    }
                }
                Value::Object(out)
            }
            _ => return Ok(from_node(node)),
        };
        Ok(Val::new(value, node.loc))
    }

    /// Evaluates a template string: a literal, or the value of its expression.
    pub fn string(&self, text: &str, loc: Loc, depth: usize) -> Result<Val> {
        let parsed = expr::parse_template_string(text).map_err(|message| {
            EvalError::new(
                loc,
                format!("invalid template expression: {message}"),
                "fix the expression, or start the string with `[[` to make it a literal",
            )
        })?;
        match parsed {
            Template::Literal(text) => Ok(Val::new(Value::Str(text), loc)),
            Template::Expression(expr) => {
                let mut value = self.expr(&expr, loc, depth + 1)?;
                value.loc = loc;
                Ok(value)
            }
        }
    }

    /// Evaluates a copy entry (`name`, `count`, `input`) into an array.
    pub fn copy_array(&self, entry: &Node, depth: usize) -> Result<Val> {
        let name = entry.get("name").and_then(Node::as_str).unwrap_or("");
        let count = self.copy_count(entry, depth)?;
        let Some(input) = entry.get("input") else {
            return Err(EvalError::new(
                entry.loc,
                format!("copy `{name}` has no `input`"),
                "add the `input` that each element is made from",
            ));
        };
        let count = match count {
            Count::Known(count) => count,
            // Deployment decides how many elements the array has.
            Count::Unknown(count) => {
                let rendering = render(&count.value);
                return Ok(Val::new(Value::Unknown(rendering), count.loc));
            }
        };
        let mut items = Vec::new();
        for index in 0..count {
            let copies = self.copies.with(name, index, false);
            items.push(Evaluator::new(self.context, &copies).node(input, depth + 1)?);
        }
        Ok(Val::new(Value::Array(items), entry.loc))
    }

    /// Evaluates the `count` of a copy loop: known and in range, or unknown.
    pub fn copy_count(&self, entry: &Node, depth: usize) -> Result<Count> {
        let Some(node) = entry.get("count") else {
            return Err(EvalError::new(
                entry.loc,
                "copy loop has no `count`",
                "add a `count`",
            ));
        };
        let count = self.node(node, depth + 1)?;
        match count.value {
            Value::Int(n) if (0..=MAX_COPIES).contains(&n) => Ok(Count::Known(n)),
            Value::Int(n) => Err(EvalError::new(
                node.loc,
                format!("copy count {n} is outside 0 to {MAX_COPIES}"),
                format!("use a count from 0 to {MAX_COPIES}, as Azure requires"),
            )),
            Value::Unknown(_) => Ok(Count::Unknown(count)),
            other => Err(EvalError::new(
                node.loc,
                format!("copy count is a {}, not an int", other.type_name()),
                "make `count` evaluate to an int",
            )),
        }
    }

    pub fn expr(&self, expr: &Expr, loc: Loc, depth: usize) -> Result<Val> {
        self.check_depth(depth, loc)?;
        let value = match expr {
            Expr::Str(s) => Value::Str(s.clone()),
            Expr::Int(n) => Value::Int(*n),
            Expr::Bool(b) => Value::Bool(*b),
            Expr::Null => Value::Null,
            Expr::Member(base, name) => {
                if let Some((function, declared)) = named_value(base) {
                    return self.context.read(function, declared, loc, depth, |value| {
                        functions::member(value, name, loc)
                    });
                }
                let base = self.expr(base, loc, depth + 1)?;
                return functions::member(&base, name, loc);
            }
            Expr::Index(base, index) => {
                let index = self.expr(index, loc, depth + 1)?;
                if let Some((function, declared)) = named_value(base) {
                    return self.context.read(function, declared, loc, depth, |value| {
                        functions::index(value, &index, loc)
                    });
                }
                let base = self.expr(base, loc, depth + 1)?;
                return functions::index(&base, &index, loc);
            }
            Expr::Call(name, args) => return functions::call(self, name, args, loc, depth + 1),
        };
        Ok(Val::new(value, loc))
    }
}
