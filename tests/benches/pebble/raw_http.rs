//! The baseline of the Pebble benchmark: the same HTTP requests sent by hand over a blocking
//! `std::os::unix::net::UnixStream`, one kept-alive connection, no client library.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;

/// Where a streamed body goes.
type Sink<'a> = &'a mut dyn FnMut(&[u8]);

/// One kept-alive HTTP/1.1 connection to Pebble.
pub struct RawHttp {
    reader: BufReader<UnixStream>,
    writer: UnixStream,
}

/// A response: status and body (the body is discarded when streamed to a sink).
pub struct RawResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The body, unless it went to a sink.
    pub body: Vec<u8>,
}

impl RawHttp {
    /// Connects to the socket.
    pub fn connect(socket: &Path) -> io::Result<Self> {
        let stream = UnixStream::connect(socket)?;
        Ok(Self {
            reader: BufReader::with_capacity(64 * 1024, stream.try_clone()?),
            writer: stream,
        })
    }

    /// Sends a GET and reads the answer.
    pub fn get(&mut self, path: &str) -> io::Result<RawResponse> {
        write!(
            self.writer,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )?;
        self.read_response(None)
    }

    /// Sends a POST with a JSON body and reads the answer.
    pub fn post_json(&mut self, path: &str, body: &str) -> io::Result<RawResponse> {
        write!(
            self.writer,
            "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )?;
        self.read_response(None)
    }

    /// Pushes `size` bytes produced by `fill` to `path` as a multipart write.
    pub fn push(
        &mut self,
        path: &str,
        size: u64,
        mut fill: impl FnMut(&mut [u8]),
    ) -> io::Result<RawResponse> {
        let boundary = "0123456789abcdef0123456789abcdef";
        let head = format!(
            "--{boundary}\r\nContent-Type: application/json\r\nContent-Disposition: form-data; name=\"request\"\r\n\r\n\
             {{\"action\":\"write\",\"files\":[{{\"path\":\"{path}\"}}]}}\r\n\
             --{boundary}\r\nContent-Type: application/octet-stream\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{path}\"\r\n\r\n"
        );
        let tail = format!("\r\n--{boundary}--\r\n");
        let length = head.len() as u64 + size + tail.len() as u64;
        write!(
            self.writer,
            "POST /v1/files HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {length}\r\n\r\n{head}"
        )?;
        let mut chunk = vec![0u8; 64 * 1024];
        let mut left = size;
        while left > 0 {
            let n = left.min(chunk.len() as u64) as usize;
            fill(&mut chunk[..n]);
            self.writer.write_all(&chunk[..n])?;
            left -= n as u64;
        }
        self.writer.write_all(tail.as_bytes())?;
        self.read_response(None)
    }

    /// Pulls `path`, handing every body chunk to `sink` (multipart framing included).
    pub fn pull(&mut self, path: &str, sink: Sink<'_>) -> io::Result<u16> {
        write!(
            self.writer,
            "GET /v1/files?action=read&path={path} HTTP/1.1\r\nHost: localhost\r\nAccept: multipart/form-data\r\n\r\n"
        )?;
        Ok(self.read_response(Some(sink))?.status)
    }

    fn read_response(&mut self, mut sink: Option<Sink<'_>>) -> io::Result<RawResponse> {
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| io::Error::other(format!("bad status line {line:?}")))?;
        let mut length = None;
        let mut chunked = false;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let (name, value) = header.split_once(':').unwrap_or((header, ""));
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<u64>().ok();
            } else if name.eq_ignore_ascii_case("transfer-encoding") && value.trim() == "chunked" {
                chunked = true;
            }
        }
        let mut body = Vec::new();
        let mut deliver = |bytes: &[u8], body: &mut Vec<u8>| match sink.as_mut() {
            Some(sink) => sink(bytes),
            None => body.extend_from_slice(bytes),
        };
        let mut buf = vec![0u8; 64 * 1024];
        if chunked {
            loop {
                line.clear();
                self.reader.read_line(&mut line)?;
                let size = u64::from_str_radix(line.trim_end(), 16).map_err(io::Error::other)?;
                if size == 0 {
                    line.clear();
                    self.reader.read_line(&mut line)?;
                    break;
                }
                let mut left = size;
                while left > 0 {
                    let n = left.min(buf.len() as u64) as usize;
                    self.reader.read_exact(&mut buf[..n])?;
                    deliver(&buf[..n], &mut body);
                    left -= n as u64;
                }
                self.reader.read_exact(&mut buf[..2])?;
            }
        } else if let Some(mut left) = length {
            while left > 0 {
                let n = left.min(buf.len() as u64) as usize;
                self.reader.read_exact(&mut buf[..n])?;
                deliver(&buf[..n], &mut body);
                left -= n as u64;
            }
        }
        Ok(RawResponse { status, body })
    }
}
