//! Virtual machines, through their network interfaces, with the role and
//! DNS forwarders that their tags set.

use super::edge::first_config;
use super::eval::{EvalError, Result};
use super::map::{assigned, own_name, Mapper, Owner};
use super::network::missing;
use super::template::Resource;
use super::value::{Val, Value};
use crate::model::index::Kind;
use crate::model::{Forwarder, Sp, VirtualMachine, VmRole};

pub const VIRTUAL_MACHINES: &str = "Microsoft.Compute/virtualMachines";
pub const NETWORK_INTERFACES: &str = "Microsoft.Network/networkInterfaces";

pub fn map_virtual_machines(m: &mut Mapper) -> Result<()> {
    for resource in m.of_type(VIRTUAL_MACHINES).collect::<Vec<_>>() {
        let name = own_name(resource);
        let owner = Owner {
            kind: Kind::VirtualMachine,
            name: &name,
        };
        let interfaces = resource
            .properties
            .path(&["networkProfile", "networkInterfaces"]);
        let Some(nic_id) = interfaces
            .and_then(|n| n.items().first())
            .and_then(|n| n.get("id"))
        else {
            tracing::debug!("virtual machine {name} has no network interface, so it is skipped");
            continue;
        };
        m.own_unknowns(owner, resource);
        let nic_name = m.reference(owner, "subnet", nic_id);
        let Some(config) = m
            .find(NETWORK_INTERFACES, &nic_name.value)
            .and_then(first_config)
        else {
            let rendering = format!(
                "reference('{}').ipConfigurations[0].properties.subnet.id",
                nic_name.value
            );
            m.unknown(
                owner,
                "subnet",
                nic_id,
                "the network interface is not in the template".into(),
            );
            let subnet = Sp::new(assigned(&rendering), nic_id.loc);
            push_vm(m, resource, owner, subnet, None)?;
            continue;
        };
        let config = config.clone();
        let Some(subnet) = config.path(&["subnet", "id"]) else {
            return Err(missing(
                resource,
                "ipConfigurations[0].properties.subnet.id",
            ));
        };
        let subnet = m.reference(owner, "subnet", subnet);
        let private_ip = config.get("privateIPAddress").filter(|v| !v.is_null());
        let private_ip = private_ip.map(|ip| m.text(owner, "private_ip", ip));
        push_vm(m, resource, owner, subnet, private_ip)?;
    }
    Ok(())
}

fn push_vm(
    m: &mut Mapper,
    resource: &Resource,
    owner: Owner,
    subnet: Sp<String>,
    private_ip: Option<Sp<String>>,
) -> Result<()> {
    let role = m.choice(
        owner,
        "role",
        resource.tags.get("vnetlint-role"),
        VmRole::parse,
        VmRole::NAMES,
    )?;
    let dns_forwarders = match resource.tags.get("vnetlint-dns-forwarders") {
        Some(tag) => forwarders(tag)?,
        None => Vec::new(),
    };
    m.file.virtual_machines.push(VirtualMachine {
        name: Sp::new(owner.name.to_string(), resource.name.loc),
        subnet,
        private_ip,
        role,
        dns_forwarders,
    });
    Ok(())
}

/// Reads the tag `zone=ip,zone=ip` into conditional forwarders.
fn forwarders(tag: &Val) -> Result<Vec<Forwarder>> {
    if tag.value.has_unknown() {
        return Err(EvalError::new(
            tag.loc,
            "tag `vnetlint-dns-forwarders` is unknown until deployment",
            "write it as a literal `zone=ip,zone=ip`",
        ));
    }
    let Value::Str(text) = &tag.value else {
        return Err(EvalError::new(
            tag.loc,
            "tag `vnetlint-dns-forwarders` is not a string",
            "write it as `zone=ip,zone=ip`",
        ));
    };
    let mut out = Vec::new();
    for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let Some((zone, to)) = entry.split_once('=') else {
            return Err(EvalError::new(
                tag.loc,
                format!("forwarder `{entry}` in tag `vnetlint-dns-forwarders` has no `=`"),
                "write each forwarder as `zone=ip`, with `.` for every name",
            ));
        };
        out.push(Forwarder {
            zone: Sp::new(zone.trim().to_string(), tag.loc),
            to: Sp::new(to.trim().to_string(), tag.loc),
        });
    }
    Ok(out)
}
