//! Template functions on strings, numbers, arrays and objects.

use super::eval::{EvalError, Result};
use super::functions::{split_known, wrong_type};
use super::render::render;
use super::value::{embed, pieces, Piece, Val, Value, OPEN};
use crate::source::Loc;

/// Returns true for functions that evaluate arguments with unknown parts
/// inside them (partly unknown strings, arrays with unknown elements).
pub fn handles_partial(function: &str) -> bool {
    matches!(
        function,
        "format"
            | "tolower"
            | "toupper"
            | "split"
            | "first"
            | "last"
            | "length"
            | "empty"
            | "union"
            | "array"
            | "contains"
            | "coalesce"
            | "string"
    )
}

/// Returns true for functions that evaluate arguments that are wholly unknown.
pub fn handles_unknown(function: &str) -> bool {
    matches!(
        function,
        "format" | "tolower" | "toupper" | "union" | "array" | "coalesce"
    )
}

/// Converts a value to the text that `concat` and `format` insert.
pub fn to_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Int(n) => n.to_string(),
        Value::Str(s) => s.clone(),
        Value::Unknown(r) => embed(r),
        Value::Array(_) | Value::Object(_) if value.has_unknown() => embed(&render(value)),
        Value::Array(_) | Value::Object(_) => to_json(value).to_string(),
    }
}

fn to_json(value: &Value) -> serde_json::Value {
    match value {
        Value::Null | Value::Unknown(_) => serde_json::Value::Null,
        Value::Bool(b) => (*b).into(),
        Value::Int(n) => (*n).into(),
        Value::Str(s) => s.as_str().into(),
        Value::Array(items) => items.iter().map(|v| to_json(&v.value)).collect(),
        Value::Object(members) => members
            .iter()
            .map(|(k, v)| (k.clone(), to_json(&v.value)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

fn from_json(json: &serde_json::Value, loc: Loc) -> Val {
    let value = match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Int(n.as_f64().unwrap_or(0.0) as i64),
        serde_json::Value::String(s) => Value::Str(s.clone()),
        serde_json::Value::Array(items) => {
            Value::Array(items.iter().map(|v| from_json(v, loc)).collect())
        }
        serde_json::Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), from_json(v, loc)))
                .collect(),
        ),
    };
    Val::new(value, loc)
}

/// `concat`: arrays join into one array, anything else into one string.
pub fn concat(args: &[Val]) -> Value {
    if args.iter().any(|a| matches!(a.value, Value::Array(_))) {
        if args.iter().any(Val::is_unknown) {
            let rendered: Vec<String> = args.iter().map(|a| render(&a.value)).collect();
            return Value::Unknown(format!("concat({})", rendered.join(", ")));
        }
        return Value::Array(args.iter().flat_map(|a| a.items().to_vec()).collect());
    }
    Value::Str(args.iter().map(|a| to_text(&a.value)).collect())
}

/// `equals`: the same value is equal to itself even when unknown.
pub fn equals(args: &[Val], loc: Loc) -> Result<Value> {
    let [a, b] = args else {
        return Err(arity("equals", 2, loc));
    };
    if same(&a.value, &b.value) {
        return Ok(Value::Bool(true));
    }
    if a.value.has_unknown() || b.value.has_unknown() {
        return Ok(Value::Unknown(format!(
            "equals({}, {})",
            render(&a.value),
            render(&b.value)
        )));
    }
    Ok(Value::Bool(false))
}

/// Compares values without their locations.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(&p.value, &q.value))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, v)| {
                    y.iter()
                        .find(|(k2, _)| k2.eq_ignore_ascii_case(k))
                        .is_some_and(|(_, w)| same(&v.value, &w.value))
                })
        }
        _ => a == b,
    }
}

pub fn create_object(args: &[Val], loc: Loc) -> Result<Val> {
    if !args.len().is_multiple_of(2) {
        return Err(EvalError::new(
            loc,
            "`createObject` takes pairs of key and value",
            "pass an even number of arguments",
        ));
    }
    let mut members = Vec::new();
    for pair in args.chunks(2) {
        let Some(key) = pair[0].as_str().filter(|k| !k.contains(OPEN)) else {
            let rendered: Vec<String> = args.iter().map(|a| render(&a.value)).collect();
            let rendering = format!("createObject({})", rendered.join(", "));
            return Ok(Val::new(Value::Unknown(rendering), loc));
        };
        members.push((key.to_string(), pair[1].clone()));
    }
    Ok(Val::new(Value::Object(members), loc))
}

fn arity(function: &str, count: usize, loc: Loc) -> EvalError {
    EvalError::new(
        loc,
        format!("`{function}` takes {count} arguments"),
        format!("pass {count} arguments to `{function}`"),
    )
}

fn ints(function: &str, args: &[Val], loc: Loc) -> Result<Vec<i64>> {
    args.iter()
        .map(|a| match a.value {
            Value::Int(n) => Ok(n),
            ref other => Err(wrong_type(function, "int", other, loc)),
        })
        .collect()
}

fn strings<'a>(function: &str, args: &'a [Val], loc: Loc) -> Result<Vec<&'a str>> {
    args.iter()
        .map(|a| {
            a.as_str()
                .ok_or_else(|| wrong_type(function, "string", &a.value, loc))
        })
        .collect()
}

/// Evaluates a function with known arguments; `None` when it is not built in.
pub fn known_function(function: &str, args: &[Val], loc: Loc) -> Result<Option<Value>> {
    let value = match function {
        "format" => format(args, loc)?,
        "tolower" | "toupper" => change_case(function, args, loc)?,
        "string" => match args {
            [one] if one.is_unknown() => return Ok(None),
            [one] => Value::Str(to_text(&one.value)),
            _ => return Err(arity(function, 1, loc)),
        },
        "int" => match args {
            [Val {
                value: Value::Int(n),
                ..
            }] => Value::Int(*n),
            [Val {
                value: Value::Str(s),
                ..
            }] => s.trim().parse().map(Value::Int).map_err(|_| {
                EvalError::new(
                    loc,
                    format!("`int` cannot read `{s}` as an int"),
                    "pass digits",
                )
            })?,
            [other] => return Err(wrong_type(function, "int or string", &other.value, loc)),
            _ => return Err(arity(function, 1, loc)),
        },
        "bool" => match args {
            [Val {
                value: Value::Bool(b),
                ..
            }] => Value::Bool(*b),
            [Val {
                value: Value::Int(n),
                ..
            }] => Value::Bool(*n != 0),
            [Val {
                value: Value::Str(s),
                ..
            }] => Value::Bool(s.eq_ignore_ascii_case("true")),
            _ => return Err(arity(function, 1, loc)),
        },
        "json" => {
            let [text] = strings(function, args, loc)?[..] else {
                return Err(arity(function, 1, loc));
            };
            let json: serde_json::Value = serde_json::from_str(text).map_err(|e| {
                EvalError::new(
                    loc,
                    format!("`json` argument is invalid JSON: {e}"),
                    "pass valid JSON",
                )
            })?;
            from_json(&json, loc).value
        }
        "array" => match args {
            [one] if matches!(one.value, Value::Array(_)) => one.value.clone(),
            [one] if one.is_unknown() => return Ok(None),
            [one] => Value::Array(vec![one.clone()]),
            _ => return Err(arity(function, 1, loc)),
        },
        "not" => match args {
            [Val {
                value: Value::Bool(b),
                ..
            }] => Value::Bool(!b),
            [other] => return Err(wrong_type(function, "bool", &other.value, loc)),
            _ => return Err(arity(function, 1, loc)),
        },
        "empty" | "length" | "first" | "last" => return collection(function, args, loc).map(Some),
        "contains" => contains(args, loc)?,
        "union" => union(args, loc)?,
        "split" => split(args, loc)?,
        "replace" => {
            let [text, old, new] = strings(function, args, loc)?[..] else {
                return Err(arity(function, 3, loc));
            };
            Value::Str(text.replace(old, new))
        }
        "startswith" | "endswith" => {
            let [text, part] = strings(function, args, loc)?[..] else {
                return Err(arity(function, 2, loc));
            };
            let (text, part) = (text.to_lowercase(), part.to_lowercase());
            Value::Bool(if function == "startswith" {
                text.starts_with(&part)
            } else {
                text.ends_with(&part)
            })
        }
        "add" | "sub" | "mul" | "div" | "mod" | "greater" | "greaterorequals" | "less"
        | "lessorequals" => arithmetic(function, &ints(function, args, loc)?, loc)?,
        "range" => {
            let [start, count] = ints(function, args, loc)?[..] else {
                return Err(arity(function, 2, loc));
            };
            if !(0..=super::eval::MAX_COPIES * 10).contains(&count) {
                return Err(EvalError::new(
                    loc,
                    format!("`range` count {count} is out of bounds"),
                    "use a smaller count",
                ));
            }
            Value::Array(
                (start..start + count)
                    .map(|n| Val::new(Value::Int(n), loc))
                    .collect(),
            )
        }
        "coalesce" => match args.iter().find(|a| !a.is_null()) {
            Some(a) if a.is_unknown() => return Ok(None),
            Some(a) => a.value.clone(),
            None => Value::Null,
        },
        _ => return Ok(None),
    };
    Ok(Some(value))
}

fn format(args: &[Val], loc: Loc) -> Result<Value> {
    let Some((first, rest)) = args.split_first() else {
        return Err(arity("format", 1, loc));
    };
    let Some(pattern) = first.as_str().filter(|p| !p.contains(OPEN)) else {
        return Ok(Value::Unknown(format!("format({})", render(&first.value))));
    };
    let mut out = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let spec: String = chars.by_ref().take_while(|&c| c != '}').collect();
                let number = spec.split(':').next().unwrap_or("").trim();
                let arg = number.parse::<usize>().ok().and_then(|i| rest.get(i));
                let Some(arg) = arg else {
                    return Err(EvalError::new(
                        loc,
                        format!("`format` placeholder `{{{spec}}}` has no argument"),
                        "number the placeholders from {0} up to the arguments given",
                    ));
                };
                out.push_str(&to_text(&arg.value));
            }
            c => out.push(c),
        }
    }
    Ok(Value::Str(out))
}

fn change_case(function: &str, args: &[Val], loc: Loc) -> Result<Value> {
    let [one] = args else {
        return Err(arity(function, 1, loc));
    };
    let name = if function == "tolower" {
        "toLower"
    } else {
        "toUpper"
    };
    let convert = |s: &str| {
        if function == "tolower" {
            s.to_lowercase()
        } else {
            s.to_uppercase()
        }
    };
    match &one.value {
        Value::Unknown(r) => Ok(Value::Unknown(format!("{name}({r})"))),
        Value::Str(s) => Ok(Value::Str(
            pieces(s)
                .into_iter()
                .map(|p| match p {
                    Piece::Known(k) => convert(k),
                    Piece::Unknown(r) => embed(&format!("{name}({r})")),
                })
                .collect(),
        )),
        other => Err(wrong_type(name, "string", other, loc)),
    }
}

fn collection(function: &str, args: &[Val], loc: Loc) -> Result<Value> {
    let [one] = args else {
        return Err(arity(function, 1, loc));
    };
    let unknown = || Value::Unknown(format!("{function}({})", render(&one.value)));
    Ok(match (&one.value, function) {
        (Value::Null, "empty") => Value::Bool(true),
        (Value::Str(s), _) if s.contains(OPEN) => match function {
            "empty" if pieces(s).iter().any(|p| matches!(p, Piece::Known(_))) => Value::Bool(false),
            _ => unknown(),
        },
        (Value::Str(s), "empty") => Value::Bool(s.is_empty()),
        (Value::Str(s), "length") => Value::Int(s.chars().count() as i64),
        (Value::Str(s), "first") => Value::Str(s.chars().take(1).collect()),
        (Value::Str(s), "last") => {
            Value::Str(s.chars().last().map(String::from).unwrap_or_default())
        }
        (Value::Array(items), "empty") => Value::Bool(items.is_empty()),
        (Value::Array(items), "length") => Value::Int(items.len() as i64),
        (Value::Array(items), "first") => items.first().map_or(Value::Null, |v| v.value.clone()),
        (Value::Array(items), "last") => items.last().map_or(Value::Null, |v| v.value.clone()),
        (Value::Object(members), "empty") => Value::Bool(members.is_empty()),
        (Value::Object(members), "length") => Value::Int(members.len() as i64),
        (other, _) => return Err(wrong_type(function, "string, array or object", other, loc)),
    })
}

fn contains(args: &[Val], loc: Loc) -> Result<Value> {
    let [container, item] = args else {
        return Err(arity("contains", 2, loc));
    };
    let unknown = || {
        let rendering = format!(
            "contains({}, {})",
            render(&container.value),
            render(&item.value)
        );
        Value::Unknown(rendering)
    };
    if item.value.has_unknown() {
        return Ok(unknown());
    }
    Ok(match (&container.value, &item.value) {
        (Value::Array(items), _) if items.iter().any(|v| same(&v.value, &item.value)) => {
            Value::Bool(true)
        }
        (Value::Array(items), _) if items.iter().any(|v| v.value.has_unknown()) => unknown(),
        (Value::Array(_), _) => Value::Bool(false),
        (Value::Object(_), Value::Str(key)) => Value::Bool(container.get(key).is_some()),
        (Value::Str(s), _) if s.contains(OPEN) => unknown(),
        (Value::Str(s), Value::Str(part)) => Value::Bool(s.contains(part.as_str())),
        (other, _) => {
            return Err(wrong_type(
                "contains",
                "array, object or string",
                other,
                loc,
            ))
        }
    })
}

fn union(args: &[Val], loc: Loc) -> Result<Value> {
    if args.iter().any(Val::is_unknown) {
        let rendered: Vec<String> = args.iter().map(|a| render(&a.value)).collect();
        return Ok(Value::Unknown(format!("union({})", rendered.join(", "))));
    }
    if args.iter().all(|a| matches!(a.value, Value::Object(_))) {
        let mut members: Vec<(String, Val)> = Vec::new();
        for (key, value) in args.iter().flat_map(Val::members) {
            members.retain(|(k, _)| !k.eq_ignore_ascii_case(key));
            members.push((key.clone(), value.clone()));
        }
        return Ok(Value::Object(members));
    }
    let mut items: Vec<Val> = Vec::new();
    for arg in args {
        let Value::Array(more) = &arg.value else {
            return Err(wrong_type("union", "array or object", &arg.value, loc));
        };
        for item in more {
            if !items.iter().any(|i| same(&i.value, &item.value)) {
                items.push(item.clone());
            }
        }
    }
    Ok(Value::Array(items))
}

fn split(args: &[Val], loc: Loc) -> Result<Value> {
    let [text, separators] = args else {
        return Err(arity("split", 2, loc));
    };
    let Some(text) = text.as_str() else {
        return Err(wrong_type("split", "string", &text.value, loc));
    };
    let separators: Vec<&str> = match &separators.value {
        Value::Str(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Val::as_str).collect(),
        other => return Err(wrong_type("split", "string or array", other, loc)),
    };
    let parts = split_known(text, &separators);
    Ok(Value::Array(
        parts
            .into_iter()
            .map(|p| Val::new(Value::Str(p), loc))
            .collect(),
    ))
}

fn arithmetic(function: &str, numbers: &[i64], loc: Loc) -> Result<Value> {
    let [a, b] = numbers[..] else {
        return Err(arity(function, 2, loc));
    };
    let overflow = || {
        EvalError::new(
            loc,
            format!("`{function}` overflows or divides by zero"),
            "use smaller operands",
        )
    };
    Ok(match function {
        "add" => Value::Int(a.checked_add(b).ok_or_else(overflow)?),
        "sub" => Value::Int(a.checked_sub(b).ok_or_else(overflow)?),
        "mul" => Value::Int(a.checked_mul(b).ok_or_else(overflow)?),
        "div" => Value::Int(a.checked_div(b).ok_or_else(overflow)?),
        "mod" => Value::Int(a.checked_rem(b).ok_or_else(overflow)?),
        "greater" => Value::Bool(a > b),
        "greaterorequals" => Value::Bool(a >= b),
        "less" => Value::Bool(a < b),
        _ => Value::Bool(a <= b),
    })
}
