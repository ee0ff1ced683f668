//! The bodies around a request: a request body that must keep arriving at a
//! minimum rate and be complete within the body timeout, and an answer body
//! that marks the connection idle once it has been handed over.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::BoxError;
use http_body::{Body as HttpBody, Frame, SizeHint};
use hyper::body::Incoming;
use tokio::time::{Instant, Sleep};

use super::connections::Connection;

/// How long a request body may take: `grace + received / min_rate`, and at
/// most `timeout`, counted from the request head. A body that sends one byte
/// of a declared terabyte is refused after `grace`; a comment sent over a
/// slow phone line has `timeout`.
#[derive(Clone, Copy, Debug)]
pub struct BodyPace {
    pub timeout: Duration,
    /// Bytes a second; 0 checks the timeout only.
    pub min_rate: u64,
    pub grace: Duration,
}

impl BodyPace {
    fn allowed(&self, received: u64) -> Duration {
        if self.min_rate == 0 {
            return self.timeout;
        }
        let paced = self.grace.saturating_add(Duration::from_secs_f64(received as f64 / self.min_rate as f64));
        paced.min(self.timeout)
    }
}

/// A request body under [`BodyPace`]. When it runs out of time it fails
/// (the handler sees a body error) and raises `timed_out`, so the service
/// answers 408 instead of whatever the handler made of the error.
pub struct PacedBody {
    inner: Incoming,
    connection: Arc<Connection>,
    request: u64,
    pace: BodyPace,
    start: Instant,
    received: u64,
    timer: Pin<Box<Sleep>>,
    timed_out: Arc<AtomicBool>,
    finished: bool,
}

impl PacedBody {
    pub fn new(
        inner: Incoming,
        connection: Arc<Connection>,
        request: u64,
        pace: BodyPace,
        timed_out: Arc<AtomicBool>,
    ) -> PacedBody {
        let start = Instant::now();
        let timer = Box::pin(tokio::time::sleep_until(start + pace.allowed(0)));
        PacedBody { inner, connection, request, pace, start, received: 0, timer, timed_out, finished: false }
    }

    fn finish(&mut self) {
        self.finished = true;
        self.connection.body_received(self.request);
    }
}

impl HttpBody for PacedBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        if this.finished {
            return Poll::Ready(None);
        }
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    this.received += data.len() as u64;
                    let deadline = this.start + this.pace.allowed(this.received);
                    this.timer.as_mut().reset(deadline);
                }
                if this.inner.is_end_stream() {
                    this.finish();
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) => {
                this.finished = true;
                Poll::Ready(Some(Err(e.into())))
            }
            Poll::Ready(None) => {
                this.finish();
                Poll::Ready(None)
            }
            Poll::Pending => {
                if this.timer.as_mut().poll(cx).is_ready() {
                    this.finished = true;
                    this.timed_out.store(true, Ordering::Release);
                    return Poll::Ready(Some(Err("the request body did not arrive in time".into())));
                }
                Poll::Pending
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.finished || self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// An answer body that tells the connection when it has all been handed to
/// hyper (or dropped): the connection is then idle again.
pub struct AnswerBody {
    inner: Body,
    connection: Arc<Connection>,
    request: u64,
}

impl AnswerBody {
    pub fn new(inner: Body, connection: Arc<Connection>, request: u64) -> AnswerBody {
        AnswerBody { inner, connection, request }
    }
}

impl HttpBody for AnswerBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        let frame = Pin::new(&mut this.inner).poll_frame(cx);
        if let Poll::Ready(None) = frame {
            this.connection.answered(this.request);
        }
        frame
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for AnswerBody {
    fn drop(&mut self) {
        self.connection.answered(self.request);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_a_body_may_take_grows_with_what_arrived() {
        let pace = BodyPace { timeout: Duration::from_secs(30), min_rate: 1_000, grace: Duration::from_secs(5) };
        assert_eq!(pace.allowed(0), Duration::from_secs(5));
        assert_eq!(pace.allowed(1), Duration::from_millis(5_001));
        assert_eq!(pace.allowed(10_000), Duration::from_secs(15));
        assert_eq!(pace.allowed(1_000_000), Duration::from_secs(30), "never beyond the timeout");
        let unpaced = BodyPace { min_rate: 0, ..pace };
        assert_eq!(unpaced.allowed(0), Duration::from_secs(30));
    }
}
