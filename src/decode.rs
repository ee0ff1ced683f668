//! Reading what comes from outside into typed data: JSON text and the JS
//! values a host page gives (articles, stories, feeds, headers), and the
//! one way back, a value to JSON text.
//!
//! JSON goes through the browser's own `JSON.parse` and `JSON.stringify`,
//! which keeps serde_json out of the wasm: parsed values are read by the
//! widget's own deserializer ([`crate::from_js`], for size), and values are
//! written with serde-wasm-bindgen. Both the
//! settings (inline articles and stories) and the HTTP calls (answer
//! bodies) read through here, so neither has to know the other.

use article_widget_core::feed::{self, FeedError, Story};
use article_widget_core::wordpress::Context;
use article_widget_core::{Article, WidgetError};
use js_sys::{Object, Reflect};
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};

use crate::dom;
use crate::from_js::from_js;

/// JSON text to a value, through the browser's own `JSON.parse`.
pub fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|e| dom::error_text(&e))?;
    from_js(value).map_err(|e| e.to_string())
}

/// JSON text to a JS value, through the browser's own `JSON.parse`.
pub fn parse_value(text: &str) -> Result<JsValue, String> {
    js_sys::JSON::parse(text).map_err(|e| dom::error_text(&e))
}

/// A value to JSON text, through the browser's own `JSON.stringify`.
pub fn to_json<T: serde::Serialize>(value: &T) -> Option<String> {
    let value = serde_wasm_bindgen::to_value(value).ok()?;
    js_sys::JSON::stringify(&value).ok().map(String::from)
}

/// JSON text to a checked article, through the browser's own `JSON.parse`.
pub fn article_from_json(text: &str) -> Result<Article, WidgetError> {
    let value = js_sys::JSON::parse(text).map_err(|e| WidgetError::BadJson { detail: dom::error_text(&e) })?;
    article_from_js(value)
}

/// What an article address answered, read whatever its shape.
pub struct Answered {
    pub article: Article,
    /// For a WordPress post: its place on its site.
    pub wordpress: Option<Context>,
    /// For a WordPress post: its page, which its links resolve against.
    pub page: Option<String>,
}

/// The answer of an article address (`url`, where it finally came from):
/// the widget's own article JSON, or a WordPress post (or the list that
/// `?slug=` answers, empty when no post has that slug), read by code that
/// loads only then (its own wasm module in the split build).
pub async fn article_answer(text: &str, url: &str) -> Result<Answered, WidgetError> {
    let value = parse_value(text).map_err(|detail| WidgetError::BadJson { detail })?;
    if !crate::wordpress::is_post(&value) {
        return Ok(Answered { article: article_from_js(value)?, wordpress: None, page: None });
    }
    // Its module did not arrive: as if the post had not.
    let read = crate::components::lazy::load_part!(crate::wordpress::post_reader())
        .map_err(|_| WidgetError::Network { url: url.to_owned() })?;
    let answered = match read(&value, url) {
        None => return Err(WidgetError::NotFound { url: url.to_owned() }),
        Some(post) => post.map_err(|detail| WidgetError::Incomplete { detail })?,
    };
    answered.article.check().map_err(|p| WidgetError::Incomplete { detail: p.to_string() })?;
    Ok(answered)
}

/// A JS object (the `article` option, or parsed JSON) to a checked article.
pub fn article_from_js(value: JsValue) -> Result<Article, WidgetError> {
    let article: Article = from_js(value).map_err(|e| WidgetError::Incomplete { detail: e.to_string() })?;
    article.check().map_err(|p| WidgetError::Incomplete { detail: p.to_string() })?;
    Ok(article)
}

/// A feed's body to its stories, whatever its kind (read from the content
/// type and the document itself); `url` resolves its relative links.
pub fn stories_from_feed(body: &str, content_type: Option<&str>, url: &str) -> Result<Vec<Story>, FeedError> {
    match feed::detect(body, content_type) {
        Some(feed::Kind::Json) => {
            let value = js_sys::JSON::parse(body).map_err(|e| FeedError::NotAFeed(dom::error_text(&e)))?;
            stories_from_value(value, url)
        }
        Some(feed::Kind::Xml) => feed::from_xml(body, url),
        // A web page, perhaps naming its feed.
        Some(feed::Kind::Html) => Err(feed::web_page(body, url)),
        None => Err(FeedError::NotAFeed("neither JSON nor XML".into())),
    }
}

/// A JS value to stories: an array of stories, the native `{stories}`
/// object or a JSON Feed (a JSON feed's body, or the `related` option).
pub fn stories_from_value(value: JsValue, base: &str) -> Result<Vec<Story>, FeedError> {
    let bad = |e: crate::from_js::Error| FeedError::NotAFeed(e.to_string());
    let doc = if js_sys::Array::is_array(&value) {
        feed::JsonDoc { stories: Some(from_js(value).map_err(bad)?), items: None }
    } else {
        from_js(value).map_err(bad)?
    };
    feed::from_json(doc, base)
}

/// `commentsHeaders`: an object of header names to string values.
pub fn headers_from_js(value: &JsValue) -> Result<Vec<(String, String)>, WidgetError> {
    let bad = |detail: String| WidgetError::BadConfig { detail };
    let object: &Object = value.dyn_ref().ok_or_else(|| bad("option `commentsHeaders` must be an object".into()))?;
    let mut headers = Vec::new();
    for key in Object::keys(object).iter().filter_map(|k| k.as_string()) {
        let value = Reflect::get(object, &JsValue::from_str(&key)).unwrap_or_default().as_string();
        match value {
            Some(value) if valid_header(&key, &value) => headers.push((key, value)),
            _ => {
                return Err(bad(format!(
                    "option `commentsHeaders`: header `{key}` needs a valid name and a string value"
                )))
            }
        }
    }
    Ok(headers)
}

/// A header name and value `fetch` accepts (anything else would throw).
pub fn valid_header(name: &str, value: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
        && value.chars().all(|c| !matches!(c, '\r' | '\n' | '\0') && u32::from(c) < 256)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::valid_header;

    #[test]
    fn headers_fetch_would_refuse_are_refused() {
        assert!(valid_header("X-Site", "partner-7"));
        assert!(valid_header("X-CSRF-Token", "a+b/c=="));
        assert!(valid_header("X-Latin", "café"));
        assert!(!valid_header("", "x"));
        assert!(!valid_header("X Site", "x"));
        assert!(!valid_header("X-Site:", "x"));
        assert!(!valid_header("X-Site", "a\r\nSet-Cookie: x=1"));
        assert!(!valid_header("X-Site", "a\0"));
        assert!(!valid_header("X-Site", "日本"));
    }
}
