//! Resource ids: `resourceId` and its variants, the deployment's own
//! resource group and subscription, and reading an id back into a type and
//! names.

use super::eval::{EvalError, Result};
use super::functions::split_known;
use super::render::render;
use super::scope::Deployment;
use super::text::to_text;
use super::value::{Val, Value, OPEN};
use crate::source::Loc;

/// Evaluates `resourceId`, `subscriptionResourceId`, `tenantResourceId` or
/// `extensionResourceId`.
pub fn build(lower: &str, args: &[Val], deployment: &Deployment, loc: Loc) -> Result<Val> {
    let function = spelled(lower);
    let texts: Vec<String> = args.iter().map(|a| to_text(&a.value)).collect();
    let (prefix, rest) = match function {
        "extensionResourceId" => match texts.split_first() {
            Some((scope, rest)) => (scope.clone(), rest),
            None => return Err(too_few(function, loc)),
        },
        _ => {
            // The type is the first argument with a `/`: subscription ids and
            // resource group names cannot hold one.
            let Some(at) = texts
                .iter()
                .position(|t| t.contains('/') && !t.starts_with(OPEN))
            else {
                if !args.iter().any(|a| a.value.has_unknown()) {
                    return Err(EvalError::new(
                        loc,
                        format!("`{function}` has no resource type: no argument holds a `/`"),
                        "pass the type, such as 'Microsoft.Network/virtualNetworks', before the names",
                    ));
                }
                let rendered: Vec<String> = args.iter().map(|a| render(&a.value)).collect();
                let rendering = format!("{function}({})", rendered.join(", "));
                return Ok(Val::new(Value::Unknown(rendering), loc));
            };
            let scope = &texts[..at];
            let subscription = || to_text(&deployment.subscription_id);
            let prefix = match (function, scope) {
                ("tenantResourceId", []) => String::new(),
                ("subscriptionResourceId", []) => format!("/subscriptions/{}", subscription()),
                ("subscriptionResourceId", [s]) => format!("/subscriptions/{s}"),
                ("resourceId", []) => group_id(&subscription(), &to_text(&deployment.group_name)),
                ("resourceId", [g]) => group_id(&subscription(), g),
                ("resourceId", [s, g]) => group_id(s, g),
                _ => return Err(too_few(function, loc)),
            };
            (prefix, &texts[at..])
        }
    };
    let Some((resource_type, names)) = rest.split_first() else {
        return Err(too_few(function, loc));
    };
    let segments: Vec<&str> = resource_type.split('/').collect();
    if segments.len() < 2 || segments.len() - 1 != names.len() {
        return Err(EvalError::new(
            loc,
            format!(
                "`{function}` type `{resource_type}` needs {} names, found {}",
                segments.len().saturating_sub(1),
                names.len()
            ),
            "pass one name for each type segment after the namespace",
        ));
    }
    let mut id = format!("{prefix}/providers/{}", segments[0]);
    for (segment, name) in segments[1..].iter().zip(names) {
        id.push_str(&format!("/{segment}/{name}"));
    }
    Ok(Val::new(Value::Str(id), loc))
}

/// Returns a function's name as Azure's documentation writes it.
fn spelled(lower: &str) -> &'static str {
    match lower {
        "subscriptionresourceid" => "subscriptionResourceId",
        "tenantresourceid" => "tenantResourceId",
        "extensionresourceid" => "extensionResourceId",
        _ => "resourceId",
    }
}

fn group_id(subscription: &str, group: &str) -> String {
    format!("/subscriptions/{subscription}/resourceGroups/{group}")
}

fn too_few(function: &str, loc: Loc) -> EvalError {
    EvalError::new(
        loc,
        format!("`{function}` needs a resource type and names"),
        "pass the type, such as 'Microsoft.Network/virtualNetworks', and the names",
    )
}

fn member(key: &str, value: Value) -> (String, Val) {
    (key.to_string(), Val::new(value, Loc::default()))
}

/// The object that `resourceGroup()` returns.
pub fn resource_group(deployment: &Deployment) -> Value {
    let subscription = to_text(&deployment.subscription_id);
    let id = group_id(&subscription, &to_text(&deployment.group_name));
    Value::Object(vec![
        member("id", Value::Str(id)),
        member("name", deployment.group_name.clone()),
        member(
            "type",
            Value::Str("Microsoft.Resources/resourceGroups".into()),
        ),
        member("location", deployment.group_location.clone()),
    ])
}

/// The object that `subscription()` returns.
pub fn subscription(deployment: &Deployment) -> Value {
    let subscription = to_text(&deployment.subscription_id);
    Value::Object(vec![
        member("id", Value::Str(format!("/subscriptions/{subscription}"))),
        member("subscriptionId", deployment.subscription_id.clone()),
        member("tenantId", Value::Unknown("subscription().tenantId".into())),
        member(
            "displayName",
            Value::Unknown("subscription().displayName".into()),
        ),
    ])
}

/// The object that `deployment()` returns.
pub fn deployment(deployment: &Deployment, loc: Loc) -> Value {
    Value::Object(vec![
        ("name".to_string(), Val::new(deployment.name.clone(), loc)),
        member(
            "properties",
            Value::Unknown("deployment().properties".into()),
        ),
    ])
}

/// A resource id read back into its parts.
#[derive(Debug, PartialEq, Eq)]
pub struct ResourceId {
    /// Resource group, when the id names one that is known.
    pub group: Option<String>,
    /// Resource group as the id writes it, with unknown pieces.
    pub group_text: Option<String>,
    /// Full type, such as `Microsoft.Network/virtualNetworks/subnets`.
    pub resource_type: String,
    /// One name per type segment, such as `vnet-hub` and `snet-pe`.
    pub names: Vec<String>,
}

/// Reads an id such as `/subscriptions/S/resourceGroups/R/providers/T/N`.
/// An extension id is read by its last `providers` part.
pub fn parse(text: &str) -> Option<ResourceId> {
    let segments = split_known(text, &["/"]);
    let providers = segments
        .iter()
        .rposition(|s| s.eq_ignore_ascii_case("providers"))?;
    let group_text = segments
        .iter()
        .position(|s| s.eq_ignore_ascii_case("resourceGroups"))
        .and_then(|at| segments.get(at + 1))
        .cloned();
    let group = group_text.clone().filter(|g| !g.contains(OPEN));
    let rest = &segments[providers + 1..];
    if rest.len() < 3 || rest.len().is_multiple_of(2) {
        return None;
    }
    let mut types = vec![rest[0].clone()];
    let mut names = Vec::new();
    for pair in rest[1..].chunks(2) {
        types.push(pair[0].clone());
        names.push(pair[1].clone());
    }
    Some(ResourceId {
        group,
        group_text,
        resource_type: types.join("/"),
        names,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::arm::value::embed;

    fn deployment() -> Deployment {
        Deployment {
            subscription_id: Value::Unknown("subscription().subscriptionId".into()),
            group_name: Value::Str("rg-hub".into()),
            group_location: Value::Unknown("resourceGroup().location".into()),
            name: Value::Str("main".into()),
        }
    }

    fn strs(values: &[&str]) -> Vec<Val> {
        values
            .iter()
            .map(|v| Val::new(Value::Str(v.to_string()), Loc::default()))
            .collect()
    }

    fn id(function: &str, args: &[&str]) -> String {
        let value = build(function, &strs(args), &deployment(), Loc::default()).unwrap();
        value.as_str().unwrap().to_string()
    }

    #[test]
    fn resource_id_forms() {
        let sub = embed("subscription().subscriptionId");
        assert_eq!(
            id("resourceid", &["Microsoft.Network/virtualNetworks/subnets", "v", "s"]),
            format!("/subscriptions/{sub}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/v/subnets/s")
        );
        assert_eq!(
            id("resourceid", &["rg-dns", "Microsoft.Network/privateDnsZones", "z"]),
            format!("/subscriptions/{sub}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/z")
        );
        assert_eq!(
            id("resourceid", &["s1", "rg", "Microsoft.Web/sites", "w"]),
            "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/w"
        );
        assert_eq!(
            id(
                "subscriptionresourceid",
                &["Microsoft.Authorization/roleDefinitions", "r"]
            ),
            format!("/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/r")
        );
        assert_eq!(
            id(
                "tenantresourceid",
                &["Microsoft.Management/managementGroups", "m"]
            ),
            "/providers/Microsoft.Management/managementGroups/m"
        );
        assert_eq!(
            id(
                "extensionresourceid",
                &["/x/providers/A.B/c/d", "Microsoft.Authorization/locks", "l"]
            ),
            "/x/providers/A.B/c/d/providers/Microsoft.Authorization/locks/l"
        );
    }

    #[test]
    fn resource_id_name_count_error() {
        let args = strs(&["Microsoft.Network/virtualNetworks/subnets", "v"]);
        let error = build("resourceid", &args, &deployment(), Loc::default()).unwrap_err();
        assert!(error.message.contains("needs 2 names"), "{}", error.message);
    }

    #[test]
    fn parse_reads_type_names_and_group() {
        let text = id(
            "resourceid",
            &[
                "rg-x",
                "Microsoft.Network/virtualNetworks/subnets",
                "v",
                "s",
            ],
        );
        let parsed = parse(&text).unwrap();
        assert_eq!(parsed.group.as_deref(), Some("rg-x"));
        assert_eq!(
            parsed.resource_type,
            "Microsoft.Network/virtualNetworks/subnets"
        );
        assert_eq!(parsed.names, ["v", "s"]);
        assert_eq!(parse("vnet-hub"), None);
    }
}
