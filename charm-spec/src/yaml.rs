//! YAML: a tree of nodes with their lines (for messages), and typed reading and writing.
//!
//! This is the only module of the crate that names the YAML library (serde-saphyr).

mod node;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use node::{Node, Scalar, ScalarKind, SyntaxError, Value, parse};

/// YAML that could not be parsed into the expected shape, or a value that could not be written.
///
/// # Examples
///
/// ```
/// let err = charm_spec::yaml::from_str::<u16>("[1, 2]").unwrap_err();
/// assert!(err.to_string().starts_with("invalid YAML: "));
/// ```
#[derive(Debug, thiserror::Error)]
#[error("invalid YAML: {message}")]
pub struct Error {
    message: String,
}

/// Parses YAML text into `T`.
///
/// # Errors
///
/// [`Error`] when the text is not YAML or not of `T`'s shape.
///
/// # Examples
///
/// ```
/// let ports: Vec<u16> = charm_spec::yaml::from_str("[80, 443]").unwrap();
/// assert_eq!(ports, [80, 443]);
/// ```
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    serde_saphyr::from_str(text).map_err(|e| Error {
        message: e.to_string(),
    })
}

/// Writes `value` as YAML text.
///
/// # Errors
///
/// [`Error`] when the value cannot be written as YAML.
///
/// # Examples
///
/// ```
/// assert_eq!(charm_spec::yaml::to_string(&[80, 443]).unwrap(), "- 80\n- 443\n");
/// ```
pub fn to_string<T: Serialize>(value: &T) -> Result<String, Error> {
    serde_saphyr::to_string(value).map_err(|e| Error {
        message: e.to_string(),
    })
}
