//! Template functions on strings, and conversions between values and text.

use super::builtins::arity;
use super::eval::{EvalError, Result};
use super::functions::{split_known, wrong_type};
use super::render::render;
use super::value::{embed, pieces, Piece, Val, Value, OPEN};
use crate::source::Loc;

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

pub fn from_json(json: &serde_json::Value, loc: Loc) -> Val {
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
/// Azure rejects arrays mixed with other values, and objects.
pub fn concat(name: &str, args: &[Val], loc: Loc) -> Result<Value> {
    let rendering = || {
        let rendered: Vec<String> = args.iter().map(|a| render(&a.value)).collect();
        format!("{name}({})", rendered.join(", "))
    };
    let arrays = args.iter().any(|a| matches!(a.value, Value::Array(_)));
    let wrong = args.iter().find(|a| match a.value {
        Value::Object(_) => true,
        Value::Array(_) | Value::Unknown(_) => false,
        _ => arrays,
    });
    if let Some(wrong) = wrong {
        let what = if arrays { "arrays" } else { "strings" };
        return Err(EvalError::new(
            loc,
            format!(
                "`{}` joins {what}, and cannot join the {} `{}`",
                rendering(),
                wrong.value.type_name(),
                render(&wrong.value)
            ),
            format!("pass `{name}` only arrays, or only strings"),
        ));
    }
    if arrays {
        if args.iter().any(Val::is_unknown) {
            return Ok(Value::Unknown(rendering()));
        }
        return Ok(Value::Array(
            args.iter().flat_map(|a| a.items().to_vec()).collect(),
        ));
    }
    Ok(Value::Str(args.iter().map(|a| to_text(&a.value)).collect()))
}

pub fn format(args: &[Val], loc: Loc) -> Result<Value> {
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
                let mut spec = String::new();
                let closed = chars.by_ref().any(|c| {
                    let end = c == '}';
                    if !end {
                        spec.push(c);
                    }
                    end
                });
                if !closed {
                    return Err(EvalError::new(
                        loc,
                        format!(
                            "`format` string {} opens a `{{` that it never closes",
                            render(&first.value)
                        ),
                        "close each placeholder with `}`, or write `{{` for a literal brace",
                    ));
                }
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
            '}' => {
                return Err(EvalError::new(
                    loc,
                    format!(
                        "`format` string {} has a `}}` that closes no placeholder",
                        render(&first.value)
                    ),
                    "write `}}` for a literal brace",
                ));
            }
            c => out.push(c),
        }
    }
    Ok(Value::Str(out))
}

pub fn change_case(function: &str, args: &[Val], loc: Loc) -> Result<Value> {
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

pub fn split(args: &[Val], loc: Loc) -> Result<Value> {
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
