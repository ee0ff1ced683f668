//! Small browser helpers shared by the embed code and the components.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Element, HtmlElement, ShadowRoot};

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

/// The retry button in core's markup (`data-aw-retry`) that `event` (a
/// click) came from, if any: the one way such buttons are caught, by
/// delegation on an element around them (the first view's, or one Yew owns).
pub fn retry_button(event: &web_sys::Event) -> Option<Element> {
    let target = event.target().and_then(|t| t.dyn_into::<Element>().ok())?;
    target.closest("[data-aw-retry]").ok().flatten()
}

/// Whether `event` came from a retry button, for Yew's handlers. The
/// button goes with what it retries, which Yew draws again (loading, then
/// loaded or failed again): if it had the focus, the focus follows to the
/// heading of what it retried ([`heading_of`]) as soon as that is drawn,
/// rather than falling to the page.
pub fn retry_pressed(event: &web_sys::Event) -> bool {
    let Some(button) = retry_button(event) else { return false };
    if let Some(shadow) = focus_root(&button) {
        focus_when_drawn(&shadow, &heading_of(&button), &button);
    }
    true
}

/// The shadow root `element` is in, if it has the focus there.
fn focus_root(element: &Element) -> Option<ShadowRoot> {
    let shadow = element.get_root_node().dyn_into::<ShadowRoot>().ok()?;
    (shadow.active_element().as_ref() == Some(element)).then_some(shadow)
}

/// The element that has the focus in `host`'s widget, if any.
pub fn focused_in(host: &Element) -> Option<Element> {
    host.shadow_root()?.active_element()
}

/// A selector for the heading of what `element` is part of: its section's
/// (the element its `aria-labelledby` names), else the article's title, or
/// the title of the error box drawn in its place.
pub fn heading_of(element: &Element) -> String {
    let section = element.closest("[aria-labelledby]").ok().flatten();
    match section.and_then(|s| s.get_attribute("aria-labelledby")) {
        Some(id) => format!("#{id}"),
        None => "h1, .aw-error-title".to_owned(),
    }
}

/// After Yew took the place of a first view in `host` (`embed::reveal`),
/// where `had`, the element that had the focus in that view, found no
/// counterpart that takes it (a retry button): the focus goes to the
/// heading of its part, now or as soon as Yew draws it.
pub fn focus_follows(host: &Element, had: Option<Element>) {
    let (Some(shadow), Some(had)) = (host.shadow_root(), had) else { return };
    let heading = heading_of(&had);
    if shadow.active_element().is_none() && focus_on_page(&shadow).is_none() && !focus_first(&shadow, &heading) {
        focus_when_drawn(&shadow, &heading, &had);
    }
}

/// Moves the focus, which `had` held, to the first element matching
/// `selector` that the widget in `shadow` draws from now on, unless the
/// reader has put the focus somewhere else meanwhile, or a later retry
/// took over the wait. Looked for every tenth of a second, for a minute at
/// most: a `MutationObserver` would catch the drawing itself, but its
/// bindings cost the first download 280 bytes gzip more (all imports live
/// in the main module), and a tenth of a second is not felt.
fn focus_when_drawn(shadow: &ShadowRoot, selector: &str, had: &Element) {
    let wait = FOCUS_WAIT.with(|n| {
        n.set(n.get().wrapping_add(1));
        n.get()
    });
    look_for(shadow.clone(), selector.to_owned(), had.clone(), wait, 600);
}

thread_local! {
    /// The wait for a heading that is the latest one ([`focus_when_drawn`]).
    static FOCUS_WAIT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

fn look_for(shadow: ShadowRoot, selector: String, had: Element, wait: u32, times: u32) {
    gloo_timers::callback::Timeout::new(100, move || {
        let latest = FOCUS_WAIT.with(|n| n.get() == wait);
        let free = shadow.active_element().map_or_else(|| focus_on_page(&shadow).is_none(), |a| a == had);
        if latest && free && !focus_first(&shadow, &selector) && times > 1 {
            look_for(shadow, selector, had, wait, times - 1);
        }
    })
    .forget();
}

/// The element with the focus on the page outside `shadow`, if any (the
/// body holding it means none: the element that had it is gone).
fn focus_on_page(shadow: &ShadowRoot) -> Option<Element> {
    let document = shadow.owner_document()?;
    let active = document.active_element()?;
    (Some(&active) != document.body().as_ref().map(AsRef::as_ref)).then_some(active)
}

/// Focuses the first element matching `selector` in `shadow` that can take
/// the focus (a heading is given `tabindex="-1"` for it); whether one did.
fn focus_first(shadow: &ShadowRoot, selector: &str) -> bool {
    let Ok(found) = shadow.query_selector_all(selector) else { return false };
    (0..found.length()).filter_map(|i| found.item(i)?.dyn_into::<HtmlElement>().ok()).any(|element| {
        if element.tab_index() < 0 && !element.has_attribute("tabindex") {
            let _ = element.set_attribute("tabindex", "-1");
        }
        let _ = element.focus();
        shadow.active_element().as_ref() == Some(element.as_ref())
    })
}

/// Whether the host element has fallback content (its own link to the article).
pub fn has_fallback(host: &Element) -> bool {
    host.query_selector(":scope > :not(script):not(template):not([slot])").ok().flatten().is_some()
}
