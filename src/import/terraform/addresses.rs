//! Private IP addresses of firewalls, DNS resolver inbound endpoints and VMs,
//! which VNet DNS servers and route next hops reference.

use crate::import::tree::Node;
use crate::model::Sp;
use crate::source::Loc;

use super::fields::{attribute_text, Cx};
use super::plan::Res;

/// A resource's private IP: written in the plan, or a symbol text for one known only after apply.
pub enum Ip {
    Known(Sp<String>),
    Symbol(String),
}

/// Returns the private IP of a firewall, inbound endpoint, network interface
/// or VM. Every caller gets the same symbol text for the same unknown address.
pub fn ip_of(cx: &Cx, res: &Res) -> Option<Ip> {
    let path = match res.kind {
        "azurerm_firewall" => "ip_configuration.0.private_ip_address",
        "azurerm_private_dns_resolver_inbound_endpoint" => "ip_configurations.0.private_ip_address",
        "azurerm_network_interface" => "ip_configuration.0.private_ip_address",
        "azurerm_linux_virtual_machine"
        | "azurerm_windows_virtual_machine"
        | "azurerm_virtual_machine" => {
            return vm_ip(cx, res);
        }
        _ => return None,
    };
    Some(match res.known(path).and_then(Node::spanned_str) {
        Some(ip) => Ip::Known(ip),
        None => Ip::Symbol(attribute_text(res.address, path)),
    })
}

/// Returns the node that explains an unknown private IP: the configuration
/// expression that sets it, else the allocation method (`Dynamic`) that
/// leaves it to Azure, else the resource's address.
pub fn ip_loc(res: &Res) -> Loc {
    let (address, allocation) = match res.kind {
        "azurerm_private_dns_resolver_inbound_endpoint" => (
            "ip_configurations.0.private_ip_address",
            "ip_configurations.0.private_ip_allocation_method",
        ),
        "azurerm_network_interface" => (
            "ip_configuration.0.private_ip_address",
            "ip_configuration.0.private_ip_address_allocation",
        ),
        _ => ("ip_configuration.0.private_ip_address", ""),
    };
    if let Some(expression) = res.expression(address) {
        return expression.loc;
    }
    if allocation.is_empty() {
        return res.address_loc;
    }
    match (res.known(allocation), res.expression(allocation)) {
        (Some(value), _) => value.loc,
        (None, Some(expression)) => expression.loc,
        (None, None) => res.address_loc,
    }
}

/// Returns a VM's address, which is its first network interface's.
fn vm_ip(cx: &Cx, vm: &Res) -> Option<Ip> {
    let nic = nic_of(cx, vm)?;
    ip_of(cx, nic)
}

/// Returns the first network interface of a VM.
pub fn nic_of<'p, 'a>(cx: &Cx<'p, 'a>, vm: &Res) -> Option<&'p Res<'a>> {
    cx.target(vm, "network_interface_ids.0")
        .or_else(|| {
            cx.plan
                .targets(vm, "network_interface_ids")
                .first()
                .map(|t| t.res)
        })
        .filter(|nic| nic.kind == "azurerm_network_interface")
}
