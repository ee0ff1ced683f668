//! WordPress's REST answers read into the widget's data: a post (the
//! article, and its [`Context`] for the comment section and the sidebar),
//! its comment list, a created comment or a refusal, related posts.
//!
//! Read by hand from the parsed JSON, a few property lookups each, rather
//! than through serde types: a post answer carries dozens of fields the
//! widget never reads, and hand-written readers cost the wasm far less
//! than a derived deserializer per nested object. Every string that
//! WordPress sends as HTML (`.rendered`, names with entities) goes through
//! [`crate::html`]; anything missing or of another type reads as absent.

use article_widget_core::comment::{Comment, CommentError, Publication};
use article_widget_core::feed::Story;
use article_widget_core::url;
use article_widget_core::wordpress::{self, gmt, Context, Picture, Post, Rest, Support, Term};
use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::components::lazy::PartUnavailable;
use crate::decode::Answered;
use crate::html;

/// `value.a.b.0`: each step a property (an index of an array as its
/// number); `undefined` once a step is missing.
fn at(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |v, key| {
        if v.is_object() {
            Reflect::get(&v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
        } else {
            JsValue::UNDEFINED
        }
    })
}

fn string(value: &JsValue, path: &[&str]) -> Option<String> {
    at(value, path).as_string()
}

/// A whole number ≥ 0 (ids, sizes).
fn number(value: &JsValue, path: &[&str]) -> Option<u64> {
    at(value, path).as_f64().filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n < 9e15).map(|n| n as u64)
}

/// An HTML field as text (`title.rendered`, a name with `&amp;`).
fn text(value: &JsValue, path: &[&str]) -> Option<String> {
    string(value, path).map(|h| html::text(&h)).filter(|t| !t.is_empty())
}

/// An HTML field as one line of text (a title, a name).
fn line(value: &JsValue, path: &[&str]) -> Option<String> {
    string(value, path).map(|h| html::line(&h)).filter(|t| !t.is_empty())
}

/// The items of an array (none when it is not one).
fn items(value: &JsValue) -> Vec<JsValue> {
    if Array::is_array(value) {
        Array::from(value).iter().collect()
    } else {
        Vec::new()
    }
}

/// Whether a parsed answer is a WordPress post (or a `?slug=` list of them).
pub fn is_post(value: &JsValue) -> bool {
    Array::is_array(value) || at(value, &["title", "rendered"]).is_string()
}

/// Reads a post answer (see [`post`]).
pub type PostReader = fn(&JsValue, &str) -> Option<Result<Answered, String>>;

/// The split point: reading a post (the HTML parser walk, the lead, the
/// picture, the breadcrumb) is a wasm module of its own in the split build,
/// fetched only when an article address answers with a WordPress post, so
/// that a widget fed the widget's own JSON does not carry it.
#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(wordpress, fallible, preload(preload_post_reader)))]
pub fn post_reader() -> Result<PostReader, PartUnavailable> {
    Ok(post)
}

/// Starts fetching the post reader's module while a post is on its way
/// (split build), so that a WordPress article waits for one round trip, not
/// two. A failed load is not kept: [`post_reader`] tries again and says so.
pub fn preload_reader() {
    #[cfg(feature = "split")]
    wasm_bindgen_futures::spawn_local(async {
        let _ = preload_post_reader().await;
    });
}

/// A post answer: the first post of a list (`None` when the list is
/// empty: nothing has that slug), the article, its context when the site's
/// REST address is known, and its page (which its links resolve against).
pub fn post(value: &JsValue, url: &str) -> Option<Result<Answered, String>> {
    let value = if Array::is_array(value) { Array::from(value).get(0) } else { value.clone() };
    if value.is_undefined() {
        return None;
    }
    let id = number(&value, &["id"]).unwrap_or(0);
    let terms: Vec<JsValue> = items(&at(&value, &["_embedded", "wp:term"])).iter().flat_map(items).collect();
    let category = terms
        .iter()
        .find(|t| string(t, &["taxonomy"]).as_deref() == Some("category"))
        .and_then(|t| Some(Term { name: line(t, &["name"])?, link: string(t, &["link"]) }));
    let link = string(&value, &["link"]);
    let post = Post {
        id,
        link: link.clone(),
        date_gmt: string(&value, &["date_gmt"]),
        modified_gmt: string(&value, &["modified_gmt"]),
        title: line(&value, &["title", "rendered"]).unwrap_or_default(),
        excerpt: text(&value, &["excerpt", "rendered"]),
        body: string(&value, &["content", "rendered"]).map(|h| html::blocks(&h)).unwrap_or_default(),
        protected: at(&value, &["content", "protected"]).as_bool() == Some(true),
        author: line(&value, &["_embedded", "author", "0", "name"]),
        category,
        featured: picture(&at(&value, &["_embedded", "wp:featuredmedia", "0"])),
    };
    let rest = Rest::of(url).or_else(|| Rest::of(&string(&value, &["_links", "self", "0", "href"])?));
    let context = rest.as_ref().map(|rest| Context {
        rest: rest.clone(),
        post: id,
        comments_open: string(&value, &["comment_status"]).as_deref() != Some("closed"),
        support: support(&at(&value, &["article_widget"])),
        categories: ids(&at(&value, &["categories"])),
        tags: ids(&at(&value, &["tags"])),
    });
    let article = wordpress::article(post, rest.map(|r| r.home())).map_err(|e| e.to_string());
    Some(article.map(|article| Answered { article, wordpress: context, page: link }))
}

fn ids(value: &JsValue) -> Vec<u64> {
    items(value).iter().filter_map(|v| number(v, &[])).collect()
}

/// What the article-widget plugin announces (`article_widget`), or
/// WordPress's defaults without it.
fn support(value: &JsValue) -> Support {
    let defaults = Support::default();
    if !value.is_object() {
        return defaults;
    }
    Support {
        idempotency_key: at(value, &["idempotency_key"]).as_bool() == Some(true),
        thread_depth: number(value, &["thread_depth"]).map_or(defaults.thread_depth, |d| d.clamp(1, 10) as u32),
        anonymous_comments: at(value, &["anonymous_comments"]).as_bool(),
    }
}

/// A featured image (an embedded media object): its large size when
/// WordPress made one, else the original.
fn picture(media: &JsValue) -> Option<Picture> {
    let sizes = at(media, &["media_details", "sizes"]);
    let (src, size) = ["large", "full"]
        .iter()
        .find_map(|name| Some((string(&sizes, &[name, "source_url"])?, at(&sizes, &[name]))))
        .or_else(|| Some((string(media, &["source_url"])?, at(media, &["media_details"]))))?;
    let dimension = |name| number(&size, &[name]).map(|n| n as u32).filter(|n| *n > 0);
    Some(Picture {
        src,
        alt: line(media, &["alt_text"]).unwrap_or_default(),
        caption: text(media, &["caption", "rendered"]),
        width: dimension("width"),
        height: dimension("height"),
    })
}

/// The fields of a comment the section reads (and the avatar only when
/// the host asked for avatars: its address carries a hash of the e-mail).
pub fn comment_fields(avatars: bool) -> String {
    let mut fields = String::from("id,parent,author_name,author_url,date_gmt,content,status");
    if avatars {
        fields.push_str(",author_avatar_urls");
    }
    fields
}

/// A comment of the list (or the one just created).
pub fn comment(value: &JsValue, avatars: bool) -> Option<Comment> {
    let id = number(value, &["id"])?;
    let avatar =
        if avatars { string(value, &["author_avatar_urls", "48"]).filter(|a| url::is_http_url(a)) } else { None };
    Some(Comment {
        id: id.to_string(),
        parent: number(value, &["parent"]).filter(|p| *p != 0).map(|p| p.to_string()),
        author: line(value, &["author_name"]).unwrap_or_default(),
        website: string(value, &["author_url"]).filter(|w| url::is_http_url(w)),
        body: text(value, &["content", "rendered"]).unwrap_or_default(),
        created_at: string(value, &["date_gmt"]).as_deref().and_then(gmt),
        avatar,
        // WordPress's REST comments carry no modification time.
        edited_at: None,
    })
}

/// A page of the comment list (a JSON array).
pub fn comments(value: &JsValue, avatars: bool) -> Vec<Comment> {
    items(value).iter().filter_map(|c| comment(c, avatars)).collect()
}

/// The created comment and whether it shows yet (`status`).
pub fn created(value: &JsValue, avatars: bool) -> Option<(Comment, Publication)> {
    let status = string(value, &["status"]).unwrap_or_default();
    Some((comment(value, avatars)?, wordpress::publication(&status)))
}

/// A refused post, from its status and WordPress's `{code, data: {params}}`.
pub fn refusal(status: u16, value: &JsValue) -> CommentError {
    let code = string(value, &["code"]).unwrap_or_default();
    let params = at(value, &["data", "params"]);
    let names: Vec<String> = if params.is_object() {
        js_sys::Object::keys(params.unchecked_ref::<js_sys::Object>()).iter().filter_map(|k| k.as_string()).collect()
    } else {
        Vec::new()
    };
    wordpress::refusal(status, &code, &names)
}

/// Related posts (a JSON array) as stories: title and excerpt as text,
/// the picture's smallest size as the thumbnail, the first category.
pub fn stories(value: &JsValue) -> Vec<Story> {
    items(value)
        .iter()
        .filter_map(|post| {
            let url = string(post, &["link"]).filter(|l| url::is_http_url(l))?;
            let media = at(post, &["_embedded", "wp:featuredmedia", "0"]);
            let image = ["thumbnail", "medium"]
                .iter()
                .find_map(|size| string(&media, &["media_details", "sizes", size, "source_url"]))
                .or_else(|| string(&media, &["source_url"]))
                .filter(|i| url::is_http_url(i));
            let category = items(&at(post, &["_embedded", "wp:term"]))
                .iter()
                .flat_map(items)
                .find(|t| string(t, &["taxonomy"]).as_deref() == Some("category"))
                .and_then(|t| line(&t, &["name"]));
            Some(Story {
                id: number(post, &["id"])?.to_string(),
                title: line(post, &["title", "rendered"])?,
                url,
                image_alt: image.as_ref().and_then(|_| line(&media, &["alt_text"])),
                image,
                published_at: string(post, &["date_gmt"]).as_deref().and_then(gmt),
                category,
                excerpt: text(post, &["excerpt", "rendered"]),
            })
        })
        .collect()
}

/// The comment list's `X-WP-Total`.
pub fn total(header: Option<String>) -> Option<u64> {
    header?.trim().parse().ok()
}
