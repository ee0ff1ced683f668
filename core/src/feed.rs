//! Related-story candidates from whatever feed a publisher has: the
//! widget's own JSON list, JSON Feed 1.1, RSS 2.0 (and 1.0) or Atom 1.0.
//!
//! Tolerant of real feeds (CDATA, HTML in titles and descriptions, entities,
//! missing dates, relative links, `media:content` and `enclosure` images)
//! and strict about safety: a story keeps only an http(s) link and image.

use serde::{Deserialize, Deserializer, Serialize};

use crate::time::Timestamp;
use crate::xml::{self, html_to_text, Element};

/// A story the sidebar may show.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Story {
    pub id: String,
    pub title: String,
    /// Absolute http(s).
    pub url: String,
    /// Absolute http(s).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_alt: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
}

/// Why a document gave no stories.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FeedError {
    /// Neither JSON nor XML, or not a feed of a known kind.
    NotAFeed(String),
    /// XML that does not parse (often: a feed cut short).
    Xml(String),
}

impl std::fmt::Display for FeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FeedError::NotAFeed(what) => write!(f, "not a feed: {what}"),
            FeedError::Xml(e) => write!(f, "unreadable XML: {e}"),
        }
    }
}

/// What a document looks like, from its first character and its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Json,
    Xml,
}

pub fn detect(text: &str, content_type: Option<&str>) -> Option<Kind> {
    match text.trim_start_matches('\u{feff}').trim_start().chars().next() {
        Some('{') | Some('[') => Some(Kind::Json),
        Some('<') => Some(Kind::Xml),
        _ => {
            let ct = content_type.unwrap_or("").to_ascii_lowercase();
            if ct.contains("json") {
                Some(Kind::Json)
            } else if ct.contains("xml") || ct.contains("rss") || ct.contains("atom") {
                Some(Kind::Xml)
            } else {
                None
            }
        }
    }
}

/// The longest excerpt kept, in characters.
const EXCERPT_MAX: usize = 300;

/// A JSON document: the native list (`stories`) or a JSON Feed (`items`).
/// One flat struct for both keeps the wasm small.
#[derive(Debug, Default, Deserialize)]
pub struct JsonDoc {
    #[serde(default)]
    pub stories: Option<Vec<JsonEntry>>,
    #[serde(default)]
    pub items: Option<Vec<JsonEntry>>,
}

/// A story in either JSON form; unknown fields are ignored, and a field of
/// the wrong type is treated as missing rather than failing the feed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct JsonEntry {
    #[serde(deserialize_with = "lenient_string")]
    pub id: Option<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub title: Option<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub url: Option<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub external_url: Option<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub image: Option<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub banner_image: Option<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub image_alt: Option<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub published_at: Option<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub date_published: Option<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub category: Option<String>,
    #[serde(deserialize_with = "lenient_strings")]
    pub tags: Vec<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub excerpt: Option<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub summary: Option<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub content_text: Option<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub content_html: Option<String>,
}

/// Strings as they are, numbers as their text, anything else as missing.
fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
            Ok(None)
        }
    }
    d.deserialize_any(Visitor)
}

/// A list of strings as it is; anything else (an object, a number) as an
/// empty list, without failing the feed.
fn lenient_strings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    struct Item(#[serde(deserialize_with = "lenient_string")] Option<String>);
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list of strings")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(Item(item)) = seq.next_element()? {
                out.extend(item);
            }
            Ok(out)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
            Ok(Vec::new())
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
    }
    d.deserialize_any(Visitor)
}

/// Stories from a JSON document read from `base` (the feed's own URL).
pub fn from_json(doc: JsonDoc, base: &str) -> Result<Vec<Story>, FeedError> {
    let entries =
        doc.stories.or(doc.items).ok_or_else(|| FeedError::NotAFeed("JSON without `stories` or `items`".into()))?;
    Ok(entries.into_iter().filter_map(|e| json_story(e, base)).collect())
}

fn json_story(e: JsonEntry, base: &str) -> Option<Story> {
    let url = e.url.as_deref().or(e.external_url.as_deref()).and_then(|u| resolve(base, u))?;
    let body_text = e.content_text.clone().or_else(|| e.content_html.as_deref().map(html_to_text));
    let title = e
        .title
        .map(|t| html_to_text(&t))
        .filter(|t| !t.is_empty())
        .or_else(|| e.summary.clone())
        .or_else(|| body_text.as_deref().map(|t| shorten(t, 90)))
        .filter(|t| !t.trim().is_empty())?;
    let excerpt = e.excerpt.or(e.summary).or(body_text).map(|t| shorten(&html_to_text(&t), EXCERPT_MAX));
    Some(Story {
        id: e.id.filter(|i| !i.is_empty()).unwrap_or_else(|| url.clone()),
        title,
        image: e.image.or(e.banner_image).and_then(|i| resolve(base, &i)),
        image_alt: e.image_alt.filter(|a| !a.trim().is_empty()),
        url,
        published_at: e.published_at.or(e.date_published).and_then(|d| parse_date(&d)),
        category: e.category.or_else(|| e.tags.into_iter().next()).map(|c| html_to_text(&c)).filter(|c| !c.is_empty()),
        excerpt: excerpt.filter(|x| !x.is_empty()),
    })
}

/// Stories from an RSS or Atom document read from `base`.
pub fn from_xml(text: &str, base: &str) -> Result<Vec<Story>, FeedError> {
    let root = xml::parse(text).map_err(|e| FeedError::Xml(e.to_string()))?;
    match root.local_name() {
        "rss" => {
            let channel = root.child("channel").ok_or_else(|| FeedError::NotAFeed("RSS without <channel>".into()))?;
            Ok(channel.elements().filter(|e| e.name == "item").filter_map(|i| rss_story(i, base)).collect())
        }
        // RSS 1.0: items sit beside the channel.
        "RDF" => Ok(root.elements().filter(|e| e.local_name() == "item").filter_map(|i| rss_story(i, base)).collect()),
        "feed" => {
            Ok(root.elements().filter(|e| e.local_name() == "entry").filter_map(|e| atom_story(e, base)).collect())
        }
        other => Err(FeedError::NotAFeed(format!("an XML document whose root is <{other}>"))),
    }
}

fn child_text(e: &Element, name: &str) -> Option<String> {
    e.child(name).map(Element::text).map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

fn rss_story(item: &Element, base: &str) -> Option<Story> {
    let guid = item.child("guid");
    let guid_text = guid.map(Element::text).map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
    let guid_is_link = guid.is_some_and(|g| g.attribute("isPermaLink") != Some("false"));
    let url = child_text(item, "link")
        .and_then(|l| resolve(base, &l))
        .or_else(|| guid_is_link.then(|| guid_text.as_deref().and_then(|g| resolve(base, g))).flatten())?;
    let title = child_text(item, "title").map(|t| html_to_text(&t)).filter(|t| !t.is_empty())?;
    let image = item
        .elements()
        .filter(|e| matches!(e.name.as_str(), "media:content" | "media:thumbnail" | "enclosure"))
        .filter(|e| {
            let kind = e.attribute("type").unwrap_or("");
            let medium = e.attribute("medium").unwrap_or("");
            e.name == "media:thumbnail" || kind.starts_with("image/") || medium == "image"
        })
        .find_map(|e| e.attribute("url").and_then(|u| resolve(base, u)));
    let image_alt = item
        .child("media:content")
        .and_then(|m| child_text(m, "media:description").or_else(|| child_text(m, "media:title")));
    let date = child_text(item, "pubDate")
        .and_then(|d| parse_date(&d))
        .or_else(|| child_text(item, "dc:date").and_then(|d| parse_date(&d)));
    let excerpt = child_text(item, "description")
        .or_else(|| child_text(item, "content:encoded"))
        .map(|d| shorten(&html_to_text(&d), EXCERPT_MAX))
        .filter(|d| !d.is_empty());
    Some(Story {
        id: guid_text.unwrap_or_else(|| url.clone()),
        title,
        url,
        image,
        image_alt: image_alt.map(|a| html_to_text(&a)),
        published_at: date,
        category: child_text(item, "category").map(|c| html_to_text(&c)),
        excerpt,
    })
}

fn atom_story(entry: &Element, base: &str) -> Option<Story> {
    let links: Vec<&Element> = entry.elements().filter(|e| e.local_name() == "link").collect();
    let url = links
        .iter()
        .find(|l| matches!(l.attribute("rel"), None | Some("alternate")))
        .and_then(|l| l.attribute("href"))
        .and_then(|h| resolve(base, h))?;
    let image = links
        .iter()
        .find(|l| {
            l.attribute("rel") == Some("enclosure") && l.attribute("type").is_some_and(|t| t.starts_with("image/"))
        })
        .and_then(|l| l.attribute("href"))
        .and_then(|h| resolve(base, h));
    let text_of = |name: &str| {
        entry.elements().find(|e| e.local_name() == name).map(|e| {
            let raw = e.text();
            // type="html" is escaped markup; type="text" (the default) may still hold entities.
            html_to_text(&raw)
        })
    };
    let title = text_of("title").filter(|t| !t.is_empty())?;
    let date = ["published", "updated"].iter().find_map(|n| text_of(n).and_then(|d| parse_date(&d)));
    Some(Story {
        id: text_of("id").filter(|i| !i.is_empty()).unwrap_or_else(|| url.clone()),
        title,
        url,
        image,
        image_alt: None,
        published_at: date,
        category: entry
            .elements()
            .find(|e| e.local_name() == "category")
            .and_then(|c| c.attribute("label").or(c.attribute("term")))
            .map(html_to_text)
            .filter(|c| !c.is_empty()),
        excerpt: text_of("summary")
            .or_else(|| text_of("content"))
            .map(|s| shorten(&s, EXCERPT_MAX))
            .filter(|s| !s.is_empty()),
    })
}

/// At most `max` characters, cut at a word with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = cut.rfind(' ').filter(|n| *n > max / 2).map_or(cut.as_str(), |n| &cut[..n]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// RFC 3339 as is; RFC 822 (RSS `pubDate`) converted to RFC 3339.
pub fn parse_date(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    Timestamp::parse(text).or_else(|| parse_rfc822(text))
}

/// `Thu, 18 Apr 2024 09:30:00 +0000` (weekday and seconds optional; zone as
/// an offset, or GMT/UT/UTC/Z or a North American name).
fn parse_rfc822(text: &str) -> Option<Timestamp> {
    let text = text.split_once(',').map_or(text, |(_, rest)| rest).trim();
    let mut parts = text.split_whitespace();
    let day: u32 = parts.next()?.parse().ok()?;
    let month = match parts.next()?.get(..3)?.to_ascii_lowercase().as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    let mut year: u32 = parts.next()?.parse().ok()?;
    if year < 100 {
        year += if year < 50 { 2000 } else { 1900 };
    }
    let mut clock = parts.next()?.split(':');
    let (hour, minute): (u32, u32) = (clock.next()?.parse().ok()?, clock.next()?.parse().ok()?);
    let second: u32 = clock.next().map_or(Some(0), |s| s.parse().ok())?;
    let zone = match parts.next().unwrap_or("GMT") {
        "GMT" | "UT" | "UTC" | "Z" => "+00:00".to_owned(),
        "EST" => "-05:00".into(),
        "EDT" => "-04:00".into(),
        "CST" => "-06:00".into(),
        "CDT" => "-05:00".into(),
        "MST" => "-07:00".into(),
        "MDT" => "-06:00".into(),
        "PST" => "-08:00".into(),
        "PDT" => "-07:00".into(),
        offset if offset.len() == 5 && offset.is_ascii() && (offset.starts_with('+') || offset.starts_with('-')) => {
            format!("{}:{}", &offset[..3], &offset[3..])
        }
        _ => return None,
    };
    Timestamp::parse(&format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{zone}"))
}

/// Resolves `link` against `base` (an absolute http(s) URL) and keeps the
/// result only if it is http(s). Handles `//host/…`, `/path`, `?query`,
/// `#fragment` and relative paths with `.` and `..`.
pub fn resolve(base: &str, link: &str) -> Option<String> {
    let link = crate::url::safe_link(link)?;
    let lower = link.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return crate::comment::is_http_url(&link).then_some(link);
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
    crate::comment::is_http_url(&resolved).then_some(resolved)
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

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://news.example/feeds/related.xml";

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

    #[test]
    fn rss_dates_become_rfc3339() {
        let d = |s: &str| parse_date(s).map(|t| t.as_str().to_owned());
        assert_eq!(d("Thu, 18 Apr 2024 09:30:00 +0000").as_deref(), Some("2024-04-18T09:30:00+00:00"));
        assert_eq!(d("18 Apr 2024 09:30 GMT").as_deref(), Some("2024-04-18T09:30:00+00:00"));
        assert_eq!(d("Fri, 19 Apr 24 10:00:00 +0200").as_deref(), Some("2024-04-19T10:00:00+02:00"));
        assert_eq!(d("Fri, 19 Apr 2024 10:00:00 PST").as_deref(), Some("2024-04-19T10:00:00-08:00"));
        assert_eq!(d("2024-04-19T10:00:00Z").as_deref(), Some("2024-04-19T10:00:00Z"));
        assert_eq!(d("la semaine dernière"), None);
        // Not ASCII where an offset's digits should be: refused, not a panic.
        assert_eq!(d("Thu, 18 Apr 2024 09:30:00 +0€"), None);
        assert_eq!(d("Thu, 18 Apr 2024 09:30:00 +0é0"), None);
        assert_eq!(d("Thu, 32 Apr 2024 09:30:00 +0000"), None);
    }

    #[test]
    fn shortens_at_a_word() {
        assert_eq!(shorten("court", 10), "court");
        assert_eq!(shorten("un deux trois quatre cinq", 12), "un deux…");
    }

    #[test]
    fn detects_the_kind() {
        assert_eq!(detect("\u{feff} {\"stories\":[]}", None), Some(Kind::Json));
        assert_eq!(detect("<?xml version=\"1.0\"?><rss/>", Some("text/plain")), Some(Kind::Xml));
        assert_eq!(detect("oops", Some("application/rss+xml")), Some(Kind::Xml));
        assert_eq!(detect("oops", Some("text/html")), None);
    }
}
