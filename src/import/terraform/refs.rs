//! Configuration references: which resource an unknown value comes from.
//!
//! A reference such as `azurerm_subnet.hub["GatewaySubnet"].id` is relative
//! to the module that writes it. `var.x` continues at the calling module's
//! expression for input `x`, and `module.m.out` at output `out` of the called
//! module. Terraform lists every prefix of a traversal too
//! (`azurerm_subnet.pe.id`, then `azurerm_subnet.pe`), so only the longest
//! ones count.

use crate::import::tree::Node;
use crate::source::Loc;

use super::plan::{closing_bracket, module_calls, Plan, Res};

/// Bounds the `var.` and `module.` hops, so a malformed plan cannot loop.
const MAX_HOPS: usize = 16;

/// A reference, resolved to the plan resource it names.
pub struct Target<'p, 'a> {
    pub res: &'p Res<'a>,
    /// The reference string in the configuration that names it.
    pub loc: Loc,
}

/// One part of a traversal: a name, or an index with its brackets.
struct Part<'t> {
    text: &'t str,
    /// Byte offset just past this part.
    end: usize,
}

fn parts(reference: &str) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    let mut at = 0;
    while at < reference.len() {
        let rest = &reference[at..];
        let len = if rest.starts_with('[') {
            closing_bracket(rest).map_or(rest.len(), |close| close + 1)
        } else {
            rest.find(['.', '[']).unwrap_or(rest.len())
        };
        parts.push(Part {
            text: &rest[..len],
            end: at + len,
        });
        at += len;
        if reference[at..].starts_with('.') {
            at += 1;
        }
    }
    parts
}

/// Keeps the references that no longer reference in the list extends.
pub(super) fn leaves(references: &[Node]) -> Vec<(&str, Loc)> {
    let all: Vec<(&str, Loc)> = references
        .iter()
        .filter_map(|r| r.as_str().map(|s| (s, r.loc)))
        .collect();
    all.iter()
        .filter(|(short, _)| {
            !all.iter().any(|(long, _)| {
                long.len() > short.len()
                    && long.starts_with(short)
                    && matches!(long.as_bytes()[short.len()], b'.' | b'[')
            })
        })
        .copied()
        .collect()
}

fn join(module: &str, local: &str) -> String {
    if module.is_empty() {
        local.to_string()
    } else {
        format!("{module}.{local}")
    }
}

/// The context of a reference: its module instance, and the instance key
/// that `each.key` or `count.index` is there.
#[derive(Clone)]
struct Scope<'s> {
    module: String,
    each: Option<&'s str>,
}

impl<'a> Plan<'a> {
    /// Returns the resources that the expression at `path` of `res` references.
    pub fn targets<'p>(&'p self, res: &Res, path: &str) -> Vec<Target<'p, 'a>> {
        let Some(expression) = res.expression(path) else {
            return Vec::new();
        };
        let index = res.index_text();
        let scope = Scope {
            module: res.module.clone(),
            each: index.as_deref(),
        };
        let mut found = Vec::new();
        self.resolve_expression(expression, &scope, "", None, MAX_HOPS, &mut found);
        let mut seen = std::collections::HashSet::new();
        found.retain(|t| seen.insert(t.res.address));
        found
    }

    /// Resolves each longest reference of an expression, with `suffix` appended.
    /// `origin` keeps the location of the first reference of the chain.
    fn resolve_expression<'p>(
        &'p self,
        expression: &Node,
        scope: &Scope,
        suffix: &str,
        origin: Option<Loc>,
        hops: usize,
        found: &mut Vec<Target<'p, 'a>>,
    ) {
        let references = expression.get("references").map(Node::items);
        let leaves = leaves(references.unwrap_or_default());
        let uses_each = leaves
            .iter()
            .any(|(r, _)| *r == "each.key" || *r == "count.index");
        let scope = Scope {
            each: if uses_each { scope.each } else { None },
            ..scope.clone()
        };
        for (reference, loc) in leaves {
            let full = format!("{reference}{suffix}");
            self.resolve(&full, &scope, origin.unwrap_or(loc), hops, found);
        }
    }

    fn resolve<'p>(
        &'p self,
        reference: &str,
        scope: &Scope,
        loc: Loc,
        hops: usize,
        found: &mut Vec<Target<'p, 'a>>,
    ) {
        let parts = parts(reference);
        let (Some(first), Some(second)) = (parts.first(), parts.get(1)) else {
            return;
        };
        match first.text {
            "var" if hops > 0 => self.resolve_input(
                second.text,
                &reference[second.end..],
                scope,
                loc,
                hops,
                found,
            ),
            "module" if hops > 0 => self.resolve_output(reference, &parts, scope, loc, hops, found),
            "local" | "each" | "count" | "path" | "self" | "terraform" | "var" | "module" => {}
            "data" => {
                let block = &reference[..parts.get(2).map_or(second.end, |p| p.end)];
                self.resolve_block(block, &reference[block.len()..], scope, loc, found);
            }
            _ => {
                let block = &reference[..second.end];
                self.resolve_block(block, &reference[block.len()..], scope, loc, found);
            }
        }
    }

    fn resolve_block<'p>(
        &'p self,
        block: &str,
        rest: &str,
        scope: &Scope,
        loc: Loc,
        found: &mut Vec<Target<'p, 'a>>,
    ) {
        let index = rest
            .starts_with('[')
            .then(|| closing_bracket(rest).map(|close| &rest[..=close]))
            .flatten()
            .or(scope.each);
        if let Some(index) = index {
            let address = join(&scope.module, &format!("{block}{index}"));
            if let Some(res) = self.get(&address) {
                found.push(Target { res, loc });
                return;
            }
        }
        // Without an index: a single instance, or every instance for a splat.
        for res in self.instances(&scope.module, block) {
            found.push(Target { res, loc });
        }
    }

    /// Follows `var.NAME` to the calling module's expression for input `NAME`.
    fn resolve_input<'p>(
        &'p self,
        name: &str,
        rest: &str,
        scope: &Scope,
        loc: Loc,
        hops: usize,
        found: &mut Vec<Target<'p, 'a>>,
    ) {
        let calls = module_calls(&scope.module);
        let Some(((call, key), outer)) = calls.split_last() else {
            return;
        };
        let parent = outer
            .iter()
            .map(|(name, key)| format!("module.{name}{}", key.unwrap_or("")))
            .collect::<Vec<_>>()
            .join(".");
        let Some(expression) = self
            .call_config(&parent, call)
            .and_then(|c| c.path(&["expressions", name]))
        else {
            return;
        };
        let outer_scope = Scope {
            module: parent,
            each: *key,
        };
        self.resolve_expression(expression, &outer_scope, rest, Some(loc), hops - 1, found);
    }

    /// Follows `module.CALL[KEY].OUTPUT` to the output's expression in the called module.
    fn resolve_output<'p>(
        &'p self,
        reference: &str,
        parts: &[Part],
        scope: &Scope,
        loc: Loc,
        hops: usize,
        found: &mut Vec<Target<'p, 'a>>,
    ) {
        let call = parts[1].text;
        let (key, output) = match parts.get(2) {
            Some(p) if p.text.starts_with('[') => (Some(p.text), parts.get(3)),
            other => (None, other),
        };
        let Some(output) = output else { return };
        let inner = join(
            &scope.module,
            &format!("module.{call}{}", key.unwrap_or("")),
        );
        let Some(expression) = self
            .call_config(&scope.module, call)
            .and_then(|c| c.path(&["module", "outputs", output.text, "expression"]))
        else {
            return;
        };
        let inner_scope = Scope {
            module: inner,
            each: None,
        };
        let rest = &reference[output.end..];
        self.resolve_expression(expression, &inner_scope, rest, Some(loc), hops - 1, found);
    }

    /// Returns the `module_calls` entry `call` of a module instance's configuration.
    fn call_config(&self, module: &str, call: &str) -> Option<&'a Node> {
        let mut node = self.configuration?;
        for (name, _) in module_calls(module) {
            node = node.path(&["module_calls", name, "module"])?;
        }
        node.path(&["module_calls", call])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_split_names_and_keys() {
        let texts: Vec<&str> = parts(r#"azurerm_subnet.hub["a.b"].id"#)
            .iter()
            .map(|p| p.text)
            .collect();
        assert_eq!(texts, ["azurerm_subnet", "hub", r#"["a.b"]"#, "id"]);
    }

    #[test]
    fn leaves_drop_prefixes() {
        let text = r#"["var.z[\"a\"]", "var.z[\"b\"]", "var.z", "var.zone"]"#;
        let node: Node = serde_saphyr::from_str(text).unwrap();
        let kept: Vec<&str> = leaves(node.items()).iter().map(|(r, _)| *r).collect();
        assert_eq!(kept, [r#"var.z["a"]"#, r#"var.z["b"]"#, "var.zone"]);
    }
}
