//! Private endpoints, private DNS zones and DNS Private Resolvers.

use super::eval::Result;
use super::ids;
use super::map::{assigned, own_name, Mapper, Owner};
use super::network::missing;
use super::template::Resource;
use super::value::{Val, OPEN};
use crate::model::index::Kind;
use crate::model::{
    DnsRecord, DnsResolver, DnsZone, Group, PrivateEndpoint, Sp, VnetLink, ZoneLink,
};

pub const ENDPOINTS: &str = "Microsoft.Network/privateEndpoints";
pub const ZONE_GROUPS: &str = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups";
pub const ZONES: &str = "Microsoft.Network/privateDnsZones";
pub const ZONE_LINKS: &str = "Microsoft.Network/privateDnsZones/virtualNetworkLinks";
pub const A_RECORDS: &str = "Microsoft.Network/privateDnsZones/A";
pub const RESOLVERS: &str = "Microsoft.Network/dnsResolvers";
pub const INBOUND_ENDPOINTS: &str = "Microsoft.Network/dnsResolvers/inboundEndpoints";

pub fn map_private_endpoints(m: &mut Mapper) -> Result<()> {
    for resource in m.of_type(ENDPOINTS).collect::<Vec<_>>() {
        let name = own_name(resource);
        let owner = Owner {
            kind: Kind::PrivateEndpoint,
            name: &name,
        };
        let props = &resource.properties;
        let Some(subnet_id) = props.path(&["subnet", "id"]) else {
            return Err(missing(resource, "subnet.id"));
        };
        let automatic = props
            .get("privateLinkServiceConnections")
            .filter(|c| !c.items().is_empty());
        let manual = props
            .get("manualPrivateLinkServiceConnections")
            .filter(|c| !c.items().is_empty());
        let Some(connection) = automatic.or(manual).and_then(|c| c.items().first()) else {
            tracing::debug!("private endpoint {name} has no connection, so it is skipped");
            continue;
        };
        let Some(target) = connection.path(&["properties", "privateLinkServiceId"]) else {
            return Err(missing(
                resource,
                "privateLinkServiceConnections[0].properties.privateLinkServiceId",
            ));
        };
        let Some(group) = connection
            .path(&["properties", "groupIds"])
            .and_then(|g| g.items().first())
        else {
            return Err(missing(
                resource,
                "privateLinkServiceConnections[0].properties.groupIds",
            ));
        };
        let group = m.choice(owner, "group", Some(group), Group::parse, Group::NAMES)?;
        let Some(group) = group else {
            tracing::debug!("private endpoint {name} has an unknown group, so it is skipped");
            continue;
        };
        m.own_unknowns(owner, resource);
        let endpoint = PrivateEndpoint {
            name: Sp::new(name.clone(), resource.name.loc),
            region: m.region(owner, resource),
            subnet: m.reference(owner, "subnet", subnet_id),
            target: m.reference(owner, "target", target),
            group,
            dns_zones: zone_group(m, owner, resource.name_text()),
            manual_approval: manual.map(|c| Sp::new(automatic.is_none(), c.loc)),
        };
        m.file.private_endpoints.push(endpoint);
    }
    Ok(())
}

/// Returns the zones of an endpoint's DNS zone groups, as `ZONE`, or as
/// `RESOURCE_GROUP/ZONE` when the template declares several zones of that
/// name and the id names the group of one of them.
fn zone_group(m: &mut Mapper, owner: Owner, endpoint: &str) -> Vec<Sp<String>> {
    let mut zones = Vec::new();
    for group in m.children(ZONE_GROUPS, endpoint) {
        let configs = group.properties.get("privateDnsZoneConfigs");
        for config in configs.map_or(&[][..], Val::items) {
            let Some(id) = config.path(&["properties", "privateDnsZoneId"]) else {
                continue;
            };
            let zone = m.reference(owner, "dns_zones", id);
            let group = id.as_str().and_then(ids::parse).and_then(|i| i.group);
            let namesakes: Vec<_> = m
                .of_type(ZONES)
                .filter(|z| own_name(z).eq_ignore_ascii_case(&zone.value))
                .collect();
            let in_group = |g: &str| {
                namesakes.iter().any(|z| {
                    z.group
                        .as_deref()
                        .is_some_and(|zg| zg.eq_ignore_ascii_case(g))
                })
            };
            match group {
                Some(g) if namesakes.len() > 1 && in_group(&g) => {
                    zones.push(Sp::new(format!("{g}/{}", zone.value), zone.loc))
                }
                _ => zones.push(zone),
            }
        }
    }
    zones
}

pub fn map_zones(m: &mut Mapper) -> Result<()> {
    for resource in m.of_type(ZONES).collect::<Vec<_>>() {
        let name = own_name(resource);
        let owner = Owner {
            kind: Kind::PrivateDnsZone,
            name: &name,
        };
        m.own_unknowns(owner, resource);
        let mut vnet_links = Vec::new();
        // NOTE: a link's own unknown `condition` is not recorded, so the link
        // counts as deployed.
        for link in m.children(ZONE_LINKS, resource.name_text()) {
            let Some(vnet) = link.properties.path(&["virtualNetwork", "id"]) else {
                return Err(missing(link, "virtualNetwork.id"));
            };
            let vnet = m.reference(owner, "vnet_links", vnet);
            let fallback = fallback_to_internet(link);
            vnet_links.push(VnetLink {
                vnet,
                fallback_to_internet: fallback,
            });
        }
        let mut records = Vec::new();
        for record in m.children(A_RECORDS, resource.name_text()) {
            let record_name = Sp::new(own_name(record), record.name.loc);
            let entries = record.properties.get("aRecords");
            for entry in entries.map_or(&[][..], Val::items) {
                if let Some(ip) = entry.get("ipv4Address") {
                    let ip = m.text(owner, "records", ip);
                    records.push(DnsRecord {
                        name: record_name.clone(),
                        ip,
                    });
                }
            }
        }
        let zone = DnsZone {
            name: Sp::new(name.clone(), resource.name.loc),
            resource_group: resource
                .group
                .clone()
                .map(|g| Sp::new(g, resource.name.loc)),
            vnet_links,
            records,
        };
        m.file.private_dns_zones.push(zone);
    }
    map_links_of_other_zones(m)
}

/// Maps the VNet links of zones that the template does not declare, such as
/// central zones of a hub, as links apart that join their zone when another
/// input of the run declares it.
fn map_links_of_other_zones(m: &mut Mapper) -> Result<()> {
    for link in m.of_type(ZONE_LINKS).collect::<Vec<_>>() {
        let segments = super::functions::split_known(link.name_text(), &["/"]);
        let Some((_, parent)) = segments.split_last() else {
            continue;
        };
        let zone_name = parent.join("/");
        if m.find(ZONES, &zone_name).is_some() {
            continue;
        }
        let zone_text = super::render::model_text(&zone_name);
        let owner = Owner {
            kind: Kind::PrivateDnsZone,
            name: &zone_text,
        };
        let Some(vnet) = link.properties.path(&["virtualNetwork", "id"]) else {
            return Err(missing(link, "virtualNetwork.id"));
        };
        let vnet = m.reference(owner, "vnet_links", vnet);
        let fallback_to_internet = fallback_to_internet(link);
        m.file.private_dns_zone_links.push(ZoneLink {
            zone: Sp::new(zone_text.clone(), link.name.loc),
            resource_group: link.group.clone().map(|g| Sp::new(g, link.name.loc)),
            vnet,
            fallback_to_internet,
        });
    }
    Ok(())
}

/// Reads a link's `resolutionPolicy`: `NxDomainRedirect` falls back to
/// public DNS for names missing from the zone.
fn fallback_to_internet(link: &Resource) -> Option<Sp<bool>> {
    let policy = link.properties.get("resolutionPolicy")?;
    policy
        .as_str()
        .filter(|s| !s.contains(OPEN))
        .map(|s| Sp::new(s.eq_ignore_ascii_case("NxDomainRedirect"), policy.loc))
}

pub fn map_resolvers(m: &mut Mapper) -> Result<()> {
    for resource in m.of_type(RESOLVERS).collect::<Vec<_>>() {
        let name = own_name(resource);
        let owner = Owner {
            kind: Kind::DnsResolver,
            name: &name,
        };
        let Some(vnet) = resource.properties.path(&["virtualNetwork", "id"]) else {
            return Err(missing(resource, "virtualNetwork.id"));
        };
        let inbound = m.children(INBOUND_ENDPOINTS, resource.name_text());
        let Some(endpoint) = inbound.first() else {
            tracing::debug!("DNS resolver {name} has no inbound endpoint, so it is skipped");
            continue;
        };
        let Some(config) = endpoint
            .properties
            .get("ipConfigurations")
            .and_then(|c| c.items().first())
        else {
            return Err(missing(endpoint, "ipConfigurations"));
        };
        let Some(subnet) = config.path(&["subnet", "id"]) else {
            return Err(missing(endpoint, "ipConfigurations[0].subnet.id"));
        };
        m.own_unknowns(owner, resource);
        let vnet = m.reference(owner, "vnet", vnet);
        let inbound_subnet = m.reference(owner, "inbound_subnet", subnet);
        let inbound_ip = match config.get("privateIpAddress").filter(|v| !v.is_null()) {
            Some(ip) => m.text(owner, "inbound_ip", ip),
            None => {
                let rendering = format!(
                    "reference('{}').ipConfigurations[0].privateIpAddress",
                    endpoint.name_text()
                );
                m.unknown(
                    owner,
                    "inbound_ip",
                    &endpoint.name,
                    "Azure picks it when it creates the resource".into(),
                );
                Sp::new(assigned(&rendering), endpoint.name.loc)
            }
        };
        m.file.dns_resolvers.push(DnsResolver {
            name: Sp::new(name.clone(), resource.name.loc),
            vnet,
            inbound_subnet,
            inbound_ip,
        });
    }
    Ok(())
}
