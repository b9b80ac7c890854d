//! Benchmark of a whole hook: a charm process starts, handles its event and exits.
//!
//! Run with `cargo bench -p charm-tests --bench hooks`. The same pause charm is run as:
//!
//! - `charm-rs`: ours, `tests/src/bin/bench_pause_charm/` (`#[charm]`, `ensure_layer`),
//!   built by Cargo with the bench profile (release);
//! - `charm-rs collected`: `tests/src/bin/bench_pause_collect_charm/`, the same charm with
//!   collected status (`&Statuses`): its steady `pause-pebble-ready` is the no-op dispatch,
//!   which sets no status it already set and so calls no hook tool;
//! - `raw HTTP`: `tests/src/bin/bench_raw_pause_charm.rs`, the same requests written by hand
//!   with the standard library only (the floor for a compiled charm);
//! - `goops`: `contenders/goops/main.go`, built with `go build` (module from the Go proxy);
//! - `ops`: `contenders/ops/src/charm.py`, in a venv with `ops` from PyPI.
//!
//! Everything is set up before timing: fake hook tools on `PATH` (the same shell scripts for
//! all), one charm directory each with `metadata.yaml` and `dispatch`, and a real Pebble
//! (`pebble run --hold`). `ops` and `goops` read the socket at the fixed path
//! `/charm/containers/pause/pebble.socket`, so the bench symlinks it there (and removes it);
//! a contender that cannot be set up is reported as skipped, with the reason.
//!
//! Measured: the wall time from spawning `dispatch` until it has exited, for
//! `pause-pebble-ready` once the plan already holds the layer (every charm reads the plan,
//! finds the layer, and runs `status-set active`) and for `update-status`, which none of
//! them handles (start-up and exit alone). Contenders run interleaved, after a warm-up. Also:
//! the first `pause-pebble-ready` against a fresh Pebble (one sample: adds the layer and
//! replans, so Pebble starts the service), peak RSS from GNU `time -f %M`, the size on disk,
//! and the hook tools each run calls.
//!
//! Environment: `BENCH_RUNS` (default 50) timed runs per contender and event, `BENCH_PYTHON`
//! (default `python3`) for the venv, `BENCH_PACKED_CHARM` (optional) the same charm built
//! with `cargo charm pack`'s profile, added as a contender (`scripts/bench-pack.sh` sets it).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod setup;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use charm_tests::RealPebble;
use setup::{Contender, JUJU_SOCKET, SocketLinks};

const WARM_UP: usize = 3;
const RSS_RUNS: usize = 5;
const GNU_TIME: &str = "/usr/bin/time";

/// The two hooks timed: handled, and handled by nobody.
const EVENTS: [&str; 2] = ["pause-pebble-ready", "update-status"];

/// A contender ready to run, with what the bench found out about it.
struct Entry {
    contender: Contender,
    /// Whether it reads the socket at `/charm/containers/...` (ops, goops).
    juju_socket: bool,
    /// Why it was dropped, when it failed during the bench.
    failed: Option<String>,
    /// Why it was not run at all, when it could not be set up.
    skipped: Option<String>,
    first_ready: Option<Duration>,
    samples: BTreeMap<&'static str, Vec<Duration>>,
    rss_kib: BTreeMap<&'static str, u64>,
    tool_calls: BTreeMap<&'static str, BTreeMap<String, f64>>,
}

impl Entry {
    /// Whether it is still in the race: set up, and nothing failed.
    fn measured(&self) -> bool {
        self.failed.is_none() && self.skipped.is_none()
    }
}

/// Paths shared by every run.
struct Bench {
    root: PathBuf,
    tools: PathBuf,
    containers: PathBuf,
}

impl Bench {
    /// The environment Juju would give the charm for `hook`.
    fn env(&self, entry: &Entry, hook: &str, log: &Path) -> Vec<(String, String)> {
        let charm_dir = entry.contender.charm_dir.display().to_string();
        let mut env: Vec<(&str, String)> = vec![
            (
                "PATH",
                format!(
                    "{}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    self.tools.display()
                ),
            ),
            ("HOME", self.root.display().to_string()),
            ("LANG", "C.UTF-8".to_owned()),
            ("JUJU_DISPATCH_PATH", format!("hooks/{hook}")),
            ("JUJU_HOOK_NAME", hook.to_owned()),
            ("JUJU_UNIT_NAME", "pause/0".to_owned()),
            ("JUJU_MODEL_NAME", "bench".to_owned()),
            (
                "JUJU_MODEL_UUID",
                "7a3c8b1e-2f4d-4e6a-9b0c-1d2e3f4a5b6c".to_owned(),
            ),
            ("JUJU_VERSION", "3.6.8".to_owned()),
            ("JUJU_CHARM_DIR", charm_dir.clone()),
            ("CHARM_DIR", charm_dir),
            ("JUJU_CONTEXT_ID", format!("pause/0-{hook}-1")),
            (
                "JUJU_AGENT_SOCKET_ADDRESS",
                "@/bench/agent.socket".to_owned(),
            ),
            ("JUJU_AGENT_SOCKET_NETWORK", "unix".to_owned()),
            ("JUJU_API_ADDRESSES", "10.0.0.1:17070".to_owned()),
            ("JUJU_MACHINE_ID", String::new()),
            ("JUJU_AVAILABILITY_ZONE", String::new()),
            ("JUJU_PRINCIPAL_UNIT", String::new()),
            (
                "CHARM_CONTAINERS_DIR",
                self.containers.display().to_string(),
            ),
            ("BENCH_TOOL_LOG", log.display().to_string()),
        ];
        if let Some(container) = hook.strip_suffix("-pebble-ready") {
            env.push(("JUJU_WORKLOAD_NAME", container.to_owned()));
        }
        env.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    }

    /// Runs `dispatch` once for `hook`, optionally under `wrapper`; returns the wall time.
    fn invoke(
        &self,
        entry: &Entry,
        hook: &str,
        log: &Path,
        wrapper: &[&str],
    ) -> Result<Duration, String> {
        let stderr_path = self.root.join("charm-stderr.log");
        let stderr = File::create(&stderr_path).unwrap();
        let dispatch = entry.contender.dispatch();
        let mut command = match wrapper.split_first() {
            Some((program, args)) => {
                let mut c = Command::new(program);
                c.args(args).arg(&dispatch);
                c
            }
            None => Command::new(&dispatch),
        };
        command
            .current_dir(&entry.contender.charm_dir)
            .env_clear()
            .envs(self.env(entry, hook, log))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr);
        let start = Instant::now();
        let status = command
            .status()
            .map_err(|e| format!("cannot run {}: {e}", dispatch.display()))?;
        let elapsed = start.elapsed();
        if !status.success() {
            let output = std::fs::read_to_string(&stderr_path).unwrap_or_default();
            let tail: Vec<&str> = output.lines().rev().take(6).collect();
            return Err(format!(
                "{hook} exited with {status}: {}",
                tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
            ));
        }
        Ok(elapsed)
    }

    /// Points both socket paths (ours and Juju's) at `pebble`.
    fn link(
        &self,
        links: &mut SocketLinks,
        pebble: &RealPebble,
        juju_socket: bool,
    ) -> Result<(), String> {
        links.link(
            &self.containers.join("pause/pebble.socket"),
            pebble.socket(),
        )?;
        if juju_socket {
            links.link(Path::new(JUJU_SOCKET), pebble.socket())?;
        }
        Ok(())
    }
}

/// Sends a GET to Pebble (HTTP/1.0, raw) and returns the whole answer.
fn pebble_get(socket: &Path, path: &str) -> String {
    let mut answer = String::new();
    if let Ok(mut stream) = UnixStream::connect(socket) {
        let request = format!("GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n");
        if stream.write_all(request.as_bytes()).is_ok() {
            let _ = stream.read_to_string(&mut answer);
        }
    }
    answer
}

/// Whether service `pause` is running.
fn pause_is_active(socket: &Path) -> bool {
    pebble_get(socket, "/v1/services?names=pause").contains("\"current\":\"active\"")
}

/// How many replan changes Pebble has seen.
fn replans(socket: &Path) -> usize {
    pebble_get(socket, "/v1/changes?select=all")
        .matches("\"kind\":\"replan\"")
        .count()
}

/// Whether a logged hook-tool call sets the unit's status to active (ops spells out
/// `--application=False` and ends with `--`).
fn sets_unit_active(call: &str) -> bool {
    let words: Vec<&str> = call.split_whitespace().collect();
    words.first() == Some(&"status-set")
        && words.contains(&"active")
        && !words
            .iter()
            .any(|w| *w == "--application" || *w == "--application=True")
}

/// The nearest-rank percentile `q` (0..=1) of sorted samples, in milliseconds.
fn percentile_ms(sorted: &[Duration], q: f64) -> f64 {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1000.0
}

fn count_tool_calls(log: &Path, runs: usize) -> BTreeMap<String, f64> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let mut calls = BTreeMap::new();
    for line in text.lines() {
        let tool = line
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned();
        *calls.entry(tool).or_insert(0.0) += 1.0;
    }
    for n in calls.values_mut() {
        *n /= runs as f64;
    }
    calls
}

/// Whether GNU time is there to report peak RSS, or why not.
fn gnu_time(root: &Path) -> Result<(), String> {
    let out = root.join("time-probe");
    let status = Command::new(GNU_TIME)
        .args(["-f", "%M", "-o"])
        .arg(&out)
        .arg("true")
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("{GNU_TIME} unavailable ({e}); install Debian's `time`"))?;
    let kib = std::fs::read_to_string(&out).unwrap_or_default();
    if status.success() && kib.trim().parse::<u64>().is_ok() {
        Ok(())
    } else {
        Err(format!("{GNU_TIME} is not GNU time (no -f %M)"))
    }
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cores} cores, {cpu}")
}

fn main() {
    let runs = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(50);
    let started = Instant::now();
    let tmp = tempfile::Builder::new()
        .prefix("hook-bench-")
        .tempdir()
        .unwrap();
    let bench = Bench {
        root: tmp.path().to_path_buf(),
        tools: tmp.path().join("tools"),
        containers: tmp.path().join("containers"),
    };
    setup::write_tools(&bench.tools).unwrap();
    let charms = tmp.path().join("charms");

    println!("hook benchmark: {}", machine());
    println!("setting up (not timed)...");
    let mut entries = Vec::new();
    let mut skipped: Vec<(String, String)> = Vec::new();
    let mut candidates: Vec<(String, bool, Result<Contender, String>)> = vec![
        (
            "charm-rs".to_owned(),
            false,
            setup::cargo_binary(&charms, "charm-rs", env!("CARGO_BIN_EXE_bench_pause_charm")),
        ),
        (
            "charm-rs collected".to_owned(),
            false,
            setup::cargo_binary(
                &charms,
                "charm-rs collected",
                env!("CARGO_BIN_EXE_bench_pause_collect_charm"),
            ),
        ),
        (
            "raw HTTP".to_owned(),
            false,
            setup::cargo_binary(
                &charms,
                "raw HTTP",
                env!("CARGO_BIN_EXE_bench_raw_pause_charm"),
            ),
        ),
        (
            format!("goops {}", setup::GOOPS_VERSION),
            true,
            setup::goops(&charms),
        ),
        (
            format!("ops {}", setup::OPS_VERSION),
            true,
            setup::ops(&charms),
        ),
    ];
    // The same charm built with `cargo charm pack`'s profile, when given (see
    // scripts/bench-pack.sh), timed beside the others.
    if let Ok(packed) = std::env::var("BENCH_PACKED_CHARM") {
        let name = "charm-rs (pack profile)";
        let contender = setup::cargo_binary(&charms, name, &packed).map(|mut c| {
            c.size.0 = "binary (cargo charm pack profile)".to_owned();
            c
        });
        candidates.insert(1, (name.to_owned(), false, contender));
    }
    for (name, juju_socket, contender) in candidates {
        match contender {
            Ok(contender) => entries.push(Entry {
                contender,
                juju_socket,
                failed: None,
                skipped: None,
                first_ready: None,
                samples: BTreeMap::new(),
                rss_kib: BTreeMap::new(),
                tool_calls: BTreeMap::new(),
            }),
            Err(reason) => skipped.push((name, reason)),
        }
    }
    println!("set up in {:.1} s", started.elapsed().as_secs_f64());

    let mut links = SocketLinks::default();
    let hook = EVENTS[0];

    // The first pebble-ready of each contender, against its own fresh Pebble.
    for entry in &mut entries {
        let Some(pebble) = RealPebble::builder().hold().start() else {
            println!("skipped: no pebble binary (run scripts/install-pebble.sh)");
            return;
        };
        if let Err(reason) = bench.link(&mut links, &pebble, entry.juju_socket) {
            entry.skipped = Some(format!(
                "cannot put the Pebble socket where it looks: {reason}"
            ));
            continue;
        }
        let log = bench.root.join("first-ready.log");
        let _ = std::fs::remove_file(&log);
        match bench.invoke(entry, hook, &log, &[]) {
            Ok(elapsed) => entry.first_ready = Some(elapsed),
            Err(reason) => {
                entry.failed = Some(format!("first {hook}: {reason}"));
                continue;
            }
        }
        let calls = std::fs::read_to_string(&log).unwrap_or_default();
        let replanned = replans(pebble.socket());
        if let Err(reason) = bench.invoke(entry, hook, &log, &[]) {
            entry.failed = Some(format!("second {hook}: {reason}"));
            continue;
        }
        if !pause_is_active(pebble.socket()) {
            entry.failed = Some(format!(
                "after the first {hook} service pause is not running"
            ));
        } else if !calls.lines().any(sets_unit_active) {
            entry.failed = Some(format!(
                "the first {hook} did not run `status-set active` (calls: {calls:?})"
            ));
        } else if replanned != 1 || replans(pebble.socket()) != 1 {
            entry.failed = Some(format!(
                "expected one replan (first {hook}) and none on the second; Pebble saw {replanned}, then {}",
                replans(pebble.socket())
            ));
        }
    }

    // Steady state: one Pebble whose plan holds the layer, contenders interleaved.
    let pebble = RealPebble::builder().hold().start().unwrap();
    for entry in entries.iter_mut().filter(|e| e.measured()) {
        if let Err(reason) = bench.link(&mut links, &pebble, entry.juju_socket) {
            entry.failed = Some(reason);
        }
    }
    for event in EVENTS {
        for run in 0..WARM_UP + runs {
            for entry in entries.iter_mut().filter(|e| e.measured()) {
                let log = bench.root.join(format!(
                    "calls-{}-{event}.log",
                    entry.contender.name.replace(' ', "_")
                ));
                match bench.invoke(entry, event, &log, &[]) {
                    Ok(elapsed) if run >= WARM_UP => {
                        entry.samples.entry(event).or_default().push(elapsed);
                    }
                    Ok(_) => {}
                    Err(reason) => entry.failed = Some(reason),
                }
                if run + 1 == WARM_UP + runs {
                    entry
                        .tool_calls
                        .insert(event, count_tool_calls(&log, WARM_UP + runs));
                }
            }
        }
    }
    if !pause_is_active(pebble.socket()) {
        println!("warning: service pause stopped running during the steady-state runs");
    }

    // Peak RSS, in separate runs (GNU time adds its own fork and exec).
    let rss = gnu_time(&bench.root);
    if rss.is_ok() {
        let out = bench.root.join("rss");
        let out_arg = out.display().to_string();
        let wrapper = [GNU_TIME, "-f", "%M", "-o", out_arg.as_str()];
        let scratch_log = bench.root.join("rss-calls.log");
        for entry in entries.iter_mut().filter(|e| e.measured()) {
            for event in EVENTS {
                let mut peak = 0;
                for _ in 0..RSS_RUNS {
                    if let Err(reason) = bench.invoke(entry, event, &scratch_log, &wrapper) {
                        entry.failed = Some(reason);
                        break;
                    }
                    let kib = std::fs::read_to_string(&out).unwrap_or_default();
                    peak = peak.max(kib.trim().parse::<u64>().unwrap_or(0));
                }
                entry.rss_kib.insert(event, peak);
            }
        }
    }
    drop(pebble);
    drop(links);

    report(&entries, &skipped, runs, &rss);
    println!("\nwhole bench: {:.1} s", started.elapsed().as_secs_f64());
}

fn report(entries: &[Entry], skipped: &[(String, String)], runs: usize, rss: &Result<(), String>) {
    let ok: Vec<&Entry> = entries.iter().filter(|e| e.measured()).collect();
    let ours = |event: &str| {
        ok.iter()
            .find(|e| e.contender.name == "charm-rs")
            .and_then(|e| e.samples.get(event))
            .map(|s| {
                let mut s = s.clone();
                s.sort();
                percentile_ms(&s, 0.5)
            })
    };
    for event in EVENTS {
        let what = if event == EVENTS[0] {
            "handled; the plan already holds the layer"
        } else {
            "no handler: start-up and exit"
        };
        println!("\n{event} ({what}), {runs} runs each after {WARM_UP} warm-up, interleaved");
        println!(
            "{:<18} {:>10} {:>10} {:>8} {:>13}  hook tools per run",
            "contender", "median ms", "p90 ms", "vs ours", "peak RSS MiB"
        );
        for entry in &ok {
            let Some(samples) = entry.samples.get(event) else {
                continue;
            };
            let mut sorted = samples.clone();
            sorted.sort();
            let median = percentile_ms(&sorted, 0.5);
            let ratio = ours(event).map_or("-".to_owned(), |o| format!("{:.1}x", median / o));
            let rss = entry.rss_kib.get(event).map_or("n/a".to_owned(), |kib| {
                format!("{:.1}", *kib as f64 / 1024.0)
            });
            let calls = entry.tool_calls.get(event).map_or(String::new(), |calls| {
                calls
                    .iter()
                    .map(|(tool, n)| format!("{tool} x{n:.0}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            });
            println!(
                "{:<18} {:>10.2} {:>10.2} {:>8} {:>13}  {}",
                entry.contender.name,
                median,
                percentile_ms(&sorted, 0.9),
                ratio,
                rss,
                if calls.is_empty() { "none" } else { &calls }
            );
        }
    }
    if let Err(reason) = rss {
        println!("\npeak RSS not measured: {reason}");
    }

    println!(
        "\nfirst pause-pebble-ready against a fresh Pebble (1 run: adds the layer, replans; Pebble waits ~1 s to see the service stay up)"
    );
    for entry in entries {
        if let Some(first) = entry.first_ready {
            println!(
                "{:<18} {:>10.1} ms",
                entry.contender.name,
                first.as_secs_f64() * 1000.0
            );
        }
    }

    println!("\nsize on disk");
    let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    for entry in entries {
        let (what, bytes) = &entry.contender.size;
        let stripped = entry
            .contender
            .stripped
            .map_or(String::new(), |s| format!("; {:.1} MiB stripped", mib(s)));
        println!(
            "{:<18} {:>8.1} MiB  {what}{stripped}",
            entry.contender.name,
            mib(*bytes)
        );
    }

    for entry in entries {
        if let Some(reason) = &entry.skipped {
            println!("\nskipped {}: {reason}", entry.contender.name);
        }
        if let Some(reason) = &entry.failed {
            println!("\nFAILED {}: {reason}", entry.contender.name);
        }
    }
    for (name, reason) in skipped {
        println!("\nskipped {name}: {reason}");
    }
}
