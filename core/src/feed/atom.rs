//! Atom 1.0: `<entry>`s of a `<feed>`.

use super::{shorten, Story, EXCERPT_MAX};
use crate::time::Timestamp;
use crate::url::resolve;
use crate::xml::{html_to_text, Element};

/// The stories of a `<feed>` root.
pub(super) fn stories(root: &Element, base: &str) -> Vec<Story> {
    root.elements().filter(|e| e.local_name() == "entry").filter_map(|e| story(e, base)).collect()
}

fn story(entry: &Element, base: &str) -> Option<Story> {
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
    let date = ["published", "updated"].iter().find_map(|n| text_of(n).and_then(|d| Timestamp::parse_lenient(&d)));
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
