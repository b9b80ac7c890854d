//! The `#[layer]` functions of the compile-pass and compile-fail cases, the examples and
//! `tests/layer_macro.rs`, read from their source files, with what a real Pebble is expected
//! to say about each: `tests/layer_cases_pebble.rs` adds them to every tested Pebble.
//!
//! A layer's text is the string literal of its function, parsed out of the `.rs` file with
//! `syn` (the same literal the macro reads), with each `${name}` placeholder replaced by a
//! value of the parameter's type ([`extract`]). Its target is the Juju the nearest
//! `charmcraft.yaml` assumes, read by `charm_spec` as the macro reads it. Objects that a
//! layer merges into or names but does not define get a minimal definition in a base layer
//! added before it ([`base`]), as the layers of a workload image would provide.

// Test support code: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod base;
pub mod extract;
pub mod strictness;

use std::path::{Path, PathBuf};

use charm_spec::charmcraft::{Charmcraft, FILE_NAME};
use charm_spec::juju::Target;
use charm_spec::version::PebbleVersion;

pub use extract::CaseLayer;

/// What the compiler does with a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// It compiles (`tests/ui/pass`, examples, `tests/layer_macro.rs`).
    Compiles,
    /// It does not; the `.stderr` trybuild compares the compiler's output with.
    Fails {
        /// The expected compiler output.
        stderr: String,
    },
}

/// A source file with `#[layer]` functions.
#[derive(Debug, Clone)]
pub struct Case {
    /// The file, relative to the workspace root (`tests/ui/pass/layer-checks.rs`).
    pub name: String,
    /// The case's name in the strictness table: the path under `tests/ui/fail/`, without
    /// `.rs` (`juju-4.0.1/layer-log-target-syslog`).
    pub fail_name: String,
    /// Whether it compiles.
    pub expect: Expect,
    /// Its layers, in source order.
    pub layers: Vec<CaseLayer>,
}

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every case: compile-pass cases, examples and `tests/layer_macro.rs` (compiling), and
/// compile-fail cases.
pub fn all() -> Vec<Case> {
    let root = workspace();
    let mut files: Vec<(PathBuf, bool)> = Vec::new();
    for (dir, compiles) in [("tests/ui/pass", true), ("tests/ui/fail", false)] {
        for file in rust_files(&root.join(dir), 1) {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with("layer-") {
                files.push((file, compiles));
            }
        }
    }
    for example in std::fs::read_dir(root.join("examples")).unwrap() {
        let src = example.unwrap().path().join("src");
        files.extend(rust_files(&src, usize::MAX).into_iter().map(|f| (f, true)));
    }
    files.push((root.join("tests/tests/layer_macro.rs"), true));
    files.sort();
    let mut cases = Vec::new();
    for (file, compiles) in files {
        let name = relative(&file);
        let fail_name = name
            .trim_start_matches("tests/ui/fail/")
            .trim_end_matches(".rs")
            .to_owned();
        let expect = if compiles {
            Expect::Compiles
        } else {
            let stderr = std::fs::read_to_string(file.with_extension("stderr"))
                .unwrap_or_else(|e| panic!("{name}: no .stderr: {e}"));
            Expect::Fails { stderr }
        };
        let layers = extract::layers(&file);
        // A compiling file without layers (a `main.rs`) is no case; a failing one is.
        if !(compiles && layers.is_empty()) {
            cases.push(Case {
                name,
                fail_name,
                expect,
                layers,
            });
        }
    }
    cases
}

/// `.rs` files under `dir`, `depth` directory levels deep at most.
fn rust_files(dir: &Path, depth: usize) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() && depth > 0 {
            found.extend(rust_files(&path, depth - 1));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
    found
}

/// `file` relative to the workspace root.
fn relative(file: &Path) -> String {
    let root = workspace().canonicalize().unwrap();
    let file = file.canonicalize().unwrap();
    file.strip_prefix(&root)
        .unwrap_or(&file)
        .to_string_lossy()
        .into_owned()
}

/// The target of a layer in `file` (with `metadata`, the path its attribute gives): the
/// `assumes` of that `charmcraft.yaml` or the nearest one, as the macro finds it; the oldest
/// supported Juju without one, or when it cannot be read (a case about a broken file).
pub fn target(file: &Path, metadata: Option<&str>) -> Target {
    let dir = file.parent().unwrap();
    let charmcraft = match metadata {
        Some(path) => Some(dir.join(path)).filter(|path| path.is_file()),
        None => dir
            .ancestors()
            .map(|dir| dir.join(FILE_NAME))
            .find(|path| path.is_file()),
    };
    let Some(charmcraft) = charmcraft else {
        return Target::oldest_supported();
    };
    let text = std::fs::read_to_string(charmcraft).unwrap();
    Charmcraft::read_assumes(&text)
        .ok()
        .and_then(|assumes| Target::from_assumes(&assumes).ok())
        .unwrap_or_else(Target::oldest_supported)
}

/// The newest Pebble a compile-fail case's errors say its layer needs (`needs Pebble
/// v1.24.0`), when every error of its `.stderr` is such a version error: the case is
/// rejected only for lack of that Pebble.
pub fn only_needs(stderr: &str) -> Option<PebbleVersion> {
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("error"))
        .collect();
    let mut newest: Option<PebbleVersion> = None;
    for error in &errors {
        let (_, after) = error.split_once("needs Pebble ")?;
        let version = after.split([',', ' ', ';']).next()?.parse().ok()?;
        newest = newest.max(Some(version));
    }
    newest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_errors_name_the_pebble_they_need() {
        let one = "error: a.b (line 1): x needs Pebble v1.19.0, but y\n  --> f.rs\n";
        assert_eq!(only_needs(one), Some(PebbleVersion::new(1, 19, 0)));
        let two = format!("{one}error: c needs Pebble v1.24.0, which no\n");
        assert_eq!(only_needs(&two), Some(PebbleVersion::new(1, 24, 0)));
        let mixed = format!("{one}error: c (line 2): unknown field\n");
        assert_eq!(only_needs(&mixed), None);
        assert_eq!(only_needs(""), None);
    }
}
