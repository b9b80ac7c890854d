//! Large exec output streams through a writer in bounded memory (alone in its binary, so the
//! process's peak memory is its own).

// Test helpers: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use charm_tests::pebble_or_skip;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use tokio::io::AsyncWrite;

/// Counts bytes and throws them away.
#[derive(Clone, Default)]
struct CountingWriter(Arc<AtomicU64>);

impl AsyncWrite for CountingWriter {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        self.0.fetch_add(buf.len() as u64, Ordering::Relaxed);
        Poll::Ready(Ok(buf.len()))
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// Peak resident memory of this process (`VmHWM`), in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib * 1024
}

#[tokio::test(flavor = "current_thread")]
async fn fifty_megabytes_of_stdout_stream_through_a_writer() {
    const TOTAL: u64 = 50_000_000;
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    client.system_info().await.unwrap();
    let before = peak_rss();
    let count = CountingWriter::default();
    client
        .exec(["head", "-c", &TOTAL.to_string(), "/dev/zero"])
        .stdout_writer(count.clone())
        .await
        .unwrap()
        .wait()
        .await
        .unwrap();
    assert_eq!(count.0.load(Ordering::Relaxed), TOTAL);
    let grown = peak_rss().saturating_sub(before);
    assert!(
        grown < 16 << 20,
        "peak memory grew by {grown} bytes while streaming {TOTAL} bytes"
    );
}
