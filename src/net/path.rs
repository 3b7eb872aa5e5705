//! The steps an answer took, printed in diagnostics as
//! `vnet-a -> (peering a-to-hub) -> vnet-hub -x-> vnet-b: not peered`.

/// A path of steps; it ends at the target, or at the step where it broke.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Path {
    pub steps: Vec<String>,
    pub broken: bool,
    /// The change to the topology that repairs the step where the path broke,
    /// when one change does.
    pub fix: Option<String>,
}

impl Path {
    pub fn start(name: &str) -> Path {
        Path {
            steps: vec![format!("`{name}`")],
            broken: false,
            fix: None,
        }
    }

    /// Appends a hop to `name`, through `via` when the hop has a name.
    pub fn hop(&mut self, via: Option<&str>, name: &str) {
        match via {
            Some(via) => self.steps.push(format!("-> ({via}) -> `{name}`")),
            None => self.steps.push(format!("-> `{name}`")),
        }
    }

    /// Appends a note that is not a hop, such as the answer a resolver gave.
    pub fn note(&mut self, text: impl Into<String>) {
        self.steps.push(format!("[{}]", text.into()));
    }

    /// Ends the path at a hop to `name` that failed for `reason`.
    pub fn break_at(&mut self, name: &str, reason: impl Into<String>) {
        self.steps.push(format!("-x-> `{name}`: {}", reason.into()));
        self.broken = true;
    }

    /// Ends the path with a failure that is not a hop.
    pub fn fail(&mut self, reason: impl Into<String>) {
        self.steps.push(format!("-x- {}", reason.into()));
        self.broken = true;
    }

    /// Records the change that repairs the step where the path broke.
    pub fn fix_with(&mut self, fix: impl Into<String>) {
        self.fix = Some(fix.into());
    }

    pub fn extend(&mut self, other: Path) {
        self.steps.extend(other.steps);
        self.broken |= other.broken;
        if other.fix.is_some() {
            self.fix = other.fix;
        }
    }

    pub fn render(&self) -> String {
        self.steps.join(" ")
    }
}
