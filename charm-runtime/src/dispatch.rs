//! Runs one event handler per process and turns its outcome into Juju's exit code.
//!
//! Juju starts the charm's `dispatch` binary once per event. [`run`] does the whole job:
//!
//! 1. installs the [`logging`] layer, so `tracing` records go to `juju-log`
//!    (and to stderr too during actions and `juju debug-hooks` sessions, when `JUJU_DEBUG`
//!    is set);
//! 2. decodes the [`Event`] and the unit's identity from the environment into a
//!    [`HookContext`];
//! 3. runs the handler on a current-thread tokio runtime, catching panics;
//! 4. applies Juju's exit policy.
//!
//! | Outcome | What happens | Exit code |
//! |---|---|---|
//! | `Ok(())` | nothing more | 0 |
//! | `Err(e)` | `e` (with its causes) logged at `ERROR` through `juju-log` and on stderr; for an action, `action-fail` with the same message | 1 |
//! | panic | the panic message logged and, for an action, passed to `action-fail`, as for an error | 1 |
//! | the event cannot be decoded | the error (which names the variable) logged at `ERROR` | 1 |
//!
//! A non-zero exit makes Juju discard the hook's buffered changes (relation data, ports,
//! state, secrets) and retry the hook; a status set before the failure stays, as in Juju.
//! [`Event::Unknown`] is passed to the handler like any other event: handlers ignore it and
//! return `Ok(())`, which is the no-op exit 0 Juju expects for hooks a charm does not know.
//!
//! # Examples
//!
//! ```no_run
//! use charm_runtime::dispatch::{self, HookContext};
//! use charm_runtime::event::Event;
//! use charm_runtime::hook_tools::Status;
//!
//! fn main() -> std::process::ExitCode {
//!     dispatch::run(|ctx: HookContext| async move {
//!         match &ctx.event {
//!             Event::Install => ctx.juju.set_unit_status(Status::maintenance("installing")).await?,
//!             _ => {}
//!         }
//!         Ok(())
//!     })
//! }
//! ```

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use crate::container::{self, CONTAINERS_DIR_VAR, Container, JUJU_CONTAINERS_DIR};
use crate::event::{self, Event};
use crate::hook_tools::{HookTools, Juju, LogLevel, ProcessTools, ToolCall};
use crate::logging::{self, JujuLogLayer, LogOptions};

/// Everything a handler gets: the event, the hook tools and who this unit is.
///
/// Juju calls this a hook context (actions run in one too): what one run of the charm knows
/// about the event it runs for. [`run`] decodes it from the environment; a `#[charm]`
/// handler takes `&HookContext` as an argument.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use charm_runtime::dispatch::HookContext;
/// use charm_runtime::testing::MemoryTools;
///
/// let vars = |name: &str| match name {
///     "JUJU_DISPATCH_PATH" => Some("hooks/start".to_owned()),
///     "JUJU_UNIT_NAME" => Some("web/0".to_owned()),
///     _ => None,
/// };
/// let ctx = HookContext::from_vars(&vars, Arc::new(MemoryTools::new())).unwrap();
/// assert_eq!(ctx.app_name, "web");
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct HookContext {
    /// The event being run.
    pub event: Event,
    /// The hook tools.
    pub juju: Juju,
    /// This unit's name, `app/N` (`JUJU_UNIT_NAME`).
    pub unit_name: String,
    /// This unit's application (the part of the unit name before `/`).
    pub app_name: String,
    /// The model's name (`JUJU_MODEL_NAME`; empty if unset).
    pub model_name: String,
    /// The model's UUID (`JUJU_MODEL_UUID`; empty if unset).
    pub model_uuid: String,
    /// The charm's directory (`JUJU_CHARM_DIR`, then `CHARM_DIR`, else the current directory).
    pub charm_dir: PathBuf,
    /// The agent's version, such as `3.6.8` (`JUJU_VERSION`), if set.
    pub juju_version: Option<String>,
    /// Where the workload containers' Pebble sockets are:
    /// [`JUJU_CONTAINERS_DIR`] as Juju mounts them,
    /// or the directory in [`CONTAINERS_DIR_VAR`] when
    /// it is set (a charm run outside Juju).
    pub containers_dir: PathBuf,
}

impl HookContext {
    /// Decodes the event and the unit's identity from `vars`, using `tools` for hook tools.
    ///
    /// # Errors
    ///
    /// The [`event::Error`] of [`Event::from_vars`]; also [`event::Error::Missing`] /
    /// [`event::Error::Malformed`] for `JUJU_UNIT_NAME`.
    ///
    /// # Examples
    ///
    /// See [`HookContext`].
    pub fn from_vars(
        vars: &impl Fn(&str) -> Option<String>,
        tools: Arc<dyn HookTools>,
    ) -> Result<Self, event::Error> {
        let event = Event::from_vars(vars)?;
        let get = |name: &str| vars(name).filter(|v| !v.is_empty());
        let unit_name = get("JUJU_UNIT_NAME").ok_or(event::Error::Missing {
            name: "JUJU_UNIT_NAME",
        })?;
        let Some((app_name, number)) = unit_name.split_once('/') else {
            return Err(event::Error::Malformed {
                name: "JUJU_UNIT_NAME",
                value: unit_name,
                reason: "expected <application>/<number>".to_owned(),
            });
        };
        if app_name.is_empty() || number.parse::<u64>().is_err() {
            return Err(event::Error::Malformed {
                name: "JUJU_UNIT_NAME",
                reason: "expected <application>/<number>".to_owned(),
                value: unit_name,
            });
        }
        let app_name = app_name.to_owned();
        Ok(Self {
            event,
            juju: Juju::new(tools),
            app_name,
            unit_name,
            model_name: get("JUJU_MODEL_NAME").unwrap_or_default(),
            model_uuid: get("JUJU_MODEL_UUID").unwrap_or_default(),
            charm_dir: get("JUJU_CHARM_DIR")
                .or_else(|| get("CHARM_DIR"))
                .map_or_else(|| PathBuf::from("."), PathBuf::from),
            juju_version: get("JUJU_VERSION"),
            containers_dir: get(CONTAINERS_DIR_VAR)
                .map_or_else(|| PathBuf::from(JUJU_CONTAINERS_DIR), PathBuf::from),
        })
    }

    /// Workload container `name`: a client for the Pebble socket at
    /// `<containers_dir>/<name>/pebble.socket` ([`container::socket_path`]).
    ///
    /// This is the one way a charm reaches a container; a `Container` handler argument is
    /// resolved through it. No connection is made until the first call.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn handler(ctx: charm_runtime::dispatch::HookContext) -> charm_runtime::Result<()> {
    /// let web = ctx.container("web");
    /// if web.can_connect().await {
    ///     web.replan().await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub fn container(&self, name: &str) -> Container {
        let socket = container::socket_path(&self.containers_dir, name);
        Container::new(name, crate::pebble::Client::new(socket))
    }
}

/// Runs `handler` for the event in the process environment, with the real hook tools, and
/// returns the exit code Juju expects. Call it from `main`.
///
/// Installs the `juju-log` layer as the global `tracing` subscriber (if none is set). See
/// the [module docs](self) for the exit policy.
///
/// # Examples
///
/// See the [module docs](self).
pub fn run<F, Fut>(handler: F) -> ExitCode
where
    F: FnOnce(HookContext) -> Fut,
    Fut: Future<Output = crate::Result<()>>,
{
    let vars = |name: &str| std::env::var(name).ok();
    let tools: Arc<dyn HookTools> = Arc::new(ProcessTools::new());
    logging::init(tools.clone(), log_options(&vars));
    ExitCode::from(run_inner(&vars, tools, handler))
}

/// Like [`run`], but with the variables and hook tools given: for tests, and for programs
/// that run a charm in-process.
///
/// The `juju-log` layer is installed for the duration of the call only (on this thread), so
/// tests may call it many times. Returns the exit code `run` would exit with. A `#[charm]`
/// type runs as [`handler::dispatch_to::<C>`](crate::handler::dispatch_to).
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use charm_runtime::dispatch;
/// use charm_runtime::event::Event;
/// use charm_runtime::hook_tools::LogLevel;
/// use charm_runtime::testing::MemoryTools;
///
/// let memory = Arc::new(MemoryTools::new());
/// let vars = |name: &str| match name {
///     "JUJU_DISPATCH_PATH" => Some("hooks/install".to_owned()),
///     "JUJU_UNIT_NAME" => Some("web/0".to_owned()),
///     _ => None,
/// };
/// let code = dispatch::run_with(&vars, memory.clone(), |ctx| async move {
///     assert_eq!(ctx.event, Event::Install);
///     Err(charm_runtime::Error::msg("no network yet"))
/// });
/// assert_eq!(code, 1);
/// assert_eq!(memory.state().logs[0], (LogLevel::Error, "hook install failed: no network yet".to_owned()));
/// ```
pub fn run_with<F, Fut>(
    vars: &impl Fn(&str) -> Option<String>,
    tools: Arc<dyn HookTools>,
    handler: F,
) -> u8
where
    F: FnOnce(HookContext) -> Fut,
    Fut: Future<Output = crate::Result<()>>,
{
    let subscriber = logging::subscriber(tools.clone(), log_options(vars));
    tracing::subscriber::with_default(subscriber, || run_inner(vars, tools, handler))
}

/// Logging options for the event in `vars`: records also go to stderr during actions (Juju
/// attaches stderr to the action's result) and debug sessions (`JUJU_DEBUG`).
fn log_options(vars: &impl Fn(&str) -> Option<String>) -> LogOptions {
    LogOptions::default().stderr(is_action(vars) || vars("JUJU_DEBUG").is_some())
}

/// Like [`run_with`], from async code: awaits the handler on the caller's runtime (a
/// `#[tokio::test]`, or a program that runs charms in-process) instead of starting one.
///
/// Logging goes to `juju-log` while the returned future runs. A panic in the handler is
/// caught and reported as in [`run`].
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use charm_runtime::dispatch;
/// use charm_runtime::testing::MemoryTools;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let memory = Arc::new(MemoryTools::new());
/// let vars = |name: &str| match name {
///     "JUJU_DISPATCH_PATH" => Some("hooks/start".to_owned()),
///     "JUJU_UNIT_NAME" => Some("web/0".to_owned()),
///     _ => None,
/// };
/// let code = dispatch::run_with_async(&vars, memory.clone(), |_ctx| async { Ok(()) }).await;
/// assert_eq!(code, 0);
/// # }
/// ```
pub async fn run_with_async<F, Fut>(
    vars: &impl Fn(&str) -> Option<String>,
    tools: Arc<dyn HookTools>,
    handler: F,
) -> u8
where
    F: FnOnce(HookContext) -> Fut,
    Fut: Future<Output = crate::Result<()>>,
{
    use futures_util::FutureExt;
    use tracing::instrument::WithSubscriber;

    let subscriber = logging::subscriber(tools.clone(), log_options(vars));
    let run = async {
        let ctx = match decode(vars, &tools) {
            Ok(ctx) => ctx,
            Err(code) => return code,
        };
        let what = ctx.event.to_string();
        let outcome = AssertUnwindSafe(handler(ctx)).catch_unwind().await;
        finish(vars, &tools, &what, outcome)
    };
    run.with_subscriber(subscriber).await
}

/// Decodes, runs and applies the exit policy; logging is already in place.
fn run_inner<F, Fut>(
    vars: &impl Fn(&str) -> Option<String>,
    tools: Arc<dyn HookTools>,
    handler: F,
) -> u8
where
    F: FnOnce(HookContext) -> Fut,
    Fut: Future<Output = crate::Result<()>>,
{
    let ctx = match decode(vars, &tools) {
        Ok(ctx) => ctx,
        Err(code) => return code,
    };
    let what = ctx.event.to_string();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            reporter_for(&tools).send(
                LogLevel::Error,
                &format!("{what} failed: cannot start the async runtime: {e}"),
            );
            return 1;
        }
    };
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| runtime.block_on(handler(ctx))));
    // Drop the runtime before reporting: a panic may have left tasks behind.
    drop(runtime);
    finish(vars, &tools, &what, outcome)
}

/// Where failures are reported: `juju-log` at `ERROR`, and stderr.
fn reporter_for(tools: &Arc<dyn HookTools>) -> JujuLogLayer {
    JujuLogLayer::new(tools.clone(), LogOptions::default().stderr(true))
}

/// Whether `vars` are those of an action.
fn is_action(vars: &impl Fn(&str) -> Option<String>) -> bool {
    vars("JUJU_DISPATCH_PATH").is_some_and(|p| p.starts_with("actions/"))
}

/// The event's context, or the exit code after reporting why it cannot be decoded.
fn decode(
    vars: &impl Fn(&str) -> Option<String>,
    tools: &Arc<dyn HookTools>,
) -> Result<HookContext, u8> {
    HookContext::from_vars(vars, tools.clone()).map_err(|e| {
        let message = format!("cannot decode the event: {e}");
        reporter_for(tools).send(LogLevel::Error, &message);
        if is_action(vars) {
            action_fail(&**tools, &message);
        }
        1
    })
}

/// The exit code for the handler's `outcome` (a caught panic is `Err`), after reporting a
/// failure.
fn finish(
    vars: &impl Fn(&str) -> Option<String>,
    tools: &Arc<dyn HookTools>,
    what: &str,
    outcome: std::thread::Result<crate::Result<()>>,
) -> u8 {
    let message = match outcome {
        Ok(Ok(())) => return 0,
        Ok(Err(e)) => format!("{what} failed: {}", error_chain(&e)),
        Err(payload) => format!(
            "{what} failed: the handler panicked: {}",
            panic_message(&*payload)
        ),
    };
    reporter_for(tools).send(LogLevel::Error, &message);
    if is_action(vars) {
        action_fail(&**tools, &message);
    }
    1
}

/// Marks the running action failed; a failure to do so is only reported on stderr.
fn action_fail(tools: &dyn HookTools, message: &str) {
    if let Err(e) = tools.call_blocking(ToolCall::new("action-fail", ["--", message])) {
        eprintln!("WARNING cannot mark the action failed: {e}");
    }
}

/// `error` followed by each of its causes, separated by `: `.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        // Transparent wrappers repeat their cause's message; say it once.
        if !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// The text of a panic payload (`panic!("...")` gives a `&str` or a `String`).
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "(no message)".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hook_tools::Status;
    use crate::testing::MemoryTools;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name: &str| map.get(name).cloned()
    }

    const HOOK: [(&str, &str); 2] = [
        ("JUJU_DISPATCH_PATH", "hooks/config-changed"),
        ("JUJU_UNIT_NAME", "web/0"),
    ];
    const ACTION: [(&str, &str); 4] = [
        ("JUJU_DISPATCH_PATH", "actions/backup"),
        ("JUJU_ACTION_NAME", "backup"),
        ("JUJU_ACTION_UUID", "7"),
        ("JUJU_UNIT_NAME", "web/0"),
    ];

    #[test]
    fn the_context_carries_the_unit_identity() {
        let ctx = HookContext::from_vars(
            &vars(&[
                ("JUJU_DISPATCH_PATH", "hooks/start"),
                ("JUJU_UNIT_NAME", "my-app/12"),
                ("JUJU_MODEL_NAME", "prod"),
                ("JUJU_MODEL_UUID", "u-1"),
                ("JUJU_VERSION", "3.6.8"),
                ("CHARM_DIR", "/srv/charm"),
            ]),
            Arc::new(MemoryTools::new()),
        )
        .unwrap();
        assert_eq!(ctx.event, Event::Start);
        assert_eq!(
            (ctx.unit_name.as_str(), ctx.app_name.as_str()),
            ("my-app/12", "my-app")
        );
        assert_eq!(
            (ctx.model_name.as_str(), ctx.model_uuid.as_str()),
            ("prod", "u-1")
        );
        assert_eq!(ctx.juju_version.as_deref(), Some("3.6.8"));
        assert_eq!(ctx.charm_dir, PathBuf::from("/srv/charm"));
        assert_eq!(
            ctx.container("my-db").socket(),
            PathBuf::from("/charm/containers/my-db/pebble.socket")
        );
        for bad in ["web", "/0", "web/x"] {
            let err = HookContext::from_vars(
                &vars(&[
                    ("JUJU_DISPATCH_PATH", "hooks/start"),
                    ("JUJU_UNIT_NAME", bad),
                ]),
                Arc::new(MemoryTools::new()),
            )
            .unwrap_err();
            assert!(
                matches!(
                    err,
                    event::Error::Malformed {
                        name: "JUJU_UNIT_NAME",
                        ..
                    }
                ),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn success_exits_zero_and_logs_nothing() {
        let memory = Arc::new(MemoryTools::new());
        let code = run_with(&vars(&HOOK), memory.clone(), |ctx| async move {
            ctx.juju.set_unit_status(Status::active("")).await?;
            Ok(())
        });
        assert_eq!(code, 0);
        let state = memory.state();
        assert_eq!(state.unit_status, Status::active(""));
        assert!(state.logs.is_empty());
    }

    #[test]
    fn an_error_is_logged_and_status_set_before_it_stays() {
        let memory = Arc::new(MemoryTools::new());
        let code = run_with(&vars(&HOOK), memory.clone(), |ctx| async move {
            ctx.juju
                .set_unit_status(Status::maintenance("half way"))
                .await?;
            Err(crate::Error::msg("disk full"))
        });
        assert_eq!(code, 1);
        let state = memory.state();
        assert_eq!(state.unit_status, Status::maintenance("half way"));
        assert_eq!(
            state.logs,
            [(
                LogLevel::Error,
                "hook config-changed failed: disk full".to_owned()
            )]
        );
        assert_eq!(state.action_failure, None);
    }

    #[test]
    fn a_hook_tool_error_carries_its_stderr_into_the_log() {
        let memory = Arc::new(MemoryTools::new());
        let code = run_with(&vars(&HOOK), memory.clone(), |ctx| async move {
            ctx.juju.set_app_status(Status::active("")).await?;
            Ok(())
        });
        assert_eq!(code, 1);
        let (level, message) = &memory.state().logs[0];
        assert_eq!(*level, LogLevel::Error);
        assert_eq!(
            message,
            "hook config-changed failed: status-set failed: this unit is not the leader"
        );
    }

    #[test]
    fn a_panic_is_caught_logged_and_exits_one() {
        let memory = Arc::new(MemoryTools::new());
        let code = run_with(&vars(&HOOK), memory.clone(), |_ctx| async move {
            let items: Vec<u8> = Vec::new();
            if items.is_empty() {
                panic!("no items");
            }
            Ok(())
        });
        assert_eq!(code, 1);
        assert_eq!(
            memory.state().logs,
            [(
                LogLevel::Error,
                "hook config-changed failed: the handler panicked: no items".to_owned()
            )]
        );
    }

    #[test]
    fn an_action_error_also_calls_action_fail() {
        let memory = Arc::new(MemoryTools::new());
        let code = run_with(&vars(&ACTION), memory.clone(), |ctx| async move {
            assert!(ctx.event.is_action());
            Err(crate::Error::msg("nothing to back up"))
        });
        assert_eq!(code, 1);
        assert_eq!(
            memory.state().action_failure.as_deref(),
            Some("action backup failed: nothing to back up")
        );
    }

    #[test]
    fn an_action_panic_also_calls_action_fail() {
        let memory = Arc::new(MemoryTools::new());
        let code = run_with(&vars(&ACTION), memory.clone(), |_ctx| async move {
            std::panic::panic_any(String::from("bad index"));
        });
        assert_eq!(code, 1);
        assert_eq!(
            memory.state().action_failure.as_deref(),
            Some("action backup failed: the handler panicked: bad index")
        );
    }

    #[test]
    fn a_decode_error_names_the_variable_and_exits_one() {
        let memory = Arc::new(MemoryTools::new());
        let mut ran = false;
        let code = run_with(
            &vars(&[("JUJU_DISPATCH_PATH", "hooks/db-relation-changed")]),
            memory.clone(),
            |_ctx| {
                ran = true;
                async { Ok(()) }
            },
        );
        assert_eq!(code, 1);
        assert!(!ran);
        assert_eq!(
            memory.state().logs,
            [(
                LogLevel::Error,
                "cannot decode the event: environment variable JUJU_RELATION is not set".to_owned()
            )]
        );
    }

    #[test]
    fn a_missing_unit_name_is_an_error() {
        let memory = Arc::new(MemoryTools::new());
        let code = run_with(
            &vars(&[("JUJU_DISPATCH_PATH", "hooks/install")]),
            memory.clone(),
            |_ctx| async { Ok(()) },
        );
        assert_eq!(code, 1);
        assert!(memory.state().logs[0].1.contains("JUJU_UNIT_NAME"));
    }

    #[test]
    fn an_unknown_hook_reaches_the_handler_which_ignores_it() {
        let memory = Arc::new(MemoryTools::new());
        let code = run_with(
            &vars(&[
                ("JUJU_DISPATCH_PATH", "hooks/meter-status-changed"),
                ("JUJU_UNIT_NAME", "web/0"),
            ]),
            memory.clone(),
            |ctx| async move {
                assert_eq!(
                    ctx.event,
                    Event::Unknown {
                        hook: "meter-status-changed".to_owned()
                    }
                );
                Ok(())
            },
        );
        assert_eq!(code, 0);
        assert!(memory.calls().is_empty());
    }

    #[test]
    fn tracing_in_a_handler_reaches_juju_log() {
        let memory = Arc::new(MemoryTools::new());
        let code = run_with(&vars(&HOOK), memory.clone(), |_ctx| async move {
            tracing::info!(port = 8080, "configured");
            Ok(())
        });
        assert_eq!(code, 0);
        assert_eq!(
            memory.state().logs,
            [(LogLevel::Info, "configured port=8080".to_owned())]
        );
    }

    #[test]
    fn every_cause_of_an_error_reaches_juju_log() {
        use crate::Context;
        let memory = Arc::new(MemoryTools::new());
        let code = run_with(&vars(&HOOK), memory.clone(), |_ctx| async move {
            std::fs::read_to_string("/nonexistent/charm-template")
                .context("rendering the config")?;
            Ok(())
        });
        assert_eq!(code, 1);
        let (level, message) = &memory.state().logs[0];
        assert_eq!(*level, LogLevel::Error);
        assert!(
            message.starts_with("hook config-changed failed: rendering the config: No such file"),
            "{message}"
        );
    }

    #[tokio::test(flavor = "current_thread")]
    async fn the_async_entry_point_applies_the_same_policy() {
        let memory = Arc::new(MemoryTools::new());
        let code = run_with_async(&vars(&ACTION), memory.clone(), |_ctx| async move {
            tracing::info!("from async");
            Err(crate::Error::msg("nothing to back up"))
        })
        .await;
        assert_eq!(code, 1);
        let state = memory.state();
        assert_eq!(
            state.action_failure.as_deref(),
            Some("action backup failed: nothing to back up")
        );
        assert_eq!(state.logs[0], (LogLevel::Info, "from async".to_owned()));
        let panicked = run_with_async(&vars(&HOOK), memory.clone(), |_ctx| async move {
            std::panic::panic_any(String::from("boom"));
        })
        .await;
        assert_eq!(panicked, 1);
    }
}
