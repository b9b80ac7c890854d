//! YAML: a tree of nodes with their lines (for messages), and typed reading and writing.
//!
//! This is the only module of the crate that names the YAML library (serde-saphyr).

mod node;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use node::{Node, Scalar, ScalarKind, SyntaxError, Value, parse};

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
///
/// let err = charm_spec::yaml::from_str::<u16>("[1, 2]").unwrap_err();
/// assert!(matches!(err, charm_spec::yaml::Error::Parse { .. }));
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

impl Error {
    /// What the parser or writer said (the message of the source), without the summary.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = charm_spec::yaml::from_str::<u16>("[1, 2]").unwrap_err();
    /// assert_ne!(err.cause(), err.to_string());
    /// ```
    pub fn cause(&self) -> String {
        match self {
            Self::Parse { source } | Self::Write { source } => source.to_string(),
        }
    }
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
    serde_saphyr::from_str(text).map_err(|e| Error::Parse {
        source: Box::new(e),
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
    serde_saphyr::to_string(value).map_err(|e| Error::Write {
        source: Box::new(e),
    })
}
