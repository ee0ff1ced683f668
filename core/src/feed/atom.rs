//! Atom 1.0: `<entry>`s of a `<feed>`, with the Media RSS and iTunes
//! elements video platforms, Blogger, Reddit and podcasts add to them, and
//! `xml:base` on the feed, the entry, a link or the content.

use super::image::{self, cover_url, Sources};
use super::names::{non_empty_text, Names, Ns};
use super::{base_of, derived_title, plain_text, shorten, title_text, Story, EXCERPT_MAX};
use crate::time::Timestamp;
use crate::url::resolve;
use crate::xml::{html_to_text, Element};

/// What every entry of one feed shares.
struct Feed<'a> {
    names: Names,
    document: &'a str,
    base: String,
    cover: Option<String>,
}

/// The stories of a `<feed>` root.
pub(super) fn stories(root: &Element, document: &str) -> Vec<Story> {
    let names = Names::declared_on(&[root]);
    let base = base_of(root, document);
    let cover = names.child(root, Ns::Itunes, "image").and_then(|i| cover_url(i, &base));
    let feed = Feed { names, document, base, cover };
    root.elements().filter(|e| is_atom(e, &feed.names, "entry")).filter_map(|e| story(e, &feed)).collect()
}

/// Whether `element` is Atom's `local`: unprefixed (Atom is the feed's
/// default namespace), or with a prefix bound to Atom.
fn is_atom(element: &Element, names: &Names, local: &str) -> bool {
    element.name == local || names.is(element, Ns::Atom, local)
}

/// Whether a text construct (`title`, `summary`, `content`) declares HTML
/// by its `type`; `None` when it does not say.
fn declares_html(element: &Element) -> Option<bool> {
    match element.attribute("type") {
        Some("html") => Some(true),
        Some("text" | "xhtml") => Some(false),
        _ => None,
    }
}

fn story(entry: &Element, feed: &Feed<'_>) -> Option<Story> {
    let names = &feed.names;
    let base = base_of(entry, &feed.base);
    let child = |local: &str| entry.elements().find(|e| is_atom(e, names, local));
    let url = entry
        .elements()
        .filter(|e| is_atom(e, names, "link"))
        .filter(|l| matches!(l.attribute("rel"), None | Some("alternate")))
        .find_map(|l| resolve(&base_of(l, &base), l.attribute("href")?))?;

    let (summary, content) = (child("summary"), child("content"));
    let plain = plain_text([summary, content]);
    let title = child("title")
        .and_then(|t| Some(title_text(&non_empty_text(t)?, declares_html(t))))
        .filter(|t| !t.is_empty())
        .or_else(|| derived_title(plain.as_deref()?))?;

    // Pictures in the HTML (declared so, or undeclared) were placed for
    // the entry's page, unless an xml:base says otherwise.
    let html = [content, summary].map(|e| e.filter(|e| declares_html(e) != Some(false)));
    let html_base = content.or(summary).map_or_else(|| base.clone(), |e| base_of(e, &base));
    let html_base = if html_base == feed.document { url.as_str() } else { html_base.as_str() };
    let picture = image::pick(&Sources {
        item: entry,
        title: &title,
        names,
        base: &base,
        channel_cover: feed.cover.as_deref(),
        html,
        html_base,
    });
    let (image, image_alt) = picture.map_or((None, None), |p| (Some(p.url), p.alt));
    let date = ["published", "updated"].iter().find_map(|local| Timestamp::parse_lenient(&child(local)?.text()));
    Some(Story {
        id: child("id").and_then(non_empty_text).unwrap_or_else(|| url.clone()),
        title,
        url,
        image,
        image_alt,
        published_at: date,
        category: child("category")
            .and_then(|c| c.attribute("label").or(c.attribute("term")))
            .map(html_to_text)
            .filter(|c| !c.is_empty()),
        excerpt: plain.map(|t| shorten(&t, EXCERPT_MAX)),
    })
}
