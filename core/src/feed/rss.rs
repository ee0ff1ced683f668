//! RSS 2.0 and RSS 1.0 (RDF): `<item>`s in the `<channel>`, or beside it.

use super::{shorten, FeedError, Story, EXCERPT_MAX};
use crate::time::Timestamp;
use crate::url::resolve;
use crate::xml::{html_to_text, Element};

/// The stories of an `<rss>` or `<rdf:RDF>` root.
pub(super) fn stories(root: &Element, base: &str) -> Result<Vec<Story>, FeedError> {
    if root.local_name() == "RDF" {
        // RSS 1.0: items sit beside the channel.
        return Ok(root.elements().filter(|e| e.local_name() == "item").filter_map(|i| story(i, base)).collect());
    }
    let channel = root.child("channel").ok_or_else(|| FeedError::NotAFeed("RSS without <channel>".into()))?;
    Ok(channel.elements().filter(|e| e.name == "item").filter_map(|i| story(i, base)).collect())
}

fn child_text(e: &Element, name: &str) -> Option<String> {
    e.child(name).map(Element::text).map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

fn story(item: &Element, base: &str) -> Option<Story> {
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
        .and_then(|d| Timestamp::parse_lenient(&d))
        .or_else(|| child_text(item, "dc:date").and_then(|d| Timestamp::parse_lenient(&d)));
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
