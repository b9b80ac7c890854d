//! Compiles ⇒ Pebble accepts. Every layer of every compile-pass case (`tests/ui/pass`), of
//! every example and of `tests/layer_macro.rs` is added to a real Pebble, on top of a base
//! that defines what it merges into or names as external, and must be accepted by every
//! tested Pebble at or after the one its `assumes` targets. Every compile-fail case's layer
//! must be rejected, except where the table of `docs/layer-checks.md` says Pebble accepts it
//! (`#[layer]` is stricter on purpose) and, for a case rejected only for lack of a newer
//! Pebble (`needs Pebble vX` in its `.stderr`), by the Pebbles from that version on.
//!
//! The Pebbles tested: `PEBBLE_BIN` (or `pebble` on `PATH`) and each binary listed in
//! `CHARM_TEST_PEBBLES` (space-separated; `scripts/test.sh` sets it to the releases
//! supported Juju versions ship). With `CHARM_TEST_REQUIRE_PEBBLE=1` a missing binary, or a
//! Pebble a supported Juju ships without a binary of that release, fails the test.

// Test helpers fail loudly, like the tests that call them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

use charm_runtime::pebble::Error;
use charm_spec::juju;
use charm_spec::layer::Layer;
use charm_spec::version::PebbleVersion;
use charm_tests::layer_cases::strictness::{self, Accepts, Exception};
use charm_tests::layer_cases::{self, Case, CaseLayer, Expect, base};
use charm_tests::{REQUIRE_PEBBLE, RealPebble, pebble_binary};

/// A Pebble binary and its release.
#[derive(Debug, Clone)]
struct Binary {
    version: PebbleVersion,
    path: PathBuf,
}

fn version_of(path: &PathBuf) -> PebbleVersion {
    let output = Command::new(path)
        .args(["version", "--client"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", path.display()));
    let text = String::from_utf8(output.stdout).unwrap();
    text.trim()
        .parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The Pebbles to test, oldest first, one per release.
fn binaries() -> Vec<Binary> {
    let strict = std::env::var(REQUIRE_PEBBLE).is_ok_and(|v| v == "1");
    let mut paths: Vec<PathBuf> = pebble_binary().into_iter().collect();
    if let Ok(list) = std::env::var("CHARM_TEST_PEBBLES") {
        paths.extend(list.split_whitespace().map(PathBuf::from));
    }
    let mut found: BTreeMap<PebbleVersion, PathBuf> = BTreeMap::new();
    for path in paths {
        found.entry(version_of(&path)).or_insert(path);
    }
    let binaries: Vec<Binary> = found
        .into_iter()
        .map(|(version, path)| Binary { version, path })
        .collect();
    // Each Pebble a supported Juju ships, by a binary of that release (a later patch of it
    // is the same features).
    let missing: Vec<String> = juju::supported_pebbles()
        .into_iter()
        .filter(|shipped| {
            !binaries.iter().any(|b| {
                (b.version.major, b.version.minor) == (shipped.major, shipped.minor)
                    && b.version >= *shipped
            })
        })
        .map(|shipped| shipped.to_string())
        .collect();
    if !missing.is_empty() {
        let message = format!(
            "no binary of Pebble {} (shipped by supported Juju releases); run \
             scripts/test.sh, which installs them and sets CHARM_TEST_PEBBLES",
            missing.join(", ")
        );
        assert!(!strict, "{REQUIRE_PEBBLE}=1: {message}");
        eprintln!("not tested: {message}");
    }
    binaries
}

/// What one Pebble said about each of `layers` (added in order, each after the base that
/// defines what it relies on): `Ok` when added, Pebble's message otherwise.
fn run(binary: &Binary, name: &str, layers: &[CaseLayer]) -> Vec<Result<(), String>> {
    let mut builder = RealPebble::builder().binary(&binary.path);
    for (file, text) in base::files(layers, binary.version) {
        builder = builder.layer(&file, &text);
    }
    let pebble = builder.start().unwrap();
    let client = pebble.client();
    let bases = base::bases(layers);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut verdicts = Vec::new();
        for (index, (layer, base)) in layers.iter().zip(bases).enumerate() {
            let text = layer.text.as_deref().unwrap();
            let message = |e: Error| match e {
                Error::Api { message, .. } => message,
                other => panic!("{name}: {other}"),
            };
            if let Some(base) = base {
                let added = client.add_layer_yaml(&format!("base-{index}"), &base).await;
                if let Err(e) = added {
                    verdicts.push(Err(format!("base rejected: {}", message(e))));
                    continue;
                }
            }
            let added = client.add_layer_yaml(&format!("layer-{index}"), text).await;
            verdicts.push(added.map_err(message));
        }
        verdicts
    })
}

/// `layer` with `text` as its text.
fn with_text(layer: &CaseLayer, text: String) -> CaseLayer {
    CaseLayer {
        text: Some(text),
        ..layer.clone()
    }
}

/// The layer a charm sends for a compiling layer: the typed `Layer` the macro builds, which
/// equals `Layer::from_yaml` of its text (`tests/layer_macro.rs`), written as YAML. An empty
/// literal (no YAML document) builds the empty layer.
fn built(layer: &CaseLayer) -> Result<String, String> {
    let text = layer.text.as_deref().unwrap_or_default();
    let typed = if text.trim().is_empty() {
        Layer::default()
    } else {
        Layer::from_yaml(text).map_err(|e| format!("{e}: {}", e.cause()))?
    };
    typed.to_yaml().map_err(|e| e.to_string())
}

/// The counts of one Pebble, for the summary.
#[derive(Debug, Default)]
struct Counts {
    /// Compile-pass layers accepted, as written and as the charm sends them.
    pass_accepted: usize,
    pass_not_targeted: usize,
    fail_rejected: usize,
    fail_accepted_as_listed: usize,
    fail_accepted_needs_newer: usize,
}

/// Checks every case against `binary`; returns the counts and every mismatch.
fn check(binary: &Binary, cases: &[Case], table: &[Exception]) -> (Counts, Vec<String>) {
    let mut counts = Counts::default();
    let mut wrong = Vec::new();
    let version = binary.version;
    for case in cases {
        match &case.expect {
            Expect::Compiles => {
                let targeted: Vec<&CaseLayer> = case
                    .layers
                    .iter()
                    .filter(|layer| layer.target.pebble <= version)
                    .collect();
                counts.pass_not_targeted += case.layers.len() - targeted.len();
                // As written (when it is a YAML document), and as the charm sends it.
                let literal: Vec<CaseLayer> = targeted
                    .iter()
                    .filter(|layer| layer.text.as_deref().is_some_and(|t| !t.trim().is_empty()))
                    .map(|layer| (*layer).clone())
                    .collect();
                // A layer is accepted when every form of it is.
                let mut rejected = std::collections::BTreeSet::new();
                let mut sent = Vec::new();
                for layer in &targeted {
                    match built(layer) {
                        Ok(text) => sent.push(with_text(layer, text)),
                        Err(e) => {
                            rejected.insert(layer.function.clone());
                            wrong.push(format!(
                                "{}: {} compiles but Layer::from_yaml cannot read it: {e}",
                                case.name, layer.function
                            ));
                        }
                    }
                }
                for (form, layers) in [("as written", literal), ("as sent", sent)] {
                    for (layer, verdict) in layers.iter().zip(run(binary, &case.name, &layers)) {
                        if let Err(e) = verdict {
                            rejected.insert(layer.function.clone());
                            wrong.push(format!(
                                "{version}: {} {} compiles (for Pebble {}) but Pebble rejects \
                                 it {form}: {e}",
                                case.name, layer.function, layer.target.pebble
                            ));
                        }
                    }
                }
                counts.pass_accepted += targeted.len() - rejected.len();
            }
            Expect::Fails { stderr } => {
                let layers: Vec<CaseLayer> = case
                    .layers
                    .iter()
                    .filter(|layer| layer.text.is_some())
                    .cloned()
                    .collect();
                let verdicts = run(binary, &case.name, &layers);
                let sent: Vec<&Result<(), String>> = verdicts.iter().collect();
                let accepted = !sent.is_empty() && sent.iter().all(|v| v.is_ok());
                let said = sent
                    .iter()
                    .find_map(|v| v.as_ref().err().cloned())
                    .unwrap_or_else(|| "accepted".to_owned());
                let listed = table.iter().find(|row| row.case == case.fail_name);
                match (listed, layer_cases::only_needs(stderr)) {
                    (Some(row), _) if row.accepts == Accepts::NoLayer => {
                        if !sent.is_empty() {
                            wrong.push(format!(
                                "{}: listed as `no layer` but has one (Pebble {version}: {said})",
                                case.fail_name
                            ));
                        }
                    }
                    (Some(row), _) => {
                        if accepted != row.accepts.accepts(version) {
                            wrong.push(format!(
                                "{version}: {} is listed in docs/layer-checks.md as accepted \
                                 {}, but Pebble says: {said}",
                                case.fail_name,
                                if accepted { "not here" } else { "here" }
                            ));
                        } else if accepted {
                            counts.fail_accepted_as_listed += 1;
                        } else {
                            counts.fail_rejected += 1;
                        }
                    }
                    (None, Some(needs)) => {
                        if accepted != (version >= needs) {
                            wrong.push(format!(
                                "{version}: {} needs Pebble {needs} per its .stderr, but Pebble \
                                 says: {said}",
                                case.fail_name
                            ));
                        } else if accepted {
                            counts.fail_accepted_needs_newer += 1;
                        } else {
                            counts.fail_rejected += 1;
                        }
                    }
                    (None, None) => {
                        if sent.is_empty() {
                            wrong.push(format!(
                                "{}: no layer to send; list it in docs/layer-checks.md as \
                                 `no layer`",
                                case.fail_name
                            ));
                        } else if accepted {
                            wrong.push(format!(
                                "{version}: {} does not compile but Pebble accepts its layer; \
                                 fix #[layer], or list the case in docs/layer-checks.md with why",
                                case.fail_name
                            ));
                        } else {
                            counts.fail_rejected += 1;
                        }
                    }
                }
            }
        }
    }
    (counts, wrong)
}

#[test]
fn compiled_layers_are_what_pebble_accepts() {
    let cases = layer_cases::all();
    let table = strictness::table();
    let mut wrong = Vec::new();
    for row in &table {
        if !cases.iter().any(|case| case.fail_name == row.case) {
            wrong.push(format!(
                "docs/layer-checks.md lists {}, which is not a compile-fail case",
                row.case
            ));
        }
    }
    let pass = cases.iter().filter(|c| c.expect == Expect::Compiles);
    let pass_layers: usize = pass.map(|c| c.layers.len()).sum();
    let fail_cases = cases.len()
        - cases
            .iter()
            .filter(|c| c.expect == Expect::Compiles)
            .count();
    assert!(
        pass_layers >= 20,
        "only {pass_layers} compile-pass layers found"
    );
    assert!(
        fail_cases >= 60,
        "only {fail_cases} compile-fail cases found"
    );
    let binaries = binaries();
    if binaries.is_empty() {
        eprintln!("skipping: no pebble binary found (run scripts/install-pebble.sh)");
        return;
    }
    let results: Vec<(PebbleVersion, Counts, Vec<String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = binaries
            .iter()
            .map(|binary| {
                let (cases, table) = (&cases, &table);
                scope.spawn(move || {
                    let (counts, wrong) = check(binary, cases, table);
                    (binary.version, counts, wrong)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut summary = String::new();
    for (version, counts, found) in results {
        let _ = writeln!(
            summary,
            "Pebble {version}: {} compile-pass layers accepted as written and as sent ({} not \
             targeted at it); \
             compile-fail cases: {} rejected, {} accepted as listed, {} accepted as it has \
             the newer field",
            counts.pass_accepted,
            counts.pass_not_targeted,
            counts.fail_rejected,
            counts.fail_accepted_as_listed,
            counts.fail_accepted_needs_newer
        );
        wrong.extend(found);
    }
    eprint!("{summary}");
    assert!(wrong.is_empty(), "{summary}\n{}", wrong.join("\n"));
}
