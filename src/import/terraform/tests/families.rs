//! Route tables, AKS with its inference attachment, Synapse with its Azure
//! ML linked service, and references through module outputs.

use super::build::{plan, references, res, text_at, Spec};
use super::import;
use crate::model::{NetworkPlugin, NextHop};

const ACCOUNT: &str =
    "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sta";
const VAULT: &str = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv";

fn vnet(key: &str, space: &str) -> Spec {
    let values =
        format!(r#"{{"name": "vnet-{key}", "location": "eastus", "address_space": ["{space}"]}}"#);
    res(&format!("azurerm_virtual_network.{key}"), &values).unknown(r#"{"id": true}"#)
}

fn subnet(key: &str, vnet: &str, name: &str, prefix: &str) -> Spec {
    let values = format!(
        r#"{{"name": "{name}", "virtual_network_name": "vnet-{vnet}", "address_prefixes": ["{prefix}"]}}"#
    );
    res(&format!("azurerm_subnet.{key}"), &values).unknown(r#"{"id": true}"#)
}

fn route_plan() -> String {
    let firewall = res(
        "azurerm_firewall.hub",
        r#"{"name": "afw-hub", "ip_configuration": [{"name": "c"}]}"#,
    )
    .unknown(
        r#"{"id": true, "ip_configuration": [{"private_ip_address": true, "subnet_id": true}]}"#,
    )
    .config(&format!(
        r#"{{"ip_configuration": [{{"subnet_id": {}}}]}}"#,
        references("azurerm_subnet.fw.id")
    ));
    let table = res(
        "azurerm_route_table.rt",
        r#"{"name": "rt-work", "resource_group_name": "rg", "route": [
            {"name": "default", "address_prefix": "0.0.0.0/0", "next_hop_type": "VirtualAppliance", "next_hop_in_ip_address": null}]}"#,
    )
    .unknown(r#"{"id": true, "route": [{"next_hop_in_ip_address": true}]}"#)
    .config(&format!(
        r#"{{"route": [{{"next_hop_in_ip_address": {}}}]}}"#,
        references("azurerm_firewall.hub.ip_configuration[0].private_ip_address")
    ));
    let by_name = res(
        "azurerm_route.onprem",
        r#"{"name": "onprem", "resource_group_name": "rg", "route_table_name": "rt-work",
            "address_prefix": "192.168.0.0/16", "next_hop_type": "VirtualNetworkGateway"}"#,
    );
    let by_reference = res(
        "azurerm_route.nva",
        r#"{"name": "nva", "resource_group_name": "rg", "address_prefix": "10.50.0.0/16",
            "next_hop_type": "VirtualAppliance", "next_hop_in_ip_address": "10.0.0.4"}"#,
    )
    .unknown(r#"{"route_table_name": true}"#)
    .config(&format!(
        r#"{{"route_table_name": {}}}"#,
        references("azurerm_route_table.rt.name")
    ));
    let association = res("azurerm_subnet_route_table_association.work", "{}")
        .unknown(r#"{"subnet_id": true, "route_table_id": true}"#)
        .config(&format!(
            r#"{{"subnet_id": {}, "route_table_id": {}}}"#,
            references("azurerm_subnet.work.id"),
            references("azurerm_route_table.rt.id")
        ));
    let planned = [
        vnet("hub", "10.0.0.0/16"),
        subnet("fw", "hub", "AzureFirewallSubnet", "10.0.0.0/26"),
        subnet("work", "hub", "snet-work", "10.0.1.0/24"),
        firewall,
        table,
        by_name,
        by_reference,
        association,
    ];
    plan(&planned, &[])
}

#[test]
fn route_table_reaches_associated_subnet() {
    let imported = import(&route_plan());
    let subnets = &imported.file.vnets[0].subnets;
    let firewall_subnet = subnets
        .iter()
        .find(|s| s.name.value == "AzureFirewallSubnet");
    assert!(firewall_subnet.unwrap().route_table.is_empty());
    let work = subnets
        .iter()
        .find(|s| s.name.value == "snet-work")
        .unwrap();
    let routes: Vec<(&str, &NextHop)> = work
        .route_table
        .iter()
        .map(|r| (r.address_prefix.value.as_str(), &r.next_hop.value))
        .collect();
    assert_eq!(
        routes,
        [
            ("0.0.0.0/0", &NextHop::VirtualAppliance("afw-hub".into())),
            ("192.168.0.0/16", &NextHop::VirtualNetworkGateway),
            (
                "10.50.0.0/16",
                &NextHop::VirtualAppliance("10.0.0.4".into())
            ),
        ]
    );
    // The firewall's own address is unknown, so the route names the firewall instead.
    let fields: Vec<&str> = imported.unknowns.iter().map(|u| u.field.as_str()).collect();
    assert_eq!(fields, ["private_ip"]);
}

fn workspace() -> Spec {
    let values = format!(
        r#"{{"name": "mlw-a", "location": "eastus", "storage_account_id": "{ACCOUNT}", "key_vault_id": "{VAULT}"}}"#
    );
    res("azurerm_machine_learning_workspace.mlw", &values).unknown(r#"{"id": true}"#)
}

#[test]
fn inference_cluster_attaches_aks() {
    let aks = res(
        "azurerm_kubernetes_cluster.aks",
        r#"{"name": "aks-a", "location": "eastus", "private_cluster_enabled": true,
            "default_node_pool": [{"name": "default", "node_count": 3, "max_pods": 30}],
            "network_profile": [{"network_plugin": "azure", "service_cidr": "10.200.0.0/16", "dns_service_ip": "10.200.0.10"}]}"#,
    )
    .unknown(r#"{"id": true, "default_node_pool": [{"vnet_subnet_id": true}]}"#)
    .config(&format!(
        r#"{{"default_node_pool": [{{"vnet_subnet_id": {}}}]}}"#,
        references("azurerm_subnet.aks.id")
    ));
    let attachment = res(
        "azurerm_machine_learning_inference_cluster.inf",
        r#"{"name": "inf"}"#,
    )
    .unknown(r#"{"kubernetes_cluster_id": true, "machine_learning_workspace_id": true}"#)
    .config(&format!(
        r#"{{"kubernetes_cluster_id": {}, "machine_learning_workspace_id": {}}}"#,
        references("azurerm_kubernetes_cluster.aks.id"),
        references("azurerm_machine_learning_workspace.mlw.id")
    ));
    let planned = [
        vnet("hub", "10.0.0.0/16"),
        subnet("aks", "hub", "snet-aks", "10.0.4.0/22"),
        workspace(),
        aks,
        attachment,
    ];
    let imported = import(&plan(&planned, &[]));

    let aks = &imported.file.kubernetes_clusters[0];
    assert_eq!(aks.subnet.value, "vnet-hub/snet-aks");
    assert_eq!(
        aks.attached_to.as_ref().map(|w| w.value.as_str()),
        Some("mlw-a")
    );
    assert_eq!(
        aks.network_plugin.as_ref().map(|p| p.value),
        Some(NetworkPlugin::Azure)
    );
    assert_eq!(aks.node_count.as_ref().map(|n| n.value), Some(3));
    assert_eq!(aks.max_pods.as_ref().map(|n| n.value), Some(30));
    assert_eq!(aks.private_cluster.as_ref().map(|p| p.value), Some(true));
    assert_eq!(aks.service_cidr.as_ref().unwrap().value, "10.200.0.0/16");
    assert!(imported.unknowns.is_empty(), "{:?}", imported.unknowns);
}

#[test]
fn synapse_links_azure_ml_service_only() {
    let synapse = res(
        "azurerm_synapse_workspace.syn",
        r#"{"name": "syn-a", "location": "eastus", "managed_virtual_network_enabled": true,
            "data_exfiltration_protection_enabled": false}"#,
    )
    .unknown(r#"{"id": true}"#);
    let linked = |key: &str, kind: &str, properties: &str| {
        let values = format!(
            r#"{{"name": "{key}", "type": "{kind}", "type_properties_json": {}}}"#,
            serde_json::to_string(properties).unwrap()
        );
        res(&format!("azurerm_synapse_linked_service.{key}"), &values)
            .unknown(r#"{"synapse_workspace_id": true}"#)
            .config(&format!(
                r#"{{"synapse_workspace_id": {}}}"#,
                references("azurerm_synapse_workspace.syn.id")
            ))
    };
    let planned = [
        workspace(),
        synapse,
        linked(
            "ml",
            "AzureMLService",
            r#"{"subscriptionId": "0", "resourceGroupName": "rg", "mlWorkspaceName": "mlw-a"}"#,
        ),
        linked("blob", "AzureBlobStorage", r#"{"connectionString": "x"}"#),
    ];
    let text = plan(&planned, &[]);
    let imported = import(&text);

    let synapse = &imported.file.synapse_workspaces[0];
    let linked: Vec<&str> = synapse
        .linked_workspaces
        .iter()
        .map(|w| w.value.as_str())
        .collect();
    assert_eq!(linked, ["mlw-a"]);
    assert!(text_at(&text, synapse.linked_workspaces[0].loc).contains("mlWorkspaceName"));
    assert_eq!(synapse.managed_vnet.as_ref().map(|m| m.value), Some(true));
    assert_eq!(
        synapse
            .data_exfiltration_protection
            .as_ref()
            .map(|d| d.value),
        Some(false)
    );
}

/// A root private endpoint whose `subnet_id` is output `subnet_id` of module `net`.
const MODULE_PLAN: &str = r#"{"format_version": "1.2", "terraform_version": "1.9.8",
  "planned_values": {"root_module": {
    "resources": [
      {"address": "azurerm_private_endpoint.blob", "mode": "managed", "type": "azurerm_private_endpoint", "name": "blob",
       "values": {"name": "pe-blob", "private_service_connection": [{"subresource_names": ["blob"],
         "private_connection_resource_id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sta"}]}}],
    "child_modules": [{"address": "module.net", "resources": [
      {"address": "module.net.azurerm_virtual_network.this", "mode": "managed", "type": "azurerm_virtual_network", "name": "this",
       "values": {"name": "vnet-net", "address_space": ["10.8.0.0/16"]}},
      {"address": "module.net.azurerm_subnet.pe", "mode": "managed", "type": "azurerm_subnet", "name": "pe",
       "values": {"name": "snet-pe", "virtual_network_name": "vnet-net", "address_prefixes": ["10.8.1.0/24"]}}]}]}},
  "resource_changes": [
    {"address": "azurerm_private_endpoint.blob", "change": {"actions": ["create"], "after_unknown": {"id": true, "subnet_id": true}}},
    {"address": "module.net.azurerm_subnet.pe", "change": {"actions": ["create"], "after_unknown": {"id": true}}}],
  "configuration": {"root_module": {
    "resources": [
      {"address": "azurerm_private_endpoint.blob", "mode": "managed", "type": "azurerm_private_endpoint", "name": "blob",
       "expressions": {"subnet_id": {"references": ["module.net.subnet_id", "module.net"]}}}],
    "module_calls": {"net": {"source": "./net", "module": {
      "outputs": {"subnet_id": {"expression": {"references": ["azurerm_subnet.pe.id", "azurerm_subnet.pe"]}}},
      "resources": [
        {"address": "azurerm_subnet.pe", "mode": "managed", "type": "azurerm_subnet", "name": "pe", "expressions": {}}]}}}}}}"#;

#[test]
fn module_output_names_subnet() {
    let imported = import(MODULE_PLAN);
    let endpoint = &imported.file.private_endpoints[0];
    assert_eq!(endpoint.subnet.value, "vnet-net/snet-pe");
    assert_eq!(
        text_at(MODULE_PLAN, endpoint.subnet.loc),
        "\"module.net.subnet_id\""
    );
    assert!(imported.unknowns.is_empty(), "{:?}", imported.unknowns);
}
