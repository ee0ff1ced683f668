//! Which character set a feed's bytes are in, so that `Portrait für` is not
//! read as `Portr�t f�r`. Shared by the widget, which decodes with the
//! browser's `TextDecoder`, and the reference server, which decodes with
//! `encoding_rs`: both take the label this returns.
//!
//! In order: a byte order mark (it cannot be wrong about the bytes that
//! follow it, and both decoders let it win too), then the `charset` of the
//! `Content-Type` header, then the XML declaration's `encoding`, then UTF-8.

/// How many bytes [`label`] looks at: an XML declaration sits at the start.
pub const SNIFF_LEN: usize = 1024;

/// The character set's label (lower case, as the Encoding Standard names
/// it or as the feed wrote it: `utf-8`, `iso-8859-1`, `windows-1251`,
/// `gb2312`…), from the start of the body and the response's content type.
pub fn label(head: &[u8], content_type: Option<&str>) -> String {
    let from_bom = match head {
        [0xEF, 0xBB, 0xBF, ..] => Some("utf-8"),
        [0xFE, 0xFF, ..] => Some("utf-16be"),
        [0xFF, 0xFE, ..] => Some("utf-16le"),
        _ => None,
    };
    if let Some(label) = from_bom {
        return label.to_owned();
    }
    if let Some(label) = content_type.and_then(header_charset) {
        return label;
    }
    match declared_encoding(head) {
        // A declaration read as ASCII cannot be in UTF-16: the Encoding
        // Standard reads such a document as UTF-8.
        Some(label) if label.starts_with("utf-16") => "utf-8".to_owned(),
        Some(label) => label,
        None => "utf-8".to_owned(),
    }
}

/// `charset` in a `Content-Type` value (`application/rss+xml; charset="ISO-8859-1"`).
fn header_charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        name.trim().eq_ignore_ascii_case("charset").then(|| clean(value)).flatten()
    })
}

/// `encoding` in an XML declaration at the very start (`<?xml version="1.0" encoding="windows-1251"?>`).
fn declared_encoding(head: &[u8]) -> Option<String> {
    let head = &head[..head.len().min(SNIFF_LEN)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let declaration = head[start..].strip_prefix(b"<?xml")?;
    let declaration = &declaration[..declaration.windows(2).position(|w| w == b"?>")?];
    // ASCII only from here: the declaration is.
    let declaration = std::str::from_utf8(declaration).ok()?;
    let at = declaration.find("encoding")?;
    let value = declaration[at + "encoding".len()..].trim_start().strip_prefix('=')?.trim_start();
    let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let end = value[1..].find(quote)?;
    clean(&value[1..1 + end])
}

/// A label trimmed of quotes and spaces, in lower case; `None` when empty
/// or not a plausible label.
fn clean(value: &str) -> Option<String> {
    let value = value.trim().trim_matches(['"', '\'']).trim();
    let plausible = !value.is_empty()
        && value.len() <= 40
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
    plausible.then(|| value.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn byte_order_mark_then_header_then_declaration_then_utf8() {
        let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>";
        assert_eq!(label(latin, None), "iso-8859-1");
        assert_eq!(label(latin, Some("application/rss+xml")), "iso-8859-1");
        assert_eq!(label(latin, Some("text/xml; charset=windows-1252")), "windows-1252");
        assert_eq!(label(latin, Some("text/xml;Charset=\"GB2312\" ; q=1")), "gb2312");
        assert_eq!(
            label(b"\xEF\xBB\xBF<?xml version='1.0' encoding='iso-8859-1'?>", Some("text/xml; charset=koi8-r")),
            "utf-8"
        );
        assert_eq!(label(b"\xFF\xFE<\x00?\x00", None), "utf-16le");
        assert_eq!(label(b"  <?xml version='1.0' encoding = 'windows-1251' ?>", None), "windows-1251");
        assert_eq!(label(b"<?xml version=\"1.0\"?><rss>", None), "utf-8");
        assert_eq!(label(b"<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss>", None), "utf-8");
        assert_eq!(label(b"{\"items\":[]}", Some("application/feed+json")), "utf-8");
        assert_eq!(label(b"", None), "utf-8");
    }

    #[test]
    fn nonsense_labels_are_ignored() {
        assert_eq!(label(b"<rss>", Some("text/xml; charset=")), "utf-8");
        assert_eq!(label(b"<rss>", Some("text/xml; charset=\"<script>\"")), "utf-8");
        assert_eq!(label(b"<?xml encoding=\"x\x00y\"?>", None), "utf-8");
        assert_eq!(label(b"<?xml encoding=\"never closed", None), "utf-8");
        assert_eq!(label("<?xml encoding=\"été\"?>".as_bytes(), None), "utf-8");
    }
}
