//! The reference comment and article service for article-widget.
//!
//! - `GET  /healthz`: 200 while the database answers, 503 while it does not
//! - `GET  /api/articles/{id}`: an article from the articles folder
//! - `GET  /api/articles/{id}/comments?after&limit`: published comments, oldest first, by cursor
//! - `POST /api/articles/{id}/comments`: add one (validated by the widget's own rules)
//! - `PATCH|DELETE /api/articles/{id}/comments/{comment}`: its author changes it, for a while (`own`)
//! - `GET  /api/counts?articles=a,b`: published comments per article, for listing pages (`counts`)
//! - `GET  /api/articles/{id}/related?limit&order`: stories ranked by the widget's own function
//! - `/admin`: the moderation page, for signed-in moderators (`admin`)
//! - anything else: the built widget and demo pages from the dist folder
//!
//! The API is written down in `server/openapi.json`; the integration tests
//! check every answer against it.

pub mod admin;
pub mod api;
pub mod articles;
pub mod client;
pub mod clock;
pub mod compression;
pub mod cors;
pub mod counts;
pub mod error;
pub mod extract;
pub mod keys;
pub mod listener;
pub mod migrate;
pub mod offload;
pub mod own;
pub mod rate_limit;
pub mod related;
pub mod static_files;
pub mod store;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

pub use store::{DatabaseUrl, Moderation, Trust};

/// Everything the server is told at start.
#[derive(Clone, Debug)]
pub struct Config {
    /// `sqlite://PATH` or `postgres://…`.
    pub database: DatabaseUrl,
    pub articles: PathBuf,
    /// The built widget and demo pages (`trunk build --release` output).
    pub dist: Option<PathBuf>,
    /// Origins allowed to call the API from a browser; empty allows any
    /// (without credentials).
    pub cors_origins: Vec<String>,
    pub moderation: Moderation,
    /// What makes a reader known to `first-time` moderation.
    pub trust: Trust,
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
    /// Days a comment keeps its client's address (for moderators looking
    /// into abuse); 0 keeps none.
    pub client_retention_days: u32,
    /// How long after posting a reader may edit or delete their comment; zero turns it off.
    pub edit_window: std::time::Duration,
    /// How long a moderator's session lasts after signing in.
    pub admin_session: std::time::Duration,
}

/// Shared by every request.
pub struct AppState {
    pub database: store::Database,
    pub articles: articles::Articles,
    /// Candidate related stories, read once at start, and their rankings.
    pub related: related::Related,
    /// In this process (SQLite), or counted in the database (PostgreSQL).
    pub limiter: Box<dyn rate_limit::RateLimit>,
    /// Keyed by the database's secret: client hashes, edit tokens.
    pub keyed: keys::Keyed,
    pub config: Config,
}

impl AppState {
    /// What blocks and the moderation page know of a client: the keyed
    /// hash of its address (IPv4) or network (IPv6 /64), never the address.
    pub fn client_hash(&self, client: &client::Client) -> String {
        self.keyed.hash("client", &client.key.to_string())
    }
}

/// Builds the application: opens the database (bringing its schema up to
/// date), loads the articles, starts the upkeep task.
pub async fn app(config: Config) -> Result<Router, String> {
    let origins = cors::Origins::parse(&config.cors_origins)?;
    let dist = config.dist.as_deref().map(static_files::router).transpose()?;
    let articles = articles::Articles::load(&config.articles)?;
    tracing::info!(count = articles.len(), folder = %config.articles.display(), "articles loaded");
    let offload = Arc::new(offload::Offload::per_core());
    let related = related::Related::load(config.related_feed.as_deref(), offload.clone())?;
    let database = config.database.open().await.map_err(|e| format!("database {}: {e}", config.database))?;
    tracing::info!(database = %config.database, "database ready");
    let limiter: Box<dyn rate_limit::RateLimit> = match &database.shared_limits {
        Some(counters) => Box::new(store::Shared::new(counters.clone(), config.rate_limit, config.rate_window_secs)),
        None => Box::new(rate_limit::InMemory::new(config.rate_limit, config.rate_window_secs)),
    };
    let keyed =
        keys::Keyed::new(database.store.secret().await.map_err(|e| format!("database {}: {e}", config.database))?);
    tokio::spawn(upkeep(database.clone(), config.client_retention_days));
    let state = Arc::new(AppState { database, articles, related, limiter, keyed, config });
    let app = api::router(state.clone());
    let app = match dist {
        Some(files) => app.fallback_service(files),
        None => app.fallback(api::no_route),
    };
    // CORS on everything, the widget's own files included (a publisher's
    // page loads them from another origin), except the moderation page,
    // which no other origin may read.
    Ok(app
        .layer(origins.layer())
        .merge(admin::router(state))
        .layer(axum::middleware::from_fn_with_state(offload, compression::compress))
        .layer(TraceLayer::new_for_http()))
}

/// How often client addresses past their retention are dropped and the
/// shared rate-limit counters pruned.
const UPKEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Drops client addresses older than the retention period, prunes the
/// shared rate-limit counters: at start, then every hour. Failures are
/// logged and tried again next time.
async fn upkeep(database: store::Database, retention_days: u32) {
    let mut every = tokio::time::interval(UPKEEP_EVERY);
    loop {
        every.tick().await;
        let before = clock::now() - time::Duration::days(i64::from(retention_days));
        match database.store.forget_clients(before).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(comments = n, days = retention_days, "client addresses past retention dropped"),
            Err(e) => tracing::warn!(error = %e, "dropping old client addresses failed; trying again later"),
        }
        let now = clock::now();
        if let Err(e) = database.store.purge_sessions(now, now - admin::LOGIN_WINDOW).await {
            tracing::warn!(error = %e, "dropping expired sessions failed; trying again later");
        }
        if let Some(counters) = &database.shared_limits {
            if let Err(e) = counters.purge().await {
                tracing::warn!(error = %e, "pruning rate-limit counters failed; trying again later");
            }
        }
    }
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
