//! Small browser helpers shared by the embed code and the components.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Element};

/// The page's base URL, against which inline articles' links resolve.
pub fn document_base_url() -> String {
    gloo_document()
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default()
}

fn gloo_document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// The language the host page declares on `<html lang>`, if any.
pub fn page_lang() -> Option<String> {
    gloo_document()
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
}

/// The browser's preferred language.
pub fn browser_lang() -> Option<String> {
    web_sys::window().and_then(|w| w.navigator().language())
}

/// A thrown JS value as text: an `Error`'s message, or the value's string.
pub fn error_text(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value.as_string().unwrap_or_else(|| String::from("unknown error"))
}

/// Resolves `link` against `base` and keeps it only if it is http(s).
/// Anything else (`javascript:`, `data:`, a URL that does not parse) is None.
pub fn resolve_http_url(link: &str, base: &str) -> Option<String> {
    let link = article_widget_core::url::safe_link(link)?;
    let url = if base.is_empty() {
        web_sys::Url::new(&link)
    } else {
        web_sys::Url::new_with_base(&link, base)
    }
    .ok()?;
    matches!(url.protocol().as_str(), "http:" | "https:").then(|| url.href())
}

/// Fires `article-widget:{name}` on the host element: bubbling and composed,
/// so a listener on the element, its ancestors or `document` receives it.
pub fn dispatch(host: &Element, name: &str, detail: &[(&str, JsValue)]) {
    let object = Object::new();
    for (key, value) in detail {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&object);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(&format!("article-widget:{name}"), &init) {
        let _ = host.dispatch_event(&event);
    }
}

pub fn console_error(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(message));
}
