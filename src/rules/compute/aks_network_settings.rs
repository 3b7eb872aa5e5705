//! `aks-network-settings`: an AKS service CIDR that collides with the network, or a DNS
//! service IP outside it.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;

use ipnet::IpNet;

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{parse_ip, Index, Kind};
use crate::model::{Aks, Topology};
use crate::rules::{Context, Rule};
use crate::source::Loc;

/// AKS defaults when the cluster sets no value (Azure CLI and ARM).
const DEFAULT_SERVICE_CIDR: &str = "10.0.0.0/16";
const DEFAULT_DNS_SERVICE_IP: &str = "10.0.0.10";

/// Ranges AKS does not accept for the service CIDR.
const RESERVED_RANGES: [&str; 4] = [
    "169.254.0.0/16",
    "172.30.0.0/16",
    "172.31.0.0/16",
    "192.0.2.0/24",
];

/// Maximum number of VNets that one finding names and labels.
const MAX_LISTED_VNETS: usize = 5;

/// A VNet address prefix: its VNet and its position in `address_space`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct PrefixRef {
    vnet: usize,
    position: usize,
}

/// Every VNet address prefix, sorted for overlap queries.
struct PrefixTable {
    /// Sorted by first address, then prefix length.
    sorted: Vec<(IpNet, PrefixRef)>,
    exact: HashMap<IpNet, Vec<PrefixRef>>,
}

impl PrefixTable {
    fn build(index: &Index) -> PrefixTable {
        let mut sorted = Vec::new();
        let mut exact: HashMap<IpNet, Vec<PrefixRef>> = HashMap::new();
        for (vnet, prefixes) in index.vnet_prefixes.iter().enumerate() {
            for (position, prefix) in prefixes.iter().enumerate() {
                let Some(net) = prefix else { continue };
                let r = PrefixRef { vnet, position };
                sorted.push((*net, r));
                exact.entry(*net).or_default().push(r);
            }
        }
        sorted.sort_by_key(|(net, r)| (net.network(), net.prefix_len(), r.vnet, r.position));
        PrefixTable { sorted, exact }
    }

    /// Finds the prefixes that overlap `net`: those that start inside it (a range of the
    /// sorted list) and those that contain it (its supernets, one lookup per length).
    fn overlapping(&self, net: IpNet) -> Vec<PrefixRef> {
        let start = self
            .sorted
            .partition_point(|(p, _)| p.network() < net.network());
        let mut found: Vec<PrefixRef> = self.sorted[start..]
            .iter()
            .take_while(|(p, _)| p.network() <= net.broadcast())
            .map(|(_, r)| *r)
            .collect();
        let mut wider = net.supernet();
        while let Some(sup) = wider {
            // A supernet that starts where `net` starts was found by the range above.
            if sup.network() != net.network() {
                found.extend(self.exact.get(&sup).into_iter().flatten().copied());
            }
            wider = sup.supernet();
        }
        found
    }
}

/// A value of the cluster, or its default.
struct Setting<T> {
    value: T,
    /// The written value, or the cluster name when the default applies.
    loc: Loc,
    defaulted: bool,
}

impl<T: std::fmt::Display> Setting<T> {
    /// Returns a label, prefixed with "default" when the default applies.
    fn label(&self, text: &str) -> String {
        if self.defaulted {
            format!("default {text}")
        } else {
            text.to_string()
        }
    }

    fn describe(&self) -> String {
        if self.defaulted {
            format!("`{}` (the default)", self.value)
        } else {
            format!("`{}`", self.value)
        }
    }
}

/// One problem with the cluster's settings.
struct Problem {
    loc: Loc,
    label: String,
    reason: String,
    effect: &'static str,
    related: Vec<(Loc, String)>,
    /// True for the DNS service IP case, which has its own help.
    dns_ip: bool,
}

fn service_cidr(aks: &Aks) -> Option<Setting<IpNet>> {
    match &aks.service_cidr {
        Some(text) => {
            let net: IpNet = text.value.trim().parse().ok()?;
            // A prefix with host bits set is an `invalid-cidr` finding.
            (net.trunc() == net).then_some(Setting {
                value: net,
                loc: text.loc,
                defaulted: false,
            })
        }
        None => Some(Setting {
            value: DEFAULT_SERVICE_CIDR.parse().ok()?,
            loc: aks.name.loc,
            defaulted: true,
        }),
    }
}

fn dns_service_ip(aks: &Aks) -> Option<Setting<IpAddr>> {
    match &aks.dns_service_ip {
        Some(text) => Some(Setting {
            value: parse_ip(&text.value)?,
            loc: text.loc,
            defaulted: false,
        }),
        None => Some(Setting {
            value: parse_ip(DEFAULT_DNS_SERVICE_IP)?,
            loc: aks.name.loc,
            defaulted: true,
        }),
    }
}

/// Returns the VNets peered with `vnet` in either declared direction.
fn peered_with(index: &Index, vnet: usize, incoming: &[Vec<usize>]) -> HashSet<usize> {
    let outgoing = index.peerings_from_vnet.get(vnet).into_iter().flatten();
    let mut peered: HashSet<usize> = outgoing
        .filter_map(|&p| index.peering_to.get(p).copied().flatten())
        .collect();
    let into = incoming.get(vnet).into_iter().flatten();
    peered.extend(into.filter_map(|&p| index.peering_from.get(p).copied().flatten()));
    peered.remove(&vnet);
    peered
}

/// Describes overlapping VNet prefixes as "`vnet` (10.0.0.0/16)", with labels at each.
fn vnet_overlaps(t: &Topology, refs: &[PrefixRef]) -> (String, Vec<(Loc, String)>) {
    let mut seen = HashSet::new();
    let mut names = Vec::new();
    let mut labels = Vec::new();
    for r in refs {
        if !seen.insert(r.vnet) {
            continue;
        }
        let vnet = &t.vnets[r.vnet];
        let Some(prefix) = vnet.address_space.get(r.position) else {
            continue;
        };
        if names.len() < MAX_LISTED_VNETS {
            names.push(format!("`{}` ({})", vnet.name.value, prefix.value));
            labels.push((prefix.loc, "overlaps the service CIDR".to_string()));
        }
    }
    let more = seen.len().saturating_sub(names.len());
    let mut text = names.join(", ");
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    (text, labels)
}

/// Suggests a DNS service IP inside the service CIDR: its tenth address.
fn suggested_dns_ip(cidr: IpNet) -> Option<IpAddr> {
    cidr.hosts().nth(9)
}

fn finding(aks: &Aks, severity: Severity, problems: Vec<Problem>, help: String) -> Option<Finding> {
    let mut problems = problems.into_iter();
    let first = problems.next()?;
    let rest: Vec<Problem> = problems.collect();
    let mut reasons = vec![first.reason.clone()];
    let mut effects = vec![first.effect];
    for p in &rest {
        reasons.push(p.reason.clone());
        if !effects.contains(&p.effect) {
            effects.push(p.effect);
        }
    }

    let mut f = Finding::new(
        &RULE,
        severity,
        (Kind::KubernetesCluster, &aks.name.value),
        first.loc,
        first.label,
        format!(
            "AKS cluster `{}`: {}; {}",
            aks.name.value,
            reasons.join(", and "),
            effects.join(", and ")
        ),
    )
    .help(help);
    for (loc, text) in first.related {
        f = f.related(loc, text);
    }
    for p in rest {
        if p.loc != first.loc {
            f = f.related(p.loc, p.label);
        }
        for (loc, text) in p.related {
            f = f.related(loc, text);
        }
    }
    Some(f)
}

/// Overlapping VNet prefixes of one cluster, by how the VNet relates to the cluster.
#[derive(Default)]
struct Overlaps {
    own: Vec<PrefixRef>,
    peered: Vec<PrefixRef>,
    other: Vec<PrefixRef>,
}

/// Collects the error cases: overlaps with the cluster's own or a peered VNet or a
/// reserved range, and a DNS service IP outside the service CIDR.
fn errors(
    t: &Topology,
    aks: &Aks,
    cidr: &Setting<IpNet>,
    overlaps: &Overlaps,
    reserved: &[IpNet],
) -> Vec<Problem> {
    let cidr_text = cidr.describe();
    let mut problems = Vec::new();
    if !overlaps.own.is_empty() {
        let (vnets, related) = vnet_overlaps(t, &overlaps.own);
        problems.push(Problem {
            loc: cidr.loc,
            label: cidr.label("service CIDR overlaps"),
            reason: format!("service CIDR {cidr_text} overlaps its own VNet {vnets}"),
            effect: "AKS rejects a service CIDR that overlaps the cluster's VNet",
            related,
            dns_ip: false,
        });
    }
    if !overlaps.peered.is_empty() {
        let (vnets, related) = vnet_overlaps(t, &overlaps.peered);
        problems.push(Problem {
            loc: cidr.loc,
            label: cidr.label("service CIDR overlaps"),
            reason: format!("service CIDR {cidr_text} overlaps peered VNet {vnets}"),
            effect: "traffic from the cluster to those VNet addresses goes to Kubernetes \
                     services instead",
            related,
            dns_ip: false,
        });
    }
    let hit_reserved: Vec<String> = reserved
        .iter()
        .filter(|r| r.contains(&cidr.value.network()) || cidr.value.contains(&r.network()))
        .map(|r| r.to_string())
        .collect();
    if !hit_reserved.is_empty() {
        problems.push(Problem {
            loc: cidr.loc,
            label: cidr.label("service CIDR in a reserved range"),
            reason: format!(
                "service CIDR {cidr_text} overlaps the reserved range {}",
                hit_reserved.join(", ")
            ),
            effect: "AKS does not accept 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 or \
                     192.0.2.0/24 for services",
            related: Vec::new(),
            dns_ip: false,
        });
    }
    if let Some(ip) = dns_service_ip(aks).filter(|ip| !cidr.value.contains(&ip.value)) {
        problems.push(Problem {
            loc: ip.loc,
            label: ip.label("DNS service IP outside the service CIDR"),
            reason: format!(
                "DNS service IP {} is outside service CIDR {cidr_text}",
                ip.describe()
            ),
            effect: "AKS rejects a DNS service IP outside the service CIDR",
            related: Vec::new(),
            dns_ip: true,
        });
    }
    problems
}

fn overlap_help(aks: &Aks) -> String {
    format!(
        "set `service_cidr` on `{}` to a private range that no VNet of the design uses, and \
         `dns_service_ip` to an address inside it",
        aks.name.value
    )
}

fn dns_help(aks: &Aks, cidr: IpNet) -> String {
    let example = suggested_dns_ip(cidr)
        .map(|ip| format!(", such as `{ip}`"))
        .unwrap_or_default();
    format!(
        "set `dns_service_ip` on `{}` to an address inside `{cidr}`{example}",
        aks.name.value
    )
}

pub static RULE: Rule = Rule {
    id: "aks-network-settings",
    category: Category::Compute,
    severity: Severity::Error,
    summary: "an AKS service CIDR collides with the network, or its DNS service IP is outside it",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    let ix = cx.index;
    if t.kubernetes_clusters.is_empty() {
        return;
    }
    let table = PrefixTable::build(ix);
    let mut incoming = vec![Vec::new(); t.vnets.len()];
    for (p, to) in ix.peering_to.iter().enumerate() {
        if let Some(slot) = to.and_then(|v| incoming.get_mut(v)) {
            slot.push(p);
        }
    }
    let reserved: Vec<IpNet> = RESERVED_RANGES
        .iter()
        .filter_map(|r| r.parse().ok())
        .collect();

    for (a, aks) in t.kubernetes_clusters.iter().enumerate() {
        // An unparsable service CIDR is an `invalid-cidr` finding, so nothing else can be checked.
        let Some(cidr) = service_cidr(aks) else {
            continue;
        };

        let own = ix.aks_subnet[a].map(|s| s.vnet);
        let peered = own
            .map(|v| peered_with(ix, v, &incoming))
            .unwrap_or_default();
        let mut overlaps = Overlaps::default();
        for r in table.overlapping(cidr.value) {
            if Some(r.vnet) == own {
                overlaps.own.push(r);
            } else if peered.contains(&r.vnet) {
                overlaps.peered.push(r);
            } else {
                overlaps.other.push(r);
            }
        }

        let problems = errors(t, aks, &cidr, &overlaps, &reserved);
        if !problems.is_empty() {
            let dns_only = matches!(problems.as_slice(), [only] if only.dns_ip);
            let help = if dns_only {
                dns_help(aks, cidr.value)
            } else {
                overlap_help(aks)
            };
            out.extend(finding(aks, Severity::Error, problems, help));
            continue;
        }
        if overlaps.other.is_empty() {
            continue;
        }

        let (vnets, related) = vnet_overlaps(t, &overlaps.other);
        let warning = Problem {
            loc: cidr.loc,
            label: cidr.label("service CIDR overlaps"),
            reason: format!(
                "service CIDR {} overlaps VNet {vnets} of the design",
                cidr.describe()
            ),
            effect: "if traffic from the cluster ever has to reach those addresses, it goes to \
                     Kubernetes services instead",
            related,
            dns_ip: false,
        };
        out.extend(finding(
            aks,
            Severity::Warning,
            vec![warning],
            overlap_help(aks),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::testing::{findings, messages};

    const RULE: &str = "aks-network-settings";

    fn design(aks: &str, extra: &str) -> String {
        format!(
            "
region: eastus2
vnets:
  - {{name: vnet-aks, address_space: [10.1.0.0/16], subnets: [{{name: aks, address_prefix: 10.1.0.0/22}}]}}
  - {{name: vnet-hub, address_space: [10.50.0.0/16]}}
  - {{name: vnet-far, address_space: [10.60.0.0/16]}}
peerings:
  - {{from: vnet-hub, to: vnet-aks}}
kubernetes_clusters:
  - {{name: k, subnet: vnet-aks/aks{aks}}}
{extra}"
        )
    }

    #[test]
    fn defaults_outside_vnets_pass() {
        assert!(messages(&design("", ""), RULE).is_empty());
    }

    #[test]
    fn default_overlapping_own_vnet_reported() {
        let yaml = design("", "")
            .replace("10.1.0.0/16", "10.0.0.0/8")
            .replace("10.1.0.0/22", "10.0.0.0/22");
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
        assert!(found[0].message.contains("`10.0.0.0/16` (the default)"));
        assert!(found[0].message.contains("own VNet `vnet-aks`"));
    }

    #[test]
    fn peered_in_other_direction_reported() {
        let aks = ", service_cidr: 10.50.0.0/16, dns_service_ip: 10.50.0.10";
        let found = findings(&design(aks, ""), RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
        assert!(found[0].message.contains("peered VNet `vnet-hub`"));
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn reserved_range_reported() {
        let aks = ", service_cidr: 172.16.0.0/12, dns_service_ip: 172.16.0.10";
        let found = findings(&design(aks, ""), RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("172.30.0.0/16, 172.31.0.0/16"));
    }

    #[test]
    fn dns_ip_outside_custom_cidr_reported() {
        let found = findings(&design(", service_cidr: 10.2.0.0/16", ""), RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("`10.0.0.10` (the default)"));
        assert!(found[0].help.contains("`10.2.0.10`"));
    }

    #[test]
    fn unrelated_vnet_overlap_is_warning() {
        let aks = ", service_cidr: 10.60.0.0/20, dns_service_ip: 10.60.0.10";
        let found = findings(&design(aks, ""), RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(found[0].message.contains("`vnet-far` (10.60.0.0/16)"));
    }

    #[test]
    fn contained_vnet_prefix_found() {
        let aks = ", service_cidr: 10.32.0.0/11, dns_service_ip: 10.32.0.10";
        let found = findings(&design(aks, ""), RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("peered VNet `vnet-hub`"));
        assert!(
            !found[0].message.contains("vnet-far"),
            "the warning case is not merged"
        );
    }

    #[test]
    fn unparsable_cidr_skipped() {
        let aks = ", service_cidr: 10.60.0.1/16";
        assert!(messages(&design(aks, ""), RULE).is_empty());
    }
}
