//! `pe-invalid-target`: a private endpoint whose target cannot take it. The
//! group may not exist on the target's kind, the registry may not be Premium,
//! or the storage account's kind may lack the service or private endpoints.

use super::util::{join_names, join_names_limited, MAX_RELATED};
use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, ServiceKind, Target, TargetRef};
use crate::model::{Group, PrivateEndpoint, RegistrySku, Service, Sp, StorageKind, TargetKind};
use crate::rules::{Context, Rule};
use crate::source::Loc;

/// Returns the sub-resources (groups) a kind of target has.
fn groups_of(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Workspace => &["amlworkspace"],
        Kind::StorageAccount => &["blob", "file", "queue", "table", "dfs"],
        Kind::KeyVault => &["vault"],
        Kind::ContainerRegistry => &["registry"],
        Kind::KubernetesCluster => &["management"],
        Kind::SynapseWorkspace => &["Sql", "SqlOnDemand", "Dev"],
        _ => &[],
    }
}

/// Returns true when a storage account of `kind` has the service `group`.
/// Premium block blob accounts have no file service, and premium file share
/// accounts have only the file service.
fn storage_has(kind: StorageKind, group: Group) -> bool {
    match kind {
        StorageKind::BlockBlobStorage => group != Group::File,
        StorageKind::FileStorage => group == Group::File,
        _ => true,
    }
}

/// Returns the kind of resource that a group's `target` must name.
fn expected_kind(group: Group) -> Kind {
    match group.target_kind() {
        TargetKind::Workspace => Kind::Workspace,
        TargetKind::Storage => Kind::StorageAccount,
        TargetKind::KeyVault => Kind::KeyVault,
        TargetKind::Registry => Kind::ContainerRegistry,
        TargetKind::Aks => Kind::KubernetesCluster,
        TargetKind::Synapse => Kind::SynapseWorkspace,
    }
}

/// Returns the kind's noun with its indefinite article ("an AKS cluster").
fn a_noun(kind: Kind) -> String {
    let noun = kind.noun();
    let vowel = noun
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    let article = if vowel { "an" } else { "a" };
    format!("{article} {noun}")
}

fn wrong_kind(pe: &PrivateEndpoint, kinds: &[Kind]) -> Finding {
    let group = pe.group.value;
    let expected = a_noun(expected_kind(group));
    let nouns: Vec<String> = kinds.iter().map(|&k| a_noun(k)).collect();
    let found = nouns.join(" and ");
    let groups: Vec<&str> = kinds.iter().flat_map(|&k| groups_of(k)).copied().collect();
    Finding::new(
        &RULE,
        Severity::Error,
        (Kind::PrivateEndpoint, &pe.name.value),
        pe.group.loc,
        format!("not a sub-resource of {found}"),
        format!(
            "private endpoint `{}` has group `{group}`, which belongs to {expected}, but \
             `{}` is {found}; Azure rejects the endpoint because the target has no \
             sub-resource `{group}`",
            pe.name.value, pe.target.value
        ),
    )
    .related(pe.target.loc, format!("`{}` is {found}", pe.target.value))
    .help(format!(
        "set `group` to {} for `{}`, or set `target` to {expected}",
        join_names(&groups).replace(" and ", " or "),
        pe.target.value,
    ))
}

fn service_missing(pe: &PrivateEndpoint, account: &Service, kind: &Sp<StorageKind>) -> Finding {
    let group = pe.group.value;
    Finding::new(
        &RULE,
        Severity::Error,
        (Kind::PrivateEndpoint, &pe.name.value),
        pe.group.loc,
        format!("`{}` has no `{group}` service", kind.value),
        format!(
            "private endpoint `{}` targets sub-resource `{group}` of storage account `{}`, \
             whose kind `{}` has no `{group}` service; Azure rejects the endpoint",
            pe.name.value, account.name.value, kind.value
        ),
    )
    .related(kind.loc, "kind is set here")
    .help(format!(
        "target a `StorageV2` account for `{group}`, or set `group` to a service that `{}` has",
        account.name.value
    ))
}

fn target_rejects_endpoints(
    cx: &Context,
    (kind, service): (Kind, &Service),
    (reason, loc): (&str, Loc),
    endpoints: &[usize],
    help: String,
) -> Finding {
    let t = cx.topology;
    let names: Vec<&str> = endpoints
        .iter()
        .map(|&pe| t.private_endpoints[pe].name.value.as_str())
        .collect();
    let mut finding = Finding::new(
        &RULE,
        Severity::Error,
        (kind, &service.name.value),
        loc,
        "does not support private endpoints",
        format!(
            "{} `{}` {reason}, which does not support private endpoints; Azure \
             rejects {} {}",
            kind.noun(),
            service.name.value,
            if names.len() == 1 {
                "private endpoint"
            } else {
                "private endpoints"
            },
            join_names_limited(&names, MAX_RELATED)
        ),
    );
    for &pe in endpoints.iter().take(MAX_RELATED) {
        let endpoint = &t.private_endpoints[pe];
        finding = finding.related(
            endpoint.target.loc,
            format!("`{}` targets it", endpoint.name.value),
        );
    }
    finding.help(help)
}

pub static RULE: Rule = Rule {
    id: "pe-invalid-target",
    category: Category::PrivateEndpoint,
    severity: Severity::Error,
    summary: "a private endpoint's target cannot take an endpoint of its group",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    check_endpoints(cx, out);
    check_registries(cx, out);
    check_storage_v1(cx, out);
}

/// Reports endpoints whose group the target's kind or storage kind does not have.
fn check_endpoints(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    for (i, pe) in t.private_endpoints.iter().enumerate() {
        match &cx.index.endpoint_target[i] {
            Target::WrongKind(kinds) => out.push(wrong_kind(pe, kinds)),
            Target::Found(TargetRef::Service(ServiceKind::Storage, s)) => {
                let Some(account) = t.storage_accounts.get(*s) else {
                    continue;
                };
                let Some(kind) = &account.kind else {
                    continue;
                };
                if !storage_has(kind.value, pe.group.value) {
                    out.push(service_missing(pe, account, kind));
                }
            }
            _ => {}
        }
    }
}

/// Reports each non-Premium registry that private endpoints target, once.
fn check_registries(cx: &Context, out: &mut Vec<Finding>) {
    for (r, registry) in cx.topology.container_registries.iter().enumerate() {
        let Some(sku) = &registry.sku else {
            continue;
        };
        if sku.value == RegistrySku::Premium {
            continue;
        }
        let target = TargetRef::Service(ServiceKind::Registry, r);
        let Some(endpoints) = cx.index.endpoints_of.get(&target) else {
            continue;
        };

        let reason = format!("has the `{}` SKU", sku.value);
        let help = format!("set `sku: Premium` on `{}`", registry.name.value);
        out.push(target_rejects_endpoints(
            cx,
            (Kind::ContainerRegistry, registry),
            (&reason, sku.loc),
            endpoints,
            help,
        ));
    }
}

/// Reports each general-purpose v1 storage account that private endpoints target, once.
fn check_storage_v1(cx: &Context, out: &mut Vec<Finding>) {
    for (s, account) in cx.topology.storage_accounts.iter().enumerate() {
        let Some(kind) = &account.kind else {
            continue;
        };
        if kind.value != StorageKind::Storage {
            continue;
        }
        let target = TargetRef::Service(ServiceKind::Storage, s);
        let Some(endpoints) = cx.index.endpoints_of.get(&target) else {
            continue;
        };

        let reason = "is of kind `Storage` (general-purpose v1)";
        let help = format!(
            "upgrade `{}` to `kind: StorageV2` (general-purpose v2)",
            account.name.value
        );
        out.push(target_rejects_endpoints(
            cx,
            (Kind::StorageAccount, account),
            (reason, kind.loc),
            endpoints,
            help,
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const TOPOLOGY: &str = "
region: eastus2
workspaces: [{name: mlw, storage_account: stv2, key_vault: kv}]
storage_accounts:
  - {name: stv2}
  - {name: stv1, kind: Storage}
  - {name: stblock, kind: BlockBlobStorage}
  - {name: stfiles, kind: FileStorage}
key_vaults: [{name: kv}]
container_registries:
  - {name: crpremium}
  - {name: crstandard, sku: Standard}
vnets:
  - {name: v, address_space: [10.0.0.0/16], subnets: [{name: snet-pe, address_prefix: 10.0.1.0/24}]}
private_endpoints:
  - {name: pe-blob, subnet: v/snet-pe, target: stv2, group: blob}
  - {name: pe-block-blob, subnet: v/snet-pe, target: stblock, group: blob}
  - {name: pe-files-file, subnet: v/snet-pe, target: stfiles, group: file}
  - {name: pe-cr, subnet: v/snet-pe, target: crpremium, group: registry}
  - {name: pe-mlw, subnet: v/snet-pe, target: mlw, group: amlworkspace}
";

    fn resources(yaml: &str) -> Vec<String> {
        findings(yaml, "pe-invalid-target")
            .into_iter()
            .map(|f| f.resource.name)
            .collect()
    }

    #[test]
    fn valid_targets_pass() {
        assert!(messages(TOPOLOGY, "pe-invalid-target").is_empty());
    }

    #[test]
    fn wrong_kind_reported_on_group() {
        let yaml =
            format!("{TOPOLOGY}  - {{name: pe-x, subnet: v/snet-pe, target: kv, group: blob}}\n");
        let found = findings(&yaml, "pe-invalid-target");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("`kv` is a key vault"));
        assert!(found[0].help.contains("`vault`"));
        assert!(messages(&yaml, "unknown-reference").is_empty());
    }

    #[test]
    fn storage_kind_without_service_reported() {
        let yaml = format!(
            "{TOPOLOGY}  - {{name: pe-block-file, subnet: v/snet-pe, target: stblock, group: file}}
  - {{name: pe-files-blob, subnet: v/snet-pe, target: stfiles, group: blob}}
  - {{name: pe-files-queue, subnet: v/snet-pe, target: stfiles, group: queue}}\n"
        );
        assert_eq!(
            resources(&yaml),
            ["pe-block-file", "pe-files-blob", "pe-files-queue"]
        );
    }

    #[test]
    fn general_purpose_v1_reported_once() {
        let yaml = format!(
            "{TOPOLOGY}  - {{name: pe-v1-blob, subnet: v/snet-pe, target: stv1, group: blob}}
  - {{name: pe-v1-file, subnet: v/snet-pe, target: stv1, group: file}}\n"
        );
        let found = findings(&yaml, "pe-invalid-target");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "stv1");
        assert_eq!(found[0].related.len(), 2);
    }

    #[test]
    fn standard_registry_reported() {
        let yaml = format!(
            "{TOPOLOGY}  - {{name: pe-cr2, subnet: v/snet-pe, target: crstandard, group: registry}}\n"
        );
        let found = findings(&yaml, "pe-invalid-target");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "crstandard");
        assert!(found[0].message.contains("`Standard` SKU"));
        assert!(found[0].message.contains("private endpoint `pe-cr2`"));
    }

    #[test]
    fn registry_without_endpoints_passes() {
        assert!(!resources(TOPOLOGY).contains(&"crstandard".to_string()));
    }
}
