//! Expansion of copy loops, conditions and nested deployments.

use super::{import, import_error};
use crate::model::unknown;

const LOOPED: &str = r#"{"parameters": {"n": {"type": "int", "defaultValue": 2}},
 "resources": [
  {"copy": {"name": "v", "count": "[parameters('n')]"}, "type": "Microsoft.Network/virtualNetworks",
   "name": "[format('vnet-{0}', copyIndex())]", "location": "[resourceGroup().location]",
   "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}},
  {"condition": false, "type": "Microsoft.Network/virtualNetworks", "name": "dropped",
   "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}}},
  {"condition": "[equals(resourceGroup().name, 'x')]", "type": "Microsoft.Network/virtualNetworks",
   "name": "maybe", "properties": {"addressSpace": {"addressPrefixes": ["10.2.0.0/16"]}}},
  {"type": "Microsoft.Resources/deployments", "name": "inner", "resourceGroup": "rg-dns",
   "properties": {"expressionEvaluationOptions": {"scope": "inner"},
    "parameters": {"zone": {"value": "privatelink.api.azureml.ms"}},
    "template": {"parameters": {"zone": {"type": "string"}},
     "resources": [{"type": "Microsoft.Network/privateDnsZones", "name": "[parameters('zone')]", "location": "global"}]}}}
 ]}"#;

#[test]
fn copy_conditions_and_nested_scope() {
    let imported = import(LOOPED, None);
    let names: Vec<&str> = imported
        .file
        .vnets
        .iter()
        .map(|v| v.name.value.as_str())
        .collect();
    assert_eq!(names, ["vnet-0", "vnet-1", "maybe"]);
    let region = imported.file.vnets[0].region.as_ref().unwrap();
    assert_eq!(unknown::describe(&region.value), "resourceGroup().location");
    assert!(imported
        .unknowns
        .iter()
        .any(|u| u.resource == "maybe" && u.field == "condition"));
    let zone = &imported.file.private_dns_zones[0];
    assert_eq!(zone.name.value, "privatelink.api.azureml.ms");
    assert_eq!(zone.resource_group.as_ref().unwrap().value, "rg-dns");
}

#[test]
fn location_option_sets_region() {
    let imported = import(LOOPED, Some("swedencentral"));
    let region = imported.file.vnets[0].region.as_ref().unwrap();
    assert_eq!(region.value, "swedencentral");
}

#[test]
fn unknown_condition_keeps_resource() {
    let text = r#"{"parameters": {"withHub": {"type": "bool"}}, "resources": [
      {"condition": "[parameters('withHub')]", "type": "Microsoft.Network/virtualNetworks",
       "name": "vnet-hub", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}},
       "resources": [{"type": "subnets", "name": "snet-dns",
        "properties": {"addressPrefix": "10.0.1.0/24"}}]},
      {"type": "Microsoft.Network/privateDnsZones", "name": "privatelink.api.azureml.ms",
       "resources": [{"condition": "[parameters('withHub')]", "type": "virtualNetworkLinks",
        "name": "hub", "properties": {"virtualNetwork": {"id": "[resourceId('Microsoft.Network/virtualNetworks', 'vnet-hub')]"}}}]}
    ]}"#;
    let imported = import(text, None);

    let vnet = &imported.file.vnets[0];
    assert_eq!(vnet.subnets[0].name.value, "snet-dns");

    let conditions: Vec<(&str, &str)> = imported
        .unknowns
        .iter()
        .filter(|u| u.field == "condition")
        .map(|u| (u.resource.as_str(), u.reason.as_str()))
        .collect();
    let reason =
        "deployment decides whether it is created: its condition is `parameters('withHub')`";
    assert_eq!(conditions, [("vnet-hub", reason)]);

    let condition = imported
        .unknowns
        .iter()
        .find(|u| u.field == "condition")
        .unwrap();
    assert_eq!(
        &text[condition.loc.offset..condition.loc.offset + condition.loc.len],
        r#""[parameters('withHub')]""#
    );

    // The zone link has an unknown condition of its own, which no unknown
    // value records yet: parts of a model resource have no condition.
    assert_eq!(imported.file.private_dns_zones[0].vnet_links.len(), 1);
}

#[test]
fn unknown_copy_count_leaves_the_loop_out() {
    let text = r#"{"parameters": {"n": {"type": "int"}}, "resources": [
      {"copy": {"name": "spokes", "count": "[parameters('n')]"}, "type": "Microsoft.Network/virtualNetworks",
       "name": "[format('vnet-{0}', copyIndex())]",
       "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}},
      {"type": "Microsoft.Network/virtualNetworks", "name": "vnet-hub",
       "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}}}
    ]}"#;
    let imported = import(text, None);
    assert_eq!(imported.file.vnets.len(), 1);
    let left_out = &imported.unknowns[0];
    assert_eq!(left_out.resource, "[format('vnet-{0}', copyIndex())]");
    assert_eq!(left_out.field, "copies");
    assert!(
        left_out.reason.contains("`parameters('n')`"),
        "{}",
        left_out.reason
    );
}

#[test]
fn symbolic_names_read_like_a_list() {
    let text = r#"{"languageVersion": "2.0", "resources": {
      "hub": {"type": "Microsoft.Network/virtualNetworks", "name": "vnet-hub",
       "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}}},
      "old": {"existing": true, "type": "Microsoft.Network/virtualNetworks", "name": "vnet-old"}
    }}"#;
    let imported = import(text, None);
    let names: Vec<&str> = imported
        .file
        .vnets
        .iter()
        .map(|v| v.name.value.as_str())
        .collect();
    assert_eq!(names, ["vnet-hub"]);
    let classic =
        r#"{"resources": {"hub": {"type": "Microsoft.Network/virtualNetworks", "name": "x"}}}"#;
    assert!(import_error(classic).contains("languageVersion"));
}

#[test]
fn linked_template_is_an_error() {
    let text = r#"{"resources": [{"type": "Microsoft.Resources/deployments", "name": "spoke",
      "properties": {"templateLink": {"uri": "https://example.invalid/t.json"}}}]}"#;
    let message = import_error(text);
    assert!(
        message.contains("deployment `spoke` links its template"),
        "{message}"
    );
}
