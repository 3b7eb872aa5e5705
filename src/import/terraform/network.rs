//! VNets, subnets and peerings.

use crate::import::tree::Node;
use crate::model::index::Kind;
use crate::model::{EndpointPolicies, Peering, Sp, Subnet, Vnet};

use super::addresses::{ip_of, Ip};
use super::existing;
use super::fields::{attribute_text, Cx};
use super::names::Naming;
use super::plan::{Res, Val};

pub fn map(cx: &mut Cx) {
    let plan = cx.plan;
    for res in plan.of_kind("azurerm_virtual_network") {
        let vnet = vnet(cx, res);
        cx.file.vnets.push(vnet);
    }
    existing::add_vnets(cx);
    for res in plan.of_kind("azurerm_subnet") {
        add_subnet(cx, res);
    }
    existing::add_subnets(cx);
    for res in plan.of_kind("azurerm_virtual_network") {
        add_inline_subnets(cx, res);
    }
    for res in plan.of_kind("azurerm_virtual_network_peering") {
        let peering = peering(cx, res);
        cx.file.peerings.push(peering);
    }
}

pub(super) fn vnet(cx: &mut Cx, res: &Res) -> Vnet {
    let name = cx.name(res, Kind::Vnet);
    let owner = name.value.clone();
    Vnet {
        region: cx.string(res, "location", Kind::Vnet, &owner, "region"),
        subscription: None,
        address_space: cx.strings(res, "address_space", Kind::Vnet, &owner, "address_space"),
        dns_servers: dns_servers(cx, res, &owner),
        subnets: Vec::new(),
        name,
    }
}

/// Reads `dns_servers`. An unknown entry that references a firewall, a
/// resolver's inbound endpoint or a VM is that resource's address.
fn dns_servers(cx: &mut Cx, res: &Res, owner: &str) -> Vec<Sp<String>> {
    let mut servers = Vec::new();
    let mut unknown = 0;
    match res.value("dns_servers") {
        Val::Known(list) => {
            for item in list.items() {
                match item.spanned_str() {
                    Some(server) => servers.push(server),
                    None => unknown += 1,
                }
            }
        }
        Val::Unknown if res.configured("dns_servers") => unknown = 1,
        _ => {}
    }
    if unknown == 0 {
        return servers;
    }
    let targets = cx.plan.targets(res, "dns_servers");
    let mut resolved = 0;
    for target in &targets {
        match ip_of(cx, target.res) {
            Some(Ip::Known(ip)) => servers.push(Sp::new(ip.value, target.loc)),
            Some(Ip::Symbol(text)) => {
                servers.push(cx.unknown(Kind::Vnet, owner, "dns_servers", &text, target.loc))
            }
            None => continue,
        }
        resolved += 1;
    }
    if resolved == 0 {
        let loc = cx.loc_of(res, "dns_servers");
        let text = attribute_text(res.address, "dns_servers");
        servers.push(cx.unknown(Kind::Vnet, owner, "dns_servers", &text, loc));
    }
    servers
}

pub(super) fn add_subnet(cx: &mut Cx, res: &Res) {
    let Some(vnet) = vnet_name(cx, res) else {
        return;
    };
    let vnet = vnet.as_str();
    let name = cx.name(res, Kind::Subnet);
    let owner = format!("{vnet}/{}", name.value);
    let prefix = match res.value("address_prefixes.0") {
        Val::Known(_) => "address_prefixes.0",
        _ if res.known("address_prefix").is_some() => "address_prefix",
        _ if res.configured("address_prefix") => "address_prefix",
        _ => "address_prefixes.0",
    };
    let subnet = Subnet {
        address_prefix: cx.required(res, prefix, Kind::Subnet, &owner, "address_prefix"),
        private_endpoint_network_policies: endpoint_policies(cx, res, &owner),
        delegation: existing::delegation(cx, res, &owner),
        service_endpoints: cx.strings(
            res,
            "service_endpoints",
            Kind::Subnet,
            &owner,
            "service_endpoints",
        ),
        route_table: Vec::new(),
        name,
    };
    attach(cx, vnet, subnet, res);
}

/// Returns the name of a subnet's VNet: written in the plan, or that of the
/// VNet resource the configuration references. A name that apply decides
/// leaves the subnet out of the design, and that is reported.
fn vnet_name(cx: &mut Cx, res: &Res) -> Option<String> {
    let path = "virtual_network_name";
    if let Some(node) = res.known(path) {
        let name = node.as_str().map(str::to_string);
        if name.is_none() {
            cx.wrong_type(res, path, node, "a string");
        }
        return name;
    }
    let targets = cx.plan.targets(res, path);
    if let [only] = targets.as_slice() {
        if only.res.kind.ends_with("azurerm_virtual_network") {
            if let Some(name) = only.res.known("name").and_then(Node::as_str) {
                return Some(name.to_string());
            }
        }
    }
    let name = cx.name(res, Kind::Subnet);
    let text = attribute_text(res.address, path);
    let reason = format!("`{text}` is known only after apply, so vnetlint leaves the subnet out");
    let loc = cx.loc_of(res, path);
    let owner = (Kind::Subnet, name.value.as_str(), "vnet");
    cx.unknown_because(Sp::new(&text, loc), owner, reason);
    None
}

/// Adds a subnet to its VNet, unless the VNet already lists it. A VNet that
/// the plan does not contain gets an entry whose own values are unknown.
fn attach(cx: &mut Cx, vnet: &str, subnet: Subnet, res: &Res) {
    let existing_at = cx
        .file
        .vnets
        .iter()
        .position(|v| v.name.value.eq_ignore_ascii_case(vnet));
    let at = match existing_at {
        Some(at) => at,
        None => {
            let outside = existing::outside_vnet(cx, vnet, res);
            cx.file.vnets.push(outside);
            cx.file.vnets.len() - 1
        }
    };
    let target = &mut cx.file.vnets[at];
    let present = target
        .subnets
        .iter()
        .any(|s| s.name.value.eq_ignore_ascii_case(&subnet.name.value));
    if !present {
        target.subnets.push(subnet);
    }
}

/// Reads the endpoint network policies from whichever attribute the provider version has.
fn endpoint_policies(cx: &mut Cx, res: &Res, owner: &str) -> Option<Sp<EndpointPolicies>> {
    let target = (Kind::Subnet, owner, "private_endpoint_network_policies");
    if res
        .values
        .get("private_endpoint_network_policies")
        .is_some()
    {
        return cx.choice(
            res,
            "private_endpoint_network_policies",
            EndpointPolicies::parse,
            target,
        );
    }
    // azurerm 3.x: true means Enabled.
    let enabled = "private_endpoint_network_policies_enabled";
    if res.values.get(enabled).is_some() {
        let flag = cx.boolean(res, enabled, target.0, owner, target.2)?;
        return Some(Sp::new(policies(flag.value), flag.loc));
    }
    // azurerm 2.x: true disables the policies.
    let enforce = "enforce_private_link_endpoint_network_policies";
    let flag = cx.boolean(res, enforce, target.0, owner, target.2)?;
    Some(Sp::new(policies(!flag.value), flag.loc))
}

fn policies(enabled: bool) -> EndpointPolicies {
    if enabled {
        EndpointPolicies::Enabled
    } else {
        EndpointPolicies::Disabled
    }
}

/// Adds the `subnet` blocks written inside a VNet, which azurerm allows instead of subnet resources.
fn add_inline_subnets(cx: &mut Cx, res: &Res) {
    let Some(vnet) = res.known("name").and_then(Node::as_str) else {
        return;
    };
    let Some(blocks) = res.known("subnet") else {
        return;
    };
    for (i, block) in blocks.items().iter().enumerate() {
        let Some(name) = block.get("name").and_then(Node::spanned_str) else {
            continue;
        };
        let owner = format!("{vnet}/{}", name.value);
        let path = |key: &str| format!("subnet.{i}.{key}");
        let prefix = if block.get("address_prefixes").is_some() {
            path("address_prefixes.0")
        } else {
            path("address_prefix")
        };
        let subnet = Subnet {
            address_prefix: cx.required(res, &prefix, Kind::Subnet, &owner, "address_prefix"),
            private_endpoint_network_policies: cx.choice(
                res,
                &path("private_endpoint_network_policies"),
                EndpointPolicies::parse,
                (Kind::Subnet, &owner, "private_endpoint_network_policies"),
            ),
            delegation: cx.string(
                res,
                &path("delegation.0.service_delegation.0.name"),
                Kind::Subnet,
                &owner,
                "delegation",
            ),
            service_endpoints: cx.strings(
                res,
                &path("service_endpoints"),
                Kind::Subnet,
                &owner,
                "service_endpoints",
            ),
            route_table: Vec::new(),
            name,
        };
        attach(cx, vnet, subnet, res);
    }
}

fn peering(cx: &mut Cx, res: &Res) -> Peering {
    let name = cx.name(res, Kind::Peering);
    let owner = name.value.clone();
    let from = cx.required(res, "virtual_network_name", Kind::Peering, &owner, "from");
    let to = match cx.link(res, "remote_virtual_network_id") {
        Some(link) => cx.name_link(
            link,
            res,
            "remote_virtual_network_id",
            Naming::Plain,
            (Kind::Peering, &owner, "to"),
        ),
        None => cx.required(
            res,
            "remote_virtual_network_id",
            Kind::Peering,
            &owner,
            "to",
        ),
    };
    let mut flag = |key: &str| cx.boolean(res, key, Kind::Peering, &owner, key);
    Peering {
        allow_virtual_network_access: flag("allow_virtual_network_access"),
        allow_forwarded_traffic: flag("allow_forwarded_traffic"),
        allow_gateway_transit: flag("allow_gateway_transit"),
        use_remote_gateways: flag("use_remote_gateways"),
        name: Some(name),
        from,
        to,
    }
}

/// Returns the VNet part of a subnet reference, for resources that the model places in a VNet.
pub fn vnet_of_subnet(subnet: Sp<String>) -> Sp<String> {
    match subnet.value.split_once('/') {
        Some((vnet, _)) if !crate::model::unknown::is_unknown(&subnet.value) => {
            Sp::new(vnet.to_string(), subnet.loc)
        }
        _ => subnet,
    }
}
