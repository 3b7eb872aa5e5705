//! Client entry points: where people come from.
//!
//! On-premises clients behind a gateway in VNet G send packets only to G and
//! to each VNet C peered with G where G→C allows gateway transit and C→G uses
//! remote gateways. People behind Azure Bastion act from each `jump_box` VM in
//! the Bastion's VNet or in a VNet peered with it in both directions.

use super::path::Path;
use super::{Net, Source};
use crate::model::index::SubnetId;
use crate::model::VmRole;
use crate::source::Loc;

/// A place people use the workspace from.
#[derive(Clone, Debug)]
pub struct ClientEntry {
    pub source: Source,
    /// For messages: "on-premises clients behind gateway `vgw`" or "jump box `vm-jump`".
    pub description: String,
    /// The gateway's or the jump box's name in the file.
    pub loc: Loc,
    /// The gateway's or the VM's name.
    pub name: String,
}

impl Net<'_> {
    /// Returns the VNets on-premises clients behind `gateway` can send packets to, sorted.
    pub fn onprem_vnets(&self, gateway: usize) -> &[usize] {
        &self.onprem[gateway]
    }

    /// Computes [`Net::onprem_vnets`] for one gateway; called once per gateway when building.
    pub(super) fn compute_onprem_vnets(&self, gateway: usize) -> Vec<usize> {
        let t = self.topology;
        let Some(g) = self.index.gateway_vnet[gateway] else {
            return Vec::new();
        };
        let flag =
            |p: usize, get: fn(&crate::model::Peering) -> &Option<crate::model::Sp<bool>>| {
                get(&t.peerings[p]).as_ref().is_some_and(|f| f.value)
            };
        let mut vnets = vec![g];
        for link in &self.two_way[g] {
            let transit = flag(link.out, |p| &p.allow_gateway_transit);
            let remote = flag(link.back, |p| &p.use_remote_gateways);
            if transit && remote {
                vnets.push(link.vnet);
            }
        }
        vnets.sort_unstable();
        vnets.dedup();
        vnets
    }

    /// Returns the path from on-premises clients behind `gateway` to `dest`.
    pub fn onprem_reach(&self, gateway: usize, dest: SubnetId) -> Path {
        let t = self.topology;
        let gw = &t.gateways[gateway];
        let mut path = Path::start(&format!("on-premises via {}", gw.name.value));
        let dest_name = t.subnet_display(dest);
        let Some(g) = self.index.gateway_vnet[gateway] else {
            path.break_at(&dest_name, "the gateway's VNet is not declared");
            return path;
        };
        let home = &t.vnets[g].name.value;
        path.hop(None, home);
        if dest.vnet == g {
            path.hop(None, &dest_name);
            return path;
        }
        if self.onprem_vnets(gateway).binary_search(&dest.vnet).is_ok() {
            let via = self
                .two_way(g, dest.vnet)
                .map(|(out, _)| self.peering_display(out))
                .unwrap_or_default();
            path.hop(
                Some(&format!("peering {via} with gateway transit")),
                &dest_name,
            );
            return path;
        }
        let reason = match self.two_way(g, dest.vnet) {
            None => self.why_not_peered(g, dest.vnet),
            Some(_) => format!(
                "the peering does not carry gateway traffic: `{home}` must allow gateway transit and `{}` must use remote gateways",
                t.vnets[dest.vnet].name.value
            ),
        };
        path.break_at(&dest_name, reason);
        let fix = match self.two_way(g, dest.vnet) {
            None => self.peering_fix(g, dest.vnet),
            Some((out, back)) => format!(
                "set `allow_gateway_transit: true` on peering `{}` and `use_remote_gateways: true` on peering `{}`",
                self.peering_display(out),
                self.peering_display(back)
            ),
        };
        path.fix_with(fix);
        path
    }

    /// Lists every client entry point: each gateway, and each jump box behind a Bastion.
    pub fn client_entries(&self) -> Vec<ClientEntry> {
        let t = self.topology;
        let mut entries = Vec::new();
        for (g, gw) in t.gateways.iter().enumerate() {
            entries.push(ClientEntry {
                source: Source::OnPrem(g),
                description: format!("on-premises clients behind gateway `{}`", gw.name.value),
                loc: gw.name.loc,
                name: gw.name.value.clone(),
            });
        }

        let mut jump_boxes_by_vnet: std::collections::HashMap<usize, Vec<usize>> =
            Default::default();
        for (vm, machine) in t.virtual_machines.iter().enumerate() {
            let is_jump_box = machine
                .role
                .as_ref()
                .is_some_and(|r| r.value == VmRole::JumpBox);
            if let (true, Some(subnet)) = (is_jump_box, self.index.vm_subnet[vm]) {
                jump_boxes_by_vnet.entry(subnet.vnet).or_default().push(vm);
            }
        }
        let mut seen = std::collections::HashSet::new();
        for b in self.index.bastion_vnet.iter().flatten() {
            let reachable = std::iter::once(*b).chain(self.two_way[*b].iter().map(|l| l.vnet));
            for v in reachable {
                for &vm in jump_boxes_by_vnet.get(&v).into_iter().flatten() {
                    if !seen.insert(vm) {
                        continue;
                    }
                    let (Some(subnet), machine) =
                        (self.index.vm_subnet[vm], &t.virtual_machines[vm])
                    else {
                        continue;
                    };
                    entries.push(ClientEntry {
                        source: Source::Subnet(subnet),
                        description: format!("jump box `{}`", machine.name.value),
                        loc: machine.name.loc,
                        name: machine.name.value.clone(),
                    });
                }
            }
        }
        entries
    }
}
