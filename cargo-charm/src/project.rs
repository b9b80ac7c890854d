//! Which Cargo package is the charm: `-p NAME`, `--manifest-path`, or the package whose
//! directory holds the current directory, as Cargo picks it.

use std::path::{Path, PathBuf};

use cargo_metadata::{MetadataCommand, Package, TargetKind};

/// How the user chose the package.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// `--manifest-path`.
    pub manifest_path: Option<PathBuf>,
    /// `-p NAME`.
    pub package: Option<String>,
}

/// The charm's Cargo package.
#[derive(Debug, Clone)]
pub struct CharmPackage {
    /// The package name.
    pub name: String,
    /// Its `Cargo.toml`.
    pub manifest_path: PathBuf,
    /// Its directory, which holds `charmcraft.yaml`.
    pub dir: PathBuf,
    /// Its binary targets.
    pub bins: Vec<String>,
}

/// Why the package cannot be found.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `cargo metadata` failed (no `Cargo.toml`, or an invalid one).
    #[error("cannot read the Cargo project")]
    Metadata(#[source] cargo_metadata::Error),
    /// No workspace member has that name.
    #[error("no package {name:?} in the workspace (members: {})", members.join(", "))]
    UnknownPackage {
        /// The name given.
        name: String,
        /// The workspace's members.
        members: Vec<String>,
    },
    /// The current directory is not inside a package (a virtual workspace's root).
    #[error("{} is not inside a charm package: run in the charm's directory, or pass -p NAME (members: {})", dir.display(), members.join(", "))]
    NoPackageHere {
        /// The current directory.
        dir: PathBuf,
        /// The workspace's members.
        members: Vec<String>,
    },
    /// The current directory cannot be read.
    #[error("cannot read the current directory")]
    CurrentDir(#[source] std::io::Error),
}

/// Finds the charm's package.
pub fn locate(selection: &Selection) -> Result<CharmPackage, Error> {
    let mut command = MetadataCommand::new();
    command.no_deps();
    if let Some(path) = &selection.manifest_path {
        command.manifest_path(path);
    }
    let metadata = command.exec().map_err(Error::Metadata)?;
    let members: Vec<&Package> = metadata.workspace_packages();
    let names = || members.iter().map(|p| p.name.to_string()).collect();
    let package = if let Some(name) = &selection.package {
        members
            .iter()
            .find(|p| p.name.as_str() == name)
            .ok_or_else(|| Error::UnknownPackage {
                name: name.clone(),
                members: names(),
            })?
    } else {
        let dir = match &selection.manifest_path {
            Some(path) => absolute(path)?
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
            None => std::env::current_dir().map_err(Error::CurrentDir)?,
        };
        members
            .iter()
            .filter(|p| p.manifest_path.parent().is_some_and(|d| dir.starts_with(d)))
            .max_by_key(|p| p.manifest_path.as_str().len())
            .ok_or_else(|| Error::NoPackageHere {
                dir: dir.clone(),
                members: names(),
            })?
    };
    let manifest_path = package.manifest_path.clone().into_std_path_buf();
    Ok(CharmPackage {
        name: package.name.to_string(),
        dir: manifest_path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        manifest_path,
        bins: package
            .targets
            .iter()
            .filter(|t| t.kind.contains(&TargetKind::Bin))
            .map(|t| t.name.clone())
            .collect(),
    })
}

fn absolute(path: &Path) -> Result<PathBuf, Error> {
    std::path::absolute(path).map_err(Error::CurrentDir)
}
