//! `cargo charm profile`: prints the Cargo arguments that define the `charm` profile, one per
//! line, to build something else exactly as `pack` builds a charm:
//!
//! ```sh
//! mapfile -t profile < <(cargo charm profile)
//! cargo build --bin my-tool --profile charm "${profile[@]}"
//! ```

use crate::build::{CHARM_PROFILE, CHARM_PROFILE_SETTINGS};
use crate::error::Error;

/// Options of `cargo charm profile` (none).
#[derive(Debug, clap::Args)]
pub struct Args {}

/// The `--config` arguments, as `pack` passes them.
pub fn config_args() -> Vec<String> {
    CHARM_PROFILE_SETTINGS
        .iter()
        .flat_map(|(key, value)| {
            [
                "--config".to_owned(),
                format!("profile.{CHARM_PROFILE}.{key}={value}"),
            ]
        })
        .collect()
}

/// Prints them.
pub fn run(_: &Args) -> Result<(), Error> {
    for arg in config_args() {
        println!("{arg}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_setting_is_a_config_pair_of_the_charm_profile() {
        let args = super::config_args();
        assert_eq!(args.len() % 2, 0);
        for pair in args.chunks(2) {
            assert_eq!(pair[0], "--config");
            assert!(pair[1].starts_with("profile.charm."), "{}", pair[1]);
        }
        assert!(args.contains(&"profile.charm.strip=true".to_owned()));
    }
}
