//! `public-access-flag-conflict`: the two public access settings of a workspace disagree,
//! or only the legacy one is set.

use crate::finding::{Category, Finding, Severity};
use crate::model::index::Kind;
use crate::model::{Access, Sp, Workspace};
use crate::rules::{Context, Rule};

/// Returns the `public_network_access` value that means the same as the legacy flag.
fn access_for(flag: bool) -> Access {
    if flag {
        Access::Enabled
    } else {
        Access::Disabled
    }
}

fn conflict(workspace: &Workspace, access: &Sp<Access>, flag: &Sp<bool>) -> Finding {
    let name = &workspace.name.value;
    Finding::new(
        &RULE,
        Severity::Warning,
        (Kind::Workspace, name),
        flag.loc,
        format!("disagrees with `public_network_access: {}`", access.value),
        format!(
            "workspace `{name}` sets `public_network_access: {}` and \
             `allow_public_access_when_behind_vnet: {}`; Azure lets each override the other \
             (the last one written wins), and vnetlint assumes `public_network_access` wins",
            access.value, flag.value
        ),
    )
    .related(access.loc, "assumed to win")
    .help(format!(
        "remove `allow_public_access_when_behind_vnet` from `{name}` and keep \
         `public_network_access`, which Microsoft recommends"
    ))
}

fn legacy_only(workspace: &Workspace, flag: &Sp<bool>, has_endpoint: bool) -> Finding {
    let name = &workspace.name.value;
    let effect = if has_endpoint {
        "it only acts on a workspace behind a VNet".to_string()
    } else {
        format!(
            "it only acts on a workspace behind a VNet, and `{name}` has no private endpoint, \
             so it has no effect"
        )
    };
    Finding::new(
        &RULE,
        Severity::Info,
        (Kind::Workspace, name),
        flag.loc,
        "legacy flag",
        format!(
            "workspace `{name}` sets the legacy SDK and CLI v1 flag \
             `allow_public_access_when_behind_vnet`; {effect}"
        ),
    )
    .help(format!(
        "replace it with `public_network_access: {}`, which Microsoft recommends",
        access_for(flag.value)
    ))
}

pub static RULE: Rule = Rule {
    id: "public-access-flag-conflict",
    category: Category::Workspace,
    severity: Severity::Warning,
    summary: "a workspace's two public access settings disagree, or only the legacy one is set",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    for (ws, workspace) in t.workspaces.iter().enumerate() {
        let Some(flag) = &workspace.allow_public_access_when_behind_vnet else {
            continue;
        };

        match &workspace.public_network_access {
            Some(access) if access.value != access_for(flag.value) => {
                out.push(conflict(workspace, access, flag));
            }
            Some(_) => {}
            None => {
                let has_endpoint = cx.index.workspace_has_endpoint(t, ws);
                out.push(legacy_only(workspace, flag, has_endpoint));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::testing::{findings, messages};

    const RULE: &str = "public-access-flag-conflict";

    fn workspace(settings: &str) -> String {
        format!(
            "
region: eastus2
workspaces:
  - {{name: mlw, storage_account: st, key_vault: kv{settings}}}
storage_accounts: [{{name: st}}]
key_vaults: [{{name: kv}}]
"
        )
    }

    #[test]
    fn enabled_and_false_reported_as_warning() {
        let yaml = workspace(
            ", public_network_access: Enabled, allow_public_access_when_behind_vnet: false",
        );
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(found[0]
            .message
            .contains("assumes `public_network_access` wins"));
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn disabled_and_true_reported_as_warning() {
        let yaml = workspace(
            ", public_network_access: disabled, allow_public_access_when_behind_vnet: true",
        );
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Warning);
    }

    #[test]
    fn legacy_flag_alone_reported_as_info() {
        let yaml = workspace(", allow_public_access_when_behind_vnet: true");
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Info);
        assert!(found[0].message.contains("has no effect"));
        assert!(found[0].help.contains("`public_network_access: Enabled`"));
    }

    #[test]
    fn agreeing_settings_pass() {
        let yaml = workspace(
            ", public_network_access: Disabled, allow_public_access_when_behind_vnet: false",
        );
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn modern_setting_alone_passes() {
        let yaml = workspace(", public_network_access: Enabled");
        assert!(messages(&yaml, RULE).is_empty());
    }
}
