//! Lookups shared by the private endpoint rules.

use crate::model::index::{Target, TargetRef};
use crate::model::Group;
use crate::rules::Context;

/// The maximum number of related labels a finding lists when many places are involved.
pub const MAX_RELATED: usize = 3;

/// Returns the private DNS zone names that endpoint `pe` must register in, for
/// the topology's cloud. Returns `None` when the target is of another kind than
/// the group implies (`pe-invalid-target` reports it), and for an AKS
/// `management` endpoint whose cluster region is unknown, because that zone
/// name contains the region.
pub fn needed_zones(cx: &Context, pe: usize) -> Option<Vec<String>> {
    let endpoint = cx.topology.private_endpoints.get(pe)?;
    let group = endpoint.group.value;
    if let Some(Target::WrongKind(_)) = cx.index.endpoint_target.get(pe) {
        return None;
    }
    let region = match group {
        Group::Management => {
            let Some(Target::Found(TargetRef::Aks(aks))) = cx.index.endpoint_target.get(pe) else {
                return None;
            };
            let region = cx.index.aks_region.get(*aks)?.as_ref()?;
            Some(region.key.as_str())
        }
        _ => None,
    };
    Some(crate::azure::zones_for(cx.topology.cloud, group, region))
}

/// Returns the zone name of a `dns_zones` entry: `ZONE` or the part after `RESOURCE_GROUP/`.
pub fn entry_zone_name(entry: &str) -> &str {
    match entry.split_once('/') {
        Some((_, zone)) => zone.trim(),
        None => entry.trim(),
    }
}

/// Joins names as "`a`, `b` and `c`".
pub fn join_names<S: AsRef<str>>(names: &[S]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{}`", n.as_ref())).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// Joins at most `max` names, adding "and N more" for the rest.
pub fn join_names_limited<S: AsRef<str>>(names: &[S], max: usize) -> String {
    if names.len() <= max {
        return join_names(names);
    }
    let first_names: Vec<String> = names[..max]
        .iter()
        .map(|n| format!("`{}`", n.as_ref()))
        .collect();
    format!("{} and {} more", first_names.join(", "), names.len() - max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_zone_name_strips_resource_group() {
        assert_eq!(
            entry_zone_name("rg-a/privatelink.azurecr.io"),
            "privatelink.azurecr.io"
        );
        assert_eq!(
            entry_zone_name("privatelink.azurecr.io"),
            "privatelink.azurecr.io"
        );
    }

    #[test]
    fn join_names_lists_with_and() {
        assert_eq!(join_names::<&str>(&[]), "");
        assert_eq!(join_names(&["a"]), "`a`");
        assert_eq!(join_names(&["a", "b", "c"]), "`a`, `b` and `c`");
        assert_eq!(
            join_names_limited(&["a", "b", "c"], 2),
            "`a`, `b` and 1 more"
        );
    }
}
