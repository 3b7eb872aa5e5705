//! The resource graph: VNets, subnets, private endpoints and private DNS zones
//! as nodes; containment, peering, placement and zone links as edges.

use petgraph::graph::{DiGraph, NodeIndex};

use crate::model::{Index, Topology};

/// A node of the resource graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node {
    Vnet(usize),
    Subnet(usize, usize),
    Endpoint(usize),
    Zone(usize),
}

/// An edge of the resource graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// A VNet contains a subnet.
    Contains,
    /// One direction of a peering (index into `topology.peerings`).
    Peering(usize),
    /// A private endpoint sits in a subnet.
    PlacedIn,
    /// A private endpoint registers its record in a zone.
    RegistersIn,
    /// A zone is linked to a VNet (link position in the zone's `vnet_links`).
    LinkedTo(usize),
}

/// The graph and the node of each VNet, subnet, endpoint and zone.
pub struct ResourceGraph {
    pub graph: DiGraph<Node, Edge>,
    pub vnet_nodes: Vec<NodeIndex>,
}

impl ResourceGraph {
    pub fn build(t: &Topology, ix: &Index) -> ResourceGraph {
        let mut graph = DiGraph::new();
        let mut vnet_nodes = Vec::with_capacity(t.vnets.len());
        let mut subnet_nodes = Vec::with_capacity(t.vnets.len());
        for (v, vnet) in t.vnets.iter().enumerate() {
            let node = graph.add_node(Node::Vnet(v));
            vnet_nodes.push(node);
            let subnets: Vec<NodeIndex> = (0..vnet.subnets.len())
                .map(|s| {
                    let subnet = graph.add_node(Node::Subnet(v, s));
                    graph.add_edge(node, subnet, Edge::Contains);
                    subnet
                })
                .collect();
            subnet_nodes.push(subnets);
        }
        for (p, (from, to)) in ix.peering_from.iter().zip(&ix.peering_to).enumerate() {
            if let (Some(from), Some(to)) = (from, to) {
                graph.add_edge(vnet_nodes[*from], vnet_nodes[*to], Edge::Peering(p));
            }
        }
        let zone_nodes: Vec<NodeIndex> = (0..t.private_dns_zones.len())
            .map(|z| graph.add_node(Node::Zone(z)))
            .collect();
        for (z, links) in ix.zone_links.iter().enumerate() {
            for (l, vnet) in links.iter().enumerate() {
                if let Some(v) = vnet {
                    graph.add_edge(zone_nodes[z], vnet_nodes[*v], Edge::LinkedTo(l));
                }
            }
        }
        for (e, subnet) in ix.endpoint_subnet.iter().enumerate() {
            let node = graph.add_node(Node::Endpoint(e));
            if let Some(s) = subnet {
                graph.add_edge(node, subnet_nodes[s.vnet][s.subnet], Edge::PlacedIn);
            }
            for zone in ix.endpoint_zones[e].iter().flatten() {
                graph.add_edge(node, zone_nodes[*zone], Edge::RegistersIn);
            }
        }
        ResourceGraph { graph, vnet_nodes }
    }

    /// Returns the peerings that leave VNet `v`, with the VNet each one reaches.
    pub fn peerings_from(&self, v: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        use petgraph::visit::EdgeRef;
        self.graph.edges(self.vnet_nodes[v]).filter_map(|edge| {
            match (edge.weight(), self.graph[edge.target()]) {
                (Edge::Peering(p), Node::Vnet(to)) => Some((*p, to)),
                _ => None,
            }
        })
    }
}
