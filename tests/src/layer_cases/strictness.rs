//! The one list of compile-fail cases whose layer Pebble accepts: the table under
//! [`HEADING`] in `docs/layer-checks.md`, with the Pebble releases that accept each layer and
//! why `#[layer]` rejects it anyway.

use charm_spec::version::PebbleVersion;

/// The heading of the table in `docs/layer-checks.md`.
pub const HEADING: &str = "## Where `#[layer]` is stricter than Pebble";

/// A row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exception {
    /// The case: its path under `tests/ui/fail/`, without `.rs`.
    pub case: String,
    /// Which Pebble releases accept its layer.
    pub accepts: Accepts,
    /// Why `#[layer]` rejects it.
    pub reason: String,
}

/// The Pebble releases that accept a layer: `all`, `no layer` (the case has no layer text to
/// send), or ranges such as `below v1.23.0, from v1.27.0` and `from v1.19.0 below v1.23.0`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepts {
    /// The case has no layer literal.
    NoLayer,
    /// Releases in these ranges (`from`, `below`), a missing bound being open.
    Ranges(Vec<(Option<PebbleVersion>, Option<PebbleVersion>)>),
}

impl Accepts {
    /// Reads the cell.
    ///
    /// # Panics
    ///
    /// When the cell is none of the forms above.
    pub fn parse(cell: &str) -> Self {
        match cell {
            "no layer" => return Self::NoLayer,
            "all" => return Self::Ranges(vec![(None, None)]),
            _ => {}
        }
        let ranges = cell
            .split(", ")
            .map(|range| {
                let words: Vec<&str> = range.split(' ').collect();
                let version = |text: &str| -> PebbleVersion {
                    text.parse().unwrap_or_else(|e| panic!("{cell:?}: {e}"))
                };
                match words.as_slice() {
                    ["from", from] => (Some(version(from)), None),
                    ["below", below] => (None, Some(version(below))),
                    ["from", from, "below", below] => (Some(version(from)), Some(version(below))),
                    _ => panic!(
                        "{cell:?}: expected `all`, `no layer` or `from vX`/`below vX` ranges"
                    ),
                }
            })
            .collect();
        Self::Ranges(ranges)
    }

    /// Whether `pebble` accepts the layer.
    pub fn accepts(&self, pebble: PebbleVersion) -> bool {
        match self {
            Self::NoLayer => false,
            Self::Ranges(ranges) => ranges.iter().any(|(from, below)| {
                from.is_none_or(|from| pebble >= from) && below.is_none_or(|below| pebble < below)
            }),
        }
    }
}

/// The rows of the table in `text` (the content of `docs/layer-checks.md`); cells are
/// unwrapped from backquotes.
///
/// # Panics
///
/// When the heading or the table is missing, or a row is malformed.
pub fn read(text: &str) -> Vec<Exception> {
    let (_, section) = text
        .split_once(&format!("\n{HEADING}\n"))
        .unwrap_or_else(|| panic!("no {HEADING:?} section"));
    let rows: Vec<Exception> = section
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2) // header and separator
        .map(|line| {
            let cells: Vec<&str> = line
                .trim()
                .trim_matches('|')
                .split(" | ")
                .map(|cell| cell.trim().trim_matches('`'))
                .collect();
            let [case, accepts, reason] = cells.as_slice() else {
                panic!("a row has three cells: {line}")
            };
            Exception {
                case: (*case).to_owned(),
                accepts: Accepts::parse(accepts),
                reason: (*reason).to_owned(),
            }
        })
        .collect();
    assert!(!rows.is_empty(), "the table under {HEADING:?} is empty");
    rows
}

/// The table of `docs/layer-checks.md`.
pub fn table() -> Vec<Exception> {
    let path = super::workspace().join("docs/layer-checks.md");
    read(&std::fs::read_to_string(path).unwrap())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_and_ranges() {
        let text = format!(
            "# x\n\n{HEADING}\n\nWhy.\n\n| case | Pebble accepts it | why |\n|---|---|---|\n\
             | `layer-a` | all | A. |\n| `d/layer-b` | below v1.23.0, from v1.27.0 | B. |\n\
             | `layer-c` | no layer | C. |\n\nAfter.\n"
        );
        let rows = read(&text);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].case, "d/layer-b");
        let v = |minor| PebbleVersion::new(1, minor, 0);
        assert!(rows[0].accepts.accepts(v(16)));
        assert!(rows[1].accepts.accepts(v(16)));
        assert!(!rows[1].accepts.accepts(v(26)));
        assert!(rows[1].accepts.accepts(v(32)));
        assert!(!rows[2].accepts.accepts(v(32)));
        assert_eq!(
            Accepts::parse("from v1.19.0 below v1.23.0"),
            Accepts::Ranges(vec![(Some(v(19)), Some(v(23)))])
        );
    }
}
