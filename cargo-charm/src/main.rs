//! `cargo charm`: create and pack Juju charms written with `charm-runtime`.
//!
//! - `cargo charm new NAME`: a standalone charm crate (see [`new`]);
//! - `cargo charm pack`: build the charm binary and write the `.charm` archive that
//!   charmcraft writes for a compiled charm (see [`pack`]);
//! - `cargo charm run EVENT...`: run events through the charm as Juju would, against real
//!   Pebbles, with the hook tools answered by this binary (see [`run`]);
//! - `cargo charm profile`: the Cargo arguments of the profile `pack` builds with.
//!
//! Each subcommand lives in its own module with its `Args` and `run`; [`cli`] only lists
//! them. The pieces they share are named modules: [`charmcraft`] (`charmcraft.yaml`, read
//! through `charm-spec`), [`project`] (which Cargo package is the charm), [`build`] (Cargo),
//! [`derive`](mod@derive) (the generated YAML files), [`archive`] (the zip), [`glibc`], [`progress`].

mod archive;
mod build;
mod charmcraft;
mod cli;
mod derive;
mod error;
mod glibc;
mod manifest;
mod new;
mod pack;
mod platforms;
mod profile;
mod progress;
mod project;
mod run;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let mut args = std::env::args_os();
    if let Some(tool) = args.next().as_ref().and_then(run::tools::tool_name) {
        return run::tools::serve(tool, args.collect());
    }
    let cli = cli::Cli::parse_from(cli::strip_cargo_subcommand(std::env::args_os()));
    match cli.command.run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            progress::error(&error);
            ExitCode::FAILURE
        }
    }
}
