//! What a workspace needs, and which subnets must be able to use it.
//!
//! A workspace needs its default storage `blob` and `file`, its key vault
//! `vault`, its registry `registry` (when it has one) and `blob` of each
//! additional storage account. The subnets that must use them are those
//! that contain one of its private endpoints, its computes or its AKS node
//! pools. Computes of a workspace with a managed network live in that
//! network, so they are left out.

use super::Net;
use crate::model::index::{Kind, ServiceKind, SubnetId, TargetRef};
use crate::model::{Group, ManagedNetwork, Sp};
use crate::source::Loc;

/// A sub-resource of a service that a workspace needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Need {
    pub target: TargetRef,
    pub group: Group,
    /// For messages: "default storage `st` (blob)".
    pub label: String,
}

/// Something that sits in a subnet and must use the workspace's services.
#[derive(Clone, Debug)]
pub struct Holder {
    pub subnet: SubnetId,
    pub kind: Kind,
    pub name: String,
    /// The holder's `subnet:` reference in the file.
    pub loc: Loc,
}

/// Holders grouped by subnet, in order of first appearance.
#[derive(Clone, Debug)]
pub struct SourceSubnet {
    pub subnet: SubnetId,
    pub holders: Vec<Holder>,
}

impl SourceSubnet {
    /// Names what the subnet holds, for messages: "compute `a`, private endpoint `b`".
    pub fn describe(&self) -> String {
        let names: Vec<String> = self
            .holders
            .iter()
            .take(3)
            .map(|h| format!("{} `{}`", h.kind.noun(), h.name))
            .collect();
        let more = self.holders.len().saturating_sub(3);
        if more > 0 {
            format!("{} and {more} more", names.join(", "))
        } else {
            names.join(", ")
        }
    }

    pub fn has_compute(&self) -> bool {
        self.holders
            .iter()
            .any(|h| matches!(h.kind, Kind::Compute | Kind::KubernetesCluster))
    }
}

impl Net<'_> {
    /// Returns the sub-resources workspace `ws` needs, skipping unresolved references.
    pub fn workspace_needs(&self, ws: usize) -> Vec<Need> {
        let t = self.topology;
        let ix = self.index;
        let mut needs = Vec::new();
        let mut push = |kind: ServiceKind, i: usize, group: Group, role: &str| {
            let name = &t.services(kind)[i].name.value;
            needs.push(Need {
                target: TargetRef::Service(kind, i),
                group,
                label: format!("{role} `{name}` ({group})"),
            });
        };
        if let Some(s) = ix.workspace_storage[ws] {
            push(ServiceKind::Storage, s, Group::Blob, "default storage");
            push(ServiceKind::Storage, s, Group::File, "default storage");
        }
        if let Some(k) = ix.workspace_key_vault[ws] {
            push(ServiceKind::KeyVault, k, Group::Vault, "key vault");
        }
        if let Some(r) = ix.workspace_registry[ws] {
            push(
                ServiceKind::Registry,
                r,
                Group::Registry,
                "container registry",
            );
        }
        for s in ix.workspace_additional_storage[ws].iter().flatten() {
            if Some(*s) != ix.workspace_storage[ws] {
                push(ServiceKind::Storage, *s, Group::Blob, "additional storage");
            }
        }
        needs
    }

    /// Returns true when the workspace's computes live in a managed network.
    pub fn uses_managed_network(&self, ws: usize) -> bool {
        let managed = self.topology.workspaces[ws]
            .managed_network
            .as_ref()
            .map(|m| m.value);
        managed.is_some_and(|m| m != ManagedNetwork::Disabled)
    }

    /// Returns, for every workspace, the subnets that must use its services,
    /// computing them on first use.
    pub fn workspace_sources(&self) -> &[Vec<SourceSubnet>] {
        self.sources
            .get_or_init(|| self.compute_workspace_sources())
    }

    fn compute_workspace_sources(&self) -> Vec<Vec<SourceSubnet>> {
        let t = self.topology;
        let ix = self.index;
        let mut holders: Vec<Vec<Holder>> = vec![Vec::new(); t.workspaces.len()];
        let mut add = |ws: Option<usize>,
                       subnet: Option<SubnetId>,
                       kind: Kind,
                       name: &Sp<String>,
                       loc: Loc| {
            if let (Some(ws), Some(subnet)) = (ws, subnet) {
                holders[ws].push(Holder {
                    subnet,
                    kind,
                    name: name.value.clone(),
                    loc,
                });
            }
        };
        for (pe, endpoint) in t.private_endpoints.iter().enumerate() {
            let crate::model::index::Target::Found(TargetRef::Workspace(ws)) =
                ix.endpoint_target[pe]
            else {
                continue;
            };
            if ix.endpoint_approved(t, pe) {
                add(
                    Some(ws),
                    ix.endpoint_subnet[pe],
                    Kind::PrivateEndpoint,
                    &endpoint.name,
                    endpoint.subnet.loc,
                );
            }
        }
        for (c, compute) in t.computes.iter().enumerate() {
            let ws = ix.compute_workspace[c].filter(|&w| !self.uses_managed_network(w));
            let loc = compute.subnet.as_ref().map_or(compute.name.loc, |s| s.loc);
            add(ws, ix.compute_subnet[c], Kind::Compute, &compute.name, loc);
        }
        for (a, aks) in t.kubernetes_clusters.iter().enumerate() {
            add(
                ix.aks_workspace[a],
                ix.aks_subnet[a],
                Kind::KubernetesCluster,
                &aks.name,
                aks.subnet.loc,
            );
        }
        holders.into_iter().map(group_by_subnet).collect()
    }
}

fn group_by_subnet(holders: Vec<Holder>) -> Vec<SourceSubnet> {
    let mut order: Vec<SourceSubnet> = Vec::new();
    let mut position: std::collections::HashMap<SubnetId, usize> = std::collections::HashMap::new();
    for holder in holders {
        match position.get(&holder.subnet) {
            Some(&i) => order[i].holders.push(holder),
            None => {
                position.insert(holder.subnet, order.len());
                order.push(SourceSubnet {
                    subnet: holder.subnet,
                    holders: vec![holder],
                });
            }
        }
    }
    order
}
