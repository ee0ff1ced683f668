//! The accept loop: HTTP/1.1 connections served by hyper under limits that
//! keep the server answering when clients are slow, idle or hostile.
//!
//! `axum::serve` has none of these, so connections are served here with
//! hyper's own builder (header timeout, header size, buffer size) plus what
//! hyper lacks: an idle timeout and a send timeout ([`io`]), a paced request
//! body ([`body`]), a cap on open connections that sheds the oldest idle one
//! first ([`connections`]), JSON bodies on hyper's own refusals, and
//! `nosniff` on every answer. On shutdown it stops accepting, lets every
//! connection finish its request under way and closes idle ones at once.

mod body;
mod connections;
mod io;

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue, Request, Response};
use axum::response::IntoResponse;
use axum::Router;
use http_body::Body as HttpBody;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tower::Service;

pub use body::BodyPace;
use body::{AnswerBody, PacedBody};
use connections::{Connection, Registry};

use crate::error::ApiError;

/// What one client may hold, and for how long.
#[derive(Clone, Debug)]
pub struct Limits {
    /// A request head must have arrived this long after the server began
    /// waiting for it (accept, or the end of the previous answer).
    pub header_timeout: Duration,
    /// A connection waiting for a request that sends nothing for this long
    /// is closed.
    pub idle_timeout: Duration,
    /// How long a request body may take, and the rate it must keep.
    pub body: BodyPace,
    /// An answer the client does not read for this long ends the connection.
    pub send_timeout: Duration,
    /// Open connections at most; `None` picks what the open-file limit allows
    /// (up to [`DEFAULT_MAX_CONNECTIONS`]).
    pub max_connections: Option<usize>,
    /// Request line and headers together, in bytes (431 beyond).
    pub max_header_bytes: usize,
    /// A request declaring a longer body is refused (413) before it is read.
    pub max_body_bytes: usize,
}

/// The connection cap when none is given and the open-file limit allows it.
pub const DEFAULT_MAX_CONNECTIONS: usize = 8192;

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(5),
            body: BodyPace { timeout: Duration::from_secs(30), min_rate: 512, grace: Duration::from_secs(5) },
            send_timeout: Duration::from_secs(30),
            max_connections: None,
            max_header_bytes: 8 * 1024,
            max_body_bytes: crate::api::BODY_LIMIT,
        }
    }
}

/// hyper's read buffer per connection: headers beyond `max_header_bytes`
/// are refused before it fills, bodies are read through it in pieces.
const READ_BUFFER: usize = 16 * 1024;

/// Serves `router` on `listener` until `shutdown` resolves, then finishes
/// the requests under way (the caller bounds how long it waits).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let cap = connection_cap(limits.max_connections);
    tracing::info!(max_connections = cap, "accepting connections");
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_header_size(limits.max_header_bytes)
        .max_buf_size(READ_BUFFER.max(limits.max_header_bytes + 1024))
        .keep_alive(true);
    let registry = Arc::new(Registry::new());
    let limits = Arc::new(limits);
    // Every connection holds a receiver: `closed()` tells when all are done.
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(());
    tokio::pin!(shutdown);
    loop {
        if registry.len() >= cap && !registry.shed_one() {
            // Every connection is busy answering: new clients wait in the
            // kernel's queue for a moment rather than being refused.
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_millis(10)) => continue,
                _ = &mut shutdown => break,
            }
        }
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(&e, &registry).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let connection = registry.add();
        let io = io::TrackedIo::new(stream, connection.clone(), &limits);
        let service =
            ConnectionService { router: router.clone(), peer, connection: connection.clone(), limits: limits.clone() };
        let served = http.serve_connection(TokioIo::new(io), service);
        let (registry, mut stop) = (registry.clone(), stop_rx.clone());
        tokio::spawn(async move {
            tokio::pin!(served);
            tokio::select! {
                result = served.as_mut() => log_end(result),
                // Shed: dropping the connection closes it.
                _ = connection.shed.notified() => {}
                _ = stop.changed() => {
                    served.as_mut().graceful_shutdown();
                    log_end(served.await);
                }
            }
            registry.remove(&connection);
            drop(stop);
        });
    }
    drop(listener);
    drop(stop_rx);
    let _ = stop_tx.send(());
    stop_tx.closed().await;
    Ok(())
}

fn log_end(result: Result<(), hyper::Error>) {
    if let Err(e) = result {
        tracing::debug!(error = %e, "connection ended");
    }
}

/// An accept that failed: out of file descriptors (close the oldest idle
/// connection and retry), or a client that left before it was accepted.
async fn accept_failed(error: &std::io::Error, registry: &Registry) {
    use std::io::ErrorKind::*;
    if matches!(error.kind(), ConnectionAborted | ConnectionReset | ConnectionRefused | Interrupted) {
        return;
    }
    tracing::warn!(%error, open = registry.len(), "cannot accept a connection");
    if !registry.shed_one() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The cap on open connections: what was asked, or [`DEFAULT_MAX_CONNECTIONS`],
/// within the open-file limit (raised towards its hard maximum if needed)
/// less a reserve for the database, static files and the runtime.
fn connection_cap(asked: Option<usize>) -> usize {
    let wanted = asked.unwrap_or(DEFAULT_MAX_CONNECTIONS).max(1) as u64;
    let Some(files) = open_file_limit(wanted) else { return wanted as usize };
    let reserve = (files / 4).min(128);
    let fits = files.saturating_sub(reserve).max(1);
    if fits < wanted && asked.is_some() {
        tracing::warn!(asked = wanted, open_files = files, "the open-file limit allows only {fits} connections");
    }
    wanted.min(fits) as usize
}

/// The soft open-file limit, raised (up to the hard limit) to fit `wanted`
/// connections and the reserve.
#[cfg(unix)]
#[allow(clippy::unnecessary_cast, reason = "rlim_t is u64 on Linux, not on every unix")]
fn open_file_limit(wanted: u64) -> Option<u64> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit writes one rlimit through a valid pointer.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return None;
    }
    let needed = wanted.saturating_add(128);
    if (limit.rlim_cur as u64) < needed && limit.rlim_max > limit.rlim_cur {
        let raised =
            libc::rlimit { rlim_cur: needed.min(limit.rlim_max as u64) as libc::rlim_t, rlim_max: limit.rlim_max };
        // SAFETY: setrlimit reads one rlimit through a valid pointer.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            limit.rlim_cur = raised.rlim_cur;
        }
    }
    Some(limit.rlim_cur as u64)
}

#[cfg(not(unix))]
fn open_file_limit(_wanted: u64) -> Option<u64> {
    None
}

/// The router as one connection's hyper service.
#[derive(Clone)]
struct ConnectionService {
    router: Router,
    peer: SocketAddr,
    connection: Arc<Connection>,
    limits: Arc<Limits>,
}

type Answer = Response<AnswerBody>;

impl hyper::service::Service<Request<Incoming>> for ConnectionService {
    type Response = Answer;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Answer, Infallible>> + Send>>;

    fn call(&self, request: Request<Incoming>) -> Self::Future {
        let number = self.connection.begin_request(!request.body().is_end_stream());
        if request.body().size_hint().lower() > self.limits.max_body_bytes as u64 {
            let refusal = closing(ApiError::TooLarge(self.limits.max_body_bytes).into_response());
            return Box::pin(std::future::ready(Ok(answer(refusal, self.connection.clone(), number))));
        }
        let timed_out = Arc::new(AtomicBool::new(false));
        let (mut parts, body) = request.into_parts();
        parts.extensions.insert(ConnectInfo(self.peer));
        let body = PacedBody::new(body, self.connection.clone(), number, self.limits.body, timed_out.clone());
        let request = Request::from_parts(parts, Body::new(body));
        let mut router = self.router.clone();
        let connection = self.connection.clone();
        Box::pin(async move {
            let mut response = match router.call(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            if timed_out.load(Ordering::Acquire) {
                response = closing(ApiError::BodyTimeout.into_response());
            }
            Ok(answer(response, connection, number))
        })
    }
}

/// `nosniff`, sent with every answer: browsers must not guess a type other
/// than the one given (a comment's text is never run as a script).
const NOSNIFF: HeaderValue = HeaderValue::from_static("nosniff");

/// An answer as it leaves: with `nosniff`, marking the connection idle once
/// handed over.
fn answer(mut response: Response<Body>, connection: Arc<Connection>, number: u64) -> Answer {
    response.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, NOSNIFF);
    response.map(|body| AnswerBody::new(body, connection, number))
}

/// The answer to a request whose body is left unread: the connection ends
/// after it.
fn closing(mut response: Response<Body>) -> Response<Body> {
    response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}
