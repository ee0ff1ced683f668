//! Compression of dynamic answers (brotli or gzip, as the client accepts),
//! never on the async workers for large bodies.
//!
//! tower-http's compression layer compresses while hyper writes the body,
//! on the worker that serves the connection: brotli of a 1.5 MB comment
//! page held a worker for about 100 ms, and eight readers of that page
//! pushed `/healthz` to a median of 1.6 s on two cores. Here an answer is
//! compressed whole before it is sent: small ones (under [`OFFLOAD_ABOVE`])
//! in place, where it takes well under a millisecond; larger ones through
//! [`Offload`], on a blocking thread, one per core at most. Files with a
//! precompressed twin (`.br`, `.gz`, written at build time) already carry
//! their encoding and pass through untouched, as do streams of unknown or
//! large size.

use std::io::Write;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::offload::Offload;

/// Answers smaller than this are sent as they are.
const MIN_SIZE: usize = 1024;
/// Answers larger than this are compressed off the async workers.
pub const OFFLOAD_ABOVE: usize = 32 * 1024;
/// Answers larger than this (or of unknown size) are streamed uncompressed.
const MAX_SIZE: usize = 16 * 1024 * 1024;
/// brotli quality 4 and gzip level 6: nginx's choices for answers made on
/// the fly. Lower levels would save CPU on very large pages but cost readers
/// bytes: on a 1.5 MB page of 100 CJK comments (2 × Xeon 2.5 GHz), brotli 4
/// took 161 ms for 259 KB and brotli 1 74 ms for 293 KB (on more repetitive
/// text, 136 KB against 295 KB). The time is spent off the workers, one page
/// per core at a time, so the level stays where readers gain most.
const BROTLI_QUALITY: u32 = 4;
const BROTLI_WINDOW: u32 = 22;
const GZIP_LEVEL: u32 = 6;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    fn name(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
        })
    }

    fn encode(self, data: &[u8]) -> std::io::Result<Vec<u8>> {
        match self {
            Encoding::Brotli => {
                let mut out = Vec::with_capacity(data.len() / 4);
                {
                    let mut writer = brotli::CompressorWriter::new(&mut out, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
                    writer.write_all(data)?;
                    writer.flush()?;
                }
                Ok(out)
            }
            Encoding::Gzip => {
                let mut writer = flate2::write::GzEncoder::new(
                    Vec::with_capacity(data.len() / 4),
                    flate2::Compression::new(GZIP_LEVEL),
                );
                writer.write_all(data)?;
                writer.finish()
            }
        }
    }
}

/// The middleware: `axum::middleware::from_fn_with_state(offload, compress)`.
pub async fn compress(State(offload): State<Arc<Offload>>, request: Request, next: Next) -> Response {
    let encoding = if request.method() == Method::HEAD { None } else { accepted(request.headers()) };
    let mut response = next.run(request).await;
    if !compressible(&response) {
        return response;
    }
    response.headers_mut().append(header::VARY, HeaderValue::from_static("accept-encoding"));
    let Some(encoding) = encoding else { return response };
    let size = http_body::Body::size_hint(response.body()).exact();
    if !size.is_some_and(|n| (MIN_SIZE as u64..=MAX_SIZE as u64).contains(&n)) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let data = match axum::body::to_bytes(body, MAX_SIZE).await {
        Ok(data) => data,
        Err(e) => {
            return ApiError::internal(format!("an answer could not be read for compression: {e}")).into_response();
        }
    };
    let compressed = if data.len() < OFFLOAD_ABOVE {
        encoding.encode(&data)
    } else {
        let whole = data.clone();
        match offload.run(move || encoding.encode(&whole)).await {
            Ok(result) => result,
            Err(e) => Err(std::io::Error::other(e)),
        }
    };
    match compressed {
        Ok(compressed) => {
            parts.headers.insert(header::CONTENT_ENCODING, encoding.name());
            parts.headers.remove(header::CONTENT_LENGTH);
            parts.headers.remove(header::ACCEPT_RANGES);
            Response::from_parts(parts, Body::from(compressed))
        }
        Err(e) => {
            tracing::warn!(error = %e, "compression failed: sending the answer as it is");
            Response::from_parts(parts, Body::from(data))
        }
    }
}

/// Whether an answer is worth compressing: text of some kind (JSON, HTML,
/// JavaScript, CSS, SVG, XML, wasm), whole, not already encoded.
fn compressible(response: &Response) -> bool {
    let headers = response.headers();
    let status = response.status();
    if status.is_informational()
        || status == StatusCode::NO_CONTENT
        || status == StatusCode::NOT_MODIFIED
        || status == StatusCode::PARTIAL_CONTENT
        || headers.contains_key(header::CONTENT_ENCODING)
        || headers.contains_key(header::CONTENT_RANGE)
    {
        return false;
    }
    let Some(kind) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let kind = kind.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    kind.starts_with("text/")
        || kind.ends_with("+json")
        || kind.ends_with("+xml")
        || matches!(
            kind.as_str(),
            "application/json" | "application/javascript" | "application/xml" | "application/wasm" | "image/svg+xml"
        )
}

/// The encoding to use from `Accept-Encoding`: brotli, else gzip, each
/// unless refused with `q=0` (explicitly, or through `*;q=0`).
fn accepted(headers: &HeaderMap) -> Option<Encoding> {
    let (mut brotli, mut gzip, mut any) = (None, None, None);
    for item in
        headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(','))
    {
        let mut pieces = item.split(';');
        let name = pieces.next().unwrap_or_default().trim().to_ascii_lowercase();
        let quality = pieces
            .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        match name.as_str() {
            "br" => brotli = Some(quality),
            "gzip" | "x-gzip" => gzip = Some(quality),
            "*" => any = Some(quality),
            _ => {}
        }
    }
    let brotli = brotli.or(any).unwrap_or(0.0);
    let gzip = gzip.or(any).unwrap_or(0.0);
    if brotli <= 0.0 && gzip <= 0.0 {
        None
    } else if brotli >= gzip {
        Some(Encoding::Brotli)
    } else {
        Some(Encoding::Gzip)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn accept(value: &str) -> Option<Encoding> {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
        accepted(&headers)
    }

    #[test]
    fn the_encoding_the_client_prefers() {
        assert_eq!(accept("gzip, deflate, br, zstd"), Some(Encoding::Brotli));
        assert_eq!(accept("gzip"), Some(Encoding::Gzip));
        assert_eq!(accept("br;q=0, gzip"), Some(Encoding::Gzip));
        assert_eq!(accept("br;q=0.5, gzip;q=0.8"), Some(Encoding::Gzip));
        assert_eq!(accept("*"), Some(Encoding::Brotli));
        assert_eq!(accept("gzip;q=0, *;q=0"), None);
        assert_eq!(accept("identity"), None);
        assert_eq!(accepted(&HeaderMap::new()), None);
    }

    #[test]
    fn both_encodings_round_trip() {
        let text = "Une décision attendue. ".repeat(500);
        let br = Encoding::Brotli.encode(text.as_bytes()).unwrap();
        let mut back = String::new();
        brotli::Decompressor::new(&br[..], 4096).read_to_string(&mut back).unwrap();
        assert_eq!(back, text);
        let gz = Encoding::Gzip.encode(text.as_bytes()).unwrap();
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut back).unwrap();
        assert_eq!(back, text);
        assert!(br.len() < text.len() / 10 && gz.len() < text.len() / 10);
    }
}
