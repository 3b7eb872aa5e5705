//! What does a source's resolver answer for a service name?
//!
//! A VNet's resolver is Azure DNS when its `dns_servers` list is empty or
//! starts with 168.63.129.16, else its first server. Azure DNS in VNet V sees
//! the private DNS zones linked to V; a DNS Private Resolver inbound endpoint or
//! a firewall DNS proxy sees what Azure DNS sees in its own VNet; a DNS server
//! VM follows its most specific conditional forwarder.

use std::net::IpAddr;

use super::path::Path;
use super::DnsHost;
use super::{Net, Source};
use crate::azure::{self, AZURE_DNS};
use crate::model::index::{parse_ip, SubnetId, TargetRef};
use crate::model::{Group, VmRole};

/// The single answer a resolver gives for one service name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The private address of this private endpoint.
    Private(usize),
    /// A hand-made A record, and the declared subnet that contains its address.
    Record {
        ip: String,
        subnet: Option<SubnetId>,
    },
    /// NXDOMAIN from this zone, which has no record for the service.
    NxDomain(usize),
    /// The service's public address.
    Public,
    /// Several endpoints registered in this zone; whichever registered last wins.
    Ambiguous(usize),
    /// The server is not declared, so the answer cannot be checked.
    Unverifiable,
    /// No answer at all, for the reason given.
    Failed(String),
}

/// The server a source sends its DNS queries to, and what that server sees.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum View {
    /// Azure DNS as seen from this VNet: the zones linked to it.
    AzureDns(usize),
    /// A DNS server VM and its conditional forwarders.
    DnsVm(usize),
    /// A server at an address the topology does not declare.
    Undeclared(String),
    /// Every name fails, for the reason given.
    Broken(String),
    /// Names resolve publicly only (on-premises clients without a resolver in Azure).
    PublicOnly,
}

/// A source's resolver: the view, the subnet of the server it must reach, and how it got there.
#[derive(Clone)]
pub(super) struct Resolver {
    pub view: View,
    pub server: Option<SubnetId>,
    pub path: Path,
}

/// Maximum number of forwarder hops followed from one DNS server VM to the next.
const MAX_FORWARD_HOPS: usize = 4;

impl Net<'_> {
    /// Finds the resolver of a source.
    pub(super) fn resolver_of(&self, source: Source) -> Resolver {
        match source {
            Source::Subnet(s) => self.vnet_resolver(s.vnet),
            Source::OnPrem(g) => {
                if let Some(cached) = self.onprem_resolvers.borrow().get(&g) {
                    return cached.clone();
                }
                let resolver = self.onprem_resolver(g);
                self.onprem_resolvers
                    .borrow_mut()
                    .insert(g, resolver.clone());
                resolver
            }
        }
    }

    fn vnet_resolver(&self, v: usize) -> Resolver {
        let vnet = &self.topology.vnets[v];
        let mut path = Path::start(&vnet.name.value);
        let first = vnet.dns_servers.first().map(|s| s.value.trim());
        match first {
            None | Some(AZURE_DNS) => {
                path.note("Azure DNS");
                Resolver {
                    view: View::AzureDns(v),
                    server: None,
                    path,
                }
            }
            Some(ip) => self.server_at(ip, path),
        }
    }

    /// Resolves through the declared server at `ip`.
    fn server_at(&self, ip: &str, mut path: Path) -> Resolver {
        let t = self.topology;
        if crate::model::index::host_key(ip).is_none() {
            path.fail(format!("DNS server `{ip}` is not an IP address"));
            return Resolver {
                view: View::Broken(format!("DNS server `{ip}` is not an IP address")),
                server: None,
                path,
            };
        };
        match self.dns_host_at(ip) {
            Some(DnsHost::Resolver(r)) => {
                path.note(format!(
                    "DNS Private Resolver `{}` at {ip}",
                    t.dns_resolvers[r].name.value
                ));
                let view = match self.index.resolver_vnet[r] {
                    Some(v) => View::AzureDns(v),
                    None => View::Broken(format!(
                        "resolver `{}` has no declared VNet",
                        t.dns_resolvers[r].name.value
                    )),
                };
                return Resolver {
                    view,
                    server: self.index.resolver_subnet[r],
                    path,
                };
            }
            Some(DnsHost::Firewall {
                firewall: f,
                dns_proxy,
            }) => {
                let fw = &t.firewalls[f];
                let server = self.index.firewall_subnet[f];
                if !dns_proxy {
                    let reason = format!(
                        "firewall `{}` at {ip} does not proxy DNS (dns_proxy is not true)",
                        fw.name.value
                    );
                    path.fail(reason.clone());
                    path.fix_with(format!(
                        "set `dns_proxy: true` on firewall `{}`",
                        fw.name.value
                    ));
                    return Resolver {
                        view: View::Broken(reason),
                        server,
                        path,
                    };
                }
                path.note(format!("DNS proxy of firewall `{}` at {ip}", fw.name.value));
                let view = server.map_or(
                    View::Broken("the firewall's subnet is not declared".into()),
                    |s| View::AzureDns(s.vnet),
                );
                return Resolver { view, server, path };
            }
            Some(DnsHost::Vm { vm, dns_server }) => {
                let machine = &t.virtual_machines[vm];
                let server = self.index.vm_subnet[vm];
                if !dns_server {
                    let reason = format!(
                        "VM `{}` at {ip} is not a DNS server (role is not dns_server)",
                        machine.name.value
                    );
                    path.fail(reason.clone());
                    path.fix_with(format!(
                        "point `dns_servers` at a DNS server, or give `{}` `role: dns_server` and its forwarders",
                        machine.name.value
                    ));
                    return Resolver {
                        view: View::Broken(reason),
                        server,
                        path,
                    };
                }
                path.note(format!("DNS server VM `{}` at {ip}", machine.name.value));
                return Resolver {
                    view: View::DnsVm(vm),
                    server,
                    path,
                };
            }
            None => {}
        }
        path.note(format!("undeclared DNS server {ip}"));
        Resolver {
            view: View::Undeclared(ip.to_string()),
            server: None,
            path,
        }
    }

    /// Returns true when on-premises clients behind `gateway` can reach a declared
    /// DNS Private Resolver, DNS proxy or DNS server VM.
    pub fn onprem_can_resolve(&self, gateway: usize) -> bool {
        self.onprem_resolver(gateway).view != View::PublicOnly
    }

    /// Returns the address on-premises clients behind `gateway` resolve through: the
    /// first declared DNS Private Resolver inbound endpoint, then firewall DNS proxy,
    /// then DNS server VM, in a VNet they can send packets to.
    pub fn onprem_dns_address(&self, gateway: usize) -> Option<&str> {
        let t = self.topology;
        let reach = self.onprem_vnets(gateway);
        let reachable =
            |s: Option<SubnetId>| s.is_some_and(|s| reach.binary_search(&s.vnet).is_ok());

        let resolver = t
            .dns_resolvers
            .iter()
            .enumerate()
            .find(|(r, _)| reachable(self.index.resolver_subnet[*r]));
        if let Some((_, resolver)) = resolver {
            return Some(resolver.inbound_ip.value.trim());
        }
        let proxy = t.firewalls.iter().enumerate().find(|(f, fw)| {
            fw.dns_proxy.as_ref().is_some_and(|p| p.value)
                && reachable(self.index.firewall_subnet[*f])
        });
        if let Some((_, fw)) = proxy {
            return Some(fw.private_ip.value.trim());
        }
        t.virtual_machines
            .iter()
            .enumerate()
            .find_map(|(vm, machine)| {
                let is_dns = machine.role.as_ref().map(|r| r.value) == Some(VmRole::DnsServer);
                let ip = machine.private_ip.as_ref()?;
                (is_dns && reachable(self.index.vm_subnet[vm])).then(|| ip.value.trim())
            })
    }

    /// On-premises clients cannot query Azure DNS: they resolve through
    /// [`Net::onprem_dns_address`], or only publicly when there is none.
    fn onprem_resolver(&self, gateway: usize) -> Resolver {
        let t = self.topology;
        let mut path = Path::start(&format!(
            "on-premises via {}",
            t.gateways[gateway].name.value
        ));
        if let Some(ip) = self.onprem_dns_address(gateway) {
            return self.server_at(ip, path);
        }
        path.fail("no DNS Private Resolver, DNS proxy or DNS server VM is reachable from on-premises, so names resolve publicly");
        path.fix_with(
            "declare a DNS Private Resolver inbound endpoint in a VNet that on-premises clients reach through the gateway, \
             and forward the private zones to it from on-premises DNS",
        );
        Resolver {
            view: View::PublicOnly,
            server: None,
            path,
        }
    }

    /// Returns what `view` answers for the service, caching per view and service.
    pub(super) fn answer(&self, view: &View, target: TargetRef, group: Group) -> (Answer, Path) {
        let key = (view.clone(), target, group);
        if let Some(hit) = self.answers.borrow().get(&key) {
            return hit.clone();
        }
        let result = self.compute_answer(view, target, group, 0);
        self.answers.borrow_mut().insert(key, result.clone());
        result
    }

    fn compute_answer(
        &self,
        view: &View,
        target: TargetRef,
        group: Group,
        hops: usize,
    ) -> (Answer, Path) {
        let mut combined: Option<(Answer, Path)> = None;
        for zone_name in self.zone_names(target, group) {
            let (answer, path) = self.answer_for_zone(view, &zone_name, target, group, hops);
            let private = matches!(answer, Answer::Private(_) | Answer::Record { .. });
            // The first answer that is not private decides; otherwise the first private one.
            match &combined {
                None => combined = Some((answer, path)),
                Some((first, _))
                    if matches!(first, Answer::Private(_) | Answer::Record { .. }) && !private =>
                {
                    combined = Some((answer, path));
                }
                Some(_) => {}
            }
        }
        combined.unwrap_or((Answer::Public, Path::default()))
    }

    fn answer_for_zone(
        &self,
        view: &View,
        zone_name: &str,
        target: TargetRef,
        group: Group,
        hops: usize,
    ) -> (Answer, Path) {
        let mut path = Path::default();
        match view {
            View::AzureDns(v) => self.azure_dns_answer(*v, zone_name, target, group),
            View::DnsVm(vm) => self.forwarded_answer(*vm, zone_name, target, group, hops),
            View::Undeclared(ip) => {
                path.note(format!(
                    "{ip} is not declared, so its answer for {zone_name} is not checked"
                ));
                (Answer::Unverifiable, path)
            }
            // The resolver's own path already ends with the reason.
            View::Broken(reason) => (Answer::Failed(reason.clone()), path),
            View::PublicOnly => {
                path.note(format!(
                    "{} resolves to the public address",
                    azure::public_zone(zone_name)
                ));
                (Answer::Public, path)
            }
        }
    }

    /// Azure DNS in VNet `v`: the linked zone of that name decides.
    fn azure_dns_answer(
        &self,
        v: usize,
        zone_name: &str,
        target: TargetRef,
        group: Group,
    ) -> (Answer, Path) {
        let t = self.topology;
        let vnet_name = &t.vnets[v].name.value;
        let mut path = Path::default();
        let linked = self.index.zones_linked_to[v].iter().find(|(z, _)| {
            t.private_dns_zones[*z]
                .name
                .value
                .eq_ignore_ascii_case(zone_name)
        });
        let Some(&(zone, link)) = linked else {
            path.note(format!(
                "no zone {zone_name} is linked to `{vnet_name}`: public address"
            ));
            path.fix_with(format!(
                "link private DNS zone {zone_name} to `{vnet_name}`"
            ));
            return (Answer::Public, path);
        };
        let zone_label = t.zone_display(zone);

        let registered = self
            .records
            .get(&(zone, target, group))
            .map_or(&[][..], Vec::as_slice);
        match registered {
            [one] => {
                let pe = &t.private_endpoints[*one].name.value;
                path.note(format!("zone {zone_label} answers with endpoint `{pe}`"));
                return (Answer::Private(*one), path);
            }
            [_, _, ..] => {
                path.note(format!(
                    "zone {zone_label} holds records of several endpoints: ambiguous"
                ));
                return (Answer::Ambiguous(zone), path);
            }
            [] => {}
        }
        if let Some(record) = self.hand_made_record(zone, target, group) {
            let subnet = self.subnet_holding(&record);
            path.note(format!(
                "zone {zone_label} answers {record} (hand-made record)"
            ));
            return (Answer::Record { ip: record, subnet }, path);
        }
        let has_endpoint = self
            .index
            .approved_endpoints(t, target, group)
            .next()
            .is_some();
        let fallback = t.private_dns_zones[zone].vnet_links[link]
            .fallback_to_internet
            .as_ref()
            .is_some_and(|f| f.value);
        if has_endpoint && !fallback {
            path.fail(format!(
                "zone {zone_label} is linked to `{vnet_name}` but has no record for `{}`: NXDOMAIN",
                t.target_name(target).value
            ));
            path.fix_with(format!(
                "list zone {zone_label} in the `dns_zones` of an endpoint of `{}`, or set \
                 `fallback_to_internet: true` on the zone's link to `{vnet_name}`",
                t.target_name(target).value
            ));
            return (Answer::NxDomain(zone), path);
        }
        path.note(format!("zone {zone_label} has no record: public address"));
        (Answer::Public, path)
    }

    /// Answers through a DNS server VM, whose most specific conditional forwarder for the name decides.
    fn forwarded_answer(
        &self,
        vm: usize,
        zone_name: &str,
        target: TargetRef,
        group: Group,
        hops: usize,
    ) -> (Answer, Path) {
        let t = self.topology;
        let machine = &t.virtual_machines[vm];
        let mut path = Path::default();
        let public = azure::public_zone(zone_name);
        let best = machine
            .dns_forwarders
            .iter()
            .filter(|f| {
                zone_matches(&f.zone.value, public) || zone_matches(&f.zone.value, zone_name)
            })
            .max_by_key(|f| {
                if f.zone.value.trim() == "." {
                    0
                } else {
                    f.zone.value.len() + 1
                }
            });
        let Some(forwarder) = best else {
            path.note(format!(
                "`{}` has no forwarder for {public}: public address",
                machine.name.value
            ));
            path.fix_with(format!(
                "add a conditional forwarder for {public} to 168.63.129.16 on DNS server `{}`",
                machine.name.value
            ));
            return (Answer::Public, path);
        };
        let to = forwarder.to.value.trim();
        path.note(format!(
            "`{}` forwards {} to {to}",
            machine.name.value, forwarder.zone.value
        ));
        if to == AZURE_DNS {
            let Some(subnet) = self.index.vm_subnet[vm] else {
                return (
                    Answer::Failed("the DNS server's subnet is not declared".into()),
                    path,
                );
            };
            let (answer, rest) = self.azure_dns_answer(subnet.vnet, zone_name, target, group);
            path.extend(rest);
            return (answer, path);
        }
        if hops >= MAX_FORWARD_HOPS {
            path.fail(format!("more than {MAX_FORWARD_HOPS} forwarding hops"));
            return (Answer::Failed("forwarding loop".into()), path);
        }
        let next = self.server_at(to, Path::default());
        path.extend(next.path);
        let (answer, rest) = match &next.view {
            View::DnsVm(other) => self.forwarded_answer(*other, zone_name, target, group, hops + 1),
            other => self.answer_for_zone(other, zone_name, target, group, hops + 1),
        };
        path.extend(rest);
        (answer, path)
    }

    /// Returns the address of a hand-made A record for the service in `zone`:
    /// one named like the target, or any record for a workspace.
    fn hand_made_record(&self, zone: usize, target: TargetRef, group: Group) -> Option<String> {
        let t = self.topology;
        let name = &t.target_name(target).value;
        t.private_dns_zones[zone]
            .records
            .iter()
            .find(|r| {
                let label = r.name.value.split('.').next().unwrap_or("");
                group == Group::AmlWorkspace || label.eq_ignore_ascii_case(name)
            })
            .map(|r| r.ip.value.trim().to_string())
    }

    /// Finds the declared subnet that contains an address.
    fn subnet_holding(&self, ip: &str) -> Option<SubnetId> {
        let addr: IpAddr = parse_ip(ip)?;
        for (v, prefixes) in self.index.subnet_prefixes.iter().enumerate() {
            for (s, prefix) in prefixes.iter().enumerate() {
                if prefix.is_some_and(|p| p.contains(&addr)) {
                    return Some(SubnetId { vnet: v, subnet: s });
                }
            }
        }
        None
    }

    /// Returns the private DNS zone names that the service's name goes through.
    pub fn zone_names(&self, target: TargetRef, group: Group) -> Vec<String> {
        let region = match target {
            TargetRef::Aks(a) => self.index.aks_region[a].as_ref().map(|r| r.key.as_str()),
            _ => None,
        };
        azure::zones_for(self.topology.cloud, group, region)
    }
}

/// Returns true when forwarder zone `zone` equals `name` or is a parent of it; `.` matches all.
fn zone_matches(zone: &str, name: &str) -> bool {
    let zone = zone.trim().trim_end_matches('.').to_ascii_lowercase();
    if zone.is_empty() {
        return true;
    }
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == zone || name.ends_with(&format!(".{zone}"))
}

#[cfg(test)]
mod tests {
    use super::zone_matches;

    #[test]
    fn zone_matches_parents_only() {
        assert!(zone_matches("api.azureml.ms", "api.azureml.ms"));
        assert!(zone_matches("azureml.ms", "api.azureml.ms"));
        assert!(zone_matches(".", "api.azureml.ms"));
        assert!(!zone_matches("ml.ms", "api.azureml.ms"));
        assert!(!zone_matches("notebooks.azure.net", "api.azureml.ms"));
    }
}
