//! Which web pages may use this server from another origin: call the API,
//! and load the widget's own files (a module script and its wasm, which a
//! browser fetches in CORS mode when a publisher's page includes them).
//!
//! `--cors-origin` takes origins exactly as browsers send them in `Origin`
//! (`https://news.example`, `http://127.0.0.1:8080`): an origin written
//! any other way would never match, so it stops the start with a message.

use std::time::Duration;

use axum::http::{header, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, Any, CorsLayer};

/// The origins allowed, as checked at start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origins {
    /// Any origin, without credentials (no list given, or `*`).
    Any,
    /// These origins, with credentials.
    List(Vec<String>),
}

impl Origins {
    /// Checks the `--cors-origin` values.
    pub fn parse(values: &[String]) -> Result<Origins, String> {
        if values.is_empty() || values == ["*"] {
            return Ok(Origins::Any);
        }
        if values.iter().any(|v| v.trim() == "*") {
            return Err("--cors-origin: `*` allows every origin; give it alone, or list the origins without it".into());
        }
        values
            .iter()
            .map(|v| check_origin(v).map_err(|e| format!("--cors-origin {v:?}: {e}")))
            .collect::<Result<_, _>>()
            .map(Origins::List)
    }

    /// The layer answering preflights and adding CORS headers to every answer.
    pub fn layer(&self) -> CorsLayer {
        let layer = CorsLayer::new()
            .allow_methods([Method::GET, Method::HEAD, Method::POST, Method::PATCH, Method::DELETE])
            .allow_headers([
                header::CONTENT_TYPE,
                header::HeaderName::from_static("idempotency-key"),
                header::HeaderName::from_static("x-csrf-token"),
                header::HeaderName::from_static(article_widget_core::comment::EDIT_TOKEN_HEADER),
            ])
            .expose_headers([header::RETRY_AFTER])
            .max_age(Duration::from_secs(600));
        match self {
            Origins::Any => layer.allow_origin(Any),
            Origins::List(origins) => {
                let list = origins.iter().filter_map(|o| HeaderValue::from_str(o).ok());
                layer.allow_origin(AllowOrigin::list(list)).allow_credentials(true)
            }
        }
    }
}

/// An origin as a browser serializes it: `http` or `https`, a lower-case
/// host (IDN in punycode) or IP address, a port only when not the default.
fn check_origin(text: &str) -> Result<String, String> {
    let form = "write it as scheme://host[:port], as the browser sends it in Origin";
    let (scheme, rest) = text.split_once("://").ok_or_else(|| format!("no scheme: {form}"))?;
    let default_port = match scheme {
        "https" => "443",
        "http" => "80",
        _ => return Err(format!("the scheme must be http or https: {form}")),
    };
    if rest.contains(['/', '?', '#', '@']) {
        return Err(format!("an origin has no path, query, fragment or user: {form}"));
    }
    let (host, port) = match rest.strip_prefix('[') {
        Some(v6) => {
            let (address, after) = v6.split_once(']').ok_or_else(|| format!("unclosed [: {form}"))?;
            address.parse::<std::net::Ipv6Addr>().map_err(|_| format!("{address:?} is not an IPv6 address"))?;
            (&rest[..address.len() + 2], after.strip_prefix(':'))
        }
        None => match rest.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (rest, None),
        },
    };
    let host_ok = !host.is_empty()
        && (host.starts_with('[')
            || host.split('.').all(|label| {
                !label.is_empty() && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            }));
    if !host_ok {
        return Err(format!("the host must be lower case letters, digits, dots and hyphens: {form}"));
    }
    if let Some(port) = port {
        if port == default_port {
            return Err(format!("browsers leave out the default port {port}: write {scheme}://{host}"));
        }
        if port.parse::<u16>().map_or(true, |p| p == 0) || port.starts_with('0') {
            return Err(format!("{port:?} is not a port: {form}"));
        }
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(values: &[&str]) -> Result<Origins, String> {
        Origins::parse(&values.iter().map(|v| v.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn origins_as_browsers_send_them() {
        assert_eq!(parse(&[]), Ok(Origins::Any));
        assert_eq!(parse(&["*"]), Ok(Origins::Any));
        for good in [
            "https://partner.example",
            "http://127.0.0.1:8080",
            "https://[2001:db8::1]:8443",
            "https://xn--bcher-kva.example",
        ] {
            assert_eq!(parse(&[good]), Ok(Origins::List(vec![good.to_owned()])), "{good}");
        }
        for bad in [
            "https://partner.example/",
            "https://partner.example/widget",
            "https://partner.example?x",
            "https://user@partner.example",
            "partner.example",
            "ftp://partner.example",
            "https://Partner.example",
            "https://partner.example:443",
            "http://partner.example:80",
            "https://partner.example:0",
            "https://partner.example:99999",
            "https://partner..example",
            "https://",
            "https://[2001:db8::1",
            "null",
        ] {
            assert!(parse(&[bad]).is_err(), "{bad} was accepted");
        }
        let mixed = parse(&["https://partner.example", "*"]).unwrap_err();
        assert!(mixed.contains("alone"), "{mixed}");
    }
}
