//! Rules of the `dependency` category: the services a workspace needs.

pub mod dependency_endpoints_split;
pub mod dependency_not_isolated;
pub mod dependency_unreachable;
pub mod studio_storage_split;

use super::Rule;

pub const RULES: &[&Rule] = &[
    &dependency_endpoints_split::RULE,
    &dependency_unreachable::RULE,
    &dependency_not_isolated::RULE,
    &studio_storage_split::RULE,
];
