//! Compile-time behaviour of `#[charm]` and `#[on]`: charms that must compile, and mistakes
//! that must be reported with the messages in `tests/ui/fail/charm-*.stderr`.

#[test]
fn charm_ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/charm-*.rs");
    cases.compile_fail("ui/fail/charm-*.rs");
    // Alone in its directory: no charmcraft.yaml in it or above it.
    cases.compile_fail("ui/nometa/charm-*.rs");
}

/// `docs/macros.md` quotes every message of the `#[interface]` fail cases as the compiler
/// prints it, so a changed message makes the page fail here, not drift.
#[test]
fn macros_page_quotes_the_interface_messages() {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = std::fs::read_to_string(manifest.join("../docs/macros.md")).unwrap();
    let mut quoted = 0;
    for entry in std::fs::read_dir(manifest.join("ui/fail")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with("charm-interface-") && name.ends_with(".stderr")) {
            continue;
        }
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            let message = line
                .strip_prefix("error[E0080]: evaluation panicked: ")
                .or_else(|| line.strip_prefix("error[E0277]: "))
                .or_else(|| line.strip_prefix("error: "));
            if let Some(message) = message {
                assert!(page.contains(message), "docs/macros.md lacks: {message}");
                quoted += 1;
            }
        }
    }
    assert!(quoted >= 10, "only {quoted} messages found");
}
