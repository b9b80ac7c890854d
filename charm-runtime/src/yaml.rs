//! The only module that names the YAML library.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// YAML that could not be parsed into the expected shape, or a value that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("invalid YAML: {message}")]
pub struct Error {
    message: String,
}

/// Parses YAML text into `T`.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    serde_saphyr::from_str(text).map_err(|e| Error {
        message: e.to_string(),
    })
}

/// Writes `value` as YAML text.
pub(crate) fn to_string<T: Serialize>(value: &T) -> Result<String, Error> {
    serde_saphyr::to_string(value).map_err(|e| Error {
        message: e.to_string(),
    })
}
