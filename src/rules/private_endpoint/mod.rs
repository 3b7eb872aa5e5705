//! Rules of the `private-endpoint` category.

pub mod pe_dns_record_conflict;
pub mod pe_dns_zone_missing;
pub mod pe_dns_zone_wrong;
pub mod pe_invalid_target;
pub mod pe_manual_approval;
pub mod pe_region_mismatch;
pub mod pe_reserved_subnet;
pub mod pe_subnet_network_policies;
pub mod util;

use super::Rule;

pub const RULES: &[&Rule] = &[
    &pe_subnet_network_policies::RULE,
    &pe_reserved_subnet::RULE,
    &pe_region_mismatch::RULE,
    &pe_invalid_target::RULE,
    &pe_manual_approval::RULE,
    &pe_dns_zone_missing::RULE,
    &pe_dns_zone_wrong::RULE,
    &pe_dns_record_conflict::RULE,
];
