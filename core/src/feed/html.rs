//! What the feed reader needs from HTML: the first real picture of an
//! item's content, whether a title is markup or text with angle brackets,
//! whether a document is a web page rather than a feed, and the feed such a
//! page announces (`<link rel="alternate" type="application/rss+xml">`).
//!
//! Tags are found by a single forward scan: a tag that never closes ends
//! the scan, so hostile markup stays linear.

use crate::url::resolve;
use crate::xml::{collapse_whitespace, decode_entities};

/// One start tag's attributes, as written.
struct Tag<'a> {
    attributes: &'a str,
}

impl Tag<'_> {
    /// An attribute's value, entities decoded; `None` when absent.
    /// Names are compared without regard to case, values may be quoted
    /// either way or not at all.
    fn get(&self, wanted: &str) -> Option<String> {
        let mut rest = self.attributes;
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
            if rest.is_empty() {
                return None;
            }
            let name_end = rest.find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/').unwrap_or(rest.len());
            let name = &rest[..name_end];
            rest = rest[name_end..].trim_start();
            let value = if let Some(after) = rest.strip_prefix('=') {
                let after = after.trim_start();
                let (value, used) = match after.as_bytes().first() {
                    Some(q @ (b'"' | b'\'')) => {
                        let end = after[1..].find(*q as char).map_or(after.len(), |n| n + 1);
                        (&after[1..end], (end + 1).min(after.len()))
                    }
                    _ => {
                        let end = after.find(|c: char| c.is_ascii_whitespace()).unwrap_or(after.len());
                        (&after[..end], end)
                    }
                };
                rest = &after[used..];
                value
            } else {
                ""
            };
            if name.eq_ignore_ascii_case(wanted) {
                return Some(decode_entities(value));
            }
        }
    }
}

/// The start tags named `name` (ASCII, lower case), in order.
fn tags<'a>(html: &'a str, name: &'static str) -> impl Iterator<Item = Tag<'a>> + 'a {
    let bytes = html.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(lt) = html[at..].find('<').map(|n| at + n) {
            let after = lt + 1 + name.len();
            let named = bytes.get(lt + 1..after).is_some_and(|b| b.eq_ignore_ascii_case(name.as_bytes()))
                && bytes.get(after).is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/');
            if !named {
                at = lt + 1;
                continue;
            }
            let end = tag_end(bytes, after)?;
            at = end + 1;
            return Some(Tag { attributes: &html[after..end] });
        }
        at = html.len();
        None
    })
}

/// Where the tag whose attributes start at `from` ends (its `>`), quotes
/// respected; `None` when it never does.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    for (i, b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(*b),
            (Some(q), b) if q == *b => quote = None,
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// A picture found in content: its address (resolved) and its text.
pub(super) struct ContentImage {
    pub url: String,
    pub alt: Option<String>,
}

/// Smaller than this (by its `width` or `height`), an image is a counter
/// pixel or an icon, not the story's picture.
const MIN_SIDE: u32 = 16;

/// The first `<img>` of `html` that is a picture: not a counter pixel, an
/// emoji or a smiley, with an http(s) address. Lazy-loading markup
/// (`data-src` beside a placeholder `src`) gives its real address.
pub(super) fn first_image(html: &str, base: &str) -> Option<ContentImage> {
    tags(html, "img").find_map(|img| {
        let small = ["width", "height"]
            .iter()
            .any(|side| img.get(side).and_then(|v| v.trim().parse::<u32>().ok()).is_some_and(|n| n < MIN_SIDE));
        let class = img.get("class").unwrap_or_default().to_ascii_lowercase();
        if small || class.contains("emoji") || class.contains("smiley") {
            return None;
        }
        let url = ["data-src", "data-lazy-src", "data-original", "src"]
            .iter()
            .filter_map(|attribute| img.get(attribute))
            .find_map(|src| resolve(base, &src))?;
        let alt = img.get("alt").map(|a| collapse_whitespace(&a)).filter(|a| !a.is_empty());
        Some(ContentImage { url, alt })
    })
}

/// Whether a title that is not declared as HTML is written as HTML anyway:
/// it closes an element (`</em>`) or breaks a line (`<br>`). A title with
/// angle brackets that close nothing, such as `Die Rückkehr von <i> und
/// <b>`, is text.
pub(super) fn looks_like_markup(text: &str) -> bool {
    let bytes = text.as_bytes();
    let Some(last_gt) = text.rfind('>') else { return false };
    text.match_indices('<').any(|(i, _)| {
        let rest = &bytes[i + 1..];
        let closing = rest.first() == Some(&b'/') && rest.get(1).is_some_and(u8::is_ascii_alphabetic);
        let br = rest.get(..2).is_some_and(|b| b.eq_ignore_ascii_case(b"br"))
            && rest.get(2).is_none_or(|b| matches!(b, b'>' | b'/' | b' '));
        (closing || br) && i < last_gt
    })
}

/// What follows the prolog: byte order mark, white space, XML
/// declaration, processing instructions and comments skipped. `None` when
/// one of those never ends.
fn after_prolog(text: &str) -> Option<&str> {
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    loop {
        let close = if rest.starts_with("<?") {
            "?>"
        } else if rest.starts_with("<!--") {
            "-->"
        } else {
            return Some(rest);
        };
        let end = rest.find(close)?;
        rest = rest[end + close.len()..].trim_start();
    }
}

/// Whether `text` starts with `prefix`, compared without regard to case.
fn starts_with_ignoring_case(text: &str, prefix: &str) -> bool {
    text.as_bytes().get(..prefix.len()).is_some_and(|b| b.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Whether a document is a web page: an HTML doctype, or `<html>` as its
/// first element.
pub(super) fn is_web_page(text: &str) -> bool {
    let Some(rest) = after_prolog(text) else { return false };
    if starts_with_ignoring_case(rest, "<!doctype") {
        return starts_with_ignoring_case(rest[9..].trim_start(), "html");
    }
    root_name(rest).is_some_and(|name| name.eq_ignore_ascii_case("html"))
}

/// Whether a document's first element is a feed's (`rss`, `feed`, `rdf:RDF`).
pub(super) fn starts_like_a_feed(text: &str) -> bool {
    let Some(mut rest) = after_prolog(text) else { return false };
    if rest.starts_with("<!") {
        // A doctype (`<!DOCTYPE rss …>`), perhaps with an internal subset.
        let end = match (rest.find('['), rest.find('>')) {
            (Some(subset), Some(gt)) if subset < gt => rest.find("]>").map(|n| n + 1),
            (_, gt) => gt,
        };
        let Some(end) = end else { return false };
        rest = after_prolog(&rest[end + 1..]).unwrap_or("");
    }
    root_name(rest).is_some_and(|name| {
        let local = name.rsplit(':').next().unwrap_or(name);
        matches!(local, "rss" | "feed" | "RDF")
    })
}

/// The name of the element `rest` starts with.
fn root_name(rest: &str) -> Option<&str> {
    let name = rest.strip_prefix('<')?;
    let end = name.find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/').unwrap_or(name.len());
    Some(&name[..end]).filter(|n| !n.is_empty())
}

/// The media types that announce a feed in a page's `<link rel="alternate">`.
const FEED_TYPES: [&str; 4] =
    ["application/rss+xml", "application/atom+xml", "application/feed+json", "application/json"];

/// The feed a web page announces, the first in the page, resolved against
/// the page's address (or its `<base href>`).
pub(super) fn announced_feed(html: &str, page_url: &str) -> Option<String> {
    let base = tags(html, "base")
        .find_map(|b| b.get("href"))
        .and_then(|href| resolve(page_url, &href))
        .unwrap_or_else(|| page_url.to_owned());
    tags(html, "link").find_map(|link| {
        let rel = link.get("rel")?;
        let kind = link.get("type")?;
        let kind = kind.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        let alternate = rel.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("alternate"));
        (alternate && FEED_TYPES.contains(&kind.as_str()))
            .then(|| link.get("href"))
            .flatten()
            .and_then(|href| resolve(&base, &href))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "https://blog.example/2024/04/post/";

    #[test]
    fn attributes_quoted_either_way_or_not() {
        let html = r#"<IMG class=photo SRC='/a.jpg?x=1&amp;y=2' alt="Le &quot;fleuve&quot;" hidden data-x = "1">"#;
        let img = tags(html, "img").next().unwrap();
        assert_eq!(img.get("src").as_deref(), Some("/a.jpg?x=1&y=2"));
        assert_eq!(img.get("class").as_deref(), Some("photo"));
        assert_eq!(img.get("alt").as_deref(), Some("Le \"fleuve\""));
        assert_eq!(img.get("hidden").as_deref(), Some(""));
        assert_eq!(img.get("data-x").as_deref(), Some("1"));
        assert_eq!(img.get("title"), None);
        // `<imgs>` and `<i>` are other tags.
        assert!(tags("<imgs src=a><i>", "img").next().is_none());
    }

    #[test]
    fn the_first_real_picture() {
        let html = r#"<p><img src="https://pixel.wp.com/g.gif?x" width="1" height="1" alt="">
            <img draggable="false" class="emoji" alt="🙂" src="https://s.w.org/images/core/emoji/15.0.3/72x72/1f642.png">
            <img src="data:image/gif;base64,R0lGOD" data-lazy-src="/wp-content/uploads/2024/04/digue.jpg" alt=" La digue   de Podor ">
            <img src="/second.jpg"></p>"#;
        let image = first_image(html, PAGE).unwrap();
        assert_eq!(image.url, "https://blog.example/wp-content/uploads/2024/04/digue.jpg");
        assert_eq!(image.alt.as_deref(), Some("La digue de Podor"));
        assert!(first_image("<p>Pas d’image, <img src=\"javascript:alert(1)\"></p>", PAGE).is_none());
    }

    #[test]
    fn markup_or_text_with_angle_brackets() {
        assert!(looks_like_markup("Troisième article <em>avec</em> balises"));
        assert!(looks_like_markup("Ligne<br>suivante"));
        assert!(looks_like_markup("Ligne<BR/>suivante"));
        assert!(!looks_like_markup("Die Rückkehr von <i> und <b>"));
        assert!(!looks_like_markup("3 < 4 et 5 > 2"));
        assert!(!looks_like_markup("a </ b"));
        assert!(!looks_like_markup("<brochure>"));
    }

    #[test]
    fn web_pages_and_feeds() {
        assert!(is_web_page("<!DOCTYPE html>\n<html lang=\"fr\">"));
        assert!(is_web_page("\u{feff}  <!doctype HTML><title>x</title>"));
        assert!(is_web_page("<?xml version=\"1.0\"?><!-- x --><html xmlns=\"http://www.w3.org/1999/xhtml\">"));
        assert!(is_web_page("<html>"));
        assert!(!is_web_page("<?xml version=\"1.0\"?><rss version=\"2.0\">"));
        assert!(!is_web_page("<!DOCTYPE rss [<!ENTITY x \"y\">]><rss>"));
        assert!(!is_web_page("<htmlfeed>"));
        assert!(!is_web_page("<?xml never closed"));
        assert!(starts_like_a_feed("<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"));
        assert!(starts_like_a_feed("<!DOCTYPE rss [<!ENTITY x \"y\">]>\n<rss>"));
        assert!(starts_like_a_feed("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
        assert!(starts_like_a_feed("<rdf:RDF xmlns:rdf=\"…\">"));
        assert!(!starts_like_a_feed("<head><title>Accueil</title>"));
        assert!(!starts_like_a_feed("<!doctype html><html>"));
    }

    #[test]
    fn the_feed_a_page_announces() {
        let page = r#"<!doctype html><html><head>
            <link rel="stylesheet" href="/style.css">
            <link rel="alternate" hreflang="en" href="/en/">
            <link rel="ALTERNATE" type="application/rss+xml; charset=UTF-8" title="Le Journal &raquo; Flux" href="/feed/">
            <link rel="alternate" type="application/rss+xml" title="Le Journal &raquo; Flux des commentaires" href="/comments/feed/">
            </head><body><img src=a.jpg></body></html>"#;
        assert_eq!(announced_feed(page, PAGE).as_deref(), Some("https://blog.example/feed/"));
        let with_base = r#"<head><base href="https://cdn.example/site/"><link href="atom.xml" type="application/atom+xml" rel="alternate"></head>"#;
        assert_eq!(announced_feed(with_base, PAGE).as_deref(), Some("https://cdn.example/site/atom.xml"));
        assert_eq!(
            announced_feed("<link rel=alternate type=application/feed+json href=/feed.json>", PAGE).as_deref(),
            Some("https://blog.example/feed.json")
        );
        assert_eq!(announced_feed("<link rel=\"alternate\" type=\"text/html\" href=\"/m/\">", PAGE), None);
        assert_eq!(
            announced_feed("<link rel=\"alternate\" type=\"application/rss+xml\" href=\"javascript:x\">", PAGE),
            None
        );
    }

    #[test]
    fn unclosed_tags_stay_linear() {
        let hostile = "<img src=\"".repeat(100_000);
        assert!(first_image(&hostile, PAGE).is_none());
        let many = "<link ".repeat(100_000);
        assert!(announced_feed(&many, PAGE).is_none());
    }
}
