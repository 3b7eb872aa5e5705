//! Declared DNS servers by address, shared by the `dns` rules.
//!
//! The network semantics keep the same lookup private. This copy follows its
//! order, so an address claimed by several resources means the same thing
//! here: a DNS Private Resolver inbound endpoint first, then a firewall, then
//! a virtual machine, and within a kind the first one declared.

use std::collections::HashMap;
use std::net::IpAddr;

use crate::azure::AZURE_DNS;
use crate::model::index::parse_ip;
use crate::model::{Topology, VmRole};

/// The resource declared at a private address that may receive DNS queries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Declared {
    /// A DNS Private Resolver inbound endpoint.
    Resolver(usize),
    /// A firewall, and whether it proxies DNS.
    Firewall { firewall: usize, dns_proxy: bool },
    /// A virtual machine, and whether its role is `dns_server`.
    Vm { vm: usize, dns_server: bool },
}

/// Every declared private address that can receive DNS queries.
pub struct DeclaredAddresses {
    by_ip: HashMap<IpAddr, Declared>,
}

impl DeclaredAddresses {
    pub fn build(t: &Topology) -> DeclaredAddresses {
        let mut by_ip = HashMap::new();
        for (r, resolver) in t.dns_resolvers.iter().enumerate() {
            if let Some(ip) = parse_ip(&resolver.inbound_ip.value) {
                by_ip.entry(ip).or_insert(Declared::Resolver(r));
            }
        }
        for (f, firewall) in t.firewalls.iter().enumerate() {
            if let Some(ip) = parse_ip(&firewall.private_ip.value) {
                let dns_proxy = firewall.dns_proxy.as_ref().is_some_and(|p| p.value);
                by_ip.entry(ip).or_insert(Declared::Firewall {
                    firewall: f,
                    dns_proxy,
                });
            }
        }
        for (vm, machine) in t.virtual_machines.iter().enumerate() {
            let Some(ip) = machine
                .private_ip
                .as_ref()
                .and_then(|ip| parse_ip(&ip.value))
            else {
                continue;
            };
            by_ip.entry(ip).or_insert(Declared::Vm {
                vm,
                dns_server: is_dns_server(t, vm),
            });
        }
        DeclaredAddresses { by_ip }
    }

    /// Returns what is declared at `ip`, when `ip` parses and something is there.
    pub fn at(&self, ip: &str) -> Option<Declared> {
        self.by_ip.get(&parse_ip(ip)?).copied()
    }
}

/// Returns true when `ip` is the address of Azure-provided DNS.
pub fn is_azure_dns(ip: &str) -> bool {
    parse_ip(ip).is_some_and(|ip| parse_ip(AZURE_DNS) == Some(ip))
}

/// Returns true when the virtual machine's role is `dns_server`.
pub fn is_dns_server(t: &Topology, vm: usize) -> bool {
    t.virtual_machines[vm]
        .role
        .as_ref()
        .is_some_and(|r| r.value == VmRole::DnsServer)
}
