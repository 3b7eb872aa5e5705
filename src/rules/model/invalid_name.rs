//! `invalid-name`: a name breaks Azure's naming rule for its kind.
//!
//! The rules come from Microsoft Learn, "Naming rules and restrictions for
//! Azure resources" (resource-name-rules); the compute rules are the Azure ML
//! API's. Kinds without a rule here are not checked.

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{peering_name, Kind};
use crate::model::{ComputeKind, Sp};
use crate::rules::{Context, Rule};

/// One kind's naming rule. Letters and digits are ASCII only.
struct NameRule {
    noun: &'static str,
    min: usize,
    max: usize,
    allowed: fn(char) -> bool,
    first: Option<fn(char) -> bool>,
    last: Option<fn(char) -> bool>,
    no_double_hyphen: bool,
    /// The whole rule, for the help line.
    description: &'static str,
}

fn alphanumeric(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

fn letter(c: char) -> bool {
    c.is_ascii_alphabetic()
}

fn network_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

fn network_last(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn word_or_hyphen(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-')
}

fn alphanumeric_or_hyphen(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

fn lowercase_or_digit(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

const NETWORK_DESCRIPTION: &str = "letters, digits, `_`, `.` and `-`, starting with a letter or \
                                   digit and ending with a letter, digit or `_`";

const VNET: NameRule = NameRule {
    noun: "VNet",
    min: 2,
    max: 64,
    allowed: network_char,
    first: Some(alphanumeric),
    last: Some(network_last),
    no_double_hyphen: false,
    description: NETWORK_DESCRIPTION,
};

const PRIVATE_ENDPOINT: NameRule = NameRule {
    noun: "private endpoint",
    ..VNET
};

const SUBNET: NameRule = NameRule {
    noun: "subnet",
    min: 1,
    max: 80,
    ..VNET
};

const PEERING: NameRule = NameRule {
    noun: "peering",
    ..SUBNET
};

const WORKSPACE: NameRule = NameRule {
    noun: "workspace",
    min: 3,
    max: 33,
    allowed: word_or_hyphen,
    first: Some(alphanumeric),
    last: None,
    no_double_hyphen: false,
    description: "letters, digits, `_` and `-`, starting with a letter or digit",
};

const COMPUTE_INSTANCE: NameRule = NameRule {
    noun: "compute instance",
    min: 3,
    max: 24,
    allowed: alphanumeric_or_hyphen,
    first: Some(letter),
    last: None,
    no_double_hyphen: false,
    description: "letters, digits and `-`, starting with a letter",
};

/// The API allows 32 characters, but the studio form allows only 24.
const COMPUTE_CLUSTER: NameRule = NameRule {
    noun: "compute cluster",
    min: 3,
    max: 32,
    allowed: alphanumeric_or_hyphen,
    first: Some(letter),
    last: Some(alphanumeric),
    no_double_hyphen: false,
    description:
        "letters, digits and `-`, starting with a letter and ending with a letter or digit",
};

const STORAGE_ACCOUNT: NameRule = NameRule {
    noun: "storage account",
    min: 3,
    max: 24,
    allowed: lowercase_or_digit,
    first: None,
    last: None,
    no_double_hyphen: false,
    description: "lowercase letters and digits only",
};

const KEY_VAULT: NameRule = NameRule {
    noun: "key vault",
    min: 3,
    max: 24,
    allowed: alphanumeric_or_hyphen,
    first: Some(letter),
    last: Some(alphanumeric),
    no_double_hyphen: true,
    description: "letters, digits and `-`, starting with a letter, ending with a letter or digit, \
                  and without `--`",
};

const CONTAINER_REGISTRY: NameRule = NameRule {
    noun: "container registry",
    min: 5,
    max: 50,
    allowed: alphanumeric,
    first: None,
    last: None,
    no_double_hyphen: false,
    description: "letters and digits only",
};

const AKS: NameRule = NameRule {
    noun: "AKS cluster",
    min: 1,
    max: 63,
    allowed: word_or_hyphen,
    first: Some(alphanumeric),
    last: Some(alphanumeric),
    no_double_hyphen: false,
    description: "letters, digits, `_` and `-`, starting and ending with a letter or digit",
};

/// One broken part of a rule: a short label and the clause for the message.
struct Problem {
    label: String,
    clause: String,
}

fn invalid(rule: &NameRule, key: (Kind, &str), name: &Sp<String>, problems: &[Problem]) -> Finding {
    let label = problems
        .first()
        .map_or("invalid name", |p| p.label.as_str());
    let clauses: Vec<&str> = problems.iter().map(|p| p.clause.as_str()).collect();
    Finding::new(
        &RULE,
        Severity::Error,
        key,
        name.loc,
        label,
        format!(
            "the {} name `{}` {}, so Azure rejects it",
            rule.noun,
            name.value,
            join_clauses(&clauses)
        ),
    )
    .help(format!(
        "rename the {} to {}–{} {}",
        rule.noun, rule.min, rule.max, rule.description
    ))
}

fn default_peering_too_long(from: &Sp<String>, name: &str, length: usize) -> Finding {
    Finding::new(
        &RULE,
        Severity::Error,
        (Kind::Peering, name),
        from.loc,
        "default name too long",
        format!(
            "the default peering name `{name}` is {length} characters long, more than the \
             {} Azure allows, so Azure rejects it",
            PEERING.max
        ),
    )
    .help(format!(
        "set a `name` of at most {} characters on the peering",
        PEERING.max
    ))
}

pub static RULE: Rule = Rule {
    id: "invalid-name",
    category: Category::Model,
    severity: Severity::Error,
    summary: "a name breaks Azure's naming rule for its kind",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    // A name that is unknown until deployment cannot be judged; `unknown-value` reports it.
    let start = out.len();
    check_names(cx, out);
    let mut i = start;
    while i < out.len() {
        if crate::model::unknown::is_unknown(&out[i].message) {
            out.remove(i);
        } else {
            i += 1;
        }
    }
}

fn check_names(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    for v in &t.vnets {
        check_name(out, &VNET, (Kind::Vnet, &v.name.value), &v.name);
        for s in &v.subnets {
            let key = format!("{}/{}", v.name.value, s.name.value);
            check_name(out, &SUBNET, (Kind::Subnet, &key), &s.name);
        }
    }
    for pe in &t.private_endpoints {
        let key = (Kind::PrivateEndpoint, pe.name.value.as_str());
        check_name(out, &PRIVATE_ENDPOINT, key, &pe.name);
    }
    for w in &t.workspaces {
        check_name(out, &WORKSPACE, (Kind::Workspace, &w.name.value), &w.name);
    }
    for c in &t.computes {
        let rule = match c.kind.value {
            ComputeKind::Instance => &COMPUTE_INSTANCE,
            ComputeKind::Cluster => &COMPUTE_CLUSTER,
        };
        check_name(out, rule, (Kind::Compute, &c.name.value), &c.name);
    }
    for (rule, kind, list) in [
        (&STORAGE_ACCOUNT, Kind::StorageAccount, &t.storage_accounts),
        (&KEY_VAULT, Kind::KeyVault, &t.key_vaults),
        (
            &CONTAINER_REGISTRY,
            Kind::ContainerRegistry,
            &t.container_registries,
        ),
    ] {
        for s in list {
            check_name(out, rule, (kind, &s.name.value), &s.name);
        }
    }
    for a in &t.kubernetes_clusters {
        check_name(out, &AKS, (Kind::KubernetesCluster, &a.name.value), &a.name);
    }
    for p in &t.peerings {
        match &p.name {
            Some(name) => check_name(out, &PEERING, (Kind::Peering, &name.value), name),
            None => check_default_peering_name(cx, p, out),
        }
    }
}

fn check_name(out: &mut Vec<Finding>, rule: &NameRule, key: (Kind, &str), name: &Sp<String>) {
    let problems = problems(rule, &name.value);
    if !problems.is_empty() {
        out.push(invalid(rule, key, name, &problems));
    }
}

/// Checks only the length of a `FROM-to-TO` name: its characters come from
/// the VNet names, which are checked themselves.
fn check_default_peering_name(cx: &Context, p: &crate::model::Peering, out: &mut Vec<Finding>) {
    let name = peering_name(p, cx.topology);
    let length = name.chars().count();
    if length > PEERING.max {
        out.push(default_peering_too_long(&p.from, &name, length));
    }
}

/// Lists the parts of `rule` that `name` breaks, in the order a reader fixes them.
fn problems(rule: &NameRule, name: &str) -> Vec<Problem> {
    let mut found = Vec::new();
    let length = name.chars().count();
    if length == 0 {
        found.push(problem("empty name", "is empty".into()));
    } else if length < rule.min {
        found.push(problem(
            "too short",
            format!("is {} long, fewer than {}", characters(length), rule.min),
        ));
    } else if length > rule.max {
        found.push(problem(
            "too long",
            format!("is {} long, more than {}", characters(length), rule.max),
        ));
    }

    let mut bad: Vec<char> = Vec::new();
    for c in name.chars().filter(|&c| !(rule.allowed)(c)) {
        if !bad.contains(&c) {
            bad.push(c);
        }
    }
    if !bad.is_empty() {
        let quoted: Vec<String> = bad.iter().map(|c| format!("`{c}`")).collect();
        found.push(problem(
            &format!("{} not allowed", quoted[0]),
            format!("contains {}", join_clauses(&quoted)),
        ));
    }

    // A first or last character outside the allowed set is already listed above.
    let allowed_but = |c: char, test: Option<fn(char) -> bool>| {
        (rule.allowed)(c) && test.is_some_and(|test| !test(c))
    };
    if let Some(c) = name.chars().next().filter(|&c| allowed_but(c, rule.first)) {
        found.push(problem("bad first character", format!("starts with `{c}`")));
    }
    if let Some(c) = name.chars().last().filter(|&c| allowed_but(c, rule.last)) {
        found.push(problem("bad last character", format!("ends with `{c}`")));
    }
    if rule.no_double_hyphen && name.contains("--") {
        found.push(problem("`--` not allowed", "contains `--`".into()));
    }
    found
}

fn characters(count: usize) -> String {
    match count {
        1 => "1 character".to_string(),
        n => format!("{n} characters"),
    }
}

fn problem(label: &str, clause: String) -> Problem {
    Problem {
        label: label.to_string(),
        clause,
    }
}

/// Joins clauses as "a", "a and b" or "a, b and c".
fn join_clauses<S: AsRef<str>>(clauses: &[S]) -> String {
    match clauses {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            let head: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", head.join(", "), last.as_ref())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{problems, COMPUTE_INSTANCE, KEY_VAULT, STORAGE_ACCOUNT, VNET};
    use crate::rules::testing::{findings, messages};

    fn clauses(rule: &super::NameRule, name: &str) -> Vec<String> {
        problems(rule, name).into_iter().map(|p| p.clause).collect()
    }

    #[test]
    fn valid_names_pass() {
        let yaml = "
region: eastus2
vnets:
  - name: vnet-ml_01
    address_space: [10.0.0.0/16]
    subnets: [{name: snet.pe, address_prefix: 10.0.1.0/24}]
storage_accounts: [{name: stml01}]
key_vaults: [{name: kv-ml-01}]
container_registries: [{name: crml01}]
workspaces: [{name: mlw-prod, storage_account: stml01, key_vault: kv-ml-01}]
computes:
  - {name: ci-alice, kind: instance}
  - {name: cpu-cluster, kind: cluster}
kubernetes_clusters: [{name: aks_ml, subnet: vnet-ml_01/snet.pe}]
peerings: [{from: vnet-ml_01, to: vnet-ml_01}]
";
        assert!(messages(yaml, "invalid-name").is_empty());
    }

    #[test]
    fn storage_account_with_uppercase_and_hyphen() {
        let yaml = "
region: eastus2
storage_accounts: [{name: St-ML}]
";
        let found = findings(yaml, "invalid-name");
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "the storage account name `St-ML` contains `S`, `-`, `M` and `L`, so Azure rejects it"
        );
        assert_eq!(
            found[0].help,
            "rename the storage account to 3–24 lowercase letters and digits only"
        );
    }

    #[test]
    fn vnet_last_character() {
        assert_eq!(clauses(&VNET, "vnet-a."), ["ends with `.`"]);
        assert_eq!(clauses(&VNET, "vnet-a_"), Vec::<String>::new());
        assert_eq!(clauses(&VNET, "-vnet"), ["starts with `-`"]);
        assert_eq!(clauses(&VNET, "v"), ["is 1 character long, fewer than 2"]);
    }

    #[test]
    fn key_vault_double_hyphen_and_length() {
        let name = "kv--".to_string() + &"a".repeat(22);
        assert_eq!(
            clauses(&KEY_VAULT, &name),
            ["is 26 characters long, more than 24", "contains `--`"]
        );
    }

    #[test]
    fn compute_instance_starts_with_letter() {
        assert_eq!(clauses(&COMPUTE_INSTANCE, "1ci"), ["starts with `1`"]);
        assert!(clauses(&STORAGE_ACCOUNT, "").contains(&"is empty".to_string()));
    }

    #[test]
    fn long_default_peering_name() {
        let long = "v".repeat(40);
        let yaml = format!(
            "
region: eastus2
vnets:
  - {{name: {long}a, address_space: [10.0.0.0/16]}}
  - {{name: {long}b, address_space: [10.1.0.0/16]}}
peerings: [{{from: {long}a, to: {long}b}}]
"
        );
        let found = findings(&yaml, "invalid-name");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.starts_with("the default peering name"));
    }
}
