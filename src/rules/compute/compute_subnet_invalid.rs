//! `compute-subnet-invalid`: a compute or AKS node pool in a subnet Azure does not accept.

use crate::azure::is_reserved_subnet;
use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, SubnetId};
use crate::model::{ComputeKind, Sp, Workspace};
use crate::rules::workspace::util::uses_managed_network;
use crate::rules::{Context, Rule};
use crate::source::Loc;

/// One reason the subnet cannot take the compute.
struct Problem {
    loc: Loc,
    label: String,
    reason: String,
    help: String,
    related: Option<(Loc, String)>,
}

/// The compute or AKS cluster being checked.
struct Placement<'a> {
    kind: Kind,
    noun: &'static str,
    name: &'a str,
    subnet: SubnetId,
    reference: &'a Sp<String>,
    region: Option<&'a Sp<String>>,
    workspace: Option<usize>,
}

fn delegated(cx: &Context, p: &Placement) -> Option<Problem> {
    let subnet = &cx.topology.vnets[p.subnet.vnet].subnets[p.subnet.subnet];
    let delegation = subnet.delegation.as_ref()?;
    Some(Problem {
        loc: p.reference.loc,
        label: "delegated subnet".into(),
        reason: format!("the subnet is delegated to `{}`", delegation.value),
        help: format!("place `{}` in a subnet without a delegation", p.name),
        related: Some((delegation.loc, "delegated here".into())),
    })
}

fn reserved(cx: &Context, p: &Placement) -> Option<Problem> {
    let subnet = &cx.topology.vnets[p.subnet.vnet].subnets[p.subnet.subnet];
    if !is_reserved_subnet(&subnet.name.value) {
        return None;
    }
    Some(Problem {
        loc: p.reference.loc,
        label: "reserved subnet".into(),
        reason: format!(
            "`{}` is reserved for its own Azure service",
            subnet.name.value
        ),
        help: format!("place `{}` in a subnet of its own", p.name),
        related: None,
    })
}

fn other_region(cx: &Context, p: &Placement) -> Option<Problem> {
    let region = p.region?;
    let vnet_region = cx.index.vnet_region[p.subnet.vnet].as_ref()?;
    let key = crate::model::index::normalize_region(&region.value);
    if key == vnet_region.key {
        return None;
    }
    let vnet = &cx.topology.vnets[p.subnet.vnet].name.value;
    Some(Problem {
        loc: region.loc,
        label: format!("VNet `{vnet}` is in `{}`", vnet_region.key),
        reason: format!(
            "its region `{key}` differs from the region `{}` of VNet `{vnet}`",
            vnet_region.key
        ),
        help: format!(
            "set the region of `{}` to `{}`, or use a subnet of a VNet in `{key}`",
            p.name, vnet_region.key
        ),
        related: Some((
            vnet_region.loc,
            format!("`{vnet}` is in `{}`", vnet_region.key),
        )),
    })
}

fn other_subscription(cx: &Context, p: &Placement) -> Option<Problem> {
    let workspace = &cx.topology.workspaces[p.workspace?];
    let vnet = &cx.topology.vnets[p.subnet.vnet];
    let vnet_subscription = vnet.subscription.as_ref()?;
    let subscription = workspace.subscription.as_ref()?;
    if vnet_subscription
        .value
        .trim()
        .eq_ignore_ascii_case(subscription.value.trim())
    {
        return None;
    }
    Some(Problem {
        loc: p.reference.loc,
        label: "VNet in another subscription".into(),
        reason: format!(
            "VNet `{}` is in subscription `{}` but workspace `{}` is in `{}`",
            vnet.name.value, vnet_subscription.value, workspace.name.value, subscription.value
        ),
        help: format!(
            "place `{}` in a VNet of subscription `{}`",
            p.name, subscription.value
        ),
        related: Some((vnet_subscription.loc, "VNet subscription".into())),
    })
}

fn managed(workspace: &Workspace, p: &Placement) -> Option<Problem> {
    let mode = workspace.managed_network.as_ref()?;
    if !uses_managed_network(workspace) {
        return None;
    }
    Some(Problem {
        loc: p.reference.loc,
        label: "managed network".into(),
        reason: format!(
            "workspace `{}` uses a managed network (`managed_network: {}`), which places its \
             computes itself",
            workspace.name.value, mode.value
        ),
        help: format!(
            "remove `subnet` from `{}`, or set `managed_network: Disabled` on `{}`",
            p.name, workspace.name.value
        ),
        related: Some((mode.loc, "managed network".into())),
    })
}

fn invalid(cx: &Context, p: &Placement, problems: Vec<Problem>) -> Option<Finding> {
    let mut problems = problems.into_iter();
    let first = problems.next()?;
    let rest: Vec<Problem> = problems.collect();
    let mut reasons = vec![first.reason];
    reasons.extend(rest.iter().map(|r| r.reason.clone()));

    let mut f = Finding::new(
        &RULE,
        Severity::Error,
        (p.kind, p.name),
        first.loc,
        first.label,
        format!(
            "{} `{}` cannot be deployed in subnet `{}` because {}; Azure rejects the deployment",
            p.noun,
            p.name,
            cx.topology.subnet_display(p.subnet),
            reasons.join(", and ")
        ),
    )
    .help(first.help);
    if let Some((loc, text)) = first.related {
        f = f.related(loc, text);
    }
    for problem in rest {
        f = f.related(problem.loc, problem.label);
        if let Some((loc, text)) = problem.related {
            f = f.related(loc, text);
        }
    }
    Some(f)
}

/// Collects the problems shared by computes and AKS node pools.
fn subnet_problems(cx: &Context, p: &Placement) -> Vec<Problem> {
    [
        delegated(cx, p),
        reserved(cx, p),
        other_region(cx, p),
        other_subscription(cx, p),
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub static RULE: Rule = Rule {
    id: "compute-subnet-invalid",
    category: Category::Compute,
    severity: Severity::Error,
    summary: "a compute or AKS node pool is in a subnet Azure does not accept",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    for (c, compute) in t.computes.iter().enumerate() {
        let (Some(subnet), Some(reference)) = (cx.index.compute_subnet[c], &compute.subnet) else {
            continue;
        };
        let placement = Placement {
            kind: Kind::Compute,
            noun: match compute.kind.value {
                ComputeKind::Instance => "compute instance",
                ComputeKind::Cluster => "compute cluster",
            },
            name: &compute.name.value,
            subnet,
            reference,
            region: compute.region.as_ref(),
            workspace: cx.index.compute_workspace[c],
        };

        let workspace = placement.workspace.map(|ws| &t.workspaces[ws]);
        let mut problems: Vec<Problem> = workspace
            .and_then(|w| managed(w, &placement))
            .into_iter()
            .collect();
        problems.extend(subnet_problems(cx, &placement));

        out.extend(invalid(cx, &placement, problems));
    }

    for (a, aks) in t.kubernetes_clusters.iter().enumerate() {
        let Some(subnet) = cx.index.aks_subnet[a] else {
            continue;
        };
        let placement = Placement {
            kind: Kind::KubernetesCluster,
            noun: "AKS cluster",
            name: &aks.name.value,
            subnet,
            reference: &aks.subnet,
            region: aks.region.as_ref(),
            workspace: cx.index.aks_workspace[a],
        };

        let problems = subnet_problems(cx, &placement);

        out.extend(invalid(cx, &placement, problems));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const RULE: &str = "compute-subnet-invalid";

    fn design(workspace: &str, vnet: &str, subnets: &str, computes: &str) -> String {
        format!(
            "
region: eastus2
subscription: sub-ml
workspaces:
  - {{name: mlw, storage_account: st, key_vault: kv{workspace}}}
storage_accounts: [{{name: st}}]
key_vaults: [{{name: kv}}]
vnets:
  - name: vnet
    address_space: [10.0.0.0/16]{vnet}
    subnets:
      - {{name: train, address_prefix: 10.0.1.0/24}}
      - {{name: aks, address_prefix: 10.0.4.0/22}}{subnets}
{computes}"
        )
    }

    const CLUSTER: &str = "computes:\n  - {name: cc, kind: cluster, subnet: vnet/train}\n";

    #[test]
    fn plain_subnet_passes() {
        let aks = "kubernetes_clusters:\n  - {name: k, subnet: vnet/aks, attached_to: mlw}\n";
        let yaml = design("", "", "", &format!("{CLUSTER}{aks}"));
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn delegated_subnet_reported() {
        let subnets = "\n      - {name: web, address_prefix: 10.0.2.0/24, delegation: Microsoft.Web/serverFarms}";
        let computes = "computes:\n  - {name: cc, kind: cluster, subnet: vnet/web}\n";
        let found = findings(&design("", "", subnets, computes), RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "cc");
        assert!(found[0]
            .message
            .contains("delegated to `Microsoft.Web/serverFarms`"));
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn reserved_subnet_reported_for_aks() {
        let subnets = "\n      - {name: AzureBastionSubnet, address_prefix: 10.0.3.0/26}";
        let aks = "kubernetes_clusters:\n  - {name: k, subnet: vnet/AzureBastionSubnet}\n";
        let found = findings(&design("", "", subnets, aks), RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "k");
        assert!(found[0].message.contains("reserved"));
    }

    #[test]
    fn explicit_region_differing_from_vnet_reported() {
        let computes =
            "computes:\n  - {name: cc, kind: cluster, subnet: vnet/train, region: westus}\n";
        let found = findings(&design("", "", "", computes), RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("`westus` differs"));
    }

    #[test]
    fn vnet_in_other_subscription_reported() {
        let found = findings(
            &design("", "\n    subscription: sub-net", "", CLUSTER),
            RULE,
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("subscription `sub-net`"));
    }

    #[test]
    fn managed_network_with_subnet_reported() {
        let yaml = design(", managed_network: AllowInternetOutbound", "", "", CLUSTER);
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("managed network"));
    }

    #[test]
    fn several_problems_reported_once() {
        let yaml = design(
            ", managed_network: AllowInternetOutbound",
            "\n    subscription: sub-net",
            "",
            CLUSTER,
        );
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains(", and "));
    }

    #[test]
    fn managed_network_without_subnet_passes() {
        let computes = "computes:\n  - {name: cc, kind: cluster}\n";
        let yaml = design(
            ", managed_network: AllowOnlyApprovedOutbound",
            "",
            "",
            computes,
        );
        assert!(messages(&yaml, RULE).is_empty());
    }
}
