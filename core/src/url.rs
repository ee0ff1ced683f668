//! Which addresses from outside data may become a link or an image source
//! (and which are absolute http(s) URLs),
//! how a relative one resolves against the document it came from, and
//! query strings read and written (the one query builder of the widget).

/// Returns the address, trimmed, when it is safe to put in `href` or `src`:
/// an `http:` or `https:` URL, or a relative reference (resolved later
/// against the document it came from). Anything with another scheme
/// (`javascript:`, `data:`, `vbscript:`, `file:` …) is refused.
///
/// Browsers drop ASCII tabs and newlines anywhere in a URL and ignore
/// leading control characters and spaces, so `java\tscript:` and
/// `\u{1}javascript:` are read the way a browser would read them.
pub fn safe_link(raw: &str) -> Option<String> {
    let cleaned: String =
        raw.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    if cleaned.is_empty() {
        return None;
    }
    match scheme(&cleaned) {
        None => Some(cleaned),
        Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => Some(cleaned),
        Some(_) => None,
    }
}

/// The scheme of an absolute URL: the part before the first `:`, when that
/// part comes before any `/`, `?` or `#` and is a valid scheme name.
/// A colon that cannot end a scheme (as in `a b:c`) still makes the address
/// unsafe, since it cannot be told apart from a scheme reliably.
fn scheme(url: &str) -> Option<&str> {
    let end = url.find([':', '/', '?', '#'])?;
    if url.as_bytes()[end] != b':' {
        return None;
    }
    Some(&url[..end])
}

/// An absolute `http://` or `https://` URL with a host and no white space.
pub fn is_http_url(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    let Some(rest) = rest else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host_name = host.split(':').next().unwrap_or_default();
    !host_name.is_empty()
        && host_name.chars().all(|c| c.is_ascii_alphanumeric() || ".-[]".contains(c) || !c.is_ascii())
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Resolves `link` against `base` (an absolute http(s) URL) and keeps the
/// result only if it is http(s). Handles `//host/…`, `/path`, `?query`,
/// `#fragment` and relative paths with `.` and `..`.
pub fn resolve(base: &str, link: &str) -> Option<String> {
    let link = safe_link(link)?;
    let lower = link.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return is_http_url(&link).then_some(link);
    }
    let base_lower = base.to_ascii_lowercase();
    let scheme_len = if base_lower.starts_with("https://") {
        8
    } else if base_lower.starts_with("http://") {
        7
    } else {
        return None;
    };
    let authority_end = base[scheme_len..].find(['/', '?', '#']).map_or(base.len(), |n| n + scheme_len);
    let origin = &base[..authority_end];
    let resolved = if let Some(rest) = link.strip_prefix("//") {
        format!("{}//{rest}", &base[..scheme_len - 2])
    } else if link.starts_with('/') {
        format!("{origin}{}", normalize(&link))
    } else if link.starts_with('?') {
        let path_end = base.find(['?', '#']).unwrap_or(base.len());
        format!("{}{link}", &base[..path_end])
    } else if link.starts_with('#') {
        format!("{}{link}", base.split('#').next().unwrap_or(base))
    } else {
        let path = base[authority_end..].split(['?', '#']).next().unwrap_or("");
        let dir = path.rfind('/').map_or("/", |n| &path[..=n]);
        format!("{origin}{}", normalize(&format!("{dir}{link}")))
    };
    is_http_url(&resolved).then_some(resolved)
}

/// Removes `.` and `..` segments from an absolute path (query kept).
fn normalize(path: &str) -> String {
    let (path, query) = path.find(['?', '#']).map_or((path, ""), |n| (&path[..n], &path[n..]));
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}{query}", out.join("/"))
}

/// `url` with these query parameters: each replaces the parameters of the
/// same name already there, the rest of the query stays as written, and a
/// fragment stays last. What would break the query (spaces, `&`, `=`, `#`,
/// `+`, non-ASCII) is percent-encoded; an escape already there (`%20`) is kept.
pub fn with_query(url: &str, params: &[(String, String)]) -> String {
    if params.is_empty() {
        return url.to_owned();
    }
    let (rest, fragment) = url.split_once('#').map_or((url, None), |(rest, fragment)| (rest, Some(fragment)));
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut out = String::with_capacity(url.len() + 16 * params.len());
    out.push_str(path);
    let mut separator = '?';
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let name = pair.split('=').next().unwrap_or(pair);
        if !params.iter().any(|(n, _)| n == name) {
            out.push(separator);
            out.push_str(pair);
            separator = '&';
        }
    }
    for (name, value) in params {
        out.push(separator);
        encode(name, &mut out);
        out.push('=');
        encode(value, &mut out);
        separator = '&';
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// A query string (`utm_source=partner&utm_medium=widget`, a leading `?`
/// allowed) to its pairs, as written, in order; pairs without a name are dropped.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .trim()
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (!name.trim().is_empty()).then(|| (name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect()
}

/// Appends `text` to a query: the characters a query takes as they are,
/// any other byte of its UTF-8 as `%XX`.
fn encode(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~%!$'()*,;:@/?".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{is_http_url, parse_query, resolve, safe_link, with_query};
    use proptest::prelude::*;

    const BASE: &str = "https://news.example/feeds/related.xml";

    #[test]
    fn keeps_http_https_and_relative() {
        assert_eq!(safe_link("https://a.example/x").as_deref(), Some("https://a.example/x"));
        assert_eq!(safe_link(" HTTP://a.example ").as_deref(), Some("HTTP://a.example"));
        assert_eq!(safe_link("/img/a.jpg").as_deref(), Some("/img/a.jpg"));
        assert_eq!(safe_link("a.jpg").as_deref(), Some("a.jpg"));
        assert_eq!(safe_link("//cdn.example/a.jpg").as_deref(), Some("//cdn.example/a.jpg"));
        assert_eq!(safe_link("?page=2#c").as_deref(), Some("?page=2#c"));
        assert_eq!(safe_link("a/b:c").as_deref(), Some("a/b:c"));
    }

    #[test]
    fn refuses_other_schemes_however_disguised() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "a b:c",
            "",
            "   ",
        ] {
            assert_eq!(safe_link(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn resolves_relative_links_and_refuses_other_schemes() {
        assert_eq!(resolve(BASE, "../img/a.svg").as_deref(), Some("https://news.example/img/a.svg"));
        assert_eq!(resolve(BASE, "b/./c/../d.html").as_deref(), Some("https://news.example/feeds/b/d.html"));
        assert_eq!(resolve(BASE, "/2024/04/story/").as_deref(), Some("https://news.example/2024/04/story/"));
        assert_eq!(resolve(BASE, "//cdn.example/x.jpg").as_deref(), Some("https://cdn.example/x.jpg"));
        assert_eq!(resolve(BASE, "?page=2").as_deref(), Some("https://news.example/feeds/related.xml?page=2"));
        assert_eq!(resolve(BASE, "https://other.example/a").as_deref(), Some("https://other.example/a"));
        assert_eq!(resolve(BASE, "../../../../x").as_deref(), Some("https://news.example/x"));
        assert_eq!(resolve(BASE, "javascript:alert(1)"), None);
        assert_eq!(resolve(BASE, "data:image/png;base64,AAAA"), None);
        assert_eq!(resolve("ftp://x.example/", "a"), None);
    }

    fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    #[test]
    fn query_parameters_are_added_encoded_replacing_their_namesakes() {
        let campaign = pairs(&[("utm_source", "partner site"), ("utm_campaign", "été & co=1+2")]);
        assert_eq!(
            with_query("https://news.example/a", &campaign),
            "https://news.example/a?utm_source=partner%20site&utm_campaign=%C3%A9t%C3%A9%20%26%20co%3D1%2B2"
        );
        assert_eq!(
            with_query("https://news.example/a?id=7&utm_source=old#top", &pairs(&[("utm_source", "new")])),
            "https://news.example/a?id=7&utm_source=new#top"
        );
        assert_eq!(
            with_query("/api/comments?site=x%20y&offset=5", &pairs(&[("offset", "0"), ("limit", "20")])),
            "/api/comments?site=x%20y&offset=0&limit=20"
        );
        assert_eq!(with_query("https://news.example/a?", &pairs(&[("a", "")])), "https://news.example/a?a=");
        assert_eq!(with_query("https://news.example/a?b#c", &[]), "https://news.example/a?b#c");
    }

    #[test]
    fn a_campaign_reads_as_written_and_keeps_its_escapes() {
        let campaign = parse_query(" ?utm_source=partner&&=x&utm_campaign=spring%20sale&flag ");
        assert_eq!(campaign, pairs(&[("utm_source", "partner"), ("utm_campaign", "spring%20sale"), ("flag", "")]));
        assert_eq!(
            with_query("https://n.example/", &campaign),
            "https://n.example/?utm_source=partner&utm_campaign=spring%20sale&flag="
        );
    }

    #[test]
    fn website_must_be_absolute_http() {
        for ok in [
            "http://a.example",
            "https://a.example/path?q=1#x",
            "HTTPS://A.EXAMPLE",
            "https://user@a.example:8080/",
            "https://[::1]/",
        ] {
            assert!(is_http_url(ok), "{ok}");
        }
        for bad in [
            "a.example",
            "//a.example",
            "javascript:alert(1)",
            "https://",
            "https:///x",
            "https://a b.example",
            "ftp://a.example",
            "https://a.example/ x",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
    }

    fn label() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9]([a-zA-Z0-9-]{0,20}[a-zA-Z0-9])?"
    }

    proptest! {
        #[test]
        fn grammar_built_urls_are_valid(
            secure in any::<bool>(),
            labels in prop::collection::vec(label(), 1..4),
            path in "(/[a-zA-Z0-9._~%-]{0,12}){0,4}",
        ) {
            let url = format!("{}://{}{path}", if secure { "https" } else { "http" }, labels.join("."));
            prop_assert!(is_http_url(&url), "{}", url);
        }

        #[test]
        fn only_http_schemes_pass(scheme in "[a-z][a-z0-9+.-]{0,10}", rest in "[a-z0-9./]{1,20}") {
            prop_assume!(scheme != "http" && scheme != "https");
            let url = format!("{scheme}://{rest}");
            prop_assert!(!is_http_url(&url));
        }
    }
}
