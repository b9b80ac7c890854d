//! Handles for streaming a running command's stdin and output.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::driver::{Shared, Which, lock};

/// The standard input of a running command, as an [`AsyncWrite`].
///
/// Get it from [`Process::take_stdin`](super::Process::take_stdin). Writes are sent to the
/// command as they are made (with backpressure). Shut it down
/// ([`AsyncWriteExt::shutdown`](tokio::io::AsyncWriteExt::shutdown)) to close the command's
/// stdin; dropping it does the same the next time the process is polled.
///
/// Writing also keeps the command's other output flowing, so a command that echoes its input
/// does not block on a full stdout while you write.
///
/// # Examples
///
/// ```no_run
/// use tokio::io::AsyncWriteExt;
///
/// # async fn f(client: charm_runtime::pebble::Client) -> Result<(), Box<dyn std::error::Error>> {
/// let mut process = client.exec(["tr", "a-z", "A-Z"]).await?;
/// let mut stdin = process.take_stdin().ok_or("stdin already taken")?;
/// stdin.write_all(b"hello\n").await?;
/// stdin.shutdown().await?;
/// let output = process.wait_output().await?;
/// assert_eq!(output.stdout, b"HELLO\n");
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct ProcessStdin {
    shared: Shared,
}

impl ProcessStdin {
    pub(super) fn new(shared: Shared) -> Self {
        Self { shared }
    }
}

impl AsyncWrite for ProcessStdin {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        lock(&self.shared).poll_write_stdin(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        lock(&self.shared).poll_flush_stdin(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        lock(&self.shared).poll_shutdown_stdin(cx)
    }
}

impl Drop for ProcessStdin {
    fn drop(&mut self) {
        lock(&self.shared).release_stdin();
    }
}

/// The stdout or stderr of a running command, as an [`AsyncRead`].
///
/// Get it from [`Process::take_stdout`](super::Process::take_stdout) or
/// [`Process::take_stderr`](super::Process::take_stderr). Bytes are read as the command writes
/// them, one websocket frame (at most 128 KiB) at a time; a read of zero bytes is the end of
/// the stream. Reading also keeps the other streams flowing (stdin from
/// [`Exec::stdin`](super::Exec::stdin), output to writers). Dropping it discards
/// the rest of the stream.
///
/// # Examples
///
/// ```no_run
/// use tokio::io::AsyncBufReadExt;
///
/// # async fn f(client: charm_runtime::pebble::Client) -> Result<(), Box<dyn std::error::Error>> {
/// let mut process = client.exec(["journalctl", "-n", "100"]).await?;
/// let stdout = process.take_stdout().ok_or("stdout already taken")?;
/// let mut lines = tokio::io::BufReader::new(stdout).lines();
/// while let Some(line) = lines.next_line().await? {
///     println!("journal: {line}");
/// }
/// process.wait().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct ProcessOutput {
    shared: Shared,
    which: Which,
}

impl ProcessOutput {
    pub(super) fn new(shared: Shared, which: Which) -> Self {
        Self { shared, which }
    }
}

impl AsyncRead for ProcessOutput {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        lock(&self.shared).poll_read(self.which, cx, buf)
    }
}

impl Drop for ProcessOutput {
    fn drop(&mut self) {
        lock(&self.shared).release_output(self.which);
    }
}
