//! Typed Pebble layers and plans.
//!
//! A [`Layer`] is what a charm adds with
//! [`Client::add_layer`](crate::pebble::Client::add_layer); a [`Plan`] is what Pebble
//! combines from all layers. Field names follow Pebble's layer specification (kebab-case in
//! YAML); fields left empty are not written, so a layer with `override: merge` can be partial.
//!
//! These are the types of [`charm_spec::layer`], where Pebble's layer format is declared
//! once: the same declaration gives the tables `#[layer]` checks layers against at compile
//! time and the test harness's fake Pebble decodes and combines them with.
//!
//! # Examples
//!
//! ```
//! use charm_runtime::layer::{Layer, Override, Service, Startup};
//!
//! let layer = Layer {
//!     summary: "pause layer".into(),
//!     services: [(
//!         "pause".to_owned(),
//!         Service {
//!             r#override: Override::Replace,
//!             command: "/pause".into(),
//!             startup: Some(Startup::Enabled),
//!             ..Service::default()
//!         },
//!     )]
//!     .into(),
//!     ..Layer::default()
//! };
//! let yaml = layer.to_yaml().unwrap();
//! assert_eq!(Layer::from_yaml(&yaml).unwrap(), layer);
//! ```

pub use charm_spec::layer::{
    Check, CheckLevel, ExecCheck, GoDuration, HttpCheck, Layer, LogTarget, LogTargetType, Override,
    ParseDurationError, Plan, Service, ServiceAction, Startup, TcpCheck,
};
