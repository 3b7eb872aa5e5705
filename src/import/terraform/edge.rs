//! Gateways, Bastion hosts, firewalls and DNS Private Resolvers.

use crate::import::tree::Node;
use crate::model::index::Kind;
use crate::model::{Bastion, BastionSku, Firewall, Gateway, GatewayKind, Sp, VpnType, VpnTypes};

use super::addresses::{ip_loc, ip_of, Ip};
use super::fields::Cx;
use super::names::Naming;
use super::network::vnet_of_subnet;
use super::plan::Res;
use super::resolvers;

pub fn map(cx: &mut Cx) {
    let plan = cx.plan;
    for res in plan.of_kind("azurerm_virtual_network_gateway") {
        if let Some(gateway) = gateway(cx, res) {
            cx.file.gateways.push(gateway);
        }
    }
    for res in plan.of_kind("azurerm_bastion_host") {
        if let Some(bastion) = bastion(cx, res) {
            cx.file.bastions.push(bastion);
        }
    }
    for res in plan.of_kind("azurerm_firewall") {
        if let Some(firewall) = firewall(cx, res) {
            cx.file.firewalls.push(firewall);
        }
    }
    resolvers::map(cx);
}

fn gateway(cx: &mut Cx, res: &Res) -> Option<Gateway> {
    let name = cx.name(res, Kind::Gateway);
    let owner = name.value.clone();
    let kind = cx.choice(
        res,
        "type",
        parse_gateway_kind,
        (Kind::Gateway, &owner, "kind"),
    )?;
    let subnet = cx.reference(
        res,
        "ip_configuration.0.subnet_id",
        Naming::Subnet,
        (Kind::Gateway, &owner, "vnet"),
    )?;
    let vpn_type = (kind.value == GatewayKind::Vpn).then(|| vpn_types(cx, res));
    Some(Gateway {
        kind,
        vpn_type,
        vnet: vnet_of_subnet(subnet),
        name,
    })
}

fn parse_gateway_kind(text: &str) -> Option<GatewayKind> {
    match text.to_ascii_lowercase().as_str() {
        "vpn" => Some(GatewayKind::Vpn),
        "expressroute" => Some(GatewayKind::ExpressRoute),
        _ => None,
    }
}

/// Lists the VPN types: a `vpn_client_configuration` is point-to-site, and an IPsec
/// connection on the gateway is site-to-site.
fn vpn_types(cx: &Cx, res: &Res) -> Sp<VpnTypes> {
    let mut types = Vec::new();
    let mut loc = res.address_loc;
    if let Some(config) = res
        .known("vpn_client_configuration")
        .filter(|c| !c.items().is_empty())
    {
        types.push(VpnType::PointToSite);
        loc = config.loc;
    }
    let site_to_site = cx
        .plan
        .of_kind("azurerm_virtual_network_gateway_connection")
        .filter(|c| {
            c.known("type")
                .and_then(Node::as_str)
                .is_some_and(|t| t.eq_ignore_ascii_case("IPsec"))
        })
        .any(|c| {
            cx.target(c, "virtual_network_gateway_id")
                .is_some_and(|g| g.address == res.address)
        });
    if site_to_site {
        types.push(VpnType::SiteToSite);
    }
    Sp::new(VpnTypes(types), loc)
}

fn bastion(cx: &mut Cx, res: &Res) -> Option<Bastion> {
    let name = cx.name(res, Kind::Bastion);
    let owner = name.value.clone();
    let target = (Kind::Bastion, owner.as_str(), "vnet");
    let vnet = match cx.reference(res, "ip_configuration.0.subnet_id", Naming::Subnet, target) {
        Some(subnet) => vnet_of_subnet(subnet),
        None => cx.reference(res, "virtual_network_id", Naming::Plain, target)?,
    };
    Some(Bastion {
        sku: cx.choice(
            res,
            "sku",
            BastionSku::parse,
            (Kind::Bastion, &owner, "sku"),
        ),
        vnet,
        name,
    })
}

fn firewall(cx: &mut Cx, res: &Res) -> Option<Firewall> {
    let name = cx.name(res, Kind::Firewall);
    let owner = name.value.clone();
    let Some(subnet) = cx.reference(
        res,
        "ip_configuration.0.subnet_id",
        Naming::Subnet,
        (Kind::Firewall, &owner, "subnet"),
    ) else {
        tracing::debug!(address = res.address, "firewall outside a VNet, skipped");
        return None;
    };
    let private_ip = match ip_of(cx, res)? {
        Ip::Known(ip) => ip,
        Ip::Symbol(text) => {
            let loc = ip_loc(res);
            cx.unknown(Kind::Firewall, &owner, "private_ip", &text, loc)
        }
    };
    let dns_proxy = match cx.target(res, "firewall_policy_id") {
        Some(policy) => cx.boolean(
            policy,
            "dns.0.proxy_enabled",
            Kind::Firewall,
            &owner,
            "dns_proxy",
        ),
        None => None,
    };
    Some(Firewall {
        kind: None,
        subnet,
        private_ip,
        dns_proxy,
        name,
    })
}
