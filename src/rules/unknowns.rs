//! Findings that depend on values unknown until deployment become `info`.
//!
//! Two kinds of dependence are found. A finding that names an unknown value
//! (a region that is `resourceGroup().location` compared with a written
//! one) carries the value's mark in its text. A finding about the network as
//! a whole (reachability, name resolution, peering) depends on every unknown
//! that can change a path: an endpoint's subnet, a zone link, a DNS server.
//! Either way the finding stays, as `info`, and names the value it waits for: an
//! unknown value never passes or fails a design on its own.

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{host_key, HostKey, Kind};
use crate::model::unknown::{describe, is_unknown, Unknown};
use crate::model::{NextHop, Topology};

/// Rules whose result follows packets or names through the whole design.
const NETWORK_RULES: &[&str] = &[
    "peering-one-way",
    "remote-gateway-invalid",
    "vnet-address-overlap",
    "pe-dns-zone-missing",
    "pe-dns-record-conflict",
    "workspace-unreachable",
    "public-access-private-data",
    "image-build-compute-missing",
    "compute-workspace-unreachable",
];

fn follows_network(f: &Finding) -> bool {
    matches!(
        f.category,
        Category::Dependency | Category::Dns | Category::Access
    ) || NETWORK_RULES.contains(&f.rule)
}

/// Softens the findings that depend on unknown values, and removes the marks
/// of unknown values from every finding's text.
pub fn soften(topology: &Topology, findings: &mut [Finding]) {
    let network = network_unknown(topology);
    let names = unknown_names(topology);
    for f in findings.iter_mut() {
        let named = mentions_unknown(f, &names);
        clean(f);
        if f.severity == Severity::Info {
            continue;
        }
        let cause = if named {
            Some("a value that only deployment decides".to_string())
        } else if f.rule == "workspace-unreachable" {
            // Only an endpoint that might connect to the workspace, or the
            // workspace's own access, can change this result.
            topology
                .unknowns
                .iter()
                .find(|u| {
                    u.kind == Kind::PrivateEndpoint
                        || (u.kind == Kind::Workspace
                            && u.resource == f.resource.name
                            && u.field.contains("public"))
                })
                .map(what)
        } else if follows_network(f) {
            network.map(what)
        } else {
            None
        };
        if let Some(cause) = cause {
            f.severity = Severity::Info;
            f.message = format!("{}; this depends on {cause}", f.message);
            let note = "vnetlint reports this as info until the value is known";
            f.help = if f.help.is_empty() {
                note.to_string()
            } else {
                format!("{}; {note}", f.help)
            };
        }
    }
}

fn what(u: &Unknown) -> String {
    format!("{}, which only deployment decides", u.subject())
}

/// Returns true when a finding's text contains an unknown value other than a
/// name. A name that deployment decides, such as a storage account named
/// with `uniqueString`, still identifies one resource: a finding about that
/// resource is as certain as if the name were written.
fn mentions_unknown(f: &Finding, names: &[String]) -> bool {
    let contains_unknown = |text: &str| {
        if !is_unknown(text) {
            return false;
        }
        let mut rest = text.to_string();
        for name in names {
            rest = rest.replace(name.as_str(), "");
        }
        is_unknown(&rest)
    };
    contains_unknown(&f.message)
        || contains_unknown(&f.primary.text)
        || f.related.iter().any(|l| contains_unknown(&l.text))
        || f.path.iter().any(|p| contains_unknown(p))
}

/// Returns the names that are unknown values, longest first, so that a name
/// that contains another is removed whole.
fn unknown_names(t: &Topology) -> Vec<String> {
    let services = t
        .storage_accounts
        .iter()
        .chain(&t.key_vaults)
        .chain(&t.container_registries)
        .map(|s| &s.name);
    let mut names: Vec<String> = t
        .workspaces
        .iter()
        .map(|w| &w.name)
        .chain(services)
        .chain(t.vnets.iter().map(|v| &v.name))
        .chain(
            t.vnets
                .iter()
                .flat_map(|v| v.subnets.iter().map(|s| &s.name)),
        )
        .chain(t.private_endpoints.iter().map(|p| &p.name))
        .chain(t.private_dns_zones.iter().map(|z| &z.name))
        .chain(t.computes.iter().map(|c| &c.name))
        .chain(t.kubernetes_clusters.iter().map(|a| &a.name))
        .chain(t.synapse_workspaces.iter().map(|s| &s.name))
        .map(|n| n.value.clone())
        .filter(|n| is_unknown(n))
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    names
}

fn clean(f: &mut Finding) {
    for text in [
        &mut f.message,
        &mut f.help,
        &mut f.primary.text,
        &mut f.resource.name,
    ]
    .into_iter()
    .chain(f.related.iter_mut().map(|l| &mut l.text))
    .chain(f.path.iter_mut())
    {
        if is_unknown(text) {
            *text = describe(text);
        }
    }
}

/// Returns the first unknown value that can change a path through the network.
///
/// An unknown host address (a firewall's or resolver's private IP) changes a
/// path only when some DNS server or route names an address that no known
/// host has. When every address a path uses belongs to a known host, the
/// unknown one is irrelevant. Every other unknown value (an endpoint's subnet,
/// a zone link, a peering's VNet) can change a path.
fn network_unknown(t: &Topology) -> Option<&Unknown> {
    let host_address = |u: &&Unknown| matches!(u.field.as_str(), "private_ip" | "inbound_ip");
    // A name that deployment decides still identifies one resource, and a
    // region changes no path: neither can change a reachability result.
    let other = t
        .unknowns
        .iter()
        .find(|u| !matches!(u.field.as_str(), "region" | "name") && !host_address(u));
    if other.is_some() {
        return other;
    }
    let unknown_host = t.unknowns.iter().find(host_address)?;
    open_address(t).then_some(unknown_host)
}

/// Returns true when a DNS server or a route's appliance is an IP address that
/// no host with a known address has.
fn open_address(t: &Topology) -> bool {
    let mut known = std::collections::HashSet::new();
    let hosts = t
        .firewalls
        .iter()
        .map(|f| Some(&f.private_ip))
        .chain(t.dns_resolvers.iter().map(|r| Some(&r.inbound_ip)))
        .chain(t.virtual_machines.iter().map(|v| v.private_ip.as_ref()));
    for ip in hosts.flatten() {
        if let Some(key @ HostKey::Ip(_)) = host_key(&ip.value) {
            known.insert(key);
        }
    }
    let open = |text: &str| match host_key(text) {
        Some(key @ HostKey::Ip(_)) => !known.contains(&key),
        _ => false,
    };
    let servers = t.vnets.iter().flat_map(|v| &v.dns_servers);
    let appliances = t
        .vnets
        .iter()
        .flat_map(|v| &v.subnets)
        .flat_map(|s| &s.route_table)
        .filter_map(|r| match &r.next_hop.value {
            NextHop::VirtualAppliance(target) => Some(target),
            _ => None,
        });
    servers
        .map(|s| s.value.as_str())
        .chain(appliances.map(String::as_str))
        .any(|text| open(text) && !crate::rules::dns::util::is_azure_dns(text))
}

#[cfg(test)]
mod tests {
    use crate::engine::{check_loaded, Settings};
    use crate::finding::{Finding, Severity};
    use crate::load::{load_text, Budgets, ImportSettings};
    use crate::model::index::Kind;
    use crate::model::unknown::{symbol, Unknown};
    use crate::source::Loc;

    const BASE: &str = include_str!("../../fixtures/article-private-workspace.yaml");

    /// Checks `yaml` after marking the listed (kind, resource, field) values unknown.
    fn check(yaml: &str, unknowns: &[(Kind, &str, &str)]) -> Vec<Finding> {
        let mut loaded = load_text(
            "test.yaml",
            yaml,
            &Budgets::default(),
            &ImportSettings::default(),
        )
        .expect("test topology loads");
        for (kind, resource, field) in unknowns {
            loaded.topology.unknowns.push(Unknown {
                kind: *kind,
                resource: resource.to_string(),
                field: field.to_string(),
                loc: Loc::default(),
                reason: "known only after apply".into(),
            });
        }
        check_loaded(loaded, &Settings::default()).findings
    }

    fn quoted(s: &str) -> String {
        format!("\"{}\"", symbol(s).replace('\u{1}', "\\x01"))
    }

    #[test]
    fn endpoint_subnet_unknown_softens_reachability() {
        let yaml = BASE.replace(
            "{name: pe-blob, subnet: vnet-ml/snet-pe,",
            &format!(
                "{{name: pe-blob, subnet: {},",
                quoted("azurerm_subnet.pe.id")
            ),
        );
        let findings = check(&yaml, &[(Kind::PrivateEndpoint, "pe-blob", "subnet")]);
        assert!(
            findings.iter().all(|f| f.severity == Severity::Info),
            "{findings:#?}"
        );
        assert!(findings.iter().any(|f| f.rule == "unknown-value"));
        let blob = findings
            .iter()
            .find(|f| f.rule == "dependency-unreachable")
            .expect("the blob path is reported");
        assert!(blob
            .message
            .contains("the subnet of private endpoint `pe-blob`"));
        assert!(!findings.iter().any(|f| f.rule == "unknown-reference"));
    }

    #[test]
    fn without_unknowns_the_same_design_fails() {
        let yaml = BASE.replace(
            "subnet: vnet-ml/snet-pe, target: stmlprivate, group: blob",
            "subnet: vnet-ml/nowhere, target: stmlprivate, group: blob",
        );
        let findings = check(&yaml, &[]);
        assert!(findings.iter().any(|f| f.severity == Severity::Error));
    }

    #[test]
    fn unknown_name_keeps_errors() {
        // A name that deployment decides still names one resource, so it
        // changes no path and the network errors stay errors.
        let yaml = BASE.replace(
            "subnet: vnet-ml/snet-pe, target: stmlprivate, group: blob",
            "subnet: vnet-ml/snet-training, target: stmlprivate, group: blob, manual_approval: true",
        );
        let findings = check(&yaml, &[(Kind::StorageAccount, "stmlprivate", "name")]);
        assert!(
            findings.iter().any(|f| f.severity == Severity::Error),
            "{findings:#?}"
        );
        let findings = check(&yaml, &[(Kind::PrivateEndpoint, "pe-file", "subnet")]);
        assert!(
            findings.iter().all(|f| f.severity == Severity::Info),
            "{findings:#?}"
        );
    }

    #[test]
    fn shared_unknown_region_matches() {
        let rg = quoted("resourceGroup().location");
        let yaml = BASE.replace("region: eastus2", &format!("region: {rg}"));
        let findings = check(&yaml, &[(Kind::Vnet, "vnet-ml", "region")]);
        let rules: Vec<&str> = findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["unknown-value"], "{findings:#?}");
    }

    #[test]
    fn unknown_region_mismatch_is_info() {
        let rg = quoted("resourceGroup().location");
        let yaml = BASE.replace(
            "{name: ci-analyst, kind: instance,",
            &format!("{{name: ci-analyst, kind: instance, region: {rg},"),
        );
        let findings = check(&yaml, &[(Kind::Compute, "ci-analyst", "region")]);
        let mismatch = findings
            .iter()
            .find(|f| f.rule == "compute-region-mismatch")
            .expect("the comparison is reported");
        assert_eq!(mismatch.severity, Severity::Info);
        assert!(!mismatch.message.contains('\u{1}'));
        assert!(mismatch.message.contains("resourcegroup().location"));
    }

    #[test]
    fn dns_server_matches_unknown_address() {
        let ip = quoted("azurerm_firewall.hub.ip_configuration[0].private_ip_address");
        let yaml = format!(
            "{BASE}\nfirewalls:\n  - {{name: afw, subnet: vnet-ml/AzureFirewallSubnet, private_ip: {ip}, dns_proxy: true}}\n"
        )
        .replace(
            "      - {name: AzureBastionSubnet,",
            "      - {name: AzureFirewallSubnet, address_prefix: 10.0.254.0/26}\n      - {name: AzureBastionSubnet,",
        )
        .replace("    address_space: [10.0.0.0/16]\n", &format!("    address_space: [10.0.0.0/16]\n    dns_servers: [{ip}]\n"));
        let findings = check(&yaml, &[(Kind::Firewall, "afw", "private_ip")]);
        let rules: Vec<&str> = findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["unknown-value"], "{findings:#?}");
    }

    #[test]
    fn unknown_host_address_needs_open_address() {
        // The VNet names a known address that no host has, so the unknown
        // firewall address could be it: the DNS findings are softened.
        let ip = quoted("azurerm_firewall.hub.ip_configuration[0].private_ip_address");
        let yaml = format!(
            "{BASE}\nfirewalls:\n  - {{name: afw, subnet: vnet-ml/AzureFirewallSubnet, private_ip: {ip}}}\n"
        )
        .replace(
            "      - {name: AzureBastionSubnet,",
            "      - {name: AzureFirewallSubnet, address_prefix: 10.0.254.0/26}\n      - {name: AzureBastionSubnet,",
        );
        let findings = check(&yaml, &[(Kind::Firewall, "afw", "private_ip")]);
        let rules: Vec<&str> = findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["unknown-value"], "{findings:#?}");
        let unknown_dns = yaml.replace(
            "    address_space: [10.0.0.0/16]\n",
            "    address_space: [10.0.0.0/16]\n    dns_servers: [10.0.254.4]\n",
        );
        let findings = check(&unknown_dns, &[(Kind::Firewall, "afw", "private_ip")]);
        assert!(
            findings.iter().all(|f| f.severity == Severity::Info),
            "{findings:#?}"
        );
        assert!(findings
            .iter()
            .any(|f| f.rule == "dns-unresolvable" || f.rule == "custom-dns-unverifiable"));
    }
}
