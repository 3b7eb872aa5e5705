//! `peering-one-way`: a peering without a peering in the opposite direction.

use std::collections::HashSet;

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{peering_name, Kind};
use crate::model::{Peering, Topology};
use crate::rules::{Context, Rule};

fn one_way(t: &Topology, p: &Peering) -> Finding {
    Finding::new(
        &RULE,
        Severity::Error,
        (Kind::Peering, &peering_name(p, t)),
        p.to.loc,
        format!("no peering back from `{}`", p.to.value),
        format!(
            "peering `{}` from `{}` to `{}` has no peering back from `{}` to `{}`, \
             so the peering stays Initiated and no traffic flows between the VNets",
            peering_name(p, t),
            p.from.value,
            p.to.value,
            p.to.value,
            p.from.value
        ),
    )
    .help(format!(
        "add a peering with `from: {}` and `to: {}`",
        p.to.value, p.from.value
    ))
}

pub static RULE: Rule = Rule {
    id: "peering-one-way",
    category: Category::Peering,
    severity: Severity::Error,
    summary: "a peering has no peering in the opposite direction, so no traffic flows",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let ix = cx.index;
    let resolved = || {
        (0..cx.topology.peerings.len()).filter_map(|p| {
            let from = ix.peering_from.get(p).copied().flatten()?;
            let to = ix.peering_to.get(p).copied().flatten()?;
            Some((p, from, to))
        })
    };
    let directions: HashSet<(usize, usize)> = resolved().map(|(_, from, to)| (from, to)).collect();

    for (p, from, to) in resolved() {
        if !directions.contains(&(to, from)) {
            out.push(one_way(cx.topology, &cx.topology.peerings[p]));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const VNETS: &str = "
region: eastus2
vnets:
  - {name: vnet-hub, address_space: [10.0.0.0/16]}
  - {name: vnet-spoke, address_space: [10.1.0.0/16]}
peerings:
  - {from: vnet-hub, to: vnet-spoke}
";

    #[test]
    fn two_way_peering_passes() {
        let yaml = format!("{VNETS}  - {{from: VNET-SPOKE, to: vnet-hub}}\n");
        assert!(messages(&yaml, "peering-one-way").is_empty());
    }

    #[test]
    fn one_way_peering_fails() {
        let found = findings(VNETS, "peering-one-way");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "vnet-hub-to-vnet-spoke");
        assert_eq!(
            found[0].help,
            "add a peering with `from: vnet-spoke` and `to: vnet-hub`"
        );
    }

    #[test]
    fn unresolved_vnet_skipped() {
        let yaml = VNETS.replace("to: vnet-spoke", "to: vnet-missing");
        assert!(messages(&yaml, "peering-one-way").is_empty());
    }
}
