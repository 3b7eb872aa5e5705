//! `dependency-not-isolated`: a workspace with a private endpoint whose
//! compute or endpoint subnets reach a dependency over its public endpoint.

use crate::finding::{Category, Finding, Severity};
use crate::net::{NeedUsage, Route, SourceUsage};
use crate::rules::reach::{join_labels, path_lines, source_finding};
use crate::rules::{Context, Rule};

fn public_use(cx: &Context, source: &SourceUsage, public: &[&NeedUsage]) -> Finding {
    let workspace = &cx.topology.workspaces[source.workspace].name.value;
    let services = join_labels(public.iter().map(|n| n.need.label.as_str()));
    let message = format!(
        "`{}` ({}) uses {services} of private workspace `{workspace}` over the public endpoint, \
         so that traffic does not stay on the virtual network",
        cx.topology.subnet_display(source.source.subnet),
        source.source.describe(),
    );
    source_finding(
        cx,
        &RULE,
        Severity::Warning,
        source,
        "uses dependencies publicly",
        message,
    )
    .path(path_lines(public))
    .help(
        "add private endpoints for these services with their DNS zones linked to this VNet, \
             and disable their public network access",
    )
}

pub static RULE: Rule = Rule {
    id: "dependency-not-isolated",
    category: Category::Dependency,
    severity: Severity::Warning,
    summary: "a private workspace's subnet uses a dependency over its public endpoint",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for source in cx.net.usage_by_source() {
        if !cx
            .index
            .workspace_has_endpoint(cx.topology, source.workspace)
        {
            continue;
        }
        let public: Vec<&NeedUsage> = source
            .dependencies
            .iter()
            .filter(|n| n.usage.route == Some(Route::Public))
            .collect();
        if public.is_empty() {
            continue;
        }
        out.push(public_use(cx, source, &public));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings;

    const PUBLIC_STORAGE: &str = "
region: eastus2
workspaces: [{name: mlw, storage_account: stml, key_vault: kv-ml}]
storage_accounts: [{name: stml}]
key_vaults: [{name: kv-ml, public_network_access: Disabled}]
vnets:
  - {name: vnet-ml, address_space: [10.1.0.0/16], subnets: [{name: snet-pe, address_prefix: 10.1.1.0/24}]}
private_endpoints:
  - {name: pe-mlw, subnet: vnet-ml/snet-pe, target: mlw, group: amlworkspace,
     dns_zones: [privatelink.api.azureml.ms, privatelink.notebooks.azure.net]}
  - {name: pe-kv, subnet: vnet-ml/snet-pe, target: kv-ml, group: vault, dns_zones: [privatelink.vaultcore.azure.net]}
private_dns_zones:
  - {name: privatelink.api.azureml.ms, vnet_links: [vnet-ml]}
  - {name: privatelink.notebooks.azure.net, vnet_links: [vnet-ml]}
  - {name: privatelink.vaultcore.azure.net, vnet_links: [vnet-ml]}
";

    #[test]
    fn public_storage_reported() {
        let found = findings(PUBLIC_STORAGE, "dependency-not-isolated");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("default storage `stml` (blob)"),
            "{}",
            found[0].message
        );
        assert!(!found[0].message.contains("kv-ml"), "{}", found[0].message);
    }

    #[test]
    fn workspace_without_endpoint_passes() {
        let yaml = PUBLIC_STORAGE.replace(
            "group: amlworkspace",
            "group: amlworkspace, manual_approval: true",
        );
        assert!(findings(&yaml, "dependency-not-isolated").is_empty());
    }
}
