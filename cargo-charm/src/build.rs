//! Building the charm binary with Cargo, in the profile `pack` owns.
//!
//! Cargo runs with its output on the terminal (progress and the compiler's messages, through
//! `--message-format json-render-diagnostics`, which renders diagnostics as usual on stderr)
//! and the JSON messages on stdout tell where the binary is.

use std::io::BufReader;
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};

use cargo_metadata::{Message, TargetKind};

use crate::project::CharmPackage;

/// The profile `pack` uses unless told otherwise, defined on the command line so that a
/// charm crate needs no `[profile]` section.
pub const CHARM_PROFILE: &str = "charm";

/// The settings of the `charm` profile (`--config profile.charm.KEY=VALUE`): optimised for
/// size (a smaller binary also maps fewer pages, so a lower peak RSS), no LTO, parallel and
/// incremental codegen (a rebuild after a one-line edit recompiles only the charm crate,
/// quickly), symbols stripped. `panic` stays `unwind`: the runtime turns a panicking
/// handler into a failed hook with its message in `juju-log`. `docs/benchmarks.md` has the
/// measurements behind each value.
pub const CHARM_PROFILE_SETTINGS: &[(&str, &str)] = &[
    ("inherits", "\"release\""),
    ("opt-level", "\"s\""),
    ("lto", "false"),
    ("codegen-units", "16"),
    ("debug", "false"),
    ("strip", "true"),
    ("incremental", "true"),
];

/// Why the build failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Cargo could not be started.
    #[error("cannot run {program}")]
    Spawn {
        /// The Cargo binary.
        program: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Cargo's messages could not be read.
    #[error("cannot read cargo's output")]
    Messages(#[source] std::io::Error),
    /// The build failed; Cargo's and the compiler's messages are above.
    #[error("cargo build of {package} failed ({status}); the compiler's messages are above")]
    Failed {
        /// The package.
        package: String,
        /// Cargo's exit status.
        status: ExitStatus,
    },
    /// The standard library for the target is not installed.
    #[error(
        "the Rust standard library for {target} is not installed: run `rustup target add {target}` \
         (or pack with --target for an installed target, such as the host's *-linux-gnu)"
    )]
    TargetMissing {
        /// The target triple.
        target: String,
    },
    /// The build succeeded but produced no such binary.
    #[error("cargo built {package} but reported no binary {bin}")]
    NoBinary {
        /// The package.
        package: String,
        /// The binary target.
        bin: String,
    },
}

/// The target `pack` builds for by default: this machine's architecture, linked statically
/// against musl, so the binary needs no glibc from the charm's base, starts without the
/// dynamic loader and maps fewer pages (`docs/benchmarks.md` compares it with glibc).
/// `None` on architectures without a musl target that Rust ships.
pub fn default_target() -> Option<String> {
    match std::env::consts::ARCH {
        arch @ ("x86_64" | "aarch64" | "powerpc64le" | "s390x") => {
            Some(format!("{arch}-unknown-linux-musl"))
        }
        "riscv64" => Some("riscv64gc-unknown-linux-musl".to_owned()),
        _ => None,
    }
}

/// Checks that the standard library for `target` is installed, so that a missing target is
/// one clear error instead of a wall of compiler errors.
pub fn check_target(target: &str) -> Result<(), Error> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let output = Command::new(&rustc)
        .args(["--print", "target-libdir", "--target", target])
        .stdin(Stdio::null())
        .output()
        .map_err(|source| Error::Spawn {
            program: rustc,
            source,
        })?;
    let libdir = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    let installed = output.status.success()
        && std::fs::read_dir(&libdir).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("libstd-"))
        });
    if installed {
        Ok(())
    } else {
        Err(Error::TargetMissing {
            target: target.to_owned(),
        })
    }
}

/// Which Cargo profile to build with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Profile {
    /// The `charm` profile, defined by [`CHARM_PROFILE_SETTINGS`].
    Charm,
    /// A profile of the user's (`release`, or one from their `Cargo.toml`), used as it is.
    Named(String),
}

impl Profile {
    /// `--profile NAME` or, without it, the charm profile.
    pub fn from_arg(name: Option<&str>) -> Self {
        match name {
            None => Self::Charm,
            Some(name) => Self::Named(name.to_owned()),
        }
    }

    /// The profile's name.
    pub fn name(&self) -> &str {
        match self {
            Self::Charm => CHARM_PROFILE,
            Self::Named(name) => name,
        }
    }
}

/// The `cargo` that runs us (`$CARGO`), or the one on `PATH`.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Builds binary `bin` of `package` for `target` (`None`: Cargo's default, the host) and
/// returns its path.
pub fn build(
    package: &CharmPackage,
    bin: &str,
    profile: &Profile,
    target: Option<&str>,
) -> Result<PathBuf, Error> {
    let program = cargo();
    let mut command = Command::new(&program);
    command
        .arg("build")
        .arg("--manifest-path")
        .arg(&package.manifest_path)
        .arg("--bin")
        .arg(bin)
        .arg("--profile")
        .arg(profile.name())
        .arg("--message-format")
        .arg("json-render-diagnostics");
    if let Some(target) = target {
        command.arg("--target").arg(target);
    }
    if *profile == Profile::Charm {
        command.args(crate::profile::config_args());
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .stdin(Stdio::null())
        .spawn()
        .map_err(|source| Error::Spawn {
            program: program.clone(),
            source,
        })?;
    let mut binary = None;
    if let Some(stdout) = child.stdout.take() {
        for message in Message::parse_stream(BufReader::new(stdout)) {
            match message.map_err(Error::Messages)? {
                Message::CompilerArtifact(artifact)
                    if artifact.target.name == bin
                        && artifact.target.kind.contains(&TargetKind::Bin) =>
                {
                    binary = artifact.executable.map(|p| p.into_std_path_buf());
                }
                Message::TextLine(line) => eprintln!("{line}"),
                _ => {}
            }
        }
    }
    let status = child.wait().map_err(Error::Messages)?;
    if !status.success() {
        return Err(Error::Failed {
            package: package.name.clone(),
            status,
        });
    }
    binary.ok_or_else(|| Error::NoBinary {
        package: package.name.clone(),
        bin: bin.to_owned(),
    })
}
