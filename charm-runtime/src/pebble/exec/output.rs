//! One output stream (stdout or stderr): where its bytes go and how they get there.

use std::io;
use std::task::{Context, Poll, ready};

use bytes::{Buf, Bytes};
use tokio::io::ReadBuf;

use super::frames::{OutputEvent, output_event};
use super::options::BoxWriter;
use crate::pebble::transport::WsConn;
use crate::pebble::{Error, Result};

/// How much of an output a tail keeps.
pub(super) const TAIL: usize = 64 * 1024;

/// Where the bytes of an output stream go.
pub(super) enum Sink {
    /// Nobody claimed it yet: collected.
    Collect(Vec<u8>),
    /// Collected, keeping only the tail.
    Tail(Vec<u8>),
    Writer(BoxWriter),
    /// A [`ProcessOutput`](super::ProcessOutput) reads it.
    Taken,
    Discard,
}

/// How far an output stream has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    Reading,
    /// `end` received; a writer still has to be flushed.
    Flushing,
    Finished,
}

/// The state of one output stream.
pub(super) struct Output {
    /// At most this many bytes are collected; past it the rest is dropped and `overflow` set.
    pub(super) limit: usize,
    pub(super) overflow: bool,
    pub(super) sink: Sink,
    /// Received but not yet delivered (to a writer or a reader).
    pub(super) pending: Bytes,
    pub(super) phase: Phase,
}

impl Output {
    pub(super) fn new(writer: Option<BoxWriter>, present: bool) -> Self {
        Self {
            limit: super::DEFAULT_OUTPUT_LIMIT,
            overflow: false,
            sink: writer.map_or_else(|| Sink::Collect(Vec::new()), Sink::Writer),
            pending: Bytes::new(),
            phase: if present {
                Phase::Reading
            } else {
                Phase::Finished
            },
        }
    }

    /// Hands received bytes to the sink.
    pub(super) fn deliver(&mut self, data: Bytes) {
        match &mut self.sink {
            Sink::Collect(buf) => {
                if buf.len() + data.len() > self.limit {
                    // Keep reading (the command must not block on a full pipe), keep nothing.
                    self.overflow = true;
                    self.sink = Sink::Discard;
                } else {
                    buf.extend_from_slice(&data);
                }
            }
            Sink::Tail(buf) => {
                buf.extend_from_slice(&data);
                if buf.len() > 2 * TAIL {
                    buf.drain(..buf.len() - TAIL);
                }
            }
            Sink::Writer(_) | Sink::Taken => self.pending = data,
            Sink::Discard => {}
        }
    }
}

/// Moves frames from `ws` into `out`'s sink until the stream ends or would block.
///
/// Returns `Some(error)` when the caller's writer failed (the sink is then discarded).
pub(super) fn poll_output(
    ws: &mut WsConn,
    out: &mut Output,
    cx: &mut Context<'_>,
    progress: &mut u64,
) -> Poll<Result<Option<io::Error>>> {
    loop {
        if let Sink::Writer(writer) = &mut out.sink {
            while !out.pending.is_empty() {
                let written = match ready!(writer.as_mut().poll_write(cx, &out.pending)) {
                    Ok(0) => Err(io::Error::from(io::ErrorKind::WriteZero)),
                    other => other,
                };
                match written {
                    Ok(n) => {
                        out.pending.advance(n);
                        *progress += 1;
                    }
                    Err(e) => {
                        out.sink = Sink::Discard;
                        out.pending = Bytes::new();
                        return Poll::Ready(Ok(Some(e)));
                    }
                }
            }
            if out.phase == Phase::Flushing {
                if let Err(e) = ready!(writer.as_mut().poll_flush(cx)) {
                    out.sink = Sink::Discard;
                    return Poll::Ready(Ok(Some(e)));
                }
                out.phase = Phase::Finished;
            }
        }
        match out.phase {
            Phase::Finished => return Poll::Ready(Ok(None)),
            Phase::Flushing => {
                out.phase = Phase::Finished;
                continue;
            }
            Phase::Reading => {}
        }
        match output_event(ready!(ws.poll_recv(cx))?) {
            OutputEvent::Data(data) => out.deliver(data),
            OutputEvent::End => out.phase = Phase::Flushing,
            OutputEvent::Ignore => {}
            OutputEvent::Closed => {
                return Poll::Ready(Err(Error::protocol(
                    "exec output websocket closed before the end of output",
                )));
            }
        }
        *progress += 1;
    }
}

/// Copies output of a taken stream into `dst`; an empty read is the end of the stream.
pub(super) fn read_output(
    ws: &mut WsConn,
    out: &mut Output,
    cx: &mut Context<'_>,
    dst: &mut ReadBuf<'_>,
    progress: &mut u64,
) -> Poll<Result<()>> {
    loop {
        if !out.pending.is_empty() {
            let n = out.pending.len().min(dst.remaining());
            dst.put_slice(&out.pending[..n]);
            out.pending.advance(n);
            return Poll::Ready(Ok(()));
        }
        if out.phase != Phase::Reading {
            return Poll::Ready(Ok(()));
        }
        match output_event(ready!(ws.poll_recv(cx))?) {
            OutputEvent::Data(data) => out.pending = data,
            OutputEvent::End => out.phase = Phase::Finished,
            OutputEvent::Ignore => {}
            OutputEvent::Closed => {
                return Poll::Ready(Err(Error::protocol(
                    "exec output websocket closed before the end of output",
                )));
            }
        }
        *progress += 1;
    }
}
