//! Rules of the `address` category.

use super::Rule;

pub const RULES: &[&Rule] = &[];
