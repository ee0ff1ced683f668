//! `GET /api/counts?articles=a,b,c`: published comments per article for a
//! listing page, many articles in one request (the count embed batches
//! every count of a page into one). At most [`MAX_ARTICLES`] ids; an
//! article this server does not know counts `null`. Answers may be cached
//! for [`MAX_AGE`] seconds by browsers and shared caches, and carry an
//! `ETag`, so a page seen again is answered 304 with no body.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::api::Shared;
use crate::error::ApiError;
use crate::extract::Query;
use crate::keys;

/// Most articles one request may ask for (a listing page rarely shows more than 50).
pub const MAX_ARTICLES: usize = 100;
/// Seconds an answer may be reused.
pub const MAX_AGE: u32 = 30;

#[derive(Deserialize)]
pub struct CountsQuery {
    articles: Option<String>,
}

/// The distinct article ids asked for, in order; refused when there are
/// none, too many, or one that is not an id.
pub fn article_ids(list: Option<&str>) -> Result<Vec<String>, ApiError> {
    let mut ids: Vec<String> = Vec::new();
    for id in list.unwrap_or("").split(',').map(str::trim).filter(|id| !id.is_empty()) {
        if id.len() > 200 || id.chars().any(char::is_control) {
            return Err(ApiError::BadQuery(format!(
                "{:?} is not an article id",
                id.chars().take(40).collect::<String>()
            )));
        }
        if !ids.iter().any(|seen| seen == id) {
            ids.push(id.to_owned());
        }
        if ids.len() > MAX_ARTICLES {
            return Err(ApiError::BadQuery(format!("at most {MAX_ARTICLES} articles per request")));
        }
    }
    if ids.is_empty() {
        return Err(ApiError::BadQuery("give `articles`, a comma-separated list of article ids".into()));
    }
    Ok(ids)
}

pub async fn counts(
    State(state): State<Shared>,
    Query(query): Query<CountsQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let ids = article_ids(query.articles.as_deref())?;
    let known: Vec<String> = ids.iter().filter(|id| state.articles.get(id).is_some()).cloned().collect();
    let stored: BTreeMap<String, u64> = if known.is_empty() {
        BTreeMap::new()
    } else {
        state.database.store.counts(&known).await?.into_iter().collect()
    };
    let counts: serde_json::Map<String, serde_json::Value> = ids
        .into_iter()
        .map(|id| {
            let count = match state.articles.get(&id) {
                Some(_) => json!(stored.get(&id).copied().unwrap_or(0)),
                None => serde_json::Value::Null,
            };
            (id, count)
        })
        .collect();
    let body = json!({ "counts": counts }).to_string();
    // Weak: the compression layer may send it in another encoding.
    let etag = format!("W/\"{}\"", &keys::sha256([body.as_str()])[..32]);
    let cache = [
        (header::CACHE_CONTROL, HeaderValue::from_str(&format!("public, max-age={MAX_AGE}")).expect("ASCII")),
        (header::ETAG, HeaderValue::from_str(&etag).expect("hex in quotes")),
    ];
    let seen = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|tag| tag.trim().trim_start_matches("W/") == etag.trim_start_matches("W/"));
    if seen {
        return Ok((StatusCode::NOT_MODIFIED, cache).into_response());
    }
    Ok((cache, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_bounded_and_deduplicated() {
        assert_eq!(article_ids(Some(" a, b,,a ,c")).unwrap(), ["a", "b", "c"]);
        assert!(article_ids(None).is_err());
        assert!(article_ids(Some(" , ")).is_err());
        let many: Vec<String> = (0..=MAX_ARTICLES).map(|i| format!("a{i}")).collect();
        assert!(article_ids(Some(&many.join(","))).is_err());
        assert_eq!(article_ids(Some(&many[..MAX_ARTICLES].join(","))).unwrap().len(), MAX_ARTICLES);
        assert!(article_ids(Some(&"x".repeat(201))).is_err());
        assert!(article_ids(Some("a\u{7}b")).is_err());
    }
}
