//! Route tables and their routes.

use super::{import, spanned, template, unknown_fields};
use crate::model::NextHop;

/// A hub firewall whose private IP Azure assigns, and a spoke subnet whose
/// route table sends everything to it: one route inline, one a child resource.
const ROUTED: &str = r#"
  {"type": "Microsoft.Network/virtualNetworks", "name": "vnet-spoke",
   "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]},
    "subnets": [{"name": "snet-ml", "properties": {"addressPrefix": "10.1.0.0/24",
     "routeTable": {"id": "[resourceId('Microsoft.Network/routeTables', 'rt-spoke')]"}}}]}},
  {"type": "Microsoft.Network/routeTables", "name": "rt-spoke",
   "properties": {"routes": [{"name": "default", "properties": {
    "addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance",
    "nextHopIpAddress": "[reference(resourceId('Microsoft.Network/azureFirewalls', 'afw-hub')).ipConfigurations[0].properties.privateIPAddress]"}}]}},
  {"type": "Microsoft.Network/routeTables/routes", "name": "rt-spoke/azure-ml",
   "properties": {"addressPrefix": "AzureMachineLearning", "nextHopType": "Internet"}},
  {"type": "Microsoft.Network/azureFirewalls", "name": "afw-hub",
   "properties": {"ipConfigurations": [{"name": "ipconfig", "properties": {
    "subnet": {"id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-hub', 'AzureFirewallSubnet')]"}}}]}}"#;

#[test]
fn route_table_routes_join_subnet() {
    let text = template("{}", ROUTED);
    let imported = import(&text, None);
    let routes = &imported.file.vnets[0].subnets[0].route_table;
    assert_eq!(routes.len(), 2);
    assert_eq!(routes[0].address_prefix.value, "0.0.0.0/0");
    assert_eq!(routes[1].address_prefix.value, "AzureMachineLearning");
    assert_eq!(routes[1].next_hop.value, NextHop::Internet);
    assert_eq!(spanned(&text, routes[1].next_hop.loc), r#""Internet""#);
}

#[test]
fn firewall_route_uses_ip_symbol() {
    let imported = import(&template("{}", ROUTED), None);
    let firewall_ip = &imported.file.firewalls[0].private_ip.value;
    let route = &imported.file.vnets[0].subnets[0].route_table[0];
    assert_eq!(
        route.next_hop.value,
        NextHop::VirtualAppliance(firewall_ip.clone())
    );
    assert_eq!(
        unknown_fields(&imported, "vnet-spoke/snet-ml"),
        ["route_table"]
    );
}

#[test]
fn missing_route_table_gives_no_routes() {
    let resources = ROUTED.replace("'rt-spoke')]", "'rt-elsewhere')]");
    let imported = import(&template("{}", &resources), None);
    assert!(imported.file.vnets[0].subnets[0].route_table.is_empty());
}

#[test]
fn appliance_route_without_ip_fails() {
    let resources = ROUTED.replace(
        r#""nextHopType": "Internet""#,
        r#""nextHopType": "VirtualAppliance""#,
    );
    let message = super::import_error(&template("{}", &resources));
    assert!(message.contains("has no `nextHopIpAddress`"), "{message}");
}
