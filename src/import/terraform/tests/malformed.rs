//! Plans with values of the wrong type or form, and resources the model
//! cannot hold: a load error, or a reported unknown, never silence.

use std::path::Path;

use crate::import::tree::Node;
use crate::import::Input;
use crate::load::LoadError;
use crate::model::unknown::describe;
use crate::source::FileId;

use super::{import, one};

fn import_error(text: &str) -> LoadError {
    let root: Node = serde_saphyr::from_str(text).expect("valid JSON");
    let input = Input {
        path: Path::new("plan.json"),
        text,
        file: FileId(0),
        root: &root,
    };
    match crate::import::terraform::read(&input) {
        Ok(_) => panic!("imported: {text}"),
        Err(error) => error,
    }
}

#[test]
fn wrong_types_name_the_attribute() {
    let cases = [
        (
            "azurerm_virtual_network",
            r#"{"name": 5, "address_space": ["10.0.0.0/16"]}"#,
            "`azurerm_virtual_network.x.name` is a number, not a string",
        ),
        (
            "azurerm_virtual_network",
            r#"{"name": "v", "address_space": {"a": "10.0.0.0/16"}}"#,
            "`azurerm_virtual_network.x.address_space` is an object, not a list",
        ),
        (
            "azurerm_virtual_network",
            r#"{"name": "v", "address_space": [7]}"#,
            "`azurerm_virtual_network.x.address_space[0]` is a number, not a string",
        ),
        (
            "azurerm_storage_account",
            r#"{"name": "sta", "public_network_access_enabled": "no"}"#,
            "`azurerm_storage_account.x.public_network_access_enabled` is a string, not a bool",
        ),
        (
            "azurerm_subnet",
            r#"{"name": "s", "virtual_network_name": ["v"], "address_prefixes": ["10.0.1.0/24"]}"#,
            "`azurerm_subnet.x.virtual_network_name` is a list, not a string",
        ),
    ];
    for (kind, values, want) in cases {
        let error = import_error(&one(kind, values, "{}", "{}"));
        assert_eq!(error.message, want);
    }
}

#[test]
fn ids_of_the_wrong_form_rejected() {
    let endpoint = |subnet_id: &str| {
        let values = format!(
            r#"{{"name": "pe", "subnet_id": "{subnet_id}", "private_service_connection": [{{"subresource_names": ["blob"], "private_connection_resource_id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sta"}}]}}"#
        );
        one("azurerm_private_endpoint", &values, "{}", "{}")
    };
    let storage =
        "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sta";
    let error = import_error(&endpoint(storage));
    assert_eq!(
        error.message,
        format!("`{storage}` is not the id of a subnet")
    );
    let error = import_error(&endpoint("vnet-a/snet"));
    assert_eq!(
        error.message,
        "`vnet-a/snet` is not the id of an Azure resource"
    );
}

#[test]
fn missing_reference_is_named() {
    let text = one(
        "azurerm_private_endpoint",
        r#"{"name": "pe", "private_service_connection": [{"subresource_names": ["blob"], "private_connection_resource_id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sta"}]}"#,
        r#"{"subnet_id": true}"#,
        r#"{"subnet_id": {"references": ["azurerm_subnet.gone.id", "azurerm_subnet.gone"]}}"#,
    );
    let imported = import(&text);
    let subnet = &imported.file.private_endpoints[0].subnet.value;
    assert_eq!(describe(subnet), "azurerm_subnet.gone.id");
    assert_eq!(
        imported.unknowns[0].reason,
        "`azurerm_private_endpoint.x.subnet_id` references `azurerm_subnet.gone.id`, \
         which the plan does not contain"
    );
}

#[test]
fn endpoint_with_unknown_group_reported() {
    let text = one(
        "azurerm_private_endpoint",
        r#"{"name": "pe", "subnet_id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"}"#,
        r#"{"private_service_connection": true}"#,
        "{}",
    );
    let imported = import(&text);
    assert!(imported.file.private_endpoints.is_empty());
    assert_eq!(imported.unknowns.len(), 1);
    assert_eq!(imported.unknowns[0].resource, "pe");
    assert_eq!(imported.unknowns[0].field, "group");
}

#[test]
fn subnet_with_unknown_vnet_reported() {
    let text = one(
        "azurerm_subnet",
        r#"{"name": "snet", "address_prefixes": ["10.0.1.0/24"]}"#,
        r#"{"virtual_network_name": true}"#,
        r#"{"virtual_network_name": {"references": ["random_pet.v.id", "random_pet.v"]}}"#,
    );
    let imported = import(&text);
    assert!(imported.file.vnets.is_empty());
    assert_eq!(imported.unknowns.len(), 1);
    assert_eq!(imported.unknowns[0].resource, "snet");
    assert_eq!(imported.unknowns[0].field, "vnet");
}

/// Returns a plan of one zone link, with the zone itself when `with_zone` is true.
fn zone_link_plan(with_zone: bool, policy: &str) -> String {
    let zone = r#"{"address": "azurerm_private_dns_zone.z", "mode": "managed", "type": "azurerm_private_dns_zone", "name": "z",
      "values": {"name": "privatelink.blob.core.windows.net", "resource_group_name": "rg-dns"}},"#;
    format!(
        r#"{{"format_version": "1.2", "terraform_version": "1.9.8",
  "planned_values": {{"root_module": {{"resources": [{}
    {{"address": "azurerm_private_dns_zone_virtual_network_link.l", "mode": "managed",
      "type": "azurerm_private_dns_zone_virtual_network_link", "name": "l",
      "values": {{"name": "l", "private_dns_zone_name": "privatelink.blob.core.windows.net",
                 "resource_group_name": "rg-dns", "resolution_policy": {policy},
                 "virtual_network_id": "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-a"}}}}]}}}}}}"#,
        if with_zone { zone } else { "" }
    )
}

#[test]
fn link_to_zone_elsewhere_kept_apart() {
    // The zone is managed in another plan or state: the link is kept as a
    // link of its own, which the run attaches to the zone if another input
    // declares it.
    let imported = import(&zone_link_plan(false, r#""Default""#));
    assert!(imported.file.private_dns_zones.is_empty());
    assert!(imported.unknowns.is_empty(), "{:?}", imported.unknowns);
    let link = &imported.file.private_dns_zone_links[0];
    assert_eq!(link.zone.value, "privatelink.blob.core.windows.net");
    assert_eq!(link.vnet.value, "vnet-a");
    assert_eq!(
        link.resource_group.as_ref().map(|g| g.value.as_str()),
        Some("rg-dns")
    );
}

#[test]
fn resolution_policy_number_rejected() {
    let error = import_error(&zone_link_plan(true, "5"));
    assert_eq!(
        error.message,
        "`azurerm_private_dns_zone_virtual_network_link.l.resolution_policy` is a number, not a string"
    );
}
