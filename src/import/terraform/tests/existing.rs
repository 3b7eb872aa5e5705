//! Networks that exist before the plan: data sources, resources only in
//! `prior_state`, and VNets that the plan names without holding.

use super::build::{plan, res, Spec};
use super::import;
use crate::engine::{check_text, Settings};
use crate::model::unknown::{describe, is_unknown};

const VNET_ID: &str =
    "/subscriptions/0/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub";

fn data_vnet() -> Spec {
    let values = format!(
        r#"{{"id": "{VNET_ID}", "name": "vnet-hub", "location": "eastus", "resource_group_name": "rg-hub",
            "address_space": ["10.0.0.0/16"], "dns_servers": [], "subnets": ["GatewaySubnet", "snet-pe"]}}"#
    );
    res("data.azurerm_virtual_network.hub", &values)
}

fn data_subnet() -> Spec {
    let values = format!(
        r#"{{"id": "{VNET_ID}/subnets/snet-pe", "name": "snet-pe", "virtual_network_name": "vnet-hub",
            "resource_group_name": "rg-hub", "address_prefixes": ["10.0.1.0/24"],
            "private_endpoint_network_policies": "Disabled", "service_endpoints": []}}"#
    );
    res("data.azurerm_subnet.pe", &values)
}

/// Builds a blob endpoint named `name`. Its `subnet_id` is `subnet` when that
/// starts with `/`, and otherwise references the resource `subnet`.
fn endpoint(address: &str, name: &str, subnet: &str) -> Spec {
    let connection = r#""private_service_connection": [{"subresource_names": ["blob"],
        "private_connection_resource_id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sta"}]"#;
    if subnet.starts_with('/') {
        let values = format!(
            r#"{{"name": "{name}", "location": "eastus", "subnet_id": "{subnet}", {connection}}}"#
        );
        return res(address, &values);
    }
    let values = format!(r#"{{"name": "{name}", "location": "eastus", {connection}}}"#);
    let expressions = format!(r#"{{"subnet_id": {{"references": ["{subnet}.id", "{subnet}"]}}}}"#);
    res(address, &values)
        .unknown(r#"{"subnet_id": true, "id": true}"#)
        .config(&expressions)
}

fn managed_subnet() -> Spec {
    res(
        "azurerm_subnet.pe",
        r#"{"name": "snet-pe", "virtual_network_name": "vnet-hub", "address_prefixes": ["10.0.1.0/24"]}"#,
    )
    .unknown(r#"{"id": true}"#)
}

#[test]
fn data_vnet_holds_managed_subnet() {
    let planned = [
        managed_subnet(),
        endpoint(
            "azurerm_private_endpoint.blob",
            "pe-blob",
            "azurerm_subnet.pe",
        ),
    ];
    let imported = import(&plan(&planned, &[data_vnet()]));
    let vnets = &imported.file.vnets;
    assert_eq!(vnets.len(), 1);
    assert_eq!(vnets[0].name.value, "vnet-hub");
    assert_eq!(vnets[0].address_space[0].value, "10.0.0.0/16");
    assert_eq!(vnets[0].region.as_ref().unwrap().value, "eastus");
    assert_eq!(vnets[0].subnets.len(), 1);
    assert_eq!(vnets[0].subnets[0].name.value, "snet-pe");
    assert!(vnets[0].subnets[0].delegation.is_none());
    let endpoint = &imported.file.private_endpoints[0];
    assert_eq!(endpoint.subnet.value, "vnet-hub/snet-pe");
    assert!(imported.unknowns.is_empty(), "{:?}", imported.unknowns);
}

#[test]
fn data_subnet_resolves_known_id() {
    let subnet_id = format!("{VNET_ID}/subnets/snet-pe");
    let planned = [endpoint(
        "azurerm_private_endpoint.blob",
        "pe-blob",
        &subnet_id,
    )];
    let imported = import(&plan(&planned, &[data_vnet(), data_subnet()]));

    let subnet = &imported.file.vnets[0].subnets[0];
    assert_eq!(subnet.name.value, "snet-pe");
    assert_eq!(subnet.address_prefix.value, "10.0.1.0/24");
    let policies = subnet.private_endpoint_network_policies.as_ref();
    assert_eq!(
        policies.map(|p| p.value),
        Some(crate::model::EndpointPolicies::Disabled)
    );
    assert_eq!(
        imported.file.private_endpoints[0].subnet.value,
        "vnet-hub/snet-pe"
    );
    // The data source has no `delegation` attribute.
    let delegation = subnet.delegation.as_ref().unwrap();
    assert_eq!(
        describe(&delegation.value),
        "data.azurerm_subnet.pe.delegation"
    );
    assert_eq!(imported.unknowns.len(), 1);
    assert_eq!(imported.unknowns[0].field, "delegation");
    assert_eq!(imported.unknowns[0].resource, "vnet-hub/snet-pe");
    assert_eq!(
        imported.unknowns[0].reason,
        "data source `data.azurerm_subnet.pe` does not read the subnet's delegation"
    );
}

#[test]
fn subnet_of_absent_vnet_gets_unknown_vnet() {
    let planned = [managed_subnet()];
    let text = plan(&planned, &[]);
    let imported = import(&text);
    let vnet = &imported.file.vnets[0];
    assert_eq!(vnet.name.value, "vnet-hub");
    assert_eq!(super::build::text_at(&text, vnet.name.loc), "\"vnet-hub\"");
    assert!(vnet.region.is_none());
    assert_eq!(
        describe(&vnet.address_space[0].value),
        "vnet-hub.address_space"
    );
    assert_eq!(describe(&vnet.dns_servers[0].value), "vnet-hub.dns_servers");
    assert_eq!(vnet.subnets[0].address_prefix.value, "10.0.1.0/24");
    let fields: Vec<&str> = imported.unknowns.iter().map(|u| u.field.as_str()).collect();
    assert_eq!(fields, ["address_space", "dns_servers"]);
    assert_eq!(
        imported.unknowns[0].reason,
        "the plan contains subnet `azurerm_subnet.pe` but not its VNet `vnet-hub`, so the address space is unknown"
    );
}

#[test]
fn unread_data_source_is_one_symbol() {
    let subnet = res(
        "data.azurerm_subnet.pe",
        r#"{"name": "snet-pe", "virtual_network_name": "vnet-hub"}"#,
    )
    .unknown(r#"{"id": true, "address_prefixes": true}"#);
    let planned = [
        subnet,
        endpoint(
            "azurerm_private_endpoint.a",
            "pe-a",
            "data.azurerm_subnet.pe",
        ),
        endpoint(
            "azurerm_private_endpoint.b",
            "pe-b",
            "data.azurerm_subnet.pe",
        ),
    ];
    let imported = import(&plan(&planned, &[]));

    assert!(imported.file.vnets.is_empty());
    let [a, b] = &imported.file.private_endpoints[..] else {
        panic!("two endpoints expected");
    };
    assert!(is_unknown(&a.subnet.value));
    assert_eq!(a.subnet.value, b.subnet.value);
    assert_eq!(describe(&a.subnet.value), "data.azurerm_subnet.pe.id");
    assert_eq!(imported.unknowns.len(), 2);
    assert_eq!(imported.unknowns[0].resource, "pe-a");
    assert_eq!(imported.unknowns[0].field, "subnet");
    assert_eq!(
        imported.unknowns[0].reason,
        "data source `data.azurerm_subnet.pe` is read only at apply, so vnetlint cannot tell what it names"
    );
}

#[test]
fn prior_state_resources_exist_unless_deleted() {
    let unchanged = res(
        "azurerm_virtual_network.kept",
        r#"{"name": "vnet-kept", "address_space": ["10.1.0.0/16"]}"#,
    );
    let deleted = res(
        "azurerm_virtual_network.gone",
        r#"{"name": "vnet-gone", "address_space": ["10.2.0.0/16"]}"#,
    )
    .action("delete");
    let imported = import(&plan(&[], &[unchanged, deleted]));
    let names: Vec<&str> = imported
        .file
        .vnets
        .iter()
        .map(|v| v.name.value.as_str())
        .collect();
    assert_eq!(names, ["vnet-kept"]);
}

#[test]
fn existing_subnet_reference_checks_clean() {
    let planned = [
        managed_subnet(),
        endpoint(
            "azurerm_private_endpoint.blob",
            "pe-blob",
            "azurerm_subnet.pe",
        ),
    ];
    let text = plan(&planned, &[data_vnet()]);
    let outcome = check_text("plan.json", &text, &Settings::default()).expect("plan loads");
    let messages: Vec<&str> = outcome
        .findings
        .iter()
        .filter(|f| f.rule == "unknown-reference")
        .map(|f| f.message.as_str())
        .collect();
    // The storage account lies outside the plan, but the subnet must resolve.
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("`sta`"), "{messages:?}");
}
