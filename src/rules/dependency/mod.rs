//! Rules of the `dependency` category.

pub mod dependency_endpoints_split;
pub mod studio_storage_split;

use super::Rule;

pub const RULES: &[&Rule] = &[
    &dependency_endpoints_split::RULE,
    &studio_storage_split::RULE,
];
