//! The codes of the comment API's error answers, `{"error": code, "message": …}`:
//! the reference server writes them and the widget reads them, both from this
//! one list (and `server/openapi.json` lists the same, checked by a test).

/// One error code of the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// 404: no such resource.
    NotFound,
    /// 405: the resource does not take that method.
    MethodNotAllowed,
    /// 404: no article with this id.
    UnknownArticle,
    /// 400: the path does not decode.
    BadPath,
    /// 400: the query string does not parse, or a value in it is out of range.
    BadQuery,
    /// 400: the body could not be read.
    BadBody,
    /// 400: the body is not `application/json`.
    BadContentType,
    /// 400: the body is not a comment in JSON.
    BadJson,
    /// 400: the `Idempotency-Key` header is not 1 to 200 visible ASCII characters.
    BadIdempotencyKey,
    /// 422: some fields break the rules (`errors` says which).
    Invalid,
    /// 409: the same author posted the same text a moment ago.
    Duplicate,
    /// 409: the `Idempotency-Key` was used for another comment.
    IdempotencyKeyReused,
    /// 413: the body is larger than any valid comment.
    TooLarge,
    /// 429: too many comments from this client (`Retry-After` says how long to wait).
    RateLimited,
    /// 500: the server failed (the details are in its log, not in the answer).
    Internal,
    /// 503: the database cannot be reached for now (`Retry-After` says when to try again).
    Unavailable,
    /// 408: the request body did not arrive in time (the connection closes).
    BodyTimeout,
    /// 431: the request line and headers are over the server's limit.
    HeadersTooLarge,
    /// 414: the request's address is too long.
    UriTooLong,
    /// 400: the request is not HTTP/1.1 the server can read.
    MalformedRequest,
    /// 403: the edit token is missing, or not this comment's.
    EditForbidden,
    /// 403: the edit token was this comment's, but the time to edit it is over.
    EditWindowClosed,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 22] = [
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::UnknownArticle,
        ErrorCode::BadPath,
        ErrorCode::BadQuery,
        ErrorCode::BadBody,
        ErrorCode::BadContentType,
        ErrorCode::BadJson,
        ErrorCode::BadIdempotencyKey,
        ErrorCode::Invalid,
        ErrorCode::Duplicate,
        ErrorCode::IdempotencyKeyReused,
        ErrorCode::TooLarge,
        ErrorCode::RateLimited,
        ErrorCode::Internal,
        ErrorCode::Unavailable,
        ErrorCode::BodyTimeout,
        ErrorCode::HeadersTooLarge,
        ErrorCode::UriTooLong,
        ErrorCode::MalformedRequest,
        ErrorCode::EditForbidden,
        ErrorCode::EditWindowClosed,
    ];

    /// The code as the JSON answer writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::UnknownArticle => "unknown_article",
            ErrorCode::BadPath => "bad_path",
            ErrorCode::BadQuery => "bad_query",
            ErrorCode::BadBody => "bad_body",
            ErrorCode::BadContentType => "bad_content_type",
            ErrorCode::BadJson => "bad_json",
            ErrorCode::BadIdempotencyKey => "bad_idempotency_key",
            ErrorCode::Invalid => "invalid",
            ErrorCode::Duplicate => "duplicate",
            ErrorCode::IdempotencyKeyReused => "idempotency_key_reused",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Internal => "internal",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::BodyTimeout => "body_timeout",
            ErrorCode::HeadersTooLarge => "headers_too_large",
            ErrorCode::UriTooLong => "uri_too_long",
            ErrorCode::MalformedRequest => "malformed_request",
            ErrorCode::EditForbidden => "edit_forbidden",
            ErrorCode::EditWindowClosed => "edit_window_closed",
        }
    }

    pub fn parse(text: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_distinct() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
            assert!(seen.insert(code.as_str()), "{code} twice");
        }
        assert_eq!(ErrorCode::parse("nope"), None);
        assert_eq!(ErrorCode::IdempotencyKeyReused.to_string(), "idempotency_key_reused");
    }
}
