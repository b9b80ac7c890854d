//! `cargo charm pack` fails clearly: a missing or invalid `charmcraft.yaml` names the file
//! and line, and a charm that does not compile shows the compiler's messages.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;

use support::{cargo_charm, text};

const CHARMCRAFT: &str = "name: tiny\ntype: charm\nsummary: s\ndescription: d\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  charm:\n    plugin: rust\n    source: .\n    organize:\n      bin/tiny: dispatch\n";

/// A crate without dependencies, with `main` and (when given) `charmcraft.yaml`.
fn tiny_crate(dir: &Path, main: &str, charmcraft: Option<&str>) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"tiny\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n",
    )
    .unwrap();
    std::fs::write(dir.join("src/main.rs"), main).unwrap();
    if let Some(yaml) = charmcraft {
        std::fs::write(dir.join("charmcraft.yaml"), yaml).unwrap();
    }
}

#[test]
fn a_missing_charmcraft_yaml_says_where_it_was_looked_for() {
    let dir = tempfile::tempdir().unwrap();
    tiny_crate(dir.path(), "fn main() {}\n", None);
    let output = cargo_charm(dir.path(), &["pack"]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    let expected = format!(
        "error: no charmcraft.yaml in {}: a charm crate has its charmcraft.yaml beside its Cargo.toml\n",
        dir.path().canonicalize().unwrap().display()
    );
    assert_eq!(stderr, expected);
}

#[test]
fn an_invalid_charmcraft_yaml_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = CHARMCRAFT.replace("platforms:\n  amd64:\n", "platforms: [amd64\n");
    tiny_crate(dir.path(), "fn main() {}\n", Some(&yaml));
    let output = cargo_charm(dir.path(), &["pack"]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    let path = dir.path().canonicalize().unwrap().join("charmcraft.yaml");
    assert!(
        stderr.starts_with(&format!("error: {}:", path.display())),
        "{stderr}"
    );
    let line: u32 = stderr
        .trim_start_matches(&format!("error: {}:", path.display()))
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("no line number: {stderr}"));
    assert!((6..=8).contains(&line), "{stderr}");
}

#[test]
fn parts_without_a_dispatch_binary_are_refused_before_building() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = CHARMCRAFT.replace("bin/tiny: dispatch", "bin/tiny: bin/tiny");
    tiny_crate(dir.path(), "fn main() {}\n", Some(&yaml));
    let output = cargo_charm(dir.path(), &["pack"]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("charmcraft.yaml:9: no part organizes the charm binary as `dispatch`"),
        "{stderr}"
    );
    assert!(!stderr.contains("Building"), "{stderr}");
}

#[test]
fn a_compile_error_is_shown_and_nothing_is_packed() {
    let dir = tempfile::tempdir().unwrap();
    tiny_crate(
        dir.path(),
        "fn main() {\n    let x: u32 = \"not a number\";\n}\n",
        Some(CHARMCRAFT),
    );
    let output = cargo_charm(dir.path(), &["pack"]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("Building tiny (binary tiny, profile charm, target "),
        "{stderr}"
    );
    assert!(
        stderr.contains("error[E0308]: mismatched types"),
        "{stderr}"
    );
    assert!(stderr.contains("src/main.rs:2:18"), "{stderr}");
    assert!(
        stderr.contains("error: cargo build of tiny failed"),
        "{stderr}"
    );
    assert!(!dir.path().join("tiny_amd64.charm").exists());
}

#[test]
fn a_target_that_is_not_installed_is_named_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    tiny_crate(dir.path(), "fn main() {}\n", Some(CHARMCRAFT));
    let output = cargo_charm(
        dir.path(),
        &["pack", "--target", "sparc64-unknown-linux-gnu"],
    );
    assert!(!output.status.success());
    assert_eq!(
        text(&output.stderr),
        "error: the Rust standard library for sparc64-unknown-linux-gnu is not installed: run \
         `rustup target add sparc64-unknown-linux-gnu` (or pack with --target for an installed \
         target, such as the host's *-linux-gnu)\n"
    );
}

/// The glibc a binary linked against this machine's glibc needs, from pack's report.
fn glibc_needed(stderr: &str) -> (u32, u32) {
    let rest = stderr
        .split("Checked dispatch needs glibc ")
        .nth(1)
        .unwrap_or_else(|| panic!("{stderr}"));
    let version = rest.split(';').next().unwrap();
    let (major, minor) = version.split_once('.').unwrap();
    (major.parse().unwrap(), minor.parse().unwrap())
}

#[test]
fn a_glibc_binary_is_checked_against_each_base() {
    let dir = tempfile::tempdir().unwrap();
    tiny_crate(dir.path(), "fn main() {}\n", Some(CHARMCRAFT));
    let gnu = "x86_64-unknown-linux-gnu";
    let output = cargo_charm(dir.path(), &["pack", "--target", gnu]);
    support::assert_success(&output, "cargo charm pack --target gnu");
    let stderr = text(&output.stderr);
    assert!(stderr.contains("; ubuntu@24.04 has 2.39"), "{stderr}");
    let needs = glibc_needed(&stderr);
    assert!(needs <= (2, 39), "{stderr}");

    // The same binary on ubuntu@20.04 (glibc 2.31): refused when it needs more.
    std::fs::write(
        dir.path().join("charmcraft.yaml"),
        CHARMCRAFT.replace("ubuntu@24.04", "ubuntu@20.04"),
    )
    .unwrap();
    std::fs::remove_file(dir.path().join("tiny_amd64.charm")).unwrap();
    let output = cargo_charm(dir.path(), &["pack", "--target", gnu]);
    let stderr = text(&output.stderr);
    if needs > (2, 31) {
        assert!(!output.status.success(), "{stderr}");
        let expected = format!(
            "error: the charm binary needs glibc {}.{} but ubuntu@20.04 has 2.31",
            needs.0, needs.1
        );
        assert!(stderr.contains(&expected), "{stderr}");
        assert!(!dir.path().join("tiny_amd64.charm").exists());
    } else {
        support::assert_success(&output, "cargo charm pack for ubuntu@20.04");
    }
}

#[test]
fn a_tiny_charm_packs_with_another_profile() {
    let dir = tempfile::tempdir().unwrap();
    tiny_crate(dir.path(), "fn main() {}\n", Some(CHARMCRAFT));
    let output = cargo_charm(dir.path(), &["pack", "--profile", "dev"]);
    support::assert_success(&output, "cargo charm pack --profile dev");
    assert!(text(&output.stderr).contains("profile dev"));
    assert!(dir.path().join("tiny_amd64.charm").is_file());
}
