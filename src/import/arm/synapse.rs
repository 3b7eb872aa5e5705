//! Synapse workspaces and their managed virtual network.

use super::eval::Result;
use super::map::{own_name, Mapper, Owner};
use super::value::Value;
use crate::model::index::Kind;
use crate::model::{Sp, Synapse};

pub const SYNAPSE: &str = "Microsoft.Synapse/workspaces";

pub fn map_synapse(m: &mut Mapper) -> Result<()> {
    for resource in m.of_type(SYNAPSE).collect::<Vec<_>>() {
        let name = own_name(resource);
        let owner = Owner {
            kind: Kind::SynapseWorkspace,
            name: &name,
        };
        m.own_unknowns(owner, resource);
        let props = &resource.properties;
        let managed = props
            .get("managedVirtualNetwork")
            .and_then(|v| match &v.value {
                Value::Str(s) => Some(Sp::new(s.eq_ignore_ascii_case("default"), v.loc)),
                _ => None,
            });
        let protection = props.path(&["managedVirtualNetworkSettings", "preventDataExfiltration"]);
        let synapse = Synapse {
            name: Sp::new(name.clone(), resource.name.loc),
            region: m.region(owner, resource),
            managed_vnet: managed,
            data_exfiltration_protection: m.flag(
                owner,
                "data_exfiltration_protection",
                protection,
            )?,
            linked_workspaces: Vec::new(),
        };
        m.file.synapse_workspaces.push(synapse);
    }
    Ok(())
}
