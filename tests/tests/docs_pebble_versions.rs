//! `docs/pebble-features.tsv` and the feature table of `docs/pebble-versions.md` say the same,
//! and every row names a real release.

// Test helpers fail loudly, like the tests that call them.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

const COLUMNS: [&str; 8] = [
    "feature", "kind", "used_by", "wire", "pebble", "juju", "older", "checked",
];

fn read(relative: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::read_to_string(root.join(relative)).unwrap()
}

/// The rows of the TSV file, header first.
fn tsv_rows() -> Vec<Vec<String>> {
    read("docs/pebble-features.tsv")
        .lines()
        .map(|line| line.split('\t').map(str::to_owned).collect())
        .collect()
}

/// The cells of one Markdown table row; `\|` is a literal bar.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cells.last_mut().unwrap().push('|');
                chars.next();
            }
            '|' => cells.push(String::new()),
            _ => cells.last_mut().unwrap().push(c),
        }
    }
    cells.into_iter().map(|c| c.trim().to_owned()).collect()
}

/// The data rows of the table under `## Features` in the doc.
fn doc_rows() -> Vec<Vec<String>> {
    let doc = read("docs/pebble-versions.md");
    let (_, features) = doc.split_once("\n## Features\n").unwrap();
    features
        .lines()
        .filter(|line| line.starts_with('|'))
        .skip(2) // header and separator
        .map(cells)
        .collect()
}

/// `v1.19.2` as numbers.
fn release(tag: &str) -> Vec<u32> {
    let digits = tag
        .strip_prefix('v')
        .unwrap_or_else(|| panic!("{tag:?} is not a release tag"));
    digits
        .split('.')
        .map(|n| {
            n.parse()
                .unwrap_or_else(|_| panic!("bad release tag {tag:?}"))
        })
        .collect()
}

/// A Juju version as numbers; `none` (no Juju ships it) sorts last.
fn juju(version: &str) -> Vec<u32> {
    if version == "none" {
        return vec![u32::MAX];
    }
    version
        .split('.')
        .map(|n| {
            n.parse()
                .unwrap_or_else(|_| panic!("bad Juju version {version:?}"))
        })
        .collect()
}

#[test]
fn the_doc_table_is_the_tsv() {
    let tsv = tsv_rows();
    assert_eq!(tsv[0], COLUMNS);
    let doc = doc_rows();
    assert_eq!(doc.len(), tsv.len() - 1, "row count");
    for (doc_row, tsv_row) in doc.iter().zip(&tsv[1..]) {
        assert_eq!(doc_row, tsv_row);
    }
}

#[test]
fn rows_are_well_formed() {
    let tsv = tsv_rows();
    let mut seen = std::collections::BTreeSet::new();
    for row in &tsv[1..] {
        assert_eq!(row.len(), COLUMNS.len(), "{row:?}");
        assert!(seen.insert(row[0].clone()), "duplicate feature {}", row[0]);
        assert!(
            [
                "endpoint",
                "option",
                "layer",
                "answer",
                "behaviour",
                "event"
            ]
            .contains(&row[1].as_str()),
            "{row:?}"
        );
        assert_eq!(release(&row[4]).len(), 3, "{row:?}");
        juju(&row[5]);
        assert!(["measured", "source"].contains(&row[7].as_str()), "{row:?}");
        assert!(row.iter().all(|cell| !cell.is_empty()), "{row:?}");
    }
}

#[test]
fn a_later_pebble_never_maps_to_an_earlier_juju() {
    let mut rows: Vec<(Vec<u32>, Vec<u32>, String)> = tsv_rows()[1..]
        .iter()
        .map(|row| (release(&row[4]), juju(&row[5]), row[0].clone()))
        .collect();
    rows.sort();
    for pair in rows.windows(2) {
        assert!(
            pair[0].1 <= pair[1].1,
            "{} (Pebble {:?}, Juju {:?}) before {} (Pebble {:?}, Juju {:?})",
            pair[0].2,
            pair[0].0,
            pair[0].1,
            pair[1].2,
            pair[1].0,
            pair[1].1
        );
    }
}

/// The fake Pebble's table of the releases that added what it varies
/// (`charm_runtime::testing::PebbleFeature`) says what the TSV says.
#[test]
fn the_fake_pebbles_features_are_the_tsv_rows() {
    use charm_runtime::testing::PebbleFeature;
    let tsv = tsv_rows();
    for feature in PebbleFeature::ALL {
        let row = tsv[1..]
            .iter()
            .find(|row| row[0] == feature.id())
            .unwrap_or_else(|| panic!("no row {} in docs/pebble-features.tsv", feature.id()));
        assert_eq!(row[4], feature.since().to_string(), "{}", feature.id());
    }
}
