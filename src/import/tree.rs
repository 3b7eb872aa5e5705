//! A JSON or YAML document as a tree whose every node keeps its location.
//!
//! Terraform plans and ARM templates are JSON, and JSON is YAML, so the same
//! span-keeping parser that reads topology files reads them. A plan is often
//! one long line: the byte span, not the line, is what locates a value.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::model::Sp;
use crate::source::Loc;

/// A value of a JSON or YAML document.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number, as written; Azure and Terraform numbers here are counts and sizes.
    Number(f64),
    String(String),
    Array(Vec<Node>),
    /// Members in document order, each key with its own location.
    Object(Vec<(Sp<String>, Node)>),
}

/// A value and the place it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub loc: Loc,
}

impl Node {
    /// Returns the member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(members) => members.iter().find(|(k, _)| k.value == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Follows a path of object keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |node, key| node.get(key))
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self.value {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    /// Returns the elements of an array, or nothing for any other value.
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Array(items) => items,
            _ => &[],
        }
    }

    /// Returns the members of an object, or nothing for any other value.
    pub fn members(&self) -> &[(Sp<String>, Node)] {
        match &self.value {
            Value::Object(members) => members,
            _ => &[],
        }
    }

    pub fn is_null(&self) -> bool {
        self.value == Value::Null
    }

    /// Returns the string value with its location, for the model's spanned fields.
    pub fn spanned_str(&self) -> Option<Sp<String>> {
        self.as_str().map(|s| Sp::new(s.to_string(), self.loc))
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Sp::<Value>::deserialize(deserializer)?;
        Ok(Node {
            value: spanned.value,
            loc: spanned.loc,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON or YAML value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<Sp<String>>()? {
            let value = map.next_value::<Node>()?;
            members.push((key, value));
        }
        Ok(Value::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Node {
        serde_saphyr::from_str(text).expect("valid document")
    }

    #[test]
    fn json_values_keep_spans() {
        let text = r#"{"a": {"b": [1, "two", true, null]}, "c": "x"}"#;
        let root = parse(text);
        let items = root.path(&["a", "b"]).unwrap().items();
        assert_eq!(items.len(), 4);
        assert_eq!(items[0].as_f64(), Some(1.0));
        let two = &items[1];
        assert_eq!(two.as_str(), Some("two"));
        assert_eq!(
            &text[two.loc.offset..two.loc.offset + two.loc.len],
            "\"two\""
        );
        assert!(items[3].is_null());
        let c = root.get("c").unwrap();
        assert_eq!(&text[c.loc.offset..c.loc.offset + c.loc.len], "\"x\"");
    }

    #[test]
    fn object_keys_keep_order_and_spans() {
        let text = "{\"z\": 1, \"a\": 2}";
        let root = parse(text);
        let keys: Vec<&str> = root
            .members()
            .iter()
            .map(|(k, _)| k.value.as_str())
            .collect();
        assert_eq!(keys, ["z", "a"]);
        let key = &root.members()[1].0;
        assert_eq!(&text[key.loc.offset..key.loc.offset + key.loc.len], "\"a\"");
    }
}
