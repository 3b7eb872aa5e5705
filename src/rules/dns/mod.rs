//! Rules of the `dns` category: name resolution through private DNS.

pub mod custom_dns_unverifiable;
pub mod dns_forwarder_incomplete;
pub mod dns_unresolvable;
pub mod onprem_dns_missing;
pub(crate) mod util;

use super::Rule;

pub const RULES: &[&Rule] = &[
    &dns_unresolvable::RULE,
    &dns_forwarder_incomplete::RULE,
    &custom_dns_unverifiable::RULE,
    &onprem_dns_missing::RULE,
];
