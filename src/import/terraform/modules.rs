//! Module addresses, such as `module.spoke["001"].module.network`: their
//! calls and instance keys.

/// Splits a module address into its calls and instance keys:
/// `module.a["x"].module.b` gives `("a", Some("[\"x\"]"))` and `("b", None)`.
pub fn module_calls(address: &str) -> Vec<(&str, Option<&str>)> {
    let mut calls = Vec::new();
    let mut rest = address;
    while let Some(after) = rest.strip_prefix("module.") {
        let end = after.find(['.', '[']).unwrap_or(after.len());
        let name = &after[..end];
        let mut tail = &after[end..];
        let mut key = None;
        if tail.starts_with('[') {
            let close = closing_bracket(tail).unwrap_or(tail.len() - 1);
            key = Some(&tail[..=close]);
            tail = &tail[close + 1..];
        }
        calls.push((name, key));
        rest = tail.strip_prefix('.').unwrap_or(tail);
    }
    calls
}

/// Returns the position of the `]` that closes the `[` at the start of `text`,
/// skipping brackets inside a quoted key.
pub fn closing_bracket(text: &str) -> Option<usize> {
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ']' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_keep_their_keys() {
        let calls = module_calls(r#"module.a["x.]"].module.b"#);
        assert_eq!(calls, [("a", Some(r#"["x.]"]"#)), ("b", None)]);
    }
}
