//! The parts of a request as typed values, each refused as an [`ApiError`]
//! (axum's own extractors with their rejections converted by `From`, as in
//! axum's error-handling examples), and the `Idempotency-Key` header as a
//! checked [`IdempotencyKey`].

use axum::extract::{FromRequest, FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;

use crate::error::ApiError;

/// A JSON body; a wrong content type, malformed JSON or a body over the
/// limit become the API's 400 and 413 answers.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

/// A query string; one that does not parse is a 400 `bad_query`.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

/// The `{id}` of `/api/articles/{id}…`; one that does not decode is a 400 `bad_path`.
#[derive(FromRequestParts)]
#[from_request(rejection(ApiError))]
pub struct ArticleId(#[from_request(via(axum::extract::Path))] pub String);

/// The `Idempotency-Key` of a post: 1 to 200 visible ASCII characters, the
/// same on every retry of one draft.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub const MAX_LEN: usize = 200;

    pub fn parse(text: &[u8]) -> Result<IdempotencyKey, ApiError> {
        let visible = |b: &u8| (0x21..=0x7e).contains(b);
        if text.is_empty() || text.len() > Self::MAX_LEN || !text.iter().all(visible) {
            return Err(ApiError::BadIdempotencyKey);
        }
        // Visible ASCII is UTF-8.
        Ok(IdempotencyKey(String::from_utf8_lossy(text).into_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<S: Send + Sync> OptionalFromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Option<IdempotencyKey>, ApiError> {
        match parts.headers.get("idempotency-key") {
            None => Ok(None),
            Some(value) => IdempotencyKey::parse(value.as_bytes()).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_visible_ascii_up_to_200() {
        assert_eq!(IdempotencyKey::parse(b"0f8c-4a").unwrap().as_str(), "0f8c-4a");
        assert!(IdempotencyKey::parse(&[b'k'; 200]).is_ok());
        for bad in [&b""[..], &[b'k'; 201], b"a b", b"caf\xc3\xa9", b"tab\t"] {
            assert!(matches!(IdempotencyKey::parse(bad), Err(ApiError::BadIdempotencyKey)), "{bad:?}");
        }
    }
}
