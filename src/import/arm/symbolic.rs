//! Resource lists: the array of classic templates, and the object of
//! templates with symbolic names (`languageVersion` 2.0, which Bicep writes
//! for some features), whose keys are the names that Bicep code uses.
//!
//! A symbolic name only matters to `dependsOn` and to `reference`, whose
//! values are unknown anyway, so each resource reads the same either way. A
//! resource marked `existing` is deployed elsewhere: the template only reads
//! it, as a classic template reads a resource it does not declare, so it is
//! not part of the design.

use super::eval::{EvalError, Result};
use crate::import::tree::{Node, Value as JsonValue};

/// Returns true when a template may key its resources by symbolic name.
pub fn declares_names(template: &Node) -> bool {
    template.get("languageVersion").is_some()
}

/// Returns the resource declarations of a `resources` member, in order,
/// without the `existing` ones.
pub fn resource_nodes(list: &Node, symbolic: bool) -> Result<Vec<&Node>> {
    let nodes: Vec<&Node> =
        match &list.value {
            JsonValue::Array(items) => items.iter().collect(),
            JsonValue::Object(members) if symbolic => members.iter().map(|(_, n)| n).collect(),
            JsonValue::Object(_) => return Err(EvalError::new(
                list.loc,
                "`resources` is an object, which only templates with a `languageVersion` may use",
                "write `resources` as an array, or declare `\"languageVersion\": \"2.0\"` \
                 as `az bicep build` does for symbolic names",
            )),
            other => {
                return Err(EvalError::new(
                    list.loc,
                    format!("`resources` is {}, not an array", json_type(other)),
                    "write `resources` as an array of resources",
                ))
            }
        };
    Ok(nodes
        .into_iter()
        .filter(|node| node.get("existing").and_then(Node::as_bool) != Some(true))
        .collect())
}

fn json_type(value: &JsonValue) -> &'static str {
    match value {
        JsonValue::Null => "null",
        JsonValue::Bool(_) => "a bool",
        JsonValue::Number(_) => "a number",
        JsonValue::String(_) => "a string",
        JsonValue::Array(_) => "an array",
        JsonValue::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Node {
        serde_saphyr::from_str(text).expect("valid JSON")
    }

    #[test]
    fn symbolic_resources_read_in_order_without_existing_ones() {
        let list = parse(
            r#"{"b": {"name": "b"}, "old": {"name": "x", "existing": true}, "a": {"name": "a"}}"#,
        );
        let names: Vec<_> = resource_nodes(&list, true)
            .expect("reads")
            .iter()
            .filter_map(|n| n.get("name").and_then(Node::as_str))
            .collect();
        assert_eq!(names, ["b", "a"]);
    }

    #[test]
    fn other_shapes_fail() {
        let object = parse(r#"{"a": {"name": "a"}}"#);
        let message = resource_nodes(&object, false).expect_err("fails").message;
        assert!(message.contains("languageVersion"), "{message}");
        let text = parse(r#""vnet""#);
        let message = resource_nodes(&text, false).expect_err("fails").message;
        assert_eq!(message, "`resources` is a string, not an array");
    }
}
