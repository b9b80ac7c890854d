//! The pages under `docs/` whose Rust blocks are compiled and run as this crate's doctests
//! (`cargo test -p charm-tests --doc`), so the documentation stays true.

/// `docs/testing.md`.
#[doc = include_str!("../../docs/testing.md")]
pub struct Testing;

/// The how-to pages: one per section of the Pebble how-to, and one per framework feature
/// (their charm's `charmcraft.yaml` is `docs/howto/charmcraft.yaml`).
pub mod howto {
    /// `docs/howto/layers.md`.
    #[doc = include_str!("../../docs/howto/layers.md")]
    pub struct Layers;
    /// `docs/howto/replan.md`.
    #[doc = include_str!("../../docs/howto/replan.md")]
    pub struct Replan;
    /// `docs/howto/start-stop.md`.
    #[doc = include_str!("../../docs/howto/start-stop.md")]
    pub struct StartStop;
    /// `docs/howto/service-status.md`.
    #[doc = include_str!("../../docs/howto/service-status.md")]
    pub struct ServiceStatus;
    /// `docs/howto/signals.md`.
    #[doc = include_str!("../../docs/howto/signals.md")]
    pub struct Signals;
    /// `docs/howto/logs.md`.
    #[doc = include_str!("../../docs/howto/logs.md")]
    pub struct Logs;
    /// `docs/howto/auto-restart.md`.
    #[doc = include_str!("../../docs/howto/auto-restart.md")]
    pub struct AutoRestart;
    /// `docs/howto/checks.md`.
    #[doc = include_str!("../../docs/howto/checks.md")]
    pub struct Checks;
    /// `docs/howto/files.md`.
    #[doc = include_str!("../../docs/howto/files.md")]
    pub struct Files;
    /// `docs/howto/exec.md`.
    #[doc = include_str!("../../docs/howto/exec.md")]
    pub struct Exec;
    /// `docs/howto/notices.md`.
    #[doc = include_str!("../../docs/howto/notices.md")]
    pub struct Notices;
    /// `docs/howto/status.md`.
    #[doc = include_str!("../../docs/howto/status.md")]
    pub struct Status;
    /// `docs/howto/reconcile.md`.
    #[doc = include_str!("../../docs/howto/reconcile.md")]
    pub struct Reconcile;
    /// `docs/howto/state.md`.
    #[doc = include_str!("../../docs/howto/state.md")]
    pub struct TypedState;
    /// `docs/howto/errors.md`.
    #[doc = include_str!("../../docs/howto/errors.md")]
    pub struct Errors;
    /// `docs/howto/relation-data.md`.
    #[doc = include_str!("../../docs/howto/relation-data.md")]
    pub struct RelationData;
    /// `docs/howto/harness.md`.
    #[doc = include_str!("../../docs/howto/harness.md")]
    pub struct Harness;
}
