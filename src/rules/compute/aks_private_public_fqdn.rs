//! `aks-private-public-fqdn`: a private AKS cluster with a public FQDN attached to a workspace.

use crate::finding::{Category, Finding, Severity};
use crate::model::index::Kind;
use crate::model::{Aks, Sp};
use crate::rules::{Context, Rule};

fn public_fqdn(aks: &Aks, private: &Sp<bool>, fqdn: &Sp<bool>, workspace: &Sp<String>) -> Finding {
    let name = &aks.name.value;
    Finding::new(
        &RULE,
        Severity::Error,
        (Kind::KubernetesCluster, name),
        fqdn.loc,
        "public FQDN on a private cluster",
        format!(
            "AKS cluster `{name}` is a private cluster with a public FQDN and is attached to \
             workspace `{}`; Azure ML cannot attach a private AKS cluster that has a public FQDN",
            workspace.value
        ),
    )
    .related(private.loc, "private cluster")
    .related(workspace.loc, "attached here")
    .help(format!("set `public_fqdn: false` on `{name}`"))
}

pub static RULE: Rule = Rule {
    id: "aks-private-public-fqdn",
    category: Category::Compute,
    severity: Severity::Error,
    summary: "a private AKS cluster with a public FQDN is attached to a workspace",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (a, aks) in cx.topology.kubernetes_clusters.iter().enumerate() {
        let (Some(private), Some(fqdn), Some(workspace)) =
            (&aks.private_cluster, &aks.public_fqdn, &aks.attached_to)
        else {
            continue;
        };
        // An unresolved workspace name is an `unknown-reference` finding already.
        if !private.value || !fqdn.value || cx.index.aks_workspace[a].is_none() {
            continue;
        }

        out.push(public_fqdn(aks, private, fqdn, workspace));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const RULE: &str = "aks-private-public-fqdn";

    fn design(aks: &str) -> String {
        format!(
            "
region: eastus2
workspaces:
  - {{name: mlw, storage_account: st, key_vault: kv}}
storage_accounts: [{{name: st}}]
key_vaults: [{{name: kv}}]
vnets:
  - {{name: vnet, address_space: [10.0.0.0/16], subnets: [{{name: aks, address_prefix: 10.0.4.0/22}}]}}
kubernetes_clusters:
  - {{name: k, subnet: vnet/aks{aks}}}
"
        )
    }

    #[test]
    fn attached_private_public_fqdn_reported() {
        let yaml = design(", attached_to: mlw, private_cluster: true, public_fqdn: true");
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "k");
        assert_eq!(found[0].related.len(), 2);
    }

    #[test]
    fn private_without_public_fqdn_passes() {
        let yaml = design(", attached_to: mlw, private_cluster: true, public_fqdn: false");
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn unattached_cluster_passes() {
        let yaml = design(", private_cluster: true, public_fqdn: true");
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn public_cluster_passes() {
        let yaml = design(", attached_to: mlw, public_fqdn: true");
        assert!(messages(&yaml, RULE).is_empty());
    }
}
