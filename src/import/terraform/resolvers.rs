//! DNS Private Resolvers, one model entry per inbound endpoint.
//!
//! The model gives each `dns_resolvers` entry one inbound endpoint. A
//! resolver with one endpoint keeps the resolver's name; each endpoint of a
//! resolver with several is named `RESOLVER/ENDPOINT`, so entries do not
//! collide.

use std::collections::HashMap;

use crate::model::index::Kind;
use crate::model::{DnsResolver, Sp};

use super::addresses::{ip_loc, ip_of, Ip};
use super::fields::Cx;
use super::names::Naming;
use super::plan::Res;

const ENDPOINT: &str = "azurerm_private_dns_resolver_inbound_endpoint";

pub fn map(cx: &mut Cx) {
    let plan = cx.plan;
    let mut endpoints: Vec<(&Res, &Res)> = Vec::new();
    for endpoint in plan.of_kind(ENDPOINT) {
        match cx.target(endpoint, "private_dns_resolver_id") {
            Some(parent) => endpoints.push((parent, endpoint)),
            None => tracing::debug!(
                address = endpoint.address,
                "inbound endpoint of a resolver the plan does not hold, skipped"
            ),
        }
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (parent, _) in &endpoints {
        *counts.entry(parent.address).or_default() += 1;
    }
    for (parent, endpoint) in endpoints {
        let shared = counts[parent.address] > 1;
        if let Some(resolver) = resolver(cx, parent, endpoint, shared) {
            cx.file.dns_resolvers.push(resolver);
        }
    }
}

/// Returns the entry name: the resolver's, or `RESOLVER/ENDPOINT` when the
/// resolver has several inbound endpoints.
fn entry_name(cx: &mut Cx, parent: &Res, endpoint: &Res, shared: bool) -> Sp<String> {
    let resolver = cx.name(parent, Kind::DnsResolver);
    if !shared {
        return resolver;
    }
    let own = cx.name(endpoint, Kind::DnsResolver);
    Sp::new(format!("{}/{}", resolver.value, own.value), own.loc)
}

fn resolver(cx: &mut Cx, parent: &Res, endpoint: &Res, shared: bool) -> Option<DnsResolver> {
    let name = entry_name(cx, parent, endpoint, shared);
    let owner = name.value.clone();
    let vnet = cx.reference(
        parent,
        "virtual_network_id",
        Naming::Plain,
        (Kind::DnsResolver, &owner, "vnet"),
    )?;
    let inbound_subnet = cx.reference(
        endpoint,
        "ip_configurations.0.subnet_id",
        Naming::Subnet,
        (Kind::DnsResolver, &owner, "inbound_subnet"),
    )?;
    let inbound_ip = match ip_of(cx, endpoint)? {
        Ip::Known(ip) => ip,
        Ip::Symbol(text) => {
            let loc = ip_loc(endpoint);
            cx.unknown(Kind::DnsResolver, &owner, "inbound_ip", &text, loc)
        }
    };
    Some(DnsResolver {
        name,
        vnet,
        inbound_subnet,
        inbound_ip,
    })
}
