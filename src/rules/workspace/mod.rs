//! Rules of the `workspace` category.

pub mod image_build_compute_missing;
pub mod public_access_flag_conflict;
pub mod public_access_private_data;
pub mod synapse_exfiltration_protection;
pub mod util;
pub mod workspace_storage_invalid;
pub mod workspace_unreachable;

use super::Rule;

pub const RULES: &[&Rule] = &[
    &workspace_unreachable::RULE,
    &public_access_flag_conflict::RULE,
    &public_access_private_data::RULE,
    &image_build_compute_missing::RULE,
    &workspace_storage_invalid::RULE,
    &synapse_exfiltration_protection::RULE,
];
