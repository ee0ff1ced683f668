//! Related-story candidates from whatever feed a publisher has: the
//! widget's own JSON list, JSON Feed 1.1, RSS 2.0 (and 1.0) or Atom 1.0.
//! One module per format, as feed-rs lays them out; this one holds what
//! they share: the story, the error, and telling the formats apart.
//!
//! Tolerant of real feeds (CDATA, HTML in titles and descriptions, entities,
//! missing dates, relative links, `media:content` and `enclosure` images)
//! and strict about safety: a story keeps only an http(s) link and image.

mod atom;
mod json;
mod rss;

use serde::Serialize;

pub use json::{from_json, JsonDoc, JsonEntry};

use crate::time::Timestamp;
use crate::xml::{self, XmlError};

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
    Xml(XmlError),
}

impl std::fmt::Display for FeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FeedError::NotAFeed(what) => write!(f, "not a feed: {what}"),
            FeedError::Xml(e) => write!(f, "unreadable XML: {e}"),
        }
    }
}

impl std::error::Error for FeedError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FeedError::Xml(e) => Some(e),
            FeedError::NotAFeed(_) => None,
        }
    }
}

impl From<XmlError> for FeedError {
    fn from(e: XmlError) -> Self {
        FeedError::Xml(e)
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

/// Stories from an RSS or Atom document read from `base`.
pub fn from_xml(text: &str, base: &str) -> Result<Vec<Story>, FeedError> {
    let root = xml::parse(text)?;
    match root.local_name() {
        "rss" | "RDF" => rss::stories(&root, base),
        "feed" => Ok(atom::stories(&root, base)),
        other => Err(FeedError::NotAFeed(format!("an XML document whose root is <{other}>"))),
    }
}

/// The longest excerpt kept, in characters.
const EXCERPT_MAX: usize = 300;

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

#[cfg(test)]
mod tests {
    use super::*;

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
