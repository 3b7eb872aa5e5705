//! `custom-dns-unverifiable`: a VNet sends DNS queries to a server the topology does not declare.

use super::util::{is_azure_dns, DeclaredAddresses};
use crate::finding::{Category, Finding, Severity};
use crate::model::index::{host_key, Kind};
use crate::model::Sp;
use crate::rules::{Context, Rule};

fn undeclared(vnet: &str, server: &Sp<String>) -> Finding {
    let ip = server.value.trim();
    Finding::new(
        &RULE,
        Severity::Info,
        (Kind::Vnet, vnet),
        server.loc,
        "not declared",
        format!(
            "VNet `{vnet}` sends DNS queries to {ip}, which the topology does not declare; \
             vnetlint cannot check its answers and assumes names resolve to the private \
             address of a reachable endpoint"
        ),
    )
    .help(format!(
        "declare the server at {ip}: a `virtual_machines` entry with `role: dns_server`, \
         `private_ip: {ip}` and its `dns_forwarders`, or a DNS Private Resolver or firewall \
         DNS proxy at that address"
    ))
}

pub static RULE: Rule = Rule {
    id: "custom-dns-unverifiable",
    category: Category::Dns,
    severity: Severity::Info,
    summary: "a VNet points at a DNS server that the topology does not declare",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let declared = DeclaredAddresses::build(cx.net);
    for vnet in &cx.topology.vnets {
        // Clients fail over to every listed server, so each entry matters, not
        // only the first one that vnetlint resolves through. One finding per
        // VNet, at its first undeclared entry.
        let undeclared_entry = vnet.dns_servers.iter().find(|server| {
            // An entry that is not an IP address is reported by the address rules.
            host_key(&server.value).is_some()
                && !is_azure_dns(&server.value)
                && declared.at(&server.value).is_none()
        });
        if let Some(server) = undeclared_entry {
            out.push(undeclared(&vnet.name.value, server));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const RULE: &str = "custom-dns-unverifiable";

    const CUSTOM: &str = "
region: eastus2
vnets:
  - name: vnet-a
    address_space: [10.1.0.0/16]
    dns_servers: [10.1.0.10, 10.1.0.11]
    subnets:
      - {name: snet-vm, address_prefix: 10.1.0.0/24}
  - name: vnet-b
    address_space: [10.2.0.0/16]
    subnets:
      - {name: snet-vm, address_prefix: 10.2.0.0/24}
";

    #[test]
    fn undeclared_server_reported_once_per_vnet() {
        let found = findings(CUSTOM, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "vnet-a");
        assert!(found[0].message.contains("10.1.0.10"));
        assert!(!found[0].message.contains("10.1.0.11"));
    }

    #[test]
    fn declared_dns_server_vms_pass() {
        let yaml = format!(
            "{CUSTOM}virtual_machines:\n  - {{name: vm-dns, subnet: vnet-a/snet-vm, private_ip: 10.1.0.10, role: dns_server}}\n  - {{name: vm-dns2, subnet: vnet-a/snet-vm, private_ip: 10.1.0.11, role: dns_server}}\n"
        );
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn undeclared_second_server_reported() {
        let yaml = format!(
            "{CUSTOM}virtual_machines:\n  - {{name: vm-dns, subnet: vnet-a/snet-vm, private_ip: 10.1.0.10, role: dns_server}}\n"
        );
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("10.1.0.11"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn declared_resolver_and_firewall_pass() {
        let one_server = CUSTOM.replace("[10.1.0.10, 10.1.0.11]", "[10.1.0.10]");
        let resolver = format!(
            "{one_server}dns_resolvers:\n  - {{name: dnspr, vnet: vnet-a, inbound_subnet: vnet-a/snet-vm, inbound_ip: 10.1.0.10}}\n"
        );
        assert!(messages(&resolver, RULE).is_empty());
        let firewall = format!(
            "{one_server}firewalls:\n  - {{name: fw, kind: nva, subnet: vnet-a/snet-vm, private_ip: 10.1.0.10}}\n"
        );
        assert!(messages(&firewall, RULE).is_empty());
    }

    #[test]
    fn azure_dns_passes_but_not_undeclared_fallback() {
        let only_azure = CUSTOM.replace("[10.1.0.10, 10.1.0.11]", "[168.63.129.16]");
        assert!(messages(&only_azure, RULE).is_empty());
        let fallback = CUSTOM.replace("[10.1.0.10, 10.1.0.11]", "[168.63.129.16, 10.1.0.11]");
        assert_eq!(messages(&fallback, RULE).len(), 1);
    }

    #[test]
    fn unparsable_server_left_to_address_rules() {
        let yaml = CUSTOM.replace("[10.1.0.10, 10.1.0.11]", "[dns.example]");
        assert!(messages(&yaml, RULE).is_empty());
    }
}
