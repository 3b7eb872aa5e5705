//! `vnet-address-overlap`: VNets whose address spaces overlap although
//! peering connects them.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use ipnet::IpNet;

use crate::finding::{Category, Finding, Severity};
use crate::model::index::Kind;
use crate::model::Sp;
use crate::rules::{Context, Rule};
use crate::source::Loc;

use super::util::{overlapping_owners, OwnerOverlap};

/// The connection between two overlapping VNets.
enum Connection {
    /// Peered with each other, through this peering.
    Peered(usize),
    /// Both peered with one hub VNet; the peering connects the hub and the later VNet.
    SameHub { hub: usize, peering: Option<usize> },
    /// In one group of two-way peerings with a VNet that contains a firewall or gateway.
    Transit { vnet: usize },
}

fn overlap(cx: &Context, pair: OwnerOverlap, connection: Connection) -> Finding {
    let t = cx.topology;
    let (a, a_net) = pair.first;
    let (b, b_net) = pair.second;
    let a_name = &t.vnets[a].name.value;
    let b_name = &t.vnets[b].name.value;
    let both = format!("VNets `{a_name}` ({a_net}) and `{b_name}` ({b_net})");
    let (severity, message) = match connection {
        Connection::Peered(_) => (
            Severity::Error,
            format!(
                "{both} are peered but their address spaces overlap; Azure rejects the peering"
            ),
        ),
        Connection::SameHub { hub, .. } => (
            Severity::Error,
            format!(
                "{both} overlap and are both peered with `{}`; Azure rejects the second peering \
                 with `VnetAddressSpaceOverlapsWithAlreadyPeeredVnet`",
                t.vnets[hub].name.value
            ),
        ),
        Connection::Transit { vnet } => (
            Severity::Warning,
            format!(
                "{both} overlap and are connected by peerings through `{}`, which holds a \
                 firewall or gateway; routes there cannot tell the two ranges apart, so traffic \
                 for one of them reaches the wrong VNet",
                t.vnets[vnet].name.value
            ),
        ),
    };

    let mut finding = Finding::new(
        &RULE,
        severity,
        (Kind::Vnet, b_name),
        entry_loc(&t.vnets[b].address_space, &cx.index.vnet_prefixes[b], b_net),
        format!("overlaps `{a_name}`"),
        message,
    )
    .related(
        entry_loc(&t.vnets[a].address_space, &cx.index.vnet_prefixes[a], a_net),
        format!("`{a_name}` is here"),
    )
    .help(format!(
        "give `{b_name}` an address space that does not overlap `{a_name}` ({a_net})"
    ));
    let peering = match connection {
        Connection::Peered(p) => Some(p),
        Connection::SameHub { peering, .. } => peering,
        Connection::Transit { .. } => None,
    };
    if let Some(peering) = peering.and_then(|p| t.peerings.get(p)) {
        finding = finding.related(peering.from.loc, "peered here");
    }
    finding
}

/// Returns the location of the address space entry that parsed to `net`.
fn entry_loc(entries: &[Sp<String>], parsed: &[Option<IpNet>], net: IpNet) -> Loc {
    entries
        .iter()
        .zip(parsed)
        .find(|(_, p)| **p == Some(net))
        .or_else(|| entries.iter().zip(parsed).next())
        .map_or_else(Loc::default, |(entry, _)| entry.loc)
}

pub static RULE: Rule = Rule {
    id: "vnet-address-overlap",
    category: Category::Address,
    severity: Severity::Error,
    summary: "VNets connected by peering have overlapping address spaces",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let peers = Peers::build(cx);
    let mut reported = HashSet::new();

    for (hub, neighbours) in peers.neighbours.iter().enumerate() {
        if neighbours.is_empty() {
            continue;
        }
        let members = std::iter::once(hub).chain(neighbours.iter().copied());
        for pair in overlapping_owners(tagged_prefixes(cx, members)) {
            let key = (pair.first.0, pair.second.0);
            if !reported.insert(key) {
                continue;
            }
            let connection = match peers.edges.get(&key) {
                Some(&p) => Connection::Peered(p),
                None => Connection::SameHub {
                    hub,
                    peering: peers.edges.get(&ordered(hub, key.1)).copied(),
                },
            };
            out.push(overlap(cx, pair, connection));
        }
    }

    for (transit, members) in transit_groups(cx) {
        for pair in overlapping_owners(tagged_prefixes(cx, members.into_iter())) {
            if reported.insert((pair.first.0, pair.second.0)) {
                out.push(overlap(cx, pair, Connection::Transit { vnet: transit }));
            }
        }
    }
}

/// The peering graph without direction: each VNet's peers, and the first
/// peering declared between each pair of VNets.
struct Peers {
    neighbours: Vec<Vec<usize>>,
    /// Pair of VNets, smaller first, to a peering between them.
    edges: HashMap<(usize, usize), usize>,
}

impl Peers {
    fn build(cx: &Context) -> Peers {
        let index = cx.index;
        let mut peers = Peers {
            neighbours: vec![Vec::new(); cx.topology.vnets.len()],
            edges: HashMap::new(),
        };
        for (p, (from, to)) in index.peering_from.iter().zip(&index.peering_to).enumerate() {
            let (Some(from), Some(to)) = (*from, *to) else {
                continue;
            };
            if from == to {
                continue;
            }
            if let Entry::Vacant(slot) = peers.edges.entry(ordered(from, to)) {
                slot.insert(p);
                peers.neighbours[from].push(to);
                peers.neighbours[to].push(from);
            }
        }
        peers
    }
}

fn ordered(a: usize, b: usize) -> (usize, usize) {
    (a.min(b), a.max(b))
}

/// Returns the parsed address space entries of `vnets`, each tagged with its VNet.
fn tagged_prefixes(cx: &Context, vnets: impl Iterator<Item = usize>) -> Vec<(IpNet, usize)> {
    let mut tagged = Vec::new();
    for v in vnets {
        let Some(prefixes) = cx.index.vnet_prefixes.get(v) else {
            continue;
        };
        tagged.extend(prefixes.iter().flatten().map(|net| (*net, v)));
    }
    tagged
}

/// Returns the groups of VNets joined by two-way peerings that contain a VNet
/// with a firewall or a gateway, each with the first such VNet.
fn transit_groups(cx: &Context) -> Vec<(usize, Vec<usize>)> {
    let index = cx.index;
    let count = cx.topology.vnets.len();
    let mut sets = DisjointSets::new(count);

    let declared: HashSet<(usize, usize)> = index
        .peering_from
        .iter()
        .zip(&index.peering_to)
        .filter_map(|(from, to)| Some(((*from)?, (*to)?)))
        .collect();
    for &(from, to) in &declared {
        if from < to && declared.contains(&(to, from)) {
            sets.union(from, to);
        }
    }

    let firewalls = index.firewall_subnet.iter().flatten().map(|s| s.vnet);
    let gateways = index.gateway_vnet.iter().flatten().copied();
    let mut transit_of_root: HashMap<usize, usize> = HashMap::new();
    for vnet in firewalls.chain(gateways) {
        let root = sets.find(vnet);
        let first = transit_of_root.entry(root).or_insert(vnet);
        *first = (*first).min(vnet);
    }

    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for vnet in 0..count {
        let root = sets.find(vnet);
        if transit_of_root.contains_key(&root) {
            members.entry(root).or_default().push(vnet);
        }
    }
    let mut groups: Vec<(usize, Vec<usize>)> = members
        .into_iter()
        .filter(|(_, vnets)| vnets.len() > 1)
        .filter_map(|(root, vnets)| Some((*transit_of_root.get(&root)?, vnets)))
        .collect();
    groups.sort();
    groups
}

/// Union-find over VNet positions, with path halving and union by size.
struct DisjointSets {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl DisjointSets {
    fn new(count: usize) -> DisjointSets {
        DisjointSets {
            parent: (0..count).collect(),
            size: vec![1; count],
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a;
        self.size[a] += self.size[b];
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::testing::findings;

    fn design(spoke_b: &str, peerings: &str, extra: &str) -> String {
        format!(
            "
vnets:
  - {{name: hub, region: eastus, address_space: [10.0.0.0/16], subnets: [{{name: AzureFirewallSubnet, address_prefix: 10.0.0.0/26}}]}}
  - {{name: spoke-a, region: eastus, address_space: [10.1.0.0/16]}}
  - {{name: spoke-b, region: eastus, address_space: [{spoke_b}]}}
peerings:
{peerings}
{extra}"
        )
    }

    const HUB_AND_SPOKES: &str = "
  - {from: hub, to: spoke-a}
  - {from: spoke-a, to: hub}
  - {from: hub, to: spoke-b}
  - {from: spoke-b, to: hub}
";

    const FIREWALL: &str = "
firewalls:
  - {name: fw, subnet: hub/AzureFirewallSubnet, private_ip: 10.0.0.4}
";

    fn severities(yaml: &str) -> Vec<Severity> {
        findings(yaml, "vnet-address-overlap")
            .iter()
            .map(|f| f.severity)
            .collect()
    }

    #[test]
    fn disjoint_spokes_pass() {
        let yaml = design("10.2.0.0/16", HUB_AND_SPOKES, FIREWALL);
        assert!(severities(&yaml).is_empty());
    }

    #[test]
    fn peered_overlap_is_error() {
        let yaml = design("10.0.128.0/17", "  - {from: spoke-b, to: hub}", "");
        let found = findings(&yaml, "vnet-address-overlap");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(found[0].resource.name, "spoke-b");
        assert!(
            found[0].message.contains("are peered"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].related.len(), 2);
    }

    #[test]
    fn spokes_of_one_hub_overlap() {
        let yaml = design("10.1.4.0/24", HUB_AND_SPOKES, "");
        let found = findings(&yaml, "vnet-address-overlap");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
        assert!(
            found[0]
                .message
                .contains("VnetAddressSpaceOverlapsWithAlreadyPeeredVnet"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn overlap_across_transit_is_warning() {
        // spoke-a and spoke-b reach the hub through a middle VNet each.
        let yaml = format!(
            "
vnets:
  - {{name: hub, region: eastus, address_space: [10.0.0.0/16], subnets: [{{name: GatewaySubnet, address_prefix: 10.0.0.0/27}}]}}
  - {{name: mid-a, region: eastus, address_space: [10.10.0.0/16]}}
  - {{name: mid-b, region: eastus, address_space: [10.20.0.0/16]}}
  - {{name: spoke-a, region: eastus, address_space: [10.1.0.0/16]}}
  - {{name: spoke-b, region: eastus, address_space: [10.1.0.0/24]}}
gateways:
  - {{name: vgw, kind: vpn, vnet: hub}}
peerings:
{}",
            [
                ("hub", "mid-a"),
                ("hub", "mid-b"),
                ("mid-a", "spoke-a"),
                ("mid-b", "spoke-b"),
            ]
            .iter()
            .map(|(a, b)| format!("  - {{from: {a}, to: {b}}}\n  - {{from: {b}, to: {a}}}\n"))
            .collect::<String>()
        );
        assert_eq!(severities(&yaml), [Severity::Warning]);
    }

    #[test]
    fn no_transit_vnet_no_warning() {
        let yaml = "
vnets:
  - {name: mid, region: eastus, address_space: [10.0.0.0/16]}
  - {name: x, region: eastus, address_space: [10.10.0.0/16]}
  - {name: y, region: eastus, address_space: [10.20.0.0/16]}
  - {name: spoke-a, region: eastus, address_space: [10.1.0.0/16]}
  - {name: spoke-b, region: eastus, address_space: [10.1.0.0/24]}
peerings:
  - {from: mid, to: x}
  - {from: x, to: mid}
  - {from: mid, to: y}
  - {from: y, to: mid}
  - {from: x, to: spoke-a}
  - {from: spoke-a, to: x}
  - {from: y, to: spoke-b}
  - {from: spoke-b, to: y}
";
        assert!(severities(yaml).is_empty());
    }

    #[test]
    fn pair_reported_once() {
        // Peered directly and through the hub: one error, as a direct peering.
        let peerings = format!("{HUB_AND_SPOKES}  - {{from: spoke-a, to: spoke-b}}\n");
        let yaml = design("10.1.4.0/24", &peerings, FIREWALL);
        let found = findings(&yaml, "vnet-address-overlap");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("are peered"),
            "{}",
            found[0].message
        );
    }
}
