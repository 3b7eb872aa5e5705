//! Network semantics: packets, client entry points, name resolution and use
//! of a service, computed in one place for every rule.

use crate::model::{Index, Topology};

/// Answers reachability and name-resolution questions about one topology.
pub struct Net<'a> {
    pub topology: &'a Topology,
    pub index: &'a Index,
}

impl<'a> Net<'a> {
    pub fn build(topology: &'a Topology, index: &'a Index) -> Net<'a> {
        Net { topology, index }
    }
}
