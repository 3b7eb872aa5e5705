//! Can a source use service T (sub-resource g)? Only through the answer its
//! resolver gives: a private address it can send packets to, or a public
//! address whose network rules admit it.

use super::names::Answer;
use super::path::Path;
use super::{Net, Source};
use crate::model::index::{ServiceKind, SubnetId, TargetRef};
use crate::model::{Access, DefaultAction, Group};

/// The route a source uses to reach a service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// Through this private endpoint.
    Endpoint(usize),
    /// Through a hand-made record's private address.
    Record,
    /// Over the service's public endpoint.
    Public,
}

/// The answer to "can this source use this service?", with the path tried.
#[derive(Clone, Debug)]
pub struct Usage {
    /// The route the source uses, or `None` when it cannot use the service.
    pub route: Option<Route>,
    /// What the source's resolver answered.
    pub answer: Answer,
    /// Resolution, then packets, ending where it broke.
    pub path: Path,
    /// An approved endpoint of the service that packets from the source reach, if any.
    pub endpoint_reachable: Option<usize>,
    /// The change that makes name resolution return the private address, when
    /// resolution is what went wrong.
    pub dns_fix: Option<String>,
}

impl Usage {
    pub fn usable(&self) -> bool {
        self.route.is_some()
    }

    /// True when the answer cannot be judged: several endpoints share one
    /// record (reported by `pe-dns-record-conflict`).
    pub fn ambiguous(&self) -> bool {
        matches!(self.answer, Answer::Ambiguous(_))
    }
}

impl Net<'_> {
    /// Answers whether `source` can use sub-resource `group` of `target`.
    pub fn use_service(&self, source: Source, target: TargetRef, group: Group) -> Usage {
        let resolver = self.resolver_of(source);
        let mut path = resolver.path.clone();

        if let Some(server) = resolver.server {
            let to_server = self.reach(source, server);
            if to_server.broken {
                path.extend(to_server);
                path.fail("the DNS server is unreachable, so no name resolves");
                let answer = Answer::Failed("DNS server unreachable".into());
                let dns_fix = path.fix.clone();
                let endpoint_reachable = self.reachable_endpoint(source, target, group);
                return Usage {
                    route: None,
                    answer,
                    path,
                    endpoint_reachable,
                    dns_fix,
                };
            }
        }

        let (answer, steps) = self.answer(&resolver.view, target, group);
        let dns_fix = resolver.path.fix.clone().or_else(|| steps.fix.clone());
        path.extend(steps);
        let route = match &answer {
            Answer::Private(pe) => self.endpoint_route(source, *pe, &mut path),
            Answer::Record { subnet, ip } => self.record_route(source, *subnet, ip, &mut path),
            Answer::Public => self.public_route(source, target, &mut path),
            Answer::Unverifiable => match self.reachable_endpoint(source, target, group) {
                Some(pe) => Some(Route::Endpoint(pe)),
                None => self.public_route(source, target, &mut path),
            },
            Answer::NxDomain(_) | Answer::Failed(_) | Answer::Ambiguous(_) => None,
        };
        // A route through an endpoint already proves one is reachable, so the
        // search over the service's endpoints runs only when it did not.
        let endpoint_reachable = match route {
            Some(Route::Endpoint(pe)) => Some(pe),
            _ => self.reachable_endpoint(source, target, group),
        };
        Usage {
            route,
            answer,
            path,
            endpoint_reachable,
            dns_fix,
        }
    }

    fn endpoint_route(&self, source: Source, pe: usize, path: &mut Path) -> Option<Route> {
        let Some(subnet) = self.index.endpoint_subnet[pe] else {
            path.fail("the endpoint's subnet is not declared");
            return None;
        };
        let packets = self.reach(source, subnet);
        let ok = !packets.broken;
        path.extend(packets);
        ok.then_some(Route::Endpoint(pe))
    }

    fn record_route(
        &self,
        source: Source,
        subnet: Option<SubnetId>,
        ip: &str,
        path: &mut Path,
    ) -> Option<Route> {
        let Some(subnet) = subnet else {
            path.fail(format!("{ip} is in no declared subnet"));
            return None;
        };
        let packets = self.reach(source, subnet);
        let ok = !packets.broken;
        path.extend(packets);
        ok.then_some(Route::Record)
    }

    /// Checks the public endpoint, which admits a subnet when public access is enabled and the
    /// default action is Allow, or when the subnet is a listed service-endpoint subnet.
    fn public_route(&self, source: Source, target: TargetRef, path: &mut Path) -> Option<Route> {
        let t = self.topology;
        let name = &t.target_name(target).value;
        let (access, rules) = match target {
            TargetRef::Service(kind, i) => {
                let service = &t.services(kind)[i];
                let access = service
                    .public_network_access
                    .as_ref()
                    .map_or(Access::Enabled, |a| a.value);
                (access, Some((kind, i, service)))
            }
            TargetRef::Workspace(w) => (self.index.workspace_public_access(t, w), None),
            TargetRef::Aks(_) | TargetRef::Synapse(_) => (Access::Enabled, None),
        };
        if access == Access::Disabled {
            path.fail(format!("`{name}` has public network access disabled"));
            // No single change repairs this: a private path or public access both would.
            path.fix = None;
            return None;
        }
        let Some((kind, i, service)) = rules else {
            path.note(format!("public endpoint of `{name}`"));
            return Some(Route::Public);
        };
        let Some(rules) = &service.network_rules else {
            path.note(format!("public endpoint of `{name}`"));
            return Some(Route::Public);
        };
        let deny = rules
            .default_action
            .as_ref()
            .is_some_and(|a| a.value == DefaultAction::Deny);
        if !deny {
            path.note(format!("public endpoint of `{name}`"));
            return Some(Route::Public);
        }
        if let Source::Subnet(s) = source {
            if self.service_endpoint_admits(kind, i, s) {
                path.note(format!("service endpoint to `{name}`"));
                return Some(Route::Public);
            }
        }
        path.fail(format!(
            "`{name}` denies public traffic by default and does not list this subnet"
        ));
        path.fix = None;
        None
    }

    fn service_endpoint_admits(&self, kind: ServiceKind, service: usize, subnet: SubnetId) -> bool {
        let listed =
            self.index.service_rule_subnets[kind as usize][service].contains(&Some(subnet));
        let endpoints = &self.topology.vnets[subnet.vnet].subnets[subnet.subnet].service_endpoints;
        listed
            && endpoints
                .iter()
                .any(|e| e.value.eq_ignore_ascii_case(kind.service_endpoint()))
    }

    /// Returns an approved endpoint of the service that packets from `source` reach.
    ///
    /// Endpoints in the source's own VNet are tried first, so a design with an
    /// endpoint in every spoke costs one check per spoke, not one per endpoint.
    pub fn reachable_endpoint(
        &self,
        source: Source,
        target: TargetRef,
        group: Group,
    ) -> Option<usize> {
        let t = self.topology;
        let mut endpoints: Vec<usize> = self.index.approved_endpoints(t, target, group).collect();
        let home = source.vnet(self);
        endpoints.sort_by_key(|&pe| self.index.endpoint_subnet[pe].map(|s| Some(s.vnet) != home));
        endpoints.into_iter().find(|&pe| {
            self.index.endpoint_subnet[pe].is_some_and(|subnet| !self.reach(source, subnet).broken)
        })
    }
}
