//! Rules of the `workspace` category.

use super::Rule;

pub const RULES: &[&Rule] = &[];
