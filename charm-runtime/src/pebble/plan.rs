//! Plan and layers: `GET /v1/plan`, `POST /v1/layers`.
//!
//! [`Client::plan`] reads the combined configuration Pebble runs; [`Client::add_layer`] adds a
//! typed [`Layer`] on top of it (or combines it into a layer with the same label). Adding a
//! layer does not start or restart services: call [`Client::replan`] afterwards, or use
//! [`Container::ensure_layer`](crate::Container::ensure_layer), which does both only when the
//! plan lacks something.
//!
//! # Examples
//!
//! ```no_run
//! use charm_runtime::layer::{Layer, Override, Service, Startup};
//!
//! # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
//! let layer = Layer {
//!     services: [(
//!         "web".to_owned(),
//!         Service {
//!             r#override: Override::Replace,
//!             command: "/bin/web --port 8080".into(),
//!             startup: Some(Startup::Enabled),
//!             ..Service::default()
//!         },
//!     )]
//!     .into(),
//!     ..Layer::default()
//! };
//! client.add_layer("web", &layer).combine(true).await?;
//! client.replan().await?;
//! assert!(client.plan().await?.services.contains_key("web"));
//! # Ok(())
//! # }
//! ```

use std::time::Duration;

use serde::Serialize;

use super::version::ids;
use super::wire::ApiRequest;
use super::{Client, Error, Result};
use crate::layer::{Layer, LogTargetType, Plan};
use crate::request::into_future;

/// Formats a duration the way Go's `time.ParseDuration` reads it (seconds with 3 decimals).
pub(crate) fn format_duration(d: Duration) -> String {
    format!("{}.{:03}s", d.as_secs(), d.subsec_millis())
}

/// A layer to add to the plan, sent when awaited: [`Client::add_layer`] (typed) or
/// [`Client::add_layer_yaml`] (text). By default it is appended as a new layer.
///
/// # Examples
///
/// ```no_run
/// # use charm_runtime::layer::Layer;
/// # async fn f(client: charm_runtime::pebble::Client, layer: Layer) -> charm_runtime::pebble::Result<()> {
/// client.add_layer("web", &layer).combine(true).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[must_use = "a Pebble request does nothing until it is awaited"]
pub struct AddLayer<'a> {
    client: &'a Client,
    label: &'a str,
    layer: LayerText<'a>,
    combine: bool,
    inner: bool,
}

/// The layer of an [`AddLayer`], as given.
#[derive(Debug)]
enum LayerText<'a> {
    Typed(&'a Layer),
    Yaml(&'a str),
}

impl AddLayer<'_> {
    /// Combine into the layer with the same label, when there is one (default `false`).
    ///
    /// Without it, adding a label that already exists fails with [`Error::Api`] (status 400).
    /// With it, the new layer is merged into the existing one in place (following each object's
    /// `override`), so layers above it still win.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let overlay = "services:\n  web:\n    override: merge\n    environment: {DEBUG: \"1\"}\n";
    /// client.add_layer_yaml("base", overlay).combine(true).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn combine(mut self, combine: bool) -> Self {
        self.combine = combine;
        self
    }

    /// Allow inserting a new `dir/label` layer into a sub-directory that is not on top
    /// (default `false`). Needs Pebble v1.17.0 (Juju 3.6.4 and later): an older one ignores
    /// it and adds `dir/label` as a plain label.
    ///
    /// Pebble v1.17.0 added it (Juju 3.6.4); an older Pebble would ignore it and add a plain
    /// label, so the call fails with
    /// [`Error::NeedsNewerPebble`] there instead.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # use charm_runtime::layer::Layer;
    /// # async fn f(client: charm_runtime::pebble::Client, layer: Layer) -> charm_runtime::pebble::Result<()> {
    /// client.add_layer("001-base.d/web", &layer).inner(true).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn inner(mut self, inner: bool) -> Self {
        self.inner = inner;
        self
    }

    async fn send(self) -> Result<()> {
        self.require_features().await?;
        let encoded;
        let layer = match self.layer {
            LayerText::Yaml(yaml) => yaml,
            LayerText::Typed(layer) => {
                encoded = serde_json::to_string(layer)
                    .map_err(|e| Error::protocol_with("cannot encode the layer", e))?;
                &encoded
            }
        };
        let body = AddLayerBody {
            action: "add",
            label: self.label,
            format: "yaml",
            layer,
            combine: self.combine,
            inner: self.inner,
        };
        let _: bool = self
            .client
            .sync("add layer", ApiRequest::post_json("/v1/layers", &body)?)
            .await?;
        Ok(())
    }
}

impl AddLayer<'_> {
    /// Refuses options and layer fields that the connected Pebble would ignore or reject, so
    /// the error names the versions that have them. Asks the daemon's version (once per
    /// client) only when the call uses one of them.
    async fn require_features(&self) -> Result<()> {
        const CALL: &str = "Client::add_layer";
        if self.inner {
            self.client
                .require("AddLayer::inner", ids::LAYERS_INNER)
                .await?;
        }
        let LayerText::Typed(layer) = self.layer else {
            return Ok(());
        };
        if layer.checks.values().any(|c| c.startup.is_some()) {
            self.client.require(CALL, ids::CHECK_STARTUP).await?;
        }
        if layer.services.values().any(|s| !s.workload.is_empty()) {
            self.client.require(CALL, ids::SERVICE_WORKLOAD).await?;
        }
        for target in layer.log_targets.values() {
            match target.r#type {
                Some(LogTargetType::Opentelemetry) => {
                    self.client
                        .require(CALL, ids::LOG_TARGET_OPENTELEMETRY)
                        .await?;
                }
                Some(LogTargetType::Syslog) => {
                    self.client.require(CALL, ids::LOG_TARGET_SYSLOG).await?;
                }
                _ => {}
            }
        }
        Ok(())
    }
}

into_future!(['a] AddLayer<'a> => Result<()>);

/// The body of `POST /v1/layers`.
#[derive(Serialize)]
struct AddLayerBody<'a> {
    action: &'static str,
    label: &'a str,
    format: &'static str,
    layer: &'a str,
    combine: bool,
    inner: bool,
}

impl Client {
    /// The combined plan Pebble runs, typed.
    ///
    /// Read leniently, so that a newer Pebble cannot break it: sections, fields and values
    /// this crate does not model (`workloads`, `pairing`, fields added by later releases) are
    /// ignored at every level; use [`plan_yaml`](Self::plan_yaml) to see them. The layers a
    /// charm writes stay strict.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] when Pebble refuses the call (the plan needs admin access),
    /// [`Error::Protocol`] when the plan is not valid YAML for [`Plan`], and the connection
    /// errors of every call.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let plan = client.plan().await?;
    /// for (name, service) in &plan.services {
    ///     println!("{name}: {}", service.command);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn plan(&self) -> Result<Plan> {
        let yaml = self.plan_yaml().await?;
        super::plan_read::decode_plan(&yaml)
    }

    /// The combined plan as Pebble writes it (YAML text, `{}` when empty).
    ///
    /// # Errors
    ///
    /// As [`plan`](Self::plan), without the parsing.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// println!("{}", client.plan_yaml().await?);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn plan_yaml(&self) -> Result<String> {
        self.sync("plan", ApiRequest::get("/v1/plan").query("format", "yaml"))
            .await
    }

    /// Adds a typed layer with `label`.
    ///
    /// The layer is sent as JSON text (which is YAML, and which Pebble decodes as strictly as
    /// YAML). Services are not started or restarted: call [`replan`](Self::replan) afterwards.
    /// Checks are reconciled at once. [`AddLayer`] combines it into an existing layer.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] with status 400 when the label exists and `combine` is not set, when the
    /// label is reserved (`pebble-` prefix), or when the combined plan would be invalid (the
    /// plan is then unchanged); status 500 for a sub-directory insert without `inner`.
    /// [`Error::NeedsNewerPebble`], before anything is sent, when a typed layer uses what the
    /// connected Pebble lacks: a check's `startup` (v1.19.0), a service's `workload`
    /// (v1.20.0), a log target of type `opentelemetry` (v1.24.0) or `syslog` (v1.27.0), or
    /// [`AddLayer::inner`] (v1.17.0).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::layer::{Layer, Override, Service};
    ///
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// // Merge one environment variable into the service "web" of the layer "base":
    /// let mut web = Service { r#override: Override::Merge, ..Service::default() };
    /// web.environment.insert("LOG_LEVEL".into(), "debug".into());
    /// let layer = Layer { services: [("web".to_owned(), web)].into(), ..Layer::default() };
    /// client.add_layer("base", &layer).combine(true).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn add_layer<'a>(&'a self, label: &'a str, layer: &'a Layer) -> AddLayer<'a> {
        self.add_layer_text(label, LayerText::Typed(layer))
    }

    /// Adds a layer given as YAML text with `label`.
    ///
    /// Pebble parses and validates the text; nothing is checked on this side.
    ///
    /// # Errors
    ///
    /// As [`add_layer`](Self::add_layer), plus [`Error::Api`] (400, `cannot parse layer
    /// YAML: ...`) when the text is not a valid layer.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let yaml = "services:\n  web:\n    override: replace\n    command: /bin/web\n";
    /// client.add_layer_yaml("web", yaml).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn add_layer_yaml<'a>(&'a self, label: &'a str, yaml: &'a str) -> AddLayer<'a> {
        self.add_layer_text(label, LayerText::Yaml(yaml))
    }

    fn add_layer_text<'a>(&'a self, label: &'a str, layer: LayerText<'a>) -> AddLayer<'a> {
        AddLayer {
            client: self,
            label,
            layer,
            combine: false,
            inner: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_written_with_millisecond_precision() {
        assert_eq!(format_duration(Duration::from_millis(4000)), "4.000s");
        assert_eq!(format_duration(Duration::from_millis(1500)), "1.500s");
        assert_eq!(format_duration(Duration::ZERO), "0.000s");
    }

    #[test]
    fn layers_are_appended_by_default() {
        let client = Client::new("/tmp/unused.socket");
        let add = client.add_layer_yaml("base", "{}");
        assert!(!add.combine && !add.inner);
        let add = add.combine(true).inner(true);
        assert!(add.combine && add.inner);
    }

    #[test]
    fn layer_body_names_pebble_fields() {
        let body = AddLayerBody {
            action: "add",
            label: "base",
            format: "yaml",
            layer: "{}",
            combine: true,
            inner: false,
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"action":"add","label":"base","format":"yaml","layer":"{}","combine":true,"inner":false})
        );
    }
}
