//! Small browser helpers shared by the embed code and the components.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Element};

/// The page's base URL, against which inline articles' links resolve.
pub fn document_base_url() -> String {
    gloo_document().and_then(|d| d.base_uri().ok().flatten()).unwrap_or_default()
}

fn gloo_document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// The language the host page declares on `<html lang>`, if any.
pub fn page_lang() -> Option<String> {
    gloo_document().and_then(|d| d.document_element()).and_then(|e| e.get_attribute("lang"))
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
    let url = if base.is_empty() { web_sys::Url::new(&link) } else { web_sys::Url::new_with_base(&link, base) }.ok()?;
    matches!(url.protocol().as_str(), "http:" | "https:").then(|| url.href())
}

/// Fires `article-widget:{name}` on the host element: bubbling and composed,
/// so a listener on the element, its ancestors or `document` receives it.
pub fn dispatch(host: &Element, name: &str, detail: &[(&str, JsValue)]) {
    fire(host, name, detail, false);
}

/// Like [`dispatch`], cancelable: false when a listener called `preventDefault()`.
pub fn dispatch_cancelable(host: &Element, name: &str, detail: &[(&str, JsValue)]) -> bool {
    fire(host, name, detail, true)
}

fn fire(host: &Element, name: &str, detail: &[(&str, JsValue)], cancelable: bool) -> bool {
    let object = Object::new();
    for (key, value) in detail {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_cancelable(cancelable);
    init.set_detail(&object);
    match CustomEvent::new_with_event_init_dict(&format!("article-widget:{name}"), &init) {
        Ok(event) => host.dispatch_event(&event).unwrap_or(true),
        Err(_) => true,
    }
}

/// Moves keyboard focus to the element with this id in `host`'s shadow
/// root once the widget has drawn what was just asked (a task later).
pub fn focus_later(host: &Element, id: &str) {
    let (host, id) = (host.clone(), id.to_owned());
    gloo_timers::callback::Timeout::new(0, move || {
        let target = host.shadow_root().and_then(|shadow| shadow.get_element_by_id(&id));
        if let Some(target) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = target.focus();
        }
    })
    .forget();
}

pub fn console_error(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(message));
}

pub fn console_warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
}

/// The `content` of the host page's `<meta name="{name}">`.
pub fn meta_content(name: &str) -> Option<String> {
    let document = gloo_document()?;
    let metas = document.get_elements_by_tag_name("meta");
    (0..metas.length())
        .filter_map(|i| metas.item(i))
        .find(|m| m.get_attribute("name").as_deref() == Some(name))
        .and_then(|m| m.get_attribute("content"))
}

/// What the browser believes about the network (`navigator.onLine`).
pub fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// The current time as RFC 3339 (`Date.toISOString`).
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// A random (version 4) UUID, from `crypto.getRandomValues`, which unlike
/// `crypto.randomUUID` also exists on plain-http pages.
pub fn uuid_v4() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // No Web Crypto at all: Math.random is enough to tell drafts apart.
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// Resolves in a later task (a `setTimeout` of 0): the browser paints and
/// handles input in between.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window().map(|w| w.set_timeout_with_callback(&resolve));
        if !matches!(scheduled, Some(Ok(_))) {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Waits until the browser has drawn what is in the page now (the next
/// animation frame, then a task), so that what comes after is laid out in
/// a frame of its own; only a task where no frame is coming (a hidden page).
pub async fn after_paint() {
    let _ = wasm_bindgen_futures::JsFuture::from(painted()).await;
}

#[wasm_bindgen::prelude::wasm_bindgen(
    inline_js = "export function painted() { return new Promise((done) => document.hidden ? setTimeout(done) : requestAnimationFrame(() => setTimeout(done))); }"
)]
extern "C" {
    fn painted() -> js_sys::Promise;
}

/// Whether the host gave an advertisement to show (`<div slot="ad">`).
pub fn has_ad(host: &Element) -> bool {
    host.query_selector(":scope > [slot=ad]").ok().flatten().is_some()
}

/// Whether the host element has fallback content (its own link to the article).
/// Whether `event` (a click) came from a retry button in core's markup
/// (`data-aw-retry`): the one way such buttons are caught, by delegation on
/// an element around them (the first view's, or one Yew owns).
pub fn is_retry(event: &web_sys::Event) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .is_some_and(|t| t.closest("[data-aw-retry]").ok().flatten().is_some())
}

pub fn has_fallback(host: &Element) -> bool {
    host.query_selector(":scope > :not(script):not(template):not([slot])").ok().flatten().is_some()
}
