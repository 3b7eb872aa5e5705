//! DNS servers: resolvers with several inbound endpoints, and addresses
//! that Azure assigns, which a VNet's `dns_servers` uses by reference.

use super::build::{plan, references, res, text_at, Spec};
use super::import;
use crate::engine::{check_text, Settings};
use crate::finding::Category;
use crate::model::unknown::{describe, is_unknown};

const RESOLVER: &str = "azurerm_private_dns_resolver_inbound_endpoint";

/// Builds a VNet whose only DNS server is the unknown address at `server`.
fn hub_vnet(server: &str) -> Spec {
    res(
        "azurerm_virtual_network.hub",
        r#"{"name": "vnet-hub", "location": "eastus", "address_space": ["10.0.0.0/16"], "dns_servers": [null]}"#,
    )
    .unknown(r#"{"id": true, "dns_servers": [true]}"#)
    .config(&format!(r#"{{"dns_servers": {}}}"#, references(server)))
}

fn subnet(key: &str, prefix: &str, delegation: &str) -> Spec {
    let values = format!(
        r#"{{"name": "snet-{key}", "virtual_network_name": "vnet-hub", "address_prefixes": ["{prefix}"],
            "delegation": [{{"name": "d", "service_delegation": [{{"name": "{delegation}"}}]}}]}}"#
    );
    res(&format!("azurerm_subnet.{key}"), &values).unknown(r#"{"id": true}"#)
}

/// Builds an inbound endpoint in subnet `snet-KEY`. Its `after_unknown`
/// marks the address unknown when the configuration leaves it to Azure.
fn endpoint(key: &str, ip_configuration: &str, after_unknown: &str) -> Spec {
    let values = format!(
        r#"{{"name": "in-{key}", "location": "eastus", "ip_configurations": [{ip_configuration}]}}"#
    );
    let subnet = references(&format!("azurerm_subnet.{key}.id"));
    let parent = references("azurerm_private_dns_resolver.hub.id");
    res(&format!("{RESOLVER}.{key}"), &values)
        .unknown(after_unknown)
        .config(&format!(
            r#"{{"private_dns_resolver_id": {parent}, "ip_configurations": [{{"subnet_id": {subnet}}}]}}"#
        ))
}

fn resolver_plan() -> String {
    let resolver = res(
        "azurerm_private_dns_resolver.hub",
        r#"{"name": "dnspr-hub", "location": "eastus"}"#,
    )
    .unknown(r#"{"id": true}"#)
    .config(&format!(
        r#"{{"virtual_network_id": {}}}"#,
        references("azurerm_virtual_network.hub.id")
    ));
    let dns = "Microsoft.Network/dnsResolvers";
    let planned = [
        hub_vnet(&format!(
            "{RESOLVER}.b.ip_configurations[0].private_ip_address"
        )),
        subnet("a", "10.0.1.0/28", dns),
        subnet("b", "10.0.2.0/28", dns),
        resolver,
        endpoint(
            "a",
            r#"{"private_ip_address": "10.0.1.4", "private_ip_allocation_method": "Static"}"#,
            r#"{"id": true}"#,
        ),
        endpoint(
            "b",
            r#"{"private_ip_allocation_method": "Dynamic"}"#,
            r#"{"id": true, "ip_configurations": [{"private_ip_address": true}]}"#,
        ),
    ];
    plan(&planned, &[])
}

/// Returns the rules of the DNS findings of a plan.
fn dns_findings(text: &str) -> Vec<String> {
    let outcome = check_text("plan.json", text, &Settings::default()).expect("plan loads");
    outcome
        .findings
        .iter()
        .filter(|f| f.category == Category::Dns)
        .map(|f| format!("{}: {}", f.rule, f.message))
        .collect()
}

#[test]
fn each_inbound_endpoint_is_an_entry() {
    let imported = import(&resolver_plan());
    let names: Vec<&str> = imported
        .file
        .dns_resolvers
        .iter()
        .map(|r| r.name.value.as_str())
        .collect();
    assert_eq!(names, ["dnspr-hub/in-a", "dnspr-hub/in-b"]);
    let [a, b] = &imported.file.dns_resolvers[..] else {
        panic!("two entries expected");
    };
    assert_eq!(a.inbound_ip.value, "10.0.1.4");
    assert_eq!(a.inbound_subnet.value, "vnet-hub/snet-a");
    assert_eq!(b.inbound_subnet.value, "vnet-hub/snet-b");
    assert_eq!(a.vnet.value, "vnet-hub");
    assert_eq!(b.vnet.value, "vnet-hub");
}

#[test]
fn dynamic_endpoint_unknown_points_at_allocation() {
    let text = resolver_plan();
    let imported = import(&text);
    let b = &imported.file.dns_resolvers[1];
    assert_eq!(
        describe(&b.inbound_ip.value),
        format!("{RESOLVER}.b.ip_configurations[0].private_ip_address")
    );
    let unknown = imported
        .unknowns
        .iter()
        .find(|u| u.field == "inbound_ip")
        .expect("an unknown inbound IP");
    assert_eq!(unknown.resource, "dnspr-hub/in-b");
    assert_eq!(text_at(&text, unknown.loc), "\"Dynamic\"");
}

#[test]
fn vnet_dns_server_is_resolver_symbol() {
    let text = resolver_plan();
    let imported = import(&text);
    let server = &imported.file.vnets[0].dns_servers[0];
    assert!(is_unknown(&server.value));
    assert_eq!(
        server.value,
        imported.file.dns_resolvers[1].inbound_ip.value
    );
    assert_eq!(dns_findings(&text), Vec::<String>::new());
}

fn vm_plan() -> String {
    let nic = res(
        "azurerm_network_interface.dns",
        r#"{"name": "nic-dns", "ip_configuration": [{"name": "ip", "private_ip_address_allocation": "Dynamic"}]}"#,
    )
    .unknown(r#"{"id": true, "ip_configuration": [{"private_ip_address": true}]}"#)
    .config(&format!(
        r#"{{"ip_configuration": [{{"subnet_id": {}}}]}}"#,
        references("azurerm_subnet.vm.id")
    ));
    let vm = res(
        "azurerm_linux_virtual_machine.dns",
        r#"{"name": "vm-dns", "tags": {"vnetlint-role": "dns_server", "vnetlint-dns-forwarders": ".=168.63.129.16"}}"#,
    )
    .unknown(r#"{"network_interface_ids": true, "private_ip_address": true}"#)
    .config(&format!(
        r#"{{"network_interface_ids": {}}}"#,
        references("azurerm_network_interface.dns.id")
    ));
    let vm_subnet = res(
        "azurerm_subnet.vm",
        r#"{"name": "snet-vm", "virtual_network_name": "vnet-hub", "address_prefixes": ["10.0.3.0/24"]}"#,
    )
    .unknown(r#"{"id": true}"#);
    let planned = [
        hub_vnet("azurerm_linux_virtual_machine.dns.private_ip_address"),
        vm_subnet,
        nic,
        vm,
    ];
    plan(&planned, &[])
}

#[test]
fn vnet_dns_server_is_vm_symbol() {
    let text = vm_plan();
    let imported = import(&text);
    let vm = &imported.file.virtual_machines[0];
    let ip = vm
        .private_ip
        .as_ref()
        .expect("a DNS server keeps its unknown address");
    assert_eq!(
        describe(&ip.value),
        "azurerm_network_interface.dns.ip_configuration[0].private_ip_address"
    );
    assert_eq!(imported.file.vnets[0].dns_servers[0].value, ip.value);
    let unknown = imported
        .unknowns
        .iter()
        .find(|u| u.field == "private_ip")
        .expect("an unknown VM address");
    assert_eq!(text_at(&text, unknown.loc), "\"Dynamic\"");
    assert_eq!(dns_findings(&text), Vec::<String>::new());
}
