//! `public-access-private-data`: a workspace open to public clients whose default
//! storage is closed to the internet.

use crate::finding::{Category, Finding, Severity};
use crate::model::index::Kind;
use crate::model::{Access, Service, Workspace};
use crate::rules::workspace::util::{closed_to_internet, ClosedBy};
use crate::rules::{Context, Rule};

fn private_data(workspace: &Workspace, storage: &Service, closed: &ClosedBy) -> Finding {
    let name = &workspace.name.value;
    let storage_name = &storage.name.value;
    let loc = match (
        &workspace.public_network_access,
        &workspace.allow_public_access_when_behind_vnet,
    ) {
        (Some(access), _) => access.loc,
        (None, Some(flag)) => flag.loc,
        (None, None) => workspace.name.loc,
    };
    Finding::new(
        &RULE,
        Severity::Warning,
        (Kind::Workspace, name),
        loc,
        "public access enabled",
        format!(
            "workspace `{name}` accepts public clients, but its default storage \
             `{storage_name}` is not reachable from the internet ({}); for public clients, \
             studio features such as the designer and data preview fail, and notebooks on a \
             compute instance are not supported over the public endpoint",
            closed.setting
        ),
    )
    .related(closed.loc, format!("`{storage_name}` closed here"))
    .help(format!(
        "use `{name}` from a network that reaches its private endpoint, and set \
         `public_network_access: Disabled` on it unless public clients only need the SDK"
    ))
}

pub static RULE: Rule = Rule {
    id: "public-access-private-data",
    category: Category::Workspace,
    severity: Severity::Warning,
    summary: "a workspace accepts public clients but its default storage is private",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    for (ws, workspace) in t.workspaces.iter().enumerate() {
        if !cx.index.workspace_has_endpoint(t, ws)
            || cx.index.workspace_public_access(t, ws) != Access::Enabled
        {
            continue;
        }
        let Some(storage) = cx.index.workspace_storage[ws] else {
            continue;
        };

        let storage = &t.storage_accounts[storage];
        let Some(closed) = closed_to_internet(storage) else {
            continue;
        };

        out.push(private_data(workspace, storage, &closed));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const RULE: &str = "public-access-private-data";

    fn design(access: &str, storage: &str, endpoint: bool) -> String {
        let mut yaml = format!(
            "
region: eastus2
workspaces:
  - {{name: mlw, storage_account: st, key_vault: kv{access}}}
storage_accounts: [{{name: st{storage}}}]
key_vaults: [{{name: kv}}]
vnets:
  - {{name: vnet, address_space: [10.0.0.0/16], subnets: [{{name: pe, address_prefix: 10.0.1.0/24}}]}}
"
        );
        if endpoint {
            yaml.push_str("private_endpoints:\n");
            yaml.push_str(
                "  - {name: pe-mlw, subnet: vnet/pe, target: mlw, group: amlworkspace}\n",
            );
        }
        yaml
    }

    #[test]
    fn public_workspace_private_storage_reported() {
        let yaml = design(
            ", public_network_access: Enabled",
            ", public_network_access: Disabled",
            true,
        );
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "mlw");
        assert!(found[0]
            .message
            .contains("`public_network_access: Disabled`"));
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn legacy_flag_and_deny_rules_reported() {
        let yaml = design(
            ", allow_public_access_when_behind_vnet: true",
            ", network_rules: {default_action: Deny, bypass_azure_services: true}",
            true,
        );
        let found = messages(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("`default_action: Deny`"));
    }

    #[test]
    fn private_workspace_passes() {
        let yaml = design("", ", public_network_access: Disabled", true);
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn workspace_without_endpoint_passes() {
        let yaml = design(
            ", public_network_access: Enabled",
            ", public_network_access: Disabled",
            false,
        );
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn public_storage_passes() {
        let yaml = design(", public_network_access: Enabled", "", true);
        assert!(messages(&yaml, RULE).is_empty());
    }
}
