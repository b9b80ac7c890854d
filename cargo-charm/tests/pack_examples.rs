//! `cargo charm pack` on every example, in place in the workspace: the archive has
//! charmcraft's layout, `charmcraft analyse` reports no error or warning, and the generated
//! files equal what charmcraft's own generators produce.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use support::{ZipEntry, assert_success, cargo_charm, entries, text, unzip, workspace};

/// The examples: every directory of `examples/`.
fn examples() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(workspace().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_example_packs_in_place_and_charmcraft_accepts_it() {
    let charmcraft = charm_tests::charmcraft_or_skip!();
    let out = tempfile::tempdir().unwrap();
    let examples = examples();
    assert!(examples.len() >= 4, "{examples:?}");
    for name in &examples {
        let dir = workspace().join("examples").join(name);
        // From the workspace root, choosing the package, as `cargo build -p` does.
        let output = cargo_charm(
            &workspace(),
            &["pack", "-p", name, "--output", out.path().to_str().unwrap()],
        );
        assert_success(&output, &format!("cargo charm pack -p {name}"));
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains("target x86_64-unknown-linux-musl)"),
            "{stderr}"
        );
        assert!(
            stderr.contains("Checked dispatch is statically linked: needs no glibc"),
            "{stderr}"
        );

        let charm = out.path().join(format!("{name}_amd64.charm"));
        let entries = entries(&charm);
        let mut expected = vec![
            ZipEntry {
                name: "dispatch".into(),
                mode: Some(0o100_755),
            },
            ZipEntry {
                name: "metadata.yaml".into(),
                mode: Some(0o100_644),
            },
        ];
        // charmcraft writes actions.yaml only for a charm that declares actions.
        let project = std::fs::read_to_string(dir.join("charmcraft.yaml")).unwrap();
        if project.lines().any(|line| line.starts_with("actions:")) {
            expected.push(ZipEntry {
                name: "actions.yaml".into(),
                mode: Some(0o100_644),
            });
        }
        expected.push(ZipEntry {
            name: "config.yaml".into(),
            mode: Some(0o100_644),
        });
        expected.push(ZipEntry {
            name: "manifest.yaml".into(),
            mode: Some(0o100_644),
        });
        assert_eq!(entries, expected, "{name}");

        let (language, framework) = support::assert_analyse_clean(&charmcraft, &charm);
        assert_eq!(
            (language.as_str(), framework.as_str()),
            ("unknown", "unknown")
        );

        let unzipped = tempfile::tempdir().unwrap();
        unzip(&charm, unzipped.path());
        support::assert_same_as_charmcraft(
            &charmcraft,
            &dir.join("charmcraft.yaml"),
            unzipped.path(),
        );
        let manifest = std::fs::read_to_string(unzipped.path().join("manifest.yaml")).unwrap();
        assert!(
            manifest.starts_with("charmcraft-version: \"4.5.0\"\n"),
            "{manifest}"
        );
        assert!(
            manifest
                .contains("- name: ubuntu\n  channel: \"24.04\"\n  architectures:\n  - amd64\n"),
            "{manifest}"
        );
    }
}

#[test]
fn pack_in_the_charm_s_directory_needs_no_package_flag() {
    let dir = workspace().join("examples/pause");
    let out = tempfile::tempdir().unwrap();
    let relative = out.path().join("charms");
    let output = cargo_charm(&dir, &["pack", "-o", relative.to_str().unwrap()]);
    assert_success(&output, "cargo charm pack in examples/pause");
    assert!(relative.join("pause_amd64.charm").is_file());
    assert!(!dir.join("pause_amd64.charm").exists());
}
