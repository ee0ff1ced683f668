//! The reference comment and article service for article-widget.
//!
//! - `GET  /healthz`
//! - `GET  /api/articles/{id}`: an article from the articles folder
//! - `GET  /api/articles/{id}/comments?offset&limit`: published comments, oldest first
//! - `POST /api/articles/{id}/comments`: add one (validated by the widget's own rules)
//! - `GET  /api/articles/{id}/related?limit&order`: stories ranked by the widget's own function
//! - anything else: the built widget and demo pages from the dist folder
//!
//! The API is written down in `server/openapi.json`; the integration tests
//! check every answer against it.

pub mod api;
pub mod articles;
pub mod client;
pub mod clock;
pub mod compression;
pub mod cors;
pub mod db;
pub mod error;
pub mod extract;
pub mod listener;
pub mod offload;
pub mod rate_limit;
pub mod related;
pub mod static_files;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

/// Who sees a new comment at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Moderation {
    /// Every comment is published at once.
    Off,
    /// Every comment waits for a moderator.
    All,
    /// An email's first comment waits; once one is published, the next are not held.
    FirstTime,
}

/// Everything the server is told at start.
#[derive(Clone, Debug)]
pub struct Config {
    pub db: PathBuf,
    pub articles: PathBuf,
    /// The built widget and demo pages (`trunk build --release` output).
    pub dist: Option<PathBuf>,
    /// Origins allowed to call the API from a browser; empty allows any
    /// (without credentials).
    pub cors_origins: Vec<String>,
    pub moderation: Moderation,
    /// Posts allowed per client within `rate_window_secs`; 0 turns the limit off.
    pub rate_limit: u32,
    pub rate_window_secs: u64,
    /// How many proxies the operator runs in front of the server: the client
    /// is the N-th `X-Forwarded-For` address from the right (0: the peer).
    pub trust_proxy: usize,
    /// A feed (the widget's JSON list, JSON Feed, RSS or Atom) of candidate
    /// stories for `GET /api/articles/{id}/related`; none turns it off.
    pub related_feed: Option<PathBuf>,
    /// Timeouts and sizes per connection, and the connection cap.
    pub limits: listener::Limits,
}

/// Shared by every request.
pub struct AppState {
    pub store: db::Store,
    pub articles: articles::Articles,
    /// Candidate related stories, read once at start, and their rankings.
    pub related: related::Related,
    pub limiter: Box<dyn rate_limit::RateLimit>,
    pub config: Config,
}

/// Builds the application: opens the database, loads the articles.
pub fn app(config: Config) -> Result<Router, String> {
    let origins = cors::Origins::parse(&config.cors_origins)?;
    let dist = config.dist.as_deref().map(static_files::router).transpose()?;
    let store = db::Store::open(&config.db).map_err(|e| format!("database {}: {e}", config.db.display()))?;
    let articles = articles::Articles::load(&config.articles)?;
    tracing::info!(count = articles.len(), folder = %config.articles.display(), "articles loaded");
    let limiter = Box::new(rate_limit::InMemory::new(config.rate_limit, config.rate_window_secs));
    let offload = Arc::new(offload::Offload::per_core());
    let related = related::Related::load(config.related_feed.as_deref(), offload.clone())?;
    let state = Arc::new(AppState { store, articles, related, limiter, config });
    let app = api::router(state);
    let app = match dist {
        Some(files) => app.fallback_service(files),
        None => app.fallback(api::no_route),
    };
    // CORS on everything, the widget's own files included: a publisher's
    // page loads them from another origin.
    Ok(app
        .layer(origins.layer())
        .layer(axum::middleware::from_fn_with_state(offload, compression::compress))
        .layer(TraceLayer::new_for_http()))
}

/// Serves until `shutdown` resolves, then finishes the requests under way.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: listener::Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    listener::serve(listener, router, limits, shutdown).await
}
