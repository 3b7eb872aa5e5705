//! `subnet-overlap`: two subnets of one VNet overlap.

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, SubnetId};
use crate::rules::{Context, Rule};

fn overlap(cx: &Context, first: SubnetId, second: SubnetId) -> Finding {
    let t = cx.topology;
    let vnet = &t.vnets[first.vnet];
    let a = &vnet.subnets[first.subnet];
    let b = &vnet.subnets[second.subnet];
    Finding::new(
        &RULE,
        Severity::Error,
        (Kind::Subnet, &t.subnet_display(second)),
        b.address_prefix.loc,
        format!("overlaps `{}`", a.name.value),
        format!(
            "subnets `{}` ({}) and `{}` ({}) of VNet `{}` overlap; Azure rejects the second subnet",
            a.name.value,
            a.address_prefix.value,
            b.name.value,
            b.address_prefix.value,
            vnet.name.value
        ),
    )
    .related(a.address_prefix.loc, format!("`{}` is here", a.name.value))
    .help(format!(
        "give `{}` a prefix that no other subnet of `{}` uses",
        b.name.value, vnet.name.value
    ))
}

pub static RULE: Rule = Rule {
    id: "subnet-overlap",
    category: Category::Address,
    severity: Severity::Error,
    summary: "two subnets of a VNet overlap",
    check,
};

/// Sorts each VNet's subnets by first address and compares each with the
/// widest earlier one still open, so the cost is O(n log n) per VNet.
fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (v, prefixes) in cx.index.subnet_prefixes.iter().enumerate() {
        let mut sorted: Vec<(ipnet::IpNet, usize)> = prefixes
            .iter()
            .enumerate()
            .filter_map(|(s, p)| p.map(|p| (p, s)))
            .collect();
        sorted.sort_by_key(|(net, s)| (net.network(), std::cmp::Reverse(net.prefix_len()), *s));

        let mut open: Option<(ipnet::IpNet, usize)> = None;
        for (net, s) in sorted {
            match open {
                Some((wide, w)) if wide.contains(&net.network()) => {
                    let (first, second) = if w < s { (w, s) } else { (s, w) };
                    out.push(overlap(
                        cx,
                        SubnetId {
                            vnet: v,
                            subnet: first,
                        },
                        SubnetId {
                            vnet: v,
                            subnet: second,
                        },
                    ));
                    if net.broadcast() > wide.broadcast() {
                        open = Some((net, s));
                    }
                }
                _ => open = Some((net, s)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const OVERLAP: &str = "
vnets:
  - name: vnet-a
    region: eastus
    address_space: [10.0.0.0/16]
    subnets:
      - {name: snet-one, address_prefix: 10.0.0.0/24}
      - {name: snet-two, address_prefix: 10.0.0.128/25}
      - {name: snet-three, address_prefix: 10.0.1.0/24}
";

    #[test]
    fn overlap_reported_on_later_subnet() {
        let found = findings(OVERLAP, "subnet-overlap");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "vnet-a/snet-two");
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn disjoint_subnets_pass() {
        let yaml = OVERLAP.replace("10.0.0.128/25", "10.0.2.0/24");
        assert!(messages(&yaml, "subnet-overlap").is_empty());
    }

    #[test]
    fn same_prefix_in_other_vnet_passes() {
        let yaml = "
vnets:
  - {name: a, region: eastus, address_space: [10.0.0.0/16], subnets: [{name: s, address_prefix: 10.0.0.0/24}]}
  - {name: b, region: eastus, address_space: [10.0.0.0/16], subnets: [{name: s, address_prefix: 10.0.0.0/24}]}
";
        assert!(messages(yaml, "subnet-overlap").is_empty());
    }
}
