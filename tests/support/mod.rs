//! Helpers for the browser tests: make host elements, wait for the widget,
//! read what it shows.
#![allow(dead_code)]

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, ShadowRoot};

/// The fixture server (tests/support/fixture-server.mjs), started by the test command.
pub const FIXTURES: &str = match option_env!("AW_FIXTURE_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8787",
};

pub fn fixture(path: &str) -> String {
    format!("{FIXTURES}{path}")
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh `<article-widget>` in the page with these attributes (and the
/// given inner HTML), not yet mounted.
/// Removes every widget earlier tests left in the page, so that a section
/// of theirs loading late (lazy sections load when they come near the
/// viewport) cannot log into a later test's console capture.
pub fn remove_hosts() {
    let left = document().query_selector_all("article-widget").unwrap();
    for index in 0..left.length() {
        if let Some(element) = left.item(index).and_then(|node| node.dyn_into::<Element>().ok()) {
            element.remove();
        }
    }
}

pub fn host(attributes: &[(&str, &str)], inner_html: &str) -> Element {
    let element = document().create_element("article-widget").unwrap();
    for (name, value) in attributes {
        element.set_attribute(name, value).unwrap();
    }
    element.set_inner_html(inner_html);
    document().body().unwrap().append_child(&element).unwrap();
    element
}

/// Mounts `element` the way the custom element does, and waits for the
/// article or an error box.
pub async fn connect(element: &Element) -> ShadowRoot {
    article_widget::connect(element.clone());
    settled(element).await
}

/// Scrolls the first element matching `selector` into view, as a reader
/// scrolling down would (sections load when they come near the viewport).
pub fn reveal(shadow: &ShadowRoot, selector: &str) {
    if let Some(element) = shadow.query_selector(selector).ok().flatten() {
        element.scroll_into_view();
    }
}

/// Waits (up to 8 s) until the widget shows an article or an error: the
/// widget itself, once it has taken over from its first view (drawn
/// without Yew, see src/first_view.rs).
pub async fn settled(element: &Element) -> ShadowRoot {
    for _ in 0..400 {
        if let Some(shadow) = element.shadow_root() {
            let shown = shadow.query_selector(".aw-article, .aw-error").unwrap().is_some();
            if shown && shadow.query_selector("[data-aw-first-view]").unwrap().is_none() {
                return shadow;
            }
        }
        TimeoutFuture::new(20).await;
    }
    panic!("the widget showed neither an article nor an error within 8 s");
}

pub fn find(shadow: &ShadowRoot, selector: &str) -> Element {
    shadow
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no `{selector}` in the widget: {}", shadow.inner_html()))
}

pub fn all(shadow: &ShadowRoot, selector: &str) -> Vec<Element> {
    let list = shadow.query_selector_all(selector).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
}

pub fn text(shadow: &ShadowRoot, selector: &str) -> String {
    find(shadow, selector).text_content().unwrap_or_default()
}

pub fn exists(shadow: &ShadowRoot, selector: &str) -> bool {
    shadow.query_selector(selector).unwrap().is_some()
}

/// Collects the `article-widget:{name}` events fired on `element`.
pub struct Events {
    seen: std::rc::Rc<std::cell::RefCell<Vec<JsValue>>>,
    _listener: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::CustomEvent)>,
}

impl Events {
    pub fn listen(element: &Element, name: &str) -> Events {
        let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let sink = seen.clone();
        let listener =
            wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
                sink.borrow_mut().push(e.detail())
            });
        element
            .add_event_listener_with_callback(&format!("article-widget:{name}"), listener.as_ref().unchecked_ref())
            .unwrap();
        Events { seen, _listener: listener }
    }

    pub fn count(&self) -> usize {
        self.seen.borrow().len()
    }

    /// A field of the last event's detail, as it is.
    pub fn last_value(&self, field: &str) -> JsValue {
        let seen = self.seen.borrow();
        seen.last().and_then(|d| js_sys::Reflect::get(d, &JsValue::from_str(field)).ok()).unwrap_or(JsValue::UNDEFINED)
    }

    /// A string field of the last event's detail.
    pub fn last(&self, field: &str) -> Option<String> {
        let seen = self.seen.borrow();
        js_sys::Reflect::get(seen.last()?, &JsValue::from_str(field)).ok()?.as_string()
    }
}

/// Replaces `console.error` to record its calls; `restore` puts it back.
/// Records what the widget writes to the console at one level (`error`
/// by default), until dropped.
pub struct ConsoleErrors {
    level: &'static str,
    original: JsValue,
}

impl ConsoleErrors {
    pub fn capture() -> ConsoleErrors {
        ConsoleErrors::capture_level("error")
    }

    /// `console.warn` with `"warn"`, and so on.
    pub fn capture_level(level: &'static str) -> ConsoleErrors {
        let console = js_sys::Reflect::get(&js_sys::global(), &"console".into()).unwrap();
        let original = js_sys::Reflect::get(&console, &level.into()).unwrap();
        let store = format!("__aw_console_{level}");
        let record =
            js_sys::Function::new_with_args("...args", &format!("globalThis.{store}.push(args.map(String).join(' '))"));
        js_sys::Reflect::set(&js_sys::global(), &store.into(), &js_sys::Array::new()).unwrap();
        js_sys::Reflect::set(&console, &level.into(), &record).unwrap();
        ConsoleErrors { level, original }
    }

    pub fn lines(&self) -> Vec<String> {
        let store = format!("__aw_console_{}", self.level);
        let lines = js_sys::Reflect::get(&js_sys::global(), &store.into()).unwrap();
        js_sys::Array::from(&lines).iter().filter_map(|l| l.as_string()).collect()
    }
}

impl Drop for ConsoleErrors {
    fn drop(&mut self) {
        let console = js_sys::Reflect::get(&js_sys::global(), &"console".into()).unwrap();
        js_sys::Reflect::set(&console, &self.level.into(), &self.original).unwrap();
    }
}

/// Polls (up to 8 s) until `check` holds; on time-out, shows the widget.
pub async fn until(shadow: &ShadowRoot, what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..400 {
        if check() {
            return;
        }
        TimeoutFuture::new(20).await;
    }
    let form = shadow.query_selector(".aw-form").ok().flatten().map(|f| f.outer_html());
    panic!("timed out waiting for {what}; the form: {}", form.unwrap_or_else(|| shadow.inner_html()));
}

/// Types `value` into a field the way a browser does: set, then `input`.
pub fn type_into(shadow: &ShadowRoot, selector: &str, value: &str) {
    let element = find(shadow, selector);
    js_sys::Reflect::set(&element, &"value".into(), &value.into()).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    element.dispatch_event(&event).unwrap();
}

/// Moves focus into a field and out again, which is what flags it.
pub fn focus_and_leave(shadow: &ShadowRoot, selector: &str) {
    let element: web_sys::HtmlElement = find(shadow, selector).dyn_into().unwrap();
    element.focus().unwrap();
    element.blur().unwrap();
}

/// Clicks as a person does: in a task of its own, after the widget has
/// drawn what came before (Yew renders in a microtask).
pub async fn click(shadow: &ShadowRoot, selector: &str) {
    TimeoutFuture::new(0).await;
    click_now(shadow, selector);
}

/// Clicks at once, in the same task as what came before.
pub fn click_now(shadow: &ShadowRoot, selector: &str) {
    find(shadow, selector).dyn_into::<web_sys::HtmlElement>().unwrap().click();
}

/// The element focused inside the widget's shadow root.
pub fn focused_id(shadow: &ShadowRoot) -> Option<String> {
    shadow.active_element().map(|e| e.id())
}

pub async fn fetch_json(url: &str) -> JsValue {
    let response = gloo_net::http::Request::get(url).send().await.unwrap();
    js_sys::JSON::parse(&response.text().await.unwrap()).unwrap()
}
