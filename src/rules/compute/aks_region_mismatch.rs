//! `aks-region-mismatch`: an AKS cluster attached to a private workspace in another region.

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, Region};
use crate::model::{Aks, Workspace};
use crate::rules::{Context, Rule};

fn mismatch(
    aks: &Aks,
    region: &Region,
    workspace: &Workspace,
    workspace_region: &Region,
) -> Finding {
    let name = &aks.name.value;
    let ws = &workspace.name.value;
    Finding::new(
        &RULE,
        Severity::Error,
        (Kind::KubernetesCluster, name),
        region.loc,
        format!("`{}` differs from the workspace", region.key),
        format!(
            "AKS cluster `{name}` is in `{}` but is attached to workspace `{ws}`, which has a \
             private endpoint and is in `{}`; with a workspace private endpoint, Azure ML \
             accepts only AKS clusters in the workspace's region",
            region.key, workspace_region.key
        ),
    )
    .related(
        workspace_region.loc,
        format!("`{ws}` is in `{}`", workspace_region.key),
    )
    .help(format!(
        "create `{name}` in `{}`, in a subnet of a VNet in that region",
        workspace_region.key
    ))
}

pub static RULE: Rule = Rule {
    id: "aks-region-mismatch",
    category: Category::Compute,
    severity: Severity::Error,
    summary: "an AKS cluster attached to a private workspace is in another region",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    let ix = cx.index;
    for (a, aks) in t.kubernetes_clusters.iter().enumerate() {
        let Some(ws) = ix.aks_workspace[a] else {
            continue;
        };
        let (Some(region), Some(workspace_region)) = (&ix.aks_region[a], &ix.workspace_region[ws])
        else {
            continue;
        };

        if region.key == workspace_region.key || !ix.workspace_has_endpoint(t, ws) {
            continue;
        }

        out.push(mismatch(aks, region, &t.workspaces[ws], workspace_region));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const RULE: &str = "aks-region-mismatch";

    const DESIGN: &str = "
region: eastus2
workspaces:
  - {name: mlw, storage_account: st, key_vault: kv}
storage_accounts: [{name: st}]
key_vaults: [{name: kv}]
vnets:
  - {name: vnet, address_space: [10.0.0.0/16], subnets: [{name: pe, address_prefix: 10.0.1.0/24}]}
  - name: vnet-west
    region: westus
    address_space: [10.1.0.0/16]
    subnets: [{name: aks, address_prefix: 10.1.0.0/22}]
kubernetes_clusters:
  - {name: aks-west, subnet: vnet-west/aks, attached_to: mlw}
";

    const ENDPOINT: &str = "
private_endpoints:
  - {name: pe-mlw, subnet: vnet/pe, target: mlw, group: amlworkspace}
";

    #[test]
    fn attached_elsewhere_reported() {
        let found = findings(&format!("{DESIGN}{ENDPOINT}"), RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "aks-west");
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn workspace_without_endpoint_passes() {
        assert!(messages(DESIGN, RULE).is_empty());
    }

    #[test]
    fn unattached_cluster_passes() {
        let yaml = format!("{DESIGN}{ENDPOINT}").replace(", attached_to: mlw", "");
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn explicit_matching_region_passes() {
        let yaml = format!("{DESIGN}{ENDPOINT}")
            .replace("attached_to: mlw", "attached_to: mlw, region: eastus2");
        assert!(messages(&yaml, RULE).is_empty());
    }
}
