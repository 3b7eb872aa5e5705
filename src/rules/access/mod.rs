//! Rules of the `access` category: how people reach a private workspace.

pub mod client_storage_unreachable;
pub mod no_client_path;

use super::Rule;

pub const RULES: &[&Rule] = &[&no_client_path::RULE, &client_storage_unreachable::RULE];
