//! Private DNS zones with their VNet links and A records, and private endpoints.

use crate::import::tree::Node;
use crate::model::index::Kind;
use crate::model::{DnsRecord, DnsZone, Group, PrivateEndpoint, Sp, VnetLink, ZoneLink};

use super::fields::{attribute_text, Cx};
use super::names::{Naming, Owner};
use super::plan::{Res, Val};

pub fn map(cx: &mut Cx) {
    let plan = cx.plan;
    for res in plan.of_kind("azurerm_private_dns_zone") {
        let name = cx.name(res, Kind::PrivateDnsZone);
        let resource_group = res.known("resource_group_name").and_then(Node::spanned_str);
        cx.file.private_dns_zones.push(DnsZone {
            name,
            resource_group,
            vnet_links: Vec::new(),
            records: Vec::new(),
        });
    }
    for res in plan.of_kind("azurerm_private_dns_zone_virtual_network_link") {
        add_link(cx, res);
    }
    for res in plan.of_kind("azurerm_private_dns_a_record") {
        add_records(cx, res);
    }
    for res in plan.of_kind("azurerm_private_endpoint") {
        if let Some(endpoint) = endpoint(cx, res) {
            cx.file.private_endpoints.push(endpoint);
        }
    }
}

/// Location of the zone of a link or record.
enum ZoneOf {
    /// Position in the plan's zones.
    Plan(usize),
    /// A zone the plan does not contain: its name and resource group.
    Elsewhere(Sp<String>, Option<Sp<String>>),
}

/// Finds the zone named by a child resource's `ZONE_KEY` and `resource_group_name`.
fn zone_of(cx: &mut Cx, res: &Res, zone_key: &str) -> Option<ZoneOf> {
    let node = res.known(zone_key)?;
    let Some(name) = node.as_str() else {
        cx.wrong_type(res, zone_key, node, "a string");
        return None;
    };
    let group = res.known("resource_group_name");
    let group_text = group.and_then(Node::as_str);
    let found = cx.file.private_dns_zones.iter().position(|z| {
        z.name.value.eq_ignore_ascii_case(name)
            && match (group_text, &z.resource_group) {
                (Some(g), Some(zg)) => zg.value.eq_ignore_ascii_case(g),
                _ => true,
            }
    });
    Some(match found {
        Some(z) => ZoneOf::Plan(z),
        None => ZoneOf::Elsewhere(
            Sp::new(name.to_string(), node.loc),
            group.and_then(Node::spanned_str),
        ),
    })
}

/// Adds a zone's VNet link: to the zone, or, for a zone managed in another
/// plan or state, as a link that the run attaches to that zone when another
/// input of the run declares it.
fn add_link(cx: &mut Cx, res: &Res) {
    let Some(zone) = zone_of(cx, res, "private_dns_zone_name") else {
        return;
    };
    let owner = match &zone {
        ZoneOf::Plan(z) => cx.file.private_dns_zones[*z].name.value.clone(),
        ZoneOf::Elsewhere(name, _) => name.value.clone(),
    };
    let target = (Kind::PrivateDnsZone, owner.as_str(), "vnet_links");
    let Some(vnet) = cx.reference(res, "virtual_network_id", Naming::Plain, target) else {
        return;
    };
    let fallback_to_internet = match res.known("resolution_policy") {
        None => None,
        Some(policy) => match policy.as_str() {
            Some(text) => Some(Sp::new(
                text.eq_ignore_ascii_case("NxDomainRedirect"),
                policy.loc,
            )),
            None => {
                cx.wrong_type(res, "resolution_policy", policy, "a string");
                None
            }
        },
    };
    match zone {
        ZoneOf::Plan(z) => cx.file.private_dns_zones[z].vnet_links.push(VnetLink {
            vnet,
            fallback_to_internet,
        }),
        ZoneOf::Elsewhere(zone, resource_group) => cx.file.private_dns_zone_links.push(ZoneLink {
            zone,
            resource_group,
            vnet,
            fallback_to_internet,
        }),
    }
}

fn add_records(cx: &mut Cx, res: &Res) {
    let zone = match zone_of(cx, res, "zone_name") {
        None => return,
        Some(ZoneOf::Plan(z)) => z,
        Some(ZoneOf::Elsewhere(name, _)) => {
            // The format keeps records inside their zone, so a record of a
            // zone managed elsewhere is left out, and reported: it can change
            // how names resolve.
            let reason = format!(
                "`{}` belongs to a zone that the plan does not contain, so vnetlint leaves it out",
                res.address
            );
            cx.unknown_because(
                Sp::new(res.address, name.loc),
                (Kind::PrivateDnsZone, &name.value, "records"),
                reason,
            );
            return;
        }
    };
    let owner = cx.file.private_dns_zones[zone].name.value.clone();
    let name = cx.name(res, Kind::PrivateDnsZone);
    let ips = cx.strings(res, "records", Kind::PrivateDnsZone, &owner, "records");
    let records = &mut cx.file.private_dns_zones[zone].records;
    records.extend(ips.into_iter().map(|ip| DnsRecord {
        name: name.clone(),
        ip,
    }));
}

fn endpoint(cx: &mut Cx, res: &Res) -> Option<PrivateEndpoint> {
    let name = cx.name(res, Kind::PrivateEndpoint);
    let owner = name.value.clone();
    let field = |f: &'static str| (Kind::PrivateEndpoint, owner.as_str(), f);

    let connection = "private_service_connection.0";
    let group_path = format!("{connection}.subresource_names.0");
    if matches!(res.value(&group_path), Val::Unknown) {
        left_out(cx, res, &group_path, field("group"));
        return None;
    }
    let Some(group) = cx.choice(res, &group_path, Group::parse, field("group")) else {
        tracing::debug!(
            address = res.address,
            "private endpoint to a sub-resource the model lacks, skipped"
        );
        return None;
    };

    let target_path = format!("{connection}.private_connection_resource_id");
    let target = match cx.reference(res, &target_path, Naming::Plain, field("target")) {
        Some(target) => target,
        None => cx.required(res, &target_path, Kind::PrivateEndpoint, &owner, "target"),
    };
    let subnet = match cx.reference(res, "subnet_id", Naming::Subnet, field("subnet")) {
        Some(subnet) => subnet,
        None => cx.required(res, "subnet_id", Kind::PrivateEndpoint, &owner, "subnet"),
    };

    let zones = "private_dns_zone_group.0.private_dns_zone_ids";
    Some(PrivateEndpoint {
        region: cx.string(res, "location", Kind::PrivateEndpoint, &owner, "region"),
        subnet,
        target,
        group,
        dns_zones: cx.reference_list(res, zones, Naming::Zone, field("dns_zones")),
        manual_approval: cx.boolean(
            res,
            &format!("{connection}.is_manual_connection"),
            Kind::PrivateEndpoint,
            &owner,
            "manual_approval",
        ),
        name,
    })
}

/// Reports a private endpoint whose sub-resource is known only after apply:
/// the model needs it, so the endpoint is left out of the design.
fn left_out(cx: &mut Cx, res: &Res, path: &str, owner: Owner) {
    let text = attribute_text(res.address, path);
    let reason =
        format!("`{text}` is known only after apply, so vnetlint leaves the private endpoint out");
    let loc = cx.loc_of(res, path);
    cx.unknown_because(Sp::new(&text, loc), owner, reason);
}
