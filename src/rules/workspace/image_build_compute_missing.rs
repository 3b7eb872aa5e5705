//! `image-build-compute-missing`: a private registry or storage with serverless image build.

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, ServiceKind};
use crate::model::{Compute, Workspace};
use crate::rules::workspace::util::{closed_to_internet, uses_managed_network, ClosedBy};
use crate::rules::{Context, Rule};

/// A dependency that serverless image build cannot reach.
struct Closed<'a> {
    kind: ServiceKind,
    name: &'a str,
    by: ClosedBy,
}

/// Describes the closed services, as in "container registry `cr` (`default_action: Deny`)".
fn describe(closed: &[Closed]) -> String {
    let parts: Vec<String> = closed
        .iter()
        .map(|c| format!("{} `{}` ({})", c.kind.kind().noun(), c.name, c.by.setting))
        .collect();
    parts.join(" and ")
}

fn finding(workspace: &Workspace, closed: &[Closed], compute: Option<&Compute>) -> Finding {
    let name = &workspace.name.value;
    let services = describe(closed);
    let verb = if closed.len() == 1 { "is" } else { "are" };
    let (loc, label, problem, help) = match (compute, &workspace.image_build_compute) {
        (Some(c), Some(reference)) => (
            reference.loc,
            "compute has no subnet",
            format!(
                "its `image_build_compute` `{}` is in no subnet",
                c.name.value
            ),
            format!(
                "place compute `{}` in a subnet of the workspace's VNet, or set \
                 `image_build_compute` to a CPU compute cluster that has one",
                c.name.value
            ),
        ),
        _ => (
            workspace.name.loc,
            "no `image_build_compute`",
            "it sets no `image_build_compute`".to_string(),
            format!(
                "set `image_build_compute` on `{name}` to a CPU compute cluster in a subnet of \
                 its VNet"
            ),
        ),
    };
    let mut f = Finding::new(
        &RULE,
        Severity::Error,
        (Kind::Workspace, name),
        loc,
        label,
        format!(
            "workspace `{name}` builds images on serverless compute because {problem}, but \
             {services} {verb} not reachable from the internet; image builds fail \
             (`ImageBuildComputeNotValid`)"
        ),
    )
    .help(help);
    for c in closed {
        f = f.related(c.by.loc, format!("`{}` closed here", c.name));
    }
    f
}

pub static RULE: Rule = Rule {
    id: "image-build-compute-missing",
    category: Category::Workspace,
    severity: Severity::Error,
    summary: "a private registry or storage needs an image build compute in the VNet",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    for (ws, workspace) in t.workspaces.iter().enumerate() {
        if uses_managed_network(workspace) {
            continue;
        }
        let compute = match &workspace.image_build_compute {
            None => None,
            // An unresolved name is an `unknown-reference` finding already.
            Some(_) => match cx.index.workspace_image_compute[ws] {
                None => continue,
                Some(c) if t.computes[c].subnet.is_some() => continue,
                Some(c) => Some(&t.computes[c]),
            },
        };

        let dependencies = [
            (ServiceKind::Registry, cx.index.workspace_registry[ws]),
            (ServiceKind::Storage, cx.index.workspace_storage[ws]),
        ];
        let closed: Vec<Closed> = dependencies
            .into_iter()
            .filter_map(|(kind, i)| {
                let service = &t.services(kind)[i?];
                let by = closed_to_internet(service)?;
                Some(Closed {
                    kind,
                    name: &service.name.value,
                    by,
                })
            })
            .collect();
        if closed.is_empty() {
            continue;
        }

        out.push(finding(workspace, &closed, compute));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const RULE: &str = "image-build-compute-missing";

    const DESIGN: &str = "
region: eastus2
workspaces:
  - name: mlw
    storage_account: st
    key_vault: kv
    container_registry: cr
storage_accounts: [{name: st}]
key_vaults: [{name: kv}]
container_registries: [{name: cr, public_network_access: Disabled}]
vnets:
  - {name: vnet, address_space: [10.0.0.0/16], subnets: [{name: train, address_prefix: 10.0.1.0/24}]}
computes:
  - {name: cpu, kind: cluster, subnet: vnet/train}
  - {name: loose, kind: cluster}
";

    #[test]
    fn private_registry_without_compute_reported() {
        let found = findings(DESIGN, RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("container registry `cr`"));
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn compute_without_subnet_reported() {
        let yaml = DESIGN.replace(
            "    container_registry: cr\n",
            "    container_registry: cr\n    image_build_compute: loose\n",
        );
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("`loose` is in no subnet"));
    }

    #[test]
    fn both_dependencies_named() {
        let yaml = DESIGN.replace(
            "[{name: st}]",
            "[{name: st, network_rules: {default_action: Deny}}]",
        );
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("storage account `st`"));
        assert_eq!(found[0].related.len(), 2);
    }

    #[test]
    fn compute_in_subnet_passes() {
        let yaml = DESIGN.replace(
            "    container_registry: cr\n",
            "    container_registry: cr\n    image_build_compute: cpu\n",
        );
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn public_dependencies_pass() {
        let yaml = DESIGN.replace(", public_network_access: Disabled", "");
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn managed_network_skipped() {
        let yaml = DESIGN.replace(
            "    container_registry: cr\n",
            "    container_registry: cr\n    managed_network: AllowOnlyApprovedOutbound\n",
        );
        assert!(messages(&yaml, RULE).is_empty());
    }
}
