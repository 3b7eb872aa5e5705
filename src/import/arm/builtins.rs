//! The dispatch of built-in template functions whose arguments are known,
//! and the functions on numbers.

use super::collections::{collection, contains, union};
use super::eval::{EvalError, Result};
use super::functions::wrong_type;
use super::text::{change_case, format, from_json, split, to_text};
use super::value::{Val, Value};
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

pub fn arity(function: &str, count: usize, loc: Loc) -> EvalError {
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
