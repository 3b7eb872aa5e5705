//! Rules of the `dependency` category: the services a workspace needs.

pub mod dependency_not_isolated;
pub mod dependency_unreachable;

use super::Rule;

pub const RULES: &[&Rule] = &[
    &dependency_unreachable::RULE,
    &dependency_not_isolated::RULE,
];
