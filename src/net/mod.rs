//! Network semantics: packets, client entry points, name resolution and use
//! of a service, computed in one place for every rule.
//!
//! Every question is asked from a concrete source: a subnet (holding a
//! compute, AKS node pool, private endpoint or jump box) or on-premises
//! clients behind a gateway. Every answer carries the path it took, or the
//! step where it broke. Per-VNet facts are computed once when the `Net` is
//! built; resolver answers are cached per view and service, so the cost grows
//! with the number of sources and services, not with pairs of VNets.

mod clients;
mod evaluate;
mod graph;
mod names;
mod needs;
mod packets;
mod path;
mod usage;

pub use clients::ClientEntry;
pub use evaluate::{NeedUsage, SourceUsage};
pub use names::Answer;
pub use needs::{Holder, Need, SourceSubnet};
pub use path::Path;
pub use usage::{Route, Usage};

use std::cell::RefCell;
use std::collections::HashMap;

use crate::model::index::{host_key, HostKey, SubnetId, TargetRef};
use crate::model::{Group, Index, Topology};
use graph::ResourceGraph;
use packets::TwoWay;

/// A declared resource at a private address that can receive DNS queries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DnsHost {
    /// A DNS Private Resolver inbound endpoint.
    Resolver(usize),
    /// A firewall, and whether it proxies DNS.
    Firewall { firewall: usize, dns_proxy: bool },
    /// A virtual machine, and whether its role is `dns_server`.
    Vm { vm: usize, dns_server: bool },
}

/// The origin of traffic and DNS queries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// A subnet, for what it holds.
    Subnet(SubnetId),
    /// On-premises clients behind this gateway.
    OnPrem(usize),
}

impl Source {
    /// Returns the VNet traffic starts in: the subnet's, or the gateway's.
    pub fn vnet(self, net: &Net) -> Option<usize> {
        match self {
            Source::Subnet(s) => Some(s.vnet),
            Source::OnPrem(g) => net.index.gateway_vnet[g],
        }
    }
}

type AnswerKey = (names::View, TargetRef, Group);

/// Answers reachability and name-resolution questions about one topology.
pub struct Net<'a> {
    pub topology: &'a Topology,
    pub index: &'a Index,
    graph: ResourceGraph,
    two_way: Vec<Vec<TwoWay>>,
    firewall_by_ip: HashMap<HostKey, usize>,
    /// The resource declared at each address: resolvers first, then firewalls, then VMs.
    hosts_by_ip: HashMap<HostKey, DnsHost>,
    /// Approved endpoints registered in each zone, per target and group.
    records: HashMap<(usize, TargetRef, Group), Vec<usize>>,
    answers: RefCell<HashMap<AnswerKey, (Answer, Path)>>,
    usage: std::cell::OnceCell<Vec<SourceUsage>>,
    sources: std::cell::OnceCell<Vec<Vec<SourceSubnet>>>,
    /// Per gateway: the VNets its on-premises clients reach, sorted.
    onprem: Vec<Vec<usize>>,
    /// Per gateway: the resolver its on-premises clients use, computed on first use.
    onprem_resolvers: RefCell<HashMap<usize, names::Resolver>>,
    /// First peering declared for each (from, to) pair of VNets.
    peering_pairs: HashMap<(usize, usize), usize>,
}

impl<'a> Net<'a> {
    pub fn build(topology: &'a Topology, index: &'a Index) -> Net<'a> {
        let by_ip = |ips: Vec<Option<HostKey>>| {
            let mut map = HashMap::new();
            for (i, ip) in ips.into_iter().enumerate() {
                if let Some(ip) = ip {
                    map.entry(ip).or_insert(i);
                }
            }
            map
        };
        let firewall_by_ip = by_ip(
            topology
                .firewalls
                .iter()
                .map(|f| host_key(&f.private_ip.value))
                .collect(),
        );
        let hosts_by_ip = dns_hosts(topology);

        let mut records: HashMap<(usize, TargetRef, Group), Vec<usize>> = HashMap::new();
        for (pe, endpoint) in topology.private_endpoints.iter().enumerate() {
            let crate::model::index::Target::Found(target) = index.endpoint_target[pe] else {
                continue;
            };
            if !index.endpoint_approved(topology, pe) {
                continue;
            }
            for zone in index.endpoint_zones[pe].iter().flatten() {
                let list = records
                    .entry((*zone, target, endpoint.group.value))
                    .or_default();
                if !list.contains(&pe) {
                    list.push(pe);
                }
            }
        }

        let mut net = Net {
            topology,
            index,
            graph: ResourceGraph::build(topology, index),
            two_way: Vec::new(),
            firewall_by_ip,
            hosts_by_ip,
            records,
            answers: RefCell::new(HashMap::new()),
            peering_pairs: HashMap::new(),
            usage: std::cell::OnceCell::new(),
            sources: std::cell::OnceCell::new(),
            onprem: Vec::new(),
            onprem_resolvers: RefCell::new(HashMap::new()),
        };
        for (p, (from, to)) in index.peering_from.iter().zip(&index.peering_to).enumerate() {
            if let (Some(from), Some(to)) = (from, to) {
                net.peering_pairs.entry((*from, *to)).or_insert(p);
            }
        }
        net.two_way = packets::two_way_links(&net);
        net.onprem = (0..topology.gateways.len())
            .map(|g| net.compute_onprem_vnets(g))
            .collect();
        net
    }

    /// Returns what is declared at a private address, when anything is.
    pub fn dns_host_at(&self, ip: &str) -> Option<DnsHost> {
        self.hosts_by_ip.get(&host_key(ip)?).copied()
    }

    /// Returns the path from any source to a subnet.
    pub fn reach(&self, source: Source, dest: SubnetId) -> Path {
        match source {
            Source::Subnet(s) => self.can_send(s, dest),
            Source::OnPrem(g) => self.onprem_reach(g, dest),
        }
    }

    /// Returns the VNets peered with `v` in both directions.
    pub fn peers(&self, v: usize) -> impl Iterator<Item = usize> + '_ {
        self.two_way[v].iter().map(|l| l.vnet)
    }

    /// Describes a source for messages: `VNET/SUBNET` or the gateway.
    pub fn source_name(&self, source: Source) -> String {
        match source {
            Source::Subnet(s) => self.topology.subnet_display(s),
            Source::OnPrem(g) => format!(
                "on-premises clients behind `{}`",
                self.topology.gateways[g].name.value
            ),
        }
    }
}

/// Maps each declared private address to the resource there. When several
/// resources claim one address, a resolver wins over a firewall, a firewall
/// over a VM, and within a kind the first one declared.
fn dns_hosts(topology: &Topology) -> HashMap<HostKey, DnsHost> {
    let mut hosts = HashMap::new();
    for (r, resolver) in topology.dns_resolvers.iter().enumerate() {
        if let Some(ip) = host_key(&resolver.inbound_ip.value) {
            hosts.entry(ip).or_insert(DnsHost::Resolver(r));
        }
    }
    for (f, firewall) in topology.firewalls.iter().enumerate() {
        if let Some(ip) = host_key(&firewall.private_ip.value) {
            let dns_proxy = firewall.dns_proxy.as_ref().is_some_and(|p| p.value);
            hosts.entry(ip).or_insert(DnsHost::Firewall {
                firewall: f,
                dns_proxy,
            });
        }
    }
    for (vm, machine) in topology.virtual_machines.iter().enumerate() {
        let Some(ip) = machine
            .private_ip
            .as_ref()
            .and_then(|ip| host_key(&ip.value))
        else {
            continue;
        };
        let dns_server = machine
            .role
            .as_ref()
            .is_some_and(|r| r.value == crate::model::VmRole::DnsServer);
        hosts.entry(ip).or_insert(DnsHost::Vm { vm, dns_server });
    }
    hosts
}
