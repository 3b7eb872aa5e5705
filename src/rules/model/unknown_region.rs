//! `unknown-region`: a regional resource has no region at all (error), or a
//! region is not a known Azure region name (warning).

use std::collections::HashSet;

use crate::azure::REGIONS;
use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, Region, ServiceKind};
use crate::model::Sp;
use crate::rules::{Context, Rule};
use crate::source::Loc;
use crate::suggest::nearest;

fn missing(kind: Kind, name: &Sp<String>) -> Finding {
    Finding::new(
        &RULE,
        Severity::Error,
        (kind, &name.value),
        name.loc,
        "no region",
        format!(
            "no region is set for {} `{}` and its file sets no top-level `region`, \
             so Azure cannot deploy it",
            kind.noun(),
            name.value
        ),
    )
    .help(format!(
        "set `region` on the {}, or a top-level `region` in its file",
        kind.noun()
    ))
}

fn empty(kind: Kind, name: &str, region: &Region) -> Finding {
    Finding::new(
        &RULE,
        Severity::Error,
        (kind, name),
        region.loc,
        "empty region",
        format!(
            "the region of {} `{name}` is empty, so Azure cannot deploy it",
            kind.noun()
        ),
    )
    .help("write a region name such as `eastus2`")
}

fn unknown(kind: Kind, name: &str, region: &Region, written: &str) -> Finding {
    let help = match nearest(&region.key, REGIONS.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => "use a region name that `az account list-locations` lists".to_string(),
    };
    Finding::new(
        &RULE,
        Severity::Warning,
        (kind, name),
        region.loc,
        "unknown region",
        format!(
            "region `{written}` is not a known Azure region name, so Azure rejects the \
             resources placed there unless the region is newer than vnetlint's list"
        ),
    )
    .help(help)
}

pub static RULE: Rule = Rule {
    id: "unknown-region",
    category: Category::Model,
    severity: Severity::Error,
    summary: "a regional resource has no region, or a region name is not a known Azure region",
    check,
};

/// A resource with an effective region, in the order the check visits them.
struct Regional<'a> {
    kind: Kind,
    name: &'a Sp<String>,
    region: Option<&'a Region>,
    /// True when the region is the resource's own or the file's, not another resource's.
    own: bool,
    /// The resource's `region` value, after the file's default was applied.
    written: Option<&'a Sp<String>>,
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let mut seen: HashSet<Loc> = HashSet::new();

    for r in regional(cx) {
        let Some(region) = r.region else {
            // A resource that inherits its region from another resource is left
            // without one only when that resource has none, which is reported
            // here, or when its reference did not resolve (`unknown-reference`).
            if r.own {
                out.push(missing(r.kind, r.name));
            }
            continue;
        };
        if seen.insert(region.loc) {
            check_name(out, &r, region);
        }
    }

    for registry in &cx.topology.container_registries {
        for replica in &registry.geo_replicas {
            let region = Region::of(replica);
            let r = Regional {
                kind: Kind::ContainerRegistry,
                name: &registry.name,
                region: Some(&region),
                own: true,
                written: Some(replica),
            };
            if seen.insert(region.loc) {
                check_name(out, &r, &region);
            }
        }
    }
}

/// Reports a region that is empty or not a known name.
fn check_name(out: &mut Vec<Finding>, r: &Regional, region: &Region) {
    let name = r.name.value.as_str();
    if region.key.is_empty() {
        out.push(empty(r.kind, name, region));
        return;
    }
    if REGIONS.contains(&region.key.as_str()) || crate::model::unknown::is_unknown(&region.key) {
        return;
    }

    let written = r
        .written
        .filter(|w| w.loc == region.loc)
        .map_or(region.key.as_str(), |w| w.value.as_str());
    out.push(unknown(r.kind, name, region, written));
}

/// Lists every regional resource with its effective region. Resources whose
/// region comes from the topology file come first, so a region written once
/// is reported on the first resource that uses it.
fn regional<'a>(cx: &Context<'a>) -> Vec<Regional<'a>> {
    let t = cx.topology;
    let ix = cx.index;
    let mut all = Vec::new();
    let mut add = |kind, name, written: &'a Option<Sp<String>>, region: &'a Option<Region>, own| {
        all.push(Regional {
            kind,
            name,
            region: region.as_ref(),
            own,
            written: written.as_ref(),
        });
    };

    for (v, vnet) in t.vnets.iter().enumerate() {
        add(
            Kind::Vnet,
            &vnet.name,
            &vnet.region,
            &ix.vnet_region[v],
            true,
        );
    }
    for (w, ws) in t.workspaces.iter().enumerate() {
        add(
            Kind::Workspace,
            &ws.name,
            &ws.region,
            &ix.workspace_region[w],
            true,
        );
    }
    for kind in ServiceKind::ALL {
        let regions = &ix.service_region[kind as usize];
        for (s, service) in t.services(kind).iter().enumerate() {
            add(
                kind.kind(),
                &service.name,
                &service.region,
                &regions[s],
                true,
            );
        }
    }
    for (s, synapse) in t.synapse_workspaces.iter().enumerate() {
        let region = &ix.synapse_region[s];
        add(
            Kind::SynapseWorkspace,
            &synapse.name,
            &synapse.region,
            region,
            true,
        );
    }
    for (p, pe) in t.private_endpoints.iter().enumerate() {
        let region = &ix.endpoint_region[p];
        add(Kind::PrivateEndpoint, &pe.name, &pe.region, region, false);
    }
    for (c, compute) in t.computes.iter().enumerate() {
        add(
            Kind::Compute,
            &compute.name,
            &compute.region,
            &ix.compute_region[c],
            false,
        );
    }
    for (a, aks) in t.kubernetes_clusters.iter().enumerate() {
        add(
            Kind::KubernetesCluster,
            &aks.name,
            &aks.region,
            &ix.aks_region[a],
            false,
        );
    }
    all
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::testing::{findings, messages};

    const TOPOLOGY: &str = "
region: eastus2
vnets:
  - name: vnet-a
    address_space: [10.0.0.0/16]
    subnets: [{name: snet-pe, address_prefix: 10.0.1.0/24}]
  - {name: vnet-b, address_space: [10.1.0.0/16]}
key_vaults: [{name: kv-ml}]
private_endpoints:
  - {name: pe-kv, subnet: vnet-a/snet-pe, target: kv-ml, group: vault}
";

    #[test]
    fn known_regions_pass() {
        assert!(messages(TOPOLOGY, "unknown-region").is_empty());
        let spaced = TOPOLOGY.replace("region: eastus2", "region: East US 2");
        assert!(messages(&spaced, "unknown-region").is_empty());
    }

    #[test]
    fn unknown_top_level_region_reported_once() {
        let yaml = TOPOLOGY.replace("region: eastus2", "region: East US 2x");
        let found = findings(&yaml, "unknown-region");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(found[0].message.starts_with("region `East US 2x` is not"));
        assert_eq!(found[0].help, "did you mean `eastus2`?");
    }

    #[test]
    fn missing_region_reported_on_root_only() {
        let yaml = TOPOLOGY.replace("region: eastus2\n", "");
        let found = findings(&yaml, "unknown-region");
        let names: Vec<&str> = found.iter().map(|f| f.resource.name.as_str()).collect();
        assert_eq!(names, ["vnet-a", "vnet-b", "kv-ml"]);
        assert!(found.iter().all(|f| f.severity == Severity::Error));
    }

    #[test]
    fn own_region_on_endpoint_checked() {
        let yaml = TOPOLOGY.replace("group: vault}", "group: vault, region: westeuropa}");
        let found = findings(&yaml, "unknown-region");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "pe-kv");
        assert_eq!(found[0].help, "did you mean `westeurope`?");
    }

    #[test]
    fn geo_replica_checked() {
        let yaml = format!(
            "{TOPOLOGY}container_registries: [{{name: crml, geo_replicas: [westus2, mars]}}]\n"
        );
        let found = findings(&yaml, "unknown-region");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "crml");
        assert!(found[0].message.contains("`mars`"));
    }

    #[test]
    fn empty_region_is_error() {
        let yaml = TOPOLOGY.replace("{name: vnet-b,", "{name: vnet-b, region: '',");
        let found = findings(&yaml, "unknown-region");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
    }
}
