//! The picture a story shows, chosen the way feed readers choose it, in
//! RSS and Atom alike. In this order, the first step that finds one wins:
//!
//! 1. an explicit thumbnail: `media:thumbnail` on the item, or nested in a
//!    `media:content` or a `media:group`;
//! 2. Media RSS content that is an image: a `media:content` (on the item or
//!    in a `media:group`) whose `type` is `image/…`, whose `medium` is
//!    `image`, or, with neither, whose address ends in an image file's
//!    extension (`.jpg`, `.png`, `.webp`…);
//! 3. an enclosure that is an image, by its type or, without one, its
//!    extension (RSS `<enclosure>`, Atom `<link rel="enclosure">`);
//! 4. `itunes:image`, the item's, then the channel's (a podcast's cover);
//! 5. the first picture in the item's HTML (`content:encoded` then
//!    `description`; Atom's `content` then `summary`), counter pixels,
//!    emoji and smileys skipped.
//!
//! Within steps 1 and 2, when the candidates give a `width`, the narrowest
//! one at least 192 px wide (the 96 px thumbnail on a high-density screen)
//! wins, else the widest; without widths, the first. Media rated `adult`
//! (`media:rating`) is never shown.

use super::html::first_image;
use super::names::{Names, Ns};
use crate::url::resolve;
use crate::xml::{collapse_whitespace, html_to_text, Element};

/// The chosen picture: an absolute http(s) address and, when the feed
/// describes it, its text.
pub(super) struct Image {
    pub url: String,
    pub alt: Option<String>,
}

/// Where an item's picture may come from.
pub(super) struct Sources<'a> {
    pub item: &'a Element,
    /// The story's title: a description that only repeats it is dropped
    /// (the link's text already says it).
    pub title: &'a str,
    pub names: &'a Names,
    /// What media and enclosure addresses resolve against.
    pub base: &'a str,
    /// The channel's `itunes:image`, resolved.
    pub channel_cover: Option<&'a str>,
    /// The elements holding the item's HTML, in the order they are
    /// searched (read only when the steps before find nothing), and what
    /// relative addresses in them resolve against.
    pub html: [Option<&'a Element>; 2],
    pub html_base: &'a str,
}

/// A thumbnail this wide, in pixels, is sharp in the 96 px slot on a
/// high-density screen.
const WANTED_WIDTH: u32 = 192;

/// The item's picture, in the documented order.
pub(super) fn pick(sources: &Sources<'_>) -> Option<Image> {
    let mut image = find(sources)?;
    image.alt = image.alt.filter(|alt| !alt.eq_ignore_ascii_case(sources.title));
    Some(image)
}

fn find<'a>(sources: &Sources<'a>) -> Option<Image> {
    let Sources { item, names, base, .. } = *sources;
    if rated_adult(item, names) {
        return None;
    }
    let media = Media::of(item, names);
    let from_media = |candidates: &[&'a Element]| {
        widest_fit(candidates.iter().filter_map(|e| Some((*e, resolve(base, e.attribute("url")?)?))))
    };
    if let Some((_, url)) = from_media(&media.thumbnails) {
        return Some(Image { url, alt: None });
    }
    let images: Vec<&Element> = media.contents.iter().copied().filter(|c| is_image(c)).collect();
    if let Some((content, url)) = from_media(&images) {
        return Some(Image { url, alt: description(content, names) });
    }
    let enclosure = item.elements().find_map(|e| {
        let href = if e.is_local("enclosure") {
            e.attribute("url")
        } else if e.is_local("link") && e.attribute("rel") == Some("enclosure") {
            e.attribute("href")
        } else {
            None
        }?;
        let kind = e.attribute("type").unwrap_or("").trim();
        let image = if kind.is_empty() || kind == "application/octet-stream" {
            has_image_extension(href)
        } else {
            kind.starts_with("image/")
        };
        image.then(|| resolve(base, href)).flatten()
    });
    if let Some(url) = enclosure {
        return Some(Image { url, alt: None });
    }
    let cover = names.child(item, Ns::Itunes, "image").and_then(|i| cover_url(i, base));
    if let Some(url) = cover.or_else(|| sources.channel_cover.map(str::to_owned)) {
        return Some(Image { url, alt: None });
    }
    sources
        .html
        .iter()
        .flatten()
        .find_map(|html| first_image(&html.text(), sources.html_base))
        .map(|found| Image { url: found.url, alt: found.alt })
}

/// The address of an `itunes:image` (its `href`, or, in some feeds, its text).
pub(super) fn cover_url(image: &Element, base: &str) -> Option<String> {
    let text = image.text();
    image.attribute("href").or(Some(text.trim())).filter(|h| !h.is_empty()).and_then(|h| resolve(base, h))
}

/// An item's Media RSS elements that may give its picture, in document order.
struct Media<'a> {
    thumbnails: Vec<&'a Element>,
    contents: Vec<&'a Element>,
}

impl<'a> Media<'a> {
    fn of(item: &'a Element, names: &Names) -> Media<'a> {
        let mut media = Media { thumbnails: Vec::new(), contents: Vec::new() };
        for child in item.elements() {
            if names.is(child, Ns::Media, "group") {
                if !rated_adult(child, names) {
                    for inner in child.elements() {
                        media.add(inner, names);
                    }
                }
            } else {
                media.add(child, names);
            }
        }
        media
    }

    fn add(&mut self, element: &'a Element, names: &Names) {
        if names.is(element, Ns::Media, "thumbnail") {
            self.thumbnails.push(element);
        } else if names.is(element, Ns::Media, "content") && !rated_adult(element, names) {
            self.contents.push(element);
            self.thumbnails.extend(element.elements().filter(|e| names.is(e, Ns::Media, "thumbnail")));
        }
    }
}

/// Among candidates, the narrowest at least [`WANTED_WIDTH`] wide, else the
/// widest; when none gives a width, the first.
fn widest_fit<'a>(candidates: impl Iterator<Item = (&'a Element, String)>) -> Option<(&'a Element, String)> {
    let mut first = None;
    let mut fit: Option<(u32, (&Element, String))> = None;
    let mut widest: Option<(u32, (&Element, String))> = None;
    for (element, url) in candidates {
        let width = element.attribute("width").and_then(|w| w.trim().parse::<u32>().ok());
        match width {
            Some(w) if w >= WANTED_WIDTH && fit.as_ref().is_none_or(|(best, _)| w < *best) => {
                fit = Some((w, (element, url)));
            }
            Some(w) if widest.as_ref().is_none_or(|(best, _)| w > *best) => widest = Some((w, (element, url))),
            Some(_) => {}
            None if first.is_none() => first = Some((element, url)),
            None => {}
        }
    }
    fit.or(widest).map(|(_, found)| found).or(first)
}

/// A `media:content` that is an image, by type, by medium, or by its
/// address when it gives neither.
fn is_image(content: &Element) -> bool {
    let kind = content.attribute("type").unwrap_or("").trim();
    let medium = content.attribute("medium").unwrap_or("").trim();
    if !kind.is_empty() {
        kind.starts_with("image/")
    } else if !medium.is_empty() {
        medium == "image"
    } else {
        content.attribute("url").is_some_and(has_image_extension)
    }
}

/// Whether an address's path ends in an image file's extension.
fn has_image_extension(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let Some((_, extension)) = path.rsplit_once('.') else { return false };
    ["jpg", "jpeg", "jpe", "jfif", "png", "gif", "webp", "avif", "svg"]
        .iter()
        .any(|e| extension.eq_ignore_ascii_case(e))
}

/// `media:rating` says the media is for adults only.
fn rated_adult(element: &Element, names: &Names) -> bool {
    element
        .elements()
        .filter(|e| names.is(e, Ns::Media, "rating"))
        .any(|r| r.text().trim().eq_ignore_ascii_case("adult"))
}

/// A `media:content`'s own description (its alt text on Mastodon), else
/// its title.
fn description(content: &Element, names: &Names) -> Option<String> {
    ["description", "title"].iter().find_map(|local| {
        let element = names.child(content, Ns::Media, local)?;
        let text = element.text();
        let text =
            if element.attribute("type") == Some("html") { html_to_text(&text) } else { collapse_whitespace(&text) };
        (!text.is_empty()).then_some(text)
    })
}
