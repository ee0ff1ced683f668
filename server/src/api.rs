//! The HTTP API: routes and handlers. Errors are [`ApiError`]s (one JSON
//! shape); request parts are read by the extractors of [`crate::extract`].

use std::net::SocketAddr;
use std::sync::Arc;

use article_widget_core::comment::{self, CommentPage, NewComment, Posted, Publication, ValidComment};
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::client::Client;
use crate::db::{self, NewRow, Status, Stored};
use crate::error::ApiError;
use crate::extract::{ArticleId, IdempotencyKey, Json, Query};
use crate::{clock, AppState, Moderation};

/// Largest request body accepted: the largest valid comment, as JSON.
pub const BODY_LIMIT: usize = comment::MAX_JSON_BYTES;
/// The same author posting the same text within this time is a duplicate.
const DUPLICATE_WINDOW: time::Duration = time::Duration::minutes(10);
/// A form sent faster than this after it was first touched is a bot's.
const HUMAN_MIN: time::Duration = time::Duration::seconds(2);

type Shared = Arc<AppState>;

/// The API's routes; `lib.rs` adds the static files, CORS, compression
/// and tracing around them.
pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/healthz", get(health))
        .route("/api/articles/{id}", get(article))
        .route("/api/articles/{id}/comments", get(list).post(post))
        .route("/api/articles/{id}/related", get(related))
        .route("/api/{*rest}", get(no_route).post(no_route))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

async fn health() -> axum::Json<serde_json::Value> {
    axum::Json(json!({ "status": "ok" }))
}

/// A JSON 404.
pub async fn no_route() -> ApiError {
    ApiError::NotFound
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

async fn article(State(state): State<Shared>, ArticleId(id): ArticleId) -> Result<Response, ApiError> {
    let text = state.articles.get(&id).ok_or(ApiError::UnknownArticle(id))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], text.to_owned()).into_response())
}

#[derive(Deserialize)]
struct RelatedQuery {
    limit: Option<usize>,
    order: Option<String>,
}

/// The article's related stories, ranked by the function the widget runs.
async fn related(
    State(state): State<Shared>,
    ArticleId(id): ArticleId,
    Query(query): Query<RelatedQuery>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    use article_widget_core::related::Order;
    let article = state.articles.article(&id).ok_or(ApiError::UnknownArticle(id))?;
    let order = match query.order.as_deref() {
        None => Order::Relevance,
        Some(text) => {
            Order::parse(text).ok_or_else(|| ApiError::BadQuery("order is relevance, date or as-is".into()))?
        }
    };
    let limit = query.limit.unwrap_or(5).clamp(1, crate::related::MAX_LIMIT);
    let stories = state.related.stories(article, order, limit).await.map_err(ApiError::internal)?;
    Ok(axum::Json(json!({ "stories": stories })))
}

#[derive(Deserialize)]
struct Paging {
    offset: Option<u64>,
    limit: Option<u64>,
}

async fn list(
    State(state): State<Shared>,
    ArticleId(id): ArticleId,
    Query(paging): Query<Paging>,
) -> Result<axum::Json<CommentPage>, ApiError> {
    if state.articles.get(&id).is_none() {
        return Err(ApiError::UnknownArticle(id));
    }
    let offset = paging.offset.unwrap_or(0);
    let limit = paging.limit.unwrap_or(20).clamp(1, 100);
    let store = state.store.clone();
    let (rows, total) =
        tokio::task::spawn_blocking(move || store.published(&id, offset, limit)).await?.map_err(ApiError::internal)?;
    Ok(axum::Json(CommentPage { comments: rows.iter().map(Stored::public).collect(), total }))
}

async fn post(
    State(state): State<Shared>,
    ArticleId(id): ArticleId,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    key: Option<IdempotencyKey>,
    Json(new): Json<NewComment>,
) -> Result<Response, ApiError> {
    if state.articles.get(&id).is_none() {
        return Err(ApiError::UnknownArticle(id));
    }
    let comment = comment::validate(&new).map_err(ApiError::Invalid)?;
    let client = Client::of(&headers, peer, state.config.trust_proxy);
    tokio::task::spawn_blocking(move || add_comment(&state, &id, comment, key, client)).await?
}

/// A fingerprint of what was posted, to tell a retry from a different
/// comment sent with the same key.
fn request_hash(article_id: &str, c: &ValidComment) -> String {
    let mut hash = Sha256::new();
    for part in [article_id, c.author(), c.email(), c.website().unwrap_or(""), c.body()] {
        hash.update(part.as_bytes());
        hash.update([0u8]);
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The answer to an accepted comment, the first time and on every replay.
fn accepted(stored: &Stored) -> Response {
    let (status, publication) = match stored.status {
        Status::Published => (StatusCode::CREATED, Publication::Published),
        // Spam and rejected comments look pending to their sender.
        _ => (StatusCode::ACCEPTED, Publication::Pending),
    };
    (status, axum::Json(Posted { comment: stored.public(), status: publication })).into_response()
}

/// What the store made of a post.
enum Outcome {
    /// Stored now, or earlier under the same key with the same body.
    Accepted(Stored),
    KeyReused,
    Duplicate,
}

fn add_comment(
    state: &AppState,
    article_id: &str,
    comment: ValidComment,
    key: Option<IdempotencyKey>,
    client: Client,
) -> Result<Response, ApiError> {
    let hash = request_hash(article_id, &comment);
    // The same key again: the first answer (or a refusal), before anything
    // else, so a retry is never held by the limit.
    let replay = |conn: &rusqlite::Connection| -> rusqlite::Result<Option<Outcome>> {
        let Some(key) = &key else { return Ok(None) };
        Ok(db::by_key(conn, key.as_str())?.map(|stored| {
            if stored.article_id == article_id && stored.request_hash == hash {
                Outcome::Accepted(stored)
            } else {
                Outcome::KeyReused
            }
        }))
    };
    if let Some(outcome) = state.store.atomically(replay).map_err(ApiError::internal)? {
        return answer(outcome);
    }
    // Only posts that could be stored count against the limit.
    state.limiter.check(&client.key).map_err(|retry_after| ApiError::RateLimited { retry_after })?;

    let now = clock::now();
    let too_fast = comment
        .started_at()
        .and_then(clock::parse)
        .is_some_and(|started| now - started < HUMAN_MIN && started - now < time::Duration::seconds(5));
    let is_spam = comment.honeypot().is_some() || too_fast;
    let since = clock::format(now - DUPLICATE_WINDOW);
    let created_at = clock::format(now);
    let client = client.addr.to_string();

    // Checks and insert in one transaction: two requests cannot both pass
    // the duplicate check, nor one answer `duplicate` for the other's key.
    let outcome = state
        .store
        .atomically(|conn| {
            if let Some(outcome) = replay(conn)? {
                return Ok(outcome);
            }
            if !is_spam && db::duplicate(conn, article_id, comment.author(), comment.body(), &since)? {
                return Ok(Outcome::Duplicate);
            }
            let status = match (is_spam, state.config.moderation) {
                (true, _) => Status::Spam,
                (false, Moderation::Off) => Status::Published,
                (false, Moderation::All) => Status::Pending,
                (false, Moderation::FirstTime) if db::known_author(conn, comment.email())? => Status::Published,
                (false, Moderation::FirstTime) => Status::Pending,
            };
            let row = NewRow {
                article_id,
                comment: &comment,
                status,
                created_at: &created_at,
                client: &client,
                idempotency_key: key.as_ref().map(IdempotencyKey::as_str),
                request_hash: &hash,
            };
            let stored = db::insert(conn, &row)?;
            tracing::info!(id = stored.id, article = article_id, status = stored.status.as_str(), "comment stored");
            Ok(Outcome::Accepted(stored))
        })
        .map_err(ApiError::internal)?;
    answer(outcome)
}

fn answer(outcome: Outcome) -> Result<Response, ApiError> {
    match outcome {
        Outcome::Accepted(stored) => Ok(accepted(&stored)),
        Outcome::KeyReused => Err(ApiError::KeyReused),
        Outcome::Duplicate => Err(ApiError::Duplicate),
    }
}
