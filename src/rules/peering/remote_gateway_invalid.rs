//! `remote-gateway-invalid`: a two-way peering sets `use_remote_gateways`
//! where Azure does not allow it.
//!
//! Source: the `useRemoteGateways` property of `VirtualNetworkPeering` in the
//! Azure network REST API reference, and Microsoft Learn, "Configure VPN
//! gateway transit for virtual network peering".

use std::collections::HashMap;

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{peering_name, Kind};
use crate::model::{Peering, Topology};
use crate::rules::{Context, Rule};
use crate::source::Loc;

/// One reason the setting is invalid: the label, the message clause, the
/// related place and the fix.
struct Problem {
    label: String,
    clause: String,
    related: (Loc, String),
    fix: String,
}

fn invalid(t: &Topology, p: &Peering, flag: Loc, problems: Vec<Problem>) -> Finding {
    let name = peering_name(p, t);
    let label = problems
        .first()
        .map_or(String::new(), |pr| pr.label.clone());
    let clauses: Vec<&str> = problems.iter().map(|pr| pr.clause.as_str()).collect();
    let fixes: Vec<&str> = problems.iter().map(|pr| pr.fix.as_str()).collect();
    let mut finding = Finding::new(
        &RULE,
        Severity::Error,
        (Kind::Peering, &name),
        flag,
        label,
        format!(
            "peering `{name}` sets `use_remote_gateways`, but {}, so Azure rejects the peering",
            clauses.join(", and ")
        ),
    )
    .help(fixes.join(", and "));
    for pr in problems {
        finding = finding.related(pr.related.0, pr.related.1);
    }
    finding
}

pub static RULE: Rule = Rule {
    id: "remote-gateway-invalid",
    category: Category::Peering,
    severity: Severity::Error,
    summary: "a peering uses remote gateways that the remote VNet cannot provide",
    check,
};

/// Lookup tables: the peerings of each direction, and the first gateway of each VNet.
struct Lookups {
    by_direction: HashMap<(usize, usize), Vec<usize>>,
    gateway_of: HashMap<usize, usize>,
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    let mut lookups = Lookups {
        by_direction: HashMap::new(),
        gateway_of: HashMap::new(),
    };
    // The first peering of each VNet that uses remote gateways.
    let mut first_user: HashMap<usize, usize> = HashMap::new();
    for (p, direction) in resolved(cx) {
        lookups.by_direction.entry(direction).or_default().push(p);
    }
    for (g, vnet) in cx.index.gateway_vnet.iter().enumerate() {
        if let Some(v) = vnet {
            lookups.gateway_of.entry(*v).or_insert(g);
        }
    }

    for (p, (from, to)) in resolved(cx) {
        let peering = &t.peerings[p];
        let Some(flag) = peering.use_remote_gateways.as_ref().filter(|f| f.value) else {
            continue;
        };
        let Some(back) = lookups.by_direction.get(&(to, from)) else {
            continue;
        };

        let problems = problems(t, &lookups, &mut first_user, p, (from, to), back);

        if !problems.is_empty() {
            out.push(invalid(t, peering, flag.loc, problems));
        }
    }
}

/// Lists the peerings whose two VNets resolved, with their direction.
fn resolved<'a>(cx: &'a Context) -> impl Iterator<Item = (usize, (usize, usize))> + 'a {
    (0..cx.topology.peerings.len()).filter_map(|p| {
        let from = cx.index.peering_from.get(p).copied().flatten()?;
        let to = cx.index.peering_to.get(p).copied().flatten()?;
        Some((p, (from, to)))
    })
}

/// Compares peering `p` from `from` to `to`, with the peerings `back` in the
/// opposite direction, against each condition Azure sets on remote gateways.
fn problems(
    t: &Topology,
    lookups: &Lookups,
    first_user: &mut HashMap<usize, usize>,
    p: usize,
    (from, to): (usize, usize),
    back: &[usize],
) -> Vec<Problem> {
    let mut found = Vec::new();
    let local = &t.vnets[from].name.value;
    let remote = &t.vnets[to].name.value;

    if let Some(&g) = lookups.gateway_of.get(&from) {
        let gateway = &t.gateways[g].name;
        found.push(Problem {
            label: format!("`{local}` has its own gateway"),
            clause: format!(
                "VNet `{local}` has its own gateway `{}`, and a VNet with a gateway cannot use a remote one",
                gateway.value
            ),
            related: (gateway.loc, format!("gateway of `{local}`")),
            fix: format!("remove `use_remote_gateways`, or remove gateway `{}`", gateway.value),
        });
    }

    if !lookups.gateway_of.contains_key(&to) {
        found.push(Problem {
            label: format!("`{remote}` has no gateway"),
            clause: format!("the remote VNet `{remote}` has no gateway"),
            related: (t.vnets[to].name.loc, format!("`{remote}` has no gateway")),
            fix: format!("add a gateway to `{remote}`, or remove `use_remote_gateways`"),
        });
    } else if let Some(problem) = transit_missing(t, back, remote) {
        found.push(problem);
    }

    match first_user.get(&from) {
        Some(&first) => {
            let first_peering = &t.peerings[first];
            let first_name = peering_name(first_peering, t);
            let loc = first_peering
                .use_remote_gateways
                .as_ref()
                .map_or(first_peering.from.loc, |f| f.loc);
            found.push(Problem {
                label: "second peering using remote gateways".to_string(),
                clause: format!(
                    "peering `{first_name}` of VNet `{local}` already uses remote gateways, \
                     and only one peering of a VNet may"
                ),
                related: (loc, format!("`{first_name}` uses remote gateways")),
                fix: format!("set `use_remote_gateways` on only one peering of `{local}`"),
            });
        }
        None => {
            first_user.insert(from, p);
        }
    }
    found
}

/// Returns a problem when no peering back from the remote VNet sets `allow_gateway_transit`.
fn transit_missing(t: &Topology, back: &[usize], remote: &str) -> Option<Problem> {
    let allows = |&b: &usize| {
        t.peerings[b]
            .allow_gateway_transit
            .as_ref()
            .is_some_and(|f| f.value)
    };
    if back.iter().any(allows) {
        return None;
    }

    let first = &t.peerings[*back.first()?];
    let name = peering_name(first, t);
    let loc = first
        .allow_gateway_transit
        .as_ref()
        .map_or(first.from.loc, |f| f.loc);
    Some(Problem {
        label: "no gateway transit back".to_string(),
        clause: format!(
            "the peering back from `{remote}`, `{name}`, does not set `allow_gateway_transit`"
        ),
        related: (loc, "no `allow_gateway_transit: true` here".to_string()),
        fix: format!("set `allow_gateway_transit: true` on `{name}`"),
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const HUB_SPOKE: &str = "
region: eastus2
vnets:
  - name: vnet-hub
    address_space: [10.0.0.0/16]
    subnets: [{name: GatewaySubnet, address_prefix: 10.0.255.0/27}]
  - {name: vnet-spoke, address_space: [10.1.0.0/16]}
  - {name: vnet-spoke2, address_space: [10.2.0.0/16]}
gateways:
  - {name: vgw-hub, kind: vpn, vnet: vnet-hub}
peerings:
  - {from: vnet-hub, to: vnet-spoke, allow_gateway_transit: true}
  - {from: vnet-spoke, to: vnet-hub, use_remote_gateways: true}
";

    #[test]
    fn valid_gateway_transit_passes() {
        assert!(messages(HUB_SPOKE, "remote-gateway-invalid").is_empty());
    }

    #[test]
    fn one_way_peering_not_checked() {
        let yaml = HUB_SPOKE.replace(
            "  - {from: vnet-hub, to: vnet-spoke, allow_gateway_transit: true}\n",
            "",
        );
        assert!(messages(&yaml, "remote-gateway-invalid").is_empty());
    }

    #[test]
    fn missing_transit_on_peering_back() {
        let yaml = HUB_SPOKE.replace(", allow_gateway_transit: true", "");
        let found = findings(&yaml, "remote-gateway-invalid");
        assert_eq!(found.len(), 1);
        assert!(found[0]
            .message
            .contains("does not set `allow_gateway_transit`"));
        assert_eq!(
            found[0].help,
            "set `allow_gateway_transit: true` on `vnet-hub-to-vnet-spoke`"
        );
    }

    #[test]
    fn remote_without_gateway() {
        let yaml = HUB_SPOKE.replace("vnet: vnet-hub}", "vnet: vnet-spoke2}");
        let found = findings(&yaml, "remote-gateway-invalid");
        assert_eq!(found.len(), 1);
        assert!(found[0]
            .message
            .contains("the remote VNet `vnet-hub` has no gateway"));
    }

    #[test]
    fn local_gateway_and_no_remote_gateway() {
        let yaml = HUB_SPOKE.replace("vnet: vnet-hub}", "vnet: vnet-spoke}");
        let found = findings(&yaml, "remote-gateway-invalid");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("has its own gateway `vgw-hub`"));
        assert!(found[0].message.contains("has no gateway"));
        assert_eq!(found[0].related.len(), 2);
    }

    #[test]
    fn second_remote_gateway_user() {
        let yaml = format!(
            "{HUB_SPOKE}  - {{from: vnet-spoke2, to: vnet-spoke}}
  - {{from: vnet-spoke, to: vnet-spoke2, use_remote_gateways: true}}
  - {{name: hub-to-spoke2, from: vnet-hub, to: vnet-spoke2, allow_gateway_transit: true}}
  - {{from: vnet-spoke2, to: vnet-hub, use_remote_gateways: true}}
"
        );
        let found = findings(&yaml, "remote-gateway-invalid");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "vnet-spoke-to-vnet-spoke2");
        assert!(found[0].message.contains("already uses remote gateways"));
        assert!(found[0].message.contains("has no gateway"));
    }
}
