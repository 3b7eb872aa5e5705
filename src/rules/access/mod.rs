//! Rules of the `access` category.

use super::Rule;

pub const RULES: &[&Rule] = &[];
