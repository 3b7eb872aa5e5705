//! `reserved-address-range`: a VNet address space overlaps a range that Azure
//! reserves, or Docker's default bridge network.

use ipnet::IpNet;

use crate::finding::{Category, Finding, Severity};
use crate::model::index::Kind;
use crate::model::Sp;
use crate::rules::{Context, Rule};

use super::util::overlaps;

/// A range that a VNet address space must not overlap, and why.
struct Reserved {
    prefix: &'static str,
    /// The range's role, as in "the multicast range".
    role: &'static str,
    severity: Severity,
}

/// The ranges, most severe first, so the first match is the one to report.
/// Source: Microsoft Learn, "Azure Virtual Network frequently asked questions"
/// (virtual-networks-faq). The Azure Machine Learning documentation warns
/// against Docker's bridge range because its compute runs containers.
const RESERVED: [Reserved; 6] = [
    Reserved {
        prefix: "224.0.0.0/4",
        role: "the multicast range",
        severity: Severity::Error,
    },
    Reserved {
        prefix: "255.255.255.255/32",
        role: "the broadcast address",
        severity: Severity::Error,
    },
    Reserved {
        prefix: "127.0.0.0/8",
        role: "the loopback range",
        severity: Severity::Error,
    },
    Reserved {
        prefix: "169.254.0.0/16",
        role: "the link-local range",
        severity: Severity::Error,
    },
    Reserved {
        prefix: "168.63.129.16/32",
        role: "the Azure platform address used by Azure DNS and health probes",
        severity: Severity::Error,
    },
    Reserved {
        prefix: "172.17.0.0/16",
        role: "Docker's default bridge network",
        severity: Severity::Warning,
    },
];

fn reserved_overlap(vnet: &str, prefix: &Sp<String>, range: &Reserved) -> Finding {
    let effect = match range.severity {
        Severity::Error => "Azure rejects the VNet".to_string(),
        _ => format!(
            "Azure ML compute in this VNet runs Docker, which routes {} to its own bridge, \
             so compute cannot reach addresses in that range",
            range.prefix
        ),
    };
    Finding::new(
        &RULE,
        range.severity,
        (Kind::Vnet, vnet),
        prefix.loc,
        format!("overlaps {}", range.prefix),
        format!(
            "address space `{}` of VNet `{vnet}` overlaps {} ({}); {effect}",
            prefix.value, range.role, range.prefix
        ),
    )
    .help(format!(
        "choose an address space for `{vnet}` outside {}",
        range.prefix
    ))
}

pub static RULE: Rule = Rule {
    id: "reserved-address-range",
    category: Category::Address,
    severity: Severity::Error,
    summary: "a VNet address space overlaps a reserved range or Docker's bridge network",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let ranges: Vec<(IpNet, &Reserved)> = RESERVED
        .iter()
        .filter_map(|r| r.prefix.parse().ok().map(|net| (net, r)))
        .collect();

    for (vnet, prefixes) in cx.topology.vnets.iter().zip(&cx.index.vnet_prefixes) {
        for (text, net) in vnet.address_space.iter().zip(prefixes) {
            let Some(net) = net else { continue };
            let Some((_, range)) = ranges.iter().find(|(r, _)| overlaps(r, net)) else {
                continue;
            };
            out.push(reserved_overlap(&vnet.name.value, text, range));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::testing::{findings, messages};

    fn vnet(space: &str) -> String {
        format!("vnets: [{{name: vnet-a, region: eastus, address_space: [{space}]}}]")
    }

    #[test]
    fn private_ranges_pass() {
        let yaml = vnet("10.0.0.0/16, 172.16.0.0/16, 192.168.0.0/24, 'fd00::/48'");
        assert!(messages(&yaml, "reserved-address-range").is_empty());
    }

    #[test]
    fn reserved_ranges_are_errors() {
        for space in [
            "224.1.0.0/16",
            "255.255.255.255/32",
            "127.0.0.0/24",
            "169.254.0.0/24",
            "168.63.0.0/16",
        ] {
            let found = findings(&vnet(space), "reserved-address-range");
            assert_eq!(found.len(), 1, "{space}");
            assert_eq!(found[0].severity, Severity::Error, "{space}");
        }
    }

    #[test]
    fn docker_bridge_is_warning() {
        let found = findings(&vnet("172.17.0.0/24"), "reserved-address-range");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Warning);
    }

    #[test]
    fn wide_space_reported_once_as_error() {
        let found = findings(&vnet("128.0.0.0/1, 10.0.0.0/8"), "reserved-address-range");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
        assert!(
            found[0].message.contains("224.0.0.0/4"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn one_finding_per_entry() {
        let found = findings(
            &vnet("127.0.0.0/8, 172.17.0.0/16"),
            "reserved-address-range",
        );
        assert_eq!(found.len(), 2);
    }
}
