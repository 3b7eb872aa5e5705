//! How many arguments each evaluated template function takes.
//!
//! Azure rejects a call with the wrong number of arguments before it
//! deploys anything, so such a call is an error of the template, whatever
//! its arguments hold. Checking the count first keeps a call such as
//! `if(true())` from reading as an unknown value.

use super::eval::{EvalError, Result};
use crate::source::Loc;

/// Returns the least and the most arguments of a function that vnetlint
/// evaluates, by its lowercase name; `None` for any other function.
fn bounds(function: &str) -> Option<(usize, Option<usize>)> {
    let one_arg = (1, Some(1));
    let two_args = (2, Some(2));
    Some(match function {
        "true" | "false" | "null" | "resourcegroup" | "subscription" | "deployment" => (0, Some(0)),
        "parameters" | "variables" | "not" | "tolower" | "toupper" | "string" | "int" | "bool"
        | "json" | "array" | "empty" | "length" | "first" | "last" => one_arg,
        "equals" | "contains" | "split" | "startswith" | "endswith" | "add" | "sub" | "mul"
        | "div" | "mod" | "greater" | "greaterorequals" | "less" | "lessorequals" | "range" => {
            two_args
        }
        "if" | "replace" => (3, Some(3)),
        "and" | "or" => (2, None),
        "concat" | "format" | "union" | "coalesce" | "uniquestring" | "guid" => (1, None),
        "copyindex" => (0, Some(2)),
        "reference" => (1, Some(3)),
        "resourceid" | "subscriptionresourceid" | "tenantresourceid" => (2, None),
        "extensionresourceid" => (3, None),
        "createarray" | "createobject" => (0, None),
        _ => return None,
    })
}

/// Fails when `name` is called with a number of arguments it cannot take.
pub fn check(name: &str, lower: &str, count: usize, loc: Loc) -> Result<()> {
    let Some((least, most)) = bounds(lower) else {
        return Ok(());
    };
    if count >= least && most.is_none_or(|most| count <= most) {
        return Ok(());
    }
    let expected = match most {
        Some(most) if most == least => plural(least),
        Some(most) => format!("{least} to {most} arguments"),
        None => format!("at least {}", plural(least)),
    };
    Err(EvalError::new(
        loc,
        format!("`{name}` takes {expected}, found {count}"),
        format!("call `{name}` with {expected}"),
    ))
}

fn plural(count: usize) -> String {
    match count {
        1 => "1 argument".into(),
        n => format!("{n} arguments"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(name: &str, count: usize) -> Option<String> {
        check(name, &name.to_ascii_lowercase(), count, Loc::default())
            .err()
            .map(|e| e.message)
    }

    #[test]
    fn counts_outside_the_bounds_fail() {
        assert_eq!(
            message("if", 1).as_deref(),
            Some("`if` takes 3 arguments, found 1")
        );
        assert_eq!(
            message("resourceId", 0).as_deref(),
            Some("`resourceId` takes at least 2 arguments, found 0")
        );
        assert_eq!(
            message("copyIndex", 3).as_deref(),
            Some("`copyIndex` takes 0 to 2 arguments, found 3")
        );
        assert_eq!(
            message("not", 2).as_deref(),
            Some("`not` takes 1 argument, found 2")
        );
    }

    #[test]
    fn counts_inside_the_bounds_and_other_functions_pass() {
        assert_eq!(message("concat", 5), None);
        assert_eq!(message("createArray", 0), None);
        assert_eq!(message("listKeys", 9), None);
    }
}
