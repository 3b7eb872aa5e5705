//! Networks that exist before the plan: VNets and subnets read by data
//! sources, and VNets that the plan names without containing them.

use crate::import::tree::Node;
use crate::model::index::Kind;
use crate::model::{Sp, Vnet};

use super::fields::Cx;
use super::network::{add_subnet, vnet};
use super::plan::Res;

/// Adds the VNets of `data.azurerm_virtual_network` that no managed VNet of
/// the plan has the name of.
pub fn add_vnets(cx: &mut Cx) {
    let plan = cx.plan;
    for res in plan.read_data("azurerm_virtual_network") {
        let Some(name) = res.known("name").and_then(Node::as_str) else {
            continue;
        };
        if has_vnet(cx, name) {
            tracing::debug!(address = res.address, "VNet already in the plan, skipped");
            continue;
        }
        let vnet = vnet(cx, res);
        cx.file.vnets.push(vnet);
    }
}

/// Adds the subnets of `data.azurerm_subnet`, unless a managed subnet has the name.
///
/// NOTE: the route table of such a subnet (`route_table_id`) is not read, so
/// its routes are taken as none. Subnets that a VNet data source lists only
/// by name in `subnets` are not added, because their prefixes are unknown.
pub fn add_subnets(cx: &mut Cx) {
    let plan = cx.plan;
    for res in plan.read_data("azurerm_subnet") {
        add_subnet(cx, res);
    }
}

fn has_vnet(cx: &Cx, vnet: &str) -> bool {
    cx.file
        .vnets
        .iter()
        .any(|v| v.name.value.eq_ignore_ascii_case(vnet))
}

/// Reads a subnet's delegation. The `azurerm_subnet` data source has no
/// `delegation` attribute, so a subnet read by one has an unknown delegation.
pub fn delegation(cx: &mut Cx, res: &Res, owner: &str) -> Option<Sp<String>> {
    let path = "delegation.0.service_delegation.0.name";
    if res.managed || res.values.get("delegation").is_some() {
        return cx.string(res, path, Kind::Subnet, owner, "delegation");
    }
    let text = format!("{}.delegation", res.address);
    let reason = format!(
        "data source `{}` does not read the subnet's delegation",
        res.address
    );
    let field = (Kind::Subnet, owner, "delegation");
    Some(cx.unknown_because(Sp::new(&text, res.address_loc), field, reason))
}

/// Builds the entry of a VNet that the plan names, by a subnet's
/// `virtual_network_name`, but does not contain. The VNet exists in Azure, so
/// its address space and DNS servers are unknown; its region stays unset.
pub fn outside_vnet(cx: &mut Cx, name: &str, subnet: &Res) -> Vnet {
    let loc = subnet
        .known("virtual_network_name")
        .map_or(subnet.address_loc, |n| n.loc);
    let reason = |what: &str| {
        format!(
            "the plan contains subnet `{}` but not its VNet `{name}`, so the {what} is unknown",
            subnet.address
        )
    };
    let field = |cx: &mut Cx, key: &str, what: &str| {
        let text = format!("{name}.{key}");
        cx.unknown_because(Sp::new(&text, loc), (Kind::Vnet, name, key), reason(what))
    };
    tracing::debug!(
        address = subnet.address,
        vnet = name,
        "VNet outside the plan"
    );
    Vnet {
        name: Sp::new(name.to_string(), loc),
        region: None,
        subscription: None,
        address_space: vec![field(cx, "address_space", "address space")],
        dns_servers: vec![field(cx, "dns_servers", "DNS server list")],
        subnets: Vec::new(),
    }
}
