//! Typed relation data: how a Rust type is written into a relation databag and read back.
//!
//! Juju stores a databag as string keys and string values. Interfaces fill those strings in
//! one of two ways, and a type says which with [`Databag::FORMAT`]:
//!
//! - [`Format::Json`] (the default): every value is JSON text, so `"10.0.0.1"` is stored
//!   with its quotes and `5432` as `5432`. Pydantic-model libraries (`tls-certificates` v4,
//!   `ingress` v2 app data) write this.
//! - [`Format::Plain`]: every value is the text itself (`10.0.0.1`, `5432`). Most older
//!   interfaces (`http`, `ingress` unit data, the data-platform `database` interface) write
//!   this. Every field of such a type must serialise to a string: mark a number or a bool
//!   `#[serde(with = "charm_runtime::hook_tools::databag::text")]` (written with `Display`,
//!   read with `FromStr`), and a field that the interface JSON-encodes inside its plain bag
//!   `#[serde(with = "charm_runtime::hook_tools::databag::json")]`.
//!
//! `None` fields are left out when writing; missing keys read as `None` (with
//! `#[serde(default)]` or an `Option` field). Reading is lenient about keys the type does not
//! name (serde's default); writing refuses a plain field that is not text, rather than
//! guessing how the peer reads it.
//!
//! # Examples
//!
//! ```
//! use charm_runtime::hook_tools::databag::{self, Databag, Format};
//! use serde::{Deserialize, Serialize};
//!
//! /// The `http` interface's unit data: plain text.
//! #[derive(Debug, PartialEq, Serialize, Deserialize)]
//! struct Website {
//!     hostname: String,
//!     #[serde(with = "databag::text")]
//!     port: u16,
//! }
//!
//! impl Databag for Website {
//!     const FORMAT: Format = Format::Plain;
//! }
//!
//! let site = Website { hostname: "10.0.0.7".into(), port: 8080 };
//! let bag = databag::encode(&site).unwrap();
//! assert_eq!(bag["hostname"], "10.0.0.7");
//! assert_eq!(bag["port"], "8080");
//! assert_eq!(databag::decode::<Website>(bag).unwrap(), site);
//! ```

use std::collections::BTreeMap;
use std::fmt::Display;
use std::str::FromStr;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::Error;

/// A databag as Juju stores it: string keys and string values.
pub type Data = BTreeMap<String, String>;

/// How the values of a databag are written.
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::databag::{Databag, Format};
/// assert_eq!(<serde_json::Value as Databag>::FORMAT, Format::Json);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// Each value is JSON text: `"\"10.0.0.1\""`, `"5432"`, `"[\"a\"]"`.
    Json,
    /// Each value is the text itself: `"10.0.0.1"`, `"5432"`.
    Plain,
}

/// A type kept in a relation databag, and the [`Format`] of its values.
///
/// Implement it with one line per type: `impl Databag for Db {}` for JSON values, or with
/// `const FORMAT: Format = Format::Plain;` for plain text. `serde_json::Value` and
/// `serde_json::Map` are JSON; `BTreeMap<String, String>` is plain (the bag as it is).
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::databag::Databag;
///
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Db {
///     host: String,
///     port: u16,
/// }
///
/// impl Databag for Db {}
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a relation databag type",
    label = "relation data is read into and written from a `Databag` type",
    note = "add `impl charm_runtime::hook_tools::databag::Databag for {Self} {{}}` (JSON values), \
            or with `const FORMAT: Format = Format::Plain;` for plain text values"
)]
pub trait Databag: Serialize + DeserializeOwned {
    /// How this type's values are written (JSON text unless the type says otherwise).
    const FORMAT: Format = Format::Json;
}

impl Databag for Value {}

impl Databag for Map<String, Value> {}

impl Databag for Data {
    const FORMAT: Format = Format::Plain;
}

/// Writes `value` as databag values in its type's [`Format`] (`None` fields left out).
///
/// # Errors
///
/// [`Error::Invalid`] when `value` is not a struct or map, or when a field of a plain type
/// is not text; [`Error::Convert`] when serde fails.
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::databag;
///
/// let bag = databag::encode(&serde_json::json!({"host": "h", "port": 5432})).unwrap();
/// assert_eq!(bag["host"], "\"h\"");
/// assert_eq!(bag["port"], "5432");
/// ```
pub fn encode<T: Databag>(value: &T) -> Result<Data, Error> {
    let convert = |source| Error::Convert {
        what: "relation data".to_owned(),
        source,
    };
    let json = serde_json::to_value(value).map_err(convert)?;
    let Value::Object(map) = json else {
        return Err(Error::Invalid {
            what: "relation data",
            value: json.to_string(),
            reason: "expected a struct or map".to_owned(),
        });
    };
    let mut data = Data::new();
    for (key, value) in map {
        let text = match (T::FORMAT, value) {
            (_, Value::Null) => continue,
            (Format::Plain, Value::String(text)) => text,
            (Format::Plain, other) => {
                return Err(Error::Invalid {
                    what: "plain databag field",
                    value: key,
                    reason: format!(
                        "its value {other} is not text; mark the field \
                         #[serde(with = \"charm_runtime::hook_tools::databag::text\")] (or \
                         `databag::json` if the interface JSON-encodes it)"
                    ),
                });
            }
            (Format::Json, other) => serde_json::to_string(&other).map_err(convert)?,
        };
        data.insert(key, text);
    }
    Ok(data)
}

/// Reads databag values written in `T`'s [`Format`] into a `T`.
///
/// # Errors
///
/// [`Error::Convert`] when a JSON value is not JSON, or the data does not fit `T` (a
/// required field missing, a value of the wrong type).
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::databag;
///
/// let bag = [("host".to_owned(), "\"h\"".to_owned())].into();
/// let value: serde_json::Value = databag::decode(bag).unwrap();
/// assert_eq!(value["host"], "h");
/// ```
pub fn decode<T: Databag>(data: Data) -> Result<T, Error> {
    let mut map = Map::new();
    for (key, text) in data {
        let value = match T::FORMAT {
            Format::Plain => Value::String(text),
            Format::Json => serde_json::from_str(&text).map_err(|source| Error::Convert {
                what: format!("relation data key {key:?} (expected JSON text)"),
                source,
            })?,
        };
        map.insert(key, value);
    }
    serde_json::from_value(Value::Object(map)).map_err(|source| Error::Convert {
        what: "relation data".to_owned(),
        source,
    })
}

/// A field written as its `Display` text and read with `FromStr`, for numbers and bools in
/// a [`Format::Plain`] databag: `#[serde(with = "charm_runtime::hook_tools::databag::text")]`.
///
/// # Examples
///
/// See the [module docs](self).
pub mod text {
    use super::{Deserialize, Deserializer, Display, FromStr, Serializer};

    /// Writes `value` as its `Display` text.
    ///
    /// # Errors
    ///
    /// As the serializer's `collect_str`.
    ///
    /// # Examples
    ///
    /// See the [module docs](super).
    pub fn serialize<T: Display, S: Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }

    /// Reads text and parses it with `FromStr`.
    ///
    /// # Errors
    ///
    /// When the value is not text or does not parse, with the parse error's message.
    ///
    /// # Examples
    ///
    /// See the [module docs](super).
    pub fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
    where
        T: FromStr,
        T::Err: Display,
        D: Deserializer<'de>,
    {
        let text = String::deserialize(deserializer)?;
        text.parse()
            .map_err(|e| serde::de::Error::custom(format!("{text:?}: {e}")))
    }
}

/// A field written as JSON text inside a [`Format::Plain`] databag (a list or an object the
/// interface JSON-encodes): `#[serde(with = "charm_runtime::hook_tools::databag::json")]`.
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::databag::{self, Databag, Format};
///
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Request {
///     database: String,
///     #[serde(rename = "requested-secrets", with = "databag::json")]
///     requested_secrets: Vec<String>,
/// }
///
/// impl Databag for Request {
///     const FORMAT: Format = Format::Plain;
/// }
///
/// let bag = databag::encode(&Request { database: "app".into(), requested_secrets: vec!["tls".into()] }).unwrap();
/// assert_eq!(bag["database"], "app");
/// assert_eq!(bag["requested-secrets"], r#"["tls"]"#);
/// ```
pub mod json {
    use super::{Deserialize, Deserializer, Serialize, Serializer};
    use serde::de::DeserializeOwned;

    /// Writes `value` as JSON text.
    ///
    /// # Errors
    ///
    /// When `value` cannot be written as JSON.
    ///
    /// # Examples
    ///
    /// See the [module docs](self).
    pub fn serialize<T: Serialize, S: Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(value).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }

    /// Reads JSON text into a `T`.
    ///
    /// # Errors
    ///
    /// When the value is not text, not JSON, or does not fit `T`.
    ///
    /// # Examples
    ///
    /// See the [module docs](self).
    pub fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
    where
        T: DeserializeOwned,
        D: Deserializer<'de>,
    {
        let text = String::deserialize(deserializer)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Plain {
        host: String,
        #[serde(with = "text")]
        port: u16,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        #[serde(rename = "extra-hosts", with = "json")]
        extra_hosts: Vec<String>,
    }

    impl Databag for Plain {
        const FORMAT: Format = Format::Plain;
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Untagged {
        port: u16,
    }

    impl Databag for Untagged {
        const FORMAT: Format = Format::Plain;
    }

    #[test]
    fn plain_values_are_the_text_itself() {
        let value = Plain {
            host: "10.0.0.1".into(),
            port: 80,
            note: None,
            extra_hosts: vec!["a".into()],
        };
        let data = encode(&value).unwrap();
        assert_eq!(
            data,
            Data::from([
                ("host".to_owned(), "10.0.0.1".to_owned()),
                ("port".to_owned(), "80".to_owned()),
                ("extra-hosts".to_owned(), "[\"a\"]".to_owned()),
            ])
        );
        assert_eq!(decode::<Plain>(data).unwrap(), value);
    }

    #[test]
    fn a_plain_field_that_is_not_text_is_refused_with_the_fix() {
        let err = encode(&Untagged { port: 80 }).unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("invalid plain databag field \"port\""),
            "{message}"
        );
        assert!(message.contains("databag::text"), "{message}");
        let bad = Data::from([("port".to_owned(), "eighty".to_owned())]);
        let err = decode::<Plain>(bad).unwrap_err();
        assert!(matches!(err, Error::Convert { .. }), "{err}");
    }

    #[test]
    fn json_values_keep_their_quotes() {
        let data = encode(&serde_json::json!({"host": "h", "port": 1, "gone": null})).unwrap();
        assert_eq!(data["host"], "\"h\"");
        assert!(!data.contains_key("gone"));
        let err = decode::<Value>(Data::from([("k".to_owned(), "not json".to_owned())]));
        assert!(err.unwrap_err().to_string().contains("expected JSON text"));
    }
}
