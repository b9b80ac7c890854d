use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;

use super::*;
use crate::charmcraft::Project;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn tree(yaml: &str) -> Map<String, Value> {
    Project::parse(PathBuf::from("charmcraft.yaml"), yaml)
        .unwrap()
        .tree
}

fn read(text: &str) -> Value {
    charm_spec::yaml::from_str(text).unwrap()
}

const HEAD: &str = "name: web\ntype: charm\nsummary: s\ndescription: d\n";

#[test]
fn metadata_renames_title_and_flattens_links() {
    let yaml = format!(
        "{HEAD}title: Web\nlinks:\n  documentation: https://example.com\n  contact: me\n  website: [https://Example.org:443/a]\n"
    );
    let metadata = metadata(&tree(&yaml)).unwrap();
    assert_eq!(
        Value::Object(metadata),
        json!({
            "name": "web", "summary": "s", "description": "d", "display-name": "Web",
            "docs": "https://example.com/", "maintainers": ["me"],
            "website": ["https://example.org/a"],
        })
    );
}

#[test]
fn metadata_drops_build_keys_and_top_level_nulls() {
    let yaml = format!(
        "{HEAD}base: ubuntu@24.04\nplatforms:\n  amd64:\nparts: {{}}\nconfig: {{options: {{}}}}\nrequires:\nprovides:\n  db: {{interface: pg, limit: null}}\n"
    );
    let metadata = metadata(&tree(&yaml)).unwrap();
    assert_eq!(
        Value::Object(metadata),
        json!({"name": "web", "summary": "s", "description": "d",
               "provides": {"db": {"interface": "pg", "limit": null}}})
    );
}

#[test]
fn a_link_that_is_not_http_is_an_error() {
    let yaml = format!("{HEAD}links:\n  issues: ftp://example.com/x\n");
    let error = metadata(&tree(&yaml)).unwrap_err().to_string();
    assert!(error.contains("links.issues"), "{error}");
}

#[test]
fn config_and_actions_are_omitted_only_when_missing_or_empty() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = format!("{HEAD}config:\n  options: {{}}\nactions: {{}}\n");
    let generated = generate(dir.path(), &tree(&yaml)).unwrap();
    assert_eq!(
        read(generated.config.as_deref().unwrap()),
        json!({"options": {}})
    );
    assert_eq!(generated.actions, None);
    let generated = generate(dir.path(), &tree(HEAD)).unwrap();
    assert_eq!((generated.config, generated.actions), (None, None));
}

#[test]
fn generated_files_sort_keys_and_keep_multi_line_text() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = format!(
        "{HEAD}resources:\n  z: {{type: file}}\n  a: {{type: oci-image}}\nconfig:\n  options:\n    b: {{type: string, description: \"one\\ntwo\\n\"}}\n    a: {{type: int}}\n"
    );
    let generated = generate(dir.path(), &tree(&yaml)).unwrap();
    let keys: Vec<&str> = generated
        .metadata
        .lines()
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split(':').next())
        .collect();
    assert_eq!(keys, ["description", "name", "resources", "summary"]);
    let config = generated.config.unwrap();
    assert!(
        config.find("  a:").unwrap() < config.find("  b:").unwrap(),
        "{config}"
    );
    assert_eq!(read(&config)["options"]["b"]["description"], "one\ntwo\n");
}

#[test]
fn project_files_are_copied_verbatim_and_conflicts_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("metadata.yaml"), "# mine\nname: web\n").unwrap();
    std::fs::write(dir.path().join("actions.yaml"), "go: {}\n").unwrap();
    let generated = generate(dir.path(), &tree(HEAD)).unwrap();
    assert_eq!(generated.metadata, "# mine\nname: web\n");
    assert_eq!(generated.actions.as_deref(), Some("go: {}\n"));
    let yaml = format!("{HEAD}actions:\n  go: {{}}\n");
    let error = generate(dir.path(), &tree(&yaml)).unwrap_err();
    assert!(
        matches!(error, Error::Conflict { key: "actions", .. }),
        "{error:?}"
    );
}

/// Our files for `charmcraft_yaml`, compared with charmcraft's own generators.
fn assert_same_as_charmcraft(charmcraft: &charm_tests::charmcraft::Charmcraft, dir: &Path) {
    let project = Project::load(dir).unwrap();
    let generated = generate(dir, &project.tree).unwrap();
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("metadata.yaml"), &generated.metadata).unwrap();
    for (file, text) in [
        ("config.yaml", &generated.config),
        ("actions.yaml", &generated.actions),
    ] {
        if let Some(text) = text {
            std::fs::write(out.path().join(file), text).unwrap();
        }
    }
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/charmcraft/compare_generated.py");
    let output = Command::new(charmcraft.python())
        .args(["-W", "ignore"])
        .arg(script)
        .arg(&project.path)
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}: ours and charmcraft's differ:\n{}{}",
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn generated_files_equal_charmcraft_s_for_the_fixtures_and_examples() {
    let charmcraft = charm_tests::charmcraft_or_skip!();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut dirs = vec![fixture("rich"), fixture("bare")];
    for entry in std::fs::read_dir(examples).unwrap() {
        dirs.push(entry.unwrap().path());
    }
    assert!(dirs.len() >= 6, "{dirs:?}");
    for dir in dirs {
        assert_same_as_charmcraft(&charmcraft, &dir);
    }
}
