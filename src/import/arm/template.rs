//! Expansion of a template into its resources: conditions, copy loops, child
//! resources and nested deployments.

use std::collections::HashMap;

use super::dropped::{self, Dropped};
use super::eval::{Budget, Count, EvalError, Evaluator, Result};
use super::scope::{Context, Copies};
use super::symbolic;
use super::value::{from_node, Val, Value, OPEN};
use crate::import::tree::Node;

const DEPLOYMENTS: &str = "microsoft.resources/deployments";

/// One resource, evaluated, with its full type and name.
#[derive(Debug)]
pub struct Resource {
    /// Full type, such as `Microsoft.Network/virtualNetworks/subnets`.
    pub resource_type: String,
    /// Full name, such as `vnet-hub/snet-pe`.
    pub name: Val,
    pub location: Option<Val>,
    pub properties: Val,
    pub tags: Val,
    pub sku: Val,
    pub kind: Val,
    /// Resource group of its deployment, when known.
    pub group: Option<String>,
    /// Resource group of its deployment as text, with unknown pieces.
    pub group_text: String,
    /// A condition that deployment decides.
    pub condition: Option<Val>,
}

impl Resource {
    pub fn name_text(&self) -> &str {
        self.name.as_str().unwrap_or("")
    }
}

/// Collects the resources whose types `is_mapped` accepts.
pub struct Expander<'a> {
    pub budget: &'a Budget,
    pub is_mapped: fn(&str) -> bool,
    pub location: Option<String>,
    pub resources: Vec<Resource>,
    /// Copy loops left out because their count is unknown.
    pub dropped: Vec<Dropped>,
}

/// The settings a resource list inherits from the place it is declared.
#[derive(Clone, Default)]
pub struct Outer {
    pub copies: Copies,
    pub parent: Option<(String, Val)>,
    pub condition: Option<Val>,
    /// Evaluation depth that the list starts at.
    pub depth: usize,
    /// Deployments around the list.
    pub nesting: usize,
    /// Resource group that the list deploys to, when a nested deployment
    /// sets it. In outer scope this differs from what `resourceGroup()`
    /// returns, which stays the parent's.
    pub group: Option<Value>,
    /// Whether the list's template keys resources by symbolic name.
    pub symbolic: bool,
}

impl Expander<'_> {
    pub fn expand(&mut self, list: &Node, context: &Context, outer: &Outer) -> Result<()> {
        for node in symbolic::resource_nodes(list, outer.symbolic)? {
            let Some(copy) = node.get("copy") else {
                self.expand_one(node, context, outer)?;
                continue;
            };
            let evaluator = Evaluator::new(context, &outer.copies);
            let name = copy.get("name").and_then(Node::as_str).unwrap_or("");
            let count = match evaluator.copy_count(copy, outer.depth)? {
                Count::Known(count) => count,
                Count::Unknown(count) => {
                    self.leave_out(node, &evaluator, outer, name, count)?;
                    continue;
                }
            };
            for index in 0..count {
                let inner = Outer {
                    copies: outer.copies.with(name, index, true),
                    ..outer.clone()
                };
                self.expand_one(node, context, &inner)?;
            }
        }
        Ok(())
    }

    /// Leaves out a resource copy loop whose count is unknown (see [`dropped`]).
    fn leave_out(
        &mut self,
        node: &Node,
        evaluator: &Evaluator,
        outer: &Outer,
        loop_name: &str,
        count: Val,
    ) -> Result<()> {
        let (resource_type, _) = resource_type(node, evaluator, outer)?;
        let lower = resource_type.to_ascii_lowercase();
        let modelled = (self.is_mapped)(&lower) || lower == DEPLOYMENTS;
        let written = node.get("name").and_then(Node::as_str).unwrap_or(loop_name);
        let name = match &outer.parent {
            Some((_, parent)) if !written.contains('/') => {
                format!("{}/{written}", super::render::display(&parent.value))
            }
            _ => written.to_string(),
        };
        let left_out = dropped::unknown_loop(&resource_type, modelled, name, loop_name, count)?;
        self.dropped.extend(left_out);
        Ok(())
    }

    fn expand_one(&mut self, node: &Node, context: &Context, outer: &Outer) -> Result<()> {
        let evaluator = Evaluator::new(context, &outer.copies);
        let field = |key: &str| -> Result<Option<Val>> {
            node.get(key)
                .map(|n| evaluator.node(n, outer.depth))
                .transpose()
        };
        let mut condition = outer.condition.clone();
        if let Some(value) = field("condition")? {
            match value.value {
                Value::Bool(false) => return Ok(()),
                Value::Bool(true) => {}
                Value::Unknown(_) => condition = Some(value),
                other => {
                    return Err(EvalError::new(
                        value.loc,
                        format!("`condition` is a {}, not a bool", other.type_name()),
                        "make `condition` evaluate to true or false",
                    ))
                }
            }
        }
        let (resource_type, name) = self.full_name(node, &evaluator, outer)?;
        if resource_type.eq_ignore_ascii_case(DEPLOYMENTS) {
            return self.nested(node, context, outer, &name, condition);
        }
        if (self.is_mapped)(&resource_type.to_ascii_lowercase()) {
            let group_name = outer
                .group
                .as_ref()
                .unwrap_or(&context.deployment.group_name);
            let group = match group_name {
                Value::Str(g) if !g.contains(OPEN) => Some(g.clone()),
                _ => None,
            };
            let or_null = |v: Option<Val>| v.unwrap_or(Val::new(Value::Null, node.loc));
            self.resources.push(Resource {
                resource_type: resource_type.clone(),
                name: name.clone(),
                location: field("location")?,
                properties: or_null(field("properties")?),
                tags: or_null(field("tags")?),
                sku: or_null(field("sku")?),
                kind: or_null(field("kind")?),
                group,
                group_text: super::text::to_text(group_name),
                condition: condition.clone(),
            });
        } else {
            tracing::debug!(
                "skipping resource type {resource_type}, which vnetlint does not model"
            );
        }
        if let Some(children) = node.get("resources") {
            let inner = Outer {
                parent: Some((resource_type, name)),
                condition,
                ..outer.clone()
            };
            self.expand(children, context, &inner)?;
        }
        Ok(())
    }

    /// Evaluates `type` and `name`, prefixed with the parent's for a nested child.
    fn full_name(
        &self,
        node: &Node,
        evaluator: &Evaluator,
        outer: &Outer,
    ) -> Result<(String, Val)> {
        let required = |key: &str| {
            node.get(key).ok_or_else(|| {
                EvalError::new(
                    node.loc,
                    format!("resource has no `{key}`"),
                    format!("add the resource's `{key}`"),
                )
            })
        };
        let (resource_type, child) = resource_type(node, evaluator, outer)?;
        let name_node = required("name")?;
        let mut name = evaluator.node(name_node, outer.depth)?;
        if let Value::Unknown(rendering) = &name.value {
            name.value = Value::Str(super::value::embed(rendering));
        }
        let Value::Str(text) = &name.value else {
            return Err(EvalError::new(
                name_node.loc,
                format!("resource `name` is {}, not a string", a_type(&name.value)),
                "write the name as a string, such as \"vnet-hub\"",
            ));
        };
        if let (Some((_, parent_name)), true) = (&outer.parent, child) {
            let full_name = format!("{}/{text}", parent_name.as_str().unwrap_or(""));
            name.value = Value::Str(full_name);
        }
        Ok((resource_type, name))
    }
}

/// Returns the type of a value with its article, for messages.
fn a_type(value: &Value) -> String {
    let name = value.type_name();
    match name {
        "int" | "array" | "object" | "unknown" => format!("an {name}"),
        _ => format!("a {name}"),
    }
}

/// Evaluates `type`, prefixed with the parent's for a nested child, and
/// returns it with whether the resource is such a child.
fn resource_type(node: &Node, evaluator: &Evaluator, outer: &Outer) -> Result<(String, bool)> {
    let Some(type_node) = node.get("type") else {
        return Err(EvalError::new(
            node.loc,
            "resource has no `type`",
            "add the resource's `type`",
        ));
    };
    let value = evaluator.node(type_node, outer.depth)?;
    let Some(written) = value.as_str().filter(|t| !t.contains(OPEN)) else {
        return Err(EvalError::new(
            type_node.loc,
            "resource `type` is not a known string",
            "write the type as a string, such as \"Microsoft.Network/virtualNetworks\"",
        ));
    };
    Ok(match &outer.parent {
        Some((parent_type, _)) if !written.contains('/') => {
            (format!("{parent_type}/{written}"), true)
        }
        _ => (written.to_string(), false),
    })
}

/// Reads the values of a parameters file (`parameters.NAME.value`).
pub fn given_parameters(root: &Node) -> HashMap<String, Val> {
    let mut given = HashMap::new();
    for (key, entry) in root.get("parameters").map_or(&[][..], Node::members) {
        let value = match entry.get("value") {
            Some(value) => from_node(value),
            None => {
                // A Key Vault reference: the secret is read at deployment.
                let rendering = format!("parameters('{}')", key.value);
                Val::new(Value::Unknown(rendering), entry.loc)
            }
        };
        given.insert(key.value.to_ascii_lowercase(), value);
    }
    given
}
