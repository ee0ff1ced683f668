//! Error answers given outside the API's handlers (the connection layer, the
//! static files), in the API's one JSON shape `{"error": code, "message":
//! text}`, so that a client reads every refusal the same way.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// `nosniff`, sent with every answer: browsers must not guess a type other
/// than the one given (a comment's text is never run as a script).
pub const NOSNIFF: HeaderValue = HeaderValue::from_static("nosniff");

fn body(code: &str, message: &str) -> String {
    json!({ "error": code, "message": message }).to_string()
}

/// A JSON error answer.
pub fn error(status: StatusCode, code: &str, message: &str) -> Response {
    let mut response = (status, [(header::CONTENT_TYPE, "application/json")], body(code, message)).into_response();
    response.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, NOSNIFF);
    response
}

/// The same answer as raw HTTP/1.1 bytes, closing the connection: for the
/// refusals hyper writes itself before any handler runs.
pub fn raw_error(status: StatusCode, code: &str, message: &str) -> Vec<u8> {
    let body = body(code, message);
    format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         x-content-type-options: nosniff\r\nconnection: close\r\n\r\n{body}",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        body.len()
    )
    .into_bytes()
}

/// The code and message of hyper's own refusals (a request it could not
/// read), by status.
pub fn unreadable_request(status: StatusCode, max_header_bytes: usize) -> (&'static str, String) {
    match status {
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => {
            ("headers_too_large", format!("the request's headers are over {max_header_bytes} bytes"))
        }
        StatusCode::URI_TOO_LONG => ("uri_too_long", "the request's address is too long".to_owned()),
        _ => ("bad_request", "the request is not valid HTTP/1.1".to_owned()),
    }
}
