//! Can a source subnet send packets to a destination subnet?
//!
//! The next hop is the longest-prefix match over the source subnet's route
//! table and the system routes: its VNet's address space, and the address
//! spaces of VNets peered with it in both directions. A user route wins a tie.
//! Only routes are modelled: "can send packets" means "has a route", not
//! "is allowed by every NSG and firewall rule".

use ipnet::IpNet;

use super::path::Path;
use super::Net;
use crate::model::index::SubnetId;
use crate::model::NextHop;

/// The route that carries a destination prefix, chosen by longest-prefix match.
enum Hop<'a> {
    /// A system route inside the source's own VNet.
    Local,
    /// A system route to a VNet peered in both directions.
    Peer(usize),
    /// A user route.
    User(&'a NextHop, &'a str),
    /// No route: the default system route sends it to the internet.
    Default,
}

impl<'a> Net<'a> {
    /// Returns the path packets take from `source` to `dest`; the path is
    /// broken when they cannot get there.
    pub fn can_send(&self, source: SubnetId, dest: SubnetId) -> Path {
        let t = self.topology;
        let a = source.vnet;
        let mut path = Path::start(&t.subnet_display(source));
        let dest_name = t.subnet_display(dest);
        let Some(prefix) = self.dest_prefix(dest) else {
            // Without a parsed prefix, follow the VNet topology alone.
            if a == dest.vnet || self.two_way(a, dest.vnet).is_some() {
                path.hop(None, &dest_name);
            } else {
                path.break_at(&dest_name, self.why_not_peered(a, dest.vnet));
                path.fix_with(self.peering_fix(a, dest.vnet));
            }
            return path;
        };

        match self.next_hop(source, dest.vnet, prefix) {
            Hop::Local if dest.vnet == a => path.hop(None, &dest_name),
            Hop::Local => path.break_at(
                &dest_name,
                "its address overlaps the source VNet, so packets stay local",
            ),
            Hop::Peer(peer) if peer == dest.vnet => {
                let via = self.peering_label(a, peer);
                path.hop(Some(&via), &dest_name);
            }
            Hop::Peer(peer) => {
                let reason = format!(
                    "its address falls in peered VNet `{}`",
                    t.vnets[peer].name.value
                );
                path.break_at(&dest_name, reason);
            }
            Hop::Default => {
                path.break_at(&dest_name, self.why_not_peered(a, dest.vnet));
                path.fix_with(self.peering_fix(a, dest.vnet));
            }
            Hop::User(hop, route) => self.follow_user_route(source, dest, hop, route, &mut path),
        }
        path
    }

    fn follow_user_route(
        &self,
        source: SubnetId,
        dest: SubnetId,
        hop: &NextHop,
        route: &str,
        path: &mut Path,
    ) {
        let t = self.topology;
        let dest_name = t.subnet_display(dest);
        match hop {
            NextHop::VnetLocal if dest.vnet == source.vnet => path.hop(None, &dest_name),
            NextHop::VnetLocal => path.break_at(&dest_name, format!("route {route} keeps packets in the source VNet")),
            NextHop::None => path.break_at(&dest_name, format!("route {route} has next hop None, which drops packets")),
            NextHop::Internet => path.break_at(
                &dest_name,
                format!("route {route} sends packets to the internet, which reaches only public endpoints"),
            ),
            NextHop::VirtualNetworkGateway => path.break_at(
                &dest_name,
                format!("route {route} sends packets to the VPN or ExpressRoute gateway, towards on-premises"),
            ),
            NextHop::VirtualAppliance(target) => {
                self.through_appliance(source, dest, target, route, path);
                return;
            }
        }
        if path.broken {
            let subnet = t.subnet_display(source);
            path.fix_with(format!(
                "change the next hop of route {route} on `{subnet}`, or add a more specific route towards `{dest_name}`"
            ));
        }
    }

    /// Follows a route through a hub appliance: A–H and H–B must be peered both
    /// ways, and A→H and B→H must allow forwarded traffic. Return routes in B
    /// are not checked.
    fn through_appliance(
        &self,
        source: SubnetId,
        dest: SubnetId,
        target: &str,
        route: &str,
        path: &mut Path,
    ) {
        let t = self.topology;
        let dest_name = t.subnet_display(dest);
        let Some(fw) = self.appliance(target) else {
            let reason = format!(
                "route {route} points at `{target}`, which is not a declared firewall or appliance"
            );
            path.break_at(&dest_name, reason);
            path.fix_with(format!(
                "point route {route} at a declared firewall, by name or private IP"
            ));
            return;
        };
        let fw_name = &t.firewalls[fw].name.value;
        let Some(fw_subnet) = self.index.firewall_subnet[fw] else {
            path.break_at(fw_name, "the firewall's subnet is not declared");
            return;
        };
        let (a, h, b) = (source.vnet, fw_subnet.vnet, dest.vnet);
        let hub = &t.vnets[h].name.value;

        if a != h {
            let Some((out, _)) = self.two_way(a, h) else {
                path.break_at(
                    hub,
                    format!(
                        "firewall `{fw_name}` is in `{hub}`, {}",
                        self.why_not_peered(a, h)
                    ),
                );
                path.fix_with(self.peering_fix(a, h));
                return;
            };
            if !self.forwarded(out) {
                let via = self.peering_display(out);
                path.break_at(
                    hub,
                    format!("peering `{via}` does not set allow_forwarded_traffic"),
                );
                path.fix_with(format!(
                    "set `allow_forwarded_traffic: true` on peering `{via}`"
                ));
                return;
            }
            path.hop(
                Some(&format!(
                    "route {route}, peering {}",
                    self.peering_display(out)
                )),
                hub,
            );
        } else {
            path.hop(Some(&format!("route {route}")), hub);
        }
        path.note(format!("firewall `{fw_name}`"));

        if b == h {
            path.hop(None, &dest_name);
            return;
        }
        let Some((_, back)) = self.two_way(h, b) else {
            path.break_at(&dest_name, self.why_not_peered(h, b));
            path.fix_with(self.peering_fix(h, b));
            return;
        };
        // `back` is the peering b→h: its flag lets b accept traffic that h forwards.
        if !self.forwarded(back) {
            let via = self.peering_display(back);
            path.break_at(
                &dest_name,
                format!("peering `{via}` does not set allow_forwarded_traffic"),
            );
            path.fix_with(format!(
                "set `allow_forwarded_traffic: true` on peering `{via}`"
            ));
            return;
        }
        let via = self.peering_label(h, b);
        path.hop(Some(&via), &dest_name);
    }

    fn dest_prefix(&self, dest: SubnetId) -> Option<IpNet> {
        self.index.subnet_prefixes[dest.vnet][dest.subnet]
    }

    /// Chooses the route for `dest` by longest-prefix match; a user route wins a tie.
    fn next_hop(&self, source: SubnetId, dest_vnet: usize, dest: IpNet) -> Hop<'a> {
        let t = self.topology;
        let a = source.vnet;
        let mut best: Option<(u8, Hop<'a>)> = None;

        let mut consider = |net: IpNet, hop: Hop<'a>, user: bool| {
            if !net.contains(&dest) {
                return;
            }
            let better = match &best {
                None => true,
                Some((len, _)) => net.prefix_len() > *len || (user && net.prefix_len() == *len),
            };
            if better {
                best = Some((net.prefix_len(), hop));
            }
        };

        for net in self.index.vnet_prefixes[a].iter().flatten() {
            consider(*net, Hop::Local, false);
        }
        // Among the peers, only the destination's own VNet is looked at. A
        // peer whose space also contains the destination would overlap it,
        // which `vnet-address-overlap` reports. Scanning every peer of a hub
        // would make each query cost as much as the hub's peer count.
        if dest_vnet != a && self.two_way(a, dest_vnet).is_some() {
            for net in self.index.vnet_prefixes[dest_vnet].iter().flatten() {
                consider(*net, Hop::Peer(dest_vnet), false);
            }
        }
        let subnet = &t.vnets[a].subnets[source.subnet];
        for route in &subnet.route_table {
            let Ok(net) = route.address_prefix.value.trim().parse::<IpNet>() else {
                continue;
            };
            consider(
                net,
                Hop::User(&route.next_hop.value, &route.address_prefix.value),
                true,
            );
        }
        best.map_or(Hop::Default, |(_, hop)| hop)
    }

    /// Finds the firewall a `VirtualAppliance:` next hop names, by name or private IP.
    fn appliance(&self, target: &str) -> Option<usize> {
        if let Some(fw) = self
            .index
            .lookup(crate::model::index::Kind::Firewall, target)
        {
            return Some(fw);
        }
        let key = crate::model::index::host_key(target)?;
        self.firewall_by_ip.get(&key).copied()
    }

    fn forwarded(&self, peering: usize) -> bool {
        self.topology.peerings[peering]
            .allow_forwarded_traffic
            .as_ref()
            .is_some_and(|f| f.value)
    }

    /// Explains why VNets `a` and `b` carry no traffic between them.
    pub fn why_not_peered(&self, a: usize, b: usize) -> String {
        let t = self.topology;
        let name_b = &t.vnets[b].name.value;
        let out = self.peering_between(a, b);
        let back = self.peering_between(b, a);
        match (out, back) {
            (None, None) => format!("`{}` and `{name_b}` are not peered", t.vnets[a].name.value),
            (Some(_), None) | (None, Some(_)) => {
                let (from, to) = if out.is_some() { (b, a) } else { (a, b) };
                format!(
                    "peered in one direction only: no peering from `{}` to `{}`",
                    t.vnets[from].name.value, t.vnets[to].name.value
                )
            }
            (Some(p), Some(q)) => {
                let closed = if self.access_allowed(p) { q } else { p };
                format!(
                    "peering `{}` sets allow_virtual_network_access: false",
                    self.peering_display(closed)
                )
            }
        }
    }

    /// Returns the change that lets VNets `a` and `b` carry traffic both ways.
    pub fn peering_fix(&self, a: usize, b: usize) -> String {
        let t = self.topology;
        let (name_a, name_b) = (&t.vnets[a].name.value, &t.vnets[b].name.value);
        match (self.peering_between(a, b), self.peering_between(b, a)) {
            (None, None) => format!("peer `{name_a}` and `{name_b}` in both directions"),
            (Some(_), None) => format!("add the peering from `{name_b}` to `{name_a}`"),
            (None, Some(_)) => format!("add the peering from `{name_a}` to `{name_b}`"),
            (Some(p), Some(q)) => {
                let closed = if self.access_allowed(p) { q } else { p };
                format!(
                    "set `allow_virtual_network_access: true` on peering `{}`",
                    self.peering_display(closed)
                )
            }
        }
    }

    fn access_allowed(&self, peering: usize) -> bool {
        self.topology.peerings[peering]
            .allow_virtual_network_access
            .as_ref()
            .is_none_or(|f| f.value)
    }

    /// Returns the first declared peering from `a` to `b`.
    pub fn peering_between(&self, a: usize, b: usize) -> Option<usize> {
        self.peering_pairs.get(&(a, b)).copied()
    }

    /// Returns the peerings (a→b, b→a) when `a` and `b` carry traffic both ways.
    pub fn two_way(&self, a: usize, b: usize) -> Option<(usize, usize)> {
        let links = &self.two_way[a];
        let i = links.binary_search_by_key(&b, |l| l.vnet).ok()?;
        Some((links[i].out, links[i].back))
    }

    pub fn peering_display(&self, p: usize) -> String {
        crate::model::index::peering_name(&self.topology.peerings[p], self.topology)
    }

    fn peering_label(&self, a: usize, b: usize) -> String {
        match self.two_way(a, b) {
            Some((out, _)) => format!("peering {}", self.peering_display(out)),
            None => "peering".into(),
        }
    }
}

/// One VNet peered with another in both directions, both allowing access.
#[derive(Clone, Copy, Debug)]
pub struct TwoWay {
    pub vnet: usize,
    /// The peering from this VNet to `vnet`.
    pub out: usize,
    /// The peering from `vnet` back to this VNet.
    pub back: usize,
}

/// Computes the two-way peerings of every VNet in one pass over the graph's peering edges.
pub fn two_way_links(net: &Net) -> Vec<Vec<TwoWay>> {
    let t = net.topology;
    let mut by_pair = std::collections::HashMap::new();
    for from in 0..t.vnets.len() {
        for (p, to) in net.graph.peerings_from(from) {
            if net.access_allowed(p) {
                // The graph lists edges newest first; keep the first declared peering.
                by_pair.insert((from, to), p);
            }
        }
    }
    let mut links = vec![Vec::new(); t.vnets.len()];
    for (&(from, to), &out) in &by_pair {
        if from == to {
            continue;
        }
        if let Some(&back) = by_pair.get(&(to, from)) {
            links[from].push(TwoWay {
                vnet: to,
                out,
                back,
            });
        }
    }
    for list in &mut links {
        list.sort_by_key(|l| l.vnet);
    }
    links
}
