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
