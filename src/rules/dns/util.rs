//! Declared DNS servers by address, shared by the `dns` rules.
//!
//! The lookup itself lives in the network semantics ([`Net::dns_host_at`]),
//! so the rules and the resolution they judge agree on what sits at an address.

use crate::azure::AZURE_DNS;
use crate::model::index::parse_ip;
use crate::model::{Topology, VmRole};
use crate::net::Net;

pub use crate::net::DnsHost as Declared;

/// Every declared private address that can receive DNS queries.
pub struct DeclaredAddresses<'a> {
    net: &'a Net<'a>,
}

impl<'a> DeclaredAddresses<'a> {
    pub fn build(net: &'a Net<'a>) -> DeclaredAddresses<'a> {
        DeclaredAddresses { net }
    }

    /// Returns what is declared at `ip`, when `ip` parses and something is there.
    pub fn at(&self, ip: &str) -> Option<Declared> {
        self.net.dns_host_at(ip)
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
