//! The real charmcraft 4.5.0, installed in a virtualenv by `scripts/install-charmcraft.sh`,
//! to check packed charms with `charmcraft analyse` and to run charmcraft's own generators.
//!
//! The virtualenv is `$CHARMCRAFT_VENV` (set by `scripts/test.sh`). When it is missing the
//! test is skipped with a message, unless `CHARM_TEST_REQUIRE_PEBBLE=1` (CI), when it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::REQUIRE_PEBBLE;

/// The variable naming the virtualenv.
pub const VENV_VAR: &str = "CHARMCRAFT_VENV";

/// The charmcraft release the archives are checked against.
pub const VERSION: &str = "4.5.0";

/// A virtualenv with charmcraft installed.
#[derive(Debug, Clone)]
pub struct Charmcraft {
    venv: PathBuf,
}

/// Finds charmcraft, or skips the test (returns from it) when it is not installed.
#[macro_export]
macro_rules! charmcraft_or_skip {
    () => {
        match $crate::charmcraft::Charmcraft::find() {
            Some(charmcraft) => charmcraft,
            None => return,
        }
    };
}

/// One result of `charmcraft analyse --format json`.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Check {
    /// The checker's name (`language`, `metadata`, ...).
    pub name: String,
    /// `ok`, `warning`, `error`, `fatal`, `nonapplicable`, `unknown`, ...
    pub result: String,
    /// `attribute` or `lint`.
    pub check_type: String,
    /// The checker's explanation.
    #[serde(default)]
    pub text: String,
}

impl Charmcraft {
    /// The virtualenv of `$CHARMCRAFT_VENV` when it has charmcraft; `None` (after saying
    /// why) otherwise, unless `CHARM_TEST_REQUIRE_PEBBLE=1`, which panics.
    pub fn find() -> Option<Self> {
        let venv = std::env::var_os(VENV_VAR).map(PathBuf::from);
        let found = venv.filter(|v| v.join("bin/charmcraft").is_file());
        if found.is_none() {
            let why = format!(
                "no charmcraft virtualenv in ${VENV_VAR} (run scripts/install-charmcraft.sh, or scripts/test.sh)"
            );
            if std::env::var(REQUIRE_PEBBLE).is_ok_and(|v| v == "1") {
                panic!("{REQUIRE_PEBBLE}=1 but {why}");
            }
            eprintln!("skipping: {why}");
        }
        found.map(|venv| Self { venv })
    }

    /// The virtualenv's Python, which can import charmcraft.
    pub fn python(&self) -> PathBuf {
        self.venv.join("bin/python")
    }

    /// `charmcraft analyse --format json CHARM`: every check's result.
    pub fn analyse(&self, charm: &Path) -> Vec<Check> {
        let output = Command::new(self.venv.join("bin/charmcraft"))
            .arg("analyse")
            .arg("--format")
            .arg("json")
            .arg(charm)
            .env("XDG_RUNTIME_DIR", std::env::temp_dir())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!(
                "charmcraft analyse {} ({}): not JSON ({e}): {stdout}\n{}",
                charm.display(),
                output.status,
                String::from_utf8_lossy(&output.stderr)
            )
        })
    }
}
