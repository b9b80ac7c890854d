//! The I/O engine of one running command.
//!
//! It moves bytes between the `stdio`/`stderr` websockets and the caller's stdin source,
//! output writers, captures and streams. There is no background task: whichever handle is
//! polled ([`Process`](super::Process)'s wait, a [`ProcessStdin`](super::ProcessStdin), a
//! [`ProcessOutput`](super::ProcessOutput)) drives everything that no other handle owns, so
//! writing stdin and reading output never deadlock, and memory stays bounded by one frame per
//! stream (except where output is collected on purpose).

use std::io;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker, ready};

use bytes::{Bytes, BytesMut};
use tokio::io::ReadBuf;

use super::frames::{END_COMMAND, STDIN_CHUNK};
use super::options::{BoxReader, BoxWriter, StdinSource};
use super::output::{Output, Sink, TAIL, poll_output, read_output};
use crate::pebble::transport::WsConn;
use crate::pebble::{Error, Result};

/// The driver shared by a process and its stream handles.
pub(super) type Shared = Arc<Mutex<Driver>>;

/// Locks the driver; a poisoned lock is still usable (no invariant spans a panic).
pub(super) fn lock(shared: &Shared) -> MutexGuard<'_, Driver> {
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Who is polling the driver; each keeps its own waker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Wait = 0,
    Stdin = 1,
    Stdout = 2,
    Stderr = 3,
}

/// One of the two output streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Which {
    Stdout,
    Stderr,
}

impl Which {
    fn name(self) -> &'static str {
        match self {
            Self::Stdout => "stdout",
            Self::Stderr => "stderr",
        }
    }

    pub(super) fn role(self) -> Role {
        match self {
            Self::Stdout => Role::Stdout,
            Self::Stderr => Role::Stderr,
        }
    }
}

/// What a wait does with output that nobody claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Collect {
    /// Keep all of it ([`Process::wait_output`](super::Process::wait_output)).
    All,
    /// Keep the last [`TAIL`] bytes, for the error report.
    Tails,
}

enum StdinState {
    /// Nothing set and not taken: ended once output is read or waited for.
    Open,
    Bytes(Bytes),
    Reader {
        reader: BoxReader,
        buf: BytesMut,
        pending: Option<Bytes>,
    },
    /// A [`ProcessStdin`](super::ProcessStdin) writes it.
    Taken,
    /// The `end` command must be sent.
    Ending,
    /// `end` is queued and must be flushed.
    Flushing,
    Done,
}

/// The state of one running command's I/O.
pub(super) struct Driver {
    stdio: WsConn,
    stderr_ws: Option<WsConn>,
    stdin: StdinState,
    /// Bytes written by a [`ProcessStdin`](super::ProcessStdin) may still sit in the buffer.
    stdin_dirty: bool,
    stdout: Output,
    stderr: Output,
    wakers: [Option<Waker>; 4],
    progress: u64,
    /// The websocket protocol broke: nothing more can be read.
    fatal: Option<Error>,
    /// The caller's stdin source or an output writer failed.
    local: Option<Error>,
}

impl std::fmt::Debug for Driver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Driver")
            .field("stdout", &self.stdout.phase)
            .field("stderr", &self.stderr.phase)
            .finish_non_exhaustive()
    }
}

impl Driver {
    pub(super) fn new(
        stdio: WsConn,
        stderr_ws: Option<WsConn>,
        stdin: StdinSource,
        stdout: Option<BoxWriter>,
        stderr: Option<BoxWriter>,
    ) -> Self {
        let split = stderr_ws.is_some();
        Self {
            stdio,
            stderr_ws,
            stdin: match stdin {
                StdinSource::Open => StdinState::Open,
                StdinSource::Bytes(data) => StdinState::Bytes(data),
                StdinSource::Reader(reader) => StdinState::Reader {
                    reader,
                    buf: BytesMut::new(),
                    pending: None,
                },
            },
            stdin_dirty: false,
            stdout: Output::new(stdout, true),
            stderr: Output::new(if split { stderr } else { None }, split),
            wakers: Default::default(),
            progress: 0,
            fatal: None,
            local: None,
        }
    }

    fn output(&mut self, which: Which) -> (Option<&mut WsConn>, &mut Output) {
        match which {
            Which::Stdout => (Some(&mut self.stdio), &mut self.stdout),
            Which::Stderr => (self.stderr_ws.as_mut(), &mut self.stderr),
        }
    }

    /// Collects at most `limit` bytes of each output that nobody claimed.
    pub(super) fn set_output_limit(&mut self, limit: usize) {
        self.stdout.limit = limit;
        self.stderr.limit = limit;
    }

    /// The limit of `which`, when its collected output went past it.
    pub(super) fn overflowed(&mut self, which: Which) -> Option<u64> {
        let (_, out) = self.output(which);
        out.overflow
            .then(|| u64::try_from(out.limit).unwrap_or(u64::MAX))
    }

    /// A counter that grows whenever a frame moves, for bounds on no progress.
    pub(super) fn progress(&self) -> u64 {
        self.progress
    }

    /// Hands the stdin writer out, once, if no source was set and output was not read yet.
    pub(super) fn take_stdin(&mut self) -> bool {
        if matches!(self.stdin, StdinState::Open) {
            self.stdin = StdinState::Taken;
            true
        } else {
            false
        }
    }

    /// Hands an output stream out, once, unless it goes to a writer or does not exist.
    ///
    /// Output collected before (while stdin was being written) is read first.
    pub(super) fn take_output(&mut self, which: Which) -> bool {
        let (ws, out) = self.output(which);
        if ws.is_none() {
            return false;
        }
        match &mut out.sink {
            Sink::Collect(buf) | Sink::Tail(buf) => {
                out.pending = Bytes::from(std::mem::take(buf));
                out.sink = Sink::Taken;
                true
            }
            Sink::Writer(_) | Sink::Taken | Sink::Discard => false,
        }
    }

    /// A [`ProcessStdin`](super::ProcessStdin) was dropped: end stdin if it did not.
    pub(super) fn release_stdin(&mut self) {
        if matches!(self.stdin, StdinState::Taken) {
            self.stdin = StdinState::Ending;
        }
        self.wake_all();
    }

    /// A [`ProcessOutput`](super::ProcessOutput) was dropped: throw the rest away.
    pub(super) fn release_output(&mut self, which: Which) {
        let (_, out) = self.output(which);
        if matches!(out.sink, Sink::Taken) {
            out.sink = Sink::Discard;
            out.pending = Bytes::new();
        }
        self.wake_all();
    }

    /// Prepares for a wait: ends unclaimed stdin and sets what unclaimed output keeps.
    pub(super) fn begin_wait(&mut self, collect: Collect) {
        if matches!(self.stdin, StdinState::Open) {
            self.stdin = StdinState::Ending;
        }
        if collect == Collect::Tails {
            for out in [&mut self.stdout, &mut self.stderr] {
                if let Sink::Collect(buf) = &mut out.sink {
                    out.sink = Sink::Tail(std::mem::take(buf));
                }
            }
        }
    }

    /// The collected output of `which` (all of it, or its tail), leaving it empty.
    pub(super) fn take_collected(&mut self, which: Which) -> Vec<u8> {
        let (_, out) = self.output(which);
        match &mut out.sink {
            Sink::Collect(buf) => std::mem::take(buf),
            Sink::Tail(buf) => {
                let mut buf = std::mem::take(buf);
                if buf.len() > TAIL {
                    buf.drain(..buf.len() - TAIL);
                }
                buf
            }
            _ => Vec::new(),
        }
    }

    /// The first protocol or local I/O error, if any.
    pub(super) fn take_error(&mut self) -> Option<Error> {
        self.fatal.take().or_else(|| self.local.take())
    }

    fn fatal_io(&self) -> Option<io::Error> {
        self.fatal
            .as_ref()
            .map(|e| io::Error::new(io::ErrorKind::BrokenPipe, e.to_string()))
    }

    fn fail(&mut self, error: Error) {
        tracing::debug!(%error, "exec i/o failed");
        self.fatal.get_or_insert(error);
    }

    fn fail_local(&mut self, what: String, source: io::Error) {
        self.local.get_or_insert(Error::Io { what, source });
    }

    fn register(&mut self, role: Role, cx: &Context<'_>) {
        let slot = &mut self.wakers[role as usize];
        match slot {
            Some(w) if w.will_wake(cx.waker()) => {}
            _ => *slot = Some(cx.waker().clone()),
        }
    }

    fn wake_all(&mut self) {
        for waker in self.wakers.iter_mut().filter_map(Option::take) {
            waker.wake();
        }
    }

    /// Drives everything no handle owns: the stdin source (or pending `end`) and the output
    /// streams that are collected, written or discarded.
    ///
    /// Ready once those outputs have ended (stdin may still be pending: Pebble stops reading
    /// it when the command exits), or once the protocol broke.
    pub(super) fn poll_background(&mut self, role: Role, cx: &mut Context<'_>) -> Poll<()> {
        self.register(role, cx);
        if self.fatal.is_some() {
            return Poll::Ready(());
        }
        let before = self.progress;
        if matches!(self.stdin, StdinState::Open) {
            self.stdin = StdinState::Ending;
        }
        if let Poll::Ready(Err(e)) = self.poll_stdin(cx) {
            self.fail(e);
        }
        if self.stdin_dirty
            && let Poll::Ready(r) = self.stdio.poll_flush(cx)
        {
            self.stdin_dirty = false;
            if let Err(e) = r {
                self.fail(e);
            }
        }
        let stdout_done = self.poll_owned_output(Which::Stdout, cx);
        let stderr_done = self.poll_owned_output(Which::Stderr, cx);
        if self.progress != before {
            // Other handles may be parked on wakers this poll replaced: let them re-poll.
            for (i, slot) in self.wakers.iter().enumerate() {
                if i != role as usize
                    && let Some(w) = slot
                    && !w.will_wake(cx.waker())
                {
                    w.wake_by_ref();
                }
            }
        }
        if (stdout_done && stderr_done) || self.fatal.is_some() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }

    /// Sends the stdin source (or the pending `end`); ready when there is nothing to send.
    fn poll_stdin(&mut self, cx: &mut Context<'_>) -> Poll<Result<()>> {
        loop {
            match &mut self.stdin {
                StdinState::Open | StdinState::Taken | StdinState::Done => {
                    return Poll::Ready(Ok(()));
                }
                StdinState::Bytes(data) => {
                    if data.is_empty() {
                        self.stdin = StdinState::Ending;
                        continue;
                    }
                    ready!(self.stdio.poll_send_ready(cx))?;
                    let chunk = data.split_to(data.len().min(STDIN_CHUNK));
                    self.stdio.start_send_binary(chunk)?;
                    self.progress += 1;
                }
                StdinState::Reader {
                    reader,
                    buf,
                    pending,
                } => {
                    if pending.is_none() {
                        buf.reserve(STDIN_CHUNK);
                        match tokio_util::io::poll_read_buf(reader.as_mut(), cx, buf) {
                            Poll::Pending => {
                                // Waiting for the caller's reader: push out what is queued.
                                ready!(self.stdio.poll_flush(cx))?;
                                return Poll::Pending;
                            }
                            Poll::Ready(Ok(0)) => {
                                self.stdin = StdinState::Ending;
                                continue;
                            }
                            Poll::Ready(Ok(_)) => *pending = Some(buf.split().freeze()),
                            Poll::Ready(Err(e)) => {
                                self.stdin = StdinState::Ending;
                                self.fail_local("read the stdin source of exec".into(), e);
                                continue;
                            }
                        }
                    }
                    ready!(self.stdio.poll_send_ready(cx))?;
                    if let Some(chunk) = pending.take() {
                        self.stdio.start_send_binary(chunk)?;
                        self.progress += 1;
                    }
                }
                StdinState::Ending => {
                    ready!(self.stdio.poll_send_ready(cx))?;
                    self.stdio.start_send_text(END_COMMAND)?;
                    self.stdin = StdinState::Flushing;
                }
                StdinState::Flushing => {
                    ready!(self.stdio.poll_flush(cx))?;
                    self.stdin = StdinState::Done;
                    self.stdin_dirty = false;
                    self.progress += 1;
                }
            }
        }
    }

    /// Drives an output that no reader owns; true once it has ended (or is not ours).
    fn poll_owned_output(&mut self, which: Which, cx: &mut Context<'_>) -> bool {
        let (Some(ws), out) = self.output(which) else {
            return true;
        };
        if matches!(out.sink, Sink::Taken) {
            return true;
        }
        let mut progress = 0;
        let result = poll_output(ws, out, cx, &mut progress);
        self.progress += progress;
        match result {
            Poll::Pending => false,
            Poll::Ready(Ok(None)) => true,
            Poll::Ready(Ok(Some(write_error))) => {
                self.fail_local(format!("write the {} of exec", which.name()), write_error);
                // Keep draining so the command is not blocked on a full pipe.
                self.poll_owned_output(which, cx)
            }
            Poll::Ready(Err(e)) => {
                self.fail(e);
                true
            }
        }
    }

    /// Reads a taken output stream for a [`ProcessOutput`](super::ProcessOutput), after
    /// driving everything else.
    pub(super) fn poll_read(
        &mut self,
        which: Which,
        cx: &mut Context<'_>,
        dst: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let _ = self.poll_background(which.role(), cx);
        if let Some(e) = self.fatal_io() {
            return Poll::Ready(Err(e));
        }
        let (Some(ws), out) = self.output(which) else {
            return Poll::Ready(Ok(()));
        };
        let mut progress = 0;
        let result = read_output(ws, out, cx, dst, &mut progress);
        self.progress += progress;
        match result {
            Poll::Ready(Err(e)) => {
                let message = e.to_string();
                self.fail(e);
                Poll::Ready(Err(io::Error::new(io::ErrorKind::BrokenPipe, message)))
            }
            other => other.map(|r| r.map_err(crate::pebble::transport::io_error)),
        }
    }

    /// Writes to stdin for a [`ProcessStdin`](super::ProcessStdin).
    pub(super) fn poll_write_stdin(
        &mut self,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let _ = self.poll_background(Role::Stdin, cx);
        if let Some(e) = self.fatal_io() {
            return Poll::Ready(Err(e));
        }
        if !matches!(self.stdin, StdinState::Taken) {
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "stdin of exec is closed",
            )));
        }
        if data.is_empty() {
            return Poll::Ready(Ok(0));
        }
        ready!(self.stdio.poll_send_ready(cx)).map_err(crate::pebble::transport::io_error)?;
        let n = data.len().min(STDIN_CHUNK);
        self.stdio
            .start_send_binary(Bytes::copy_from_slice(&data[..n]))
            .map_err(crate::pebble::transport::io_error)?;
        self.progress += 1;
        self.stdin_dirty = true;
        // Send now rather than when the buffer fills: interactive commands wait for it.
        if let Poll::Ready(r) = self.stdio.poll_flush(cx) {
            self.stdin_dirty = false;
            r.map_err(crate::pebble::transport::io_error)?;
        }
        Poll::Ready(Ok(n))
    }

    /// Flushes stdin for a [`ProcessStdin`](super::ProcessStdin).
    pub(super) fn poll_flush_stdin(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = self.poll_background(Role::Stdin, cx);
        if let Some(e) = self.fatal_io() {
            return Poll::Ready(Err(e));
        }
        ready!(self.stdio.poll_flush(cx)).map_err(crate::pebble::transport::io_error)?;
        self.stdin_dirty = false;
        Poll::Ready(Ok(()))
    }

    /// Sends `end` on stdin for a [`ProcessStdin`](super::ProcessStdin) and flushes it.
    pub(super) fn poll_shutdown_stdin(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if matches!(self.stdin, StdinState::Taken) {
            self.stdin = StdinState::Ending;
        }
        let _ = self.poll_background(Role::Stdin, cx);
        if let Some(e) = self.fatal_io() {
            return Poll::Ready(Err(e));
        }
        ready!(self.poll_stdin(cx)).map_err(crate::pebble::transport::io_error)?;
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use std::pin::Pin;

    use tokio::io::{AsyncReadExt, AsyncWrite};

    use super::super::streams::ProcessOutput;
    use super::*;
    use crate::pebble::transport::{TestWsServer, WsFrame};

    fn shared(driver: Driver) -> Shared {
        Arc::new(Mutex::new(driver))
    }

    async fn drive(driver: &Shared) {
        std::future::poll_fn(|cx| lock(driver).poll_background(Role::Wait, cx)).await;
    }

    #[tokio::test(flavor = "current_thread")]
    async fn taken_stdout_skips_unknown_commands_and_stops_at_end() {
        let (conn, mut server) = TestWsServer::pair().await;
        let stdin = StdinSource::Bytes(Bytes::from_static(b"in"));
        let driver = shared(Driver::new(conn, None, stdin, None, None));
        assert!(lock(&driver).take_output(Which::Stdout));
        assert!(!lock(&driver).take_output(Which::Stdout), "taken twice");
        assert!(
            !lock(&driver).take_output(Which::Stderr),
            "no stderr socket"
        );
        let mut stdout = ProcessOutput::new(driver.clone(), Which::Stdout);
        server.send_binary(b"a").await;
        server.send_text(r#"{"command":"resize"}"#).await;
        server.send_text("garbage").await;
        server.send_binary(b"b").await;
        server.send_text(END_COMMAND).await;
        server.send_binary(b"after the end").await;
        let mut out = Vec::new();
        stdout.read_to_end(&mut out).await.unwrap();
        assert_eq!(out, b"ab");
        drive(&driver).await;
        assert!(lock(&driver).take_error().is_none());
        assert_eq!(
            server.recv().await,
            Some(WsFrame::Binary(Bytes::from_static(b"in")))
        );
        assert_eq!(server.recv().await, Some(WsFrame::Text(END_COMMAND.into())));
    }

    #[tokio::test(flavor = "current_thread")]
    async fn close_before_end_is_an_error() {
        let (conn, mut server) = TestWsServer::pair().await;
        let driver = shared(Driver::new(conn, None, StdinSource::Open, None, None));
        assert!(lock(&driver).take_output(Which::Stdout));
        let mut stdout = ProcessOutput::new(driver.clone(), Which::Stdout);
        server.send_binary(b"partial").await;
        server.send_close().await;
        let mut out = Vec::new();
        let err = stdout.read_to_end(&mut out).await.unwrap_err();
        assert_eq!(out, b"partial");
        assert!(err.to_string().contains("before the end"), "{err}");
        assert!(matches!(
            lock(&driver).take_error(),
            Some(Error::Protocol { .. })
        ));
    }

    #[tokio::test(flavor = "current_thread")]
    async fn waiting_ends_unclaimed_stdin_and_keeps_the_output_tail() {
        let (conn, mut server) = TestWsServer::pair().await;
        let driver = shared(Driver::new(conn, None, StdinSource::Open, None, None));
        lock(&driver).begin_wait(Collect::Tails);
        assert!(
            !lock(&driver).take_stdin(),
            "stdin is closed once waited for"
        );
        for byte in [b'x', b'y', b'z'] {
            server.send_binary(&vec![byte; TAIL]).await;
        }
        server.send_text(END_COMMAND).await;
        drive(&driver).await;
        assert_eq!(server.recv().await, Some(WsFrame::Text(END_COMMAND.into())));
        let tail = lock(&driver).take_collected(Which::Stdout);
        assert_eq!(tail, vec![b'z'; TAIL]);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_writer_gets_output_with_backpressure() {
        let (conn, mut server) = TestWsServer::pair().await;
        // A 16-byte pipe: the driver must wait for the reader, frame by frame.
        let (writer, mut reader) = tokio::io::duplex(16);
        let driver = shared(Driver::new(
            conn,
            None,
            StdinSource::Open,
            Some(Box::pin(writer)),
            None,
        ));
        let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        for chunk in data.chunks(30_000) {
            server.send_binary(chunk).await;
        }
        server.send_text(END_COMMAND).await;
        let mut received = Vec::new();
        let read = async {
            // The driver drops the writer only with the process, so read exactly.
            received.resize(data.len(), 0);
            reader.read_exact(&mut received).await
        };
        let ((), read) = tokio::join!(drive(&driver), read);
        read.unwrap();
        assert!(received == data);
        assert!(lock(&driver).take_error().is_none());
    }

    struct FailingWriter;

    impl AsyncWrite for FailingWriter {
        fn poll_write(
            self: Pin<&mut Self>,
            _: &mut Context<'_>,
            _: &[u8],
        ) -> Poll<io::Result<usize>> {
            Poll::Ready(Err(io::Error::other("disk full")))
        }
        fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }
        fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_failing_writer_is_reported_and_output_still_drains() {
        let (conn, mut server) = TestWsServer::pair().await;
        let driver = shared(Driver::new(
            conn,
            None,
            StdinSource::Open,
            Some(Box::pin(FailingWriter)),
            None,
        ));
        server.send_binary(b"one").await;
        server.send_binary(b"two").await;
        server.send_text(END_COMMAND).await;
        drive(&driver).await;
        match lock(&driver).take_error() {
            Some(Error::Io { what, source }) => {
                assert_eq!(what, "write the stdout of exec");
                assert_eq!(source.to_string(), "disk full");
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
