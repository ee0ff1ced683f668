//! The article as publishers send it: one JSON document, read with serde.
//!
//! Every string in here is plain text. The widget renders it as text nodes,
//! never as markup, so a title such as `<img onerror=…>` shows as those
//! characters. Links and image sources are the only strings that reach an
//! attribute, and they pass through [`crate::url::safe_link`] first.
//!
//! Links inside paragraphs, quotes and list items are [`Inline`] text: runs
//! of plain text, some of them carrying an address, so that a link is never
//! markup to parse and its text is text like any other.

use std::borrow::Cow;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::time::Timestamp;

/// One news article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct Article {
    /// The publisher's stable identifier, e.g. `niger-us-withdrawal`.
    pub id: String,
    /// Canonical address of the article on the publisher's site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Language the article is written in; the widget's default language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    /// Path from the site's home to the article's section, e.g. Accueil › coopération.
    #[serde(default)]
    pub breadcrumb: Vec<Crumb>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    pub title: String,
    pub published_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// Who wrote it, shown under the title ("Par …").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Counts shown under the title; an unknown one is not shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view_count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment_count: Option<u64>,
    /// The standfirst, shown once between the title and the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    pub body: Vec<Block>,
    /// Author or agency credit printed under the body, e.g. "LS/APA".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

/// One step of the breadcrumb.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Crumb {
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A block of the article body. In JSON, an object with a `type` field
/// (`paragraph`, `heading`, `quote`, `list`, `image`) and that type's fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", try_from = "RawBlock")]
pub enum Block {
    Paragraph {
        text: Inline,
    },
    /// A subheading; `level` 2 to 4 (the title is the level-1 heading).
    Heading {
        text: String,
        #[serde(default = "default_heading_level")]
        level: u8,
    },
    Quote {
        text: Inline,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cite: Option<String>,
    },
    List {
        #[serde(default)]
        ordered: bool,
        items: Vec<Inline>,
    },
    Image {
        src: String,
        alt: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        credit: Option<String>,
        /// Intrinsic size, so the layout does not shift while the image loads.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        width: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        height: Option<u32>,
    },
}

fn default_heading_level() -> u8 {
    2
}

/// Every field any block may have. Reading blocks through this flat struct
/// rather than serde's internally tagged enum support keeps about 15 KB of
/// code out of the wasm.
#[derive(Deserialize)]
struct RawBlock {
    #[serde(rename = "type")]
    kind: String,
    text: Option<Inline>,
    level: Option<u8>,
    cite: Option<String>,
    ordered: Option<bool>,
    items: Option<Vec<Inline>>,
    src: Option<String>,
    alt: Option<String>,
    caption: Option<String>,
    credit: Option<String>,
    width: Option<u32>,
    height: Option<u32>,
}

impl TryFrom<RawBlock> for Block {
    type Error = String;

    fn try_from(raw: RawBlock) -> Result<Block, String> {
        let kind = raw.kind;
        let missing = |field: &str| format!("missing field `{field}` in a `{kind}` block");
        Ok(match kind.as_str() {
            "paragraph" => Block::Paragraph { text: raw.text.ok_or_else(|| missing("text"))? },
            // A heading is plain text: links in it keep their words.
            "heading" => Block::Heading {
                text: raw.text.ok_or_else(|| missing("text"))?.plain().into_owned(),
                level: raw.level.unwrap_or_else(default_heading_level),
            },
            "quote" => Block::Quote { text: raw.text.ok_or_else(|| missing("text"))?, cite: raw.cite },
            "list" => {
                Block::List { ordered: raw.ordered.unwrap_or(false), items: raw.items.ok_or_else(|| missing("items"))? }
            }
            "image" => Block::Image {
                src: raw.src.ok_or_else(|| missing("src"))?,
                alt: raw.alt.ok_or_else(|| missing("alt"))?,
                caption: raw.caption,
                credit: raw.credit,
                width: raw.width,
                height: raw.height,
            },
            _ => return Err(format!("unknown block type `{kind}`")),
        })
    }
}

/// What makes a well-formed JSON document unusable as an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArticleProblem {
    /// A required text field is empty or only white space.
    Empty(&'static str),
    /// The body has no block at all.
    NoBody,
    /// A heading level outside 2..=4.
    HeadingLevel(u8),
}

impl std::fmt::Display for ArticleProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty(field) => write!(f, "field `{field}` is empty"),
            Self::NoBody => f.write_str("field `body` has no block"),
            Self::HeadingLevel(level) => write!(f, "heading level {level} is not between 2 and 4"),
        }
    }
}

impl std::error::Error for ArticleProblem {}

impl Article {
    /// Checks what serde cannot: required text that is present but blank.
    pub fn check(&self) -> Result<(), ArticleProblem> {
        if self.id.trim().is_empty() {
            return Err(ArticleProblem::Empty("id"));
        }
        if self.title.trim().is_empty() {
            return Err(ArticleProblem::Empty("title"));
        }
        if self.body.is_empty() {
            return Err(ArticleProblem::NoBody);
        }
        for block in &self.body {
            if let Block::Heading { level, .. } = block {
                if !(2..=4).contains(level) {
                    return Err(ArticleProblem::HeadingLevel(*level));
                }
            }
        }
        Ok(())
    }

    /// All the words a reader reads: title, lead, body text and captions.
    pub fn word_count(&self) -> usize {
        let body: usize = self.body.iter().map(Block::word_count).sum();
        crate::text::word_count(&self.title) + self.lead.as_deref().map_or(0, crate::text::word_count) + body
    }

    /// Estimated reading time in whole minutes, at least one.
    pub fn reading_minutes(&self) -> u32 {
        crate::text::reading_minutes(self.word_count())
    }
}

impl Block {
    fn word_count(&self) -> usize {
        use crate::text::word_count;
        match self {
            Block::Paragraph { text } => word_count(&text.plain()),
            Block::Heading { text, .. } => word_count(text),
            Block::Quote { text, cite } => word_count(&text.plain()) + cite.as_deref().map_or(0, word_count),
            Block::List { items, .. } => items.iter().map(|item| word_count(&item.plain())).sum(),
            Block::Image { caption, .. } => caption.as_deref().map_or(0, word_count),
        }
    }
}

/// Text with links: runs of plain text, each linked or not. In JSON, a
/// string, or a list of strings and `{"text", "href"}` objects:
/// `["Voir ", {"text": "le communiqué", "href": "https://…"}, "."]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inline(pub Vec<Span>);

/// A run of text; `href` (http(s) or relative) makes it a link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub href: Option<String>,
}

impl Inline {
    /// The text alone, links included as their words.
    pub fn plain(&self) -> Cow<'_, str> {
        match self.0.as_slice() {
            [] => Cow::Borrowed(""),
            [one] => Cow::Borrowed(&one.text),
            spans => Cow::Owned(spans.iter().map(|s| s.text.as_str()).collect()),
        }
    }

    /// Whether it has any link.
    pub fn has_links(&self) -> bool {
        self.0.iter().any(|s| s.href.is_some())
    }
}

impl From<&str> for Inline {
    fn from(text: &str) -> Inline {
        Inline::from(text.to_owned())
    }
}

impl From<String> for Inline {
    fn from(text: String) -> Inline {
        Inline(vec![Span { text, href: None }])
    }
}

impl Serialize for Inline {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !self.has_links() {
            return serializer.serialize_str(&self.plain());
        }
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for span in &self.0 {
            seq.serialize_element(span)?;
        }
        seq.end()
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.href {
            None => serializer.serialize_str(&self.text),
            Some(href) => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("text", &self.text)?;
                map.serialize_entry("href", href)?;
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Inline {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Inline, D::Error> {
        struct Runs;
        impl<'de> Visitor<'de> for Runs {
            type Value = Inline;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string, or a list of strings and {text, href} links")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Inline, E> {
                Ok(Inline::from(text))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Inline, A::Error> {
                let mut spans = Vec::new();
                while let Some(span) = seq.next_element::<Span>()? {
                    spans.push(span);
                }
                Ok(Inline(spans))
            }
        }
        deserializer.deserialize_any(Runs)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Span, D::Error> {
        struct Run;
        impl<'de> Visitor<'de> for Run {
            type Value = Span;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string or a {text, href} link")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Span, E> {
                Ok(Span { text: text.to_owned(), href: None })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Span, A::Error> {
                let (mut text, mut href) = (None, None);
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    match &*key {
                        "text" => text = Some(map.next_value::<String>()?),
                        "href" => href = map.next_value::<Option<String>>()?,
                        _ => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(Span { text: text.ok_or_else(|| de::Error::missing_field("text"))?, href })
            }
        }
        deserializer.deserialize_any(Run)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{
        "id": "a1", "title": "Titre", "published_at": "2024-04-19T10:00:00Z",
        "body": [{"type": "paragraph", "text": "Un deux trois."}]
    }"#;

    #[test]
    fn minimal_article_parses_with_defaults() {
        let article: Article = serde_json::from_str(MINIMAL).unwrap();
        assert_eq!(article.id, "a1");
        assert_eq!((article.view_count, article.comment_count, article.author.as_deref()), (None, None, None));
        assert!(article.breadcrumb.is_empty());
        assert_eq!(article.lang, None);
        assert_eq!(article.check(), Ok(()));
    }

    #[test]
    fn every_block_type_parses() {
        let json = r#"[
            {"type": "paragraph", "text": "p"},
            {"type": "heading", "text": "h"},
            {"type": "heading", "text": "h3", "level": 3},
            {"type": "quote", "text": "q", "cite": "Someone"},
            {"type": "list", "items": ["a", "b"]},
            {"type": "list", "ordered": true, "items": ["1"]},
            {"type": "image", "src": "a.jpg", "alt": "A", "caption": "C", "width": 800, "height": 450}
        ]"#;
        let blocks: Vec<Block> = serde_json::from_str(json).unwrap();
        assert_eq!(blocks.len(), 7);
        assert_eq!(blocks[1], Block::Heading { text: "h".into(), level: 2 });
        assert!(matches!(blocks[5], Block::List { ordered: true, .. }));
    }

    #[test]
    fn missing_title_is_a_parse_error_naming_it() {
        let err = serde_json::from_str::<Article>(r#"{"id":"a","published_at":"2024-01-01","body":[]}"#).unwrap_err();
        assert!(err.to_string().contains("title"), "{err}");
    }

    #[test]
    fn unknown_block_type_is_rejected() {
        let err = serde_json::from_str::<Block>(r#"{"type":"video","src":"x"}"#).unwrap_err();
        assert!(err.to_string().contains("video"), "{err}");
    }

    #[test]
    fn blocks_missing_their_fields_are_rejected() {
        let err = serde_json::from_str::<Block>(r#"{"type":"image","src":"a.jpg"}"#).unwrap_err();
        assert!(err.to_string().contains("missing field `alt` in a `image` block"), "{err}");
        assert!(serde_json::from_str::<Block>(r#"{"text":"no type"}"#).is_err());
        assert!(serde_json::from_str::<Block>(r#"{"type":"list"}"#).is_err());
    }

    #[test]
    fn blocks_serialize_back_to_the_same_shape() {
        let block = Block::Heading { text: "h".into(), level: 3 };
        let json = serde_json::to_string(&block).unwrap();
        assert_eq!(json, r#"{"type":"heading","text":"h","level":3}"#);
        assert_eq!(serde_json::from_str::<Block>(&json).unwrap(), block);
    }

    #[test]
    fn inline_text_reads_a_string_or_runs_with_links_and_writes_back_the_same() {
        let json = r#"[
            {"type": "paragraph", "text": "Sans lien."},
            {"type": "paragraph", "text": ["Voir ", {"text": "le communiqué", "href": "https://a.example/c"}, "."]},
            {"type": "list", "items": ["un", ["deux ", {"text": "trois", "href": "/t", "title": "ignored"}]]},
            {"type": "heading", "text": ["Titre ", {"text": "lié", "href": "https://a.example/"}]}
        ]"#;
        let blocks: Vec<Block> = serde_json::from_str(json).unwrap();
        let Block::Paragraph { text } = &blocks[1] else { panic!("{:?}", blocks[1]) };
        assert_eq!(text.plain(), "Voir le communiqué.");
        assert!(text.has_links());
        assert_eq!(text.0[1], Span { text: "le communiqué".into(), href: Some("https://a.example/c".into()) });
        let Block::List { items, .. } = &blocks[2] else { panic!() };
        assert_eq!((items[0].plain(), items[1].plain()), ("un".into(), "deux trois".into()));
        assert_eq!(blocks[3], Block::Heading { text: "Titre lié".into(), level: 2 }, "a heading keeps the words");
        assert_eq!(
            serde_json::to_string(&blocks[..3]).unwrap(),
            r#"[{"type":"paragraph","text":"Sans lien."},{"type":"paragraph","text":["Voir ",{"text":"le communiqué","href":"https://a.example/c"},"."]},{"type":"list","ordered":false,"items":["un",["deux ",{"text":"trois","href":"/t"}]]}]"#
        );
        for bad in [r#"{"type":"paragraph","text":[{"href":"/x"}]}"#, r#"{"type":"paragraph","text":[3]}"#] {
            assert!(serde_json::from_str::<Block>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_timestamp_is_rejected() {
        let json = MINIMAL.replace("2024-04-19T10:00:00Z", "yesterday");
        assert!(serde_json::from_str::<Article>(&json).is_err());
    }

    #[test]
    fn blank_fields_and_empty_body_fail_the_check() {
        let mut article: Article = serde_json::from_str(MINIMAL).unwrap();
        article.title = "   ".into();
        assert_eq!(article.check(), Err(ArticleProblem::Empty("title")));
        article.title = "T".into();
        article.body.clear();
        assert_eq!(article.check(), Err(ArticleProblem::NoBody));
        article.body.push(Block::Heading { text: "h".into(), level: 1 });
        assert_eq!(article.check(), Err(ArticleProblem::HeadingLevel(1)));
    }

    #[test]
    fn word_count_covers_title_lead_and_blocks() {
        let mut article: Article = serde_json::from_str(MINIMAL).unwrap();
        article.lead = Some("quatre cinq".into());
        article.body.push(Block::List { ordered: false, items: vec!["six sept".into()] });
        article.body.push(Block::Image {
            src: "x".into(),
            alt: "not counted".into(),
            caption: Some("huit".into()),
            credit: None,
            width: None,
            height: None,
        });
        // Titre(1) + lead(2) + "Un deux trois."(3) + list(2) + caption(1)
        assert_eq!(article.word_count(), 9);
        assert_eq!(article.reading_minutes(), 1);
    }
}
