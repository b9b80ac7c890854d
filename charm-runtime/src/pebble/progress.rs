//! Bounds on waiting: a deadline for a whole call, a bound on no progress for streams, and
//! the backoff between polls of Pebble's wait endpoints.
//!
//! A call that sends and receives small JSON is bounded as a whole by the client's timeout.
//! A streaming call (push, pull, exec I/O, log follow) is bounded by *no progress*: it fails
//! once nothing has moved for the timeout, however long it runs while data flows. Errors say
//! how long the client actually waited.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::Stream;
use tokio::time::{Instant, Sleep};

use super::{Error, Result};

/// Runs `fut`, failing with [`Error::Timeout`] after `after`.
pub(crate) async fn within<T>(
    after: Duration,
    what: &str,
    fut: impl Future<Output = Result<T>>,
) -> Result<T> {
    let start = Instant::now();
    tokio::time::timeout(after, fut)
        .await
        .unwrap_or_else(|_| Err(Error::timeout_since(what, start)))
}

/// When a call last moved: shared by the parts of a call that see bytes go by.
#[derive(Debug, Clone)]
pub(crate) struct Progress(Arc<Mutex<Instant>>);

impl Progress {
    pub(crate) fn new() -> Self {
        Self(Arc::new(Mutex::new(Instant::now())))
    }

    /// Something moved now.
    pub(crate) fn touch(&self) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Instant::now();
    }

    fn last(&self) -> Instant {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Runs `fut`, failing with [`Error::Timeout`] once `progress` has not moved for `idle`.
pub(crate) async fn until_stalled<T>(
    idle: Duration,
    what: &str,
    progress: &Progress,
    fut: impl Future<Output = Result<T>>,
) -> Result<T> {
    tokio::pin!(fut);
    loop {
        let last = progress.last();
        tokio::select! {
            biased;
            result = &mut fut => return result,
            () = tokio::time::sleep_until(last + idle) => {
                if progress.last() == last {
                    return Err(Error::timeout_since(what, last));
                }
            }
        }
    }
}

/// A body stream that fails with [`Error::Timeout`] when no chunk arrives for `idle`, and
/// marks `progress` on each chunk.
pub(crate) struct IdleStream<S> {
    inner: S,
    idle: Duration,
    what: String,
    progress: Progress,
    since: Instant,
    sleep: Pin<Box<Sleep>>,
}

impl<S> IdleStream<S> {
    pub(crate) fn new(inner: S, idle: Duration, what: String, progress: Progress) -> Self {
        let since = Instant::now();
        Self {
            inner,
            idle,
            what,
            progress,
            since,
            sleep: Box::pin(tokio::time::sleep_until(since + idle)),
        }
    }
}

impl<S> Stream for IdleStream<S>
where
    S: Stream<Item = Result<Bytes>> + Unpin,
{
    type Item = Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(item) => {
                let now = Instant::now();
                this.since = now;
                this.progress.touch();
                this.sleep.as_mut().reset(now + this.idle);
                Poll::Ready(item)
            }
            Poll::Pending => match this.sleep.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    let error = Error::timeout_since(this.what.clone(), this.since);
                    // Report once, then start a new period should the caller go on reading.
                    this.since = Instant::now();
                    this.sleep.as_mut().reset(this.since + this.idle);
                    Poll::Ready(Some(Err(error)))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

/// The pause between two polls of a wait endpoint that answered sooner than asked (a 504
/// or a change that is not ready): 50 ms, doubling up to 1 s, so a broken or hostile server
/// never gets a tight loop.
#[derive(Debug)]
pub(crate) struct Backoff {
    next: Duration,
}

impl Backoff {
    const FIRST: Duration = Duration::from_millis(50);
    const MAX: Duration = Duration::from_secs(1);

    pub(crate) fn new() -> Self {
        Self { next: Self::FIRST }
    }

    /// Sleeps for the next pause, but not past `deadline`.
    pub(crate) async fn pause(&mut self, deadline: Instant) {
        let until = (Instant::now() + self.next).min(deadline);
        self.next = (self.next * 2).min(Self::MAX);
        tokio::time::sleep_until(until).await;
    }
}

#[cfg(test)]
mod tests {
    use futures_util::StreamExt;

    use super::*;

    #[tokio::test(flavor = "current_thread", start_paused = true)]
    async fn a_steady_stream_passes_and_a_stalled_one_fails_after_the_idle_time() {
        let chunks = futures_util::stream::unfold(0u32, |n| async move {
            if n < 25 {
                tokio::time::sleep(Duration::from_millis(200)).await;
                Some((Ok(Bytes::from_static(&[0; 10240])), n + 1))
            } else {
                std::future::pending().await
            }
        });
        let mut stream = IdleStream::new(
            Box::pin(chunks),
            Duration::from_secs(1),
            "pull".into(),
            Progress::new(),
        );
        let start = Instant::now();
        for _ in 0..25 {
            stream.next().await.unwrap().unwrap();
        }
        assert_eq!(start.elapsed(), Duration::from_secs(5));
        match stream.next().await {
            Some(Err(Error::Timeout { what, after })) => {
                assert_eq!(what, "pull");
                assert_eq!(after, Duration::from_secs(1));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[tokio::test(flavor = "current_thread", start_paused = true)]
    async fn until_stalled_waits_while_progress_moves() {
        let progress = Progress::new();
        let marker = progress.clone();
        let work = async move {
            for _ in 0..10 {
                tokio::time::sleep(Duration::from_millis(500)).await;
                marker.touch();
            }
            Ok(7)
        };
        let start = Instant::now();
        let value = until_stalled(Duration::from_secs(1), "push", &progress, work)
            .await
            .unwrap();
        assert_eq!((value, start.elapsed()), (7, Duration::from_secs(5)));
        let stalled = until_stalled(
            Duration::from_secs(1),
            "push",
            &Progress::new(),
            std::future::pending::<Result<()>>(),
        )
        .await
        .unwrap_err();
        assert_eq!(stalled.to_string(), "timed out after 1s waiting for push");
    }

    #[tokio::test(flavor = "current_thread", start_paused = true)]
    async fn backoff_doubles_to_a_second_and_stops_at_the_deadline() {
        let mut backoff = Backoff::new();
        let start = Instant::now();
        let far = start + Duration::from_secs(60);
        for _ in 0..7 {
            backoff.pause(far).await;
        }
        // 50 + 100 + 200 + 400 + 800 + 1000 + 1000 ms
        assert_eq!(start.elapsed(), Duration::from_millis(3550));
        let near = Instant::now() + Duration::from_millis(10);
        backoff.pause(near).await;
        assert_eq!(Instant::now(), near);
    }
}
