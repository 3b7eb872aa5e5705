//! Azure ML compute instances and clusters, and AKS clusters with the
//! workspaces that attach them.

use super::eval::{EvalError, Result};
use super::map::{own_name, parent_name, Mapper, Owner};
use super::value::{Val, Value};
use crate::model::index::Kind;
use crate::model::{Aks, Compute, ComputeKind, NetworkPlugin, NetworkPluginMode, Sp};

pub const COMPUTES: &str = "Microsoft.MachineLearningServices/workspaces/computes";
pub const CLUSTERS: &str = "Microsoft.ContainerService/managedClusters";

pub fn map_computes(m: &mut Mapper) -> Result<()> {
    for resource in m.of_type(COMPUTES).collect::<Vec<_>>() {
        let name = own_name(resource);
        let owner = Owner {
            kind: Kind::Compute,
            name: &name,
        };
        let compute_type = resource
            .properties
            .get("computeType")
            .and_then(Val::as_str)
            .unwrap_or("");
        let kind = match compute_type.to_ascii_lowercase().as_str() {
            "amlcompute" => ComputeKind::Cluster,
            "computeinstance" => ComputeKind::Instance,
            _ => {
                tracing::debug!(
                    "compute {name} of type `{compute_type}` is not a compute instance or cluster"
                );
                continue;
            }
        };
        m.own_unknowns(owner, resource);
        let props = resource.properties.get("properties").cloned();
        let props = props.unwrap_or(Val::new(Value::Null, resource.name.loc));
        let subnet = props
            .path(&["subnet", "id"])
            .map(|s| m.reference(owner, "subnet", s));
        let max_nodes = match props.path(&["scaleSettings", "maxNodeCount"]) {
            Some(Val {
                value: Value::Int(n),
                loc,
            }) => {
                let n = u32::try_from(*n).map_err(|_| {
                    EvalError::new(
                        *loc,
                        format!("`maxNodeCount` {n} is out of range"),
                        "set a count from 0 up",
                    )
                })?;
                Some(Sp::new(n, *loc))
            }
            _ => None,
        };
        let compute = Compute {
            name: Sp::new(name.clone(), resource.name.loc),
            kind: Sp::new(kind, resource.name.loc),
            workspace: Some(Sp::new(parent_name(resource), resource.name.loc)),
            region: m.region(owner, resource),
            subnet,
            public_ip: m.flag(owner, "public_ip", props.get("enableNodePublicIp"))?,
            max_nodes,
            vm_size: m.opt_text(owner, "vm_size", props.get("vmSize")),
        };
        m.file.computes.push(compute);
    }
    Ok(())
}

pub fn map_clusters(m: &mut Mapper) -> Result<()> {
    for resource in m.of_type(CLUSTERS).collect::<Vec<_>>() {
        let name = own_name(resource);
        let owner = Owner {
            kind: Kind::KubernetesCluster,
            name: &name,
        };
        let props = &resource.properties;
        let pool = props
            .get("agentPoolProfiles")
            .and_then(|p| p.items().first());
        let Some(subnet) = pool.and_then(|p| p.get("vnetSubnetID")) else {
            tracing::debug!("AKS cluster {name} has no VNet subnet, so it is skipped");
            continue;
        };
        m.own_unknowns(owner, resource);
        let count = |key: &str| match pool.and_then(|p| p.get(key)) {
            Some(Val {
                value: Value::Int(n),
                loc,
            }) => u32::try_from(*n).ok().map(|n| Sp::new(n, *loc)),
            _ => None,
        };
        let network = props
            .get("networkProfile")
            .cloned()
            .unwrap_or(Val::new(Value::Null, resource.name.loc));
        let access = props.get("apiServerAccessProfile");
        let attached = attachment(m, &name);
        let cluster = Aks {
            name: Sp::new(name.clone(), resource.name.loc),
            region: m.region(owner, resource),
            subnet: m.reference(owner, "subnet", subnet),
            attached_to: attached,
            private_cluster: m.flag(
                owner,
                "private_cluster",
                access.and_then(|a| a.get("enablePrivateCluster")),
            )?,
            public_fqdn: m.flag(
                owner,
                "public_fqdn",
                access.and_then(|a| a.get("enablePrivateClusterPublicFQDN")),
            )?,
            network_plugin: m.choice(
                owner,
                "network_plugin",
                network.get("networkPlugin"),
                NetworkPlugin::parse,
                NetworkPlugin::NAMES,
            )?,
            network_plugin_mode: m.choice(
                owner,
                "network_plugin_mode",
                network.get("networkPluginMode"),
                NetworkPluginMode::parse,
                NetworkPluginMode::NAMES,
            )?,
            node_count: count("count"),
            max_pods: count("maxPods"),
            service_cidr: m.opt_text(owner, "service_cidr", network.get("serviceCidr")),
            dns_service_ip: m.opt_text(owner, "dns_service_ip", network.get("dnsServiceIP")),
            docker_bridge_cidr: m.opt_text(
                owner,
                "docker_bridge_cidr",
                network.get("dockerBridgeCidr"),
            ),
        };
        m.file.kubernetes_clusters.push(cluster);
    }
    Ok(())
}

/// Returns the workspace that an AKS compute attaches the cluster `name` to.
fn attachment(m: &mut Mapper, cluster: &str) -> Option<Sp<String>> {
    for compute in m.of_type(COMPUTES).collect::<Vec<_>>() {
        let is_aks = compute
            .properties
            .get("computeType")
            .and_then(Val::as_str)
            .is_some_and(|t| t.eq_ignore_ascii_case("AKS") || t.eq_ignore_ascii_case("Kubernetes"));
        let Some(id) = compute.properties.get("resourceId").filter(|_| is_aks) else {
            continue;
        };
        let owner = Owner {
            kind: Kind::KubernetesCluster,
            name: cluster,
        };
        if m.reference(owner, "attached_to", id)
            .value
            .eq_ignore_ascii_case(cluster)
        {
            return Some(Sp::new(parent_name(compute), compute.name.loc));
        }
    }
    None
}
