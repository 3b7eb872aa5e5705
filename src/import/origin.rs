//! The origin of a location in an imported input: the Terraform address or ARM
//! resource that contains it, and a JSON pointer to the attribute.
//!
//! A plan is often one long line, so file, line and column alone do not tell
//! a reader which resource a finding is about. Reporters add this origin to
//! every finding whose location is in a plan or template.

use super::tree::{Node, Value};
use crate::source::Loc;

/// The resource and attribute that a location in an imported input falls in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// Terraform address (`module.spoke["001"].azurerm_subnet.pe`) or ARM
    /// resource name as the template writes it, when the location is inside a resource.
    pub resource: Option<String>,
    /// JSON pointer (RFC 6901) to the innermost value that contains the location.
    pub pointer: String,
}

/// Finds the origin of `loc` in the tree of its file.
pub fn locate(root: &Node, loc: Loc) -> Origin {
    let mut pointer = String::new();
    let mut resource = None;
    let mut node = root;
    loop {
        if let Some(name) = resource_name(node) {
            resource = Some(name);
        }
        let Some((token, child)) = child_holding(node, loc) else {
            break;
        };
        pointer.push('/');
        pointer.push_str(&escape(&token));
        node = child;
    }
    Origin { resource, pointer }
}

/// Returns the member or element that contains `loc`.
///
/// The parser gives an object or array the span of its opening bracket only,
/// so a child is taken to run from its start to the next child's start: the
/// last child that starts at or before `loc` contains it.
fn child_holding(node: &Node, loc: Loc) -> Option<(String, &Node)> {
    match &node.value {
        Value::Object(members) => members
            .iter()
            .take_while(|(key, _)| key.loc.offset <= loc.offset)
            .last()
            .map(|(key, value)| (key.value.clone(), value)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .take_while(|(_, item)| item.loc.offset <= loc.offset)
            .last()
            .map(|(i, item)| (i.to_string(), item)),
        _ => None,
    }
}

/// Returns the name of a resource object: a Terraform `address`, or an ARM
/// resource's `name` next to its `type`.
fn resource_name(node: &Node) -> Option<String> {
    let Value::Object(_) = node.value else {
        return None;
    };
    if let (Some(address), Some(_)) = (node.get("address"), node.get("type")) {
        return address.as_str().map(str::to_string);
    }
    match (node.get("type"), node.get("name"), node.get("apiVersion")) {
        (Some(_), Some(name), Some(_)) => name.as_str().map(str::to_string),
        _ => None,
    }
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Node {
        serde_saphyr::from_str(text).expect("valid document")
    }

    fn loc_of(text: &str, needle: &str) -> Loc {
        Loc {
            file: Default::default(),
            offset: text.find(needle).expect("needle in text"),
            len: needle.len(),
        }
    }

    #[test]
    fn terraform_values_get_their_address() {
        let text = r#"{"planned_values":{"root_module":{"child_modules":[{"resources":[
            {"address":"module.spoke[\"001\"].azurerm_subnet.pe","type":"azurerm_subnet",
             "values":{"name":"snet-pe","address_prefixes":["10.1.0.0/24"]}}]}]}}}"#;
        let origin = locate(&parse(text), loc_of(text, "\"10.1.0.0/24\""));
        assert_eq!(
            origin.resource.as_deref(),
            Some("module.spoke[\"001\"].azurerm_subnet.pe")
        );
        assert_eq!(
            origin.pointer,
            "/planned_values/root_module/child_modules/0/resources/0/values/address_prefixes/0"
        );
    }

    #[test]
    fn arm_values_get_the_resource_name() {
        let text = r#"{"resources":[{"type":"Microsoft.Network/virtualNetworks","apiVersion":"2023-09-01",
            "name":"[parameters('vnetName')]","properties":{"addressSpace":{"addressPrefixes":["10.0.0.0/16"]}}}]}"#;
        let origin = locate(&parse(text), loc_of(text, "\"10.0.0.0/16\""));
        assert_eq!(origin.resource.as_deref(), Some("[parameters('vnetName')]"));
        assert_eq!(
            origin.pointer,
            "/resources/0/properties/addressSpace/addressPrefixes/0"
        );
    }

    #[test]
    fn keys_with_slashes_are_escaped() {
        let text = r#"{"a/b":{"c~d":1}}"#;
        let origin = locate(&parse(text), loc_of(text, "1"));
        assert_eq!(origin.pointer, "/a~1b/c~0d");
        assert_eq!(origin.resource, None);
    }
}
