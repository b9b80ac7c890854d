//! A workload container, and where its Pebble socket is.
//!
//! [`Container`] pairs a container's name with a [`Client`] for its Pebble. A charm gets it
//! one way: from the event's context, as a handler argument (`myapp: Container`) or with
//! [`HookContext::container`](crate::dispatch::HookContext::container). Both find the socket
//! with [`socket_path`]: `/charm/containers/<name>/pebble.socket`, where Juju mounts it, or
//! under the directory named by [`CONTAINERS_DIR_VAR`] (`CHARM_CONTAINERS_DIR`) when that
//! variable is set. The variable is the supported way to run a charm outside Juju, in tests
//! or a local runner: put each container's socket at `<dir>/<name>/pebble.socket` (a Pebble
//! started with `PEBBLE_SOCKET` set there, or a link to its socket) and start the charm with
//! `CHARM_CONTAINERS_DIR=<dir>`. The test harness
//! (`testing::harness`, feature `testing`) does exactly that.
//!
//! `Container` adds [`ensure_layer`](Container::ensure_layer), the idempotent "make the plan
//! hold this layer and apply it" that most charms need on every event, and
//! [`can_connect`](Container::can_connect).
//!
//! # Examples
//!
//! ```no_run
//! use charm_runtime::dispatch::HookContext;
//! use charm_runtime::layer::{Layer, Override, Service, Startup};
//!
//! # async fn f(ctx: HookContext) -> charm_runtime::pebble::Result<()> {
//! let container = ctx.container("myapp");
//! let layer = Layer {
//!     services: [(
//!         "myapp".to_owned(),
//!         Service {
//!             r#override: Override::Replace,
//!             command: "/bin/myapp --port 8080".into(),
//!             startup: Some(Startup::Enabled),
//!             ..Service::default()
//!         },
//!     )]
//!     .into(),
//!     ..Layer::default()
//! };
//! if container.ensure_layer("myapp", &layer).await? {
//!     println!("configuration changed, services replanned");
//! }
//! # Ok(())
//! # }
//! ```

use std::collections::BTreeMap;
use std::ops::Deref;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::layer::{Layer, Override, Plan};
use crate::pebble::{Client, Result};

/// Where Juju mounts the workload containers' Pebble sockets in the charm container.
///
/// # Examples
///
/// ```
/// use charm_runtime::container::{JUJU_CONTAINERS_DIR, socket_path};
///
/// assert_eq!(
///     socket_path(JUJU_CONTAINERS_DIR.as_ref(), "myapp"),
///     std::path::Path::new("/charm/containers/myapp/pebble.socket"),
/// );
/// ```
pub const JUJU_CONTAINERS_DIR: &str = "/charm/containers";

/// The environment variable that moves the containers' sockets from [`JUJU_CONTAINERS_DIR`]
/// to another directory: the supported way to run a charm outside Juju (tests, a local
/// runner). Juju never sets it.
///
/// It is read once, with the other variables of the event, into
/// [`HookContext::containers_dir`](crate::dispatch::HookContext::containers_dir); every
/// container the charm reaches follows it.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use charm_runtime::container::CONTAINERS_DIR_VAR;
/// use charm_runtime::dispatch::HookContext;
/// use charm_runtime::testing::MemoryTools;
///
/// let vars = |name: &str| match name {
///     "JUJU_DISPATCH_PATH" => Some("hooks/web-pebble-ready".to_owned()),
///     "JUJU_WORKLOAD_NAME" => Some("web".to_owned()),
///     "JUJU_UNIT_NAME" => Some("web/0".to_owned()),
///     n if n == CONTAINERS_DIR_VAR => Some("/tmp/t".to_owned()),
///     _ => None,
/// };
/// let ctx = HookContext::from_vars(&vars, Arc::new(MemoryTools::new())).unwrap();
/// assert_eq!(ctx.container("web").socket(), std::path::Path::new("/tmp/t/web/pebble.socket"));
/// ```
pub const CONTAINERS_DIR_VAR: &str = "CHARM_CONTAINERS_DIR";

/// The Pebble socket of container `name` in `containers_dir`:
/// `<containers_dir>/<name>/pebble.socket`, the layout Juju mounts.
///
/// # Examples
///
/// ```
/// use std::path::Path;
/// use charm_runtime::container::socket_path;
///
/// assert_eq!(
///     socket_path(Path::new("/tmp/t"), "db"),
///     Path::new("/tmp/t/db/pebble.socket"),
/// );
/// ```
pub fn socket_path(containers_dir: &Path, name: &str) -> PathBuf {
    containers_dir.join(name).join("pebble.socket")
}

/// A workload container: its name and a client for its Pebble.
///
/// Cheap to clone. Charms get one from the event's context (a `Container` handler argument,
/// or [`HookContext::container`](crate::dispatch::HookContext::container)).
///
/// # Pebble calls
///
/// `Container` dereferences to its [`Client`], so every Pebble call is a method of the
/// container: `container.replan().await`, `container.services(&["web"]).await`,
/// `container.pull_string("/etc/app.conf").await`. Rustdoc lists them on this page under
/// "Methods from `Deref<Target = Client>`".
///
/// This is a deliberate use of `Deref` outside smart pointers. A container *is* the handle
/// of one Pebble: every Pebble call is a container operation and nothing about a call
/// changes with the name. Forwarding each of the client's calls would repeat about forty
/// signatures and their docs in a second place that would drift from the first, and
/// choosing "the calls charms use" would send charms to [`client`](Container::client) for
/// the rest. `Container` itself adds only what needs the name or combines several calls.
///
/// # Examples
///
/// ```
/// use charm_runtime::Container;
/// use charm_runtime::pebble::Client;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let container = Container::new("myapp", Client::new("/tmp/myapp/pebble.socket"));
/// assert_eq!(container.name(), "myapp");
/// assert_eq!(container.socket(), std::path::Path::new("/tmp/myapp/pebble.socket"));
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Container {
    name: String,
    client: Client,
}

impl Container {
    /// The container `name`, whose Pebble `client` talks to.
    ///
    /// For a Pebble the charm did not get from Juju, such as a test's own daemon; a charm
    /// takes its containers from the event's context instead, which finds their sockets.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::Container;
    /// use charm_runtime::pebble::Client;
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let container = Container::new("myapp", Client::new("/tmp/pebble.socket"));
    /// assert_eq!(container.client().socket(), std::path::Path::new("/tmp/pebble.socket"));
    /// # }
    /// ```
    pub fn new(name: impl Into<String>, client: Client) -> Self {
        Self {
            name: name.into(),
            client,
        }
    }

    /// The container's name, as in `charmcraft.yaml`.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// # let client = charm_runtime::pebble::Client::new("/tmp/pebble.socket");
    /// let container = charm_runtime::Container::new("myapp", client);
    /// assert_eq!(container.name(), "myapp");
    /// # }
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The client of the container's Pebble.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// # let container = charm_runtime::Container::new("myapp", charm_runtime::pebble::Client::new("/tmp/p.socket"));
    /// let client: charm_runtime::pebble::Client = container.client().clone();
    /// assert_eq!(client.socket(), std::path::Path::new("/tmp/p.socket"));
    /// # }
    /// ```
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Whether Pebble answers right now.
    ///
    /// Only for reporting (such as choosing a status message): Pebble may go away right after,
    /// so handle the errors of the calls that follow anyway.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(container: charm_runtime::Container) {
    /// if !container.can_connect().await {
    ///     println!("waiting for Pebble in {}", container.name());
    /// }
    /// # }
    /// ```
    pub async fn can_connect(&self) -> bool {
        self.client.system_info().await.is_ok()
    }

    /// Makes sure the plan holds `layer`, and applies it if it did not.
    ///
    /// Reads the plan once. If every service, check and log target of `layer` is already
    /// reflected in it, returns `Ok(false)` without adding a layer or starting a change.
    /// Otherwise combines `layer` into the layer `label` (creating it when needed), calls
    /// [`replan`](Client::replan), and returns `Ok(true)`.
    ///
    /// "Reflected" means: for an object with `override: replace`, the plan's object equals the
    /// layer's (ignoring `override`); for `override: merge`, every field the layer sets already
    /// has that value in the plan (scalars equal, map entries and list entries present). A check
    /// that leaves `threshold` unset matches the plan's `threshold: 3`, which Pebble fills in.
    ///
    /// The comparison is strict for `replace` objects so that a field removed from the layer
    /// is removed from the plan too. A consequence: when a higher layer merges into the same
    /// object (an overlay under another label), the plan never equals the `replace` object, so
    /// the layer is added again on every call (the replan then restarts nothing). Keep values
    /// that change at run time in the same layer (with `#[layer]` placeholders), or combine
    /// the overlay into the same label, to stay idempotent.
    ///
    /// # Errors
    ///
    /// The errors of [`plan`](Client::plan), [`add_layer`](Client::add_layer) and
    /// [`replan`](Client::replan): an invalid layer is [`Error::Api`](crate::pebble::Error::Api),
    /// a service that does not start is [`Error::Change`](crate::pebble::Error::Change).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # use charm_runtime::layer::Layer;
    /// # async fn f(container: charm_runtime::Container, layer: Layer) -> charm_runtime::Result<()> {
    /// let changed = container.ensure_layer("myapp", &layer).await?;
    /// // A second call with the same layer changes nothing:
    /// assert!(!container.ensure_layer("myapp", &layer).await?);
    /// # let _ = changed;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn ensure_layer(&self, label: &str, layer: &Layer) -> Result<bool> {
        let plan = self.client.plan().await?;
        if plan_reflects(&plan, layer) {
            return Ok(false);
        }
        self.client.add_layer(label, layer).combine(true).await?;
        self.client.replan().await?;
        Ok(true)
    }
}

impl Deref for Container {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.client
    }
}

/// Whether every object of `layer` is already reflected in `plan`.
pub(crate) fn plan_reflects(plan: &Plan, layer: &Layer) -> bool {
    section_reflected(&plan.services, &layer.services, |s| s.r#override, |_| ())
        && section_reflected(
            &plan.checks,
            &layer.checks,
            |c| c.r#override,
            check_defaults,
        )
        && section_reflected(
            &plan.log_targets,
            &layer.log_targets,
            |t| t.r#override,
            |_| (),
        )
}

/// The default check threshold, which Pebble writes into the plan when a layer leaves it out.
const DEFAULT_CHECK_THRESHOLD: u32 = 3;

/// Fills in what Pebble fills in when it combines a check: an unset (or zero) threshold is 3.
fn check_defaults(check: &mut Value) {
    if let Value::Object(fields) = check {
        let unset = fields
            .get("threshold")
            .is_none_or(|t| t.as_u64() == Some(0));
        if unset {
            fields.insert("threshold".into(), DEFAULT_CHECK_THRESHOLD.into());
        }
    }
}

fn section_reflected<T: Serialize>(
    plan: &BTreeMap<String, T>,
    layer: &BTreeMap<String, T>,
    override_of: impl Fn(&T) -> Override,
    defaults: impl Fn(&mut Value),
) -> bool {
    layer.iter().all(|(name, wanted)| {
        let Some(have) = plan.get(name) else {
            return false;
        };
        let (Some(mut have_value), Some(mut wanted_value)) =
            (without_override(have), without_override(wanted))
        else {
            return false;
        };
        match override_of(wanted) {
            Override::Replace => {
                defaults(&mut have_value);
                defaults(&mut wanted_value);
                have_value == wanted_value
            }
            // Only what the layer sets counts: defaults are not part of a merge.
            Override::Merge => contains(&have_value, &wanted_value),
        }
    })
}

/// An object as JSON without its `override` field (which the plan keeps from the first layer).
fn without_override<T: Serialize>(object: &T) -> Option<Value> {
    let mut value = serde_json::to_value(object).ok()?;
    if let Value::Object(fields) = &mut value {
        fields.remove("override");
    }
    Some(value)
}

/// Whether `have` already holds everything `wanted` sets, as a merge would leave it: objects
/// hold every wanted key (recursively), lists hold every wanted entry, scalars are equal.
fn contains(have: &Value, wanted: &Value) -> bool {
    match (have, wanted) {
        (Value::Object(have), Value::Object(wanted)) => wanted
            .iter()
            .all(|(key, w)| have.get(key).is_some_and(|h| contains(h, w))),
        (Value::Array(have), Value::Array(wanted)) => wanted.iter().all(|w| have.contains(w)),
        _ => have == wanted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::{Check, ExecCheck, GoDuration, LogTarget, Service, Startup};
    use std::time::Duration;

    fn service(over: Override) -> Service {
        Service {
            r#override: over,
            command: "/bin/web --port 80".into(),
            startup: Some(Startup::Enabled),
            after: vec!["db".into()],
            environment: [("A".to_owned(), "1".to_owned())].into(),
            kill_delay: Some(GoDuration(Duration::from_secs(1))),
            ..Service::default()
        }
    }

    fn layer_with(name: &str, service: Service) -> Layer {
        Layer {
            services: [(name.to_owned(), service)].into(),
            ..Layer::default()
        }
    }

    fn plan_with(name: &str, service: Service) -> Plan {
        Plan {
            services: [(name.to_owned(), service)].into(),
            ..Plan::default()
        }
    }

    #[test]
    fn empty_layer_is_always_reflected() {
        assert!(plan_reflects(&Plan::default(), &Layer::default()));
    }

    #[test]
    fn missing_object_is_not_reflected() {
        let layer = layer_with("web", service(Override::Replace));
        assert!(!plan_reflects(&Plan::default(), &layer));
        assert!(!plan_reflects(
            &plan_with("other", service(Override::Replace)),
            &layer
        ));
    }

    #[test]
    fn replace_needs_equality_ignoring_override() {
        let layer = layer_with("web", service(Override::Replace));
        assert!(plan_reflects(
            &plan_with("web", service(Override::Replace)),
            &layer
        ));
        // The plan keeps the override of the first layer that defined the service.
        assert!(plan_reflects(
            &plan_with("web", service(Override::Merge)),
            &layer
        ));

        let mut extra = service(Override::Replace);
        extra.environment.insert("B".into(), "2".into());
        assert!(
            !plan_reflects(&plan_with("web", extra), &layer),
            "plan has more than the layer"
        );

        let mut other = service(Override::Replace);
        other.command = "/bin/web --port 81".into();
        assert!(!plan_reflects(&plan_with("web", other), &layer));
    }

    #[test]
    fn merge_needs_each_set_field() {
        let partial = Service {
            r#override: Override::Merge,
            environment: [("A".to_owned(), "1".to_owned())].into(),
            after: vec!["db".into()],
            ..Service::default()
        };
        let layer = layer_with("web", partial.clone());
        // The plan has more fields and more entries: still reflected.
        let mut richer = service(Override::Replace);
        richer.environment.insert("B".into(), "2".into());
        richer.after.push("cache".into());
        assert!(plan_reflects(&plan_with("web", richer), &layer));

        let mut wrong_value = service(Override::Replace);
        wrong_value.environment.insert("A".into(), "2".into());
        assert!(!plan_reflects(&plan_with("web", wrong_value), &layer));

        let mut missing_entry = service(Override::Replace);
        missing_entry.after.clear();
        assert!(!plan_reflects(&plan_with("web", missing_entry), &layer));

        let scalar = layer_with(
            "web",
            Service {
                r#override: Override::Merge,
                kill_delay: Some(GoDuration(Duration::from_millis(1000))),
                ..Service::default()
            },
        );
        assert!(plan_reflects(
            &plan_with("web", service(Override::Replace)),
            &scalar
        ));
        let slower = layer_with(
            "web",
            Service {
                r#override: Override::Merge,
                kill_delay: Some(GoDuration(Duration::from_secs(2))),
                ..Service::default()
            },
        );
        assert!(!plan_reflects(
            &plan_with("web", service(Override::Replace)),
            &slower
        ));
    }

    #[test]
    fn checks_and_log_targets_count_too() {
        let check = Check {
            r#override: Override::Replace,
            period: Some(GoDuration(Duration::from_millis(100))),
            exec: Some(ExecCheck {
                command: "/bin/true".into(),
                ..ExecCheck::default()
            }),
            ..Check::default()
        };
        let layer = Layer {
            checks: [("alive".to_owned(), check.clone())].into(),
            ..Layer::default()
        };
        let mut plan = Plan {
            checks: [("alive".to_owned(), check.clone())].into(),
            ..Plan::default()
        };
        assert!(plan_reflects(&plan, &layer));
        if let Some(c) = plan.checks.get_mut("alive") {
            c.exec = Some(ExecCheck {
                command: "/bin/false".into(),
                ..ExecCheck::default()
            });
        }
        assert!(!plan_reflects(&plan, &layer));

        let target = LogTarget {
            r#override: Override::Merge,
            labels: [("env".to_owned(), "prod".to_owned())].into(),
            ..LogTarget::default()
        };
        let layer = Layer {
            log_targets: [("loki".to_owned(), target)].into(),
            ..Layer::default()
        };
        assert!(!plan_reflects(&Plan::default(), &layer));
    }

    #[test]
    fn replaced_check_matches_the_default_threshold_pebble_fills_in() {
        let check = |threshold| Check {
            r#override: Override::Replace,
            threshold,
            exec: Some(ExecCheck {
                command: "/bin/true".into(),
                ..ExecCheck::default()
            }),
            ..Check::default()
        };
        let layer = |threshold| Layer {
            checks: [("c".to_owned(), check(threshold))].into(),
            ..Layer::default()
        };
        let plan = |threshold| Plan {
            checks: [("c".to_owned(), check(threshold))].into(),
            ..Plan::default()
        };
        assert!(plan_reflects(&plan(Some(3)), &layer(None)));
        assert!(plan_reflects(&plan(Some(3)), &layer(Some(0))));
        assert!(!plan_reflects(&plan(Some(3)), &layer(Some(5))));
        assert!(!plan_reflects(&plan(Some(5)), &layer(None)));
    }

    fn assert_send<T: Send>(_: &T) {}

    #[test]
    fn client_futures_are_send() {
        let container = Container::new("myapp", Client::new("/tmp/myapp.socket"));
        let layer = Layer::default();
        assert_send(&container.ensure_layer("x", &layer));
        assert_send(&container.logs().follow());
        assert_send(&container.notices().wait(Duration::from_secs(1)));
    }

    #[test]
    fn container_derefs_to_its_client() {
        let container = Container::new("x", Client::new("/tmp/p.socket"));
        assert_eq!(container.name(), "x");
        assert_eq!(container.socket(), std::path::Path::new("/tmp/p.socket"));
        assert_eq!(
            container.client().socket(),
            std::path::Path::new("/tmp/p.socket")
        );
    }

    #[test]
    fn sockets_are_where_juju_mounts_them() {
        assert_eq!(
            socket_path(Path::new(JUJU_CONTAINERS_DIR), "my-db"),
            Path::new("/charm/containers/my-db/pebble.socket")
        );
    }
}
