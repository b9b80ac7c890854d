//! YAML errors. This is the only module that names the YAML library.
//!
//! [`Layer::from_yaml`](crate::layer::Layer::from_yaml) and the other YAML conversions fail
//! with [`Error`], which keeps the parser's message (with the line and column) as its
//! [`source`](std::error::Error::source).

use serde::Serialize;
use serde::de::DeserializeOwned;

/// YAML that could not be read into the expected shape, or a value that could not be
/// written as YAML.
///
/// The message says which; the parser's own message, with the line and column of the
/// problem, is the error's [`source`](std::error::Error::source).
///
/// # Examples
///
/// ```
/// use std::error::Error as _;
/// use charm_runtime::layer::Layer;
/// use charm_runtime::yaml;
///
/// let err = Layer::from_yaml("services: [").unwrap_err();
/// assert!(matches!(err, yaml::Error::Parse { .. }));
/// assert_eq!(err.to_string(), "invalid YAML");
/// assert!(err.source().is_some());
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text is not YAML, or not YAML of the expected shape.
    #[error("invalid YAML")]
    Parse {
        /// What the parser said, with the line and column.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A value could not be written as YAML.
    #[error("cannot write YAML")]
    Write {
        /// What the writer said.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// What the parser or writer said: the message of `error`'s source.
#[cfg(feature = "testing")]
pub(crate) fn cause(error: &Error) -> String {
    match error {
        Error::Parse { source } | Error::Write { source } => source.to_string(),
    }
}

/// Parses YAML text into `T`.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    serde_saphyr::from_str(text).map_err(|e| Error::Parse {
        source: Box::new(e),
    })
}

/// Writes `value` as YAML text.
pub(crate) fn to_string<T: Serialize>(value: &T) -> Result<String, Error> {
    serde_saphyr::to_string(value).map_err(|e| Error::Write {
        source: Box::new(e),
    })
}
