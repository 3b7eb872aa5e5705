//! Template functions on arrays and objects, and comparison of values.

use super::builtins::arity;
use super::eval::{EvalError, Result};
use super::functions::wrong_type;
use super::render::render;
use super::value::{pieces, Piece, Val, Value, OPEN};
use crate::source::Loc;

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

pub fn collection(function: &str, args: &[Val], loc: Loc) -> Result<Value> {
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

pub fn contains(args: &[Val], loc: Loc) -> Result<Value> {
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

pub fn union(args: &[Val], loc: Loc) -> Result<Value> {
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
