//! Compile-time behaviour of `#[layer]`: layers that must compile, and mistakes that must be
//! reported with the messages in `tests/ui/fail/**/layer-*.stderr`. Cases in a sub-directory
//! are checked for the Juju its `charmcraft.yaml` assumes; the others for the one in
//! `ui/{pass,fail}/charmcraft.yaml` (no `assumes`: the oldest supported Juju).

#[test]
fn layer_ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/layer-*.rs");
    cases.pass("ui/pass/*/layer-*.rs");
    cases.compile_fail("ui/fail/layer-*.rs");
    cases.compile_fail("ui/fail/*/layer-*.rs");
}
