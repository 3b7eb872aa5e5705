//! `pe-dns-zone-missing`: a private endpoint whose private DNS zone group
//! lacks a zone that its sub-resource needs.

use super::util::{entry_zone_name, join_names, needed_zones};
use crate::finding::{Category, Finding, Severity};
use crate::model::index::Kind;
use crate::model::PrivateEndpoint;
use crate::rules::{Context, Rule};

fn zones_missing(pe: &PrivateEndpoint, missing: &[String]) -> Finding {
    let zones = join_names(missing);
    let (noun, that) = if missing.len() == 1 {
        ("zone", "that zone")
    } else {
        ("zones", "those zones")
    };
    Finding::new(
        &RULE,
        Severity::Warning,
        (Kind::PrivateEndpoint, &pe.name.value),
        pe.name.loc,
        format!("no {noun} {zones}"),
        format!(
            "private endpoint `{}` (group `{}`) has no DNS zone group entry for {zones}, \
             so Azure writes no A record for it there and clients that rely on {that} \
             resolve `{}` to its public address",
            pe.name.value, pe.group.value, pe.target.value
        ),
    )
    .help(format!(
        "add {zones} to `dns_zones` of `{}`, and link the {noun} to the VNets whose \
         clients use `{}`",
        pe.name.value, pe.target.value
    ))
}

pub static RULE: Rule = Rule {
    id: "pe-dns-zone-missing",
    category: Category::PrivateEndpoint,
    severity: Severity::Warning,
    summary: "a private endpoint has no DNS zone group entry for a zone its sub-resource needs",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    for (i, pe) in t.private_endpoints.iter().enumerate() {
        let Some(needed) = needed_zones(cx, i) else {
            continue;
        };

        // An entry that does not resolve is reported by `unknown-reference`.
        // Its written name still counts here, so one typo gives one finding.
        let present: Vec<String> = pe
            .dns_zones
            .iter()
            .zip(&cx.index.endpoint_zones[i])
            .map(|(entry, zone)| match zone {
                Some(z) => t.private_dns_zones[*z].name.value.to_lowercase(),
                None => entry_zone_name(&entry.value).to_lowercase(),
            })
            .collect();
        let missing: Vec<String> = needed
            .into_iter()
            .filter(|zone| !present.contains(&zone.to_lowercase()))
            .collect();

        if !missing.is_empty() {
            out.push(zones_missing(pe, &missing));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const WORKSPACE: &str = "
region: eastus2
workspaces: [{name: mlw, storage_account: st, key_vault: kv}]
storage_accounts: [{name: st}]
key_vaults: [{name: kv}]
vnets:
  - {name: v, address_space: [10.0.0.0/16], subnets: [{name: snet-pe, address_prefix: 10.0.1.0/24}]}
private_dns_zones:
  - {name: privatelink.api.azureml.ms, vnet_links: [v]}
  - {name: privatelink.notebooks.azure.net, vnet_links: [v]}
private_endpoints:
  - {name: pe-mlw, subnet: v/snet-pe, target: mlw, group: amlworkspace,
     dns_zones: [privatelink.api.azureml.ms]}
";

    #[test]
    fn workspace_missing_notebooks_zone() {
        let found = findings(WORKSPACE, "pe-dns-zone-missing");
        assert_eq!(found.len(), 1);
        assert!(found[0]
            .message
            .contains("`privatelink.notebooks.azure.net`"));
        assert!(!found[0].message.contains("`privatelink.api.azureml.ms`"));
    }

    #[test]
    fn workspace_with_both_zones_passes() {
        let yaml = WORKSPACE.replace(
            "dns_zones: [privatelink.api.azureml.ms]",
            "dns_zones: [PrivateLink.API.azureml.ms, privatelink.notebooks.azure.net]",
        );
        assert!(messages(&yaml, "pe-dns-zone-missing").is_empty());
    }

    #[test]
    fn endpoint_without_zones_names_each_zone() {
        let yaml = WORKSPACE.replace(",\n     dns_zones: [privatelink.api.azureml.ms]", "");
        let found = findings(&yaml, "pe-dns-zone-missing");
        assert_eq!(found.len(), 1);
        assert!(found[0]
            .message
            .contains("`privatelink.api.azureml.ms` and `privatelink.notebooks.azure.net`"));
    }

    #[test]
    fn aks_zone_uses_cluster_region() {
        let yaml = "
region: westeurope
vnets:
  - {name: v, address_space: [10.0.0.0/16], subnets: [{name: snet-aks, address_prefix: 10.0.0.0/22}]}
kubernetes_clusters: [{name: aks-ml, region: northeurope, subnet: v/snet-aks, private_cluster: true}]
private_endpoints:
  - {name: pe-aks, subnet: v/snet-aks, target: aks-ml, group: management}
";
        let found = findings(yaml, "pe-dns-zone-missing");
        assert_eq!(found.len(), 1);
        assert!(found[0]
            .message
            .contains("`privatelink.northeurope.azmk8s.io`"));
    }

    #[test]
    fn unresolved_entry_is_not_reported_again() {
        let yaml = WORKSPACE.replace(
            "dns_zones: [privatelink.api.azureml.ms]",
            "dns_zones: [privatelink.api.azureml.ms, rg-x/privatelink.notebooks.azure.net]",
        );
        assert!(messages(&yaml, "pe-dns-zone-missing").is_empty());
    }

    #[test]
    fn target_of_other_kind_is_skipped() {
        let yaml =
            format!("{WORKSPACE}  - {{name: pe-x, subnet: v/snet-pe, target: kv, group: blob}}\n");
        let found = findings(&yaml, "pe-dns-zone-missing");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "pe-mlw");
    }
}
