//! Reading `.vnetlint.yaml` with spans, and checking what it names.
//!
//! A configuration problem stops the run like an invalid topology file: one
//! [`LoadError`] that points at the key or value, with the nearest valid name.

use std::fmt;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::{Config, Exclude, FailOn, Level};
use crate::load::{Budgets, LoadError};
use crate::model::{spanned, EndpointPolicies, Sp};
use crate::rules::{self, RuleOptions};
use crate::source::{FileId, Loc};
use crate::suggest::nearest;

/// Rule options, and the rules that take each one.
const RULE_OPTIONS: &[(&str, &[&str])] = &[(
    "accepted_endpoint_policies",
    &["pe-subnet-network-policies"],
)];

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    rules: RuleTable,
    fail_on: Option<Sp<FailOn>>,
    /// `None` also when the key has no value.
    exclude: Option<Vec<Sp<String>>>,
    doc_base_url: Option<Sp<String>>,
}

/// The `rules:` mapping, in file order.
#[derive(Debug, Default)]
struct RuleTable(Vec<(Sp<String>, RuleEntry)>);

/// One rule's entry: a level alone, or a mapping of `level` and options.
#[derive(Debug, Default)]
struct RuleEntry {
    level: Option<Level>,
    options: Vec<(Sp<String>, OptionValue)>,
}

#[derive(Debug)]
enum OptionValue {
    AcceptedEndpointPolicies(Vec<EndpointPolicies>),
    /// A key that is no rule option. It is reported once the rule id is known.
    Unknown,
}

/// Reads and validates the configuration file at `path`.
pub fn load(path: &Path) -> Result<Config, LoadError> {
    let budgets = Budgets::default();
    let text = read_text(path, &budgets)?;
    from_text(path, &text, &budgets)
}

/// Validates the configuration `text`, read from `path`.
fn from_text(path: &Path, text: &str, budgets: &Budgets) -> Result<Config, LoadError> {
    let file = spanned::with_file(FileId(0), || parse(text, budgets))
        .map_err(|e| LoadError::from_yaml(path, text, FileId(0), &e, budgets))?;
    let at = |loc: Loc, message: String, help: String, label: &str| {
        LoadError::at(path, text, loc, message, help).labeled(label)
    };

    let mut config = Config {
        path: path.to_path_buf(),
        fail_on: file.fail_on.map(|f| f.value),
        ..Config::default()
    };
    for (id, entry) in &file.rules.0 {
        let Some(rule) = rules::find(&id.value) else {
            return Err(at(
                id.loc,
                format!("unknown rule `{}`", id.value),
                unknown_rule_help(&id.value),
                "no such rule",
            ));
        };
        if let Some(level) = entry.level {
            config.levels.insert(rule.id, level);
        }
        for (name, value) in &entry.options {
            apply_option(rule.id, name, value, &mut config.rule_options).map_err(
                |(message, help)| at(name.loc, message, help, "not an option of this rule"),
            )?;
        }
    }

    let base = path.parent().unwrap_or(Path::new(""));
    let exclude = file.exclude.unwrap_or_default();
    let patterns: Vec<&str> = exclude.iter().map(|p| p.value.as_str()).collect();
    config.exclude = Exclude::new(base, &patterns).map_err(|(i, reason)| {
        at(
            exclude[i].loc,
            format!("invalid exclude pattern `{}`: {reason}", exclude[i].value),
            "write a path relative to the configuration file's folder; \
             `*` matches within one folder and `**` across folders"
                .into(),
            "invalid pattern",
        )
    })?;

    if let Some(url) = &file.doc_base_url {
        if !is_absolute_url(&url.value) {
            return Err(at(
                url.loc,
                format!("`doc_base_url` is not an absolute URL: `{}`", url.value),
                "write a URL with a scheme and a host, such as \
                 `https://example.com/vnetlint/rules`"
                    .into(),
                "not an absolute URL",
            ));
        }
        config.doc_base_url = Some(url.value.trim_end_matches('/').to_string());
    }
    Ok(config)
}

fn unknown_rule_help(id: &str) -> String {
    let ids = rules::all().into_iter().map(|r| r.id);
    match nearest(id, ids) {
        Some(near) => format!("did you mean `{near}`?"),
        None => "the rule index in docs/rules.md lists every rule id".into(),
    }
}

/// Stores one rule option, or returns the message and help for a key that
/// `rule` does not take.
fn apply_option(
    rule: &str,
    name: &Sp<String>,
    value: &OptionValue,
    options: &mut RuleOptions,
) -> Result<(), (String, String)> {
    let accepted_keys: Vec<&str> = std::iter::once("level")
        .chain(
            RULE_OPTIONS
                .iter()
                .filter(|(_, rules)| rules.contains(&rule))
                .map(|(option, _)| *option),
        )
        .collect();
    let known = !matches!(value, OptionValue::Unknown);
    if !accepted_keys.contains(&name.value.as_str()) {
        let message = if known {
            format!("rule `{rule}` has no option `{}`", name.value)
        } else {
            format!("unknown key `{}` in the entry of rule `{rule}`", name.value)
        };
        let list = accepted_keys.join(", ");
        let help = match nearest(&name.value, accepted_keys.iter().copied()).filter(|_| !known) {
            Some(near) => format!("did you mean `{near}`? Keys of `{rule}`: {list}"),
            None => format!("keys of `{rule}`: {list}"),
        };
        return Err((message, help));
    }
    match value {
        OptionValue::AcceptedEndpointPolicies(values) => {
            options.accepted_endpoint_policies.clone_from(values);
        }
        OptionValue::Unknown => {}
    }
    Ok(())
}

/// Accepts `scheme://host...` without spaces, where the scheme is a letter
/// followed by letters, digits, `+`, `-` or `.`.
fn is_absolute_url(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    let mut chars = scheme.chars();
    let scheme_valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let host = rest.split('/').next().unwrap_or("");
    scheme_valid && !host.is_empty() && !text.chars().any(char::is_whitespace)
}

fn read_text(path: &Path, budgets: &Budgets) -> Result<Arc<str>, LoadError> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| {
            file.take(budgets.max_file_bytes.saturating_add(1))
                .read_to_end(&mut bytes)
        })
        .map_err(|e| LoadError::io(path, &e))?;
    if bytes.len() as u64 > budgets.max_file_bytes {
        return Err(LoadError::plain(
            path,
            format!("file is over the limit of {} bytes", budgets.max_file_bytes),
            "a configuration file needs only a few lines; check the path".into(),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        LoadError::plain(
            path,
            format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
            "save the file as UTF-8".into(),
        )
    })?;
    Ok(Arc::from(text.strip_prefix('\u{feff}').unwrap_or(&text)))
}

fn parse(text: &str, budgets: &Budgets) -> Result<ConfigFile, serde_saphyr::Error> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_nodes: budgets.max_nodes,
            max_depth: budgets.max_depth,
            max_aliases: budgets.max_aliases,
            max_anchors: budgets.max_aliases,
            max_documents: 1,
        },
        // YAML 1.2 booleans only, so that a level written `off` stays a string
        // when a rule entry is read as either a level or a mapping.
        strict_booleans: true,
        with_snippet: false,
    };
    let file: Option<ConfigFile> = serde_saphyr::from_str_with_options(text, options)?;
    Ok(file.unwrap_or_default())
}

impl<'de> Deserialize<'de> for RuleTable {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Read as any value so that `rules:` with every entry commented out is
        // an empty table rather than an error.
        deserializer.deserialize_any(RuleTableVisitor)
    }
}

struct RuleTableVisitor;

impl<'de> Visitor<'de> for RuleTableVisitor {
    type Value = RuleTable;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping from rule id to level")
    }

    fn visit_unit<E: de::Error>(self) -> Result<RuleTable, E> {
        Ok(RuleTable::default())
    }

    fn visit_none<E: de::Error>(self) -> Result<RuleTable, E> {
        Ok(RuleTable::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RuleTable, A::Error> {
        let mut entries = Vec::new();
        while let Some(id) = map.next_key::<Sp<String>>()? {
            entries.push((id, map.next_value::<RuleEntry>()?));
        }
        Ok(RuleTable(entries))
    }
}

impl<'de> Deserialize<'de> for RuleEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RuleEntryVisitor)
    }
}

struct RuleEntryVisitor;

impl<'de> Visitor<'de> for RuleEntryVisitor {
    type Value = RuleEntry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "a level ({}) or a mapping with `level` and rule options",
            Level::NAMES.join(", ")
        )
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<RuleEntry, E> {
        let level = Level::parse(text).ok_or_else(|| E::unknown_variant(text, Level::NAMES))?;
        Ok(RuleEntry {
            level: Some(level),
            options: Vec::new(),
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RuleEntry, A::Error> {
        let mut entry = RuleEntry::default();
        while let Some(key) = map.next_key::<Sp<String>>()? {
            match key.value.as_str() {
                "level" => entry.level = Some(map.next_value::<Level>()?),
                "accepted_endpoint_policies" => {
                    let values = map.next_value::<Vec<EndpointPolicies>>()?;
                    entry
                        .options
                        .push((key, OptionValue::AcceptedEndpointPolicies(values)));
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    entry.options.push((key, OptionValue::Unknown));
                }
            }
        }
        Ok(entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Result<Config, LoadError> {
        from_text(
            Path::new("/project/.vnetlint.yaml"),
            text,
            &Budgets::default(),
        )
    }

    #[test]
    fn levels_read_from_scalar_and_mapping() {
        let text = "rules:\n  subnet-overlap: Off\n  invalid-cidr: {level: warning}\n  \
                    no-client-path: ERROR\n";
        let levels = config(text).expect("valid configuration").levels;
        assert_eq!(levels.get("subnet-overlap"), Some(&Level::Off));
        assert_eq!(levels.get("invalid-cidr"), Some(&Level::Warning));
        assert_eq!(levels.get("no-client-path"), Some(&Level::Error));
    }

    #[test]
    fn empty_file_and_empty_rules_valid() {
        for text in [
            "",
            "# nothing\n",
            "rules:\n  # subnet-overlap: off\nexclude:\n",
            "rules: {}\nexclude: []\n",
        ] {
            let config = config(text).expect("valid configuration");
            assert!(config.levels.is_empty(), "{text:?}");
            assert_eq!(config.fail_on, None, "{text:?}");
        }
    }

    #[test]
    fn doc_base_url_reaches_settings() {
        let config = config("doc_base_url: https://example.com/rules/\n").expect("valid");
        let mut settings = crate::engine::Settings::default();
        config.apply(&mut settings);
        assert_eq!(
            settings.doc_base_url.as_deref(),
            Some("https://example.com/rules")
        );
    }

    #[test]
    fn absolute_url_check() {
        assert!(is_absolute_url("https://example.com/rules"));
        assert!(is_absolute_url("http://localhost:8080"));
        assert!(!is_absolute_url("example.com/rules"));
        assert!(!is_absolute_url("https:///rules"));
        assert!(!is_absolute_url("1https://example.com"));
        assert!(!is_absolute_url("https://example.com/a b"));
    }
}
