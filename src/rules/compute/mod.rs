//! Rules of the `compute` category.

pub mod aks_network_settings;
pub mod aks_private_public_fqdn;
pub mod aks_region_mismatch;
pub mod compute_region_mismatch;
pub mod compute_subnet_invalid;

use super::Rule;

pub const RULES: &[&Rule] = &[
    &compute_region_mismatch::RULE,
    &aks_region_mismatch::RULE,
    &compute_subnet_invalid::RULE,
    &aks_private_public_fqdn::RULE,
    &aks_network_settings::RULE,
];
