//! Resolved references and derived facts, computed once per run and shared by every rule.
//!
//! Building the index never fails: a reference that names nothing is recorded
//! in [`Index::unresolved`] (reported by `unknown-reference`) and resolves to `None`.

use std::collections::HashMap;
use std::net::IpAddr;

use ipnet::IpNet;

use super::enums::{Access, Group, TargetKind};
use super::format::Service;
use super::unknown::is_unknown;
use super::{Sp, Topology};
use crate::source::Loc;
use crate::suggest::nearest;

/// A subnet: index of its VNet and its position in that VNet's `subnets`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SubnetId {
    pub vnet: usize,
    pub subnet: usize,
}

/// Kinds of resources, as named in messages and in suppressions (`KIND/NAME`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Workspace,
    StorageAccount,
    KeyVault,
    ContainerRegistry,
    Vnet,
    Subnet,
    Peering,
    PrivateEndpoint,
    PrivateDnsZone,
    DnsResolver,
    Compute,
    KubernetesCluster,
    Gateway,
    Bastion,
    Firewall,
    VirtualMachine,
    SynapseWorkspace,
    Suppression,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Workspace => "workspace",
            Kind::StorageAccount => "storage_account",
            Kind::KeyVault => "key_vault",
            Kind::ContainerRegistry => "container_registry",
            Kind::Vnet => "vnet",
            Kind::Subnet => "subnet",
            Kind::Peering => "peering",
            Kind::PrivateEndpoint => "private_endpoint",
            Kind::PrivateDnsZone => "private_dns_zone",
            Kind::DnsResolver => "dns_resolver",
            Kind::Compute => "compute",
            Kind::KubernetesCluster => "kubernetes_cluster",
            Kind::Gateway => "gateway",
            Kind::Bastion => "bastion",
            Kind::Firewall => "firewall",
            Kind::VirtualMachine => "virtual_machine",
            Kind::SynapseWorkspace => "synapse_workspace",
            Kind::Suppression => "suppression",
        }
    }

    /// Returns the words used for this kind in messages.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Workspace => "workspace",
            Kind::StorageAccount => "storage account",
            Kind::KeyVault => "key vault",
            Kind::ContainerRegistry => "container registry",
            Kind::Vnet => "VNet",
            Kind::Subnet => "subnet",
            Kind::Peering => "peering",
            Kind::PrivateEndpoint => "private endpoint",
            Kind::PrivateDnsZone => "private DNS zone",
            Kind::DnsResolver => "DNS resolver",
            Kind::Compute => "compute",
            Kind::KubernetesCluster => "AKS cluster",
            Kind::Gateway => "gateway",
            Kind::Bastion => "Bastion host",
            Kind::Firewall => "firewall",
            Kind::VirtualMachine => "virtual machine",
            Kind::SynapseWorkspace => "Synapse workspace",
            Kind::Suppression => "suppression",
        }
    }
}

/// A dependency service kind: the three lists that share the [`Service`] type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ServiceKind {
    Storage,
    KeyVault,
    Registry,
}

impl ServiceKind {
    pub const ALL: [ServiceKind; 3] = [
        ServiceKind::Storage,
        ServiceKind::KeyVault,
        ServiceKind::Registry,
    ];

    pub fn kind(self) -> Kind {
        match self {
            ServiceKind::Storage => Kind::StorageAccount,
            ServiceKind::KeyVault => Kind::KeyVault,
            ServiceKind::Registry => Kind::ContainerRegistry,
        }
    }

    /// Returns the service endpoint a subnet needs for this service's network rules.
    pub fn service_endpoint(self) -> &'static str {
        match self {
            ServiceKind::Storage => "Microsoft.Storage",
            ServiceKind::KeyVault => "Microsoft.KeyVault",
            ServiceKind::Registry => "Microsoft.ContainerRegistry",
        }
    }
}

/// The resource a private endpoint connects to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TargetRef {
    Workspace(usize),
    Service(ServiceKind, usize),
    Aks(usize),
    Synapse(usize),
}

/// The outcome of resolving a private endpoint's `target`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Found(TargetRef),
    /// The name exists, but only as other kinds than the group implies.
    WrongKind(Vec<Kind>),
    Missing,
}

/// A reference that names nothing of the expected kind.
#[derive(Clone, Debug)]
pub struct Unresolved {
    pub loc: Loc,
    pub expected: Kind,
    pub name: String,
    pub suggestion: Option<String>,
    /// The reason it did not resolve, when more than "not found".
    pub reason: Option<String>,
    /// The resource that holds the reference, when known.
    pub owner: Option<(Kind, String)>,
}

/// An effective region: normalized name and the place it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    /// Lowercased with spaces removed.
    pub key: String,
    pub loc: Loc,
}

impl Region {
    pub fn of(name: &Sp<String>) -> Region {
        Region {
            key: normalize_region(&name.value),
            loc: name.loc,
        }
    }
}

pub fn normalize_region(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

type NameMap = HashMap<String, Vec<usize>>;

fn name_map<'a>(names: impl Iterator<Item = &'a Sp<String>>) -> NameMap {
    let mut map = NameMap::new();
    for (i, name) in names.enumerate() {
        map.entry(name.value.to_lowercase()).or_default().push(i);
    }
    map
}

/// Everything derived from the topology that more than one rule needs.
#[derive(Debug, Default)]
pub struct Index {
    pub workspaces: NameMap,
    pub services: [NameMap; 3],
    pub vnets: NameMap,
    /// Per VNet: subnet name to positions.
    pub subnets: Vec<NameMap>,
    pub endpoints: NameMap,
    /// Zone name to zones (several when resource groups differ).
    pub zones: NameMap,
    pub computes: NameMap,
    pub aks: NameMap,
    pub firewalls: NameMap,
    pub vms: NameMap,
    pub synapses: NameMap,
    pub gateways: NameMap,
    pub bastions: NameMap,
    pub resolvers: NameMap,
    pub peering_names: NameMap,

    pub unresolved: Vec<Unresolved>,
    /// The resource whose references are being resolved, recorded in [`Unresolved::owner`].
    owner: Option<(Kind, String)>,

    pub vnet_prefixes: Vec<Vec<Option<IpNet>>>,
    pub subnet_prefixes: Vec<Vec<Option<IpNet>>>,

    pub vnet_region: Vec<Option<Region>>,
    pub workspace_region: Vec<Option<Region>>,
    pub service_region: [Vec<Option<Region>>; 3],
    pub endpoint_region: Vec<Option<Region>>,
    pub compute_region: Vec<Option<Region>>,
    pub aks_region: Vec<Option<Region>>,
    pub synapse_region: Vec<Option<Region>>,

    pub workspace_storage: Vec<Option<usize>>,
    pub workspace_key_vault: Vec<Option<usize>>,
    pub workspace_registry: Vec<Option<usize>>,
    pub workspace_additional_storage: Vec<Vec<Option<usize>>>,
    pub workspace_image_compute: Vec<Option<usize>>,
    pub service_rule_subnets: [Vec<Vec<Option<SubnetId>>>; 3],

    pub peering_from: Vec<Option<usize>>,
    pub peering_to: Vec<Option<usize>>,
    /// Per VNet: indexes of the peerings that leave it.
    pub peerings_from_vnet: Vec<Vec<usize>>,

    pub endpoint_subnet: Vec<Option<SubnetId>>,
    pub endpoint_target: Vec<Target>,
    pub endpoint_zones: Vec<Vec<Option<usize>>>,
    /// Approved and unapproved endpoints of each target, in declaration order.
    pub endpoints_of: HashMap<TargetRef, Vec<usize>>,
    /// Per VNet: the private endpoints placed in it.
    pub endpoints_in_vnet: Vec<Vec<usize>>,

    /// Per zone, per link: the linked VNet.
    pub zone_links: Vec<Vec<Option<usize>>>,
    /// Per VNet: (zone, link position) of each zone linked to it.
    pub zones_linked_to: Vec<Vec<(usize, usize)>>,

    pub resolver_vnet: Vec<Option<usize>>,
    pub resolver_subnet: Vec<Option<SubnetId>>,
    pub vm_subnet: Vec<Option<SubnetId>>,
    pub firewall_subnet: Vec<Option<SubnetId>>,
    pub gateway_vnet: Vec<Option<usize>>,
    pub bastion_vnet: Vec<Option<usize>>,

    pub compute_workspace: Vec<Option<usize>>,
    pub compute_subnet: Vec<Option<SubnetId>>,
    pub aks_subnet: Vec<Option<SubnetId>>,
    pub aks_workspace: Vec<Option<usize>>,
    pub synapse_workspaces: Vec<Vec<Option<usize>>>,
}

impl Index {
    pub fn build(t: &Topology) -> Index {
        let mut ix = Index {
            workspaces: name_map(t.workspaces.iter().map(|w| &w.name)),
            services: [
                name_map(t.storage_accounts.iter().map(|s| &s.name)),
                name_map(t.key_vaults.iter().map(|s| &s.name)),
                name_map(t.container_registries.iter().map(|s| &s.name)),
            ],
            vnets: name_map(t.vnets.iter().map(|v| &v.name)),
            subnets: t
                .vnets
                .iter()
                .map(|v| name_map(v.subnets.iter().map(|s| &s.name)))
                .collect(),
            endpoints: name_map(t.private_endpoints.iter().map(|p| &p.name)),
            zones: name_map(t.private_dns_zones.iter().map(|z| &z.name)),
            computes: name_map(t.computes.iter().map(|c| &c.name)),
            aks: name_map(t.kubernetes_clusters.iter().map(|a| &a.name)),
            firewalls: name_map(t.firewalls.iter().map(|f| &f.name)),
            vms: name_map(t.virtual_machines.iter().map(|v| &v.name)),
            synapses: name_map(t.synapse_workspaces.iter().map(|s| &s.name)),
            gateways: name_map(t.gateways.iter().map(|g| &g.name)),
            bastions: name_map(t.bastions.iter().map(|b| &b.name)),
            resolvers: name_map(t.dns_resolvers.iter().map(|r| &r.name)),
            peering_names: NameMap::new(),
            ..Index::default()
        };
        ix.parse_addresses(t);
        ix.resolve_services(t);
        ix.resolve_network(t);
        ix.resolve_endpoints(t);
        ix.resolve_compute(t);
        ix.resolve_regions(t);
        ix.owner = None;
        ix
    }

    fn parse_addresses(&mut self, t: &Topology) {
        self.vnet_prefixes = t
            .vnets
            .iter()
            .map(|v| v.address_space.iter().map(parse_prefix).collect())
            .collect();
        self.subnet_prefixes = t
            .vnets
            .iter()
            .map(|v| {
                v.subnets
                    .iter()
                    .map(|s| parse_prefix(&s.address_prefix))
                    .collect()
            })
            .collect();
    }

    fn resolve_services(&mut self, t: &Topology) {
        for w in &t.workspaces {
            self.owner = Some((Kind::Workspace, w.name.value.clone()));
            let storage = self.find(Kind::StorageAccount, &w.storage_account);
            let vault = self.find(Kind::KeyVault, &w.key_vault);
            let registry = w
                .container_registry
                .as_ref()
                .and_then(|r| self.find(Kind::ContainerRegistry, r));
            let additional = w
                .additional_storage
                .iter()
                .map(|s| self.find(Kind::StorageAccount, s))
                .collect();
            self.workspace_storage.push(storage);
            self.workspace_key_vault.push(vault);
            self.workspace_registry.push(registry);
            self.workspace_additional_storage.push(additional);
        }
        for kind in ServiceKind::ALL {
            let mut lists = Vec::new();
            for s in t.services(kind) {
                self.owner = Some((kind.kind(), s.name.value.clone()));
                let subnets = match &s.network_rules {
                    Some(rules) => rules
                        .virtual_network_subnets
                        .iter()
                        .map(|r| self.find_subnet(r))
                        .collect(),
                    None => Vec::new(),
                };
                lists.push(subnets);
            }
            self.service_rule_subnets[kind as usize] = lists;
        }
    }

    fn resolve_network(&mut self, t: &Topology) {
        self.resolve_next_hops(t);
        self.peerings_from_vnet = vec![Vec::new(); t.vnets.len()];
        for (i, p) in t.peerings.iter().enumerate() {
            self.owner = Some((Kind::Peering, peering_name(p, t)));
            let from = self.find(Kind::Vnet, &p.from);
            let to = self.find(Kind::Vnet, &p.to);
            if let Some(from) = from {
                self.peerings_from_vnet[from].push(i);
            }
            self.peering_from.push(from);
            self.peering_to.push(to);
            let name = peering_name(p, t);
            self.peering_names
                .entry(name.to_lowercase())
                .or_default()
                .push(i);
        }

        self.zones_linked_to = vec![Vec::new(); t.vnets.len()];
        for (z, zone) in t.private_dns_zones.iter().enumerate() {
            self.owner = Some((Kind::PrivateDnsZone, t.zone_display(z)));
            let mut links = Vec::new();
            for (l, link) in zone.vnet_links.iter().enumerate() {
                let vnet = self.find(Kind::Vnet, &link.vnet);
                if let Some(v) = vnet {
                    self.zones_linked_to[v].push((z, l));
                }
                links.push(vnet);
            }
            self.zone_links.push(links);
        }
        // Links declared apart that matched no single zone when the files merged.
        for link in &t.zone_links {
            let name = &link.zone.value;
            let matching = self.zones.get(&name.to_lowercase()).map_or(0, Vec::len);
            let reason = match (matching, &link.resource_group) {
                (0, _) => None,
                (_, Some(group)) => Some(format!(
                    "no zone `{name}` is in resource group `{}`",
                    group.value
                )),
                (_, None) => Some(format!(
                    "{matching} zones are named `{name}`; set `resource_group` to choose one"
                )),
            };
            let suggestion = match matching {
                0 => nearest(name, self.zones.keys().map(String::as_str)).map(str::to_string),
                _ => None,
            };
            self.unresolved.push(Unresolved {
                loc: link.zone.loc,
                expected: Kind::PrivateDnsZone,
                name: name.clone(),
                suggestion,
                reason,
                owner: Some((Kind::Vnet, link.vnet.value.clone())),
            });
        }

        for r in &t.dns_resolvers {
            self.owner = Some((Kind::DnsResolver, r.name.value.clone()));
            let vnet = self.find(Kind::Vnet, &r.vnet);
            let subnet = self.find_subnet(&r.inbound_subnet);
            self.resolver_vnet.push(vnet);
            self.resolver_subnet.push(subnet);
        }
        for vm in &t.virtual_machines {
            self.owner = Some((Kind::VirtualMachine, vm.name.value.clone()));
            let subnet = self.find_subnet(&vm.subnet);
            self.vm_subnet.push(subnet);
        }
        for fw in &t.firewalls {
            self.owner = Some((Kind::Firewall, fw.name.value.clone()));
            let subnet = self.find_subnet(&fw.subnet);
            self.firewall_subnet.push(subnet);
        }
        for g in &t.gateways {
            self.owner = Some((Kind::Gateway, g.name.value.clone()));
            let vnet = self.find(Kind::Vnet, &g.vnet);
            self.gateway_vnet.push(vnet);
        }
        for b in &t.bastions {
            self.owner = Some((Kind::Bastion, b.name.value.clone()));
            let vnet = self.find(Kind::Vnet, &b.vnet);
            self.bastion_vnet.push(vnet);
        }
    }

    /// Checks that each `VirtualAppliance:<name>` next hop names a declared firewall.
    /// A next hop written as an IP address is matched to a firewall by the semantics.
    fn resolve_next_hops(&mut self, t: &Topology) {
        for vnet in &t.vnets {
            for subnet in &vnet.subnets {
                let display = format!("{}/{}", vnet.name.value, subnet.name.value);
                self.owner = Some((Kind::Subnet, display));
                for route in &subnet.route_table {
                    let super::format::NextHop::VirtualAppliance(target) = &route.next_hop.value
                    else {
                        continue;
                    };
                    if parse_ip(target).is_some() {
                        continue;
                    }
                    let name = Sp::new(target.clone(), route.next_hop.loc);
                    self.find(Kind::Firewall, &name);
                }
            }
        }
    }

    fn resolve_endpoints(&mut self, t: &Topology) {
        self.endpoints_in_vnet = vec![Vec::new(); t.vnets.len()];
        for (i, pe) in t.private_endpoints.iter().enumerate() {
            self.owner = Some((Kind::PrivateEndpoint, pe.name.value.clone()));
            let subnet = self.find_subnet(&pe.subnet);
            if let Some(s) = subnet {
                self.endpoints_in_vnet[s.vnet].push(i);
            }
            self.endpoint_subnet.push(subnet);

            let target = self.find_target(pe.group.value, &pe.target);
            if let Target::Found(r) = target {
                self.endpoints_of.entry(r).or_default().push(i);
            }
            self.endpoint_target.push(target);

            let zones = pe.dns_zones.iter().map(|z| self.find_zone(z, t)).collect();
            self.endpoint_zones.push(zones);
        }
    }

    fn resolve_compute(&mut self, t: &Topology) {
        for c in &t.computes {
            self.owner = Some((Kind::Compute, c.name.value.clone()));
            let workspace = match &c.workspace {
                Some(w) => self.find(Kind::Workspace, w),
                None if t.workspaces.len() == 1 => Some(0),
                None => {
                    self.unresolved.push(Unresolved {
                        loc: c.name.loc,
                        expected: Kind::Workspace,
                        name: String::new(),
                        suggestion: None,
                        reason: Some(format!(
                            "compute `{}` sets no `workspace`, and the topology has {} workspaces",
                            c.name.value,
                            t.workspaces.len()
                        )),
                        owner: self.owner.clone(),
                    });
                    None
                }
            };
            let subnet = c.subnet.as_ref().and_then(|s| self.find_subnet(s));
            self.compute_workspace.push(workspace);
            self.compute_subnet.push(subnet);
        }
        for a in &t.kubernetes_clusters {
            self.owner = Some((Kind::KubernetesCluster, a.name.value.clone()));
            let subnet = self.find_subnet(&a.subnet);
            let workspace = a
                .attached_to
                .as_ref()
                .and_then(|w| self.find(Kind::Workspace, w));
            self.aks_subnet.push(subnet);
            self.aks_workspace.push(workspace);
        }
        for s in &t.synapse_workspaces {
            self.owner = Some((Kind::SynapseWorkspace, s.name.value.clone()));
            let linked = s
                .linked_workspaces
                .iter()
                .map(|w| self.find(Kind::Workspace, w))
                .collect();
            self.synapse_workspaces.push(linked);
        }
        for w in &t.workspaces {
            self.owner = Some((Kind::Workspace, w.name.value.clone()));
            let compute = w
                .image_build_compute
                .as_ref()
                .and_then(|c| self.find(Kind::Compute, c));
            self.workspace_image_compute.push(compute);
        }
    }

    fn resolve_regions(&mut self, t: &Topology) {
        let own = |r: &Option<Sp<String>>| r.as_ref().map(Region::of);
        self.vnet_region = t.vnets.iter().map(|v| own(&v.region)).collect();
        self.workspace_region = t.workspaces.iter().map(|w| own(&w.region)).collect();
        for kind in ServiceKind::ALL {
            self.service_region[kind as usize] =
                t.services(kind).iter().map(|s| own(&s.region)).collect();
        }
        self.synapse_region = t
            .synapse_workspaces
            .iter()
            .map(|s| own(&s.region))
            .collect();
        self.endpoint_region = t
            .private_endpoints
            .iter()
            .zip(&self.endpoint_subnet)
            .map(|(pe, subnet)| {
                own(&pe.region).or_else(|| subnet.and_then(|s| self.vnet_region[s.vnet].clone()))
            })
            .collect();
        self.compute_region =
            t.computes
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    own(&c.region)
                        .or_else(|| {
                            self.compute_subnet[i].and_then(|s| self.vnet_region[s.vnet].clone())
                        })
                        .or_else(|| match c.subnet {
                            Some(_) => None,
                            None => self.compute_workspace[i]
                                .and_then(|w| self.workspace_region[w].clone()),
                        })
                })
                .collect();
        self.aks_region = t
            .kubernetes_clusters
            .iter()
            .zip(&self.aks_subnet)
            .map(|(a, subnet)| {
                own(&a.region).or_else(|| subnet.and_then(|s| self.vnet_region[s.vnet].clone()))
            })
            .collect();
    }

    /// Returns the map of names for a kind of resource.
    pub fn names(&self, kind: Kind) -> Option<&NameMap> {
        Some(match kind {
            Kind::Workspace => &self.workspaces,
            Kind::StorageAccount => &self.services[0],
            Kind::KeyVault => &self.services[1],
            Kind::ContainerRegistry => &self.services[2],
            Kind::Vnet => &self.vnets,
            Kind::PrivateEndpoint => &self.endpoints,
            Kind::PrivateDnsZone => &self.zones,
            Kind::Compute => &self.computes,
            Kind::KubernetesCluster => &self.aks,
            Kind::Firewall => &self.firewalls,
            Kind::VirtualMachine => &self.vms,
            Kind::SynapseWorkspace => &self.synapses,
            Kind::Gateway => &self.gateways,
            Kind::Bastion => &self.bastions,
            Kind::DnsResolver => &self.resolvers,
            Kind::Peering => &self.peering_names,
            Kind::Subnet | Kind::Suppression => return None,
        })
    }

    /// Looks up a name without recording anything.
    pub fn lookup(&self, kind: Kind, name: &str) -> Option<usize> {
        self.names(kind)?
            .get(&name.to_lowercase())
            .and_then(|v| v.first().copied())
    }

    /// Resolves a reference, recording it as unresolved when it names nothing.
    fn find(&mut self, kind: Kind, name: &Sp<String>) -> Option<usize> {
        if let Some(i) = self.lookup(kind, &name.value) {
            return Some(i);
        }
        if is_unknown(&name.value) {
            // Deployment decides what it names; `unknown-value` reports it.
            return None;
        }
        let suggestion = self
            .names(kind)
            .and_then(|names| nearest(&name.value, names.keys().map(String::as_str)))
            .map(str::to_string);
        self.unresolved.push(Unresolved {
            loc: name.loc,
            expected: kind,
            name: name.value.clone(),
            suggestion,
            reason: None,
            owner: self.owner.clone(),
        });
        None
    }

    /// Looks up `VNET/SUBNET` without recording anything.
    pub fn lookup_subnet(&self, reference: &str) -> Option<SubnetId> {
        let (vnet, subnet) = reference.split_once('/')?;
        let v = self.lookup(Kind::Vnet, vnet.trim())?;
        let s = self.subnets[v]
            .get(&subnet.trim().to_lowercase())?
            .first()?;
        Some(SubnetId {
            vnet: v,
            subnet: *s,
        })
    }

    /// Resolves `VNET/SUBNET`, recording it as unresolved when it names nothing.
    fn find_subnet(&mut self, reference: &Sp<String>) -> Option<SubnetId> {
        if let Some(id) = self.lookup_subnet(&reference.value) {
            return Some(id);
        }
        if is_unknown(&reference.value) {
            return None;
        }
        let (suggestion, reason) = match reference.value.split_once('/') {
            None => (
                None,
                Some(format!(
                    "`{}` is not of the form VNET/SUBNET",
                    reference.value
                )),
            ),
            Some((vnet, subnet)) => match self.lookup(Kind::Vnet, vnet.trim()) {
                None => {
                    let near = nearest(vnet.trim(), self.vnets.keys().map(String::as_str));
                    (
                        near.map(|v| format!("{v}/{}", subnet.trim())),
                        Some(format!("VNet `{}` is not declared", vnet.trim())),
                    )
                }
                Some(v) => {
                    let near = nearest(subnet.trim(), self.subnets[v].keys().map(String::as_str));
                    (
                        near.map(|s| format!("{}/{s}", vnet.trim())),
                        Some(format!(
                            "VNet `{}` has no subnet `{}`",
                            vnet.trim(),
                            subnet.trim()
                        )),
                    )
                }
            },
        };
        self.unresolved.push(Unresolved {
            loc: reference.loc,
            expected: Kind::Subnet,
            name: reference.value.clone(),
            suggestion,
            reason,
            owner: self.owner.clone(),
        });
        None
    }

    /// Resolves a private endpoint's zone entry: `ZONE` or `RESOURCE_GROUP/ZONE`.
    fn find_zone(&mut self, reference: &Sp<String>, t: &Topology) -> Option<usize> {
        let (group, zone) = match reference.value.split_once('/') {
            Some((g, z)) => (Some(g.trim()), z.trim()),
            None => (None, reference.value.trim()),
        };
        let candidates: Vec<usize> = self
            .zones
            .get(&zone.to_lowercase())
            .map(|zs| {
                zs.iter()
                    .copied()
                    .filter(|&z| match group {
                        None => true,
                        Some(g) => t.private_dns_zones[z]
                            .resource_group
                            .as_ref()
                            .is_some_and(|rg| rg.value.eq_ignore_ascii_case(g)),
                    })
                    .collect()
            })
            .unwrap_or_default();
        match candidates.as_slice() {
            [one] => return Some(*one),
            [] if is_unknown(&reference.value) => {}
            [] => {
                let suggestion =
                    nearest(zone, self.zones.keys().map(String::as_str)).map(str::to_string);
                self.unresolved.push(Unresolved {
                    loc: reference.loc,
                    expected: Kind::PrivateDnsZone,
                    name: reference.value.clone(),
                    suggestion,
                    reason: None,
                    owner: self.owner.clone(),
                });
            }
            several => {
                let names: Vec<String> = several.iter().map(|&z| t.zone_display(z)).collect();
                self.unresolved.push(Unresolved {
                    loc: reference.loc,
                    expected: Kind::PrivateDnsZone,
                    name: reference.value.clone(),
                    suggestion: None,
                    reason: Some(format!(
                        "`{}` matches several zones: {}",
                        reference.value,
                        names.join(", ")
                    )),
                    owner: self.owner.clone(),
                });
            }
        }
        None
    }

    /// Resolves a private endpoint target by the kind its group implies.
    fn find_target(&mut self, group: Group, name: &Sp<String>) -> Target {
        let kind = match group.target_kind() {
            TargetKind::Workspace => Kind::Workspace,
            TargetKind::Storage => Kind::StorageAccount,
            TargetKind::KeyVault => Kind::KeyVault,
            TargetKind::Registry => Kind::ContainerRegistry,
            TargetKind::Aks => Kind::KubernetesCluster,
            TargetKind::Synapse => Kind::SynapseWorkspace,
        };
        if let Some(i) = self.lookup(kind, &name.value) {
            return Target::Found(match kind {
                Kind::Workspace => TargetRef::Workspace(i),
                Kind::StorageAccount => TargetRef::Service(ServiceKind::Storage, i),
                Kind::KeyVault => TargetRef::Service(ServiceKind::KeyVault, i),
                Kind::ContainerRegistry => TargetRef::Service(ServiceKind::Registry, i),
                Kind::KubernetesCluster => TargetRef::Aks(i),
                _ => TargetRef::Synapse(i),
            });
        }
        let other_kinds = [
            Kind::Workspace,
            Kind::StorageAccount,
            Kind::KeyVault,
            Kind::ContainerRegistry,
            Kind::KubernetesCluster,
            Kind::SynapseWorkspace,
        ];
        let found: Vec<Kind> = other_kinds
            .into_iter()
            .filter(|&k| self.lookup(k, &name.value).is_some())
            .collect();
        if !found.is_empty() {
            return Target::WrongKind(found);
        }
        self.find(kind, name);
        Target::Missing
    }

    /// Returns true when the private endpoint carries traffic (it needs no manual approval).
    pub fn endpoint_approved(&self, t: &Topology, pe: usize) -> bool {
        !t.private_endpoints[pe]
            .manual_approval
            .as_ref()
            .is_some_and(|m| m.value)
    }

    /// Returns the approved endpoints of a target with the given group.
    pub fn approved_endpoints<'a>(
        &'a self,
        t: &'a Topology,
        target: TargetRef,
        group: Group,
    ) -> impl Iterator<Item = usize> + 'a {
        self.endpoints_of
            .get(&target)
            .into_iter()
            .flatten()
            .copied()
            .filter(move |&pe| {
                t.private_endpoints[pe].group.value == group && self.endpoint_approved(t, pe)
            })
    }

    /// Returns true when an approved `amlworkspace` endpoint targets the workspace.
    pub fn workspace_has_endpoint(&self, t: &Topology, ws: usize) -> bool {
        self.approved_endpoints(t, TargetRef::Workspace(ws), Group::AmlWorkspace)
            .next()
            .is_some()
    }

    /// Computes the workspace's effective public access, as the format defines it.
    pub fn workspace_public_access(&self, t: &Topology, ws: usize) -> Access {
        let w = &t.workspaces[ws];
        if let Some(access) = &w.public_network_access {
            return access.value;
        }
        if self.workspace_has_endpoint(t, ws) {
            let legacy = w
                .allow_public_access_when_behind_vnet
                .as_ref()
                .is_some_and(|f| f.value);
            return if legacy {
                Access::Enabled
            } else {
                Access::Disabled
            };
        }
        Access::Enabled
    }

    /// Returns the VNet that contains a subnet's private endpoint, compute or VM.
    pub fn vnet_of(&self, subnet: SubnetId) -> usize {
        subnet.vnet
    }
}

fn parse_prefix(text: &Sp<String>) -> Option<IpNet> {
    let net: IpNet = text.value.trim().parse().ok()?;
    (net.trunc() == net).then_some(net)
}

/// Parses an IP address written in the topology.
pub fn parse_ip(text: &str) -> Option<IpAddr> {
    text.trim().parse().ok()
}

/// An address that identifies a host: an IP address, or a symbol for an
/// address unknown until deployment, which matches only the same symbol.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum HostKey {
    Ip(IpAddr),
    Unknown(String),
}

/// Returns the host key of an address written in the topology or imported.
pub fn host_key(text: &str) -> Option<HostKey> {
    if super::unknown::is_unknown(text) {
        return Some(HostKey::Unknown(text.to_string()));
    }
    parse_ip(text).map(HostKey::Ip)
}

/// Returns a peering's name: its own, or `FROM-to-TO`.
pub fn peering_name(p: &super::format::Peering, _t: &Topology) -> String {
    match &p.name {
        Some(n) => n.value.clone(),
        None => format!("{}-to-{}", p.from.value, p.to.value),
    }
}

impl Topology {
    /// Returns the list of one dependency service kind.
    pub fn services(&self, kind: ServiceKind) -> &[Service] {
        match kind {
            ServiceKind::Storage => &self.storage_accounts,
            ServiceKind::KeyVault => &self.key_vaults,
            ServiceKind::Registry => &self.container_registries,
        }
    }

    /// Returns `RESOURCE_GROUP/ZONE` when the zone has a resource group, else `ZONE`.
    pub fn zone_display(&self, zone: usize) -> String {
        let z = &self.private_dns_zones[zone];
        match &z.resource_group {
            Some(rg) => format!("{}/{}", rg.value, z.name.value),
            None => z.name.value.clone(),
        }
    }

    /// Returns `VNET/SUBNET` for a subnet.
    pub fn subnet_display(&self, id: SubnetId) -> String {
        let v = &self.vnets[id.vnet];
        format!("{}/{}", v.name.value, v.subnets[id.subnet].name.value)
    }

    /// Returns the name of a private endpoint target.
    pub fn target_name(&self, target: TargetRef) -> &Sp<String> {
        match target {
            TargetRef::Workspace(i) => &self.workspaces[i].name,
            TargetRef::Service(kind, i) => &self.services(kind)[i].name,
            TargetRef::Aks(i) => &self.kubernetes_clusters[i].name,
            TargetRef::Synapse(i) => &self.synapse_workspaces[i].name,
        }
    }
}
