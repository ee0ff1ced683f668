//! RSS 2.0 and RSS 1.0 (RDF): `<item>`s in the `<channel>`, or beside it.
//! Items without a `<link>` may have an Atom one (`atom:link`, .NET's
//! `a10:link`); items without a title get one from their text.

use super::image::{self, cover_url, Sources};
use super::names::{non_empty_text, Names, Ns};
use super::{base_of, derived_title, plain_text, shorten, title_text, FeedError, Story, EXCERPT_MAX};
use crate::time::Timestamp;
use crate::url::resolve;
use crate::xml::{html_to_text, Element};

/// What every item of one channel shares.
struct Channel<'a> {
    names: Names,
    /// The document's own address.
    document: &'a str,
    /// The channel's base (its `xml:base`, or the document's address).
    base: String,
    /// The channel's `itunes:image`, a podcast's cover.
    cover: Option<String>,
}

/// The stories of an `<rss>` or `<rdf:RDF>` root.
pub(super) fn stories(root: &Element, document: &str) -> Result<Vec<Story>, FeedError> {
    let rdf = root.local_name() == "RDF";
    let channel = if rdf {
        root.elements().find(|e| e.is_local("channel"))
    } else {
        Some(root.child("channel").ok_or_else(|| FeedError::NotAFeed("RSS without <channel>".into()))?)
    };
    let names = Names::declared_on(&[Some(root), channel].into_iter().flatten().collect::<Vec<_>>());
    let root_base = base_of(root, document);
    let base = match channel {
        Some(channel) if !rdf => base_of(channel, &root_base),
        _ => root_base,
    };
    let cover = channel.and_then(|c| names.child(c, Ns::Itunes, "image")).and_then(|i| cover_url(i, &base));
    let context = Channel { names, document, base, cover };
    // RSS 1.0: items sit beside the channel.
    let parent = if rdf { Some(root) } else { channel };
    let items = parent.into_iter().flat_map(Element::elements).filter(|e| e.is_local("item"));
    Ok(items.filter_map(|item| story(item, &context)).collect())
}

fn story(item: &Element, channel: &Channel<'_>) -> Option<Story> {
    let names = &channel.names;
    let base = base_of(item, &channel.base);
    let guid = item.child("guid");
    let guid_text = guid.and_then(non_empty_text);
    let guid_is_link = guid.is_some_and(|g| g.attribute("isPermaLink") != Some("false"));
    let url = item
        .child("link")
        .and_then(|link| resolve(&base_of(link, &base), &non_empty_text(link)?))
        .or_else(|| atom_link(item, names, &base))
        .or_else(|| guid_is_link.then(|| guid_text.as_deref().and_then(|g| resolve(&base, g))).flatten())?;

    let description = item.child("description");
    let content = names.child(item, Ns::Content, "encoded");
    let text = plain_text([description, content]);
    let title = item
        .child("title")
        .and_then(non_empty_text)
        .map(|t| title_text(&t, None))
        .filter(|t| !t.is_empty())
        .or_else(|| derived_title(text.as_deref()?))?;

    // Pictures in the HTML were placed for the item's page, unless an
    // xml:base says otherwise.
    let html_base = if base == channel.document { url.as_str() } else { base.as_str() };
    let picture = image::pick(&Sources {
        item,
        title: &title,
        names,
        base: &base,
        channel_cover: channel.cover.as_deref(),
        html: [content, description],
        html_base,
    });
    let (image, image_alt) = picture.map_or((None, None), |p| (Some(p.url), p.alt));
    let date_of = |element: Option<&Element>| Timestamp::parse_lenient(&element?.text());
    let date = date_of(item.child("pubDate"))
        .or_else(|| date_of(names.child(item, Ns::Dc, "date")))
        .or_else(|| date_of(names.child(item, Ns::Atom, "published")))
        .or_else(|| date_of(names.child(item, Ns::Atom, "updated")));
    Some(Story {
        id: guid_text.unwrap_or_else(|| url.clone()),
        title,
        url,
        image,
        image_alt,
        published_at: date,
        category: item.child("category").and_then(non_empty_text).map(|c| html_to_text(&c)),
        excerpt: text.map(|t| shorten(&t, EXCERPT_MAX)),
    })
}

/// An Atom link to the item's page (no `rel`, or `alternate`).
fn atom_link(item: &Element, names: &Names, base: &str) -> Option<String> {
    item.elements()
        .filter(|e| names.is(e, Ns::Atom, "link"))
        .filter(|l| matches!(l.attribute("rel"), None | Some("alternate")))
        .find_map(|l| resolve(&base_of(l, base), l.attribute("href")?))
}
