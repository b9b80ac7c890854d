//! `charm_spec::pebble::FEATURES`, the table the runtime and the macros read, says exactly
//! what `docs/pebble-features.tsv` says: same rows, same order, same versions.

// Test helpers fail loudly, like the tests that call them.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use charm_spec::pebble::FEATURES;
use charm_spec::version::JujuVersion;

fn tsv() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::read_to_string(root.join("docs/pebble-features.tsv")).unwrap()
}

/// The doc writes `2.9` for `2.9.0`: read it as a release, as the code prints one.
fn normalise_juju(cell: &str) -> String {
    if cell == "none" {
        return cell.to_owned();
    }
    cell.parse::<JujuVersion>().unwrap().to_string()
}

#[test]
fn the_code_table_is_the_doc_table() {
    let text = tsv();
    let doc: Vec<(String, String, String, String)> = text
        .lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            (
                cells[0].to_owned(),
                cells[1].to_owned(),
                cells[4].to_owned(),
                normalise_juju(cells[5]),
            )
        })
        .collect();
    let code: Vec<(String, String, String, String)> = FEATURES
        .iter()
        .map(|f| {
            (
                f.id.to_owned(),
                f.kind.as_str().to_owned(),
                f.pebble.to_string(),
                f.juju()
                    .map_or_else(|| "none".to_owned(), |j| j.to_string()),
            )
        })
        .collect();
    for (doc_row, code_row) in doc.iter().zip(&code) {
        assert_eq!(doc_row, code_row, "the first row that differs");
    }
    assert_eq!(
        doc.len(),
        code.len(),
        "rows in the doc vs in charm_spec::pebble"
    );
}

#[test]
fn every_feature_id_is_unique() {
    let mut ids: Vec<&str> = FEATURES.iter().map(|f| f.id).collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, ids.len());
}
