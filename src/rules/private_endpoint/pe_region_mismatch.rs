//! `pe-region-mismatch`: a private endpoint in another region than its VNet.

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, Region};
use crate::model::{PrivateEndpoint, Vnet};
use crate::rules::{Context, Rule};

fn region_differs(
    pe: &PrivateEndpoint,
    own: &Region,
    vnet: &Vnet,
    vnet_region: &Region,
    written: &str,
) -> Finding {
    Finding::new(
        &RULE,
        Severity::Error,
        (Kind::PrivateEndpoint, &pe.name.value),
        own.loc,
        "region differs",
        format!(
            "private endpoint `{}` is in `{}` but its VNet `{}` is in `{}`; Azure \
             rejects a private endpoint outside its VNet's region",
            pe.name.value, own.key, vnet.name.value, vnet_region.key
        ),
    )
    .related(
        vnet_region.loc,
        format!("`{}` is in `{}`", vnet.name.value, vnet_region.key),
    )
    .help(format!(
        "set `region: {written}` on `{}` or remove its `region`; the target may stay in another region",
        pe.name.value
    ))
}

pub static RULE: Rule = Rule {
    id: "pe-region-mismatch",
    category: Category::PrivateEndpoint,
    severity: Severity::Error,
    summary: "a private endpoint's region differs from its VNet's region",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    for (i, pe) in t.private_endpoints.iter().enumerate() {
        let Some(subnet) = cx.index.endpoint_subnet[i] else {
            continue;
        };
        let Some(own) = &cx.index.endpoint_region[i] else {
            continue;
        };
        let Some(vnet_region) = &cx.index.vnet_region[subnet.vnet] else {
            continue;
        };

        if own.key == vnet_region.key {
            continue;
        }

        let vnet = &t.vnets[subnet.vnet];
        let written = vnet
            .region
            .as_ref()
            .map_or(vnet_region.key.as_str(), |r| r.value.as_str());
        out.push(region_differs(pe, own, vnet, vnet_region, written));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const MISMATCH: &str = "
region: eastus2
key_vaults: [{name: kv-ml, region: westus}]
vnets:
  - {name: vnet-ml, address_space: [10.0.0.0/16], subnets: [{name: snet-pe, address_prefix: 10.0.1.0/24}]}
private_endpoints:
  - {name: pe-kv, region: westus, subnet: vnet-ml/snet-pe, target: kv-ml, group: vault}
";

    #[test]
    fn explicit_other_region_reported() {
        let found = findings(MISMATCH, "pe-region-mismatch");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "pe-kv");
        assert_eq!(found[0].related.len(), 1);
        assert!(found[0].message.contains("`westus`"));
        assert!(found[0].help.contains("region: eastus2"));
    }

    #[test]
    fn same_region_in_other_spelling_passes() {
        let yaml = MISMATCH.replace("region: westus, subnet", "region: East US 2, subnet");
        assert!(messages(&yaml, "pe-region-mismatch").is_empty());
    }

    #[test]
    fn unset_region_passes_with_remote_target() {
        let yaml = MISMATCH.replace("region: westus, subnet", "subnet");
        assert!(messages(&yaml, "pe-region-mismatch").is_empty());
    }
}
