//! Renderings of values that are unknown until deployment.
//!
//! A rendering is both what a message shows and the text of a symbol, and
//! symbols are equal only when their texts are. So a rendering depends on
//! the value alone: the same value always renders the same text.
//!
//! Two forms exist. Inside an expression, such as the arguments of
//! `uniqueString(...)`, a string with unknown pieces renders as a `concat`
//! call. At the top of a model value or a message, it renders as its text
//! with each unknown piece in braces, such as
//! `sa{uniqueString(resourceGroup().id, 'mlw')}`, with literal braces doubled.
//! In both forms the ids of the deployment's subscription and resource
//! group, which `resourceId` spells out segment by segment, read as
//! `subscription().id` and `resourceGroup().id`. Only renderings are
//! shortened: the values keep every segment, so ids still parse.

use std::borrow::Cow;

use super::value::{embed, pieces, Piece, Value, OPEN};
use crate::model::unknown;

/// Quotes text as a template-language string literal.
pub fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Renders a string as an expression: a literal when known, the unknown's
/// own rendering when it is one unknown piece, else a `concat` of its pieces.
pub fn render_str(text: &str) -> String {
    let text = abbreviate(text);
    let parts = pieces(&text);
    match parts.as_slice() {
        [] => quote(""),
        [Piece::Known(k)] => quote(k),
        [Piece::Unknown(u)] => (*u).to_string(),
        _ => {
            let args: Vec<String> = parts
                .iter()
                .map(|p| match p {
                    Piece::Known(k) => quote(k),
                    Piece::Unknown(u) => (*u).to_string(),
                })
                .collect();
            format!("concat({})", args.join(", "))
        }
    }
}

/// Renders a value as an expression, for the rendering of an unknown result.
pub fn render(value: &Value) -> String {
    match value {
        Value::Null => "null()".into(),
        Value::Bool(b) => format!("{b}()"),
        Value::Int(n) => n.to_string(),
        Value::Str(s) => render_str(s),
        Value::Unknown(r) => r.clone(),
        Value::Array(items) => {
            let args: Vec<String> = items.iter().map(|v| render(&v.value)).collect();
            format!("createArray({})", args.join(", "))
        }
        Value::Object(members) => {
            let args: Vec<String> = members
                .iter()
                .map(|(k, v)| format!("{}, {}", quote(k), render(&v.value)))
                .collect();
            format!("createObject({})", args.join(", "))
        }
    }
}

/// Renders a string for a model value or a message: known text as written,
/// and each unknown piece in braces unless it is the whole string.
pub fn display_str(text: &str) -> String {
    let text = abbreviate(text);
    let parts = pieces(&text);
    if let [Piece::Unknown(u)] = parts.as_slice() {
        return (*u).to_string();
    }
    parts
        .iter()
        .map(|p| match p {
            Piece::Known(k) => k.replace('{', "{{").replace('}', "}}"),
            Piece::Unknown(u) => format!("{{{u}}}"),
        })
        .collect()
}

/// Renders a value for a message: strings as [`display_str`] does, anything
/// else as an expression.
pub fn display(value: &Value) -> String {
    match value {
        Value::Str(s) => display_str(s),
        other => render(other),
    }
}

/// Returns the model form of a string value: as written when known, else
/// the unknown symbol of its rendering.
pub fn model_text(text: &str) -> String {
    if text.contains(OPEN) {
        unknown::symbol(&display_str(text))
    } else {
        text.to_string()
    }
}

/// Replaces the spelled-out ids of the deployment's subscription and
/// resource group with one unknown piece each.
fn abbreviate(text: &str) -> Cow<'_, str> {
    let subscription = format!("/subscriptions/{}", embed("subscription().subscriptionId"));
    if !text.contains(&subscription) {
        return Cow::Borrowed(text);
    }
    let group = format!(
        "{subscription}/resourceGroups/{}",
        embed("resourceGroup().name")
    );
    let text = replace_segments(text, &group, &embed("resourceGroup().id"));
    Cow::Owned(replace_segments(
        &text,
        &subscription,
        &embed("subscription().id"),
    ))
}

/// Replaces `from` with `to` where `from` ends a path segment: at the end of
/// the text or before a `/`.
fn replace_segments(text: &str, from: &str, to: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let after = &rest[at + from.len()..];
        out.push_str(&rest[..at]);
        if after.is_empty() || after.starts_with('/') {
            out.push_str(to);
        } else {
            out.push_str(from);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group_id() -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}",
            embed("subscription().subscriptionId"),
            embed("resourceGroup().name")
        )
    }

    #[test]
    fn render_str_forms() {
        assert_eq!(render_str("it's"), "'it''s'");
        assert_eq!(render_str(&embed("x()")), "x()");
        let mixed = format!("kv-{}", embed("uniqueString(resourceGroup().id)"));
        assert_eq!(
            render_str(&mixed),
            "concat('kv-', uniqueString(resourceGroup().id))"
        );
    }

    #[test]
    fn display_str_forms() {
        assert_eq!(display_str(&embed("x()")), "x()");
        let mixed = format!("kv-{}", embed("uniqueString(resourceGroup().id)"));
        assert_eq!(display_str(&mixed), "kv-{uniqueString(resourceGroup().id)}");
        let braces = format!("{{a}}-{}", embed("x()"));
        assert_eq!(display_str(&braces), "{{a}}-{x()}");
    }

    #[test]
    fn group_and_subscription_ids_read_short() {
        assert_eq!(render_str(&group_id()), "resourceGroup().id");
        let storage = format!(
            "{}/providers/Microsoft.Storage/storageAccounts/sa",
            group_id()
        );
        assert_eq!(
            display_str(&storage),
            "{resourceGroup().id}/providers/Microsoft.Storage/storageAccounts/sa"
        );
        let other = format!(
            "/subscriptions/{}/resourceGroups/rg-dns",
            embed("subscription().subscriptionId")
        );
        assert_eq!(
            render_str(&other),
            "concat(subscription().id, '/resourceGroups/rg-dns')"
        );
    }

    #[test]
    fn group_id_kept_before_more_segments() {
        let longer = format!("{}-x", group_id());
        assert_eq!(
            render_str(&longer),
            "concat(subscription().id, '/resourceGroups/', resourceGroup().name, '-x')"
        );
    }

    #[test]
    fn model_text_marks_unknown() {
        assert_eq!(model_text("vnet-hub"), "vnet-hub");
        let text = model_text(&embed("resourceGroup().location"));
        assert!(unknown::is_unknown(&text));
        assert_eq!(unknown::describe(&text), "resourceGroup().location");
    }
}
