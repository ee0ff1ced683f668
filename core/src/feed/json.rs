//! The two JSON forms: the widget's own list (`{"stories": [...]}`, or a
//! bare array given inline) and JSON Feed 1.1 (`{"items": [...]}`). Read
//! leniently: a field of the wrong type is missing, not a failed feed.

use serde::{Deserialize, Deserializer};

use super::{derived_title, shorten, FeedError, Story, EXCERPT_MAX};
use crate::time::Timestamp;
use crate::url::resolve;
use crate::xml::html_to_text;

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
        .or_else(|| derived_title(&html_to_text(e.summary.as_deref()?)))
        .or_else(|| derived_title(body_text.as_deref()?))?;
    let excerpt = e.excerpt.or(e.summary).or(body_text).map(|t| shorten(&html_to_text(&t), EXCERPT_MAX));
    Some(Story {
        id: e.id.filter(|i| !i.is_empty()).unwrap_or_else(|| url.clone()),
        title,
        image: e.image.or(e.banner_image).and_then(|i| resolve(base, &i)),
        image_alt: e.image_alt.filter(|a| !a.trim().is_empty()),
        url,
        published_at: e.published_at.or(e.date_published).and_then(|d| Timestamp::parse_lenient(&d)),
        category: e.category.or_else(|| e.tags.into_iter().next()).map(|c| html_to_text(&c)).filter(|c| !c.is_empty()),
        excerpt: excerpt.filter(|x| !x.is_empty()),
    })
}
