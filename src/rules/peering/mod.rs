//! Rules of the `peering` category.

pub mod peering_one_way;
pub mod remote_gateway_invalid;

use super::Rule;

pub const RULES: &[&Rule] = &[&peering_one_way::RULE, &remote_gateway_invalid::RULE];
