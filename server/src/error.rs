//! Every way a request can fail, as one type: each variant knows its status,
//! its code (the [`ErrorCode`] list the widget reads too) and its message,
//! and becomes the API's one JSON error shape `{"error": code, "message": …}`.
//! Extractor rejections convert into it with `From`, and internal errors are
//! logged here, in one place, never sent to the client.

use std::fmt;

use article_widget_core::comment::Problems;
use article_widget_core::error_code::ErrorCode;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::store::StoreError;

/// Seconds a client is told to wait while the database cannot be reached.
pub const RETRY_UNAVAILABLE: u64 = 5;

/// A request the API refuses or could not complete.
#[derive(Debug)]
pub enum ApiError {
    NotFound,
    MethodNotAllowed,
    UnknownArticle(String),
    BadPath(String),
    BadQuery(String),
    BadBody(String),
    BadContentType,
    BadJson(String),
    BadIdempotencyKey,
    /// Fields that break the rules: (field name, problem code).
    Invalid(Vec<(&'static str, &'static str)>),
    Duplicate,
    KeyReused,
    /// The body is over this many bytes.
    TooLarge(usize),
    RateLimited {
        retry_after: u64,
    },
    /// The database cannot be reached for now.
    Unavailable {
        retry_after: u64,
    },
    /// The request body did not arrive in time (listener.rs).
    BodyTimeout,
    /// The request line and headers are over this many bytes (hyper's own 431).
    HeadersTooLarge(usize),
    /// hyper's own 414.
    UriTooLong,
    /// hyper's own 400: not HTTP/1.1 it can read.
    MalformedRequest,
    /// A reader's edit or deletion without the comment's edit token.
    EditForbidden,
    /// A reader's edit or deletion with the right token, too late.
    EditWindowClosed,
    /// Anything else: logged, answered with a bare 500.
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

impl ApiError {
    /// An internal error from anything that is one.
    pub fn internal(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> ApiError {
        ApiError::Internal(error.into())
    }

    /// The form's fields that break the shared rules.
    pub fn invalid(problems: Problems) -> ApiError {
        ApiError::Invalid(problems.iter().map(|(f, p)| (f.name(), p.code())).collect())
    }

    /// A field outside the form (`parent`, `reader_key`) that is not valid.
    pub fn bad_field(name: &'static str) -> ApiError {
        ApiError::Invalid(vec![(name, "invalid")])
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::NotFound => ErrorCode::NotFound,
            ApiError::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            ApiError::UnknownArticle(_) => ErrorCode::UnknownArticle,
            ApiError::BadPath(_) => ErrorCode::BadPath,
            ApiError::BadQuery(_) => ErrorCode::BadQuery,
            ApiError::BadBody(_) => ErrorCode::BadBody,
            ApiError::BadContentType => ErrorCode::BadContentType,
            ApiError::BadJson(_) => ErrorCode::BadJson,
            ApiError::BadIdempotencyKey => ErrorCode::BadIdempotencyKey,
            ApiError::Invalid(_) => ErrorCode::Invalid,
            ApiError::Duplicate => ErrorCode::Duplicate,
            ApiError::KeyReused => ErrorCode::IdempotencyKeyReused,
            ApiError::TooLarge(_) => ErrorCode::TooLarge,
            ApiError::RateLimited { .. } => ErrorCode::RateLimited,
            ApiError::Unavailable { .. } => ErrorCode::Unavailable,
            ApiError::Internal(_) => ErrorCode::Internal,
            ApiError::BodyTimeout => ErrorCode::BodyTimeout,
            ApiError::HeadersTooLarge(_) => ErrorCode::HeadersTooLarge,
            ApiError::UriTooLong => ErrorCode::UriTooLong,
            ApiError::MalformedRequest => ErrorCode::MalformedRequest,
            ApiError::EditForbidden => ErrorCode::EditForbidden,
            ApiError::EditWindowClosed => ErrorCode::EditWindowClosed,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self.code() {
            ErrorCode::NotFound | ErrorCode::UnknownArticle => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::BadPath
            | ErrorCode::BadQuery
            | ErrorCode::BadBody
            | ErrorCode::BadContentType
            | ErrorCode::BadJson
            | ErrorCode::BadIdempotencyKey
            | ErrorCode::MalformedRequest => StatusCode::BAD_REQUEST,
            ErrorCode::BodyTimeout => StatusCode::REQUEST_TIMEOUT,
            ErrorCode::EditForbidden | ErrorCode::EditWindowClosed => StatusCode::FORBIDDEN,
            ErrorCode::HeadersTooLarge => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            ErrorCode::UriTooLong => StatusCode::URI_TOO_LONG,
            ErrorCode::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::Duplicate | ErrorCode::IdempotencyKeyReused => StatusCode::CONFLICT,
            ErrorCode::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// The message of the answer (for a person reading it, not for code).
impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::NotFound => f.write_str("no such resource"),
            ApiError::MethodNotAllowed => f.write_str("this resource does not take that method"),
            ApiError::UnknownArticle(id) => write!(f, "no article `{id}`"),
            ApiError::BadPath(detail) | ApiError::BadQuery(detail) | ApiError::BadBody(detail) => f.write_str(detail),
            ApiError::BadContentType => f.write_str("send the comment as application/json"),
            ApiError::BadJson(detail) => write!(f, "the body is not a comment: {detail}"),
            ApiError::BadIdempotencyKey => f.write_str("Idempotency-Key must be 1 to 200 visible ASCII characters"),
            ApiError::Invalid(_) => f.write_str("some fields are not valid"),
            ApiError::Duplicate => f.write_str("the same comment was posted a moment ago"),
            ApiError::KeyReused => f.write_str("this Idempotency-Key was used for another comment"),
            ApiError::TooLarge(limit) => write!(f, "the body is over {limit} bytes"),
            ApiError::RateLimited { retry_after } => write!(f, "too many comments; try again in {retry_after} s"),
            ApiError::Unavailable { retry_after } => {
                write!(f, "the comment database cannot be reached; try again in {retry_after} s")
            }
            ApiError::Internal(_) => f.write_str("the server could not complete the request"),
            ApiError::BodyTimeout => f.write_str("the request body did not arrive in time"),
            ApiError::HeadersTooLarge(limit) => write!(f, "the request's headers are over {limit} bytes"),
            ApiError::UriTooLong => f.write_str("the request's address is too long"),
            ApiError::MalformedRequest => f.write_str("the request is not valid HTTP/1.1"),
            ApiError::EditForbidden => f.write_str("only the browser that posted this comment can change it"),
            ApiError::EditWindowClosed => f.write_str("the time to change this comment is over"),
        }
    }
}

impl std::error::Error for ApiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ApiError::Internal(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

impl ApiError {
    /// The JSON body of the answer.
    pub fn body(&self) -> serde_json::Value {
        let mut body = json!({ "error": self.code().as_str(), "message": self.to_string() });
        if let ApiError::Invalid(problems) = self {
            let fields: serde_json::Map<String, serde_json::Value> =
                problems.iter().map(|(name, code)| ((*name).to_owned(), json!(code))).collect();
            body["errors"] = serde_json::Value::Object(fields);
        }
        body
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(error) = &self {
            tracing::error!(error = %error, "internal error");
        }
        let body = self.body();
        let retry_after = match self {
            ApiError::RateLimited { retry_after } | ApiError::Unavailable { retry_after } => Some(retry_after),
            _ => None,
        };
        let mut response = (self.status(), Json(body)).into_response();
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> ApiError {
        ApiError::BadPath(rejection.body_text())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> ApiError {
        ApiError::BadQuery(rejection.body_text())
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ApiError::BadContentType,
            JsonRejection::JsonDataError(e) => ApiError::BadJson(e.body_text()),
            JsonRejection::JsonSyntaxError(e) => ApiError::BadJson(e.body_text()),
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge(crate::api::BODY_LIMIT),
            other => ApiError::BadBody(other.body_text()),
        }
    }
}

/// A database that cannot be reached is a 503 the client may retry; any
/// other database error is internal.
impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        match error {
            StoreError::Unavailable(why) => {
                tracing::warn!(error = %why, "the database cannot be reached: answering 503");
                ApiError::Unavailable { retry_after: RETRY_UNAVAILABLE }
            }
            StoreError::Failed(e) => ApiError::Internal(e),
        }
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(error: tokio::task::JoinError) -> ApiError {
        ApiError::internal(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_one_status() {
        let cases = [
            (ApiError::Duplicate, 409, "duplicate"),
            (ApiError::KeyReused, 409, "idempotency_key_reused"),
            (ApiError::TooLarge(10), 413, "too_large"),
            (ApiError::RateLimited { retry_after: 3 }, 429, "rate_limited"),
            (ApiError::Unavailable { retry_after: 3 }, 503, "unavailable"),
            (ApiError::internal("disk on fire"), 500, "internal"),
        ];
        for (error, status, code) in cases {
            assert_eq!((error.status().as_u16(), error.code().as_str()), (status, code));
        }
        assert_eq!(ApiError::internal("disk on fire").to_string(), "the server could not complete the request");
    }
}
