//! Rules of the `peering` category.

pub mod peering_one_way;

use super::Rule;

pub const RULES: &[&Rule] = &[&peering_one_way::RULE];
