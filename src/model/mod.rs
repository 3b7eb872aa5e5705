//! The topology: every file of a run merged into one design.

pub mod enums;
pub mod format;
pub mod index;
pub mod schema;
pub mod spanned;
pub mod unknown;

pub use enums::*;
pub use format::*;
pub use index::Index;
pub use spanned::Sp;
pub use unknown::Unknown;

use crate::source::{FileId, Loc};

/// All resources of a run, in file order, with file-level defaults applied.
#[derive(Debug, Default)]
pub struct Topology {
    pub cloud: Cloud,
    pub workspaces: Vec<Workspace>,
    pub storage_accounts: Vec<Service>,
    pub key_vaults: Vec<Service>,
    pub container_registries: Vec<Service>,
    pub vnets: Vec<Vnet>,
    pub peerings: Vec<Peering>,
    pub private_endpoints: Vec<PrivateEndpoint>,
    pub private_dns_zones: Vec<DnsZone>,
    /// Links declared apart from their zone that match no zone of the run;
    /// the others are in their zone's `vnet_links` after [`Topology::attach_zone_links`].
    pub zone_links: Vec<ZoneLink>,
    pub dns_resolvers: Vec<DnsResolver>,
    pub computes: Vec<Compute>,
    pub kubernetes_clusters: Vec<Aks>,
    pub gateways: Vec<Gateway>,
    pub bastions: Vec<Bastion>,
    pub firewalls: Vec<Firewall>,
    pub virtual_machines: Vec<VirtualMachine>,
    pub synapse_workspaces: Vec<Synapse>,
    pub suppressions: Vec<Suppression>,
    /// Values that imported inputs leave unknown until deployment.
    pub unknowns: Vec<Unknown>,
}

impl Topology {
    /// Appends one file, applying its top-level `region` and `subscription`
    /// to the resources whose format table inherits them.
    pub fn merge(&mut self, file: File) {
        let region = file.region;
        let subscription = file.subscription;
        let inherit = |own: &mut Option<Sp<String>>, top: &Option<Sp<String>>| {
            if own.is_none() {
                own.clone_from(top);
            }
        };

        for mut w in file.workspaces {
            inherit(&mut w.region, &region);
            inherit(&mut w.subscription, &subscription);
            self.workspaces.push(w);
        }
        for (list, target) in [
            (file.storage_accounts, &mut self.storage_accounts),
            (file.key_vaults, &mut self.key_vaults),
            (file.container_registries, &mut self.container_registries),
        ] {
            for mut s in list {
                inherit(&mut s.region, &region);
                target.push(s);
            }
        }
        for mut v in file.vnets {
            inherit(&mut v.region, &region);
            inherit(&mut v.subscription, &subscription);
            self.vnets.push(v);
        }
        for mut s in file.synapse_workspaces {
            inherit(&mut s.region, &region);
            self.synapse_workspaces.push(s);
        }
        self.peerings.extend(file.peerings);
        self.private_endpoints.extend(file.private_endpoints);
        self.private_dns_zones.extend(file.private_dns_zones);
        self.zone_links.extend(file.private_dns_zone_links);
        self.dns_resolvers.extend(file.dns_resolvers);
        self.computes.extend(file.computes);
        self.kubernetes_clusters.extend(file.kubernetes_clusters);
        self.gateways.extend(file.gateways);
        self.bastions.extend(file.bastions);
        self.firewalls.extend(file.firewalls);
        self.virtual_machines.extend(file.virtual_machines);
        self.suppressions.extend(file.suppressions);
    }
}

impl Topology {
    /// Moves each link declared apart from its zone into the zone it names,
    /// once every file is merged. A link that names no zone, or several zones
    /// without a resource group to choose, stays in `zone_links`, where the
    /// index reports it.
    pub fn attach_zone_links(&mut self) {
        let mut by_name: std::collections::HashMap<String, Vec<usize>> = Default::default();
        for (z, zone) in self.private_dns_zones.iter().enumerate() {
            by_name
                .entry(zone.name.value.to_lowercase())
                .or_default()
                .push(z);
        }
        let mut orphans = Vec::new();
        for link in std::mem::take(&mut self.zone_links) {
            let candidates: Vec<usize> = by_name
                .get(&link.zone.value.to_lowercase())
                .into_iter()
                .flatten()
                .copied()
                .filter(|&z| {
                    match (
                        &link.resource_group,
                        &self.private_dns_zones[z].resource_group,
                    ) {
                        (Some(wanted), Some(group)) => {
                            wanted.value.eq_ignore_ascii_case(&group.value)
                        }
                        (Some(_), None) => false,
                        (None, _) => true,
                    }
                })
                .collect();
            match candidates.as_slice() {
                [z] => self.private_dns_zones[*z].vnet_links.push(VnetLink {
                    vnet: link.vnet,
                    fallback_to_internet: link.fallback_to_internet,
                }),
                _ => orphans.push(link),
            }
        }
        self.zone_links = orphans;
    }
}

/// Returns the file a resource was declared in, from the location of its name.
pub fn file_of(name: &Sp<String>) -> FileId {
    name.loc.file
}

/// A location that points at nothing in particular, for findings on an empty design.
pub fn no_loc() -> Loc {
    Loc::default()
}
