//! `dns-unresolvable`: a source could send packets to a service's private
//! endpoint, but its resolver answers with the public address (which does
//! not admit it) or with nothing.

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, TargetRef};
use crate::model::Group;
use crate::net::{Answer, ClientEntry, NeedUsage, Source, SourceUsage, Usage};
use crate::rules::reach::{join_labels, path_lines, source_finding};
use crate::rules::{Context, Rule};

/// Describes what the resolver answered, for the message.
fn answer_text(cx: &Context, usage: &Usage) -> String {
    match &usage.answer {
        Answer::Public => "the public address".into(),
        Answer::NxDomain(zone) => format!("NXDOMAIN from zone {}", cx.topology.zone_display(*zone)),
        Answer::Failed(reason) => format!("no answer, because {reason}"),
        _ => "an address it cannot use".into(),
    }
}

fn help_for(cx: &Context, vnet: Option<usize>, failed: &[&NeedUsage]) -> String {
    // The fix recorded where resolution went wrong names the VNet whose
    // resolver answered, which is not always the source's own VNet.
    let mut fixes: Vec<&str> = Vec::new();
    for fix in failed.iter().filter_map(|n| n.usage.dns_fix.as_deref()) {
        if !fixes.contains(&fix) {
            fixes.push(fix);
        }
    }
    if !fixes.is_empty() {
        return join_labels(fixes);
    }
    let zones: Vec<String> = failed
        .iter()
        .flat_map(|n| cx.net.zone_names(n.need.target, n.need.group))
        .fold(Vec::new(), |mut acc, z| {
            if !acc.contains(&z) {
                acc.push(z);
            }
            acc
        });
    let where_ = vnet.map_or("the VNet its resolver runs in".to_string(), |v| {
        format!("`{}`", cx.topology.vnets[v].name.value)
    });
    format!(
        "link private DNS zones {} (holding the endpoints' records) to {where_}, or forward those names to \
         Azure DNS (168.63.129.16) from a linked VNet",
        join_labels(zones.iter().map(String::as_str))
    )
}

fn unresolvable(cx: &Context, source: &SourceUsage, failed: &[&NeedUsage]) -> Finding {
    let services: Vec<String> = failed
        .iter()
        .map(|n| format!("{} (answer: {})", n.need.label, answer_text(cx, &n.usage)))
        .collect();
    let message = format!(
        "`{}` ({}) can send packets to private endpoints of {}, but its DNS does not return their private \
         addresses, so connections go to the wrong place or fail",
        cx.topology.subnet_display(source.source.subnet),
        source.source.describe(),
        join_labels(services.iter().map(String::as_str)),
    );
    source_finding(
        cx,
        &RULE,
        Severity::Error,
        source,
        "names do not resolve privately",
        message,
    )
    .path(path_lines(failed))
    .help(help_for(cx, Some(source.source.subnet.vnet), failed))
}

fn client_unresolvable(
    cx: &Context,
    entry: &ClientEntry,
    workspace: usize,
    usage: &Usage,
) -> Finding {
    let name = &cx.topology.workspaces[workspace].name.value;
    let message = format!(
        "{} can send packets to a private endpoint of workspace `{name}`, but its DNS returns {}, \
         so studio and the SDK cannot connect",
        entry.description,
        answer_text(cx, usage),
    );
    let need = NeedUsage {
        need: crate::net::Need {
            target: TargetRef::Workspace(workspace),
            group: Group::AmlWorkspace,
            label: format!("workspace `{name}`"),
        },
        usage: usage.clone(),
    };
    let kind = match entry.source {
        Source::OnPrem(_) => Kind::Gateway,
        Source::Subnet(_) => Kind::VirtualMachine,
    };
    Finding::new(
        &RULE,
        Severity::Error,
        (kind, &entry.name),
        entry.loc,
        "names do not resolve privately",
        message,
    )
    .path(path_lines(&[&need]))
    .help(help_for(
        cx,
        entry
            .source
            .vnet(cx.net)
            .filter(|_| kind == Kind::VirtualMachine),
        &[&need],
    ))
}

pub static RULE: Rule = Rule {
    id: "dns-unresolvable",
    category: Category::Dns,
    severity: Severity::Error,
    summary:
        "a source can reach a private endpoint but its DNS does not return the private address",
    check,
};

/// True when packets could reach an endpoint but the name does not lead there.
fn resolves_wrong(usage: &Usage) -> bool {
    !usage.usable()
        && usage.endpoint_reachable.is_some()
        && matches!(
            usage.answer,
            Answer::Public | Answer::NxDomain(_) | Answer::Failed(_)
        )
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for source in cx.net.usage_by_source() {
        let failed: Vec<&NeedUsage> = source
            .workspace_use
            .iter()
            .chain(&source.dependencies)
            .filter(|n| resolves_wrong(&n.usage))
            .collect();
        if !failed.is_empty() {
            out.push(unresolvable(cx, source, &failed));
        }
    }

    let t = cx.topology;
    let entries = cx.net.client_entries();
    for entry in &entries {
        if let Source::OnPrem(g) = entry.source {
            if !cx.net.onprem_can_resolve(g) {
                continue;
            }
        }
        for w in 0..t.workspaces.len() {
            if !cx.index.workspace_has_endpoint(t, w) {
                continue;
            }
            let usage =
                cx.net
                    .use_service(entry.source, TargetRef::Workspace(w), Group::AmlWorkspace);
            if resolves_wrong(&usage) {
                out.push(client_unresolvable(cx, entry, w, &usage));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings;

    /// The spoke is peered with the hub but no zone is linked to it.
    const SPOKE_WITHOUT_ZONES: &str = "
region: eastus2
workspaces:
  - {name: mlw, storage_account: stml, key_vault: kv-ml, public_network_access: Disabled}
storage_accounts: [{name: stml, public_network_access: Disabled}]
key_vaults: [{name: kv-ml, public_network_access: Disabled}]
vnets:
  - name: vnet-hub
    address_space: [10.0.0.0/16]
    subnets: [{name: snet-pe, address_prefix: 10.0.1.0/24}]
  - name: vnet-spoke
    address_space: [10.1.0.0/16]
    subnets: [{name: snet-train, address_prefix: 10.1.1.0/24}]
peerings:
  - {from: vnet-hub, to: vnet-spoke}
  - {from: vnet-spoke, to: vnet-hub}
computes:
  - {name: cpu-cluster, kind: cluster, subnet: vnet-spoke/snet-train}
private_endpoints:
  - {name: pe-mlw, subnet: vnet-hub/snet-pe, target: mlw, group: amlworkspace,
     dns_zones: [privatelink.api.azureml.ms, privatelink.notebooks.azure.net]}
  - {name: pe-blob, subnet: vnet-hub/snet-pe, target: stml, group: blob, dns_zones: [privatelink.blob.core.windows.net]}
  - {name: pe-file, subnet: vnet-hub/snet-pe, target: stml, group: file, dns_zones: [privatelink.file.core.windows.net]}
  - {name: pe-kv, subnet: vnet-hub/snet-pe, target: kv-ml, group: vault, dns_zones: [privatelink.vaultcore.azure.net]}
private_dns_zones:
  - {name: privatelink.api.azureml.ms, vnet_links: [vnet-hub]}
  - {name: privatelink.notebooks.azure.net, vnet_links: [vnet-hub]}
  - {name: privatelink.blob.core.windows.net, vnet_links: [vnet-hub]}
  - {name: privatelink.file.core.windows.net, vnet_links: [vnet-hub]}
  - {name: privatelink.vaultcore.azure.net, vnet_links: [vnet-hub]}
";

    #[test]
    fn unlinked_spoke_reported_once() {
        let found = findings(SPOKE_WITHOUT_ZONES, "dns-unresolvable");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "vnet-spoke/snet-train");
        assert_eq!(found[0].path.len(), 4, "workspace, blob, file and vault");
        assert!(
            found[0].help.contains("privatelink.blob.core.windows.net"),
            "{}",
            found[0].help
        );
    }

    #[test]
    fn linked_spoke_passes() {
        let yaml = SPOKE_WITHOUT_ZONES.replace(
            "vnet_links: [vnet-hub]",
            "vnet_links: [vnet-hub, vnet-spoke]",
        );
        assert!(findings(&yaml, "dns-unresolvable").is_empty());
    }

    #[test]
    fn firewall_without_dns_proxy_names_fix() {
        let yaml = SPOKE_WITHOUT_ZONES
            .replace(
                "    subnets: [{name: snet-pe, address_prefix: 10.0.1.0/24}]",
                "    subnets: [{name: snet-pe, address_prefix: 10.0.1.0/24}, {name: AzureFirewallSubnet, address_prefix: 10.0.2.0/26}]",
            )
            .replace(
                "  - name: vnet-spoke\n    address_space: [10.1.0.0/16]",
                "  - name: vnet-spoke\n    address_space: [10.1.0.0/16]\n    dns_servers: [10.0.2.4]",
            )
            + "firewalls: [{name: afw-hub, subnet: vnet-hub/AzureFirewallSubnet, private_ip: 10.0.2.4}]\n";
        let found = findings(&yaml, "dns-unresolvable");
        assert_eq!(
            found.len(),
            1,
            "{:?}",
            found.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
        assert_eq!(found[0].help, "set `dns_proxy: true` on firewall `afw-hub`");
        assert!(!found[0].message.contains("(("), "{}", found[0].message);

        // With the proxy on, the hub's resolver answers: the fix is a link to the hub, not the spoke.
        let proxied = yaml.replace(
            "private_ip: 10.0.2.4}",
            "private_ip: 10.0.2.4, dns_proxy: true}",
        );
        let proxied = proxied.replace(
            "{name: privatelink.blob.core.windows.net, vnet_links: [vnet-hub]}",
            "{name: privatelink.blob.core.windows.net, vnet_links: [vnet-spoke]}",
        );
        let found = findings(&proxied, "dns-unresolvable");
        assert!(
            found.iter().any(|f| f
                .help
                .contains("link private DNS zone privatelink.blob.core.windows.net to `vnet-hub`")),
            "{:?}",
            found.iter().map(|f| &f.help).collect::<Vec<_>>()
        );
    }

    #[test]
    fn zone_without_record_gives_nxdomain() {
        let yaml = SPOKE_WITHOUT_ZONES
            .replace(
                "vnet_links: [vnet-hub]",
                "vnet_links: [vnet-hub, vnet-spoke]",
            )
            .replace(
                "dns_zones: [privatelink.blob.core.windows.net]",
                "dns_zones: []",
            );
        let found = findings(&yaml, "dns-unresolvable");
        let subnets: Vec<&str> = found.iter().map(|f| f.resource.name.as_str()).collect();
        // Findings come in file order: the compute is declared before the endpoints.
        assert_eq!(subnets, ["vnet-spoke/snet-train", "vnet-hub/snet-pe"]);
        assert!(
            found[0].message.contains("NXDOMAIN"),
            "{}",
            found[0].message
        );
    }
}
