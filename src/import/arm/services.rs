//! Azure ML workspaces and computes, their dependency services, AKS and Synapse.

use super::eval::{EvalError, Result};
use super::map::{own_name, parent_name, Mapper, Owner};
use super::network::missing;
use super::template::Resource;
use super::value::{Val, Value};
use crate::model::index::Kind;
use crate::model::{
    Access, Aks, Compute, ComputeKind, DefaultAction, ManagedNetwork, NetworkPlugin,
    NetworkPluginMode, NetworkRules, RegistrySku, Service, Sp, StorageKind, Synapse, Workspace,
};

pub const WORKSPACES: &str = "Microsoft.MachineLearningServices/workspaces";
pub const COMPUTES: &str = "Microsoft.MachineLearningServices/workspaces/computes";
pub const STORAGE: &str = "Microsoft.Storage/storageAccounts";
pub const KEY_VAULTS: &str = "Microsoft.KeyVault/vaults";
pub const REGISTRIES: &str = "Microsoft.ContainerRegistry/registries";
pub const REPLICATIONS: &str = "Microsoft.ContainerRegistry/registries/replications";
pub const CLUSTERS: &str = "Microsoft.ContainerService/managedClusters";
pub const SYNAPSE: &str = "Microsoft.Synapse/workspaces";

pub fn map_workspaces(m: &mut Mapper) -> Result<()> {
    for resource in m.of_type(WORKSPACES).collect::<Vec<_>>() {
        let name = own_name(resource);
        let owner = Owner {
            kind: Kind::Workspace,
            name: &name,
        };
        m.condition(owner, resource);
        let props = &resource.properties;
        let required = |key: &str| {
            props
                .get(key)
                .filter(|v| !v.is_null())
                .ok_or_else(|| missing(resource, key))
        };
        let storage_account = m.reference(owner, "storage_account", required("storageAccount")?);
        let key_vault = m.reference(owner, "key_vault", required("keyVault")?);
        let registry = props.get("containerRegistry").filter(|v| !v.is_null());
        let workspace = Workspace {
            name: Sp::new(name.clone(), resource.name.loc),
            region: m.region(owner, resource),
            subscription: None,
            storage_account,
            key_vault,
            container_registry: registry.map(|r| m.reference(owner, "container_registry", r)),
            additional_storage: Vec::new(),
            public_network_access: m.choice(
                owner,
                "public_network_access",
                props.get("publicNetworkAccess"),
                Access::parse,
                Access::NAMES,
            )?,
            allow_public_access_when_behind_vnet: m.flag(
                owner,
                "allow_public_access_when_behind_vnet",
                props.get("allowPublicAccessWhenBehindVnet"),
            )?,
            image_build_compute: m.opt_text(
                owner,
                "image_build_compute",
                props.get("imageBuildCompute"),
            ),
            managed_network: m.choice(
                owner,
                "managed_network",
                props.path(&["managedNetwork", "isolationMode"]),
                ManagedNetwork::parse,
                ManagedNetwork::NAMES,
            )?,
            hbi_workspace: m.flag(owner, "hbi_workspace", props.get("hbiWorkspace"))?,
        };
        m.file.workspaces.push(workspace);
    }
    Ok(())
}

pub fn map_services(m: &mut Mapper) -> Result<()> {
    for (resource_type, kind) in [
        (STORAGE, Kind::StorageAccount),
        (KEY_VAULTS, Kind::KeyVault),
        (REGISTRIES, Kind::ContainerRegistry),
    ] {
        for resource in m.of_type(resource_type).collect::<Vec<_>>() {
            let service = service(m, resource, kind)?;
            match kind {
                Kind::StorageAccount => m.file.storage_accounts.push(service),
                Kind::KeyVault => m.file.key_vaults.push(service),
                _ => m.file.container_registries.push(service),
            }
        }
    }
    Ok(())
}

fn service(m: &mut Mapper, resource: &Resource, kind: Kind) -> Result<Service> {
    let name = own_name(resource);
    let owner = Owner { kind, name: &name };
    m.condition(owner, resource);
    let props = &resource.properties;
    let acls = match kind {
        Kind::ContainerRegistry => props.get("networkRuleSet"),
        _ => props.get("networkAcls"),
    };
    let network_rules = match acls.filter(|a| !a.is_null()) {
        Some(acls) => Some(network_rules(m, owner, acls)?),
        None => None,
    };
    let mut service = Service {
        name: Sp::new(name.clone(), resource.name.loc),
        region: m.region(owner, resource),
        public_network_access: m.choice(
            owner,
            "public_network_access",
            props.get("publicNetworkAccess"),
            Access::parse,
            Access::NAMES,
        )?,
        network_rules,
        kind: None,
        hierarchical_namespace: None,
        sku: None,
        geo_replicas: Vec::new(),
    };
    match kind {
        Kind::StorageAccount => {
            service.kind = m.choice(
                owner,
                "kind",
                Some(&resource.kind),
                StorageKind::parse,
                StorageKind::NAMES,
            )?;
            service.hierarchical_namespace =
                m.flag(owner, "hierarchical_namespace", props.get("isHnsEnabled"))?;
        }
        Kind::ContainerRegistry => {
            service.sku = m.choice(
                owner,
                "sku",
                resource.sku.get("name"),
                RegistrySku::parse,
                RegistrySku::NAMES,
            )?;
            for replica in m.children(REPLICATIONS, resource.name_text()) {
                if let Some(location) = &replica.location {
                    service
                        .geo_replicas
                        .push(m.text(owner, "geo_replicas", location));
                }
            }
        }
        _ => {}
    }
    Ok(service)
}

fn network_rules(m: &mut Mapper, owner: Owner, acls: &Val) -> Result<NetworkRules> {
    let mut subnets = Vec::new();
    for rule in acls.get("virtualNetworkRules").map_or(&[][..], Val::items) {
        if let Some(id) = rule
            .get("id")
            .or_else(|| rule.get("virtualNetworkResourceId"))
        {
            subnets.push(m.reference(owner, "network_rules", id));
        }
    }
    let bypass = acls.get("bypass").and_then(|b| match &b.value {
        Value::Str(s) => Some(Sp::new(
            s.to_ascii_lowercase().contains("azureservices"),
            b.loc,
        )),
        _ => None,
    });
    Ok(NetworkRules {
        default_action: m.choice(
            owner,
            "network_rules",
            acls.get("defaultAction"),
            DefaultAction::parse,
            DefaultAction::NAMES,
        )?,
        virtual_network_subnets: subnets,
        bypass_azure_services: bypass,
    })
}

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
        m.condition(owner, resource);
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
        m.condition(owner, resource);
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

pub fn map_synapse(m: &mut Mapper) -> Result<()> {
    for resource in m.of_type(SYNAPSE).collect::<Vec<_>>() {
        let name = own_name(resource);
        let owner = Owner {
            kind: Kind::SynapseWorkspace,
            name: &name,
        };
        m.condition(owner, resource);
        let props = &resource.properties;
        let managed = props
            .get("managedVirtualNetwork")
            .and_then(|v| match &v.value {
                Value::Str(s) => Some(Sp::new(s.eq_ignore_ascii_case("default"), v.loc)),
                _ => None,
            });
        let protection = props.path(&["managedVirtualNetworkSettings", "preventDataExfiltration"]);
        let synapse = Synapse {
            name: Sp::new(name.clone(), resource.name.loc),
            region: m.region(owner, resource),
            managed_vnet: managed,
            data_exfiltration_protection: m.flag(
                owner,
                "data_exfiltration_protection",
                protection,
            )?,
            linked_workspaces: Vec::new(),
        };
        m.file.synapse_workspaces.push(synapse);
    }
    Ok(())
}
