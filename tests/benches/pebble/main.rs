//! Benchmark of the Pebble client against a real Pebble, beside a hand-written baseline.
//!
//! Run with `cargo bench -p charm-tests --bench pebble`. For each operation it prints the
//! client's figure, the baseline's (the same HTTP requests over a blocking
//! `std::os::unix::net::UnixStream`, one kept-alive connection, as the client keeps one) and
//! their ratio, then the peak resident memory of the whole process.
//!
//! Environment: `BENCH_CALLS` (default 2000) calls per latency round, `BENCH_MIB` (default 256)
//! MiB pushed and pulled.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod raw_http;

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use charm_runtime::layer::Layer;
use charm_tests::RealPebble;
use raw_http::RawHttp;
use tokio::io::{AsyncRead, AsyncReadExt, ReadBuf};

const LAYER: &str = "services:\n  idle:\n    override: replace\n    command: /bin/sleep 1000\n    startup: enabled\n";
const ROUNDS: usize = 5;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Produces `left` bytes of a repeating pattern without allocating them.
struct Pattern {
    left: u64,
}

impl AsyncRead for Pattern {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let n = (buf.remaining() as u64).min(self.left) as usize;
        let chunk = buf.initialize_unfilled_to(n);
        for (i, b) in chunk.iter_mut().enumerate() {
            *b = i as u8;
        }
        buf.advance(n);
        self.left -= n as u64;
        Poll::Ready(Ok(()))
    }
}

fn fill_pattern(chunk: &mut [u8]) {
    for (i, b) in chunk.iter_mut().enumerate() {
        *b = i as u8;
    }
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn report(name: &str, unit: &str, client: f64, raw: f64, ratio: f64, target: &str) {
    println!("{name:<28} {client:>12.1} {raw:>12.1} {unit:<6} {ratio:>6.2}x  (target {target})");
}

fn main() {
    let pebble = RealPebble::builder()
        .hold()
        .start()
        .expect("the benchmark needs a pebble binary: run scripts/install-pebble.sh");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = pebble.client().with_timeout(Duration::from_secs(600));
    let mut raw = RawHttp::connect(pebble.socket()).unwrap();
    let calls = env_number("BENCH_CALLS", 2000) as usize;
    let layer = Layer::from_yaml(LAYER).unwrap();
    let layer_body = serde_json::json!({
        "action": "add", "label": "bench", "format": "yaml", "layer": LAYER, "combine": true
    })
    .to_string();

    // Bring the service up once, so every later replan is a no-op.
    runtime.block_on(async {
        client
            .add_layer("bench", &layer)
            .combine(true)
            .await
            .unwrap();
        client.replan().await.unwrap();
    });

    println!(
        "{:<28} {:>12} {:>12} {:<6} {:>7}",
        "operation", "client", "baseline", "", "ratio"
    );
    let latency =
        |label: &str, calls: usize, client_op: &mut dyn FnMut(), raw_op: &mut dyn FnMut()| {
            for _ in 0..calls / 10 {
                client_op();
                raw_op();
            }
            let (mut c, mut r) = (Vec::new(), Vec::new());
            for _ in 0..ROUNDS {
                let t = Instant::now();
                for _ in 0..calls {
                    client_op();
                }
                c.push(t.elapsed().as_secs_f64() * 1e6 / calls as f64);
                let t = Instant::now();
                for _ in 0..calls {
                    raw_op();
                }
                r.push(t.elapsed().as_secs_f64() * 1e6 / calls as f64);
            }
            let (c, r) = (median(c), median(r));
            report(label, "µs", c, r, c / r, "<= 1.10x");
        };

    latency(
        "system_info",
        calls,
        &mut || {
            runtime.block_on(client.system_info()).unwrap();
        },
        &mut || assert_eq!(raw.get("/v1/system-info").unwrap().status, 200),
    );
    let mut raw = RawHttp::connect(pebble.socket()).unwrap();
    latency(
        "services",
        calls,
        &mut || {
            runtime.block_on(client.services(&[])).unwrap();
        },
        &mut || assert_eq!(raw.get("/v1/services").unwrap().status, 200),
    );
    let mut raw = RawHttp::connect(pebble.socket()).unwrap();
    latency(
        "add_layer + no-op replan",
        (calls / 10).max(20),
        &mut || {
            runtime.block_on(async {
                client
                    .add_layer("bench", &layer)
                    .combine(true)
                    .await
                    .unwrap();
                client.replan().await.unwrap();
            });
        },
        &mut || {
            assert_eq!(
                raw.post_json("/v1/layers", &layer_body).unwrap().status,
                200
            );
            let answer = raw
                .post_json("/v1/services", r#"{"action":"replan"}"#)
                .unwrap();
            let envelope: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
            let change = envelope["change"].as_str().unwrap();
            let waited = raw
                .get(&format!("/v1/changes/{change}/wait?timeout=30.000s"))
                .unwrap();
            assert_eq!(waited.status, 200);
        },
    );

    let mib = env_number("BENCH_MIB", 256);
    if mib == 0 {
        return;
    }
    let size = mib << 20;
    let dir = pebble.scratch();
    let path = dir.join("big.bin").display().to_string();
    let (mut push_c, mut push_r, mut pull_c, mut pull_r) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut raw = RawHttp::connect(pebble.socket()).unwrap();
    for _ in 0..3 {
        let t = Instant::now();
        runtime
            .block_on(
                client
                    .push_reader(&path, Pattern { left: size })
                    .into_future(),
            )
            .unwrap();
        push_c.push(mib as f64 / t.elapsed().as_secs_f64());
        let t = Instant::now();
        assert_eq!(raw.push(&path, size, fill_pattern).unwrap().status, 200);
        push_r.push(mib as f64 / t.elapsed().as_secs_f64());

        let t = Instant::now();
        let got = runtime.block_on(async {
            let mut reader = client.pull(&path).await.unwrap();
            let mut buf = vec![0u8; 64 * 1024];
            let mut total = 0u64;
            loop {
                let n = reader.read(&mut buf).await.unwrap();
                if n == 0 {
                    break total;
                }
                total += n as u64;
            }
        });
        assert_eq!(got, size);
        pull_c.push(mib as f64 / t.elapsed().as_secs_f64());
        let t = Instant::now();
        let mut total = 0u64;
        assert_eq!(
            raw.pull(&path, &mut |b| total += b.len() as u64).unwrap(),
            200
        );
        assert!(total >= size);
        pull_r.push(mib as f64 / t.elapsed().as_secs_f64());
    }
    let (pc, pr) = (median(push_c), median(push_r));
    report(
        &format!("push {mib} MiB"),
        "MiB/s",
        pc,
        pr,
        pc / pr,
        ">= 0.90x",
    );
    let (lc, lr) = (median(pull_c), median(pull_r));
    report(
        &format!("pull {mib} MiB"),
        "MiB/s",
        lc,
        lr,
        lc / lr,
        ">= 0.90x",
    );
    println!(
        "peak memory (VmHWM, whole process): {:.1} MiB (target < 32 MiB)",
        peak_rss_mib()
    );
}
