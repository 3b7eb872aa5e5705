//! Rules of the `address` category: address spaces, subnets and addresses.

pub mod invalid_cidr;
pub mod subnet_overlap;
pub mod util;

use super::Rule;

pub const RULES: &[&Rule] = &[&invalid_cidr::RULE, &subnet_overlap::RULE];
