//! Rules of the `address` category: address spaces, subnets and addresses.

pub mod address_outside_subnet;
pub mod invalid_cidr;
pub mod reserved_address_range;
pub mod special_subnet_missing;
pub mod subnet_capacity;
pub mod subnet_outside_vnet;
pub mod subnet_overlap;
pub mod subnet_too_small;
pub mod util;
pub mod vnet_address_overlap;

use super::Rule;

pub const RULES: &[&Rule] = &[
    &invalid_cidr::RULE,
    &reserved_address_range::RULE,
    &subnet_outside_vnet::RULE,
    &subnet_overlap::RULE,
    &subnet_too_small::RULE,
    &subnet_capacity::RULE,
    &address_outside_subnet::RULE,
    &special_subnet_missing::RULE,
    &vnet_address_overlap::RULE,
];
