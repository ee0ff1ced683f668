//! A reader's own comment: for a while after posting (`--edit-window`,
//! 15 minutes by default) the browser that posted it may change its text
//! or delete it, proved by the edit token the post was answered with.
//!
//! - `PATCH  /api/articles/{id}/comments/{comment}` `{"body": …}` → 200 `{"comment", "status"}`
//! - `DELETE /api/articles/{id}/comments/{comment}` → 204
//!
//! The token travels in the `X-Edit-Token` header, never in a URL (which
//! logs and `Referer` keep); the database holds only its SHA-256, compared
//! in constant time; after the window it is refused even when right. An
//! edit is validated by the rules of a new comment (`comment::validate`)
//! and keeps moderation's: see `store::moderation::edited_status`.

use std::net::SocketAddr;

use article_widget_core::comment::{self, Edit, NewComment, Posted, EDIT_TOKEN_HEADER};
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::api::{edit_token_hash, publication, Shared};
use crate::client::Client;
use crate::clock;
use crate::error::ApiError;
use crate::extract::Json;
use crate::store::{Change, ChangeOutcome, OwnChange};

/// `/api/articles/{id}/comments/{comment}`: an article id and a comment id
/// (a positive integer; anything else names no comment: 404).
pub struct CommentPath {
    pub article: String,
    pub comment: i64,
}

impl<S: Send + Sync> FromRequestParts<S> for CommentPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<CommentPath, ApiError> {
        let axum::extract::Path((article, comment)) =
            axum::extract::Path::<(String, String)>::from_request_parts(parts, state).await?;
        let comment = comment.parse::<i64>().ok().filter(|c| *c > 0).ok_or(ApiError::NotFound)?;
        Ok(CommentPath { article, comment })
    }
}

/// The token of the `X-Edit-Token` header, hashed as stored; a missing or
/// malformed one is refused like a wrong one.
fn token_hash(headers: &HeaderMap) -> Result<String, ApiError> {
    let token = headers.get(EDIT_TOKEN_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
    let well_formed = (1..=200).contains(&token.len()) && token.bytes().all(|b| (0x21..=0x7e).contains(&b));
    if !well_formed {
        return Err(ApiError::EditForbidden);
    }
    Ok(edit_token_hash(token))
}

fn refused(outcome: ChangeOutcome) -> ApiError {
    match outcome {
        ChangeOutcome::NotFound => ApiError::NotFound,
        ChangeOutcome::WindowClosed => ApiError::EditWindowClosed,
        _ => ApiError::EditForbidden,
    }
}

pub async fn edit(
    State(state): State<Shared>,
    path: CommentPath,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(edit): Json<Edit>,
) -> Result<Response, ApiError> {
    if state.articles.get(&path.article).is_none() {
        return Err(ApiError::UnknownArticle(path.article));
    }
    let token_hash = token_hash(&headers)?;
    let store = &state.database.store;
    let now = clock::now();
    // Checked here first so that a wrong token learns nothing of the text's
    // problems; checked again, atomically, by the store.
    let stored = store.get(path.comment).await?.filter(|c| c.article_id == path.article).ok_or(ApiError::NotFound)?;
    crate::store::moderation::may_change(&stored, &token_hash, now).map_err(refused)?;
    // The rules of a new comment, on the new text with the comment's own name and address.
    let new = NewComment {
        author: stored.author.clone(),
        email: stored.email.clone(),
        website: stored.website.clone(),
        body: edit.body,
        ..NewComment::default()
    };
    let valid = comment::validate(&new).map_err(ApiError::invalid)?;
    let client = Client::of(&headers, peer, state.config.trust_proxy);
    state.limiter.check(&client.key).await?.map_err(|retry_after| ApiError::RateLimited { retry_after })?;
    let change = Change::Edit {
        body: valid.body().to_owned(),
        moderation: state.config.moderation,
        client_hash: state.client_hash(&client),
    };
    let own = OwnChange { id: path.comment, article_id: path.article, token_hash, now, change };
    match store.change_own(&own).await? {
        ChangeOutcome::Edited(stored) => {
            tracing::info!(id = stored.id, status = stored.status.as_str(), "comment edited by its author");
            let posted = Posted { comment: stored.public(), status: publication(stored.status), edit: None };
            Ok(axum::Json(posted).into_response())
        }
        other => Err(refused(other)),
    }
}

pub async fn delete(State(state): State<Shared>, path: CommentPath, headers: HeaderMap) -> Result<Response, ApiError> {
    if state.articles.get(&path.article).is_none() {
        return Err(ApiError::UnknownArticle(path.article));
    }
    let token_hash = token_hash(&headers)?;
    let own =
        OwnChange { id: path.comment, article_id: path.article, token_hash, now: clock::now(), change: Change::Delete };
    match state.database.store.change_own(&own).await? {
        ChangeOutcome::Deleted => {
            tracing::info!(id = own.id, "comment deleted by its author");
            Ok(StatusCode::NO_CONTENT.into_response())
        }
        other => Err(refused(other)),
    }
}
