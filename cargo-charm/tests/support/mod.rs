//! Shared by the packing tests: running `cargo charm`, unzipping a `.charm` as Juju does,
//! and checking it with the real charmcraft.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs::File;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use charm_tests::charmcraft::Charmcraft;

/// The workspace's root directory.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The target directory this test was built in (`<target>/debug/deps/<test>`), which the
/// charms built by the tests share so that nothing is compiled twice.
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.ancestors().nth(3).unwrap().to_path_buf()
}

/// The Pebble that `cargo charm run` starts, or `None` to skip (a failure with
/// `CHARM_TEST_REQUIRE_PEBBLE=1`).
pub fn pebble() -> Option<PathBuf> {
    let found = charm_tests::pebble_binary();
    if found.is_none() {
        assert!(
            std::env::var(charm_tests::REQUIRE_PEBBLE).as_deref() != Ok("1"),
            "no pebble binary and {}=1",
            charm_tests::REQUIRE_PEBBLE
        );
        eprintln!("skipped: no pebble binary");
    }
    found
}

/// `cargo charm ARGS` in `dir`, as Cargo runs it (with the extra `charm` argument).
pub fn cargo_charm(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cargo-charm"))
        .arg("charm")
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .unwrap()
}

/// Text of an output stream.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts that the command succeeded, showing its output otherwise.
pub fn assert_success(output: &Output, what: &str) {
    assert!(
        output.status.success(),
        "{what} failed ({}):\n{}\n{}",
        output.status,
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// One entry of a packed charm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipEntry {
    /// Its name.
    pub name: String,
    /// Its Unix mode (type and permission bits).
    pub mode: Option<u32>,
}

/// The entries of the `.charm` at `path`, in archive order.
pub fn entries(path: &Path) -> Vec<ZipEntry> {
    let mut zip = zip::ZipArchive::new(File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let entry = zip.by_index(i).unwrap();
            ZipEntry {
                name: entry.name().to_owned(),
                mode: entry.unix_mode(),
            }
        })
        .collect()
}

/// Extracts the `.charm` into `dir` as Juju does: each file with the permission bits of its
/// entry.
pub fn unzip(path: &Path, dir: &Path) {
    let mut zip = zip::ZipArchive::new(File::open(path).unwrap()).unwrap();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let out = dir.join(entry.enclosed_name().unwrap());
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        let mut file = File::create(&out).unwrap();
        std::io::copy(&mut entry, &mut file).unwrap();
        let mode = entry.unix_mode().unwrap() & 0o777;
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(mode)).unwrap();
    }
}

/// Asserts that `charmcraft analyse` finds no error, fatal or warning in the charm; returns
/// the `language` and `framework` attributes.
pub fn assert_analyse_clean(charmcraft: &Charmcraft, charm: &Path) -> (String, String) {
    let checks = charmcraft.analyse(charm);
    assert!(checks.len() >= 8, "{checks:?}");
    for check in &checks {
        assert!(
            !matches!(check.result.as_str(), "error" | "fatal" | "warning"),
            "{}: charmcraft analyse: {} is {}: {}",
            charm.display(),
            check.name,
            check.result,
            check.text
        );
    }
    let attribute = |name: &str| {
        checks
            .iter()
            .find(|c| c.name == name && c.check_type == "attribute")
            .map(|c| c.result.clone())
            .unwrap()
    };
    (attribute("language"), attribute("framework"))
}

/// Asserts that the generated files in `unzipped` are what charmcraft's own generators
/// make of `charmcraft_yaml`.
pub fn assert_same_as_charmcraft(charmcraft: &Charmcraft, charmcraft_yaml: &Path, unzipped: &Path) {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/charmcraft/compare_generated.py");
    let output = Command::new(charmcraft.python())
        .args(["-W", "ignore"])
        .arg(script)
        .arg(charmcraft_yaml)
        .arg(unzipped)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}: ours and charmcraft's differ:\n{}{}",
        charmcraft_yaml.display(),
        text(&output.stdout),
        text(&output.stderr)
    );
}
