//! The resources of a plan: every instance in `planned_values` and
//! `prior_state`, with its `after_unknown` marks and its configuration block.

use std::collections::HashMap;

use crate::import::tree::{Node, Value};
use crate::load::LoadError;

pub use super::modules::{closing_bracket, module_calls};
use super::read::{changes, list, object, resource, text, Change, Errors, HELP};
use crate::source::Loc;

/// One resource instance of the plan.
pub struct Res<'a> {
    /// Full address, such as `module.spoke["001"].azurerm_subnet.pe`.
    pub address: &'a str,
    /// The node of the address string, which locates the resource itself.
    pub address_loc: Loc,
    /// Address of the module instance that declares it; empty for the root module.
    pub module: String,
    pub managed: bool,
    /// Taken from `prior_state`: the resource exists, or the data source was read while planning.
    pub prior: bool,
    /// The plan deletes the resource and creates nothing in its place.
    pub deleted: bool,
    /// The plan reads the data source only at apply (action `read`).
    pub deferred: bool,
    /// Resource type, such as `azurerm_subnet`.
    pub kind: &'a str,
    /// The `for_each` key or `count` index of the instance.
    pub index: Option<&'a Node>,
    pub values: &'a Node,
    /// The `after_unknown` tree of the resource's change, if the plan changes it.
    pub unknown: Option<&'a Node>,
    /// The `expressions` of the resource's configuration block.
    pub config: Option<&'a Node>,
}

/// One step of an attribute path: an object key or a list position.
#[derive(Clone, Copy, Debug)]
pub enum Step<'s> {
    Key(&'s str),
    At(usize),
}

/// Splits a path such as `ip_configuration.0.subnet_id`: numeric parts are list positions.
pub fn steps(path: &str) -> Vec<Step<'_>> {
    path.split('.')
        .map(|part| match part.parse::<usize>() {
            Ok(i) => Step::At(i),
            Err(_) => Step::Key(part),
        })
        .collect()
}

/// The planned state of one attribute of a resource.
pub enum Val<'a> {
    Known(&'a Node),
    /// Marked in `after_unknown`: set only at apply.
    Unknown,
    /// Null or missing, and not marked unknown.
    Absent,
}

impl<'a> Res<'a> {
    /// Returns the planned value at `path`, or whether apply decides it.
    pub fn value(&self, path: &str) -> Val<'a> {
        let steps = steps(path);
        if self.marked_unknown(&steps) {
            return Val::Unknown;
        }
        match walk(self.values, &steps) {
            Some(node) if !node.is_null() => Val::Known(node),
            _ => Val::Absent,
        }
    }

    pub fn known(&self, path: &str) -> Option<&'a Node> {
        match self.value(path) {
            Val::Known(node) => Some(node),
            _ => None,
        }
    }

    fn marked_unknown(&self, steps: &[Step]) -> bool {
        let Some(mut node) = self.unknown else {
            return false;
        };
        for step in steps {
            if node.as_bool() == Some(true) {
                return true;
            }
            match walk(node, std::slice::from_ref(step)) {
                Some(next) => node = next,
                None => return false,
            }
        }
        node.as_bool() == Some(true)
    }

    /// Returns the configuration expression that sets `path`. Nested blocks
    /// are lists of objects there, as in `values`; a position inside a list
    /// attribute stops at the attribute's expression.
    pub fn expression(&self, path: &str) -> Option<&'a Node> {
        let mut node = self.config?;
        for step in steps(path) {
            if is_expression(node) {
                break;
            }
            node = walk(node, &[step])?;
        }
        is_expression(node).then_some(node)
    }

    /// Returns true when the configuration sets `path`, so an unknown value
    /// there is the user's and not an Azure default.
    pub fn configured(&self, path: &str) -> bool {
        self.expression(path).is_some()
    }

    /// Returns true for a data source that Terraform reads only at apply.
    /// A data source read while planning is in `prior_state`; one deferred
    /// to apply has a `read` change, and its values are unknown.
    pub fn unread(&self) -> bool {
        !self.managed && (!self.prior || self.deferred)
    }

    /// Returns the index as it appears in an address, such as `["001"]` or `[0]`.
    pub fn index_text(&self) -> Option<String> {
        self.index.map(index_text)
    }
}

/// Formats an instance key the way Terraform writes it in addresses.
pub fn index_text(index: &Node) -> String {
    match &index.value {
        Value::String(key) => format!("[{}]", serde_json::to_string(key).unwrap_or_default()),
        Value::Number(n) => format!("[{n}]"),
        _ => String::new(),
    }
}

fn is_expression(node: &Node) -> bool {
    node.get("references").is_some() || node.get("constant_value").is_some()
}

fn walk<'a>(mut node: &'a Node, steps: &[Step]) -> Option<&'a Node> {
    for step in steps {
        node = match step {
            Step::Key(key) => node.get(key)?,
            Step::At(i) => node.items().get(*i)?,
        };
    }
    Some(node)
}

/// Every resource of a plan, with lookups by address and by Azure id.
pub struct Plan<'a> {
    pub resources: Vec<Res<'a>>,
    by_address: HashMap<&'a str, usize>,
    by_id: HashMap<String, usize>,
    /// `type.name` within a module instance, to its instances.
    by_block: HashMap<(String, String), Vec<usize>>,
    pub configuration: Option<&'a Node>,
}

impl<'a> Plan<'a> {
    /// Collects the resources of `planned_values`, then those of `prior_state` that it lacks.
    pub fn read(root: &'a Node, errors: &Errors) -> Result<Plan<'a>, LoadError> {
        let planned = match object(root, "planned_values", errors)? {
            Some(values) => object(values, "root_module", errors)?,
            None => None,
        };
        let Some(planned) = planned else {
            return Err(errors.at(root, "plan has no `planned_values.root_module`", HELP));
        };
        let mut plan = Plan {
            resources: Vec::new(),
            by_address: HashMap::new(),
            by_id: HashMap::new(),
            by_block: HashMap::new(),
            configuration: root.path(&["configuration", "root_module"]),
        };
        let changes = changes(root, errors)?;
        plan.add_module(planned, &changes, false, errors)?;
        let mut prior = object(root, "prior_state", errors)?;
        for key in ["values", "root_module"] {
            prior = match prior {
                Some(node) => object(node, key, errors)?,
                None => None,
            };
        }
        if let Some(prior) = prior {
            plan.add_module(prior, &changes, true, errors)?;
        }
        Ok(plan)
    }

    fn add_module(
        &mut self,
        module: &'a Node,
        changes: &HashMap<&'a str, Change<'a>>,
        prior: bool,
        errors: &Errors,
    ) -> Result<(), LoadError> {
        let address = match module.get("address") {
            Some(node) => text(node, "module `address` is not a string", errors)?,
            None => "",
        };
        let config = self.module_config(address);
        for node in list(module, "resources", errors)? {
            let mut res = resource(node, address, config, changes, errors)?;
            res.prior = prior;
            match self.by_address.get(res.address) {
                Some(&at) => self.resources[at].prior |= prior,
                None => self.insert(res),
            }
        }
        for child in list(module, "child_modules", errors)? {
            if !matches!(child.value, Value::Object(_)) {
                return Err(errors.at(child, "a child module is not an object", HELP));
            }
            self.add_module(child, changes, prior, errors)?;
        }
        Ok(())
    }

    fn insert(&mut self, res: Res<'a>) {
        let at = self.resources.len();
        self.by_address.insert(res.address, at);
        if let Some(id) = res.known("id").and_then(Node::as_str) {
            self.by_id.entry(id.to_lowercase()).or_insert(at);
        }
        let block = block_of(&res);
        self.by_block
            .entry((res.module.clone(), block))
            .or_default()
            .push(at);
        self.resources.push(res);
    }

    /// Returns the configuration of a module instance, such as `module.a["x"].module.b`.
    pub fn module_config(&self, address: &str) -> Option<&'a Node> {
        let mut node = self.configuration?;
        for (call, _) in module_calls(address) {
            node = node.path(&["module_calls", call, "module"])?;
        }
        Some(node)
    }

    pub fn get(&self, address: &str) -> Option<&Res<'a>> {
        self.by_address.get(address).map(|&i| &self.resources[i])
    }

    pub fn by_id(&self, id: &str) -> Option<&Res<'a>> {
        self.by_id
            .get(&id.to_lowercase())
            .map(|&i| &self.resources[i])
    }

    /// Returns the instances of `type.name` (or `data.type.name`) in a module instance.
    pub fn instances(&self, module: &str, block: &str) -> Vec<&Res<'a>> {
        self.by_block
            .get(&(module.to_string(), block.to_string()))
            .map(|found| found.iter().map(|&i| &self.resources[i]).collect())
            .unwrap_or_default()
    }

    /// Returns the managed resources of a type that exist after apply.
    pub fn of_kind<'p>(&'p self, kind: &'p str) -> impl Iterator<Item = &'p Res<'a>> + 'p {
        self.resources
            .iter()
            .filter(move |r| r.managed && !r.deleted && r.kind == kind)
    }

    /// Returns the data sources of a type that Terraform read while planning.
    pub fn read_data<'p>(&'p self, kind: &'p str) -> impl Iterator<Item = &'p Res<'a>> + 'p {
        self.resources
            .iter()
            .filter(move |r| !r.managed && !r.unread() && r.kind == kind)
    }
}

/// Returns `type.name`, or `data.type.name`, of a resource: its address in its module.
pub fn block_of(res: &Res) -> String {
    let local = res
        .address
        .strip_prefix(res.module.as_str())
        .map(|rest| rest.trim_start_matches('.'))
        .unwrap_or(res.address);
    match local.find('[') {
        Some(at) => local[..at].to_string(),
        None => local.to_string(),
    }
}
