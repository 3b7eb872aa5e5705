//! Reading the JSON of a plan: resource changes and resource instances,
//! with errors that point at the malformed node.

use std::collections::HashMap;
use std::path::Path;

use crate::import::tree::{Node, Value};
use crate::load::LoadError;

use super::plan::{block_of, Res};
use crate::source::Loc;

/// Reports malformed plan JSON at the node that is wrong.
pub struct Errors<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl Errors<'_> {
    pub fn at(&self, node: &Node, message: &str, help: &str) -> LoadError {
        self.at_loc(node.loc, message, help)
    }

    pub fn at_loc(&self, loc: Loc, message: &str, help: &str) -> LoadError {
        LoadError::at(self.path, self.text, loc, message.into(), help.into())
    }
}

pub const HELP: &str = "pass the output of `terraform show -json PLANFILE` unchanged";

/// The change that `resource_changes` records for one resource instance.
#[derive(Clone, Copy, Default)]
pub struct Change<'a> {
    pub after_unknown: Option<&'a Node>,
    /// The actions are exactly `["delete"]`.
    pub deleted: bool,
    /// The actions are `["read"]`: a data source read at apply.
    pub deferred: bool,
}

pub fn changes<'a>(
    root: &'a Node,
    errors: &Errors,
) -> Result<HashMap<&'a str, Change<'a>>, LoadError> {
    let mut found = HashMap::new();
    for change in list(root, "resource_changes", errors)? {
        let Some(address) = change.get("address") else {
            return Err(errors.at(change, "resource change has no `address`", HELP));
        };
        let address = text(address, "resource change `address` is not a string", errors)?;
        let actions = change
            .path(&["change", "actions"])
            .map(Node::items)
            .unwrap_or_default();
        let only = |action: &str| matches!(actions, [one] if one.as_str() == Some(action));
        found.insert(
            address,
            Change {
                after_unknown: change.path(&["change", "after_unknown"]),
                deleted: only("delete"),
                deferred: only("read"),
            },
        );
    }
    Ok(found)
}

pub fn resource<'a>(
    node: &'a Node,
    module: &str,
    config: Option<&'a Node>,
    changes: &HashMap<&'a str, Change<'a>>,
    errors: &Errors,
) -> Result<Res<'a>, LoadError> {
    let field = |key: &str| {
        node.get(key)
            .ok_or_else(|| errors.at(node, &format!("resource has no `{key}`"), HELP))
    };
    let address_node = field("address")?;
    let address = text(address_node, "resource `address` is not a string", errors)?;
    let kind = text(field("type")?, "resource `type` is not a string", errors)?;
    let values = field("values")?;
    if !matches!(values.value, Value::Object(_)) {
        return Err(errors.at(values, "resource `values` is not an object", HELP));
    }
    let managed = node.get("mode").and_then(Node::as_str) != Some("data");
    let change = changes.get(address).copied().unwrap_or_default();
    let mut res = Res {
        address,
        address_loc: address_node.loc,
        module: module.to_string(),
        managed,
        prior: false,
        deleted: change.deleted,
        deferred: change.deferred,
        kind,
        index: node.get("index").filter(|i| !i.is_null()),
        values,
        unknown: change.after_unknown,
        config: None,
    };
    let block = block_of(&res);
    res.config = config
        .and_then(|c| c.get("resources"))
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .find(|r| r.get("address").and_then(Node::as_str) == Some(block.as_str()))
        .and_then(|r| r.get("expressions"));
    Ok(res)
}

pub fn text<'a>(node: &'a Node, message: &str, errors: &Errors) -> Result<&'a str, LoadError> {
    node.as_str().ok_or_else(|| errors.at(node, message, HELP))
}

/// Returns the list at `key` of an object: empty when the key is missing or
/// null, and an error when it is anything but a list.
pub fn list<'a>(node: &'a Node, key: &str, errors: &Errors) -> Result<&'a [Node], LoadError> {
    match node.get(key) {
        None => Ok(&[]),
        Some(found) if found.is_null() => Ok(&[]),
        Some(found) => match &found.value {
            Value::Array(items) => Ok(items),
            _ => Err(errors.at(found, &format!("`{key}` is not a list"), HELP)),
        },
    }
}

/// Returns the object at `key` of an object, when the key is there and not null.
pub fn object<'a>(
    node: &'a Node,
    key: &str,
    errors: &Errors,
) -> Result<Option<&'a Node>, LoadError> {
    match node.get(key) {
        None => Ok(None),
        Some(found) if found.is_null() => Ok(None),
        Some(found) => match found.value {
            Value::Object(_) => Ok(Some(found)),
            _ => Err(errors.at(found, &format!("`{key}` is not an object"), HELP)),
        },
    }
}
