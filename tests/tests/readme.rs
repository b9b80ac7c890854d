//! The README shows the pause example as it is.

use std::path::Path;

#[test]
fn readme_shows_the_pause_example_verbatim() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let source = std::fs::read_to_string(root.join("examples/pause/src/lib.rs")).unwrap();
    let marker = "<!-- example: examples/pause/src/lib.rs -->\n```rust\n";
    let start = readme.find(marker).expect("README marks the pause example") + marker.len();
    let end = start + readme[start..].find("\n```").expect("the block ends");
    let shown = &readme[start..end];
    // The README leaves out the module docs and the doctest hook at the end of the file.
    let code = source
        .lines()
        .skip_while(|line| line.starts_with("//!") || line.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        code.starts_with(shown),
        "README's pause block differs from examples/pause/src/lib.rs:\n{shown}"
    );
}
