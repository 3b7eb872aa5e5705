//! `subnet-capacity`: a subnet has fewer usable addresses than its resources need.

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, ServiceKind, SubnetId, Target, TargetRef};
use crate::model::{Aks, ComputeKind, Group, NetworkPlugin, NetworkPluginMode, Topology};
use crate::rules::{Context, Rule};

use super::util::{ipv4_size, AZURE_RESERVED};

/// How many consumers the message names.
const NAMED_CONSUMERS: usize = 3;

/// A resource that takes addresses in a subnet: its kind, its position in
/// that kind's list, and how many addresses it takes.
#[derive(Clone, Copy, Debug)]
struct Consumer {
    kind: Kind,
    position: usize,
    addresses: u64,
}

fn over_capacity(cx: &Context, id: SubnetId, mut consumers: Vec<Consumer>, size: u64) -> Finding {
    let t = cx.topology;
    let subnet = &t.vnets[id.vnet].subnets[id.subnet];
    let display = t.subnet_display(id);
    let needed: u64 = consumers.iter().map(|c| c.addresses).sum();
    let usable = size.saturating_sub(AZURE_RESERVED);
    consumers.sort_by_key(|c| std::cmp::Reverse(c.addresses));
    let largest: Vec<String> = consumers
        .iter()
        .take(NAMED_CONSUMERS)
        .map(|c| format!("{} `{}` ({})", noun(t, c), name(t, c).value, c.addresses))
        .collect();
    let more = consumers.len().saturating_sub(NAMED_CONSUMERS);
    let others = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };

    let mut finding = Finding::new(
        &RULE,
        Severity::Error,
        (Kind::Subnet, &display),
        subnet.address_prefix.loc,
        format!("{usable} usable addresses, {needed} needed"),
        format!(
            "subnet `{display}` ({}) needs {needed} addresses but has {usable} usable ({size} minus \
             the {AZURE_RESERVED} that Azure reserves): {}{others}; Azure cannot assign addresses \
             to the rest, so their deployment or scale-out fails",
            subnet.address_prefix.value,
            largest.join(", ")
        ),
    )
    .help(help(&subnet.name.value, needed));
    for consumer in consumers.iter().take(NAMED_CONSUMERS) {
        finding = finding.related(
            name(t, consumer).loc,
            match consumer.addresses {
                1 => "takes 1 address".to_string(),
                n => format!("takes {n} addresses"),
            },
        );
    }
    finding
}

fn help(subnet: &str, needed: u64) -> String {
    let fitting = (0..=29u32)
        .rev()
        .find(|&length| (1u64 << (32 - length)).saturating_sub(AZURE_RESERVED) >= needed);
    match fitting {
        Some(length) => format!(
            "give `{subnet}` a /{length} or larger prefix, or move some of these resources to another subnet"
        ),
        None => format!("move some of these resources out of `{subnet}`"),
    }
}

pub static RULE: Rule = Rule {
    id: "subnet-capacity",
    category: Category::Address,
    severity: Severity::Error,
    summary: "a subnet has fewer usable addresses than its resources need",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let mut demand = consumers_by_subnet(cx);

    for (v, subnets) in demand.iter_mut().enumerate() {
        for (s, consumers) in subnets.iter_mut().enumerate() {
            let Some(Some(prefix)) = cx.index.subnet_prefixes[v].get(s) else {
                continue;
            };
            // IPv6 subnets are /64, far larger than any design needs.
            let Some(size) = ipv4_size(prefix) else {
                continue;
            };
            let needed: u64 = consumers.iter().map(|c| c.addresses).sum();
            if needed <= size.saturating_sub(AZURE_RESERVED) {
                continue;
            }
            let id = SubnetId { vnet: v, subnet: s };
            out.push(over_capacity(cx, id, std::mem::take(consumers), size));
        }
    }
}

/// Collects, per VNet and subnet, every resource that takes addresses there.
fn consumers_by_subnet(cx: &Context) -> Vec<Vec<Vec<Consumer>>> {
    let t = cx.topology;
    let index = cx.index;
    let mut demand: Vec<Vec<Vec<Consumer>>> = t
        .vnets
        .iter()
        .map(|v| vec![Vec::new(); v.subnets.len()])
        .collect();
    let mut add = |subnet: &Option<SubnetId>, kind, position, addresses| {
        let Some(id) = subnet else { return };
        if let Some(list) = demand.get_mut(id.vnet).and_then(|v| v.get_mut(id.subnet)) {
            list.push(Consumer {
                kind,
                position,
                addresses,
            });
        }
    };

    for (i, subnet) in index.endpoint_subnet.iter().enumerate() {
        add(subnet, Kind::PrivateEndpoint, i, endpoint_addresses(cx, i));
    }
    for (i, (compute, subnet)) in t.computes.iter().zip(&index.compute_subnet).enumerate() {
        let addresses = match compute.kind.value {
            ComputeKind::Instance => 1,
            ComputeKind::Cluster => compute.max_nodes.as_ref().map_or(1, |n| u64::from(n.value)),
        };
        add(subnet, Kind::Compute, i, addresses);
    }
    for (i, (aks, subnet)) in t
        .kubernetes_clusters
        .iter()
        .zip(&index.aks_subnet)
        .enumerate()
    {
        add(subnet, Kind::KubernetesCluster, i, aks_addresses(aks));
    }
    for (i, subnet) in index.vm_subnet.iter().enumerate() {
        add(subnet, Kind::VirtualMachine, i, 1);
    }
    for (i, subnet) in index.resolver_subnet.iter().enumerate() {
        add(subnet, Kind::DnsResolver, i, 1);
    }
    for (i, subnet) in index.firewall_subnet.iter().enumerate() {
        add(subnet, Kind::Firewall, i, 1);
    }
    demand
}

/// Returns the addresses a private endpoint takes: 3 for a workspace (API,
/// notebooks and inference), 2 for a registry (registry and regional data
/// endpoint) plus 1 per geo-replica, 1 for anything else.
fn endpoint_addresses(cx: &Context, endpoint: usize) -> u64 {
    match cx.topology.private_endpoints[endpoint].group.value {
        Group::AmlWorkspace => 3,
        Group::Registry => {
            let replicas = match cx.index.endpoint_target.get(endpoint) {
                Some(Target::Found(TargetRef::Service(ServiceKind::Registry, r))) => cx
                    .topology
                    .container_registries
                    .get(*r)
                    .map_or(0, |registry| registry.geo_replicas.len() as u64),
                _ => 0,
            };
            2 + replicas
        }
        _ => 1,
    }
}

/// Returns the node pool subnet addresses an AKS cluster takes. Flat Azure
/// CNI gives every pod a subnet address and keeps one spare node for
/// upgrades, so it needs `(nodes + 1) × (1 + max_pods)`. Kubenet and Azure CNI
/// Overlay give pods other addresses, so they need `nodes + 1`.
fn aks_addresses(aks: &Aks) -> u64 {
    let nodes = aks.node_count.as_ref().map_or(3, |n| u64::from(n.value));
    let plugin = aks
        .network_plugin
        .as_ref()
        .map_or(NetworkPlugin::Kubenet, |p| p.value);
    let overlay = aks
        .network_plugin_mode
        .as_ref()
        .is_some_and(|m| m.value == NetworkPluginMode::Overlay);
    if plugin != NetworkPlugin::Azure || overlay {
        return nodes + 1;
    }
    let max_pods = aks.max_pods.as_ref().map_or(30, |p| u64::from(p.value));
    (nodes + 1).saturating_mul(1 + max_pods)
}

fn noun(t: &Topology, consumer: &Consumer) -> &'static str {
    match consumer.kind {
        Kind::Compute => match t.computes[consumer.position].kind.value {
            ComputeKind::Instance => "compute instance",
            ComputeKind::Cluster => "compute cluster",
        },
        kind => kind.noun(),
    }
}

fn name<'a>(t: &'a Topology, consumer: &Consumer) -> &'a crate::model::Sp<String> {
    let i = consumer.position;
    match consumer.kind {
        Kind::PrivateEndpoint => &t.private_endpoints[i].name,
        Kind::Compute => &t.computes[i].name,
        Kind::KubernetesCluster => &t.kubernetes_clusters[i].name,
        Kind::VirtualMachine => &t.virtual_machines[i].name,
        Kind::DnsResolver => &t.dns_resolvers[i].name,
        _ => &t.firewalls[i].name,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    fn design(prefix: &str, resources: &str) -> String {
        format!(
            "
workspaces:
  - {{name: mlw, region: eastus, storage_account: st, key_vault: kv}}
storage_accounts: [{{name: st, region: eastus}}]
key_vaults: [{{name: kv, region: eastus}}]
container_registries: [{{name: cr, region: eastus, geo_replicas: [westus, northeurope]}}]
vnets:
  - name: vnet-a
    region: eastus
    address_space: [10.0.0.0/16, 'fd00:db8::/48']
    subnets:
      - {{name: snet-a, address_prefix: '{prefix}'}}
{resources}"
        )
    }

    const ENDPOINTS: &str = "
private_endpoints:
  - {name: pe-mlw, subnet: vnet-a/snet-a, target: mlw, group: amlworkspace}
  - {name: pe-cr, subnet: vnet-a/snet-a, target: cr, group: registry}
  - {name: pe-kv, subnet: vnet-a/snet-a, target: kv, group: vault}
";

    #[test]
    fn endpoints_fit_exactly() {
        // 3 + (2 + 2 replicas) + 1 = 8, and a /28 has 11 usable addresses.
        let yaml = design("10.0.0.0/28", ENDPOINTS);
        assert!(messages(&yaml, "subnet-capacity").is_empty());
    }

    #[test]
    fn endpoints_overflow_small_subnet() {
        // A /29 has 3 usable addresses.
        let yaml = design("10.0.0.0/29", ENDPOINTS);
        let found = findings(&yaml, "subnet-capacity");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("needs 8 addresses"),
            "{}",
            found[0].message
        );
        assert!(
            found[0].message.contains("has 3 usable"),
            "{}",
            found[0].message
        );
        assert!(
            found[0].message.contains("private endpoint `pe-cr` (4)"),
            "{}",
            found[0].message
        );
        assert!(found[0].help.contains("/28"), "{}", found[0].help);
        assert_eq!(found[0].related.len(), 3);
    }

    #[test]
    fn cluster_max_nodes_counted() {
        let computes = "
computes:
  - {name: cpu, kind: cluster, subnet: vnet-a/snet-a, max_nodes: 12}
";
        assert_eq!(
            messages(&design("10.0.0.0/28", computes), "subnet-capacity").len(),
            1
        );
        assert!(messages(&design("10.0.0.0/27", computes), "subnet-capacity").is_empty());
    }

    #[test]
    fn flat_azure_cni_counts_pods() {
        // (3 + 1) × (1 + 30) = 124 addresses: a /25 has 123 usable, a /24 251.
        let aks = "
kubernetes_clusters:
  - {name: aks, subnet: vnet-a/snet-a, network_plugin: azure}
";
        assert_eq!(
            messages(&design("10.0.0.0/25", aks), "subnet-capacity").len(),
            1
        );
        assert!(messages(&design("10.0.0.0/24", aks), "subnet-capacity").is_empty());
    }

    #[test]
    fn overlay_and_kubenet_count_nodes() {
        // 3 nodes + 1 = 4 addresses: a /29 has 3 usable, a /28 11.
        for aks in [
            "kubernetes_clusters: [{name: aks, subnet: vnet-a/snet-a}]\n",
            "kubernetes_clusters: [{name: aks, subnet: vnet-a/snet-a, network_plugin: azure, network_plugin_mode: overlay}]\n",
        ] {
            assert_eq!(messages(&design("10.0.0.0/29", aks), "subnet-capacity").len(), 1, "{aks}");
            assert!(messages(&design("10.0.0.0/28", aks), "subnet-capacity").is_empty(), "{aks}");
        }
    }

    #[test]
    fn ipv6_subnet_skipped() {
        let computes = "
computes:
  - {name: cpu, kind: cluster, subnet: vnet-a/snet-a, max_nodes: 1000}
";
        let yaml = design("fd00:db8:0:1::/64", computes);
        assert!(messages(&yaml, "subnet-capacity").is_empty());
    }
}
