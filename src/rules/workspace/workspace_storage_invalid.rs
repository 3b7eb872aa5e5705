//! `workspace-storage-invalid`: a default storage account the workspace cannot use.

use std::collections::BTreeMap;

use crate::finding::{Category, Finding, Severity};
use crate::model::index::Kind;
use crate::model::{DefaultAction, Service, StorageKind};
use crate::rules::{Context, Rule};
use crate::source::Loc;

/// Why the account cannot serve as default storage, and the value that causes it.
struct Problem {
    severity: Severity,
    loc: Loc,
    label: &'static str,
    reason: String,
    help: String,
}

/// Finds the error cases: an unsupported account kind, else hierarchical namespace.
fn unsupported(storage: &Service) -> Option<Problem> {
    let name = &storage.name.value;
    if let Some(kind) = &storage.kind {
        let reason = match kind.value {
            StorageKind::BlobStorage => Some("a `BlobStorage` account"),
            StorageKind::BlockBlobStorage | StorageKind::FileStorage => Some("a premium account"),
            StorageKind::StorageV2 | StorageKind::Storage => None,
        };
        if let Some(reason) = reason {
            return Some(Problem {
                severity: Severity::Error,
                loc: kind.loc,
                label: "unsupported kind",
                reason: format!("is {reason} (`kind: {}`)", kind.value),
                help: format!(
                    "use a standard general-purpose v2 account (`kind: StorageV2`) in place \
                     of `{name}`"
                ),
            });
        }
    }
    let hns = storage.hierarchical_namespace.as_ref()?;
    hns.value.then(|| Problem {
        severity: Severity::Error,
        loc: hns.loc,
        label: "hierarchical namespace",
        reason: "has hierarchical namespace enabled".to_string(),
        help: format!(
            "use an account without hierarchical namespace in place of `{name}`, and add the \
             Data Lake Storage account as a datastore"
        ),
    })
}

/// Finds the warning case: a firewall that denies by default without the trusted-services bypass.
fn firewall_blocks_service(storage: &Service) -> Option<Problem> {
    let name = &storage.name.value;
    let rules = storage.network_rules.as_ref()?;
    let action = rules.default_action.as_ref()?;
    if action.value != DefaultAction::Deny {
        return None;
    }
    let loc = match &rules.bypass_azure_services {
        Some(bypass) if bypass.value => return None,
        Some(bypass) => bypass.loc,
        None => action.loc,
    };
    Some(Problem {
        severity: Severity::Warning,
        loc,
        label: "no trusted-services bypass",
        reason: "denies network access by default without `bypass_azure_services: true`, so \
                 it refuses the Azure ML service itself"
            .to_string(),
        help: format!("set `bypass_azure_services: true` in the network rules of `{name}`"),
    })
}

fn invalid(cx: &Context, storage: &Service, problem: Problem, workspaces: &[usize]) -> Finding {
    let t = cx.topology;
    let names: Vec<String> = workspaces
        .iter()
        .map(|&ws| format!("`{}`", t.workspaces[ws].name.value))
        .collect();
    let noun = if names.len() == 1 {
        "workspace"
    } else {
        "workspaces"
    };
    let mut f = Finding::new(
        &RULE,
        problem.severity,
        (Kind::StorageAccount, &storage.name.value),
        problem.loc,
        problem.label,
        format!(
            "storage account `{}`, the default storage of {noun} {}, {}; Azure ML cannot use it",
            storage.name.value,
            names.join(", "),
            problem.reason
        ),
    )
    .help(problem.help);
    for &ws in workspaces {
        let workspace = &t.workspaces[ws];
        f = f.related(
            workspace.storage_account.loc,
            format!("default storage of `{}`", workspace.name.value),
        );
    }
    f
}

pub static RULE: Rule = Rule {
    id: "workspace-storage-invalid",
    category: Category::Workspace,
    severity: Severity::Error,
    summary: "a workspace's default storage account has an unsupported kind or firewall",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let mut users: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (ws, storage) in cx.index.workspace_storage.iter().enumerate() {
        if let Some(storage) = storage {
            users.entry(*storage).or_default().push(ws);
        }
    }

    for (storage, workspaces) in users {
        let account = &cx.topology.storage_accounts[storage];
        let Some(problem) = unsupported(account).or_else(|| firewall_blocks_service(account))
        else {
            continue;
        };
        out.push(invalid(cx, account, problem, &workspaces));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::testing::{findings, messages};

    const RULE: &str = "workspace-storage-invalid";

    fn design(storage: &str) -> String {
        format!(
            "
region: eastus2
workspaces:
  - {{name: mlw, storage_account: st, key_vault: kv}}
  - {{name: mlw-two, storage_account: st, key_vault: kv}}
storage_accounts: [{{name: st{storage}}}, {{name: other, kind: BlobStorage}}]
key_vaults: [{{name: kv}}]
"
        )
    }

    #[test]
    fn premium_kind_reported_once_per_account() {
        let found = findings(&design(", kind: BlockBlobStorage"), RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(found[0].resource.name, "st");
        assert_eq!(found[0].related.len(), 2);
        assert!(found[0].message.contains("premium"));
    }

    #[test]
    fn hierarchical_namespace_reported() {
        let found = messages(&design(", hierarchical_namespace: true"), RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("hierarchical namespace"));
    }

    #[test]
    fn kind_wins_over_firewall() {
        let storage = ", kind: BlobStorage, network_rules: {default_action: Deny}";
        let found = findings(&design(storage), RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
    }

    #[test]
    fn deny_without_bypass_is_warning() {
        let found = findings(&design(", network_rules: {default_action: Deny}"), RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(found[0].help.contains("bypass_azure_services: true"));
    }

    #[test]
    fn deny_with_bypass_passes() {
        let storage = ", network_rules: {default_action: Deny, bypass_azure_services: true}";
        assert!(messages(&design(storage), RULE).is_empty());
    }

    #[test]
    fn general_purpose_v2_passes() {
        assert!(messages(&design(", kind: StorageV2"), RULE).is_empty());
    }
}
