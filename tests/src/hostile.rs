//! A hostile Pebble: a Unix-socket server written for the fault-injection suite, which
//! answers each request the way a test tells it to (never, with garbage, with a body that
//! never ends, with a websocket that never speaks, ...), and counts the requests it saw.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{UnixListener, UnixStream};

/// What the server sends back for one request.
#[derive(Debug, Clone)]
pub enum Answer {
    /// Reads the request and then says nothing, keeping the connection open.
    Silence,
    /// Bytes that are not HTTP, then closes.
    Garbage(&'static [u8]),
    /// A complete HTTP answer with this status, content type and body.
    Http {
        /// The status code.
        status: u16,
        /// The `Content-Type`.
        content_type: String,
        /// The body.
        body: Vec<u8>,
    },
    /// A chunked answer that starts with `head` and then sends `chunk` forever.
    Endless {
        /// The `Content-Type`.
        content_type: String,
        /// The bytes before the endless part.
        head: Vec<u8>,
        /// What is repeated.
        chunk: Vec<u8>,
    },
    /// Announces `length` bytes, sends `sent` of them, then closes.
    CloseMidBody {
        /// The announced length.
        length: usize,
        /// The bytes sent before closing.
        sent: Vec<u8>,
    },
    /// Accepts a websocket upgrade and never sends a frame, keeping it open.
    SilentWebsocket,
}

impl Answer {
    /// A JSON answer.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Self::Http {
            status,
            content_type: "application/json".into(),
            body: body.into().into_bytes(),
        }
    }
}

/// The server: `answer` maps a request line (`GET /v1/system-info HTTP/1.1`) to an answer.
pub struct HostilePebble {
    socket: PathBuf,
    requests: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

impl HostilePebble {
    /// Starts serving on a fresh socket.
    pub fn start(answer: impl Fn(&str) -> Answer + Send + Sync + 'static) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("hostile.socket");
        let listener = UnixListener::bind(&socket).unwrap();
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&requests);
        let answer = Arc::new(answer);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let answer = Arc::clone(&answer);
                let counter = Arc::clone(&counter);
                tokio::spawn(async move {
                    let _ = serve(stream, &*answer, &counter).await;
                });
            }
        });
        Self {
            socket,
            requests,
            task,
            _dir: dir,
        }
    }

    /// The socket to point a client at.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// How many requests the server has read.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for HostilePebble {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads the request head, up to the blank line; `None` when the client closed.
async fn read_head(stream: &mut UnixStream) -> std::io::Result<Option<String>> {
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8; 1];
        if stream.read(&mut byte).await? == 0 {
            return Ok(None);
        }
        head.push(byte[0]);
    }
    Ok(Some(String::from_utf8_lossy(&head).into_owned()))
}

/// The value of header `name` in `head`.
fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (key, value) = l.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

async fn serve(
    mut stream: UnixStream,
    answer: &(dyn Fn(&str) -> Answer + Send + Sync),
    counter: &AtomicUsize,
) -> std::io::Result<()> {
    loop {
        let Some(head) = read_head(&mut stream).await? else {
            return Ok(());
        };
        counter.fetch_add(1, Ordering::SeqCst);
        let request_line = head.lines().next().unwrap_or_default().to_owned();
        let reply = answer(&request_line);
        if let Answer::SilentWebsocket = reply {
            let key = header(&head, "sec-websocket-key").unwrap_or_default();
            let accept =
                tokio_tungstenite::tungstenite::handshake::derive_accept_key(key.as_bytes());
            let upgrade = format!(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"
            );
            stream.write_all(upgrade.as_bytes()).await?;
            // Hold the websocket open and silent, dropping what the client sends.
            let mut sink = [0u8; 4096];
            while stream.read(&mut sink).await? > 0 {}
            return Ok(());
        }
        let length = header(&head, "content-length")
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(0);
        let chunked =
            header(&head, "transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
        if length > 0 {
            let mut body = vec![0u8; length];
            stream.read_exact(&mut body).await?;
        } else if chunked {
            drain_chunked(&mut stream).await?;
        }
        match reply {
            Answer::Silence => std::future::pending::<()>().await,
            Answer::Garbage(bytes) => {
                stream.write_all(bytes).await?;
                return Ok(());
            }
            Answer::Http {
                status,
                content_type,
                body,
            } => {
                let head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                );
                stream.write_all(head.as_bytes()).await?;
                stream.write_all(&body).await?;
            }
            Answer::Endless {
                content_type,
                head,
                chunk,
            } => {
                let start = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\r\n"
                );
                stream.write_all(start.as_bytes()).await?;
                let frame = |data: &[u8]| {
                    let mut out = format!("{:x}\r\n", data.len()).into_bytes();
                    out.extend_from_slice(data);
                    out.extend_from_slice(b"\r\n");
                    out
                };
                stream.write_all(&frame(&head)).await?;
                let chunk = frame(&chunk);
                loop {
                    stream.write_all(&chunk).await?;
                }
            }
            Answer::CloseMidBody { length, sent } => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
                );
                stream.write_all(head.as_bytes()).await?;
                stream.write_all(&sent).await?;
                return Ok(());
            }
            Answer::SilentWebsocket => return Ok(()),
        }
    }
}

/// Reads and drops a chunked request body.
async fn drain_chunked(stream: &mut UnixStream) -> std::io::Result<()> {
    loop {
        let mut line = Vec::new();
        while !line.ends_with(b"\r\n") {
            let mut byte = [0u8; 1];
            stream.read_exact(&mut byte).await?;
            line.push(byte[0]);
        }
        let size = usize::from_str_radix(String::from_utf8_lossy(&line).trim(), 16).unwrap_or(0);
        let mut rest = vec![0u8; size + 2];
        stream.read_exact(&mut rest).await?;
        if size == 0 {
            return Ok(());
        }
    }
}
