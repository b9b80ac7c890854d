//! The how-to pages in `docs/howto/`, compiled and run as doctests
//! (`cargo test -p charm-tests --doc`): every `rust` block of a page must build and pass,
//! with the charm of `docs/howto/charmcraft.yaml`.

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
