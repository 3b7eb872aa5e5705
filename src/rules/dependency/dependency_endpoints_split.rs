//! `dependency-endpoints-split`: no VNet holds a workspace endpoint together
//! with the endpoints of the workspace's dependencies.

use std::collections::BTreeSet;

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, ServiceKind, TargetRef};
use crate::model::{Group, Topology};
use crate::rules::{Context, Rule};

/// A dependency sub-resource that has at least one approved private endpoint.
struct Dependency {
    /// For messages: "default storage `st`".
    service: String,
    group: Group,
    /// True for the default storage, whose split is an error even with one workspace endpoint.
    storage: bool,
    /// The VNets holding its approved endpoints.
    vnets: BTreeSet<usize>,
    /// Its first approved endpoint, for the related label.
    endpoint: usize,
}

fn split(
    cx: &Context,
    workspace: usize,
    workspace_vnets: &BTreeSet<usize>,
    best: usize,
    missing: &[&Dependency],
    severity: Severity,
) -> Finding {
    let t = cx.topology;
    let ws = &t.workspaces[workspace].name;
    let best_name = &t.vnets[best].name.value;
    let merged = merge_groups(missing);
    let elsewhere: Vec<String> = merged
        .iter()
        .map(|(label, vnets)| format!("{label} in {}", vnet_list(t, vnets)))
        .collect();
    let where_ws = if workspace_vnets.len() == 1 {
        format!(
            "has a private endpoint in `{best_name}`, but its dependencies have endpoints only \
             elsewhere"
        )
    } else {
        format!(
            "has private endpoints in {}, but none of these VNets also holds endpoints of all \
             its dependencies",
            vnet_list(t, workspace_vnets)
        )
    };
    let labels: Vec<&str> = merged.iter().map(|(label, _)| label.as_str()).collect();

    let mut finding = Finding::new(
        &RULE,
        severity,
        (Kind::Workspace, &ws.value),
        ws.loc,
        "dependency endpoints in another VNet",
        format!(
            "workspace `{}` {where_ws}: {}; Azure ML needs one workspace endpoint in the same \
             VNet as the endpoints of its default storage, key vault and registry, so that the \
             workspace can communicate with them",
            ws.value,
            elsewhere.join(", ")
        ),
    )
    .help(format!(
        "add private endpoints for {} in `{best_name}`, next to the workspace endpoint, or \
         add a workspace endpoint in the VNet of the dependency endpoints",
        labels.join(", ")
    ));
    for dependency in missing {
        let endpoint = &t.private_endpoints[dependency.endpoint];
        finding = finding.related(
            endpoint.subnet.loc,
            format!(
                "endpoint `{}` of {} ({})",
                endpoint.name.value, dependency.service, dependency.group
            ),
        );
    }
    finding
}

/// Describes each service once with all its groups that share the same VNets:
/// "default storage `st` (blob, file)".
fn merge_groups<'a>(missing: &[&'a Dependency]) -> Vec<(String, &'a BTreeSet<usize>)> {
    let mut merged: Vec<(&str, Vec<Group>, &BTreeSet<usize>)> = Vec::new();
    for d in missing {
        match merged.last_mut() {
            Some((service, groups, vnets)) if *service == d.service && **vnets == d.vnets => {
                groups.push(d.group);
            }
            _ => merged.push((&d.service, vec![d.group], &d.vnets)),
        }
    }
    merged
        .into_iter()
        .map(|(service, groups, vnets)| {
            let groups: Vec<&str> = groups.iter().map(|g| g.as_str()).collect();
            (format!("{service} ({})", groups.join(", ")), vnets)
        })
        .collect()
}

fn vnet_list(t: &Topology, vnets: &BTreeSet<usize>) -> String {
    let names: Vec<String> = vnets
        .iter()
        .map(|&v| format!("`{}`", t.vnets[v].name.value))
        .collect();
    names.join(", ")
}

pub static RULE: Rule = Rule {
    id: "dependency-endpoints-split",
    category: Category::Dependency,
    severity: Severity::Error,
    summary: "no VNet holds a workspace endpoint together with its dependencies' endpoints",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    for w in 0..t.workspaces.len() {
        let workspace = TargetRef::Workspace(w);
        let endpoints = cx
            .index
            .approved_endpoints(t, workspace, Group::AmlWorkspace);
        let endpoint_count = endpoints.count();
        let workspace_vnets = vnets_of(cx, workspace, Group::AmlWorkspace);
        let dependencies = dependencies_with_endpoints(cx, w);
        let Some(best) = best_vnet(&workspace_vnets, &dependencies) else {
            continue;
        };

        let missing: Vec<&Dependency> = dependencies
            .iter()
            .filter(|d| !d.vnets.contains(&best))
            .collect();
        let severity = match (endpoint_count, missing.iter().any(|d| d.storage)) {
            _ if missing.is_empty() => continue,
            (0 | 1, false) => Severity::Warning,
            _ => Severity::Error,
        };

        out.push(split(cx, w, &workspace_vnets, best, &missing, severity));
    }
}

/// Returns the VNets holding approved endpoints of a target's sub-resource.
fn vnets_of(cx: &Context, target: TargetRef, group: Group) -> BTreeSet<usize> {
    cx.index
        .approved_endpoints(cx.topology, target, group)
        .filter_map(|pe| cx.index.endpoint_subnet[pe])
        .map(|s| s.vnet)
        .collect()
}

/// Lists the workspace's default storage (blob, file), key vault and registry
/// sub-resources that have approved endpoints in a declared subnet.
fn dependencies_with_endpoints(cx: &Context, w: usize) -> Vec<Dependency> {
    let t = cx.topology;
    let ix = cx.index;
    let mut wanted = Vec::new();
    if let Some(s) = ix.workspace_storage[w] {
        wanted.push((
            ServiceKind::Storage,
            s,
            Group::Blob,
            "default storage",
            true,
        ));
        wanted.push((
            ServiceKind::Storage,
            s,
            Group::File,
            "default storage",
            true,
        ));
    }
    if let Some(k) = ix.workspace_key_vault[w] {
        wanted.push((ServiceKind::KeyVault, k, Group::Vault, "key vault", false));
    }
    if let Some(r) = ix.workspace_registry[w] {
        wanted.push((
            ServiceKind::Registry,
            r,
            Group::Registry,
            "container registry",
            false,
        ));
    }

    let mut dependencies = Vec::new();
    for (kind, i, group, role, storage) in wanted {
        let target = TargetRef::Service(kind, i);
        let vnets = vnets_of(cx, target, group);
        let endpoint = ix
            .approved_endpoints(t, target, group)
            .find(|&pe| ix.endpoint_subnet[pe].is_some());
        let (false, Some(endpoint)) = (vnets.is_empty(), endpoint) else {
            continue;
        };
        let name = &t.services(kind)[i].name.value;
        dependencies.push(Dependency {
            service: format!("{role} `{name}`"),
            group,
            storage,
            vnets,
            endpoint,
        });
    }
    dependencies
}

/// Picks the workspace VNet that holds endpoints of the most dependencies,
/// the default storage counting first; ties go to the first declared VNet.
fn best_vnet(workspace_vnets: &BTreeSet<usize>, dependencies: &[Dependency]) -> Option<usize> {
    workspace_vnets.iter().copied().max_by_key(|v| {
        let held = |storage: bool| {
            dependencies
                .iter()
                .filter(|d| d.storage == storage && d.vnets.contains(v))
                .count()
        };
        (held(true), held(false), std::cmp::Reverse(*v))
    })
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::testing::{findings, messages};

    const RULE: &str = "dependency-endpoints-split";

    /// One workspace endpoint with every dependency endpoint in `vnet-work`,
    /// and an empty `vnet-data` to move endpoints into.
    const BASE: &str = "
region: eastus2
workspaces:
  - {name: mlw, storage_account: stml, key_vault: kv-ml, container_registry: crml}
storage_accounts: [{name: stml}]
key_vaults: [{name: kv-ml}]
container_registries: [{name: crml}]
vnets:
  - name: vnet-work
    address_space: [10.1.0.0/16]
    subnets: [{name: snet-pe, address_prefix: 10.1.1.0/24}]
  - name: vnet-data
    address_space: [10.2.0.0/16]
    subnets: [{name: snet-pe, address_prefix: 10.2.1.0/24}]
  - name: vnet-clients
    address_space: [10.3.0.0/16]
    subnets: [{name: snet-pe, address_prefix: 10.3.1.0/24}]
private_endpoints:
  - {name: pe-mlw, subnet: vnet-work/snet-pe, target: mlw, group: amlworkspace}
  - {name: pe-blob, subnet: vnet-work/snet-pe, target: stml, group: blob}
  - {name: pe-file, subnet: vnet-work/snet-pe, target: stml, group: file}
  - {name: pe-kv, subnet: vnet-work/snet-pe, target: kv-ml, group: vault}
  - {name: pe-cr, subnet: vnet-work/snet-pe, target: crml, group: registry}
";

    fn moved(endpoint: &str, to: &str) -> String {
        BASE.replace(
            &format!("{{name: {endpoint}, subnet: vnet-work/snet-pe"),
            &format!("{{name: {endpoint}, subnet: {to}/snet-pe"),
        )
    }

    #[test]
    fn all_in_one_vnet_passes() {
        assert!(messages(BASE, RULE).is_empty());
    }

    #[test]
    fn storage_elsewhere_is_error() {
        let found = findings(&moved("pe-file", "vnet-data"), RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(found[0].resource.name, "mlw");
        assert!(found[0]
            .message
            .contains("default storage `stml` (file) in `vnet-data`"));
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn storage_groups_merged_in_message() {
        let yaml = moved("pe-blob", "vnet-data").replace(
            "{name: pe-file, subnet: vnet-work/snet-pe",
            "{name: pe-file, subnet: vnet-data/snet-pe",
        );
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0]
            .message
            .contains("default storage `stml` (blob, file) in `vnet-data`"));
        assert_eq!(found[0].related.len(), 2);
    }

    #[test]
    fn key_vault_elsewhere_is_warning() {
        let found = findings(&moved("pe-kv", "vnet-data"), RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(found[0].message.contains("key vault `kv-ml` (vault)"));
    }

    #[test]
    fn dependency_without_endpoint_passes() {
        let yaml = BASE.replace(
            "  - {name: pe-cr, subnet: vnet-work/snet-pe, target: crml, group: registry}\n",
            "",
        );
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn second_workspace_endpoint_elsewhere_passes() {
        let yaml = format!(
            "{BASE}  - {{name: pe-mlw-c, subnet: vnet-clients/snet-pe, target: mlw, group: amlworkspace}}\n"
        );
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn two_endpoints_without_shared_vnet_is_error() {
        let yaml = format!(
            "{}  - {{name: pe-mlw-c, subnet: vnet-clients/snet-pe, target: mlw, group: amlworkspace}}\n",
            moved("pe-cr", "vnet-data")
        );
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
        assert!(found[0].message.contains("`vnet-work`, `vnet-clients`"));
        assert!(found[0]
            .message
            .contains("container registry `crml` (registry)"));
    }

    #[test]
    fn unapproved_dependency_endpoint_ignored() {
        let yaml = moved("pe-kv", "vnet-data")
            .replace("group: vault}", "group: vault, manual_approval: true}");
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn workspace_without_endpoint_passes() {
        let yaml = moved("pe-blob", "vnet-data").replace(
            "group: amlworkspace}",
            "group: amlworkspace, manual_approval: true}",
        );
        assert!(messages(&yaml, RULE).is_empty());
    }
}
