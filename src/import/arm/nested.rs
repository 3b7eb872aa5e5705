//! Nested deployments: an inline template, expanded in the scope of its
//! parent (`outer`) or in its own (`inner`), and linked templates, which
//! vnetlint cannot read.

use std::collections::HashMap;

use super::eval::{EvalError, Evaluator, Result};
use super::scope::{Context, Copies, Deployment};
use super::symbolic;
use super::template::{Expander, Outer};
use super::value::{Val, Value};
use crate::import::tree::Node;

/// Maximum nesting of deployments inside deployments.
const MAX_NESTED: usize = 16;

/// Fails on a deployment whose template is elsewhere: a `templateLink` to a
/// URI or a template spec. Its resources are part of the design, and leaving
/// them out in silence would check a smaller design than the one deployed.
fn linked(node: &Node, name: &Val) -> Result<()> {
    let name = super::render::display(&name.value);
    let link = node.path(&["properties", "templateLink"]);
    let (loc, what) = match link {
        Some(link) => (link.loc, "links its template"),
        None => (node.loc, "has no inline `template`"),
    };
    Err(EvalError::new(
        loc,
        format!("deployment `{name}` {what}, which vnetlint cannot read"),
        "inline the template in `properties.template` (Bicep modules compile that way), \
         or check the linked template as a file of its own",
    ))
}

impl Expander<'_> {
    /// Expands a nested deployment's inline template in its own scope.
    pub(super) fn nested(
        &mut self,
        node: &Node,
        context: &Context,
        outer: &Outer,
        name: &Val,
        condition: Option<Val>,
    ) -> Result<()> {
        let Some(template) = node.path(&["properties", "template"]) else {
            return linked(node, name);
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
        let Some(resources) = template.get("resources") else {
            return Err(EvalError::new(
                template.loc,
                "nested template has no `resources`",
                "give the nested template its `resources`, even an empty list",
            ));
        };
        let inner = Outer {
            parent: None,
            symbolic: symbolic::declares_names(template),
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
