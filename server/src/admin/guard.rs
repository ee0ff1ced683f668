//! What stands between the moderation page and everyone else:
//!
//! - **Sessions.** A signed-in moderator holds a random 256-bit id in the
//!   `aw_admin` cookie (`HttpOnly`, `SameSite=Strict`, `Path=/admin`, an
//!   expiry, and `Secure` when the request came over HTTPS as a trusted
//!   proxy says in `X-Forwarded-Proto`). The database keeps its SHA-256,
//!   never the id, so a copy of the database signs no one in. Only ids the
//!   server issued are ever accepted, and every sign-in issues a new one
//!   (ending the session the browser presented, if any): a planted id
//!   never becomes a signed-in one (no fixation).
//! - **CSRF.** Every form carries the session's own random token (a
//!   synchronizer token), compared in constant time; the sign-in form, with
//!   no session yet, carries an HMAC of a random cookie of its own. Every
//!   POST must also come from the page's own origin (`Origin`,
//!   `Sec-Fetch-Site`): a form posted from another site, even one that
//!   shares the cookie's site (another port of the same host), is refused
//!   before anything else is read.
//! - **Sign-in attempts.** Failures are counted in the database (for every
//!   instance), per client and per account name, over [`LOGIN_WINDOW`];
//!   past [`FAILURES_PER_CLIENT`] or [`FAILURES_PER_NAME`] the sign-in
//!   answers 429 without checking the password.
//! - **Passwords.** argon2id (the `argon2` crate's defaults: 19 MiB, two
//!   passes), verified on a blocking thread; an unknown name costs the same
//!   verification, so timing does not tell names apart.

use std::sync::OnceLock;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use axum::http::{header, HeaderMap, HeaderValue};

use crate::keys;

pub const SESSION_COOKIE: &str = "aw_admin";
pub const LOGIN_COOKIE: &str = "aw_admin_login";
pub const LANG_COOKIE: &str = "aw_admin_lang";

/// Failed sign-ins are counted over this window.
pub const LOGIN_WINDOW: time::Duration = time::Duration::minutes(15);
/// Failed sign-ins from one client within the window before it must wait.
pub const FAILURES_PER_CLIENT: u64 = 5;
/// Failed sign-ins for one account name within the window (from anywhere)
/// before it must wait: slows a guess spread over many addresses.
pub const FAILURES_PER_NAME: u64 = 20;

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// Whether the request came over HTTPS: only a proxy we trust can say so.
pub fn is_https(headers: &HeaderMap, trust_proxy: usize) -> bool {
    trust_proxy > 0
        && headers
            .get_all("x-forwarded-proto")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .last()
            .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"))
}

/// A `Set-Cookie` value: `HttpOnly` (except the language, harmless to
/// scripts), `SameSite=Strict`, `Path=/admin`, `Max-Age`, `Secure` over HTTPS.
pub fn set_cookie(name: &str, value: &str, max_age_secs: u64, secure: bool) -> HeaderValue {
    let http_only = if name == LANG_COOKIE { "" } else { "; HttpOnly" };
    let secure = if secure { "; Secure" } else { "" };
    let text = format!("{name}={value}; Path=/admin; Max-Age={max_age_secs}; SameSite=Strict{http_only}{secure}");
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("aw_admin_invalid=1; Max-Age=0"))
}

/// Removes a cookie.
pub fn clear_cookie(name: &str, secure: bool) -> HeaderValue {
    set_cookie(name, "", 0, secure)
}

/// Whether a POST comes from a page of this very origin. Browsers send
/// `Sec-Fetch-Site` (Chromium, Firefox, Safari) and `Origin` on every form
/// POST; a request with neither (a script, curl) still needs a session and
/// its CSRF token.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if fetch_site.is_some_and(|site| site != "same-origin") {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else { return true };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    let origin_host = origin.to_str().ok().and_then(|o| o.split_once("://")).map(|(_, rest)| rest);
    origin_host.is_some_and(|o| !host.is_empty() && o.eq_ignore_ascii_case(host))
}

/// What the database keeps of a session id.
pub fn session_hash(id: &str) -> String {
    keys::sha256(["admin-session", id])
}

/// The token the sign-in form carries for its cookie.
pub fn login_token(keyed: &keys::Keyed, cookie: &str) -> String {
    keyed.hash("admin-login-form", cookie)
}

/// A session id or a CSRF token: 64 hex digits.
pub fn looks_like_token(value: &str) -> bool {
    value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A moderator's password as stored: argon2id in PHC form.
pub fn hash_password(password: &str) -> Result<String, String> {
    Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string()).map_err(|e| e.to_string())
}

/// Whether `password` matches `stored` (none: an unknown name, checked
/// against a hash of nothing so that it takes as long).
pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    static DECOY: OnceLock<String> = OnceLock::new();
    let decoy = DECOY.get_or_init(|| hash_password("no moderator has this password").unwrap_or_default());
    let Ok(parsed) = PasswordHash::new(stored.unwrap_or(decoy)) else { return false };
    Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok() && stored.is_some()
}

/// Account names: 1 to 64 letters, digits, `.`, `_`, `-` or `@`.
pub fn check_name(name: &str) -> Result<(), String> {
    let ok =
        (1..=64).contains(&name.chars().count()) && name.chars().all(|c| c.is_alphanumeric() || ".-_@".contains(c));
    if ok {
        Ok(())
    } else {
        Err(format!("{name:?}: a moderator's name is 1 to 64 letters, digits, `.`, `_`, `-` or `@`"))
    }
}

/// Passwords: 12 to 1024 characters (argon2 makes long ones cheap to check).
pub fn check_password(password: &str) -> Result<(), String> {
    match password.chars().count() {
        0..=11 => Err("the password must be at least 12 characters long".into()),
        1025.. => Err("the password must be at most 1024 characters long".into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(header::HeaderName::from_bytes(name.as_bytes()).unwrap(), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn cookies_and_origins() {
        let h = headers(&[("cookie", "a=1; aw_admin=abc ; b=2"), ("cookie", "aw_admin_lang=en")]);
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, LANG_COOKIE), Some("en"));
        assert_eq!(cookie(&h, "missing"), None);
        let same = headers(&[("host", "127.0.0.1:8081"), ("origin", "http://127.0.0.1:8081")]);
        assert!(same_origin(&same));
        assert!(same_origin(&headers(&[("host", "x")])), "no Origin: a script, held by the token");
        for bad in [
            headers(&[("host", "127.0.0.1:8081"), ("origin", "http://127.0.0.1:9999")]),
            headers(&[("host", "127.0.0.1:8081"), ("origin", "null")]),
            headers(&[("host", "127.0.0.1:8081"), ("sec-fetch-site", "same-site")]),
            headers(&[("host", "127.0.0.1:8081"), ("sec-fetch-site", "cross-site")]),
        ] {
            assert!(!same_origin(&bad), "{bad:?}");
        }
        let cookie = set_cookie(SESSION_COOKIE, "abc", 60, true);
        assert_eq!(cookie, "aw_admin=abc; Path=/admin; Max-Age=60; SameSite=Strict; HttpOnly; Secure");
        assert!(is_https(&headers(&[("x-forwarded-proto", "http, https")]), 1));
        assert!(!is_https(&headers(&[("x-forwarded-proto", "https")]), 0), "only from a trusted proxy");
    }

    #[test]
    fn passwords() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", Some(&hash)));
        assert!(!verify_password("correct horse batterY", Some(&hash)));
        assert!(!verify_password("no moderator has this password", None));
        assert!(check_password("short").is_err() && check_password("long enough now").is_ok());
        assert!(check_name("amina").is_ok() && check_name("a b").is_err() && check_name("").is_err());
    }
}
