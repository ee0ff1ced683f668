//! The HTTP API: routes and handlers. Errors are [`ApiError`]s (one JSON
//! shape); request parts are read by the extractors of [`crate::extract`].

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use article_widget_core::comment::{self, CommentPage, EditGrant, NewComment, Posted, Publication, ValidComment};
use article_widget_core::error_code::ErrorCode;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch};
use axum::Router;
use serde::Deserialize;
use serde_json::json;

use crate::client::Client;
use crate::error::ApiError;
use crate::extract::{ArticleId, IdempotencyKey, Json, Query};
use crate::keys;
use crate::store::{Outcome, SpamReason, Status, Stored, Submission};
use crate::{clock, AppState};

/// Largest request body accepted: the largest valid comment, as JSON.
pub const BODY_LIMIT: usize = comment::MAX_JSON_BYTES;
/// The same author posting the same text within this time is a duplicate.
const DUPLICATE_WINDOW: time::Duration = time::Duration::minutes(10);
/// A form sent faster than this after it was first touched is a bot's.
const HUMAN_MIN: time::Duration = time::Duration::seconds(2);
/// Old clients page by `offset`, which the database pays for row by row:
/// this far and no further (the widget pages by `after`).
pub const MAX_OFFSET: u32 = 1000;
/// How long `/healthz` waits for the database.
const HEALTH_WAIT: Duration = Duration::from_secs(2);

pub(crate) type Shared = Arc<AppState>;

/// The API's routes; `lib.rs` adds the static files, CORS, compression
/// and tracing around them.
pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/healthz", get(health))
        .route("/api/articles/{id}", get(article))
        .route("/api/articles/{id}/comments", get(list).post(post))
        .route("/api/articles/{id}/comments/{comment}", patch(crate::own::edit).delete(crate::own::delete))
        .route("/api/articles/{id}/related", get(related))
        .route("/api/counts", get(crate::counts::counts))
        .route("/api/{*rest}", get(no_route).post(no_route))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// 200 while the database answers, 503 (with `Retry-After`) while it does not.
async fn health(State(state): State<Shared>) -> Response {
    let store = &state.database.store;
    match tokio::time::timeout(HEALTH_WAIT, store.ping()).await {
        Ok(Ok(())) => axum::Json(json!({ "status": "ok", "database": store.backend() })).into_response(),
        failed => {
            let why = match failed {
                Ok(Err(e)) => e.to_string(),
                _ => format!("no answer within {} s", HEALTH_WAIT.as_secs()),
            };
            tracing::warn!(error = %why, "health check: the database does not answer");
            let body = json!({
                "status": "unavailable",
                "database": store.backend(),
                "error": ErrorCode::Unavailable.as_str(),
                "message": "the comment database cannot be reached",
            });
            let mut response = (StatusCode::SERVICE_UNAVAILABLE, axum::Json(body)).into_response();
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(crate::error::RETRY_UNAVAILABLE));
            response
        }
    }
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
    /// The `next` of the previous page.
    after: Option<String>,
    offset: Option<u32>,
    limit: Option<u32>,
}

async fn list(
    State(state): State<Shared>,
    ArticleId(id): ArticleId,
    Query(paging): Query<Paging>,
) -> Result<axum::Json<CommentPage>, ApiError> {
    if state.articles.get(&id).is_none() {
        return Err(ApiError::UnknownArticle(id));
    }
    let limit = paging.limit.unwrap_or(20).clamp(1, 100);
    let store = &state.database.store;
    let page = match (paging.after.as_deref(), paging.offset) {
        (Some(_), Some(_)) => return Err(ApiError::BadQuery("give `after` or `offset`, not both".into())),
        (Some(after), None) => {
            let after = after
                .parse::<i64>()
                .ok()
                .filter(|a| *a >= 0)
                .ok_or_else(|| ApiError::BadQuery("`after` is the `next` of the previous page".into()))?;
            store.page(&id, Some(after), limit).await?
        }
        (None, Some(offset)) if offset > MAX_OFFSET => {
            return Err(ApiError::BadQuery(format!(
                "`offset` goes up to {MAX_OFFSET}; page with `after` (the `next` of each page)"
            )))
        }
        (None, Some(offset)) if offset > 0 => store.page_at(&id, offset, limit).await?,
        (None, _) => store.page(&id, None, limit).await?,
    };
    Ok(axum::Json(CommentPage {
        comments: page.comments.iter().map(Stored::public).collect(),
        total: page.total,
        next: page.next.map(|n| n.to_string()),
    }))
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
    let comment = comment::validate(&new).map_err(ApiError::invalid)?;
    let parent_id = match comment.parent() {
        None => None,
        Some(parent) => Some(parent.parse::<i64>().ok().filter(|p| *p > 0).ok_or(ApiError::bad_field("parent"))?),
    };
    let reader_key_hash = comment.reader_key().map(reader_key_hash).transpose()?;
    let client = Client::of(&headers, peer, state.config.trust_proxy);
    let hash = request_hash(&id, &comment);
    let token = edit_token(&state, key.as_ref())?;
    // The same key again: the first answer (or a refusal), before the
    // limit, so a retry is never held by it.
    if let Some(key) = &key {
        if let Some(stored) = state.database.store.by_key(key.as_str()).await? {
            let same = stored.article_id == id && stored.request_hash == hash;
            return answer(if same { Outcome::Replayed(stored) } else { Outcome::KeyReused }, token.as_deref());
        }
    }
    // Only posts that could be stored count against the limit.
    state.limiter.check(&client.key).await?.map_err(|retry_after| ApiError::RateLimited { retry_after })?;

    let now = clock::now();
    let too_fast = comment
        .started_at()
        .and_then(clock::parse)
        .is_some_and(|started| now - started < HUMAN_MIN && started - now < time::Duration::seconds(5));
    let spam = match (comment.honeypot(), too_fast) {
        (Some(_), _) => Some(SpamReason::Honeypot),
        (None, true) => Some(SpamReason::TooFast),
        (None, false) => None,
    };
    let keep_client = state.config.client_retention_days > 0;
    let post = Submission {
        article_id: id,
        spam,
        comment,
        parent_id,
        moderation: state.config.moderation,
        trust: state.config.trust,
        created_at: now,
        duplicate_since: now - DUPLICATE_WINDOW,
        client: if keep_client { client.addr.to_string() } else { String::new() },
        idempotency_key: key.map(|k| k.as_str().to_owned()),
        request_hash: hash,
        reader_key_hash,
        client_hash: state.client_hash(&client),
        edit_token_hash: token.as_deref().map(edit_token_hash),
        editable_until: token.as_ref().map(|_| now + state.config.edit_window),
    };
    let outcome = state.database.store.submit(&post).await?;
    if let Outcome::Stored(stored) = &outcome {
        tracing::info!(id = stored.id, article = %stored.article_id, status = stored.status.as_str(), "comment stored");
    }
    answer(outcome, token.as_deref())
}

/// The edit token a post is answered with, none when readers may not edit.
/// With an idempotency key it is derived from it (keyed by the database's
/// secret), so a retry of the same post gets the same token back; without
/// one it is random. Only its hash is stored.
fn edit_token(state: &AppState, key: Option<&IdempotencyKey>) -> Result<Option<String>, ApiError> {
    if state.config.edit_window.is_zero() {
        return Ok(None);
    }
    Ok(Some(match key {
        Some(key) => state.keyed.hash("edit-token", key.as_str()),
        None => keys::token().map_err(ApiError::internal)?,
    }))
}

/// What the database keeps of an edit token.
pub fn edit_token_hash(token: &str) -> String {
    keys::sha256(["edit-token", token])
}

/// A fingerprint of what was posted, to tell a retry from a different
/// comment sent with the same key.
fn request_hash(article_id: &str, c: &ValidComment) -> String {
    let parent = c.parent().unwrap_or("");
    keys::sha256([article_id, c.author(), c.email(), c.website().unwrap_or(""), c.body(), parent])
}

/// What is stored of the reader's key: its SHA-256, never the key. A key is
/// 16 to 200 visible ASCII characters (the widget sends a UUID).
fn reader_key_hash(key: &str) -> Result<String, ApiError> {
    let well_formed = (16..=200).contains(&key.len()) && key.bytes().all(|b| (0x21..=0x7e).contains(&b));
    if !well_formed {
        return Err(ApiError::bad_field("reader_key"));
    }
    Ok(keys::sha256(["reader-key", key]))
}

/// How a comment looks to its sender: spam and rejected comments look pending.
pub fn publication(status: Status) -> Publication {
    match status {
        Status::Published => Publication::Published,
        _ => Publication::Pending,
    }
}

/// The answer to an accepted comment, the first time and on every replay,
/// with the edit grant when `token` is the one stored for it.
fn accepted(stored: &Stored, token: Option<&str>) -> Response {
    let publication = publication(stored.status);
    let status = if publication == Publication::Published { StatusCode::CREATED } else { StatusCode::ACCEPTED };
    let edit = match (token, &stored.edit_token_hash, &stored.editable_until) {
        (Some(token), Some(hash), Some(until)) if keys::same(&edit_token_hash(token), hash) => {
            Some(EditGrant { token: token.to_owned(), until: until.clone() })
        }
        _ => None,
    };
    (status, axum::Json(Posted { comment: stored.public(), status: publication, edit })).into_response()
}

fn answer(outcome: Outcome, token: Option<&str>) -> Result<Response, ApiError> {
    match outcome {
        Outcome::Stored(stored) | Outcome::Replayed(stored) => Ok(accepted(&stored, token)),
        Outcome::KeyReused => Err(ApiError::KeyReused),
        Outcome::Duplicate => Err(ApiError::Duplicate),
        Outcome::BadParent => Err(ApiError::bad_field("parent")),
    }
}
