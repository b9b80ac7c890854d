//! `cargo charm pack`: build the charm binary and write the `.charm` archive charmcraft 4.5.0
//! writes for a compiled charm (see `docs/packing.md`).
//!
//! Steps: find the package and its `charmcraft.yaml`; derive the generated files (so a
//! mistake there fails before the build); build the binary that `parts` organises as
//! `dispatch`; check its glibc against each platform's base; write
//! `<name>_<platform>.charm` with `dispatch`, `metadata.yaml`, `config.yaml`,
//! `actions.yaml` (when not empty) and `manifest.yaml`.

use std::path::PathBuf;
use std::time::{Instant, SystemTime};

use time::OffsetDateTime;

use crate::archive::{self, Content, Entry};
use crate::build::{self, Profile};
use crate::charmcraft::{self, Project};
use crate::error::Error;
use crate::project::{self, Selection};
use crate::{derive, glibc, manifest, platforms, progress};

/// Options of `cargo charm pack`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Cargo profile to build with [default: `charm`, defined by cargo charm: release
    /// optimisations, no LTO, stripped]
    #[arg(long, value_name = "PROFILE")]
    pub profile: Option<String>,
    /// Rust target to build for [default: this machine's architecture with musl, statically
    /// linked, such as x86_64-unknown-linux-musl]
    #[arg(long, value_name = "TRIPLE")]
    pub target: Option<String>,
    /// Directory to write the `.charm` files to [default: the charm's directory]
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// The charm's package, in a workspace [default: the package in the current directory]
    #[arg(long, short = 'p', value_name = "SPEC")]
    pub package: Option<String>,
    /// Path to the charm's (or its workspace's) Cargo.toml
    #[arg(long, value_name = "PATH")]
    pub manifest_path: Option<PathBuf>,
}

/// Packs the charm.
pub fn run(args: &Args) -> Result<(), Error> {
    let started = Instant::now();
    let package = project::locate(&Selection {
        manifest_path: args.manifest_path.clone(),
        package: args.package.clone(),
    })?;
    let project = Project::load(&package.dir)?;
    let targets = platforms::targets(&project, platforms::host_arch())?;
    let bin = project.dispatch_bin()?;
    if !package.bins.contains(&bin) {
        return Err(charmcraft::Error::Invalid {
            path: project.path.clone(),
            line: None,
            message: format!(
                "parts organize bin/{bin} as dispatch, but package {} has no binary {bin} (binaries: {})",
                package.name,
                package.bins.join(", ")
            ),
        }
        .into());
    }
    let generated = derive::generate(&package.dir, &project.tree)?;

    let profile = Profile::from_arg(args.profile.as_deref());
    let target = args.target.clone().or_else(build::default_target);
    if let Some(target) = &target {
        build::check_target(target)?;
    }
    progress::status(
        "Building",
        format!(
            "{} (binary {bin}, profile {}, target {})",
            package.name,
            profile.name(),
            target.as_deref().unwrap_or("host")
        ),
    );
    let binary = build::build(&package, &bin, &profile, target.as_deref())?;
    let needs = glibc::required(&binary)?;
    let now = SystemTime::now();
    let output = args.output.clone().unwrap_or_else(|| package.dir.clone());
    for target in &targets {
        match (glibc::check(needs, &target.base)?, needs) {
            (Some(has), Some(needs)) => progress::status(
                "Checked",
                format!("dispatch needs glibc {needs}; {} has {has}", target.base),
            ),
            (_, None) => {
                progress::status("Checked", "dispatch is statically linked: needs no glibc")
            }
            (None, Some(needs)) => progress::warning(format!(
                "dispatch needs glibc {needs}; cannot tell which glibc {} has",
                target.base
            )),
        }
        let manifest = manifest::manifest(target, OffsetDateTime::from(now)).map_err(|source| {
            derive::Error::Write {
                file: "manifest.yaml",
                source,
            }
        })?;
        let mut entries = vec![
            Entry {
                name: "dispatch",
                content: Content::File(&binary),
                mode: 0o755,
            },
            Entry {
                name: "metadata.yaml",
                content: Content::Text(&generated.metadata),
                mode: 0o644,
            },
        ];
        for (name, text) in [
            ("actions.yaml", &generated.actions),
            ("config.yaml", &generated.config),
        ] {
            if let Some(text) = text {
                entries.push(Entry {
                    name,
                    content: Content::Text(text),
                    mode: 0o644,
                });
            }
        }
        entries.push(Entry {
            name: "manifest.yaml",
            content: Content::Text(&manifest),
            mode: 0o644,
        });
        let path = output.join(target.file_name(project.name()));
        archive::write(&path, &entries, now)?;
        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
        progress::status(
            "Packed",
            format!("{} ({:.1} MiB)", path.display(), size as f64 / 1048576.0),
        );
    }
    progress::status(
        "Finished",
        format!("in {:.1}s", started.elapsed().as_secs_f64()),
    );
    Ok(())
}
