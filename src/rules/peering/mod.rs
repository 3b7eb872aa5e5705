//! Rules of the `peering` category.

use super::Rule;

pub const RULES: &[&Rule] = &[];
