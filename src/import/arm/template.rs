//! Expansion of a template into its resources: conditions, copy loops, child
//! resources and nested deployments.

use std::collections::HashMap;

use super::eval::{Budget, EvalError, Evaluator, Result};
use super::scope::{Context, Copies, Deployment};
use super::value::{from_node, Val, Value, OPEN};
use crate::import::tree::Node;

/// Maximum nesting of deployments inside deployments.
const MAX_NESTED: usize = 16;

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
}

/// What a resource list inherits from where it is declared.
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
}

impl Expander<'_> {
    pub fn expand(&mut self, list: &Node, context: &Context, outer: &Outer) -> Result<()> {
        for node in list.items() {
            let Some(copy) = node.get("copy") else {
                self.expand_one(node, context, outer)?;
                continue;
            };
            let evaluator = Evaluator::new(context, &outer.copies);
            let count = evaluator.copy_count(copy, outer.depth)?;
            let name = copy.get("name").and_then(Node::as_str).unwrap_or("");
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
        let type_node = required("type")?;
        let resource_type = evaluator.node(type_node, outer.depth)?;
        let Some(resource_type) = resource_type.as_str().filter(|t| !t.contains(OPEN)) else {
            return Err(EvalError::new(
                type_node.loc,
                "resource `type` is not a known string",
                "write the type as a string, such as \"Microsoft.Network/virtualNetworks\"",
            ));
        };
        let mut name = evaluator.node(required("name")?, outer.depth)?;
        let Value::Str(text) = &name.value else {
            let rendering = super::render::render(&name.value);
            name.value = Value::Str(super::value::embed(&rendering));
            return Ok((resource_type.to_string(), name));
        };
        match &outer.parent {
            Some((parent_type, parent_name)) if !resource_type.contains('/') => {
                let full_type = format!("{parent_type}/{resource_type}");
                let full_name = format!("{}/{text}", parent_name.as_str().unwrap_or(""));
                name.value = Value::Str(full_name);
                Ok((full_type, name))
            }
            _ => Ok((resource_type.to_string(), name)),
        }
    }

    /// Expands a nested deployment's inline template in its own scope.
    fn nested(
        &mut self,
        node: &Node,
        context: &Context,
        outer: &Outer,
        name: &Val,
        condition: Option<Val>,
    ) -> Result<()> {
        let Some(template) = node.path(&["properties", "template"]) else {
            tracing::debug!("skipping a deployment without an inline template");
            return Ok(());
        };
        if outer.nesting >= MAX_NESTED {
            return Err(EvalError::new(
                node.loc,
                format!("deployments nest deeper than {MAX_NESTED} levels"),
                "flatten the nested deployments",
            ));
        }
        let evaluator = Evaluator::new(context, &outer.copies);
        let deployment = self.deployment(node, context, &evaluator, outer, name)?;
        let inner_scope = node
            .path(&["properties", "expressionEvaluationOptions", "scope"])
            .and_then(Node::as_str)
            .is_some_and(|s| s.eq_ignore_ascii_case("inner"));
        let resources = template.get("resources").unwrap_or(template);
        let inner = Outer {
            parent: None,
            condition,
            nesting: outer.nesting + 1,
            group: Some(deployment.group_name.clone()),
            ..outer.clone()
        };
        if !inner_scope {
            return self.expand(resources, context, &inner);
        }
        let mut given = HashMap::new();
        for (key, entry) in node
            .path(&["properties", "parameters"])
            .map_or(&[][..], Node::members)
        {
            let value = match entry.get("value") {
                Some(value) => evaluator.node(value, outer.depth)?,
                None => {
                    let rendering = format!("parameters('{}')", key.value);
                    Val::new(Value::Unknown(rendering), entry.loc)
                }
            };
            given.insert(key.value.to_ascii_lowercase(), value);
        }
        let scope = Context::new(template, given, deployment, self.budget);
        let inner = Outer {
            copies: Copies::default(),
            ..inner
        };
        self.expand(resources, &scope, &inner)
    }

    /// Returns where a nested deployment deploys: its `resourceGroup`, or its parent's.
    fn deployment(
        &self,
        node: &Node,
        context: &Context,
        evaluator: &Evaluator,
        outer: &Outer,
        name: &Val,
    ) -> Result<Deployment> {
        let mut deployment = context.deployment.clone();
        deployment.name = name.value.clone();
        if let Some(group) = node.get("resourceGroup") {
            let group = evaluator.node(group, outer.depth)?.value;
            if group != deployment.group_name {
                deployment.group_location = match &self.location {
                    Some(location) => Value::Str(location.clone()),
                    None => Value::Unknown(format!(
                        "resourceGroup({}).location",
                        super::render::render(&group)
                    )),
                };
                deployment.group_name = group;
            }
        }
        if let Some(subscription) = node.get("subscriptionId") {
            deployment.subscription_id = evaluator.node(subscription, outer.depth)?.value;
        }
        Ok(deployment)
    }
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
