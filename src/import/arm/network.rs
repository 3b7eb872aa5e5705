//! VNets, subnets, route tables and peerings.

use super::eval::{EvalError, Result};
use super::map::{own_name, parent_name, reason, Mapper, Owner};
use super::template::Resource;
use super::value::{Val, Value};
use crate::model::index::Kind;
use crate::model::{EndpointPolicies, NextHop, Peering, Route, Sp, Subnet, Vnet};

pub const VNETS: &str = "Microsoft.Network/virtualNetworks";
pub const SUBNETS: &str = "Microsoft.Network/virtualNetworks/subnets";
pub const PEERINGS: &str = "Microsoft.Network/virtualNetworks/virtualNetworkPeerings";
pub const ROUTE_TABLES: &str = "Microsoft.Network/routeTables";
pub const ROUTES: &str = "Microsoft.Network/routeTables/routes";

pub fn map_vnets(m: &mut Mapper) -> Result<()> {
    for resource in m.of_type(VNETS).collect::<Vec<_>>() {
        let name = own_name(resource);
        let owner = Owner {
            kind: Kind::Vnet,
            name: &name,
        };
        m.own_unknowns(owner, resource);
        let props = &resource.properties;
        let address_space = m.texts(
            owner,
            "address_space",
            props.path(&["addressSpace", "addressPrefixes"]),
        );
        let dns_servers = m.texts(
            owner,
            "dns_servers",
            props.path(&["dhcpOptions", "dnsServers"]),
        );
        let mut subnets = Vec::new();
        match props.get("subnets") {
            Some(Val {
                value: Value::Unknown(r),
                ..
            }) => {
                let value = props.get("subnets").expect("matched above");
                m.unknown(owner, "subnets", value, reason(r));
            }
            Some(list) => {
                for item in list.items() {
                    subnets.push(subnet(m, &name, item, item.get("name"))?);
                }
            }
            None => {}
        }
        for child in m.children(SUBNETS, resource.name_text()) {
            let wrapped = Val::new(
                Value::Object(vec![("properties".into(), child.properties.clone())]),
                child.name.loc,
            );
            let mut sub = subnet(m, &name, &wrapped, None)?;
            sub.name = Sp::new(own_name(child), child.name.loc);
            subnets.push(sub);
        }
        let vnet = Vnet {
            name: Sp::new(name.clone(), resource.name.loc),
            region: m.region(owner, resource),
            subscription: None,
            address_space,
            dns_servers,
            subnets,
        };
        m.file.vnets.push(vnet);
    }
    Ok(())
}

/// Maps one subnet, given as `{name, properties}`.
fn subnet(m: &mut Mapper, vnet: &str, item: &Val, name: Option<&Val>) -> Result<Subnet> {
    let subnet_name = match name {
        Some(n) => m.text(
            Owner {
                kind: Kind::Vnet,
                name: vnet,
            },
            "subnets",
            n,
        ),
        None => Sp::new(String::new(), item.loc),
    };
    let full = format!("{vnet}/{}", subnet_name.value);
    let owner = Owner {
        kind: Kind::Subnet,
        name: &full,
    };
    let props = item
        .get("properties")
        .cloned()
        .unwrap_or(Val::new(Value::Null, item.loc));
    let prefix = props
        .get("addressPrefix")
        .or_else(|| props.get("addressPrefixes").and_then(|p| p.items().first()));
    let Some(prefix) = prefix else {
        return Err(EvalError::new(
            item.loc,
            format!("subnet {full} has no `addressPrefix`"),
            "set `properties.addressPrefix` on the subnet",
        ));
    };
    let address_prefix = m.text(owner, "address_prefix", prefix);
    let policies = m.choice(
        owner,
        "private_endpoint_network_policies",
        props.get("privateEndpointNetworkPolicies"),
        EndpointPolicies::parse,
        EndpointPolicies::NAMES,
    )?;
    let delegation = props
        .get("delegations")
        .and_then(|d| d.items().first().cloned())
        .and_then(|d| d.path(&["properties", "serviceName"]).cloned());
    let delegation = m.opt_text(owner, "delegation", delegation.as_ref());
    let mut service_endpoints = Vec::new();
    for endpoint in props.get("serviceEndpoints").map_or(&[][..], Val::items) {
        if let Some(service) = endpoint.get("service") {
            service_endpoints.push(m.text(owner, "service_endpoints", service));
        }
    }
    let route_table = match props.path(&["routeTable", "id"]) {
        Some(id) => routes(m, owner, id)?,
        None => Vec::new(),
    };
    Ok(Subnet {
        name: subnet_name,
        address_prefix,
        private_endpoint_network_policies: policies,
        delegation,
        service_endpoints,
        route_table,
    })
}

/// Returns the routes of the route table that `id` refers to.
fn routes(m: &mut Mapper, owner: Owner, id: &Val) -> Result<Vec<Route>> {
    let table = m.reference(owner, "route_table", id);
    let Some(resource) = m.find(ROUTE_TABLES, &table.value) else {
        tracing::debug!("route table {} is not in the template", table.value);
        return Ok(Vec::new());
    };
    let mut entries: Vec<Val> = resource
        .properties
        .get("routes")
        .map_or(Vec::new(), |r| r.items().to_vec());
    for child in m.children(ROUTES, resource.name_text()) {
        entries.push(Val::new(
            Value::Object(vec![("properties".into(), child.properties.clone())]),
            child.name.loc,
        ));
    }
    let mut routes = Vec::new();
    for entry in &entries {
        let Some(props) = entry.get("properties") else {
            continue;
        };
        let Some(prefix) = props.get("addressPrefix") else {
            continue;
        };
        let address_prefix = m.text(owner, "route_table", prefix);
        let Some(hop) = props.get("nextHopType") else {
            continue;
        };
        let Some(next_hop) = next_hop(m, owner, hop, props.get("nextHopIpAddress"))? else {
            continue;
        };
        routes.push(Route {
            address_prefix,
            next_hop,
        });
    }
    Ok(routes)
}

fn next_hop(
    m: &mut Mapper,
    owner: Owner,
    hop: &Val,
    ip: Option<&Val>,
) -> Result<Option<Sp<NextHop>>> {
    let Some(kind) = hop.as_str() else {
        m.unknown(
            owner,
            "route_table",
            hop,
            reason(&super::render::display(&hop.value)),
        );
        return Ok(None);
    };
    let value = match kind.to_ascii_lowercase().as_str() {
        "internet" => NextHop::Internet,
        "none" => NextHop::None,
        "vnetlocal" => NextHop::VnetLocal,
        "virtualnetworkgateway" => NextHop::VirtualNetworkGateway,
        "virtualappliance" => {
            let Some(ip) = ip else {
                return Err(EvalError::new(
                    hop.loc,
                    "route to a virtual appliance has no `nextHopIpAddress`",
                    "set the appliance's IP address in `nextHopIpAddress`",
                ));
            };
            NextHop::VirtualAppliance(m.text(owner, "route_table", ip).value)
        }
        other => {
            return Err(EvalError::new(
                hop.loc,
                format!("`nextHopType` `{other}` is not a next hop type"),
                format!("set one of {}", NextHop::NAMES.join(", ")),
            ))
        }
    };
    Ok(Some(Sp::new(value, hop.loc)))
}

pub fn map_peerings(m: &mut Mapper) -> Result<()> {
    for resource in m.of_type(PEERINGS).collect::<Vec<_>>() {
        let name = own_name(resource);
        let owner = Owner {
            kind: Kind::Peering,
            name: &name,
        };
        m.own_unknowns(owner, resource);
        let props = &resource.properties;
        let Some(remote) = props.path(&["remoteVirtualNetwork", "id"]) else {
            return Err(missing(resource, "remoteVirtualNetwork.id"));
        };
        let to = m.reference(owner, "to", remote);
        let peering = Peering {
            name: Some(Sp::new(name.clone(), resource.name.loc)),
            from: Sp::new(parent_name(resource), resource.name.loc),
            to,
            allow_virtual_network_access: m.flag(
                owner,
                "allow_virtual_network_access",
                props.get("allowVirtualNetworkAccess"),
            )?,
            allow_forwarded_traffic: m.flag(
                owner,
                "allow_forwarded_traffic",
                props.get("allowForwardedTraffic"),
            )?,
            allow_gateway_transit: m.flag(
                owner,
                "allow_gateway_transit",
                props.get("allowGatewayTransit"),
            )?,
            use_remote_gateways: m.flag(
                owner,
                "use_remote_gateways",
                props.get("useRemoteGateways"),
            )?,
        };
        m.file.peerings.push(peering);
    }
    Ok(())
}

/// Returns an error for a property that the model needs and the resource lacks.
pub fn missing(resource: &Resource, property: &str) -> EvalError {
    EvalError::new(
        resource.name.loc,
        format!(
            "{} {} has no `properties.{property}`",
            resource.resource_type,
            resource.name_text()
        ),
        format!("set `properties.{property}`"),
    )
}
