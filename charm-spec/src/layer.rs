//! Pebble's layer format, described once: typed layers and plans, and the same description
//! as data.
//!
//! A [`Layer`] is what a charm adds to Pebble; a [`Plan`] is what Pebble combines from all
//! layers. Each object is declared once (`objects.rs`), which gives both its serde type (YAML
//! keys as Pebble spells them; empty fields left out, so a layer with `override: merge` can be
//! partial) and its table ([`ObjectSpec`]: every field's kind, allowed values, required-ness
//! and merge rule), so what the types accept and what the tables say cannot drift apart.
//!
//! # Examples
//!
//! ```
//! use charm_spec::layer::{Layer, Object, Service, Startup};
//!
//! let layer = Layer::from_yaml("services:\n  web:\n    override: replace\n    command: /bin/web\n").unwrap();
//! assert_eq!(layer.services["web"].startup, None);
//! let keys: Vec<_> = Service::spec().keys().take(3).collect();
//! assert_eq!(keys, ["override", "summary", "description"]);
//! ```

#[macro_use]
mod declare;
pub mod command;
pub(crate) mod merge;
mod objects;
mod redact;
mod schema;
mod values;

pub use crate::duration::{GoDuration, ParseDurationError};
pub use merge::{Entry, Object};
pub use objects::{Check, ExecCheck, HttpCheck, Layer, LogTarget, Plan, Service, TcpCheck};
pub use redact::Redacted;
pub use schema::{EnumSpec, EnumValue, FieldSpec, Kind, Merge, ObjectSpec, Refers, Required};
pub use values::{
    CheckLevel, LogTargetType, ON_CHECK_FAILURE, ON_FAILURE, ON_SUCCESS, Override, ServiceAction,
    Startup,
};

use crate::yaml;

/// Sections Pebble extensions add to a layer, which these types do not model (`workloads`
/// comes from the image's layer files; `pairing` configures the daemon).
///
/// # Examples
///
/// ```
/// assert!(charm_spec::layer::EXTENSION_SECTIONS.contains(&"workloads"));
/// ```
pub const EXTENSION_SECTIONS: [&str; 2] = ["workloads", "pairing"];

impl Layer {
    /// Parses a layer from YAML, rejecting unknown fields as Pebble does.
    ///
    /// # Errors
    ///
    /// [`yaml::Error`] when the text is not a valid layer.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::layer::Layer;
    ///
    /// assert!(Layer::from_yaml("services: {web: {override: merge, colour: red}}").is_err());
    /// ```
    pub fn from_yaml(text: &str) -> Result<Self, yaml::Error> {
        yaml::from_str(text)
    }

    /// Writes the layer as YAML.
    ///
    /// # Errors
    ///
    /// [`yaml::Error`] when a value cannot be written (it does not happen for layers built
    /// from these types).
    ///
    /// # Examples
    ///
    /// ```
    /// let layer = charm_spec::layer::Layer { summary: "web".into(), ..Default::default() };
    /// assert_eq!(layer.to_yaml().unwrap(), "summary: web\n");
    /// ```
    pub fn to_yaml(&self) -> Result<String, yaml::Error> {
        yaml::to_string(self)
    }
}

impl Plan {
    /// Parses a plan from YAML (as `GET /v1/plan?format=yaml` returns it).
    ///
    /// # Errors
    ///
    /// [`yaml::Error`] when the text is not a valid plan.
    ///
    /// # Examples
    ///
    /// ```
    /// let plan = charm_spec::layer::Plan::from_yaml("services: {}\nworkloads: {}\n").unwrap();
    /// assert!(plan.services.is_empty());
    /// ```
    pub fn from_yaml(text: &str) -> Result<Self, yaml::Error> {
        yaml::from_str(text)
    }

    /// Writes the plan as YAML.
    ///
    /// # Errors
    ///
    /// [`yaml::Error`] when a value cannot be written.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_spec::layer::Plan::default().to_yaml().unwrap(), "{}\n");
    /// ```
    pub fn to_yaml(&self) -> Result<String, yaml::Error> {
        yaml::to_string(self)
    }

    /// The plan Pebble runs for `layers` (lowest first): each named object is replaced or
    /// merged into the one below according to its `override`.
    ///
    /// # Examples
    ///
    /// See [`Plan`].
    pub fn combine<'a>(layers: impl IntoIterator<Item = &'a Layer>) -> Self {
        let mut combined = Layer::default();
        for layer in layers {
            combined.merge(layer);
        }
        Self {
            services: combined.services,
            checks: combined.checks,
            log_targets: combined.log_targets,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_appends_lists_merges_maps_and_replaces_scalars() {
        let base = Layer::from_yaml(
            "services:\n  web:\n    override: replace\n    command: /bin/web\n    after: [db]\n    \
             environment: {A: '1', B: '2'}\n",
        )
        .unwrap();
        let top = Layer::from_yaml(
            "services:\n  web:\n    override: merge\n    startup: enabled\n    after: [cache]\n    \
             environment: {B: '3'}\n",
        )
        .unwrap();
        let plan = Plan::combine([&base, &top]);
        let web = &plan.services["web"];
        assert_eq!(web.command, "/bin/web");
        assert_eq!(web.after, ["db", "cache"]);
        assert_eq!(web.environment["A"], "1");
        assert_eq!(web.environment["B"], "3");
        assert_eq!(web.startup, Some(Startup::Enabled));
    }

    #[test]
    fn replace_discards_lower_fields() {
        let base = Layer::from_yaml(
            "services:\n  web:\n    override: replace\n    command: /bin/web\n    startup: enabled\n",
        )
        .unwrap();
        let top =
            Layer::from_yaml("services:\n  web:\n    override: replace\n    command: /bin/other\n")
                .unwrap();
        let plan = Plan::combine([&base, &top]);
        assert_eq!(plan.services["web"].startup, None);
        assert_eq!(plan.services["web"].command, "/bin/other");
    }

    #[test]
    fn checks_merge_probes_and_ignore_a_zero_threshold() {
        let base = Layer::from_yaml(
            "checks:\n  up:\n    override: replace\n    threshold: 5\n    http:\n      url: http://a/\n      \
             headers: {X: '1'}\n",
        )
        .unwrap();
        let top = Layer::from_yaml(
            "checks:\n  up:\n    override: merge\n    threshold: 0\n    http:\n      headers: {Y: '2'}\n",
        )
        .unwrap();
        let plan = Plan::combine([&base, &top]);
        let up = &plan.checks["up"];
        assert_eq!(up.threshold, Some(5));
        let http = up.http.as_ref().unwrap();
        assert_eq!(http.url, "http://a/");
        assert_eq!(http.headers.len(), 2);
    }

    #[test]
    fn empty_text_values_are_empty_text() {
        // Pebble reads `EMPTY:` (null) as "", and so does #[layer].
        let layer = Layer::from_yaml(
            "services: {a: {override: merge, environment: {EMPTY: , SET: x}}}\n\
             checks: {c: {override: merge, http: {headers: {H: }}}}\n\
             log-targets: {l: {override: merge, labels: {L: }}}\n",
        )
        .unwrap();
        assert_eq!(layer.services["a"].environment["EMPTY"], "");
        assert_eq!(layer.services["a"].environment["SET"], "x");
        let headers = &layer.checks["c"].http.as_ref().unwrap().headers;
        assert_eq!(headers["H"], "");
        assert_eq!(layer.log_targets["l"].labels["L"], "");
    }

    #[test]
    fn tables_match_what_serde_writes() {
        // Every key in a table is the key serde writes for its field, and no field is
        // missing from the table: a fully set object writes exactly the table's keys.
        let service: Service = yaml::from_str(
            "override: merge\nsummary: s\ndescription: d\ncommand: c\nstartup: enabled\n\
             after: [a]\nbefore: [b]\nrequires: [r]\nworkload: w\nenvironment: {A: b}\n\
             user: u\nuser-id: 1\ngroup: g\ngroup-id: 2\nworking-dir: /w\non-success: ignore\n\
             on-failure: restart\non-check-failure: {c: ignore}\nbackoff-delay: 1s\n\
             backoff-factor: 1.5\nbackoff-limit: 2s\nkill-delay: 3s\n",
        )
        .unwrap();
        let written = yaml::parse(&yaml::to_string(&service).unwrap()).unwrap();
        let yaml::Value::Map(entries) = written.value else {
            panic!("not a map")
        };
        let keys: Vec<&str> = entries.iter().filter_map(|(k, _)| k.as_str()).collect();
        let mut table: Vec<&str> = Service::SPEC.keys().collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        table.sort_unstable();
        assert_eq!(sorted, table);
    }
}
