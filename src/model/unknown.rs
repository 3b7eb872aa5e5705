//! Values that an imported design leaves unknown until deployment.
//!
//! A Terraform plan cannot know what Azure assigns at creation, such as a
//! firewall's private IP, and an ARM template can depend on functions that
//! vnetlint does not evaluate. Such a value is a *symbol*: a marked string
//! that names where it comes from. A symbol equals itself and nothing else
//! for certain, so two resources that share `resourceGroup().location` are in
//! the same region, while a comparison of a symbol with a written value has
//! no result. Rules report that missing result as an `info` finding and
//! never pass or fail on it.

use crate::model::index::Kind;
use crate::source::Loc;

/// Starts every unknown value. Azure names, addresses and regions hold no
/// control characters, so no meaningful written value looks like a symbol.
const MARK: char = '\u{1}';

/// Returns the model value for an unknown value named `symbol`, such as
/// `azurerm_firewall.hub.ip_configuration[0].private_ip_address`.
pub fn symbol(symbol: &str) -> String {
    format!("{MARK}{symbol}")
}

/// Returns true when a model value is unknown until deployment, or is made
/// from one, such as `VNET/SUBNET` whose subnet is unknown.
pub fn is_unknown(value: &str) -> bool {
    value.contains(MARK)
}

/// Returns a value for messages: without the marks of the unknown parts.
pub fn describe(value: &str) -> String {
    value.replace(MARK, "")
}

/// Returns a topology field name in the words of a message: `private_ip`
/// becomes "private IP".
pub fn field_words(field: &str) -> String {
    field
        .split('_')
        .map(|word| match word {
            "ip" => "IP",
            "dns" => "DNS",
            "vnet" => "VNet",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether two values are the same, when either may be unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Same {
    Yes,
    No,
    /// One value is unknown and the other differs from it: deployment decides.
    Unknown,
}

/// Compares two values that are already normalized (for example lowercased regions).
pub fn same(a: &str, b: &str) -> Same {
    if a == b {
        Same::Yes
    } else if is_unknown(a) || is_unknown(b) {
        Same::Unknown
    } else {
        Same::No
    }
}

/// One value of the design that is unknown until deployment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unknown {
    /// The resource that contains the value.
    pub kind: Kind,
    pub resource: String,
    /// The value, in the words of the topology format, such as `subnet` or `private_ip`.
    pub field: String,
    /// Place where the input sets, or leaves out, the value.
    pub loc: Loc,
    /// Reason it is unknown, such as "`azurerm_subnet.pe.id` is known only after apply".
    pub reason: String,
}

impl Unknown {
    /// Names the value for messages, such as "the private IP of firewall
    /// `afw-hub`", without the marks of unknown parts.
    pub fn subject(&self) -> String {
        format!(
            "the {} of {} `{}`",
            field_words(&self.field),
            self.kind.noun(),
            describe(&self.resource)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_equal_only_themselves() {
        let rg = symbol("resourceGroup().location");
        assert!(is_unknown(&rg));
        assert!(!is_unknown("eastus2"));
        assert_eq!(describe(&rg), "resourceGroup().location");
        assert_eq!(same(&rg, &rg), Same::Yes);
        assert_eq!(same(&rg, "eastus2"), Same::Unknown);
        assert_eq!(same("eastus2", "westus"), Same::No);
    }
}
