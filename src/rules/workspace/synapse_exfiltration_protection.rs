//! `synapse-exfiltration-protection`: a Synapse workspace with data exfiltration
//! protection is linked to an Azure ML workspace.

use crate::finding::{Category, Finding, Severity};
use crate::model::index::Kind;
use crate::model::{Sp, Synapse};
use crate::rules::{Context, Rule};

fn protected_link(synapse: &Synapse, protection: &Sp<bool>, linked: &[&Sp<String>]) -> Finding {
    let name = &synapse.name.value;
    let names: Vec<String> = linked.iter().map(|w| format!("`{}`", w.value)).collect();
    let noun = if names.len() == 1 {
        "workspace"
    } else {
        "workspaces"
    };
    let mut f = Finding::new(
        &RULE,
        Severity::Error,
        (Kind::SynapseWorkspace, name),
        protection.loc,
        "data exfiltration protection",
        format!(
            "Synapse workspace `{name}` has data exfiltration protection enabled and is linked \
             to Azure ML {noun} {}; Azure ML does not support Synapse's data exfiltration \
             protection, so the integration does not work",
            names.join(", ")
        ),
    )
    .help(format!(
        "link a Synapse workspace without data exfiltration protection, or remove the \
         `linked_workspaces` of `{name}`"
    ));
    for w in linked {
        f = f.related(w.loc, "linked here");
    }
    f
}

pub static RULE: Rule = Rule {
    id: "synapse-exfiltration-protection",
    category: Category::Workspace,
    severity: Severity::Error,
    summary: "a Synapse workspace with data exfiltration protection is linked to Azure ML",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (i, synapse) in cx.topology.synapse_workspaces.iter().enumerate() {
        let Some(protection) = &synapse.data_exfiltration_protection else {
            continue;
        };
        if !protection.value {
            continue;
        }

        // Only links that name a declared workspace count; others are `unknown-reference`.
        let linked: Vec<&Sp<String>> = synapse
            .linked_workspaces
            .iter()
            .zip(&cx.index.synapse_workspaces[i])
            .filter(|(_, resolved)| resolved.is_some())
            .map(|(reference, _)| reference)
            .collect();
        if linked.is_empty() {
            continue;
        }

        out.push(protected_link(synapse, protection, &linked));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const RULE: &str = "synapse-exfiltration-protection";

    fn design(synapse: &str) -> String {
        format!(
            "
region: eastus2
workspaces:
  - {{name: mlw, storage_account: st, key_vault: kv}}
storage_accounts: [{{name: st}}]
key_vaults: [{{name: kv}}]
synapse_workspaces:
  - {{name: syn, managed_vnet: true{synapse}}}
"
        )
    }

    #[test]
    fn protected_linked_workspace_reported() {
        let found = findings(
            &design(", data_exfiltration_protection: true, linked_workspaces: [mlw]"),
            RULE,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "syn");
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn unprotected_link_passes() {
        let yaml = design(", data_exfiltration_protection: false, linked_workspaces: [mlw]");
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn protected_without_link_passes() {
        let yaml = design(", data_exfiltration_protection: true");
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn unresolved_link_skipped() {
        let yaml = design(", data_exfiltration_protection: true, linked_workspaces: [nope]");
        assert!(messages(&yaml, RULE).is_empty());
    }
}
