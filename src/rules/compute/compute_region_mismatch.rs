//! `compute-region-mismatch`: a compute instance or cluster outside its workspace's region.

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, Region};
use crate::model::{Compute, ComputeKind, Workspace};
use crate::rules::{Context, Rule};

fn mismatch(
    compute: &Compute,
    region: &Region,
    workspace: &Workspace,
    workspace_region: &Region,
    has_endpoint: bool,
) -> Finding {
    let name = &compute.name.value;
    let ws = &workspace.name.value;
    let (noun, why) = match compute.kind.value {
        ComputeKind::Instance => (
            "compute instance",
            "Azure ML cannot create a compute instance in another region than its workspace",
        ),
        ComputeKind::Cluster => (
            "compute cluster",
            "with a workspace private endpoint, compute must be in the workspace's region",
        ),
    };
    let endpoint = if has_endpoint {
        ", which has a private endpoint,"
    } else {
        ""
    };
    let help = match &compute.region {
        Some(_) => format!(
            "set `region: {}` on `{name}` and place it in a subnet of a VNet in that region",
            workspace_region.key
        ),
        None => format!(
            "place `{name}` in a subnet of a VNet in `{}`",
            workspace_region.key
        ),
    };
    Finding::new(
        &RULE,
        Severity::Error,
        (Kind::Compute, name),
        region.loc,
        format!("`{}` differs from the workspace", region.key),
        format!(
            "{noun} `{name}` is in `{}` but its workspace `{ws}`{endpoint} is in `{}`; {why}",
            region.key, workspace_region.key
        ),
    )
    .related(
        workspace_region.loc,
        format!("`{ws}` is in `{}`", workspace_region.key),
    )
    .help(help)
}

pub static RULE: Rule = Rule {
    id: "compute-region-mismatch",
    category: Category::Compute,
    severity: Severity::Error,
    summary: "a compute instance or cluster is outside its workspace's region",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    let ix = cx.index;
    for (c, compute) in t.computes.iter().enumerate() {
        let Some(ws) = ix.compute_workspace[c] else {
            continue;
        };
        let (Some(region), Some(workspace_region)) =
            (&ix.compute_region[c], &ix.workspace_region[ws])
        else {
            continue;
        };

        if region.key == workspace_region.key {
            continue;
        }
        let has_endpoint = ix.workspace_has_endpoint(t, ws);
        if compute.kind.value == ComputeKind::Cluster && !has_endpoint {
            continue;
        }

        let workspace = &t.workspaces[ws];
        out.push(mismatch(
            compute,
            region,
            workspace,
            workspace_region,
            has_endpoint,
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const RULE: &str = "compute-region-mismatch";

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
    subnets: [{name: train, address_prefix: 10.1.1.0/24}]
";

    const ENDPOINT: &str = "
private_endpoints:
  - {name: pe-mlw, subnet: vnet/pe, target: mlw, group: amlworkspace}
";

    #[test]
    fn instance_elsewhere_reported_without_endpoint() {
        let yaml =
            format!("{DESIGN}computes:\n  - {{name: ci, kind: instance, region: West US}}\n");
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "ci");
        assert!(found[0]
            .message
            .contains("compute instance `ci` is in `westus`"));
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn cluster_in_other_vnet_region_reported() {
        let computes = "computes:\n  - {name: cc, kind: cluster, subnet: vnet-west/train}\n";
        let found = findings(&format!("{DESIGN}{ENDPOINT}{computes}"), RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("which has a private endpoint"));
        assert!(found[0].help.contains("`eastus2`"));
    }

    #[test]
    fn cluster_elsewhere_without_endpoint_passes() {
        let computes = "computes:\n  - {name: cc, kind: cluster, subnet: vnet-west/train}\n";
        assert!(messages(&format!("{DESIGN}{computes}"), RULE).is_empty());
    }

    #[test]
    fn same_region_passes() {
        let computes = "computes:\n  - {name: ci, kind: instance, region: East US 2}\n";
        assert!(messages(&format!("{DESIGN}{ENDPOINT}{computes}"), RULE).is_empty());
    }
}
