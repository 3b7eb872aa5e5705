//! Rules of the `dns` category.

use super::Rule;

pub const RULES: &[&Rule] = &[];
