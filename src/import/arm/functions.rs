//! Template functions, member access and indexing.
//!
//! A function whose result depends on an unknown argument returns an unknown
//! value that renders the call. Functions that read deployment state or hash
//! (`reference`, `list*`, `uniqueString`, `guid`) always do, and so does any
//! function this module does not evaluate.

use super::eval::{EvalError, Evaluator, Result};
use super::expr::Expr;
use super::render::render;
use super::value::{embed, pieces, Piece, Val, Value};
use super::{arity, builtins, collections, ids, text};
use crate::source::Loc;

pub fn call(ev: &Evaluator, name: &str, args: &[Expr], loc: Loc, depth: usize) -> Result<Val> {
    let lower = name.to_ascii_lowercase();
    arity::check(name, &lower, args.len(), loc)?;
    if let Some(value) = lazy(ev, &lower, args, loc, depth)? {
        return Ok(value);
    }
    let values = args
        .iter()
        .map(|arg| ev.expr(arg, loc, depth + 1))
        .collect::<Result<Vec<Val>>>()?;
    let result = eager(ev, name, &lower, &values, loc, depth)?;
    ev.context
        .budget
        .charge(super::eval::size(&result.value), loc)?;
    Ok(result)
}

/// Functions that evaluate only the arguments they need.
fn lazy(ev: &Evaluator, lower: &str, args: &[Expr], loc: Loc, depth: usize) -> Result<Option<Val>> {
    let arg = |i: usize| ev.expr(&args[i], loc, depth + 1);
    let value = match (lower, args.len()) {
        ("if", 3) => {
            let condition = arg(0)?;
            match condition.value {
                Value::Bool(true) => arg(1)?,
                Value::Bool(false) => arg(2)?,
                Value::Unknown(_) => {
                    let rendered: Vec<String> = [condition, arg(1)?, arg(2)?]
                        .iter()
                        .map(|v| render(&v.value))
                        .collect();
                    Val::new(Value::Unknown(format!("if({})", rendered.join(", "))), loc)
                }
                other => return Err(wrong_type("if", "bool", &other, loc)),
            }
        }
        ("and" | "or", n) if n >= 2 => {
            let decisive = lower == "or";
            let mut rendered = Vec::new();
            for i in 0..n {
                let value = arg(i)?;
                match value.value {
                    Value::Bool(b) if b == decisive => {
                        return Ok(Some(Val::new(Value::Bool(b), loc)))
                    }
                    Value::Bool(_) => rendered.push(render(&value.value)),
                    Value::Unknown(_) => rendered.push(render(&value.value)),
                    other => return Err(wrong_type(lower, "bool", &other, loc)),
                }
            }
            let all_known = rendered.iter().all(|r| r == "true()" || r == "false()");
            let value = if all_known {
                Value::Bool(!decisive)
            } else {
                Value::Unknown(format!("{lower}({})", rendered.join(", ")))
            };
            Val::new(value, loc)
        }
        _ => return Ok(None),
    };
    Ok(Some(value))
}

fn eager(
    ev: &Evaluator,
    name: &str,
    lower: &str,
    args: &[Val],
    loc: Loc,
    depth: usize,
) -> Result<Val> {
    let context = ev.context;
    let known = |value: Value| Ok(Val::new(value, loc));
    match lower {
        "parameters" => return context.parameter(&name_arg(lower, args, loc)?, loc, depth),
        "variables" => return context.variable(&name_arg(lower, args, loc)?, loc, depth),
        "copyindex" => return copy_index(ev, args, loc),
        "resourceid" | "subscriptionresourceid" | "tenantresourceid" | "extensionresourceid" => {
            return ids::build(lower, args, &context.deployment, loc)
        }
        "resourcegroup" => return known(ids::resource_group(&context.deployment)),
        "subscription" => return known(ids::subscription(&context.deployment)),
        "deployment" => return known(ids::deployment(&context.deployment, loc)),
        "true" => return known(Value::Bool(true)),
        "false" => return known(Value::Bool(false)),
        "null" => return known(Value::Null),
        "createarray" => return known(Value::Array(args.to_vec())),
        "createobject" => return collections::create_object(args, loc),
        "reference" => return known(Value::Unknown(reference(args))),
        "concat" => return known(text::concat(name, args, loc)?),
        "equals" => return known(collections::equals(args, loc)?),
        _ => {}
    }
    let partial = args.iter().any(|a| a.value.has_unknown());
    let whole = args.iter().any(Val::is_unknown);
    if (partial && !builtins::handles_partial(lower))
        || (whole && !builtins::handles_unknown(lower))
    {
        return known(unknown_call(name, args));
    }
    match builtins::known_function(lower, args, loc)? {
        Some(value) => known(value),
        None => {
            tracing::debug!("template function `{name}` is not evaluated");
            known(unknown_call(name, args))
        }
    }
}

/// Renders `reference(...)` by the resource's name when the argument is a
/// resource id, so that every read of one resource's state has one symbol.
fn reference(args: &[Val]) -> String {
    let Some(first) = args.first() else {
        return "reference()".into();
    };
    if let Some(id) = first.as_str().and_then(ids::parse) {
        if id.names.iter().all(|n| !n.contains(super::value::OPEN)) {
            return format!("reference('{}')", id.names.join("/"));
        }
    }
    format!("reference({})", render(&first.value))
}

fn unknown_call(name: &str, args: &[Val]) -> Value {
    let rendered: Vec<String> = args.iter().map(|a| render(&a.value)).collect();
    Value::Unknown(format!("{name}({})", rendered.join(", ")))
}

fn name_arg(function: &str, args: &[Val], loc: Loc) -> Result<String> {
    match args {
        [one]
            if one
                .as_str()
                .is_some_and(|s| !s.contains(super::value::OPEN)) =>
        {
            Ok(one.as_str().unwrap_or_default().to_string())
        }
        _ => Err(EvalError::new(
            loc,
            format!("`{function}` takes one name, written as a known string"),
            format!("call `{function}('NAME')`"),
        )),
    }
}

fn copy_index(ev: &Evaluator, args: &[Val], loc: Loc) -> Result<Val> {
    let mut loop_name = None;
    let mut offset = 0;
    for arg in args {
        match &arg.value {
            Value::Str(s) => loop_name = Some(s.to_ascii_lowercase()),
            Value::Int(n) => offset = *n,
            other => return Err(wrong_type("copyIndex", "string or int", other, loc)),
        }
    }
    let index = match &loop_name {
        None => ev.copies.resource,
        Some(name) => ev
            .copies
            .named
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, i)| *i),
    };
    let Some(index) = index else {
        let which = loop_name.map_or("a resource copy loop".to_string(), |n| {
            format!("copy loop `{n}`")
        });
        return Err(EvalError::new(
            loc,
            format!("`copyIndex` is used outside {which}"),
            "use `copyIndex` only inside the `copy` loop it names",
        ));
    };
    Ok(Val::new(Value::Int(index + offset), loc))
}

pub fn wrong_type(function: &str, expected: &str, found: &Value, loc: Loc) -> EvalError {
    EvalError::new(
        loc,
        format!(
            "`{function}` expects a {expected}, found a {}",
            found.type_name()
        ),
        format!("pass a {expected} to `{function}`"),
    )
}

/// Evaluates `base.name`.
pub fn member(base: &Val, name: &str, loc: Loc) -> Result<Val> {
    match &base.value {
        Value::Unknown(r) => Ok(Val::new(Value::Unknown(format!("{r}.{name}")), loc)),
        Value::Object(_) => base.get(name).cloned().ok_or_else(|| {
            EvalError::new(
                loc,
                format!("object has no member `{name}`"),
                "fix the member name, or add the member to the object",
            )
        }),
        other => Err(EvalError::new(
            loc,
            format!(
                "member `.{name}` of a {}, which has no members",
                other.type_name()
            ),
            "read members only from objects",
        )),
    }
}

/// Evaluates `base[index]`.
pub fn index(base: &Val, index: &Val, loc: Loc) -> Result<Val> {
    let unknown = || {
        let rendering = format!("{}[{}]", render(&base.value), render(&index.value));
        Ok(Val::new(Value::Unknown(rendering), loc))
    };
    match (&base.value, &index.value) {
        (Value::Unknown(_), _) | (_, Value::Unknown(_)) => unknown(),
        (Value::Array(items), Value::Int(i)) => usize::try_from(*i)
            .ok()
            .and_then(|i| items.get(i))
            .cloned()
            .ok_or_else(|| {
                EvalError::new(
                    loc,
                    format!("index {i} is outside an array of {} elements", items.len()),
                    "use an index inside the array",
                )
            }),
        (Value::Object(_), Value::Str(key)) if key.contains(super::value::OPEN) => unknown(),
        (Value::Object(_), Value::Str(key)) => member(base, key, loc),
        (b, i) => Err(EvalError::new(
            loc,
            format!("cannot index a {} with a {}", b.type_name(), i.type_name()),
            "index arrays with ints and objects with strings",
        )),
    }
}

/// Splits text on a separator, only inside its known pieces.
pub fn split_known(text: &str, separators: &[&str]) -> Vec<String> {
    let mut parts = vec![String::new()];
    for piece in pieces(text) {
        match piece {
            Piece::Unknown(r) => parts.last_mut().expect("never empty").push_str(&embed(r)),
            Piece::Known(mut rest) => loop {
                let next = separators
                    .iter()
                    .filter(|s| !s.is_empty())
                    .filter_map(|s| rest.find(s).map(|at| (at, s.len())))
                    .min();
                let Some((at, len)) = next else {
                    parts.last_mut().expect("never empty").push_str(rest);
                    break;
                };
                parts.last_mut().expect("never empty").push_str(&rest[..at]);
                parts.push(String::new());
                rest = &rest[at + len..];
            },
        }
    }
    parts
}
