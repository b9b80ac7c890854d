//! Differential test: `charm_spec::duration::parse` against Go's own `time.ParseDuration`.
//!
//! The edge cases below and 12,000 strings generated from a fixed seed go through
//! `tests/go/parse_duration.go` (run with `go run`) and through our parser. Both must accept
//! the same strings with the same nanoseconds, and a non-negative duration must print as Go
//! prints it. Go is required: without it the test fails.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::process::{Command, Stdio};

use charm_spec::duration::{GoDuration, parse};

/// Generated inputs, on top of the edge cases.
const GENERATED: usize = 12_000;

/// The units Go knows, and strings that look like units but are not.
const UNITS: &[&str] = &["ns", "us", "µs", "μs", "ms", "s", "m", "h"];
const NOT_UNITS: &[&str] = &[
    "", "d", "x", "S", "H", "sec", " ", "µ", "μ", "mss", "uS", "ns ", "é", "-", "+", "e3s",
];

/// Strings where Go's rules are easy to get wrong: signs, a lone zero, leading zeros, missing
/// digits or units, fractions past float precision, wrapping (the int64 bounds of every unit
/// are added by [`edge_cases`]).
#[rustfmt::skip]
const EDGES: &[&str] = &[
    "", "0", "+0", "-0", "00", "-00", "+00", "0s", "-0s", "+0s", "-0.0s", ".", "-.", "+.",
    ".s", "-.s", "1.", "1.s", ".5s", "-.5s", "5.s", "0.s", "s", "-s", "1", "-1", "10",
    "1s5", "1s.5", "1..5s", "1.5.5s", "--1s", "+-1s", "-+1s", " 1s", "1s ", "1 s", "1e3s",
    "1h1h", "1h-1h", "1µs", "1μs", "1us", "1Us", "1µ", "µs", "9223372036854775807ns",
    "9223372036854775808ns", "-9223372036854775808ns", "-9223372036854775809ns",
    "2562047h47m16.854775807s", "2562047h47m16.854775808s", "-2562047h47m16.854775808s",
    "2562047h47m16.854775809s", "9223372036854775808ns9223372036854775808ns",
    "-9223372036854775808ns9223372036854775808ns", "3000000h", "-3000000h", "2562047h",
    "2562048h", "1.0000000000000000000001h", "0.000000000000000000001ns",
    "0.3333333333333333333333h", "1.1h", "1.9999999999999999999h", "0.1ns", "0.9ns",
    "99999999999999999999s", "00000000000000000000001s", "1.00000000000000000000000000000s",
    "4.000s", "1h0m0s", "168h0m0s", "1.5µs", "2m30s",
];

/// [`EDGES`], and the int64 bounds in every unit.
fn edge_cases() -> Vec<String> {
    let mut cases: Vec<String> = EDGES.iter().map(|s| (*s).to_owned()).collect();
    let limit: u64 = 1 << 63;
    for (unit, nanos) in [
        ("ns", 1_u64),
        ("us", 1_000),
        ("ms", 1_000_000),
        ("s", 1_000_000_000),
        ("m", 60_000_000_000),
        ("h", 3_600_000_000_000),
    ] {
        let max = limit / nanos;
        for n in [max - 1, max, max + 1] {
            for sign in ["", "-"] {
                cases.push(format!("{sign}{n}{unit}"));
                cases.push(format!("{sign}{n}.999999999999{unit}"));
                cases.push(format!("{sign}{n}.5{unit}"));
                cases.push(format!("{sign}{n}{unit}1ns"));
            }
        }
    }
    cases
}

/// splitmix64: a small, fixed-seed generator, so every run tests the same strings.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// `min` to `min + spread - 1` random digits.
    fn digits(&mut self, min: usize, spread: usize) -> String {
        let len = min + self.below(spread);
        (0..len)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }

    /// A number: a few digits, leading zeros, a long run, or none; maybe a fraction.
    fn number(&mut self) -> String {
        let whole = match self.below(8) {
            0 => String::new(),
            1 => format!("0{}", self.digits(1, 3)),
            2 => self.digits(15, 8),
            3 => (self.next() >> self.below(64)).to_string(),
            _ => self.digits(1, 4),
        };
        let fraction = match self.below(5) {
            0 => ".".to_owned(),
            1 => format!(".{}", self.digits(1, 3)),
            2 => format!(".{}", self.digits(10, 16)),
            _ => String::new(),
        };
        whole + &fraction
    }

    /// A duration-like string: mostly well-formed groups, sometimes with a broken piece.
    fn duration(&mut self) -> String {
        let mut text = self.pick(&["", "", "", "-", "+"]).to_owned();
        if self.below(20) == 0 {
            text.push('0');
            return text;
        }
        for _ in 0..1 + self.below(4) {
            text.push_str(&self.number());
            let unit = if self.below(10) == 0 {
                self.pick(NOT_UNITS)
            } else {
                self.pick(UNITS)
            };
            text.push_str(unit);
        }
        if self.below(15) == 0 {
            let at = self.below(text.len() + 1);
            let piece = self.pick(&["-", ".", " ", "0", "x", "µ"]);
            if text.is_char_boundary(at) {
                text.insert_str(at, piece);
            }
        }
        text
    }
}

/// Go's answer for each input line, from the oracle program.
fn go_answers(inputs: &[String]) -> Vec<String> {
    let program = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/go/parse_duration.go");
    let mut child = Command::new("go")
        .args(["run", program])
        .env("GOTOOLCHAIN", "local")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run `go` (Go is needed for this test): {e}"));
    let mut stdin = child.stdin.take().unwrap();
    let text: String = inputs.iter().map(|line| format!("{line}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(output.status.success(), "go run failed: {}", output.status);
    let answers: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(answers.len(), inputs.len(), "one answer per input");
    answers
}

/// Our answer, in the oracle's format (without Go's error text).
fn our_answer(input: &str) -> String {
    match parse(input) {
        Err(_) => "err".to_owned(),
        Ok(nanos) => {
            let printed = match u64::try_from(nanos) {
                Ok(n) => GoDuration(std::time::Duration::from_nanos(n)).to_string(),
                // Negative durations never print through `GoDuration`: compare the value only.
                Err(_) => String::new(),
            };
            format!("ok {nanos} {printed}")
        }
    }
}

#[test]
fn parse_agrees_with_go_time_parse_duration() {
    let mut inputs = edge_cases();
    let mut rng = Rng(0x0c4a_12f5_d07a_710e);
    inputs.extend((0..GENERATED).map(|_| rng.duration()));
    assert!(inputs.len() >= 10_000);
    assert!(inputs.iter().all(|i| !i.contains('\n')));

    let answers = go_answers(&inputs);
    let mut accepted = 0;
    let mismatches: Vec<String> = inputs
        .iter()
        .zip(&answers)
        .filter_map(|(input, go)| {
            let ours = our_answer(input);
            let go = if go.starts_with("err") {
                "err".to_owned()
            } else {
                accepted += 1;
                let mut parts = go.splitn(3, ' ');
                let (ok, nanos, printed) = (parts.next()?, parts.next()?, parts.next()?);
                let printed = if nanos.starts_with('-') { "" } else { printed };
                format!("{ok} {nanos} {printed}")
            };
            (ours != go).then(|| format!("{input:?}: Go {go:?}, ours {ours:?}"))
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} of {} inputs disagree with Go:\n{}",
        mismatches.len(),
        inputs.len(),
        mismatches[..mismatches.len().min(30)].join("\n")
    );
    // The generator must exercise both sides.
    assert!(accepted > inputs.len() / 5, "only {accepted} accepted");
    assert!(accepted < inputs.len() * 4 / 5, "{accepted} accepted");
}
