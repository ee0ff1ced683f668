//! Which addresses from outside data may become a link or an image source.

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

#[cfg(test)]
mod tests {
    use super::safe_link;

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
}
