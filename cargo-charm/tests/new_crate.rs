//! `cargo charm new` writes a crate that builds, passes its own tests and packs, unchanged,
//! into a charm that charmcraft accepts.
//!
//! The crate shares this workspace's target directory (and, through the `Cargo.lock` that
//! `new` copies, the same dependency versions), so only the new crate itself is compiled.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::process::Command;

use support::{ZipEntry, assert_success, cargo_charm, entries, target_dir, text, unzip};

#[test]
fn a_new_crate_builds_passes_its_tests_and_packs() {
    let charmcraft = charm_tests::charmcraft_or_skip!();
    let root = tempfile::tempdir().unwrap();
    let output = cargo_charm(
        root.path(),
        &[
            "new",
            "my-web",
            "--container",
            "web",
            "--container",
            "log-shipper",
        ],
    );
    assert_success(&output, "cargo charm new");
    let stdout = text(&output.stdout);
    assert!(stdout.contains("Next steps:\n  cd my-web\n"), "{stdout}");
    assert!(
        stdout.contains("--resource web-image=IMAGE --resource log-shipper-image=IMAGE"),
        "{stdout}"
    );
    let dir = root.path().join("my-web");
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let runtime = support::workspace()
        .join("charm-runtime")
        .canonicalize()
        .unwrap();
    assert!(
        manifest.contains(&format!("path = \"{}\"", runtime.display())),
        "{manifest}"
    );
    for file in [
        "charmcraft.yaml",
        "src/lib.rs",
        "src/main.rs",
        "tests/charm.rs",
        ".gitignore",
        "Cargo.lock",
    ] {
        assert!(dir.join(file).is_file(), "{file}");
    }

    let test = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["test", "--quiet"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .unwrap();
    assert_success(&test, "cargo test in the new crate");
    let stdout = text(&test.stdout);
    assert!(stdout.contains("test result: ok. 3 passed"), "{stdout}");

    let output = cargo_charm(&dir, &["pack"]);
    assert_success(&output, "cargo charm pack in the new crate");
    let charm = dir.join("my-web_amd64.charm");
    let names: Vec<String> = entries(&charm)
        .into_iter()
        .map(|e: ZipEntry| e.name)
        .collect();
    assert_eq!(
        names,
        [
            "dispatch",
            "metadata.yaml",
            "actions.yaml",
            "config.yaml",
            "manifest.yaml"
        ]
    );
    let (language, framework) = support::assert_analyse_clean(&charmcraft, &charm);
    assert_eq!(
        (language.as_str(), framework.as_str()),
        ("unknown", "unknown")
    );
    let unzipped = tempfile::tempdir().unwrap();
    unzip(&charm, unzipped.path());
    support::assert_same_as_charmcraft(&charmcraft, &dir.join("charmcraft.yaml"), unzipped.path());
}

#[test]
fn new_refuses_an_existing_directory_and_bad_names() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join("taken")).unwrap();
    let output = cargo_charm(root.path(), &["new", "taken"]);
    assert!(!output.status.success());
    assert_eq!(text(&output.stderr), "error: taken already exists\n");

    let output = cargo_charm(root.path(), &["new", "Web_Charm"]);
    assert!(!output.status.success());
    assert!(text(&output.stderr).contains("charm name \"Web_Charm\" is not valid"));
    let output = cargo_charm(
        root.path(),
        &["new", "web", "--container", "db", "--container", "db"],
    );
    assert_eq!(
        text(&output.stderr),
        "error: container \"db\" is given twice\n"
    );
    assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1);
}

#[test]
fn new_with_a_git_source_names_it_in_cargo_toml() {
    let root = tempfile::tempdir().unwrap();
    let output = cargo_charm(
        root.path(),
        &[
            "new",
            "web",
            "--runtime-git",
            "https://example.com/charm-rs.git",
            "--rev",
            "v0.1.0",
        ],
    );
    assert_success(&output, "cargo charm new --runtime-git");
    let manifest = std::fs::read_to_string(root.path().join("web/Cargo.toml")).unwrap();
    assert!(
        manifest.contains(
            r#"charm-runtime = { git = "https://example.com/charm-rs.git", rev = "v0.1.0" }"#
        ),
        "{manifest}"
    );
    assert!(manifest.contains(r#"features = ["testing"]"#), "{manifest}");
    // Nothing fetched, so no lock file.
    assert!(!root.path().join("web/Cargo.lock").exists());
}
