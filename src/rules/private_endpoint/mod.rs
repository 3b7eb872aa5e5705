//! Rules of the `private-endpoint` category.

use super::Rule;

pub const RULES: &[&Rule] = &[];
