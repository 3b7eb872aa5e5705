//! `azure-limit-exceeded`: a VNet or a private DNS zone has more of something
//! than Azure allows.
//!
//! Limits from Microsoft Learn, "Azure subscription and service limits,
//! quotas, and constraints" (azure-subscription-service-limits).

use crate::finding::{Category, Finding, Severity};
use crate::model::index::Kind;
use crate::model::Sp;
use crate::rules::{Context, Rule};
use crate::source::Loc;

/// Peerings that leave one VNet.
const MAX_PEERINGS: usize = 500;
/// Private endpoints placed in one VNet.
const MAX_ENDPOINTS: usize = 1000;
/// Subnets of one VNet.
const MAX_SUBNETS: usize = 3000;
/// Custom DNS servers of one VNet.
const MAX_DNS_SERVERS: usize = 20;
/// VNet links of one private DNS zone, without auto-registration.
const MAX_ZONE_LINKS: usize = 1000;

/// One exceeded limit: what is counted, the first item over the limit, and the fix.
struct Excess<'a> {
    kind: Kind,
    owner: &'a Sp<String>,
    owner_display: String,
    count: usize,
    limit: usize,
    counted: &'static str,
    rejected: String,
    first_over: Loc,
    help: String,
}

fn exceeded(e: Excess) -> Finding {
    Finding::new(
        &RULE,
        Severity::Error,
        (e.kind, &e.owner_display),
        e.first_over,
        format!("over the limit of {}", e.limit),
        format!(
            "the {} `{}` has {} {}, more than the {} Azure allows, so Azure rejects {}",
            e.kind.noun(),
            e.owner_display,
            e.count,
            e.counted,
            e.limit,
            e.rejected
        ),
    )
    .related(
        e.owner.loc,
        format!("{} `{}`", e.kind.noun(), e.owner.value),
    )
    .help(e.help)
}

pub static RULE: Rule = Rule {
    id: "azure-limit-exceeded",
    category: Category::Model,
    severity: Severity::Error,
    summary: "a VNet or private DNS zone exceeds an Azure limit",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for v in 0..cx.topology.vnets.len() {
        out.extend(vnet_excesses(cx, v).into_iter().map(exceeded));
    }
    for (z, zone) in cx.topology.private_dns_zones.iter().enumerate() {
        let Some(link) = zone.vnet_links.get(MAX_ZONE_LINKS) else {
            continue;
        };

        out.push(exceeded(Excess {
            kind: Kind::PrivateDnsZone,
            owner: &zone.name,
            owner_display: cx.topology.zone_display(z),
            count: zone.vnet_links.len(),
            limit: MAX_ZONE_LINKS,
            counted: "VNet links",
            rejected: format!("the link to `{}` and later ones", link.vnet.value),
            first_over: link.vnet.loc,
            help: format!(
                "link at most {MAX_ZONE_LINKS} VNets, and let the others resolve through a \
                 DNS Private Resolver in a linked VNet"
            ),
        }));
    }
}

/// Lists the limits that VNet `v` exceeds, each pointing at its first item over the limit.
fn vnet_excesses<'a>(cx: &Context<'a>, v: usize) -> Vec<Excess<'a>> {
    let t = cx.topology;
    let vnet = &t.vnets[v];
    let excess = |count, limit, counted, rejected, first_over, help| Excess {
        kind: Kind::Vnet,
        owner: &vnet.name,
        owner_display: vnet.name.value.clone(),
        count,
        limit,
        counted,
        rejected,
        first_over,
        help,
    };
    let mut found = Vec::new();
    let name = &vnet.name.value;

    let peerings = &cx.index.peerings_from_vnet[v];
    if let Some(p) = peerings.get(MAX_PEERINGS).and_then(|&p| t.peerings.get(p)) {
        found.push(excess(
            peerings.len(),
            MAX_PEERINGS,
            "peerings",
            format!("the peering to `{}` and later ones", p.to.value),
            p.from.loc,
            format!("peer at most {MAX_PEERINGS} VNets with `{name}`, for example by adding a second hub"),
        ));
    }

    let endpoints = &cx.index.endpoints_in_vnet[v];
    if let Some(pe) = endpoints
        .get(MAX_ENDPOINTS)
        .and_then(|&p| t.private_endpoints.get(p))
    {
        found.push(excess(
            endpoints.len(),
            MAX_ENDPOINTS,
            "private endpoints",
            format!("endpoint `{}` and later ones", pe.name.value),
            pe.subnet.loc,
            format!("place the private endpoints beyond {MAX_ENDPOINTS} in another VNet"),
        ));
    }

    if let Some(subnet) = vnet.subnets.get(MAX_SUBNETS) {
        found.push(excess(
            vnet.subnets.len(),
            MAX_SUBNETS,
            "subnets",
            "the VNet".to_string(),
            subnet.name.loc,
            format!("split the subnets of `{name}` across VNets"),
        ));
    }

    if let Some(server) = vnet.dns_servers.get(MAX_DNS_SERVERS) {
        found.push(excess(
            vnet.dns_servers.len(),
            MAX_DNS_SERVERS,
            "DNS servers",
            "the VNet".to_string(),
            server.loc,
            format!("keep at most {MAX_DNS_SERVERS} DNS servers on `{name}`"),
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::model::index::Kind;
    use crate::rules::testing::{findings, messages};

    fn vnet_with_dns_servers(count: usize) -> String {
        let servers: Vec<String> = (0..count).map(|i| format!("10.0.0.{}", i + 4)).collect();
        format!(
            "
region: eastus2
vnets:
  - {{name: vnet-a, address_space: [10.0.0.0/16], dns_servers: [{}]}}
",
            servers.join(", ")
        )
    }

    #[test]
    fn twenty_dns_servers_pass() {
        assert!(messages(&vnet_with_dns_servers(20), "azure-limit-exceeded").is_empty());
    }

    #[test]
    fn twenty_one_dns_servers_fail() {
        let found = findings(&vnet_with_dns_servers(21), "azure-limit-exceeded");
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "the VNet `vnet-a` has 21 DNS servers, more than the 20 Azure allows, \
             so Azure rejects the VNet"
        );
        assert_eq!(found[0].resource.name, "vnet-a");
    }

    #[test]
    fn peerings_over_limit() {
        let mut yaml = String::from(
            "region: eastus2\nvnets:\n  - {name: hub, address_space: [10.0.0.0/16]}\n",
        );
        yaml.push_str("peerings:\n");
        for i in 0..501 {
            yaml.push_str(&format!("  - {{from: hub, to: spoke-{i}}}\n"));
        }
        let found = findings(&yaml, "azure-limit-exceeded");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("has 501 peerings"));
        assert!(found[0].message.contains("`spoke-500`"));
    }

    #[test]
    fn subnets_over_limit() {
        let mut yaml = String::from(
            "region: eastus2\nvnets:\n  - name: vnet-a\n    address_space: [10.0.0.0/8]\n    subnets:\n",
        );
        for i in 0..3001 {
            yaml.push_str(&format!(
                "      - {{name: s{i}, address_prefix: 10.{}.{}.0/24}}\n",
                i / 256,
                i % 256
            ));
        }
        let found = findings(&yaml, "azure-limit-exceeded");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("3001 subnets"));
    }

    #[test]
    fn endpoints_and_zone_links_over_limit() {
        let mut yaml = String::from(
            "region: eastus2\nvnets:\n  - name: vnet-a\n    address_space: [10.0.0.0/16]\n    subnets: [{name: pe, address_prefix: 10.0.0.0/20}]\n",
        );
        yaml.push_str("private_endpoints:\n");
        for i in 0..1001 {
            yaml.push_str(&format!(
                "  - {{name: pe-{i}, subnet: vnet-a/pe, target: kv, group: vault}}\n"
            ));
        }
        yaml.push_str(
            "private_dns_zones:\n  - name: privatelink.vaultcore.azure.net\n    vnet_links:\n",
        );
        for i in 0..1001 {
            yaml.push_str(&format!("      - vnet-{i}\n"));
        }
        let found = findings(&yaml, "azure-limit-exceeded");
        assert_eq!(found.len(), 2);
        let kinds: Vec<Kind> = found.iter().map(|f| f.resource.kind).collect();
        assert!(kinds.contains(&Kind::Vnet));
        assert!(kinds.contains(&Kind::PrivateDnsZone));
    }
}
