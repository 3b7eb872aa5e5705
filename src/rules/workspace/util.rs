//! Helpers shared by the workspace rules.

use crate::model::{Access, DefaultAction, ManagedNetwork, Service, Workspace};
use crate::source::Loc;

/// The setting that keeps a service's public endpoint closed to the internet.
pub struct ClosedBy {
    pub loc: Loc,
    /// The setting as written in messages, such as "`public_network_access: Disabled`".
    pub setting: &'static str,
}

/// Returns the setting that makes the service unreachable from the internet:
/// `public_network_access: Disabled`, else network rules with `default_action: Deny`.
pub fn closed_to_internet(service: &Service) -> Option<ClosedBy> {
    if let Some(access) = &service.public_network_access {
        if access.value == Access::Disabled {
            return Some(ClosedBy {
                loc: access.loc,
                setting: "`public_network_access: Disabled`",
            });
        }
    }
    let action = service.network_rules.as_ref()?.default_action.as_ref()?;
    (action.value == DefaultAction::Deny).then_some(ClosedBy {
        loc: action.loc,
        setting: "`default_action: Deny`",
    })
}

/// Returns true when the workspace uses a managed network (any mode but `Disabled`).
pub fn uses_managed_network(workspace: &Workspace) -> bool {
    workspace
        .managed_network
        .as_ref()
        .is_some_and(|m| m.value != ManagedNetwork::Disabled)
}
