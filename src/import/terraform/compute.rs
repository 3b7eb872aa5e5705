//! Azure ML computes, AKS clusters and virtual machines.

use crate::import::tree::Node;
use crate::model::index::Kind;
use crate::model::{
    Aks, Compute, ComputeKind, Forwarder, NetworkPlugin, NetworkPluginMode, Sp, VirtualMachine,
    VmRole,
};

use super::addresses::{ip_loc, ip_of, nic_of, Ip};
use super::fields::Cx;
use super::names::Naming;
use super::plan::Res;

const VM_TYPES: [&str; 3] = [
    "azurerm_linux_virtual_machine",
    "azurerm_windows_virtual_machine",
    "azurerm_virtual_machine",
];

pub fn map(cx: &mut Cx) {
    let plan = cx.plan;
    let computes = [
        (
            "azurerm_machine_learning_compute_cluster",
            ComputeKind::Cluster,
        ),
        (
            "azurerm_machine_learning_compute_instance",
            ComputeKind::Instance,
        ),
    ];
    for (kind, compute_kind) in computes {
        for res in plan.of_kind(kind) {
            let compute = compute(cx, res, compute_kind);
            cx.file.computes.push(compute);
        }
    }
    for res in plan.of_kind("azurerm_kubernetes_cluster") {
        if let Some(aks) = aks(cx, res) {
            cx.file.kubernetes_clusters.push(aks);
        }
    }
    for kind in VM_TYPES {
        for res in plan.of_kind(kind) {
            if let Some(vm) = vm(cx, res) {
                cx.file.virtual_machines.push(vm);
            }
        }
    }
}

fn compute(cx: &mut Cx, res: &Res, kind: ComputeKind) -> Compute {
    let name = cx.name(res, Kind::Compute);
    let owner = name.value.clone();
    let field = |f: &'static str| (Kind::Compute, owner.as_str(), f);
    let size = if res.values.get("vm_size").is_some() {
        "vm_size"
    } else {
        "virtual_machine_size"
    };
    Compute {
        kind: Sp::new(kind, res.address_loc),
        workspace: cx.reference(
            res,
            "machine_learning_workspace_id",
            Naming::Plain,
            field("workspace"),
        ),
        region: cx.string(res, "location", Kind::Compute, &owner, "region"),
        subnet: cx.reference(res, "subnet_resource_id", Naming::Subnet, field("subnet")),
        public_ip: cx.boolean(
            res,
            "node_public_ip_enabled",
            Kind::Compute,
            &owner,
            "public_ip",
        ),
        max_nodes: cx.count(
            res,
            "scale_settings.0.max_node_count",
            Kind::Compute,
            &owner,
            "max_nodes",
        ),
        vm_size: cx.string(res, size, Kind::Compute, &owner, "vm_size"),
        name,
    }
}

fn aks(cx: &mut Cx, res: &Res) -> Option<Aks> {
    let name = cx.name(res, Kind::KubernetesCluster);
    let owner = name.value.clone();
    let kind = Kind::KubernetesCluster;
    let field = |f: &'static str| (kind, owner.as_str(), f);
    let pool = "default_node_pool.0";
    let Some(subnet) = cx.reference(
        res,
        &format!("{pool}.vnet_subnet_id"),
        Naming::Subnet,
        field("subnet"),
    ) else {
        tracing::debug!(
            address = res.address,
            "AKS cluster without a VNet subnet, skipped"
        );
        return None;
    };
    let profile = "network_profile.0";
    Some(Aks {
        region: cx.string(res, "location", kind, &owner, "region"),
        subnet,
        attached_to: attached_workspace(cx, res, &owner),
        private_cluster: cx.boolean(
            res,
            "private_cluster_enabled",
            kind,
            &owner,
            "private_cluster",
        ),
        public_fqdn: cx.boolean(
            res,
            "private_cluster_public_fqdn_enabled",
            kind,
            &owner,
            "public_fqdn",
        ),
        network_plugin: cx.choice(
            res,
            &format!("{profile}.network_plugin"),
            NetworkPlugin::parse,
            field("network_plugin"),
        ),
        network_plugin_mode: cx.choice(
            res,
            &format!("{profile}.network_plugin_mode"),
            NetworkPluginMode::parse,
            field("network_plugin_mode"),
        ),
        node_count: cx.count(
            res,
            &format!("{pool}.node_count"),
            kind,
            &owner,
            "node_count",
        ),
        max_pods: cx.count(res, &format!("{pool}.max_pods"), kind, &owner, "max_pods"),
        service_cidr: cx.string(
            res,
            &format!("{profile}.service_cidr"),
            kind,
            &owner,
            "service_cidr",
        ),
        dns_service_ip: cx.string(
            res,
            &format!("{profile}.dns_service_ip"),
            kind,
            &owner,
            "dns_service_ip",
        ),
        docker_bridge_cidr: cx.string(
            res,
            &format!("{profile}.docker_bridge_cidr"),
            kind,
            &owner,
            "docker_bridge_cidr",
        ),
        name,
    })
}

/// Returns the workspace that an `azurerm_machine_learning_inference_cluster` attaches the cluster to.
fn attached_workspace(cx: &mut Cx, aks: &Res, owner: &str) -> Option<Sp<String>> {
    let plan = cx.plan;
    let attachment = plan
        .of_kind("azurerm_machine_learning_inference_cluster")
        .find(|i| {
            cx.target(i, "kubernetes_cluster_id")
                .is_some_and(|t| t.address == aks.address)
        })?;
    let field = (Kind::KubernetesCluster, owner, "attached_to");
    cx.reference(
        attachment,
        "machine_learning_workspace_id",
        Naming::Plain,
        field,
    )
}

fn vm(cx: &mut Cx, res: &Res) -> Option<VirtualMachine> {
    let name = cx.name(res, Kind::VirtualMachine);
    let owner = name.value.clone();
    let Some(nic) = nic_of(cx, res) else {
        tracing::debug!(
            address = res.address,
            "VM without a network interface in the plan, skipped"
        );
        return None;
    };
    let subnet_path = "ip_configuration.0.subnet_id";
    let subnet = cx.reference(
        nic,
        subnet_path,
        Naming::Subnet,
        (Kind::VirtualMachine, &owner, "subnet"),
    )?;
    let role =
        tag(res, "vnetlint-role").and_then(|t| Some(Sp::new(VmRole::parse(t.as_str()?)?, t.loc)));
    let is_dns = role.as_ref().is_some_and(|r| r.value == VmRole::DnsServer);
    let private_ip = match ip_of(cx, nic)? {
        Ip::Known(ip) => Some(ip),
        // An address Azure assigns matters only where other resources use it.
        Ip::Symbol(text) if is_dns => {
            let loc = ip_loc(nic);
            Some(cx.unknown(Kind::VirtualMachine, &owner, "private_ip", &text, loc))
        }
        Ip::Symbol(_) => None,
    };
    Some(VirtualMachine {
        subnet,
        private_ip,
        role,
        dns_forwarders: tag(res, "vnetlint-dns-forwarders")
            .map(forwarders)
            .unwrap_or_default(),
        name,
    })
}

fn tag<'a>(res: &Res<'a>, key: &str) -> Option<&'a Node> {
    res.known("tags")?.get(key)
}

/// Reads `zone=ip,zone=ip`. Every entry points at the tag's value, since the
/// JSON string is the smallest node that contains it.
fn forwarders(node: &Node) -> Vec<Forwarder> {
    let Some(text) = node.as_str() else {
        return Vec::new();
    };
    text.split(',')
        .filter_map(|entry| entry.split_once('='))
        .map(|(zone, to)| Forwarder {
            zone: Sp::new(zone.trim().to_string(), node.loc),
            to: Sp::new(to.trim().to_string(), node.loc),
        })
        .collect()
}
