//! Azure resource ids, such as
//! `/subscriptions/S/resourceGroups/G/providers/Microsoft.Network/virtualNetworks/V/subnets/N`.

/// The parts of an Azure resource id that name the resource.
#[derive(Debug, PartialEq, Eq)]
pub struct AzureId<'i> {
    /// The resource group, when the id has one.
    pub group: Option<&'i str>,
    /// The provider namespace, such as `Microsoft.Network`.
    pub namespace: &'i str,
    /// Each type and name after the namespace, parent first.
    pub types: Vec<(&'i str, &'i str)>,
}

impl<'i> AzureId<'i> {
    /// Returns the resource's own name: the last one of the id.
    pub fn name(&self) -> &'i str {
        self.types.last().map_or("", |(_, name)| name)
    }

    /// Returns `VNET/SUBNET` when the id is exactly that of a subnet.
    pub fn subnet(&self) -> Option<String> {
        let is = |at: usize, kind: &str| {
            self.types
                .get(at)
                .filter(|(t, _)| t.eq_ignore_ascii_case(kind))
                .map(|(_, name)| *name)
        };
        if !self.namespace.eq_ignore_ascii_case("Microsoft.Network") || self.types.len() != 2 {
            return None;
        }
        Some(format!(
            "{}/{}",
            is(0, "virtualNetworks")?,
            is(1, "subnets")?
        ))
    }
}

/// Parses the id of a resource. A resource group's id, a path with an empty
/// part and a type without its name give `None`.
pub fn parse(id: &str) -> Option<AzureId<'_>> {
    let parts: Vec<&str> = id.strip_prefix('/')?.split('/').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let mut rest = match parts.as_slice() {
        [key, _, rest @ ..] if key.eq_ignore_ascii_case("subscriptions") => rest,
        _ => return None,
    };
    let mut group = None;
    if let [key, name, tail @ ..] = rest {
        if key.eq_ignore_ascii_case("resourceGroups") {
            group = Some(*name);
            rest = tail;
        }
    }
    let (namespace, pairs) = match rest {
        [key, namespace, pairs @ ..] if key.eq_ignore_ascii_case("providers") => {
            (*namespace, pairs)
        }
        _ => return None,
    };
    if pairs.is_empty() || pairs.len() % 2 != 0 {
        return None;
    }
    let types = pairs.chunks(2).map(|pair| (pair[0], pair[1])).collect();
    Some(AzureId {
        group,
        namespace,
        types,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUBNET: &str = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/n";

    #[test]
    fn subnet_ids_name_vnet_and_subnet() {
        let id = parse(SUBNET).unwrap();
        assert_eq!(id.group, Some("rg"));
        assert_eq!(id.name(), "n");
        assert_eq!(id.subnet().as_deref(), Some("v/n"));
    }

    #[test]
    fn longer_ids_are_not_subnets() {
        let long = format!("{SUBNET}/extra/more");
        assert_eq!(parse(&long).unwrap().subnet(), None);
        assert_eq!(parse(&format!("{SUBNET}/extra")), None);
    }

    #[test]
    fn malformed_ids_rejected() {
        for id in [
            "",
            "/subscriptions/",
            "//////",
            "subscriptions/s/resourceGroups/rg/providers/P/t/n",
            "/subscriptions/s/resourceGroups/rg",
            "/subscriptions/s/resourceGroups/rg/providers/P",
            "/subscriptions/s//providers/P/t/n",
        ] {
            assert_eq!(parse(id), None, "{id}");
        }
    }
}
