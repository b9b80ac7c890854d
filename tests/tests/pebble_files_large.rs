//! A 64 MiB file pushed from a lazily generated stream and pulled back, against a real
//! Pebble, with the process's peak memory checked.
//!
//! This file holds one test so that the peak resident size of the test process is its own.

// Test helpers: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use charm_tests::pebble_or_skip;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, ReadBuf};

const SIZE: u64 = 64 << 20;

/// Produces `remaining` pseudo-random bytes (xorshift64) without holding them; the sequence
/// does not depend on how reads slice it.
struct Generator {
    state: u64,
    word: [u8; 8],
    used: usize,
    remaining: u64,
}

impl Generator {
    fn new(seed: u64, size: u64) -> Self {
        Self {
            state: seed,
            word: [0; 8],
            used: 8,
            remaining: size,
        }
    }

    fn fill(&mut self, out: &mut [u8]) {
        for byte in out {
            if self.used == 8 {
                self.state ^= self.state << 13;
                self.state ^= self.state >> 7;
                self.state ^= self.state << 17;
                self.word = self.state.to_le_bytes();
                self.used = 0;
            }
            *byte = self.word[self.used];
            self.used += 1;
        }
    }
}

impl AsyncRead for Generator {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let n = (buf.remaining() as u64).min(self.remaining) as usize;
        self.fill(buf.initialize_unfilled_to(n));
        buf.advance(n);
        self.remaining -= n as u64;
        Poll::Ready(Ok(()))
    }
}

/// The peak resident set size of this process, in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib * 1024
}

#[tokio::test(flavor = "current_thread")]
async fn sixty_four_mib_round_trip_streams_in_bounded_memory() {
    let pebble = pebble_or_skip!();
    let client = pebble.client().with_timeout(Duration::from_secs(300));
    let path = format!("{}/big/blob.bin", pebble.scratch().display());
    let before = peak_rss();

    client
        .push_reader(&path, Generator::new(0x9e37_79b9_7f4a_7c15, SIZE))
        .make_dirs(true)
        .await
        .unwrap();
    let info = client.list_files(&path).itself(true).await.unwrap();
    assert_eq!(info[0].size, Some(SIZE));

    // Compare chunk by chunk with a second run of the same generator.
    let mut reader = client.pull(&path).await.unwrap();
    let mut expected = Generator::new(0x9e37_79b9_7f4a_7c15, SIZE);
    let mut got = vec![0u8; 64 * 1024];
    let mut want = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut got).await.unwrap();
        if n == 0 {
            break;
        }
        expected.read_exact(&mut want[..n]).await.unwrap();
        assert!(got[..n] == want[..n], "content differs near byte {total}");
        total += n as u64;
    }
    assert_eq!(total, SIZE);
    assert_eq!(expected.remaining, 0);

    let growth = peak_rss().saturating_sub(before);
    assert!(
        growth < 24 << 20,
        "peak memory grew by {} MiB moving a 64 MiB file",
        growth >> 20
    );
}
