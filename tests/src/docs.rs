//! The pages under `docs/` whose Rust blocks are compiled and run as this crate's doctests
//! (`cargo test -p charm-tests --doc`), so the documentation stays true.

/// `docs/testing.md`.
#[doc = include_str!("../../docs/testing.md")]
pub struct Testing;

/// The how-to pages: one per section of the Pebble how-to, and one per framework feature.
///
/// A page whose charm reads `docs/howto/charmcraft.yaml` has its text as its only doc
/// attribute: rustdoc then reports the page itself as the doctest's file, so `#[charm]` finds
/// the `charmcraft.yaml` beside it.
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
    #[doc = include_str!("../../docs/howto/status.md")]
    pub struct Status;
    #[doc = include_str!("../../docs/howto/reconcile.md")]
    pub struct Reconcile;
    #[doc = include_str!("../../docs/howto/state.md")]
    pub struct TypedState;
    #[doc = include_str!("../../docs/howto/errors.md")]
    pub struct Errors;
    #[doc = include_str!("../../docs/howto/relation-data.md")]
    pub struct RelationData;
    #[doc = include_str!("../../docs/howto/harness.md")]
    pub struct Harness;
    #[doc = include_str!("../../docs/howto/interfaces.md")]
    pub struct Interfaces;
}
