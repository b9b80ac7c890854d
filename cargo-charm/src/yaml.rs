//! The only file that names the YAML crate: reading `charmcraft.yaml` (typed, with line
//! numbers, or as a generic value tree) and writing the generated YAML files.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A value with the line and column where it was written (see [`Spanned::line`]).
pub type Spanned<T> = serde_saphyr::Spanned<T>;

/// YAML that could not be read into the expected shape.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ReadError {
    /// What is wrong (the YAML crate's message, which names the key).
    pub message: String,
    /// The 1-based line of the mistake, when known.
    pub line: Option<u64>,
}

/// A value that could not be written as YAML.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct WriteError(String);

/// Reads `text` into a `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, ReadError> {
    serde_saphyr::from_str(text).map_err(|error| ReadError {
        line: error.location().map(|l| l.line()).filter(|&l| l > 0),
        message: error.to_string().trim_start_matches("error: ").to_owned(),
    })
}

/// Writes `value` as a block-style YAML document: multi-line strings as literal (`|`)
/// blocks, list items at their key's indentation, as PyYAML writes them for charmcraft.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, WriteError> {
    serde_saphyr::to_string(value).map_err(|e| WriteError(e.to_string()))
}

/// The 1-based line where a spanned value was written.
pub fn line<T>(value: &Spanned<T>) -> u64 {
    value.referenced.line()
}
