//! The command line: one variant per subcommand, each defined in its own module.

use std::ffi::OsString;

use clap::{Parser, Subcommand};

use crate::error::Error;
use crate::{new, pack, profile, run};

/// Create, run and pack Juju charms written in Rust with charm-runtime.
#[derive(Debug, Parser)]
#[command(name = "cargo charm", bin_name = "cargo charm", version)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a charm crate: Cargo.toml, charmcraft.yaml, a handler, a layer and a test.
    New(new::Args),
    /// Build the charm binary and write the `.charm` archive Juju deploys.
    Pack(pack::Args),
    /// Run events through the charm as Juju would, against real Pebbles, and report.
    Run(run::Args),
    /// Print the Cargo arguments defining the `charm` profile `pack` builds with.
    Profile(profile::Args),
}

impl Command {
    /// Runs the subcommand.
    pub fn run(self) -> Result<(), Error> {
        match self {
            Self::New(args) => new::run(&args),
            Self::Pack(args) => pack::run(&args),
            Self::Run(args) => run::run(&args),
            Self::Profile(args) => profile::run(&args),
        }
    }
}

/// The arguments without the `charm` that Cargo passes first when it runs `cargo-charm`
/// for `cargo charm ...`, so both `cargo charm pack` and `cargo-charm pack` work.
pub fn strip_cargo_subcommand(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let mut args: Vec<OsString> = args.into_iter().collect();
    if args.get(1).is_some_and(|arg| arg == "charm") {
        args.remove(1);
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Cli {
        Cli::try_parse_from(strip_cargo_subcommand(args.iter().map(OsString::from))).unwrap()
    }

    #[test]
    fn cargo_s_extra_charm_argument_is_dropped() {
        let cli = parse(&["cargo-charm", "charm", "pack", "--profile", "release"]);
        let Command::Pack(args) = cli.command else {
            panic!("not pack: {cli:?}")
        };
        assert_eq!(args.profile.as_deref(), Some("release"));
    }

    #[test]
    fn direct_invocation_works_too() {
        let cli = parse(&["cargo-charm", "new", "web", "--container", "nginx"]);
        let Command::New(args) = cli.command else {
            panic!("not new: {cli:?}")
        };
        assert_eq!(args.name, "web");
        assert_eq!(args.containers, ["nginx"]);
    }

    #[test]
    fn runtime_path_and_git_exclude_each_other() {
        let args = [
            "cargo-charm",
            "new",
            "web",
            "--runtime-path",
            "x",
            "--runtime-git",
            "y",
        ];
        assert!(Cli::try_parse_from(args).is_err());
    }

    #[test]
    fn rev_needs_a_git_source() {
        assert!(Cli::try_parse_from(["cargo-charm", "new", "web", "--rev", "abc"]).is_err());
    }
}
