//! Address arithmetic shared by the `address` rules.

use std::cmp::Reverse;
use std::collections::HashSet;

use ipnet::IpNet;

/// Number of addresses Azure reserves in every subnet: the network address,
/// the default gateway (.1), two addresses for Azure DNS (.2 and .3) and the
/// broadcast address. Source: Microsoft Learn, "Azure Virtual Network
/// frequently asked questions" (virtual-networks-faq).
pub const AZURE_RESERVED: u64 = 5;

/// Returns true when two prefixes share an address. CIDR blocks either nest
/// or are disjoint, so one of them contains the other's network address.
pub fn overlaps(a: &IpNet, b: &IpNet) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

/// Returns the number of addresses in an IPv4 prefix, or `None` for IPv6.
pub fn ipv4_size(net: &IpNet) -> Option<u64> {
    match net {
        IpNet::V4(v4) => Some(1u64 << (32 - u32::from(v4.prefix_len()))),
        IpNet::V6(_) => None,
    }
}

/// Returns every pair of owners whose prefixes overlap, each pair once with
/// the smaller owner first, together with the two overlapping prefixes.
///
/// The prefixes are sorted by first address, widest first, and swept with a
/// stack of the prefixes that contain the current one. The cost is
/// O(n log n) plus the number of overlapping prefix pairs.
pub fn overlapping_owners(mut prefixes: Vec<(IpNet, usize)>) -> Vec<OwnerOverlap> {
    prefixes.sort_by_key(|(net, owner)| (net.network(), Reverse(net.prefix_len()), *owner));

    let mut seen = HashSet::new();
    let mut found = Vec::new();
    let mut open: Vec<(IpNet, usize)> = Vec::new();
    for (net, owner) in prefixes {
        while open
            .last()
            .is_some_and(|(wide, _)| !wide.contains(&net.network()))
        {
            open.pop();
        }
        for &(wide, other) in &open {
            if other == owner || !seen.insert((other.min(owner), other.max(owner))) {
                continue;
            }
            let (first, second) = if other < owner {
                ((other, wide), (owner, net))
            } else {
                ((owner, net), (other, wide))
            };
            found.push(OwnerOverlap { first, second });
        }
        open.push((net, owner));
    }
    found
}

/// Two owners whose prefixes overlap: `(owner, prefix)` each, smaller owner first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OwnerOverlap {
    pub first: (usize, IpNet),
    pub second: (usize, IpNet),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(text: &str) -> IpNet {
        text.parse().unwrap()
    }

    #[test]
    fn overlap_of_nested_and_disjoint() {
        assert!(overlaps(&net("10.0.0.0/16"), &net("10.0.3.0/24")));
        assert!(overlaps(&net("10.0.3.0/24"), &net("10.0.0.0/16")));
        assert!(!overlaps(&net("10.0.0.0/24"), &net("10.0.1.0/24")));
        assert!(!overlaps(&net("10.0.0.0/8"), &net("::/0")));
    }

    #[test]
    fn ipv4_size_of_prefixes() {
        assert_eq!(ipv4_size(&net("10.0.0.0/29")), Some(8));
        assert_eq!(ipv4_size(&net("0.0.0.0/0")), Some(1 << 32));
        assert_eq!(ipv4_size(&net("fd00::/64")), None);
    }

    #[test]
    fn owners_reported_once_per_pair() {
        let prefixes = vec![
            (net("10.0.0.0/16"), 2),
            (net("10.0.1.0/24"), 0),
            (net("10.0.2.0/24"), 0),
            (net("10.1.0.0/16"), 1),
            (net("10.0.5.0/24"), 2),
        ];
        let found = overlapping_owners(prefixes);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].first, (0, net("10.0.1.0/24")));
        assert_eq!(found[0].second, (2, net("10.0.0.0/16")));
    }

    #[test]
    fn same_owner_never_pairs() {
        let prefixes = vec![(net("10.0.0.0/16"), 3), (net("10.0.1.0/24"), 3)];
        assert!(overlapping_owners(prefixes).is_empty());
    }
}
