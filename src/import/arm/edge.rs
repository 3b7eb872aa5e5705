//! Gateways, Bastion hosts and firewalls.

use super::eval::Result;
use super::map::{assigned, own_name, Mapper, Owner};
use super::network::missing;
use super::template::Resource;
use super::value::Val;
use crate::model::index::Kind;
use crate::model::{
    Bastion, BastionSku, Firewall, FirewallKind, Gateway, GatewayKind, Sp, VpnType, VpnTypes,
};

pub const GATEWAYS: &str = "Microsoft.Network/virtualNetworkGateways";
pub const CONNECTIONS: &str = "Microsoft.Network/connections";
pub const BASTIONS: &str = "Microsoft.Network/bastionHosts";
pub const FIREWALLS: &str = "Microsoft.Network/azureFirewalls";
pub const FIREWALL_POLICIES: &str = "Microsoft.Network/firewallPolicies";

/// Returns the first IP configuration's properties.
pub fn first_config(resource: &Resource) -> Option<&Val> {
    let configs = resource.properties.get("ipConfigurations")?;
    configs.items().first()?.get("properties")
}

/// Returns the VNet part of a `VNET/SUBNET` reference.
fn vnet_of(subnet: Sp<String>) -> Sp<String> {
    match subnet.value.split_once('/') {
        Some((vnet, _)) if !crate::model::unknown::is_unknown(&subnet.value) => {
            Sp::new(vnet.to_string(), subnet.loc)
        }
        _ => subnet,
    }
}

pub fn map_gateways(m: &mut Mapper) -> Result<()> {
    for resource in m.of_type(GATEWAYS).collect::<Vec<_>>() {
        let name = own_name(resource);
        let owner = Owner {
            kind: Kind::Gateway,
            name: &name,
        };
        let Some(subnet) = first_config(resource).and_then(|c| c.path(&["subnet", "id"])) else {
            return Err(missing(
                resource,
                "ipConfigurations[0].properties.subnet.id",
            ));
        };
        m.own_unknowns(owner, resource);
        let gateway_type = resource.properties.get("gatewayType");
        let kind = match gateway_type
            .and_then(Val::as_str)
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("expressroute") => GatewayKind::ExpressRoute,
            _ => GatewayKind::Vpn,
        };
        let kind_loc = gateway_type.map_or(resource.name.loc, |g| g.loc);
        let mut types = Vec::new();
        if let Some(client) = resource
            .properties
            .get("vpnClientConfiguration")
            .filter(|c| !c.is_null())
        {
            types.push((VpnType::PointToSite, client.loc));
        }
        if let Some(connection) = site_to_site(m, &name) {
            types.push((VpnType::SiteToSite, connection));
        }
        let vpn_type = (kind == GatewayKind::Vpn && !types.is_empty()).then(|| {
            let loc = types[0].1;
            Sp::new(VpnTypes(types.into_iter().map(|(t, _)| t).collect()), loc)
        });
        let vnet = vnet_of(m.reference(owner, "vnet", subnet));
        m.file.gateways.push(Gateway {
            name: Sp::new(name.clone(), resource.name.loc),
            kind: Sp::new(kind, kind_loc),
            vpn_type,
            vnet,
        });
    }
    Ok(())
}

/// Returns where an IPsec connection of the gateway `name` is declared.
fn site_to_site(m: &mut Mapper, gateway: &str) -> Option<crate::source::Loc> {
    let owner = Owner {
        kind: Kind::Gateway,
        name: gateway,
    };
    for connection in m.of_type(CONNECTIONS).collect::<Vec<_>>() {
        let props = &connection.properties;
        let ipsec = props
            .get("connectionType")
            .and_then(Val::as_str)
            .is_some_and(|t| t.eq_ignore_ascii_case("IPsec"));
        let Some(id) = props
            .path(&["virtualNetworkGateway1", "id"])
            .filter(|_| ipsec)
        else {
            continue;
        };
        if m.reference(owner, "vpn_type", id)
            .value
            .eq_ignore_ascii_case(gateway)
        {
            return Some(connection.name.loc);
        }
    }
    None
}

pub fn map_bastions(m: &mut Mapper) -> Result<()> {
    for resource in m.of_type(BASTIONS).collect::<Vec<_>>() {
        let name = own_name(resource);
        let owner = Owner {
            kind: Kind::Bastion,
            name: &name,
        };
        let vnet = match first_config(resource).and_then(|c| c.path(&["subnet", "id"])) {
            Some(subnet) => vnet_of(m.reference(owner, "vnet", subnet)),
            None => match resource.properties.path(&["virtualNetwork", "id"]) {
                Some(vnet) => m.reference(owner, "vnet", vnet),
                None => {
                    return Err(missing(
                        resource,
                        "ipConfigurations[0].properties.subnet.id",
                    ))
                }
            },
        };
        m.own_unknowns(owner, resource);
        let sku = m.choice(
            owner,
            "sku",
            resource.sku.get("name"),
            BastionSku::parse,
            BastionSku::NAMES,
        )?;
        m.file.bastions.push(Bastion {
            name: Sp::new(name.clone(), resource.name.loc),
            vnet,
            sku,
        });
    }
    Ok(())
}

pub fn map_firewalls(m: &mut Mapper) -> Result<()> {
    for resource in m.of_type(FIREWALLS).collect::<Vec<_>>() {
        let name = own_name(resource);
        let owner = Owner {
            kind: Kind::Firewall,
            name: &name,
        };
        let Some(config) = first_config(resource) else {
            tracing::debug!("firewall {name} has no IP configuration, so it is skipped");
            continue;
        };
        let Some(subnet) = config.path(&["subnet", "id"]) else {
            return Err(missing(
                resource,
                "ipConfigurations[0].properties.subnet.id",
            ));
        };
        m.own_unknowns(owner, resource);
        let subnet = m.reference(owner, "subnet", subnet);
        let private_ip = match config.get("privateIPAddress").filter(|v| !v.is_null()) {
            Some(ip) => m.text(owner, "private_ip", ip),
            None => {
                let rendering = format!(
                    "reference('{}').ipConfigurations[0].properties.privateIPAddress",
                    resource.name_text()
                );
                m.unknown(
                    owner,
                    "private_ip",
                    &resource.name,
                    "Azure picks it when it creates the resource".into(),
                );
                Sp::new(assigned(&rendering), resource.name.loc)
            }
        };
        let dns_proxy = dns_proxy(m, owner, resource)?;
        m.file.firewalls.push(Firewall {
            name: Sp::new(name.clone(), resource.name.loc),
            kind: Some(Sp::new(FirewallKind::AzureFirewall, resource.name.loc)),
            subnet,
            private_ip,
            dns_proxy,
        });
    }
    Ok(())
}

/// Reads DNS proxy from the firewall's policy, or from its classic `additionalProperties`.
fn dns_proxy(m: &mut Mapper, owner: Owner, firewall: &Resource) -> Result<Option<Sp<bool>>> {
    if let Some(id) = firewall.properties.path(&["firewallPolicy", "id"]) {
        let policy = m.reference(owner, "dns_proxy", id);
        if let Some(policy) = m.find(FIREWALL_POLICIES, &policy.value) {
            let enabled = policy.properties.path(&["dnsSettings", "enableProxy"]);
            return m.flag(owner, "dns_proxy", enabled);
        }
    }
    let classic = firewall
        .properties
        .path(&["additionalProperties", "Network.DNS.EnableProxy"]);
    m.flag(owner, "dns_proxy", classic)
}
