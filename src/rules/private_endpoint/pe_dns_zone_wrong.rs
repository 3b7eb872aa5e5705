//! `pe-dns-zone-wrong`: a private endpoint's DNS zone group names a zone that
//! is not a documented zone for its sub-resource and cloud.

use super::util::{join_names, needed_zones};
use crate::finding::{Category, Finding, Severity};
use crate::model::index::Kind;
use crate::model::{PrivateEndpoint, Sp};
use crate::rules::{Context, Rule};
use crate::suggest::nearest;

fn wrong_zone(
    cx: &Context,
    pe: &PrivateEndpoint,
    entry: &Sp<String>,
    zone: &str,
    help: String,
) -> Finding {
    Finding::new(
        &RULE,
        Severity::Error,
        (Kind::PrivateEndpoint, &pe.name.value),
        entry.loc,
        format!("not a zone for `{}`", pe.group.value),
        format!(
            "private endpoint `{}` (group `{}`) registers in zone `{zone}`, which is not \
             a zone for `{}` in {}; clients never look up `{}` in that zone, so the A \
             record in it is never used",
            pe.name.value, pe.group.value, pe.group.value, cx.topology.cloud, pe.target.value
        ),
    )
    .help(help)
}

/// Returns the fix for a wrong entry: the most likely needed zone that no other
/// entry covers, or removing the entry when every needed zone is covered.
fn suggested_fix(zone: &str, uncovered: &[&String]) -> String {
    let names = uncovered.iter().map(|z| z.as_str());
    if let Some(near) = nearest(zone, names) {
        return format!("replace this entry with a zone named `{near}`");
    }
    match uncovered {
        [] => "remove this entry; the endpoint already registers in every zone it needs".into(),
        [one] => format!("replace this entry with a zone named `{one}`"),
        several => format!(
            "replace this entry with a zone named {}",
            join_names(several).replace(" and ", " or ")
        ),
    }
}

pub static RULE: Rule = Rule {
    id: "pe-dns-zone-wrong",
    category: Category::PrivateEndpoint,
    severity: Severity::Error,
    summary: "a private endpoint's DNS zone is not a documented zone for its sub-resource",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    for (i, pe) in t.private_endpoints.iter().enumerate() {
        let Some(needed) = needed_zones(cx, i) else {
            continue;
        };
        let resolved: Vec<(&Sp<String>, &str)> = pe
            .dns_zones
            .iter()
            .zip(&cx.index.endpoint_zones[i])
            .filter_map(|(entry, zone)| {
                let zone = zone.and_then(|z| t.private_dns_zones.get(z))?;
                Some((entry, zone.name.value.as_str()))
            })
            .collect();

        let is_needed = |name: &str| needed.iter().any(|z| z.eq_ignore_ascii_case(name));
        let uncovered: Vec<&String> = needed
            .iter()
            .filter(|z| {
                !resolved
                    .iter()
                    .any(|(_, name)| z.eq_ignore_ascii_case(name))
            })
            .collect();

        for (entry, zone) in resolved.iter().filter(|(_, name)| !is_needed(name)) {
            let help = suggested_fix(zone, &uncovered);
            out.push(wrong_zone(cx, pe, entry, zone, help));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const BLOB: &str = "
region: eastus2
storage_accounts: [{name: st}]
vnets:
  - {name: v, address_space: [10.0.0.0/16], subnets: [{name: snet-pe, address_prefix: 10.0.1.0/24}]}
private_dns_zones:
  - {name: privatelink.blob.core.windows.net, vnet_links: [v]}
  - {name: privatelink.file.core.windows.net, vnet_links: [v]}
private_endpoints:
  - {name: pe-blob, subnet: v/snet-pe, target: st, group: blob,
     dns_zones: [privatelink.file.core.windows.net]}
";

    #[test]
    fn other_service_zone_reported_on_entry() {
        let found = findings(BLOB, "pe-dns-zone-wrong");
        assert_eq!(found.len(), 1);
        assert!(found[0]
            .message
            .contains("`privatelink.file.core.windows.net`"));
        assert!(found[0]
            .help
            .contains("`privatelink.blob.core.windows.net`"));
    }

    #[test]
    fn documented_zone_passes_in_any_case() {
        let yaml = BLOB.replace(
            "dns_zones: [privatelink.file.core.windows.net]",
            "dns_zones: [PRIVATELINK.BLOB.core.windows.net]",
        );
        assert!(messages(&yaml, "pe-dns-zone-wrong").is_empty());
    }

    #[test]
    fn public_zone_in_government_cloud_reported() {
        let yaml = BLOB
            .replace(
                "region: eastus2",
                "cloud: AzureUSGovernment\nregion: usgovvirginia",
            )
            .replace(
                "dns_zones: [privatelink.file.core.windows.net]",
                "dns_zones: [privatelink.blob.core.windows.net]",
            );
        let found = findings(&yaml, "pe-dns-zone-wrong");
        assert_eq!(found.len(), 1);
        assert!(found[0]
            .help
            .contains("`privatelink.blob.core.usgovcloudapi.net`"));
    }

    #[test]
    fn extra_entry_gets_remove_help() {
        let yaml = BLOB.replace(
            "dns_zones: [privatelink.file.core.windows.net]",
            "dns_zones: [privatelink.blob.core.windows.net, privatelink.file.core.windows.net]",
        );
        let found = findings(&yaml, "pe-dns-zone-wrong");
        assert_eq!(found.len(), 1);
        assert!(found[0].help.starts_with("remove this entry"));
    }
}
