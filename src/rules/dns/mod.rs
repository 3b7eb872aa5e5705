//! Rules of the `dns` category: name resolution through private DNS.

pub mod dns_unresolvable;

use super::Rule;

pub const RULES: &[&Rule] = &[&dns_unresolvable::RULE];
