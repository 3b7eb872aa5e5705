//! Imports of small inline plans, one resource family at a time.

mod build;
mod existing;
mod families;
mod malformed;
mod resolvers;

use std::path::Path;

use crate::import::tree::Node;
use crate::import::{Imported, Input};
use crate::model::unknown::{describe, is_unknown};
use crate::model::{EndpointPolicies, VmRole};
use crate::source::FileId;

pub fn import(text: &str) -> Imported {
    let root: Node = serde_saphyr::from_str(text).expect("valid JSON");
    let input = Input {
        path: Path::new("plan.json"),
        text,
        file: FileId(0),
        root: &root,
    };
    super::read(&input).expect("plan imports")
}

/// Builds a plan with one root resource: its type, values, `after_unknown` and expressions.
fn one(kind: &str, values: &str, unknown: &str, expressions: &str) -> String {
    format!(
        r#"{{"format_version": "1.2", "terraform_version": "1.9.8",
  "planned_values": {{"root_module": {{"resources": [
    {{"address": "{kind}.x", "mode": "managed", "type": "{kind}", "name": "x", "values": {values}}}]}}}},
  "resource_changes": [{{"address": "{kind}.x", "change": {{"after_unknown": {unknown}}}}}],
  "configuration": {{"root_module": {{"resources": [
    {{"address": "{kind}.x", "mode": "managed", "type": "{kind}", "name": "x", "expressions": {expressions}}}]}}}}}}"#
    )
}

const VNET: &str = r#"{"address": "azurerm_virtual_network.v", "mode": "managed", "type": "azurerm_virtual_network", "name": "v", "values": {"name": "vnet-a", "address_space": ["10.0.0.0/16"], "location": "eastus"}}"#;

fn subnet_policy(values: &str) -> Option<EndpointPolicies> {
    let text = format!(
        r#"{{"format_version": "0.1", "terraform_version": "0.13.5", "planned_values": {{"root_module": {{"resources": [{VNET},
  {{"address": "azurerm_subnet.s", "mode": "managed", "type": "azurerm_subnet", "name": "s",
    "values": {{"name": "snet", "virtual_network_name": "vnet-a", "address_prefixes": ["10.0.1.0/24"], {values}}}}}]}}}}}}"#
    );
    let imported = import(&text);
    let subnet = &imported.file.vnets[0].subnets[0];
    subnet
        .private_endpoint_network_policies
        .as_ref()
        .map(|p| p.value)
}

#[test]
fn subnet_policies_read_each_provider_version() {
    let cases = [
        (
            r#""private_endpoint_network_policies": "NetworkSecurityGroupEnabled""#,
            EndpointPolicies::NetworkSecurityGroupEnabled,
        ),
        (
            r#""private_endpoint_network_policies_enabled": true"#,
            EndpointPolicies::Enabled,
        ),
        (
            r#""private_endpoint_network_policies_enabled": false"#,
            EndpointPolicies::Disabled,
        ),
        (
            r#""enforce_private_link_endpoint_network_policies": true"#,
            EndpointPolicies::Disabled,
        ),
        (
            r#""enforce_private_link_endpoint_network_policies": false"#,
            EndpointPolicies::Enabled,
        ),
    ];
    for (values, want) in cases {
        assert_eq!(subnet_policy(values), Some(want), "{values}");
    }
}

#[test]
fn unknown_firewall_ip_is_symbol() {
    let text = std::fs::read_to_string("tests/import/hub-and-spoke/plan.json").unwrap();
    let imported = import(&text);
    let firewall = &imported.file.firewalls[0];
    let symbol = "azurerm_firewall.hub.ip_configuration[0].private_ip_address";
    assert!(is_unknown(&firewall.private_ip.value));
    assert_eq!(describe(&firewall.private_ip.value), symbol);
    let unknown = &imported.unknowns[0];
    assert_eq!(imported.unknowns.len(), 1);
    assert_eq!(unknown.resource, "afw-hub");
    assert_eq!(unknown.field, "private_ip");
    assert_eq!(firewall.subnet.value, "vnet-hub/AzureFirewallSubnet");
}

#[test]
fn module_inputs_resolve_zone_ids() {
    let text = std::fs::read_to_string("tests/import/hub-and-spoke/plan.json").unwrap();
    let imported = import(&text);
    let endpoint = imported
        .file
        .private_endpoints
        .iter()
        .find(|p| p.name.value == "pe-mlw-prj002")
        .unwrap();
    let zones: Vec<&str> = endpoint
        .dns_zones
        .iter()
        .map(|z| z.value.as_str())
        .collect();
    assert_eq!(
        zones,
        [
            "privatelink.api.azureml.ms",
            "privatelink.notebooks.azure.net"
        ]
    );
    assert_eq!(endpoint.subnet.value, "vnet-prj002/snet-pe");
    assert_eq!(endpoint.target.value, "mlw-prj002");
    let spoke_to_hub = imported
        .file
        .peerings
        .iter()
        .find(|p| p.from.value == "vnet-prj001")
        .unwrap();
    assert_eq!(spoke_to_hub.to.value, "vnet-hub");
}

#[test]
fn for_each_index_picks_subnet() {
    let text = std::fs::read_to_string("tests/import/hub-and-spoke/plan.json").unwrap();
    let imported = import(&text);
    let gateway = &imported.file.gateways[0];
    assert_eq!(gateway.vnet.value, "vnet-hub");
    let resolver = &imported.file.dns_resolvers[0];
    assert_eq!(resolver.inbound_subnet.value, "vnet-hub/snet-dns-inbound");
    let vm = &imported.file.virtual_machines[0];
    assert_eq!(vm.subnet.value, "vnet-hub/snet-jumpbox");
    assert_eq!(vm.role.as_ref().map(|r| r.value), Some(VmRole::JumpBox));
}

#[test]
fn unknown_reference_without_target_is_symbol() {
    let text = one(
        "azurerm_private_endpoint",
        r#"{"name": "pe-a", "private_service_connection": [{"subresource_names": ["blob"], "private_connection_resource_id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sta"}]}"#,
        r#"{"subnet_id": true}"#,
        r#"{"subnet_id": {"references": ["var.subnet_id"]}}"#,
    );
    let imported = import(&text);
    let endpoint = &imported.file.private_endpoints[0];
    assert_eq!(endpoint.target.value, "sta");
    assert_eq!(
        describe(&endpoint.subnet.value),
        "azurerm_private_endpoint.x.subnet_id"
    );
    assert_eq!(imported.unknowns[0].field, "subnet");
    assert_eq!(
        imported.unknowns[0].reason,
        "`azurerm_private_endpoint.x.subnet_id` is known only after apply"
    );
}

#[test]
fn unconfigured_computed_value_is_default() {
    let text = one(
        "azurerm_virtual_network",
        r#"{"name": "vnet-a", "address_space": ["10.0.0.0/16"]}"#,
        r#"{"dns_servers": true}"#,
        r#"{"name": {"constant_value": "vnet-a"}}"#,
    );
    let imported = import(&text);
    assert!(imported.file.vnets[0].dns_servers.is_empty());
    assert!(imported.unknowns.is_empty());
}

#[test]
fn unknown_flag_is_unset_and_recorded() {
    let text = one(
        "azurerm_storage_account",
        r#"{"name": "sta"}"#,
        r#"{"public_network_access_enabled": true}"#,
        r#"{"public_network_access_enabled": {"references": ["var.public"]}}"#,
    );
    let imported = import(&text);
    assert!(imported.file.storage_accounts[0]
        .public_network_access
        .is_none());
    assert_eq!(imported.unknowns[0].field, "public_network_access");
}

#[test]
fn dns_forwarders_come_from_tag() {
    let text = r#"{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
  {"address": "azurerm_virtual_network.v", "mode": "managed", "type": "azurerm_virtual_network", "name": "v", "values": {"name": "vnet-a", "address_space": ["10.0.0.0/16"], "subnet": [{"name": "snet", "address_prefixes": ["10.0.1.0/24"]}]}},
  {"address": "azurerm_network_interface.n", "mode": "managed", "type": "azurerm_network_interface", "name": "n", "values": {"id": "/nic/1", "name": "nic", "ip_configuration": [{"private_ip_address": "10.0.1.10", "subnet_id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-a/subnets/snet"}]}},
  {"address": "azurerm_linux_virtual_machine.d", "mode": "managed", "type": "azurerm_linux_virtual_machine", "name": "d", "values": {"name": "vm-dns", "network_interface_ids": ["/nic/1"], "tags": {"vnetlint-role": "dns_server", "vnetlint-dns-forwarders": "corp.example=192.168.0.4,.=168.63.129.16"}}}]}}}"#;
    let imported = import(text);
    let vm = &imported.file.virtual_machines[0];
    assert_eq!(vm.subnet.value, "vnet-a/snet");
    assert_eq!(
        vm.private_ip.as_ref().map(|ip| ip.value.as_str()),
        Some("10.0.1.10")
    );
    let zones: Vec<&str> = vm
        .dns_forwarders
        .iter()
        .map(|f| f.zone.value.as_str())
        .collect();
    assert_eq!(zones, ["corp.example", "."]);
    assert_eq!(vm.dns_forwarders[1].to.value, "168.63.129.16");
}

#[test]
fn resource_without_values_is_load_error() {
    let text = r#"{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{"address": "a.b", "type": "azurerm_subnet"}]}}}"#;
    let root: Node = serde_saphyr::from_str(text).unwrap();
    let input = Input {
        path: Path::new("plan.json"),
        text,
        file: FileId(0),
        root: &root,
    };
    let error = super::read(&input).unwrap_err();
    assert!(
        error.to_string().contains("resource has no `values`"),
        "{error}"
    );
    assert!(error.line_col().is_some());
}
