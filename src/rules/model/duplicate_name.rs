//! `duplicate-name`: two resources of a kind share a name, compared
//! case-insensitively as Azure does, or one VNet is linked to two private DNS
//! zones of the same name.

use std::collections::HashMap;

use crate::finding::{Category, Finding, Severity};
use crate::model::index::Kind;
use crate::model::{Sp, Topology};
use crate::rules::{Context, Rule};

/// Kinds whose names the format requires to be unique across the topology.
/// Subnets, peerings and private DNS zones have their own scopes.
const TOPOLOGY_WIDE: [Kind; 14] = [
    Kind::Workspace,
    Kind::StorageAccount,
    Kind::KeyVault,
    Kind::ContainerRegistry,
    Kind::Vnet,
    Kind::PrivateEndpoint,
    Kind::DnsResolver,
    Kind::Compute,
    Kind::KubernetesCluster,
    Kind::Gateway,
    Kind::Bastion,
    Kind::Firewall,
    Kind::VirtualMachine,
    Kind::SynapseWorkspace,
];

fn duplicate(kind: Kind, first: &Sp<String>, second: &Sp<String>) -> Finding {
    let consequence = match kind {
        Kind::StorageAccount | Kind::KeyVault | Kind::ContainerRegistry => {
            "Azure cannot create the second, because these names are unique across all of Azure"
        }
        _ => "in one resource group Azure holds only one of them, and a template that declares both fails",
    };
    Finding::new(
        &RULE,
        Severity::Error,
        (kind, &second.value),
        second.loc,
        "duplicate name",
        format!(
            "two {} are named `{}`{}, so {consequence}",
            plural(kind),
            second.value,
            case_note(first, second)
        ),
    )
    .related(first.loc, "first declared here")
    .help(format!(
        "rename this {}, or remove it if it repeats the first",
        kind.noun()
    ))
}

fn duplicate_subnet(t: &Topology, vnet: usize, first: &Sp<String>, second: &Sp<String>) -> Finding {
    let vnet_name = &t.vnets[vnet].name.value;
    Finding::new(
        &RULE,
        Severity::Error,
        (Kind::Subnet, &format!("{vnet_name}/{}", second.value)),
        second.loc,
        "duplicate name",
        format!(
            "two subnets of VNet `{vnet_name}` are named `{}`{}, so Azure rejects the second",
            second.value,
            case_note(first, second)
        ),
    )
    .related(first.loc, "first declared here")
    .help("rename this subnet, or remove it if it repeats the first")
}

fn duplicate_zone(t: &Topology, first: usize, second: usize) -> Finding {
    let a = &t.private_dns_zones[first];
    let b = &t.private_dns_zones[second];
    let place = match &b.resource_group {
        Some(rg) => format!("are in resource group `{}`", rg.value),
        None => "both leave `resource_group` unset".to_string(),
    };
    Finding::new(
        &RULE,
        Severity::Error,
        (Kind::PrivateDnsZone, &t.zone_display(second)),
        b.name.loc,
        "duplicate zone",
        format!(
            "two private DNS zones named `{}`{} {place}, so Azure holds only one zone \
             of that name there and the second declaration overwrites the first",
            b.name.value,
            case_note(&a.name, &b.name)
        ),
    )
    .related(a.name.loc, "first declared here")
    .help("give one zone another `resource_group`, or merge the two into one zone")
}

fn overlapping_links(
    t: &Topology,
    vnet: usize,
    first: (usize, usize),
    second: (usize, usize),
) -> Finding {
    let vnet_name = &t.vnets[vnet].name.value;
    let zone = &t.private_dns_zones[second.0].name.value;
    let first_link = &t.private_dns_zones[first.0].vnet_links[first.1].vnet;
    let second_link = &t.private_dns_zones[second.0].vnet_links[second.1].vnet;
    Finding::new(
        &RULE,
        Severity::Error,
        (Kind::Vnet, vnet_name),
        second_link.loc,
        "second zone of this name",
        format!(
            "two private DNS zones named `{zone}` (`{}` and `{}`) are linked to VNet \
             `{vnet_name}`, and Azure rejects the second link because their namespaces overlap",
            t.zone_display(first.0),
            t.zone_display(second.0)
        ),
    )
    .related(first_link.loc, "first link to this VNet")
    .help(format!(
        "link `{vnet_name}` to one zone named `{zone}`, and keep the records it needs in that zone"
    ))
}

pub static RULE: Rule = Rule {
    id: "duplicate-name",
    category: Category::Model,
    severity: Severity::Error,
    summary: "two resources of a kind share a name, or a VNet is linked to two zones of one name",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    check_topology_wide(cx, out);
    check_subnets(cx, out);
    check_peerings(cx, out);
    check_zones(cx, out);
    check_zone_links(cx, out);
}

/// Reports each later resource of a name map group against the first one.
fn check_topology_wide(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    for kind in TOPOLOGY_WIDE {
        let Some(names) = cx.index.names(kind) else {
            continue;
        };

        for positions in names.values().filter(|p| p.len() > 1) {
            let Some(first) = positions.first().and_then(|&i| name_of(t, kind, i)) else {
                continue;
            };
            for &later in &positions[1..] {
                if let Some(second) = name_of(t, kind, later) {
                    out.push(duplicate(kind, first, second));
                }
            }
        }
    }
}

fn check_subnets(cx: &Context, out: &mut Vec<Finding>) {
    for (v, names) in cx.index.subnets.iter().enumerate() {
        let subnets = &cx.topology.vnets[v].subnets;
        for positions in names.values().filter(|p| p.len() > 1) {
            let Some(first) = positions.first().and_then(|&i| subnets.get(i)) else {
                continue;
            };
            for &later in &positions[1..] {
                if let Some(second) = subnets.get(later) {
                    out.push(duplicate_subnet(cx.topology, v, &first.name, &second.name));
                }
            }
        }
    }
}

/// Compares peering names within the VNet they leave: a peering is a child
/// resource of that VNet, so Azure accepts one name on several VNets.
fn check_peerings(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    for positions in cx.index.peering_names.values().filter(|p| p.len() > 1) {
        let mut first_from: HashMap<usize, usize> = HashMap::new();
        for &p in positions {
            let Some(from) = cx.index.peering_from.get(p).copied().flatten() else {
                continue;
            };

            let Some(&first) = first_from.get(&from) else {
                first_from.insert(from, p);
                continue;
            };

            out.push(duplicate_peering(t, first, p));
        }
    }
}

fn duplicate_peering(t: &Topology, first: usize, second: usize) -> Finding {
    let a = &t.peerings[first];
    let b = &t.peerings[second];
    let name = crate::model::index::peering_name(b, t);
    let loc_of = |p: &crate::model::Peering| p.name.as_ref().map_or(p.from.loc, |n| n.loc);
    Finding::new(
        &RULE,
        Severity::Error,
        (Kind::Peering, &name),
        loc_of(b),
        "duplicate name",
        format!(
            "two peerings of VNet `{}` are named `{name}`, so Azure keeps one peering of that \
             name and the second declaration overwrites the first",
            b.from.value
        ),
    )
    .related(loc_of(a), "first declared here")
    .help("give this peering its own `name`, or remove it if it repeats the first")
}

/// Groups zones of one name by resource group; an unset group is one group.
fn check_zones(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    for positions in cx.index.zones.values().filter(|p| p.len() > 1) {
        let mut first_in_group: HashMap<Option<String>, usize> = HashMap::new();
        for &z in positions {
            let group = zone_group(t, z);

            let Some(&first) = first_in_group.get(&group) else {
                first_in_group.insert(group, z);
                continue;
            };

            out.push(duplicate_zone(t, first, z));
        }
    }
}

/// Finds VNets linked to two zones of one name in different resource groups.
/// Zones that share their resource group too are already duplicates, so
/// their links are not reported again.
fn check_zone_links(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    for (v, links) in cx.index.zones_linked_to.iter().enumerate() {
        let mut first_of_name: HashMap<String, (usize, usize)> = HashMap::new();
        for &(z, l) in links {
            let name = t.private_dns_zones[z].name.value.to_lowercase();

            let Some(&(first_zone, first_link)) = first_of_name.get(&name) else {
                first_of_name.insert(name, (z, l));
                continue;
            };

            if first_zone != z && zone_group(t, first_zone) != zone_group(t, z) {
                out.push(overlapping_links(t, v, (first_zone, first_link), (z, l)));
            }
        }
    }
}

fn zone_group(t: &Topology, zone: usize) -> Option<String> {
    t.private_dns_zones[zone]
        .resource_group
        .as_ref()
        .map(|rg| rg.value.to_lowercase())
}

/// Returns the `name` of the resource at position `i` of a kind's list.
fn name_of(t: &Topology, kind: Kind, i: usize) -> Option<&Sp<String>> {
    let name = match kind {
        Kind::Workspace => &t.workspaces.get(i)?.name,
        Kind::StorageAccount => &t.storage_accounts.get(i)?.name,
        Kind::KeyVault => &t.key_vaults.get(i)?.name,
        Kind::ContainerRegistry => &t.container_registries.get(i)?.name,
        Kind::Vnet => &t.vnets.get(i)?.name,
        Kind::PrivateEndpoint => &t.private_endpoints.get(i)?.name,
        Kind::DnsResolver => &t.dns_resolvers.get(i)?.name,
        Kind::Compute => &t.computes.get(i)?.name,
        Kind::KubernetesCluster => &t.kubernetes_clusters.get(i)?.name,
        Kind::Gateway => &t.gateways.get(i)?.name,
        Kind::Bastion => &t.bastions.get(i)?.name,
        Kind::Firewall => &t.firewalls.get(i)?.name,
        Kind::VirtualMachine => &t.virtual_machines.get(i)?.name,
        Kind::SynapseWorkspace => &t.synapse_workspaces.get(i)?.name,
        Kind::PrivateDnsZone => &t.private_dns_zones.get(i)?.name,
        Kind::Subnet | Kind::Peering | Kind::Suppression => return None,
    };
    Some(name)
}

/// Notes the first spelling when the two names differ only in letter case.
fn case_note(first: &Sp<String>, second: &Sp<String>) -> String {
    if first.value == second.value {
        String::new()
    } else {
        format!(
            " (Azure ignores case, so `{}` is the same name)",
            first.value
        )
    }
}

fn plural(kind: Kind) -> &'static str {
    match kind {
        Kind::Workspace => "workspaces",
        Kind::StorageAccount => "storage accounts",
        Kind::KeyVault => "key vaults",
        Kind::ContainerRegistry => "container registries",
        Kind::Vnet => "VNets",
        Kind::Subnet => "subnets",
        Kind::Peering => "peerings",
        Kind::PrivateEndpoint => "private endpoints",
        Kind::PrivateDnsZone => "private DNS zones",
        Kind::DnsResolver => "DNS resolvers",
        Kind::Compute => "computes",
        Kind::KubernetesCluster => "AKS clusters",
        Kind::Gateway => "gateways",
        Kind::Bastion => "Bastion hosts",
        Kind::Firewall => "firewalls",
        Kind::VirtualMachine => "virtual machines",
        Kind::SynapseWorkspace => "Synapse workspaces",
        Kind::Suppression => "suppressions",
    }
}

#[cfg(test)]
mod tests {
    use crate::model::index::Kind;
    use crate::rules::testing::{findings, messages};

    const VNETS: &str = "
region: eastus2
vnets:
  - {name: vnet-a, address_space: [10.0.0.0/16], subnets: [{name: snet-a, address_prefix: 10.0.1.0/24}]}
  - {name: vnet-b, address_space: [10.1.0.0/16], subnets: [{name: snet-a, address_prefix: 10.1.1.0/24}]}
";

    #[test]
    fn distinct_names_pass() {
        assert!(messages(VNETS, "duplicate-name").is_empty());
    }

    #[test]
    fn vnet_names_differing_in_case() {
        let yaml = VNETS.replace("name: vnet-b", "name: VNET-A");
        let found = findings(&yaml, "duplicate-name");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.kind, Kind::Vnet);
        assert_eq!(found[0].resource.name, "VNET-A");
        assert!(found[0].message.contains("`vnet-a` is the same name"));
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn subnet_names_compare_within_vnet() {
        let yaml = VNETS.replace(
            "subnets: [{name: snet-a, address_prefix: 10.0.1.0/24}]",
            "subnets: [{name: snet-a, address_prefix: 10.0.1.0/24}, {name: SNET-A, address_prefix: 10.0.2.0/24}]",
        );
        let found = findings(&yaml, "duplicate-name");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "vnet-a/SNET-A");
    }

    #[test]
    fn three_storage_accounts_report_twice() {
        let yaml = "
region: eastus2
storage_accounts: [{name: stml}, {name: stml}, {name: stml}]
";
        let found = findings(yaml, "duplicate-name");
        assert_eq!(found.len(), 2);
        assert!(found[0].message.contains("unique across all of Azure"));
    }

    #[test]
    fn peering_names_compare_per_source_vnet() {
        let yaml = format!(
            "{VNETS}peerings:
  - {{name: to-hub, from: vnet-a, to: vnet-b}}
  - {{name: to-hub, from: vnet-b, to: vnet-a}}
"
        );
        assert!(messages(&yaml, "duplicate-name").is_empty());

        let repeated = format!("{VNETS}peerings:\n  - {{from: vnet-a, to: vnet-b}}\n  - {{from: vnet-a, to: vnet-b}}\n");
        let found = findings(&repeated, "duplicate-name");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "vnet-a-to-vnet-b");
    }

    #[test]
    fn zones_compare_resource_group() {
        let yaml = format!(
            "{VNETS}private_dns_zones:
  - {{name: privatelink.azurecr.io, resource_group: rg-a, vnet_links: [vnet-a]}}
  - {{name: privatelink.azurecr.io, resource_group: rg-b, vnet_links: [vnet-b]}}
"
        );
        assert!(messages(&yaml, "duplicate-name").is_empty());

        let same_group = yaml.replace("rg-b", "RG-A");
        let found = findings(&same_group, "duplicate-name");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.kind, Kind::PrivateDnsZone);
        assert_eq!(found[0].resource.name, "RG-A/privatelink.azurecr.io");
    }

    #[test]
    fn vnet_linked_to_two_zones_of_one_name() {
        let yaml = format!(
            "{VNETS}private_dns_zones:
  - {{name: privatelink.azurecr.io, resource_group: rg-a, vnet_links: [vnet-a]}}
  - {{name: privatelink.azurecr.io, resource_group: rg-b, vnet_links: [vnet-b, vnet-a]}}
"
        );
        let found = findings(&yaml, "duplicate-name");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.kind, Kind::Vnet);
        assert_eq!(found[0].resource.name, "vnet-a");
        assert!(found[0].message.contains("namespaces overlap"));
    }
}
