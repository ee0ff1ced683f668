//! The built widget and demo pages (`--dist`), served by tower-http's
//! `ServeDir` (types, ranges, precompressed `.br`/`.gz` files) behind the
//! checks it does not make:
//! - no dotfiles (`.env`, `.git/config`) and no path written oddly (empty
//!   segments, backslashes, encoded slashes): 404;
//! - nothing outside the folder, even through a symlink inside it: every
//!   path is resolved and must stay within the folder, precompressed
//!   variants included;
//! - a directory asked without its trailing slash is redirected with a
//!   relative `Location` (`docs/`), never one that a browser could read as
//!   another host (`//static/`);
//! - refusals as the API's JSON errors.
//!
//! The check and the open are two steps: someone who can write into the
//! folder between them could swap a file for a link. Whoever can write
//! there can change the widget anyway.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::error::ApiError;

struct Folder {
    /// Canonical: symlinks resolved.
    root: PathBuf,
    files: ServeDir,
}

/// A router answering every request with a file of `dir`, or a refusal.
pub fn router(dir: &Path) -> Result<Router, String> {
    let root = dir.canonicalize().map_err(|e| format!("--dist {}: {e}", dir.display()))?;
    let files = ServeDir::new(&root).precompressed_br().precompressed_gzip().redirect_to_trailing_slash(false);
    Ok(Router::new().fallback(serve).with_state(Arc::new(Folder { root, files })))
}

/// What a request path names in the folder.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    File,
    /// A directory asked without its trailing slash: redirect to this
    /// relative reference.
    Directory(String),
    Refused,
}

async fn serve(State(folder): State<Arc<Folder>>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut refusal = ApiError::MethodNotAllowed.into_response();
        refusal.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return refusal;
    }
    let path = request.uri().path().to_owned();
    let checked = folder.clone();
    let target = tokio::task::spawn_blocking(move || checked.target(&path)).await.unwrap_or(Target::Refused);
    match target {
        Target::Refused => not_found(),
        Target::Directory(location) => {
            let location = match request.uri().query() {
                Some(query) => format!("{location}?{query}"),
                None => location,
            };
            match HeaderValue::from_str(&location) {
                Ok(location) => (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, location)]).into_response(),
                Err(_) => not_found(),
            }
        }
        Target::File => {
            let response = match folder.files.clone().oneshot(request).await {
                Ok(response) => response.map(Body::new),
                Err(never) => match never {},
            };
            // ServeDir's own refusals have empty bodies; a 416 keeps its
            // `Content-Range`, which says what can be asked.
            match response.status() {
                StatusCode::NOT_FOUND => ApiError::NotFound.into_response(),
                status if status.is_server_error() => {
                    ApiError::internal(format!("serving a file: {status}")).into_response()
                }
                _ => response,
            }
        }
    }
}

fn not_found() -> Response {
    ApiError::NotFound.into_response()
}

impl Folder {
    fn target(&self, path: &str) -> Target {
        let Some((segments, trailing_slash)) = segments(path) else { return Target::Refused };
        let mut file = self.root.clone();
        file.extend(&segments);
        let Some(resolved) = self.inside(&file) else { return Target::Refused };
        if !resolved.is_dir() {
            // ServeDir would serve `name.br` or `name.gz` in its place.
            let variants_inside = ["br", "gz"].iter().all(|ext| {
                let mut variant = file.clone().into_os_string();
                variant.push(format!(".{ext}"));
                let variant = PathBuf::from(variant);
                variant.symlink_metadata().is_err() || self.inside(&variant).is_some()
            });
            return if variants_inside && !trailing_slash { Target::File } else { Target::Refused };
        }
        if !trailing_slash && !segments.is_empty() {
            let last = segments.last().map(String::as_str).unwrap_or_default();
            return Target::Directory(format!("{}/", utf8_percent_encode(last)));
        }
        match self.inside(&file.join("index.html")) {
            Some(index) if index.is_file() => Target::File,
            _ => Target::Refused,
        }
    }

    /// `path` with every link resolved, if it exists and stays within the
    /// folder without passing through a dotfile.
    fn inside(&self, path: &Path) -> Option<PathBuf> {
        let resolved = path.canonicalize().ok()?;
        let within = resolved.strip_prefix(&self.root).ok()?;
        let hidden =
            within.components().any(|c| matches!(c, Component::Normal(n) if n.to_string_lossy().starts_with('.')));
        (!hidden).then_some(resolved)
    }
}

/// The decoded segments of a request path, and whether it ends with `/`;
/// `None` for anything but plain names: an empty segment (`//static`), a
/// dot first (`.env`, `..`), a slash, backslash or NUL once decoded.
fn segments(path: &str) -> Option<(Vec<String>, bool)> {
    let rest = path.strip_prefix('/')?;
    let trailing_slash = rest.is_empty() || rest.ends_with('/');
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    if rest.is_empty() {
        return Some((Vec::new(), trailing_slash));
    }
    let mut out = Vec::new();
    for raw in rest.split('/') {
        let segment = percent_encoding::percent_decode_str(raw).decode_utf8().ok()?;
        if segment.is_empty() || segment.starts_with('.') || segment.contains(['/', '\\', '\0']) {
            return None;
        }
        out.push(segment.into_owned());
    }
    Some((out, trailing_slash))
}

fn utf8_percent_encode(segment: &str) -> String {
    percent_encoding::utf8_percent_encode(segment, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_make_a_path() {
        let names = |p: &str| segments(p).map(|(s, slash)| (s.join("|"), slash));
        assert_eq!(names("/"), Some((String::new(), true)));
        assert_eq!(names("/a/b.js"), Some(("a|b.js".into(), false)));
        assert_eq!(names("/static/"), Some(("static".into(), true)));
        assert_eq!(names("/caf%C3%A9.html"), Some(("café.html".into(), false)));
        for bad in [
            "//static",
            "/a//b",
            "/.env",
            "/.git/config",
            "/a/../b",
            "/%2e%2e/x",
            "/a%2Fb",
            "/a%5Cb",
            "/a\\b",
            "/%00",
            "x",
            "/%FF",
        ] {
            assert_eq!(names(bad), None, "{bad}");
        }
    }
}
