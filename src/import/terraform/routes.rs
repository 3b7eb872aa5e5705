//! Route tables, which the model puts on each subnet they are associated with.

use crate::import::tree::Node;
use crate::model::index::Kind;
use crate::model::{NextHop, Route, Sp};

use super::addresses::{ip_of, Ip};
use super::fields::{attribute_text, Cx};
use super::names::{name_of, Naming};
use super::plan::Res;

pub fn map(cx: &mut Cx) {
    let plan = cx.plan;
    for association in plan.of_kind("azurerm_subnet_route_table_association") {
        let Some(table) = cx.target(association, "route_table_id") else {
            tracing::debug!(
                address = association.address,
                "route table the plan does not hold, skipped"
            );
            continue;
        };
        let Some(subnet) = cx
            .target(association, "subnet_id")
            .and_then(|s| name_of(cx, s, Naming::Subnet))
        else {
            continue;
        };
        let routes = routes_of(cx, table, &subnet);
        place(cx, &subnet, routes);
    }
}

/// Collects a table's inline `route` blocks and the `azurerm_route` resources that name it.
fn routes_of(cx: &mut Cx, table: &Res, subnet: &str) -> Vec<Route> {
    let mut routes = Vec::new();
    let count = table.known("route").map_or(0, |r| r.items().len());
    for i in 0..count {
        routes.extend(route(cx, table, &format!("route.{i}."), subnet));
    }
    let name = table.known("name").and_then(Node::as_str);
    let group = table.known("resource_group_name").and_then(Node::as_str);
    let plan = cx.plan;
    for res in plan.of_kind("azurerm_route") {
        let same = |key: &str, want: Option<&str>| res.known(key).and_then(Node::as_str) == want;
        let by_name = same("route_table_name", name) && same("resource_group_name", group);
        let by_reference = plan
            .targets(res, "route_table_name")
            .iter()
            .any(|t| t.res.address == table.address);
        if by_name || by_reference {
            routes.extend(route(cx, res, "", subnet));
        }
    }
    routes
}

/// Maps one route whose attributes start with `prefix` in `res`.
fn route(cx: &mut Cx, res: &Res, prefix: &str, subnet: &str) -> Option<Route> {
    let owner = (Kind::Subnet, subnet, "route_table");
    let address_prefix = cx.required(
        res,
        &format!("{prefix}address_prefix"),
        owner.0,
        subnet,
        owner.2,
    );
    let hop_node = res.known(&format!("{prefix}next_hop_type"))?;
    let hop = match hop_node.as_str()?.to_ascii_lowercase().as_str() {
        "internet" => NextHop::Internet,
        "none" => NextHop::None,
        "vnetlocal" => NextHop::VnetLocal,
        "virtualnetworkgateway" => NextHop::VirtualNetworkGateway,
        "virtualappliance" => {
            appliance(cx, res, &format!("{prefix}next_hop_in_ip_address"), subnet)
        }
        other => {
            tracing::debug!(
                address = res.address,
                next_hop = other,
                "next hop the model lacks, skipped"
            );
            return None;
        }
    };
    Some(Route {
        address_prefix,
        next_hop: Sp::new(hop, hop_node.loc),
    })
}

/// Names the appliance: its IP when known, else the firewall or the address
/// symbol of the resource the configuration references.
fn appliance(cx: &mut Cx, res: &Res, path: &str, subnet: &str) -> NextHop {
    if let Some(ip) = res.known(path).and_then(Node::as_str) {
        return NextHop::VirtualAppliance(ip.to_string());
    }
    let targets = cx.plan.targets(res, path);
    let loc = cx.loc_of(res, path);
    let text = match targets.first() {
        Some(t) if t.res.kind == "azurerm_firewall" => {
            if let Some(name) = t.res.known("name").and_then(Node::as_str) {
                return NextHop::VirtualAppliance(name.to_string());
            }
            attribute_text(res.address, path)
        }
        Some(t) => match ip_of(cx, t.res) {
            Some(Ip::Known(ip)) => return NextHop::VirtualAppliance(ip.value),
            Some(Ip::Symbol(text)) => text,
            None => attribute_text(res.address, path),
        },
        None => attribute_text(res.address, path),
    };
    let symbol = cx.unknown(Kind::Subnet, subnet, "route_table", &text, loc);
    NextHop::VirtualAppliance(symbol.value)
}

fn place(cx: &mut Cx, subnet: &str, routes: Vec<Route>) {
    let Some((vnet, name)) = subnet.split_once('/') else {
        return;
    };
    let found = cx
        .file
        .vnets
        .iter_mut()
        .filter(|v| v.name.value.eq_ignore_ascii_case(vnet))
        .flat_map(|v| v.subnets.iter_mut())
        .find(|s| s.name.value.eq_ignore_ascii_case(name));
    match found {
        Some(target) => target.route_table.extend(routes),
        None => tracing::debug!(
            subnet,
            "route table of a subnet the plan does not hold, skipped"
        ),
    }
}
