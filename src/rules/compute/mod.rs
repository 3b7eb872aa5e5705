//! Rules of the `compute` category.

use super::Rule;

pub const RULES: &[&Rule] = &[];
