//! Rules of the `dependency` category.

use super::Rule;

pub const RULES: &[&Rule] = &[];
