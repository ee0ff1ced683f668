//! Related-story candidates from whatever feed a publisher has: the
//! widget's own JSON list, JSON Feed 1.1, RSS 2.0 (and 1.0) or Atom 1.0.
//! One module per format, as feed-rs lays them out; this one holds what
//! they share: the story, the error, and telling the formats apart.
//!
//! Tolerant of real feeds (CDATA, HTML in titles and descriptions, entities,
//! missing dates and titles, relative links and `xml:base`, pictures in any
//! of the places publishers put them, any character set) and strict about
//! safety: a story keeps only an http(s) link and image.

mod atom;
pub mod charset;
mod html;
mod image;
mod json;
mod names;
mod rss;

use serde::Serialize;

pub use json::{from_json, JsonDoc, JsonEntry};

use crate::time::Timestamp;
use crate::url::resolve;
use crate::xml::{self, html_to_text, Element, XmlError};

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
    /// A web page rather than a feed, with the feed it announces when it
    /// announces one (and the reader could not follow it, or did and found
    /// another page).
    WebPage { feed: Option<String> },
}

impl std::fmt::Display for FeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FeedError::NotAFeed(what) => write!(f, "not a feed: {what}"),
            FeedError::Xml(e) => write!(f, "unreadable XML: {e}"),
            FeedError::WebPage { feed: None } => f.write_str("a web page, not a feed, and it announces no feed"),
            FeedError::WebPage { feed: Some(feed) } => {
                write!(f, "a web page, not a feed; the feed it announces is {feed}")
            }
        }
    }
}

impl std::error::Error for FeedError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FeedError::Xml(e) => Some(e),
            FeedError::NotAFeed(_) | FeedError::WebPage { .. } => None,
        }
    }
}

impl From<XmlError> for FeedError {
    fn from(e: XmlError) -> Self {
        FeedError::Xml(e)
    }
}

/// What a document looks like, from its start and its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Json,
    Xml,
    /// A web page (an HTML doctype or root, or served as HTML and not
    /// starting like a feed): see [`web_page`].
    Html,
}

pub fn detect(text: &str, content_type: Option<&str>) -> Option<Kind> {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    let served_as_html = ct.starts_with("text/html") || ct.starts_with("application/xhtml+xml");
    match text.trim_start_matches('\u{feff}').trim_start().chars().next() {
        Some('{') | Some('[') => Some(Kind::Json),
        Some('<') if html::is_web_page(text) => Some(Kind::Html),
        // Feeds served as text/html are common enough: only a document that
        // does not start like one is taken for the page it says it is.
        Some('<') if served_as_html && !html::starts_like_a_feed(text) => Some(Kind::Html),
        Some('<') => Some(Kind::Xml),
        _ => {
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

/// The error for a web page read from `url`, naming the feed it announces
/// (`<link rel="alternate" type="application/rss+xml" href>`) if it does.
pub fn web_page(text: &str, url: &str) -> FeedError {
    FeedError::WebPage { feed: html::announced_feed(text, url) }
}

/// Stories from an RSS or Atom document read from `base`.
pub fn from_xml(text: &str, base: &str) -> Result<Vec<Story>, FeedError> {
    let root = xml::parse(text)?;
    match root.local_name() {
        "rss" | "RDF" => rss::stories(&root, base),
        "feed" => Ok(atom::stories(&root, base)),
        "html" => Err(web_page(text, base)),
        other => Err(FeedError::NotAFeed(format!("an XML document whose root is <{other}>"))),
    }
}

/// What relative addresses inside `element` resolve against: its
/// `xml:base`, itself resolved against `parent`, or `parent`.
fn base_of(element: &Element, parent: &str) -> String {
    element.attribute("xml:base").and_then(|b| resolve(parent, b)).unwrap_or_else(|| parent.to_owned())
}

/// A title as text. `html` says whether the feed declares it HTML (Atom's
/// `type`); when it does not say (RSS), a title that closes an element or
/// breaks a line is taken as HTML and any other keeps its angle brackets.
/// Entities are decoded either way: feeds escape them twice often enough.
fn title_text(raw: &str, html: Option<bool>) -> String {
    if html.unwrap_or_else(|| html::looks_like_markup(raw)) {
        html_to_text(raw)
    } else {
        xml::collapse_whitespace(&xml::decode_entities(raw))
    }
}

/// The text of the first of these elements that has any, as plain text
/// (their HTML reduced to text).
fn plain_text(elements: [Option<&Element>; 2]) -> Option<String> {
    let html = elements.into_iter().flatten().find_map(names::non_empty_text)?;
    Some(html_to_text(&html)).filter(|t| !t.is_empty())
}

/// The longest title made from an item's text, in characters.
const DERIVED_TITLE_MAX: usize = 90;
/// A first sentence shorter than this, in characters, is not a title on
/// its own ("Oui." "Enfin !"): the next one is taken with it.
const SENTENCE_MIN: usize = 20;

/// A title for an item that has none, from its plain text, as feed readers
/// make one: the first sentence, cut at a word boundary if it is long.
fn derived_title(text: &str) -> Option<String> {
    let text = text.trim();
    let mut count = 0;
    let mut end = text.len();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        count += 1;
        if count > 2 * DERIVED_TITLE_MAX {
            break;
        }
        let ends = match c {
            '。' | '！' | '？' => true,
            '.' | '!' | '?' | '…' => chars.peek().is_none_or(|(_, next)| next.is_whitespace()),
            _ => false,
        };
        if ends && count >= SENTENCE_MIN {
            end = at + c.len_utf8();
            break;
        }
    }
    let sentence = text[..end].strip_suffix('.').filter(|s| !s.ends_with('.')).unwrap_or(&text[..end]);
    Some(shorten(sentence, DERIVED_TITLE_MAX)).filter(|t| !t.is_empty())
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
    fn derived_titles_are_the_first_sentence_cut_at_a_word() {
        let t = |s: &str| derived_title(s);
        assert_eq!(t("Court. Mais la suite est longue."), Some("Court. Mais la suite est longue".into()));
        assert_eq!(
            t("Une phrase entière et assez longue. Une autre."),
            Some("Une phrase entière et assez longue".into())
        );
        assert_eq!(
            t("Une question assez longue pour compter ? Oui."),
            Some("Une question assez longue pour compter ?".into())
        );
        assert_eq!(t("Trois points de suspension, puis… la suite"), Some("Trois points de suspension, puis…".into()));
        assert_eq!(
            t("v1.2.3 est sortie avec 3.5 fois moins de mémoire"),
            Some("v1.2.3 est sortie avec 3.5 fois moins de mémoire".into())
        );
        assert_eq!(t("Fin de phrase avec des points..."), Some("Fin de phrase avec des points...".into()));
        let long = "mot ".repeat(60);
        let title = t(&long).unwrap();
        assert!(title.chars().count() <= DERIVED_TITLE_MAX + 1 && title.ends_with("mot…"), "{title}");
        assert_eq!(t("   "), None);
        assert_eq!(
            t("萨赫勒地区遭遇严重干旱，联合国呼吁国际社会提供援助。其余内容。"),
            Some("萨赫勒地区遭遇严重干旱，联合国呼吁国际社会提供援助。".into())
        );
    }

    #[test]
    fn titles_as_text_or_markup() {
        assert_eq!(title_text("Die Rückkehr von <i> und <b>", None), "Die Rückkehr von <i> und <b>");
        assert_eq!(title_text("Un <em>vrai</em>   titre", None), "Un vrai titre");
        assert_eq!(title_text("Un <em>vrai</em> titre", Some(false)), "Un <em>vrai</em> titre");
        assert_eq!(title_text("<b>Bold</b> title", Some(true)), "Bold title");
        assert_eq!(title_text("L&#8217;été &amp; après", None), "L’été & après");
    }

    #[test]
    fn detects_the_kind() {
        assert_eq!(detect("\u{feff} {\"stories\":[]}", None), Some(Kind::Json));
        assert_eq!(detect("<?xml version=\"1.0\"?><rss/>", Some("text/plain")), Some(Kind::Xml));
        assert_eq!(detect("oops", Some("application/rss+xml")), Some(Kind::Xml));
        assert_eq!(detect("oops", Some("text/html")), None);
        assert_eq!(detect("<!DOCTYPE html><html>", Some("application/rss+xml")), Some(Kind::Html));
        assert_eq!(detect("<head><title>Accueil</title>", Some("text/html; charset=utf-8")), Some(Kind::Html));
        assert_eq!(detect("<rss version=\"2.0\">", Some("text/html")), Some(Kind::Xml));
        assert_eq!(detect("<head>", Some("text/xml")), Some(Kind::Xml));
    }
}
