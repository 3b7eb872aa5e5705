//! `workspace-unreachable`: public access is disabled and no private endpoint exists.

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, TargetRef};
use crate::model::{Access, Group, Workspace};
use crate::rules::{Context, Rule};
use crate::source::Loc;

fn unreachable(workspace: &Workspace, loc: Loc, waiting: usize) -> Finding {
    let name = &workspace.name.value;
    let endpoints = match waiting {
        0 => "no private endpoint".to_string(),
        n => format!("no approved private endpoint ({n} waiting for manual approval)"),
    };
    Finding::new(
        &RULE,
        Severity::Error,
        (Kind::Workspace, name),
        loc,
        "public access disabled",
        format!(
            "workspace `{name}` has public network access disabled and {endpoints}; \
             no client, compute or Azure service can reach it"
        ),
    )
    .help(format!(
        "set `public_network_access: Enabled` on `{name}` or add a private endpoint of group \
         `amlworkspace` for it; removing private endpoints never turns public access back on"
    ))
}

pub static RULE: Rule = Rule {
    id: "workspace-unreachable",
    category: Category::Workspace,
    severity: Severity::Error,
    summary: "a workspace has public access disabled and no private endpoint",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    for (ws, workspace) in t.workspaces.iter().enumerate() {
        if cx.index.workspace_public_access(t, ws) != Access::Disabled
            || cx.index.workspace_has_endpoint(t, ws)
        {
            continue;
        }

        let waiting = cx
            .index
            .endpoints_of
            .get(&TargetRef::Workspace(ws))
            .map_or(0, |pes| {
                pes.iter()
                    .filter(|&&pe| t.private_endpoints[pe].group.value == Group::AmlWorkspace)
                    .count()
            });
        let loc = match (
            &workspace.public_network_access,
            &workspace.allow_public_access_when_behind_vnet,
        ) {
            (Some(access), _) => access.loc,
            (None, Some(flag)) => flag.loc,
            (None, None) => workspace.name.loc,
        };
        out.push(unreachable(workspace, loc, waiting));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const RULE: &str = "workspace-unreachable";

    const PRIVATE: &str = "
region: eastus2
workspaces:
  - {name: mlw, storage_account: st, key_vault: kv, public_network_access: Disabled}
storage_accounts: [{name: st}]
key_vaults: [{name: kv}]
vnets:
  - {name: vnet, address_space: [10.0.0.0/16], subnets: [{name: pe, address_prefix: 10.0.1.0/24}]}
";

    const ENDPOINT: &str = "
private_endpoints:
  - {name: pe-mlw, subnet: vnet/pe, target: mlw, group: amlworkspace}
";

    #[test]
    fn disabled_without_endpoint_reported() {
        let found = findings(PRIVATE, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "mlw");
        assert!(found[0].help.contains("never turns public access back on"));
    }

    #[test]
    fn endpoint_waiting_for_approval_reported() {
        let endpoint = ENDPOINT.replace("amlworkspace}", "amlworkspace, manual_approval: true}");
        let found = messages(&format!("{PRIVATE}{endpoint}"), RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("1 waiting for manual approval"));
    }

    #[test]
    fn disabled_with_endpoint_passes() {
        assert!(messages(&format!("{PRIVATE}{ENDPOINT}"), RULE).is_empty());
    }

    #[test]
    fn legacy_flag_without_endpoint_passes() {
        let yaml = PRIVATE.replace(
            "public_network_access: Disabled",
            "allow_public_access_when_behind_vnet: false",
        );
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn unset_access_without_endpoint_passes() {
        let yaml = PRIVATE.replace(", public_network_access: Disabled", "");
        assert!(messages(&yaml, RULE).is_empty());
    }
}
