//! `unknown-reference`: a reference names nothing of the expected kind.
//!
//! The index records every reference it could not resolve, so this rule only
//! reports them. A private endpoint `target` that names a resource of another
//! kind is `pe-invalid-target` and never reaches this list.

use std::collections::HashMap;

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, Unresolved};
use crate::rules::{Context, Rule};
use crate::source::Loc;

fn unresolved(u: &Unresolved, key: (Kind, &str)) -> Finding {
    let noun = u.expected.noun();
    // "private endpoint `pe-x` refers to subnet `vnet/snet`", or "reference to subnet ..."
    let subject = match &u.owner {
        Some((kind, name)) => format!("{} `{name}` refers to {noun} `{}`", kind.noun(), u.name),
        None => format!("reference to {noun} `{}`", u.name),
    };
    let (label, message) = match (&u.reason, u.name.is_empty()) {
        (Some(reason), true) => (
            "no workspace",
            format!("reference to a {noun} is missing: {reason}"),
        ),
        (Some(reason), false) => (
            "does not resolve",
            format!(
                "{subject}, which does not resolve: {reason}, so {}",
                consequence(u)
            ),
        ),
        (None, _) => (
            "not declared",
            match &u.owner {
                Some(_) => format!("{subject}, which is not declared, so {}", consequence(u)),
                None => format!(
                    "no {noun} named `{}` is declared, so {}",
                    u.name,
                    consequence(u)
                ),
            },
        ),
    };
    Finding::new(&RULE, Severity::Error, key, u.loc, label, message).help(help(u))
}

fn consequence(u: &Unresolved) -> &'static str {
    let from_vnet = u.owner.as_ref().is_some_and(|(k, _)| *k == Kind::Vnet);
    match u.expected {
        Kind::PrivateDnsZone if from_vnet => {
            "the link is dropped and the VNet does not resolve the zone's names"
        }
        Kind::PrivateDnsZone if u.reason.is_some() => {
            "the zone the endpoint registers in is ambiguous"
        }
        Kind::PrivateDnsZone => "the endpoint's DNS record is registered nowhere",
        Kind::Firewall if u.owner.as_ref().is_some_and(|(k, _)| *k == Kind::Subnet) => {
            "the route points at no appliance and its packets go nowhere"
        }
        _ => "a deployment that refers to it fails with `ResourceNotFound`",
    }
}

fn help(u: &Unresolved) -> String {
    if let Some(near) = &u.suggestion {
        return format!("did you mean `{near}`?");
    }
    let noun = u.expected.noun();
    match u.expected {
        _ if u.name.is_empty() => format!("name the {noun} this resource belongs to"),
        Kind::Subnet if !u.name.contains('/') => "write the subnet as `VNET/SUBNET`".into(),
        Kind::PrivateDnsZone if u.reason.is_some() => {
            "write the entry as `RESOURCE_GROUP/ZONE` to pick one zone".into()
        }
        _ => format!("declare the {noun} `{}`, or name one that exists", u.name),
    }
}

pub static RULE: Rule = Rule {
    id: "unknown-reference",
    category: Category::Model,
    severity: Severity::Error,
    summary: "a reference names nothing of the expected kind",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let owners = computes_by_name_loc(cx);

    for u in &cx.index.unresolved {
        // A compute that names no workspace has no reference to key on, so
        // the finding is keyed on the compute itself.
        let key = match owners.get(&u.loc) {
            Some(compute) if u.name.is_empty() => (Kind::Compute, *compute),
            _ => (u.expected, u.name.as_str()),
        };
        out.push(unresolved(u, key));
    }
}

/// Maps the location of each compute's name to that name, for the unresolved
/// entries that point at a compute instead of a reference.
fn computes_by_name_loc<'a>(cx: &Context<'a>) -> HashMap<Loc, &'a str> {
    if cx.index.unresolved.iter().all(|u| !u.name.is_empty()) {
        return HashMap::new();
    }
    cx.topology
        .computes
        .iter()
        .map(|c| (c.name.loc, c.name.value.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const ENDPOINT: &str = "
region: eastus2
vnets:
  - name: vnet-a
    address_space: [10.0.0.0/16]
    subnets: [{name: snet-pe, address_prefix: 10.0.1.0/24}]
key_vaults: [{name: kv-ml}]
private_endpoints:
  - {name: pe-kv, subnet: vnet-a/snet-pe, target: kv-ml, group: vault}
";

    #[test]
    fn resolved_references_pass() {
        assert!(messages(ENDPOINT, "unknown-reference").is_empty());
    }

    #[test]
    fn subnet_typo_suggests_nearest() {
        let yaml = ENDPOINT.replace("subnet: vnet-a/snet-pe", "subnet: vnet-a/snet-pex");
        let found = findings(&yaml, "unknown-reference");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "vnet-a/snet-pex");
        assert!(found[0].message.contains("has no subnet `snet-pex`"));
        assert_eq!(found[0].help, "did you mean `vnet-a/snet-pe`?");
    }

    #[test]
    fn missing_target_without_near_name() {
        let yaml = ENDPOINT.replace("target: kv-ml", "target: totally-different");
        let found = findings(&yaml, "unknown-reference");
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "private endpoint `pe-kv` refers to key vault `totally-different`, which is not \
             declared, so a deployment that refers to it fails with `ResourceNotFound`"
        );
        assert!(found[0].help.starts_with("declare the key vault"));
    }

    #[test]
    fn target_of_other_kind_is_not_reported() {
        let yaml = format!("{ENDPOINT}storage_accounts: [{{name: stml}}]\n")
            .replace("target: kv-ml", "target: stml");
        assert!(messages(&yaml, "unknown-reference").is_empty());
    }

    #[test]
    fn compute_without_workspace_keyed_on_compute() {
        let yaml = "
region: eastus2
storage_accounts: [{name: st1}]
key_vaults: [{name: kv1}]
workspaces:
  - {name: mlw-a, storage_account: st1, key_vault: kv1}
  - {name: mlw-b, storage_account: st1, key_vault: kv1}
computes:
  - {name: cpu, kind: cluster}
";
        let found = findings(yaml, "unknown-reference");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "cpu");
        assert!(found[0]
            .message
            .starts_with("reference to a workspace is missing"));
    }

    #[test]
    fn ambiguous_zone_asks_for_group() {
        let yaml = format!(
            "{ENDPOINT}private_dns_zones:
  - {{name: privatelink.vaultcore.azure.net, resource_group: rg-a}}
  - {{name: privatelink.vaultcore.azure.net, resource_group: rg-b}}
"
        )
        .replace(
            "group: vault}",
            "group: vault, dns_zones: [privatelink.vaultcore.azure.net]}",
        );
        let found = findings(&yaml, "unknown-reference");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("matches several zones"));
        assert!(found[0].help.contains("RESOURCE_GROUP/ZONE"));
    }

    #[test]
    fn zone_link_apart_needs_one_zone() {
        let design = "
region: eastus2
vnets: [{name: vnet-a, address_space: [10.0.0.0/16]}]
private_dns_zones:
  - {name: privatelink.blob.core.windows.net, resource_group: rg-a}
  - {name: privatelink.blob.core.windows.net, resource_group: rg-b}
private_dns_zone_links:
  - {zone: privatelink.blob.core.windows.net, vnet: vnet-a}
  - {zone: privatelink.blob.core.windows.net, resource_group: rg-b, vnet: vnet-a}
";
        let found = messages(design, "unknown-reference");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("2 zones are named `privatelink.blob.core.windows.net`"),
            "{}",
            found[0]
        );
    }
}
