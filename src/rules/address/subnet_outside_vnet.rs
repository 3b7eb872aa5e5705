//! `subnet-outside-vnet`: a subnet prefix is not inside its VNet's address space.

use std::cmp::Reverse;

use ipnet::IpNet;

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, SubnetId};
use crate::rules::{Context, Rule};

fn outside(cx: &Context, id: SubnetId) -> Finding {
    let t = cx.topology;
    let vnet = &t.vnets[id.vnet];
    let subnet = &vnet.subnets[id.subnet];
    let space: Vec<&str> = vnet
        .address_space
        .iter()
        .map(|p| p.value.as_str())
        .collect();
    let space = if space.is_empty() {
        "no address space".to_string()
    } else {
        format!("address space {}", space.join(", "))
    };
    let finding = Finding::new(
        &RULE,
        Severity::Error,
        (Kind::Subnet, &t.subnet_display(id)),
        subnet.address_prefix.loc,
        format!("outside the address space of `{}`", vnet.name.value),
        format!(
            "subnet `{}` ({}) is not inside the {space} of VNet `{}`; Azure rejects the subnet",
            subnet.name.value, subnet.address_prefix.value, vnet.name.value
        ),
    )
    .help(format!(
        "give `{}` a prefix inside the address space of `{}`, or add its range to that address space",
        subnet.name.value, vnet.name.value
    ));
    match vnet.address_space.first() {
        Some(first) => finding.related(first.loc, "address space is here"),
        None => finding.related(vnet.name.loc, format!("`{}` is here", vnet.name.value)),
    }
}

pub static RULE: Rule = Rule {
    id: "subnet-outside-vnet",
    category: Category::Address,
    severity: Severity::Error,
    summary: "a subnet prefix is not inside its VNet's address space",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let index = cx.index;
    for (v, subnets) in index.subnet_prefixes.iter().enumerate() {
        let Some(space) = index.vnet_prefixes.get(v) else {
            continue;
        };
        // A subnet may belong to an entry that does not parse; `invalid-cidr`
        // reports that entry, so its VNet's subnets are not judged here.
        if space.iter().any(Option::is_none) {
            continue;
        }
        let blocks = outermost(space.iter().flatten().copied().collect());

        for (s, prefix) in subnets.iter().enumerate() {
            let Some(prefix) = prefix else { continue };
            if container(&blocks, prefix).is_none() {
                out.push(outside(cx, SubnetId { vnet: v, subnet: s }));
            }
        }
    }
}

/// Returns the prefixes that no other prefix contains, sorted by first
/// address. CIDR blocks either nest or are disjoint, so these are disjoint.
fn outermost(mut prefixes: Vec<IpNet>) -> Vec<IpNet> {
    prefixes.sort_by_key(|net| (net.network(), Reverse(net.prefix_len())));
    let mut outer: Vec<IpNet> = Vec::new();
    for net in prefixes {
        if outer.last().is_some_and(|wide| wide.contains(&net)) {
            continue;
        }
        outer.push(net);
    }
    outer
}

/// Returns the block of `blocks` (disjoint, sorted) that contains `prefix`.
fn container<'a>(blocks: &'a [IpNet], prefix: &IpNet) -> Option<&'a IpNet> {
    let after = blocks.partition_point(|block| block.network() <= prefix.network());
    let candidate = blocks.get(after.checked_sub(1)?)?;
    candidate.contains(prefix).then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::{container, outermost};
    use crate::rules::testing::{findings, messages};

    const VNET: &str = "
vnets:
  - name: vnet-a
    region: eastus
    address_space: [10.0.0.0/16, 10.2.0.0/24, 'fd00:db8::/48']
    subnets:
      - {name: snet-one, address_prefix: 10.0.4.0/24}
      - {name: snet-two, address_prefix: 10.2.0.0/26}
      - {name: snet-six, address_prefix: 'fd00:db8:0:1::/64'}
";

    #[test]
    fn subnets_inside_pass() {
        assert!(messages(VNET, "subnet-outside-vnet").is_empty());
    }

    #[test]
    fn subnet_outside_reported() {
        let yaml = VNET.replace("10.2.0.0/26", "10.1.0.0/26");
        let found = findings(&yaml, "subnet-outside-vnet");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "vnet-a/snet-two");
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn subnet_wider_than_space_reported() {
        let yaml = VNET.replace("10.2.0.0/26", "10.2.0.0/23");
        assert_eq!(messages(&yaml, "subnet-outside-vnet").len(), 1);
    }

    #[test]
    fn vnet_with_invalid_space_skipped() {
        let yaml = VNET.replace("10.2.0.0/24,", "10.2.0/24,");
        assert!(messages(&yaml, "subnet-outside-vnet").is_empty());
    }

    #[test]
    fn container_finds_enclosing_block() {
        let blocks = outermost(vec![
            "10.0.0.0/16".parse().unwrap(),
            "10.0.1.0/24".parse().unwrap(),
            "10.9.0.0/16".parse().unwrap(),
        ]);
        assert_eq!(blocks.len(), 2);
        let inside = "10.0.200.0/24".parse().unwrap();
        let outside = "10.5.0.0/24".parse().unwrap();
        assert!(container(&blocks, &inside).is_some());
        assert!(container(&blocks, &outside).is_none());
    }
}
