//! The scope of one template: where it deploys, its parameters and
//! variables (evaluated once, on first use), and the copy loops around a value.

use std::cell::RefCell;
use std::collections::HashMap;

use super::eval::{size, Budget, EvalError, Evaluator, Result};
use super::value::{Val, Value};
use crate::import::tree::Node;
use crate::source::Loc;

/// The deployment target of a template: values that `resourceGroup()`, `subscription()`
/// and `deployment()` return.
#[derive(Clone, Debug)]
pub struct Deployment {
    pub subscription_id: Value,
    pub group_name: Value,
    pub group_location: Value,
    pub name: Value,
}

enum VarSource<'n> {
    Node(&'n Node),
    /// A variable `copy` entry: `count` and `input`, with the loop name.
    Copy(&'n Node),
}

/// The parameters and variables of one template, evaluated on first use.
pub struct Context<'n> {
    pub deployment: Deployment,
    pub budget: &'n Budget,
    params: HashMap<String, (&'n str, Option<Val>, Option<&'n Node>)>,
    vars: HashMap<String, VarSource<'n>>,
    done: RefCell<HashMap<String, Val>>,
    busy: RefCell<Vec<String>>,
}

/// Indexes of the copy loops around the value being evaluated.
#[derive(Clone, Debug, Default)]
pub struct Copies {
    /// The resource loop, which `copyIndex()` without a name reads.
    pub resource: Option<i64>,
    pub named: Vec<(String, i64)>,
}

impl Copies {
    pub fn with(&self, name: &str, index: i64, resource: bool) -> Copies {
        let mut next = self.clone();
        next.named.push((name.to_ascii_lowercase(), index));
        if resource {
            next.resource = Some(index);
        }
        next
    }
}

impl<'n> Context<'n> {
    /// Builds the scope of a template from its parameter declarations and the
    /// values given for them.
    pub fn new(
        template: &'n Node,
        given: HashMap<String, Val>,
        deployment: Deployment,
        budget: &'n Budget,
    ) -> Self {
        let mut params = HashMap::new();
        for (key, decl) in template.get("parameters").map_or(&[][..], Node::members) {
            let value = given.get(&key.value.to_ascii_lowercase()).cloned();
            let default = decl.get("defaultValue");
            params.insert(
                key.value.to_ascii_lowercase(),
                (key.value.as_str(), value, default),
            );
        }
        let mut vars = HashMap::new();
        for (key, node) in template.get("variables").map_or(&[][..], Node::members) {
            if key.value.eq_ignore_ascii_case("copy") {
                for entry in node.items() {
                    if let Some(name) = entry.get("name").and_then(Node::as_str) {
                        vars.insert(name.to_ascii_lowercase(), VarSource::Copy(entry));
                    }
                }
            } else {
                vars.insert(key.value.to_ascii_lowercase(), VarSource::Node(node));
            }
        }
        Context {
            deployment,
            budget,
            params,
            vars,
            done: RefCell::new(HashMap::new()),
            busy: RefCell::new(Vec::new()),
        }
    }

    pub fn parameter(&self, name: &str, loc: Loc, depth: usize) -> Result<Val> {
        let key = format!("p:{}", name.to_ascii_lowercase());
        let Some((declared, given, default)) = self.params.get(&name.to_ascii_lowercase()) else {
            return Err(EvalError::new(
                loc,
                format!("parameter `{name}` is not declared"),
                "declare it under `parameters`, or fix the name",
            ));
        };
        if let Some(value) = given {
            return Ok(value.clone());
        }
        let Some(default) = default else {
            // A value the deployment must supply, and the parameters file does not.
            let rendering = format!("parameters('{declared}')");
            return Ok(Val::new(Value::Unknown(rendering), loc));
        };
        self.memoized(key, loc, depth, |depth| {
            Evaluator::new(self, &Copies::default()).node(default, depth)
        })
    }

    pub fn variable(&self, name: &str, loc: Loc, depth: usize) -> Result<Val> {
        let key = format!("v:{}", name.to_ascii_lowercase());
        let Some(source) = self.vars.get(&name.to_ascii_lowercase()) else {
            return Err(EvalError::new(
                loc,
                format!("variable `{name}` is not declared"),
                "declare it under `variables`, or fix the name",
            ));
        };
        self.memoized(key, loc, depth, |depth| {
            let copies = Copies::default();
            let evaluator = Evaluator::new(self, &copies);
            match source {
                VarSource::Node(node) => evaluator.node(node, depth),
                VarSource::Copy(entry) => evaluator.copy_array(entry, depth),
            }
        })
    }

    /// Runs `read` on the value of `parameters(name)` or `variables(name)`
    /// without copying it, and charges the budget for what `read` returns.
    pub fn read(
        &self,
        function: &str,
        name: &str,
        loc: Loc,
        depth: usize,
        read: impl FnOnce(&Val) -> Result<Val>,
    ) -> Result<Val> {
        let lower = name.to_ascii_lowercase();
        if function == "parameters" {
            if let Some((_, Some(given), _)) = self.params.get(&lower) {
                let result = read(given)?;
                self.budget.charge(size(&result.value), loc)?;
                return Ok(result);
            }
        }
        let prefix = if function == "parameters" { "p" } else { "v" };
        let key = format!("{prefix}:{lower}");
        if !self.done.borrow().contains_key(&key) {
            // The first use computes the value, and an unknown parameter
            // without a default is never stored: read the returned value.
            let value = match function {
                "parameters" => self.parameter(name, loc, depth)?,
                _ => self.variable(name, loc, depth)?,
            };
            if !self.done.borrow().contains_key(&key) {
                return read(&value);
            }
        }
        let done = self.done.borrow();
        let value = done.get(&key).expect("the value was just stored");
        let result = read(value)?;
        self.budget.charge(size(&result.value), loc)?;
        Ok(result)
    }

    fn memoized(
        &self,
        key: String,
        loc: Loc,
        depth: usize,
        compute: impl FnOnce(usize) -> Result<Val>,
    ) -> Result<Val> {
        if let Some(value) = self.done.borrow().get(&key) {
            self.budget.charge(size(&value.value), loc)?;
            return Ok(value.clone());
        }
        if self.busy.borrow().contains(&key) {
            return Err(EvalError::new(
                loc,
                format!("`{}` refers to itself", &key[2..]),
                "break the cycle between the parameters and variables",
            ));
        }
        self.busy.borrow_mut().push(key.clone());
        let result = compute(depth + 1);
        self.busy.borrow_mut().retain(|k| k != &key);
        let value = result?;
        self.done.borrow_mut().insert(key, value.clone());
        Ok(value)
    }
}
