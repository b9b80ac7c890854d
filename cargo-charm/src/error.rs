//! The top-level error: one variant per area, each with its own typed error.

use thiserror::Error;

/// Why a subcommand failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// `charmcraft.yaml` is missing or invalid.
    #[error(transparent)]
    Charmcraft(#[from] crate::charmcraft::Error),
    /// Cargo could not find or build the charm.
    #[error(transparent)]
    Build(#[from] crate::build::Error),
    /// Which package is the charm.
    #[error(transparent)]
    Project(#[from] crate::project::Error),
    /// A generated file could not be derived from `charmcraft.yaml`.
    #[error(transparent)]
    Derive(#[from] crate::derive::Error),
    /// The binary needs a newer glibc than the charm's base has, or cannot be read.
    #[error(transparent)]
    Glibc(#[from] crate::glibc::Error),
    /// The `.charm` archive could not be written.
    #[error(transparent)]
    Archive(#[from] crate::archive::Error),
    /// `cargo charm run` could not run the events.
    #[error(transparent)]
    Run(#[from] crate::run::Error),
    /// `cargo charm new` could not create the crate.
    #[error(transparent)]
    New(#[from] crate::new::Error),
}
