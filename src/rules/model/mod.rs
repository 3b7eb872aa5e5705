//! Rules of the `model` category: the file itself.

pub mod azure_limit_exceeded;
pub mod duplicate_name;
pub mod invalid_name;
pub mod unknown_reference;
pub mod unknown_region;
pub mod unknown_value;
pub mod unused_suppression;

use super::Rule;

pub const RULES: &[&Rule] = &[
    &unknown_reference::RULE,
    &duplicate_name::RULE,
    &invalid_name::RULE,
    &unknown_region::RULE,
    &azure_limit_exceeded::RULE,
    &unused_suppression::RULE,
    &unknown_value::RULE,
];
