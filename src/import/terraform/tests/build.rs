//! Builds small plan documents for the importer tests.

/// One resource instance of a test plan, in `planned_values` or `prior_state`.
pub struct Spec {
    address: String,
    values: String,
    after_unknown: String,
    expressions: String,
    actions: Option<&'static str>,
}

/// Returns a resource at `address` (`TYPE.NAME`, `TYPE.NAME[KEY]` or
/// `data.TYPE.NAME`) with the planned `values`, a JSON object.
pub fn res(address: &str, values: &str) -> Spec {
    Spec {
        address: address.to_string(),
        values: values.to_string(),
        after_unknown: "{}".into(),
        expressions: "{}".into(),
        actions: None,
    }
}

impl Spec {
    /// Sets the `after_unknown` object of the resource's change.
    pub fn unknown(mut self, after_unknown: &str) -> Spec {
        self.after_unknown = after_unknown.to_string();
        self
    }

    /// Sets the `expressions` of the resource's configuration block.
    pub fn config(mut self, expressions: &str) -> Spec {
        self.expressions = expressions.to_string();
        self
    }

    /// Sets the change actions, such as `"delete"`.
    pub fn action(mut self, action: &'static str) -> Spec {
        self.actions = Some(action);
        self
    }

    fn data(&self) -> bool {
        self.address.starts_with("data.")
    }

    /// Returns the address without an instance key: the configuration block's address.
    fn block(&self) -> &str {
        self.address.split('[').next().unwrap_or_default()
    }

    /// Returns `(type, name)` from the block address.
    fn type_and_name(&self) -> (&str, &str) {
        let local = self.block().strip_prefix("data.").unwrap_or(self.block());
        local.split_once('.').expect("an address TYPE.NAME")
    }

    fn header(&self) -> String {
        let (kind, name) = self.type_and_name();
        let mode = if self.data() { "data" } else { "managed" };
        let index = match self.address.find('[') {
            Some(at) => {
                let key = &self.address[at + 1..self.address.len() - 1];
                format!(r#", "index": {key}"#)
            }
            None => String::new(),
        };
        let address = serde_json::to_string(&self.address).unwrap();
        format!(
            r#""address": {address}, "mode": "{mode}", "type": "{kind}", "name": "{name}"{index}"#
        )
    }

    fn state(&self) -> String {
        format!(r#"{{{}, "values": {}}}"#, self.header(), self.values)
    }

    fn change(&self, default: &str) -> String {
        let action = self.actions.unwrap_or(default);
        let address = serde_json::to_string(&self.address).unwrap();
        format!(
            r#"{{"address": {address}, "change": {{"actions": ["{action}"], "after_unknown": {}}}}}"#,
            self.after_unknown
        )
    }

    fn configuration(&self) -> String {
        let (kind, name) = self.type_and_name();
        let mode = if self.data() { "data" } else { "managed" };
        format!(
            r#"{{"address": "{}", "mode": "{mode}", "type": "{kind}", "name": "{name}", "expressions": {}}}"#,
            self.block(),
            self.expressions
        )
    }
}

/// Builds a plan of root-module resources: `planned` in `planned_values`
/// (a data source there is read at apply) and `prior` in `prior_state`.
pub fn plan(planned: &[Spec], prior: &[Spec]) -> String {
    let join = |items: Vec<String>| items.join(",\n    ");
    let states = |specs: &[Spec]| join(specs.iter().map(Spec::state).collect());
    let mut changes: Vec<String> = planned
        .iter()
        .map(|s| s.change(if s.data() { "read" } else { "create" }))
        .collect();
    changes.extend(
        prior
            .iter()
            .filter(|s| s.actions.is_some())
            .map(|s| s.change("")),
    );
    let mut blocks: Vec<String> = Vec::new();
    for spec in planned.iter().chain(prior) {
        let block = spec.configuration();
        if !blocks.contains(&block) {
            blocks.push(block);
        }
    }
    format!(
        r#"{{"format_version": "1.2", "terraform_version": "1.9.8",
  "planned_values": {{"root_module": {{"resources": [
    {}]}}}},
  "prior_state": {{"values": {{"root_module": {{"resources": [
    {}]}}}}}},
  "resource_changes": [
    {}],
  "configuration": {{"root_module": {{"resources": [
    {}]}}}}}}"#,
        states(planned),
        states(prior),
        join(changes),
        join(blocks)
    )
}

/// Returns a configuration reference and its prefixes, as Terraform lists them.
pub fn references(traversal: &str) -> String {
    let mut all = vec![traversal.to_string()];
    let mut rest = traversal;
    while let Some(at) = rest.rfind(['.', '[']) {
        rest = &rest[..at];
        if rest.contains('.') {
            all.push(rest.to_string());
        }
    }
    let quoted: Vec<String> = all
        .iter()
        .map(|r| serde_json::to_string(r).unwrap())
        .collect();
    format!(r#"{{"references": [{}]}}"#, quoted.join(", "))
}

/// Returns the text that a location covers.
pub fn text_at(text: &str, loc: crate::source::Loc) -> &str {
    &text[loc.offset..loc.offset + loc.len]
}
