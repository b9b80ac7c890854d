//! A YAML document as a tree of nodes that remember where they were written.
//!
//! Parsed with serde-saphyr into spanned values, so every message can cite a line. Scalars
//! keep the text as written: the schema of the caller decides what it means (`yes` is a string
//! in an environment value, `8080` is a number in a port).

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_saphyr::Spanned;

/// One YAML node and the line where it starts.
///
/// # Examples
///
/// ```
/// use charm_spec::yaml::{Value, parse};
///
/// let root = parse("port: 8080\nname: web\n").unwrap();
/// let Value::Map(entries) = &root.value else { unreachable!() };
/// assert_eq!(entries[1].0.as_str(), Some("name"));
/// assert_eq!(entries[1].1.line, 2);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// 1-based line of the node in the parsed text (0 when unknown).
    pub line: u64,
}

/// What a node holds.
///
/// # Examples
///
/// ```
/// use charm_spec::yaml::{Value, parse};
///
/// assert!(matches!(parse("[a, b]").unwrap().value, Value::Seq(items) if items.len() == 2));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// A scalar: its text after unquoting, and what a YAML 1.1 resolver would make of it.
    Scalar(Scalar),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order.
    Map(Vec<(Node, Node)>),
}

/// A scalar with the text the user wrote and its resolved kind.
///
/// # Examples
///
/// ```
/// use charm_spec::yaml::{ScalarKind, parse};
///
/// let node = parse("1.10").unwrap();
/// let scalar = node.as_scalar().unwrap();
/// assert_eq!(scalar.text, "1.10");
/// assert_eq!(scalar.kind, ScalarKind::Float(1.1));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The text (unquoted; for plain numbers and booleans, exactly as written).
    pub text: String,
    /// What the YAML resolver made of it.
    pub kind: ScalarKind,
}

/// The kind a YAML resolver gave a scalar.
///
/// # Examples
///
/// ```
/// use charm_spec::yaml::{ScalarKind, parse};
///
/// assert_eq!(parse("8080").unwrap().as_scalar().unwrap().kind, ScalarKind::Int(8080));
/// assert_eq!(parse("\"8080\"").unwrap().as_scalar().unwrap().kind, ScalarKind::Str);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScalarKind {
    /// A string (quoted, or plain text that is not a number or boolean).
    Str,
    /// An integer.
    Int(i128),
    /// A floating-point number.
    Float(f64),
    /// A boolean.
    Bool(bool),
}

/// YAML text that could not be parsed.
///
/// # Examples
///
/// ```
/// let err = charm_spec::yaml::parse("a: 1\n b: 2\n").unwrap_err();
/// assert_eq!(err.line, 2);
/// assert_eq!(err.to_string(), "line 2: mapping values are not allowed in this context");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct SyntaxError {
    /// What is wrong, without location.
    pub message: String,
    /// 1-based line, 0 when unknown.
    pub line: u64,
}

impl Node {
    /// A short name for the kind of node, for messages (`a mapping`, `a list`, ...).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_spec::yaml::parse("[1]").unwrap().kind_name(), "a list");
    /// ```
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Scalar(s) => match s.kind {
                ScalarKind::Str => "a string",
                ScalarKind::Int(_) => "an integer",
                ScalarKind::Float(_) => "a number",
                ScalarKind::Bool(_) => "a boolean",
            },
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The scalar, if this node is one.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_spec::yaml::parse("yes").unwrap().as_scalar().unwrap().text, "yes");
    /// ```
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a scalar node, if it is one.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_spec::yaml::parse("'8080'").unwrap().as_str(), Some("8080"));
    /// ```
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.text.as_str())
    }

    /// Whether the node is null.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(charm_spec::yaml::parse("~").unwrap().is_null());
    /// ```
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }
}

/// Parses `text` into a node tree. An empty document is a null node.
///
/// # Errors
///
/// [`SyntaxError`] when the text is not YAML (or repeats a key), with its line.
///
/// # Examples
///
/// ```
/// let root = charm_spec::yaml::parse("").unwrap();
/// assert!(root.is_null());
/// ```
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let spanned: Option<Spanned<Raw>> = serde_saphyr::from_str(text).map_err(|e| {
        let line = e.location().map_or(0, |l| l.line());
        SyntaxError {
            message: bare_message(&e.without_snippet().to_string()),
            line,
        }
    })?;
    Ok(match spanned {
        Some(root) => convert(root, text),
        None => Node {
            value: Value::Null,
            line: 1,
        },
    })
}

/// A node serializes as the value it holds: a scalar as the number, boolean or string YAML
/// resolved it to, so that a tree converts to other formats (JSON) with its types.
impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.value {
            Value::Null => serializer.serialize_unit(),
            Value::Scalar(scalar) => match scalar.kind {
                ScalarKind::Str => serializer.serialize_str(&scalar.text),
                ScalarKind::Int(i) => match (i64::try_from(i), u64::try_from(i)) {
                    (Ok(i), _) => serializer.serialize_i64(i),
                    (_, Ok(u)) => serializer.serialize_u64(u),
                    _ => serializer.serialize_i128(i),
                },
                ScalarKind::Float(f) => serializer.serialize_f64(f),
                ScalarKind::Bool(b) => serializer.serialize_bool(b),
            },
            Value::Seq(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// Removes the `error: line N column M: ` prefix that serde-saphyr puts before its message.
fn bare_message(full: &str) -> String {
    let first = full.lines().next().unwrap_or(full);
    let rest = first.strip_prefix("error: ").unwrap_or(first);
    let rest = match rest.strip_prefix("line ") {
        Some(after) => after.split_once(": ").map_or(rest, |(_, message)| message),
        None => rest,
    };
    // serde-saphyr's advice names its own options, which mean nothing to the macro's user.
    let rest = rest
        .split_once(", set DuplicateKeyPolicy")
        .map_or(rest, |(message, _)| message);
    let rest = match rest.rfind(" at line ") {
        Some(at) if rest[at..].contains(", column ") => &rest[..at],
        _ => rest,
    };
    rest.trim().to_owned()
}

/// A node as serde-saphyr hands it over, before the raw text of scalars is recovered.
enum Raw {
    Null,
    Str(String),
    Int(i128),
    Float(f64),
    Bool(bool),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<Raw>, Spanned<Raw>)>),
}

fn convert(node: Spanned<Raw>, text: &str) -> Node {
    let location = node.referenced;
    let raw_text = || {
        let span = location.span();
        span.byte_offset()
            .and_then(|start| {
                let start = usize::try_from(start).ok()?;
                let len = usize::try_from(span.len()).ok()?;
                text.get(start..start.checked_add(len)?)
            })
            .map(str::to_owned)
    };
    let scalar = |kind: ScalarKind, fallback: String| {
        Value::Scalar(Scalar {
            text: raw_text().unwrap_or(fallback),
            kind,
        })
    };
    let value = match node.value {
        Raw::Null => Value::Null,
        Raw::Str(s) => Value::Scalar(Scalar {
            text: s,
            kind: ScalarKind::Str,
        }),
        Raw::Int(i) => scalar(ScalarKind::Int(i), i.to_string()),
        Raw::Float(f) => scalar(ScalarKind::Float(f), f.to_string()),
        Raw::Bool(b) => scalar(ScalarKind::Bool(b), b.to_string()),
        Raw::Seq(items) => Value::Seq(items.into_iter().map(|n| convert(n, text)).collect()),
        Raw::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (convert(k, text), convert(v, text)))
                .collect(),
        ),
    };
    Node {
        value,
        line: location.line(),
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Int(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw::Int(v.into()))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Raw, E> {
        Ok(Raw::Int(v))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Raw, E> {
        Ok(i128::try_from(v).map_or(Raw::Float(v as f64), Raw::Int))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }

    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }

    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Raw, D::Error> {
        Raw::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key()? {
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(Raw::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(node: &Node) -> &[(Node, Node)] {
        match &node.value {
            Value::Map(entries) => entries,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn keeps_lines_and_raw_text() {
        let root =
            parse("\n    a: 10s\n    b: 8080\n    c: \"8080\"\n    d: 1.10\n    e:\n    f: yes\n")
                .unwrap();
        let entries = map(&root);
        let texts: Vec<_> = entries.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(
            texts,
            [
                Some("10s"),
                Some("8080"),
                Some("8080"),
                Some("1.10"),
                None,
                Some("yes")
            ]
        );
        assert_eq!(
            entries[1].1.as_scalar().unwrap().kind,
            ScalarKind::Int(8080)
        );
        assert_eq!(entries[2].1.as_scalar().unwrap().kind, ScalarKind::Str);
        assert!(entries[4].1.is_null());
        let lines: Vec<_> = entries.iter().map(|(k, _)| k.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6, 7]);
    }

    #[test]
    fn empty_text_is_null() {
        assert!(parse("").unwrap().is_null());
        assert!(parse("\n   \n").unwrap().is_null());
    }

    #[test]
    fn syntax_errors_have_a_line_and_no_snippet() {
        let err = parse("a: 1\n b: 2\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert_eq!(
            err.message,
            "mapping values are not allowed in this context"
        );
        let err = parse("a: 1\na: 2\n").unwrap_err();
        assert!(
            err.message.starts_with("duplicate mapping key: a"),
            "{}",
            err.message
        );
    }
}
