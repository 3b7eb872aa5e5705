//! `subnet-too-small`: a subnet is smaller than Azure allows for its use.

use std::collections::HashSet;

use ipnet::IpNet;

use crate::azure::{BASTION_SUBNET, FIREWALL_SUBNET, GATEWAY_SUBNET};
use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, SubnetId};
use crate::rules::{Context, Rule};

/// The DNS Private Resolver delegation that marks a resolver endpoint subnet.
const RESOLVER_DELEGATION: &str = "Microsoft.Network/dnsResolvers";

/// A size rule that a subnet breaks.
struct SizeProblem {
    severity: Severity,
    /// The allowed sizes, as in "/29 or larger".
    allowed: &'static str,
    /// The rule, as in "an IPv4 subnet must be /29 or larger".
    requirement: &'static str,
    /// Azure's response, as in "Azure rejects the subnet".
    effect: &'static str,
}

fn too_small(cx: &Context, id: SubnetId, prefix_len: u8, problem: SizeProblem) -> Finding {
    let t = cx.topology;
    let subnet = &t.vnets[id.vnet].subnets[id.subnet];
    let display = t.subnet_display(id);
    Finding::new(
        &RULE,
        problem.severity,
        (Kind::Subnet, &display),
        subnet.address_prefix.loc,
        format!("needs {}", problem.allowed),
        format!(
            "subnet `{display}` is a /{}, but {}; {}",
            prefix_len, problem.requirement, problem.effect
        ),
    )
    .help(format!(
        "give `{}` a prefix of {}",
        subnet.name.value, problem.allowed
    ))
}

pub static RULE: Rule = Rule {
    id: "subnet-too-small",
    category: Category::Address,
    severity: Severity::Error,
    summary: "a subnet is smaller than Azure allows for its use",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let resolver_subnets: HashSet<SubnetId> =
        cx.index.resolver_subnet.iter().flatten().copied().collect();

    for (v, vnet) in cx.topology.vnets.iter().enumerate() {
        for (s, subnet) in vnet.subnets.iter().enumerate() {
            let Some(Some(prefix)) = cx.index.subnet_prefixes[v].get(s) else {
                continue;
            };
            let id = SubnetId { vnet: v, subnet: s };
            let delegated = subnet
                .delegation
                .as_ref()
                .is_some_and(|d| d.value.trim().eq_ignore_ascii_case(RESOLVER_DELEGATION));
            let resolver = delegated || resolver_subnets.contains(&id);

            if let Some(problem) = size_problem(&subnet.name.value, resolver, prefix) {
                out.push(too_small(cx, id, prefix.prefix_len(), problem));
            }
        }
    }
}

/// Returns the most severe size rule that the subnet breaks, if any.
fn size_problem(name: &str, resolver: bool, prefix: &IpNet) -> Option<SizeProblem> {
    let length = prefix.prefix_len();
    let error = |allowed, requirement, effect| {
        Some(SizeProblem {
            severity: Severity::Error,
            allowed,
            requirement,
            effect,
        })
    };
    let rejected = "Azure rejects the subnet";

    if let IpNet::V6(_) = prefix {
        return match length {
            64 => None,
            _ => error("/64", "an IPv6 subnet must be a /64", rejected),
        };
    }
    if length > 29 {
        return error(
            "/29 or larger",
            "an IPv4 subnet must be /29 or larger",
            rejected,
        );
    }
    if BASTION_SUBNET.eq_ignore_ascii_case(name) && length > 26 {
        return error(
            "/26 or larger",
            "`AzureBastionSubnet` must be /26 or larger",
            "Azure rejects the Bastion host placed in it",
        );
    }
    if FIREWALL_SUBNET.eq_ignore_ascii_case(name) && length > 26 {
        return error(
            "/26 or larger",
            "`AzureFirewallSubnet` must be /26 or larger",
            "Azure rejects the firewall placed in it",
        );
    }
    if resolver && !(24..=28).contains(&length) {
        return error(
            "between /28 and /24",
            "a DNS resolver endpoint subnet must be between /28 and /24",
            "Azure rejects the resolver endpoint placed in it",
        );
    }
    if GATEWAY_SUBNET.eq_ignore_ascii_case(name) && length > 27 {
        return Some(SizeProblem {
            severity: Severity::Warning,
            allowed: "/27 or larger",
            requirement: "Microsoft recommends /27 or larger for `GatewaySubnet`",
            effect: "some gateway SKUs and a VPN gateway next to an ExpressRoute gateway do not \
                     fit, and the gateway cannot grow without being rebuilt",
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::testing::{findings, messages};

    fn subnet(name: &str, prefix: &str, extra: &str) -> String {
        format!(
            "vnets:
  - name: vnet-a
    region: eastus
    address_space: [10.0.0.0/16, 'fd00:db8::/48']
    subnets:
      - {{name: {name}, address_prefix: '{prefix}'{extra}}}
"
        )
    }

    fn severities(yaml: &str) -> Vec<Severity> {
        findings(yaml, "subnet-too-small")
            .iter()
            .map(|f| f.severity)
            .collect()
    }

    #[test]
    fn usual_sizes_pass() {
        let cases = [
            ("snet-a", "10.0.0.0/29", ""),
            ("snet-v6", "fd00:db8:0:1::/64", ""),
            ("AzureBastionSubnet", "10.0.1.0/26", ""),
            ("azurefirewallsubnet", "10.0.2.0/25", ""),
            ("GatewaySubnet", "10.0.3.0/27", ""),
            (
                "snet-dns",
                "10.0.4.0/28",
                ", delegation: Microsoft.Network/dnsResolvers",
            ),
        ];
        for (name, prefix, extra) in cases {
            let yaml = subnet(name, prefix, extra);
            assert!(messages(&yaml, "subnet-too-small").is_empty(), "{name}");
        }
    }

    #[test]
    fn undersized_subnets_are_errors() {
        let cases = [
            ("snet-a", "10.0.0.0/30", ""),
            ("snet-v6", "fd00:db8:0:1::/80", ""),
            ("snet-v6", "fd00:db8::/56", ""),
            ("AzureBastionSubnet", "10.0.1.0/27", ""),
            ("AZUREFIREWALLSUBNET", "10.0.2.0/28", ""),
            (
                "snet-dns",
                "10.0.4.0/29",
                ", delegation: microsoft.network/dnsresolvers",
            ),
            (
                "snet-dns",
                "10.0.0.0/23",
                ", delegation: Microsoft.Network/dnsResolvers",
            ),
        ];
        for (name, prefix, extra) in cases {
            let yaml = subnet(name, prefix, extra);
            assert_eq!(severities(&yaml), [Severity::Error], "{name} {prefix}");
        }
    }

    #[test]
    fn small_gateway_subnet_is_warning() {
        let yaml = subnet("GatewaySubnet", "10.0.3.0/28", "");
        assert_eq!(severities(&yaml), [Severity::Warning]);
    }

    #[test]
    fn tiny_gateway_subnet_is_error() {
        let yaml = subnet("gatewaysubnet", "10.0.3.0/30", "");
        assert_eq!(severities(&yaml), [Severity::Error]);
    }

    #[test]
    fn resolver_inbound_subnet_without_delegation() {
        let yaml = format!(
            "{}dns_resolvers:
  - {{name: dnspr, vnet: vnet-a, inbound_subnet: vnet-a/snet-in, inbound_ip: 10.0.0.4}}
",
            subnet("snet-in", "10.0.0.0/22", "")
        );
        assert_eq!(severities(&yaml), [Severity::Error]);
    }
}
