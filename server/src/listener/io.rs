//! The socket as hyper sees it, with what hyper does not do itself:
//! - an idle timeout: a connection waiting for a request head that sends
//!   nothing for `idle_timeout` is closed (hyper's header timeout then
//!   bounds a head that arrives slowly);
//! - a send timeout: an answer the client does not read for `send_timeout`
//!   ends the connection (reset, so the kernel lets go of the unsent rest);
//! - hyper's own refusals (400, 414, 431, written before any handler runs,
//!   with an empty body) replaced by the API's JSON answer.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use axum::http::StatusCode;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::{Instant, Sleep};

use super::connections::{Connection, Phase};
use crate::error::ApiError;

pub struct TrackedIo {
    inner: TcpStream,
    connection: Arc<Connection>,
    idle_timeout: Duration,
    header_timeout: Duration,
    send_timeout: Duration,
    max_header_bytes: usize,
    read_timer: Pin<Box<Sleep>>,
    write_timer: Pin<Box<Sleep>>,
    /// Whether `write_timer` runs (a write is waiting on the client).
    write_waiting: bool,
    /// When bytes last went out: an answer still being sent to a slow
    /// reader is not idleness.
    last_write: Instant,
    /// Our answer in place of hyper's, and how much of it is written.
    replacement: Option<(Vec<u8>, usize)>,
}

impl TrackedIo {
    pub fn new(inner: TcpStream, connection: Arc<Connection>, limits: &super::Limits) -> TrackedIo {
        let far = Instant::now() + Duration::from_secs(86_400);
        TrackedIo {
            inner,
            connection,
            idle_timeout: limits.idle_timeout,
            header_timeout: limits.header_timeout,
            send_timeout: limits.send_timeout,
            max_header_bytes: limits.max_header_bytes,
            read_timer: Box::pin(tokio::time::sleep_until(far)),
            write_timer: Box::pin(tokio::time::sleep_until(far)),
            write_waiting: false,
            last_write: Instant::now(),
            replacement: None,
        }
    }

    /// When a connection waiting for a head must have sent something: its
    /// first byte within the idle timeout, the whole head within the header
    /// timeout (hyper enforces that one too, and closes the same way).
    /// Counted from the end of the previous answer, the last byte written
    /// included: hyper also reads (to notice a client that leaves) while the
    /// end of an answer is still going out, and a slow reader is the send
    /// timeout's business. (Usually the kernel's send buffer takes the end of
    /// an answer at once; this holds when it does not.)
    fn read_deadline(&self) -> Option<Instant> {
        if self.connection.phase() != Phase::Idle || self.write_waiting {
            return None;
        }
        let limit = if self.connection.read_since_idle() { self.header_timeout } else { self.idle_timeout };
        Some(self.connection.phase_since().max(self.last_write) + limit)
    }

    /// If `data` is the start of an answer hyper wrote on its own, our JSON
    /// answer for the same status. Such an answer comes only while no request
    /// is under way, with hyper's bare headers (`content-length: 0`, `date`);
    /// every answer of ours carries `x-content-type-options`.
    fn replacement_for(&self, data: &[u8]) -> Option<Vec<u8>> {
        if self.connection.phase() != Phase::Idle
            || !(data.starts_with(b"HTTP/1.1 4") || data.starts_with(b"HTTP/1.0 4"))
        {
            return None;
        }
        let end = data.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = std::str::from_utf8(&data[..end]).ok()?.to_ascii_lowercase();
        if head.contains("x-content-type-options") || !head.contains("content-length: 0") {
            return None;
        }
        let refusal = match StatusCode::from_bytes(data.get(9..12)?).ok()? {
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => ApiError::HeadersTooLarge(self.max_header_bytes),
            StatusCode::URI_TOO_LONG => ApiError::UriTooLong,
            _ => ApiError::MalformedRequest,
        };
        Some(raw_answer(&refusal))
    }

    /// Writes what is left of our replacement answer.
    fn poll_replacement(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((bytes, written)) = &mut self.replacement {
            if *written == bytes.len() {
                break;
            }
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &bytes[*written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *written += n;
        }
        Poll::Ready(Ok(()))
    }

    /// Runs the send timeout around a write to the socket.
    fn timed_write(&mut self, cx: &mut Context<'_>, result: Poll<io::Result<usize>>) -> Poll<io::Result<usize>> {
        match result {
            Poll::Pending => {
                if !self.write_waiting {
                    self.write_waiting = true;
                    let deadline = Instant::now() + self.send_timeout;
                    self.write_timer.as_mut().reset(deadline);
                }
                if self.write_timer.as_mut().poll(cx).is_ready() {
                    // Reset rather than close: the kernel drops what is still
                    // queued for this client (up to its send buffer, megabytes)
                    // at once instead of keeping it for a reader who left.
                    let _ = self.inner.set_zero_linger();
                    return Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "the client stopped reading")));
                }
                Poll::Pending
            }
            ready => {
                self.write_waiting = false;
                self.last_write = Instant::now();
                ready
            }
        }
    }

    fn replace(&mut self, data: &[u8], claimed: usize) -> Option<Poll<io::Result<usize>>> {
        if self.replacement.is_some() {
            // After our answer nothing else goes out.
            return Some(Poll::Ready(Ok(claimed)));
        }
        let answer = self.replacement_for(data)?;
        self.replacement = Some((answer, 0));
        Some(Poll::Ready(Ok(claimed)))
    }
}

impl AsyncRead for TrackedIo {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                this.connection.add_read(buf.filled().len() - before);
                Poll::Ready(Ok(()))
            }
            Poll::Pending => {
                let Some(deadline) = this.read_deadline() else { return Poll::Pending };
                if this.read_timer.deadline() != deadline {
                    this.read_timer.as_mut().reset(deadline);
                }
                if this.read_timer.as_mut().poll(cx).is_ready() {
                    // End of stream: hyper closes an idle connection quietly.
                    return Poll::Ready(Ok(()));
                }
                Poll::Pending
            }
            error => error,
        }
    }
}

impl AsyncWrite for TrackedIo {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if let Some(done) = this.replace(data, data.len()) {
            return done;
        }
        let result = Pin::new(&mut this.inner).poll_write(cx, data);
        this.timed_write(cx, result)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let first = bufs.iter().find(|b| !b.is_empty()).map(|b| &b[..]).unwrap_or_default();
        if let Some(done) = this.replace(first, bufs.iter().map(|b| b.len()).sum()) {
            return done;
        }
        let result = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        this.timed_write(cx, result)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let result = this.poll_replacement(cx).map_ok(|()| 0);
        ready!(this.timed_write(cx, result))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let result = this.poll_replacement(cx).map_ok(|()| 0);
        ready!(this.timed_write(cx, result))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

/// An error answer as raw HTTP/1.1 bytes, closing the connection.
fn raw_answer(error: &ApiError) -> Vec<u8> {
    let status = error.status();
    let body = error.body().to_string();
    format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         x-content-type-options: nosniff\r\nconnection: close\r\n\r\n{body}",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        body.len()
    )
    .into_bytes()
}
