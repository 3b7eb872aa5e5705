//! `address-outside-subnet`: a declared private IP is outside its subnet, or
//! is one of the addresses Azure reserves in it.

use std::net::{IpAddr, Ipv4Addr};

use ipnet::IpNet;

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{parse_ip, Kind, SubnetId};
use crate::model::Sp;
use crate::rules::{Context, Rule};

/// A resource with a declared private IP in a subnet.
struct Placed<'a> {
    kind: Kind,
    name: &'a str,
    /// The key of the address, as in "`private_ip`".
    key: &'static str,
    ip: &'a Sp<String>,
    subnet: SubnetId,
    /// The resource Azure rejects, as in "the network interface".
    rejected: &'static str,
}

/// The reason an address cannot be used in its subnet.
enum Problem {
    Outside,
    /// One of the five reserved addresses, with its role.
    Reserved(&'static str),
}

fn unusable(cx: &Context, placed: &Placed, prefix: IpNet, problem: Problem) -> Finding {
    let t = cx.topology;
    let subnet = t.subnet_display(placed.subnet);
    let ip = placed.ip.value.trim();
    let (label, what) = match problem {
        Problem::Outside => (
            format!("outside `{subnet}`"),
            format!("is outside its subnet `{subnet}` ({prefix})"),
        ),
        Problem::Reserved(role) => (
            format!("reserved by Azure ({role})"),
            format!("is {role} of subnet `{subnet}` ({prefix}), which Azure reserves"),
        ),
    };
    let prefix_loc = t.vnets[placed.subnet.vnet].subnets[placed.subnet.subnet]
        .address_prefix
        .loc;
    Finding::new(
        &RULE,
        Severity::Error,
        (placed.kind, placed.name),
        placed.ip.loc,
        label,
        format!(
            "`{}` `{ip}` of {} `{}` {what}; Azure rejects {}",
            placed.key,
            placed.kind.noun(),
            placed.name,
            placed.rejected
        ),
    )
    .related(prefix_loc, format!("`{subnet}` is here"))
    .help(format!("choose an address in {}", usable_range(prefix)))
}

/// Describes the addresses of a subnet that a resource may use.
fn usable_range(prefix: IpNet) -> String {
    match prefix {
        IpNet::V4(v4) => {
            let first = u32::from(v4.network()).saturating_add(4);
            let last = u32::from(v4.broadcast()).saturating_sub(1);
            if first > last {
                return format!(
                    "a subnet of /29 or larger, because {prefix} has no usable address"
                );
            }
            format!("{} to {}", Ipv4Addr::from(first), Ipv4Addr::from(last))
        }
        IpNet::V6(_) => format!("{prefix}"),
    }
}

pub static RULE: Rule = Rule {
    id: "address-outside-subnet",
    category: Category::Address,
    severity: Severity::Error,
    summary: "a declared private IP is outside its subnet or reserved by Azure",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for placed in placed_addresses(cx) {
        let Some(ip) = parse_ip(&placed.ip.value) else {
            continue;
        };
        let prefixes = &cx.index.subnet_prefixes;
        let Some(Some(prefix)) = prefixes
            .get(placed.subnet.vnet)
            .and_then(|v| v.get(placed.subnet.subnet))
        else {
            continue;
        };

        let problem = if !prefix.contains(&ip) {
            Some(Problem::Outside)
        } else {
            reserved_role(prefix, ip).map(Problem::Reserved)
        };

        if let Some(problem) = problem {
            out.push(unusable(cx, &placed, *prefix, problem));
        }
    }
}

/// Returns the role of `ip` when it is one of the five addresses Azure
/// reserves in an IPv4 subnet that contains it.
fn reserved_role(prefix: &IpNet, ip: IpAddr) -> Option<&'static str> {
    let (IpNet::V4(net), IpAddr::V4(ip)) = (prefix, ip) else {
        return None;
    };
    let offset = u32::from(ip).wrapping_sub(u32::from(net.network()));
    if ip == net.broadcast() {
        return Some("the broadcast address");
    }
    match offset {
        0 => Some("the network address"),
        1 => Some("the default gateway address"),
        2 | 3 => Some("an address that maps Azure DNS"),
        _ => None,
    }
}

/// Collects the VM, firewall and resolver addresses whose subnet resolved.
fn placed_addresses<'a>(cx: &Context<'a>) -> Vec<Placed<'a>> {
    let t = cx.topology;
    let index = cx.index;
    let mut placed = Vec::new();
    for (vm, subnet) in t.virtual_machines.iter().zip(&index.vm_subnet) {
        let (Some(ip), Some(subnet)) = (&vm.private_ip, subnet) else {
            continue;
        };
        placed.push(Placed {
            kind: Kind::VirtualMachine,
            name: &vm.name.value,
            key: "private_ip",
            ip,
            subnet: *subnet,
            rejected: "the network interface",
        });
    }
    for (firewall, subnet) in t.firewalls.iter().zip(&index.firewall_subnet) {
        let Some(subnet) = subnet else { continue };
        placed.push(Placed {
            kind: Kind::Firewall,
            name: &firewall.name.value,
            key: "private_ip",
            ip: &firewall.private_ip,
            subnet: *subnet,
            rejected: "the firewall",
        });
    }
    for (resolver, subnet) in t.dns_resolvers.iter().zip(&index.resolver_subnet) {
        let Some(subnet) = subnet else { continue };
        placed.push(Placed {
            kind: Kind::DnsResolver,
            name: &resolver.name.value,
            key: "inbound_ip",
            ip: &resolver.inbound_ip,
            subnet: *subnet,
            rejected: "the inbound endpoint",
        });
    }
    placed
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const DESIGN: &str = "
vnets:
  - name: vnet-a
    region: eastus
    address_space: [10.0.0.0/16]
    subnets:
      - {name: snet-vm, address_prefix: 10.0.1.0/24}
      - {name: AzureFirewallSubnet, address_prefix: 10.0.2.0/26}
      - {name: snet-dns, address_prefix: 10.0.3.0/28, delegation: Microsoft.Network/dnsResolvers}
virtual_machines:
  - {name: vm-dns, subnet: vnet-a/snet-vm, private_ip: 10.0.1.4}
  - {name: vm-jump, subnet: vnet-a/snet-vm}
firewalls:
  - {name: fw, subnet: vnet-a/AzureFirewallSubnet, private_ip: 10.0.2.4}
dns_resolvers:
  - {name: dnspr, vnet: vnet-a, inbound_subnet: vnet-a/snet-dns, inbound_ip: 10.0.3.14}
";

    #[test]
    fn usable_addresses_pass() {
        assert!(messages(DESIGN, "address-outside-subnet").is_empty());
    }

    #[test]
    fn address_outside_subnet_reported() {
        let yaml = DESIGN.replace("private_ip: 10.0.1.4", "private_ip: 10.0.9.4");
        let found = findings(&yaml, "address-outside-subnet");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "vm-dns");
        assert!(found[0].message.contains("outside"), "{}", found[0].message);
        assert_eq!(found[0].help, "choose an address in 10.0.1.4 to 10.0.1.254");
    }

    #[test]
    fn reserved_addresses_reported() {
        let cases = [
            ("private_ip: 10.0.2.4", "private_ip: 10.0.2.0", "fw"),
            ("private_ip: 10.0.2.4", "private_ip: 10.0.2.1", "fw"),
            ("private_ip: 10.0.2.4", "private_ip: 10.0.2.3", "fw"),
            ("private_ip: 10.0.2.4", "private_ip: 10.0.2.63", "fw"),
            ("inbound_ip: 10.0.3.14", "inbound_ip: 10.0.3.2", "dnspr"),
        ];
        for (from, to, resource) in cases {
            let yaml = DESIGN.replace(from, to);
            let found = findings(&yaml, "address-outside-subnet");
            assert_eq!(found.len(), 1, "{to}");
            assert_eq!(found[0].resource.name, resource, "{to}");
            assert!(
                found[0].message.contains("reserves"),
                "{}",
                found[0].message
            );
        }
    }

    #[test]
    fn invalid_address_skipped() {
        let yaml = DESIGN.replace("private_ip: 10.0.1.4", "private_ip: 10.0.1.400");
        assert!(messages(&yaml, "address-outside-subnet").is_empty());
    }
}
