//! The HTTP API: routes, handlers, and the one JSON error shape
//! `{"error": code, "message": text}`.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use article_widget_core::comment::{self, CommentPage, NewComment, Posted, Publication};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, Any, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

use crate::db::{self, NewRow, Status, Stored};
use crate::{clock, AppState, Moderation};

/// Largest request body accepted; a comment is at most 5000 characters.
pub const BODY_LIMIT: usize = 16 * 1024;
/// The same author posting the same text within this time is a duplicate.
const DUPLICATE_WINDOW: time::Duration = time::Duration::minutes(10);
/// A form sent faster than this after it was first touched is a bot's.
const HUMAN_MIN: time::Duration = time::Duration::seconds(2);

type Shared = Arc<AppState>;

pub fn router(state: Shared) -> Router {
    let api = Router::new()
        .route("/healthz", get(health))
        .route("/api/articles/{id}", get(article))
        .route("/api/articles/{id}/comments", get(list).post(post))
        .route("/api/articles/{id}/related", get(related))
        .route("/api/{*rest}", get(no_route).post(no_route))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(cors(&state.config.cors_origins));
    let dist = state.config.dist.clone();
    let app = api.with_state(state);
    let app = match dist {
        // Files with a .br or .gz beside them (scripts/precompress.mjs) go
        // out as they are; the compression layer leaves encoded answers alone.
        Some(dir) => app.fallback_service(ServeDir::new(dir).precompressed_br().precompressed_gzip()),
        None => app.fallback(no_route),
    };
    app.layer(CompressionLayer::new()).layer(TraceLayer::new_for_http())
}

fn cors(origins: &[String]) -> CorsLayer {
    let layer = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([
            header::CONTENT_TYPE,
            header::HeaderName::from_static("idempotency-key"),
            header::HeaderName::from_static("x-csrf-token"),
        ])
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(600));
    // `app` has checked the list: well-formed origins, no "*" among others.
    if origins.is_empty() || origins.iter().any(|o| o == "*") {
        layer.allow_origin(Any)
    } else {
        let list: Vec<HeaderValue> = origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
        layer.allow_origin(AllowOrigin::list(list)).allow_credentials(true)
    }
}

/// An error answer: `{"error": code, "message": …}` plus extra fields.
struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    extra: Option<serde_json::Value>,
    retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), extra: None, retry_after: None }
    }

    fn internal(e: impl std::fmt::Display) -> ApiError {
        tracing::error!(error = %e, "internal error");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the server could not complete the request")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": self.code, "message": self.message });
        if let (Some(extra), Some(object)) = (self.extra, body.as_object_mut()) {
            if let Some(fields) = extra.as_object() {
                object.extend(fields.clone());
            }
        }
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

async fn no_route() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such resource")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "this resource does not take that method")
}

/// The `{id}` of a path, or a JSON 400 when it does not decode.
fn article_id(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    path.map(|Path(id)| id).map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "bad_path", e.body_text()))
}

/// The query of a request, or a JSON 400 when it does not parse.
fn query_of<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    query.map(|Query(q)| q).map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "bad_query", e.body_text()))
}

async fn article(State(state): State<Shared>, id: Result<Path<String>, PathRejection>) -> Result<Response, ApiError> {
    let id = article_id(id)?;
    let text = state.articles.get(&id).ok_or_else(|| unknown_article(&id))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], text.to_owned()).into_response())
}

fn unknown_article(id: &str) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "unknown_article", format!("no article `{id}`"))
}

#[derive(Deserialize)]
struct RelatedQuery {
    limit: Option<usize>,
    order: Option<String>,
}

/// The article's related stories, ranked by the function the widget runs.
async fn related(
    State(state): State<Shared>,
    id: Result<Path<String>, PathRejection>,
    query: Result<Query<RelatedQuery>, QueryRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    use article_widget_core::related::{rank, Order, Subject};
    let id = article_id(id)?;
    let article = state.articles.article(&id).ok_or_else(|| unknown_article(&id))?;
    let query = query_of(query)?;
    let order = match query.order.as_deref() {
        None => Order::Relevance,
        Some(text) => Order::parse(text)
            .ok_or_else(|| ApiError::new(StatusCode::BAD_REQUEST, "bad_query", "order is relevance, date or as-is"))?,
    };
    let limit = query.limit.unwrap_or(5).clamp(1, 20);
    // Ranking a large feed is CPU work: off the async workers.
    let stories = tokio::task::spawn_blocking(move || {
        let subject = Subject { id: &article.id, url: article.url.as_deref(), article: &article };
        rank(&subject, state.related.clone(), order, limit)
    })
    .await
    .map_err(ApiError::internal)?;
    Ok(Json(json!({ "stories": stories })))
}

#[derive(Deserialize)]
struct Paging {
    offset: Option<u64>,
    limit: Option<u64>,
}

async fn list(
    State(state): State<Shared>,
    id: Result<Path<String>, PathRejection>,
    paging: Result<Query<Paging>, QueryRejection>,
) -> Result<Json<CommentPage>, ApiError> {
    let id = article_id(id)?;
    if state.articles.get(&id).is_none() {
        return Err(unknown_article(&id));
    }
    let paging = query_of(paging)?;
    let offset = paging.offset.unwrap_or(0);
    let limit = paging.limit.unwrap_or(20).clamp(1, 100);
    let store = state.store.clone();
    let (rows, total) = tokio::task::spawn_blocking(move || store.published(&id, offset, limit))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    Ok(Json(CommentPage { comments: rows.iter().map(Stored::public).collect(), total }))
}

async fn post(
    State(state): State<Shared>,
    id: Result<Path<String>, PathRejection>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let id = article_id(id)?;
    if state.articles.get(&id).is_none() {
        return Err(unknown_article(&id));
    }
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", format!("the body is over {BODY_LIMIT} bytes"))
        } else {
            ApiError::new(StatusCode::BAD_REQUEST, "bad_body", e.body_text())
        }
    })?;
    let json_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !json_type {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "bad_content_type", "send the comment as application/json"));
    }
    let new: NewComment = serde_json::from_slice(&body)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "bad_json", format!("the body is not a comment: {e}")))?;
    let key = match headers.get("idempotency-key") {
        None => None,
        Some(v) => match v.to_str() {
            Ok(k) if !k.is_empty() && k.len() <= 200 => Some(k.to_owned()),
            _ => {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "bad_idempotency_key",
                    "Idempotency-Key must be 1 to 200 visible ASCII characters",
                ))
            }
        },
    };
    let client = client_address(&headers, peer, state.config.trust_proxy);
    tokio::task::spawn_blocking(move || add_comment(&state, &id, new, key, client)).await.map_err(ApiError::internal)?
}

/// The client, for rate limiting: the peer, or, when the server is told it
/// sits behind a proxy, the last `X-Forwarded-For` hop, the one that proxy
/// added (earlier hops come from the client and prove nothing).
fn client_address(headers: &HeaderMap, peer: SocketAddr, trust_proxy: bool) -> IpAddr {
    let forwarded = trust_proxy
        .then(|| headers.get("x-forwarded-for")?.to_str().ok()?.rsplit(',').next()?.trim().parse().ok())
        .flatten();
    forwarded.unwrap_or(peer.ip())
}

/// A fingerprint of what was posted, to tell a retry from a different
/// comment sent with the same key.
fn request_hash(article_id: &str, c: &NewComment) -> String {
    let mut hash = Sha256::new();
    for part in [article_id, &c.author, &c.email, c.website.as_deref().unwrap_or(""), &c.body] {
        hash.update(part.trim().as_bytes());
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
    (status, Json(Posted { comment: stored.public(), status: publication })).into_response()
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
    new: NewComment,
    key: Option<String>,
    client: IpAddr,
) -> Result<Response, ApiError> {
    let hash = request_hash(article_id, &new);
    // The same key again: the first answer (or a refusal), before anything
    // else, so a retry is never held by the limit or by validation.
    let replay = |conn: &rusqlite::Connection| -> rusqlite::Result<Option<Outcome>> {
        let Some(key) = &key else { return Ok(None) };
        Ok(db::by_key(conn, key)?.map(|stored| {
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
    let problems = comment::check(&new);
    if !problems.is_empty() {
        let fields: serde_json::Map<String, serde_json::Value> =
            problems.iter().map(|(f, p)| (f.name().to_owned(), json!(p.code()))).collect();
        let mut error = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", "some fields are not valid");
        error.extra = Some(json!({ "errors": fields }));
        return Err(error);
    }
    // Only posts that could be stored count against the limit.
    if let Err(wait) = state.limiter.check(client) {
        let mut error = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("too many comments; try again in {wait} s"),
        );
        error.retry_after = Some(wait);
        return Err(error);
    }

    let now = clock::now();
    let (author, email, body) = (new.author.trim(), new.email.trim(), new.body.trim());
    let website = new.website.as_deref().map(str::trim).filter(|w| !w.is_empty());
    let too_fast = new
        .started_at
        .as_deref()
        .and_then(clock::parse)
        .is_some_and(|started| now - started < HUMAN_MIN && started - now < time::Duration::seconds(5));
    let is_spam = new.honeypot.as_deref().is_some_and(|h| !h.trim().is_empty()) || too_fast;
    let since = clock::format(now - DUPLICATE_WINDOW);
    let created_at = clock::format(now);
    let client = client.to_string();

    // Checks and insert in one transaction: two requests cannot both pass
    // the duplicate check, nor one answer `duplicate` for the other's key.
    let outcome = state
        .store
        .atomically(|conn| {
            if let Some(outcome) = replay(conn)? {
                return Ok(outcome);
            }
            if !is_spam && db::duplicate(conn, article_id, author, body, &since)? {
                return Ok(Outcome::Duplicate);
            }
            let status = match (is_spam, state.config.moderation) {
                (true, _) => Status::Spam,
                (false, Moderation::Off) => Status::Published,
                (false, Moderation::All) => Status::Pending,
                (false, Moderation::FirstTime) if db::known_author(conn, email)? => Status::Published,
                (false, Moderation::FirstTime) => Status::Pending,
            };
            let row = NewRow {
                article_id,
                author,
                email,
                website,
                body,
                status,
                created_at: &created_at,
                client: &client,
                idempotency_key: key.as_deref(),
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
        Outcome::KeyReused => Err(ApiError::new(
            StatusCode::CONFLICT,
            "idempotency_key_reused",
            "this Idempotency-Key was used for another comment",
        )),
        Outcome::Duplicate => {
            Err(ApiError::new(StatusCode::CONFLICT, "duplicate", "the same comment was posted a moment ago"))
        }
    }
}
