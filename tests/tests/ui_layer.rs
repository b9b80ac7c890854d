//! Compile-time behaviour of `#[layer]`: layers that must compile, and mistakes that must be
//! reported with the messages in `tests/ui/fail/layer-*.stderr`.

#[test]
fn layer_ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/layer-*.rs");
    cases.compile_fail("ui/fail/layer-*.rs");
}
