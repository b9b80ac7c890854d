//! YAML errors. Layers and plans are read and written through `charm_spec::yaml`, the one
//! module that names the YAML library.
//!
//! [`Layer::from_yaml`](crate::layer::Layer::from_yaml) and the other YAML conversions fail
//! with [`Error`], which keeps the parser's message (with the line and column) as its
//! [`source`](std::error::Error::source).
//!
//! # Examples
//!
//! ```
//! use std::error::Error as _;
//! use charm_runtime::layer::Layer;
//! use charm_runtime::yaml;
//!
//! let err = Layer::from_yaml("services: [").unwrap_err();
//! assert!(matches!(err, yaml::Error::Parse { .. }));
//! assert_eq!(err.to_string(), "invalid YAML");
//! assert!(err.source().is_some());
//! ```

pub use charm_spec::yaml::Error;
pub(crate) use charm_spec::yaml::from_str;
