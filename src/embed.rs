//! The embed API: mount a widget on an element, unmount it, and the two
//! calls the `<article-widget>` custom element makes (`connect` when it
//! enters the document, `disconnect` when it leaves).
//!
//! Each mounted element owns one Yew app rendered inside the element's open
//! shadow root, next to the widget's stylesheet. Mounting an element that is
//! already mounted returns a handle to the same widget and changes nothing.
//!
//! A page may carry the widget's first view ahead of the script, as a
//! declarative shadow root made by [`snapshot`]: the article is painted with
//! the page, before the wasm arrives, and reads without it. The widget then
//! renders beside it, hidden, and takes its place once the article is drawn
//! (the same markup, so nothing moves).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use article_widget_core::markup::AHEAD_SELECTOR;
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, CssStyleSheet, Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

use crate::components::app::app_code;
use crate::components::comments::CommentsPart;
use crate::components::lazy::{load_part, preload_near, Observer, Part};
use crate::config::WidgetConfig;
use crate::first_view;

/// The widget's stylesheet, compiled into the wasm: no extra request, no
/// flash of unstyled content, and nothing for a host to misplace.
const STYLESHEET: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.css"));

/// Marks a first view rendered ahead of time, inside a shadow root.
pub(crate) const PRERENDERED: &str = "data-aw-prerendered";

struct Mounted {
    element: Element,
    app: Rc<AppSlot>,
    /// Mounted with `mount` options (not from attributes alone).
    with_options: bool,
}

/// A mounted widget's app: Yew's, once its module has arrived.
struct AppSlot {
    /// Unmounted: whatever is still on its way draws nothing.
    gone: Cell<bool>,
    /// Aborts the first view's article request.
    abort: Option<AbortController>,
    /// Takes the Yew app down.
    destroy: RefCell<Option<Box<dyn FnOnce()>>>,
    /// Watch the first view's section places, to fetch their code as they near.
    preloads: RefCell<Vec<Observer>>,
}

impl AppSlot {
    fn end(&self) {
        self.gone.set(true);
        if let Some(abort) = &self.abort {
            abort.abort();
        }
        if let Some(destroy) = self.destroy.borrow_mut().take() {
            destroy();
        }
        for (io, _callback) in self.preloads.take() {
            io.disconnect();
        }
    }
}

thread_local! {
    static MOUNTED: RefCell<Vec<Mounted>> = const { RefCell::new(Vec::new()) };
    /// One constructed stylesheet, adopted by every widget on the page.
    static SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
}

/// What `mount` returns to JavaScript.
#[wasm_bindgen]
pub struct WidgetHandle {
    element: Element,
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Removes the widget and shows the element's own children again.
    /// Calling it twice is harmless.
    pub fn unmount(&self) {
        unmount(&self.element, Keep::Nothing);
    }

    /// Whether this handle's widget is still on its element.
    #[wasm_bindgen(getter)]
    pub fn mounted(&self) -> bool {
        is_mounted(&self.element)
    }

    #[wasm_bindgen(getter)]
    pub fn element(&self) -> Element {
        self.element.clone()
    }
}

/// Mounts a widget on `element` with the element's attributes and `config`
/// (an object of options, or undefined). Never throws: a bad configuration
/// shows its error inside the widget. Mounting again changes nothing, with
/// one exception: options given for an element mounted from its attributes
/// alone (an `<article-widget>` the page declared) remount it with them.
#[wasm_bindgen]
pub fn mount(element: Element, config: JsValue) -> WidgetHandle {
    let has_options = !config.is_undefined() && !config.is_null();
    let mounted_plain = MOUNTED.with(|m| m.borrow().iter().any(|w| w.element == element && !w.with_options));
    if has_options && mounted_plain {
        unmount(&element, Keep::View);
    }
    if !is_mounted(&element) {
        start(&element, &config);
    }
    WidgetHandle { element }
}

/// Called by the custom element when it enters the document.
#[wasm_bindgen]
pub fn connect(element: Element) {
    mount(element, JsValue::UNDEFINED);
}

/// Called by the custom element when it has left the document.
#[wasm_bindgen]
pub fn disconnect(element: Element) {
    unmount(&element, Keep::Nothing);
}

/// Called by the custom element when its settings changed: the widget is
/// drawn again with them (a prerendered view stays on screen meanwhile).
#[wasm_bindgen]
pub fn remount(element: Element) {
    unmount(&element, Keep::View);
    connect(element);
}

/// How many widgets are mounted on the page.
#[wasm_bindgen(js_name = mountedCount)]
pub fn mounted_count() -> usize {
    MOUNTED.with(|m| m.borrow().len())
}

fn is_mounted(element: &Element) -> bool {
    MOUNTED.with(|m| m.borrow().iter().any(|w| &w.element == element))
}

fn start(element: &Element, options: &JsValue) {
    let shadow = match shadow_root(element) {
        Ok(shadow) => shadow,
        Err(e) => {
            crate::dom::console_error(&format!(
                "article-widget: cannot attach a shadow root to <{}>: {}",
                element.tag_name().to_ascii_lowercase(),
                crate::dom::error_text(&e)
            ));
            return;
        }
    };
    let prerendered = prerendered_view(&shadow);
    if prerendered.is_none() {
        shadow.set_inner_html("");
    }
    adopt_stylesheet(&shadow);
    let config = Rc::new(crate::config::read(element, options));
    // The first view, without Yew: at once, in this task.
    let view = match &prerendered {
        None if first_view::wanted(&config) => first_view::begin(element, &shadow, &config),
        _ => None,
    };
    let slot = Rc::new(AppSlot {
        gone: Cell::new(false),
        abort: AbortController::new().ok(),
        destroy: RefCell::new(None),
        preloads: RefCell::new(Vec::new()),
    });
    let with_options = !options.is_undefined() && !options.is_null();
    MOUNTED.with(|m| m.borrow_mut().push(Mounted { element: element.clone(), app: slot.clone(), with_options }));
    let host = element.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let answer = match (&view, &slot.abort) {
            (Some(view), Some(abort)) => first_view::finish(&host, view, &config, abort.clone()).await,
            _ => None,
        };
        // The sections' places are drawn now: their code need not wait for Yew's.
        let places = match view.as_ref().or(prerendered.as_ref()) {
            Some(shown) => Some(shown),
            None => config.comments_only.then_some(&host),
        };
        if let Some(places) = places.filter(|_| !slot.gone.get()) {
            *slot.preloads.borrow_mut() = preload_near(places, config.eager, config.comments_only);
        }
        start_app(Starting { host, shadow, config, slot, view, answer }).await;
    });
}

/// What drawing the widget with Yew starts from: the first view and its answer.
struct Starting {
    host: Element,
    shadow: ShadowRoot,
    config: Rc<WidgetConfig>,
    slot: Rc<AppSlot>,
    /// The widget's own first view, if it drew one.
    view: Option<Element>,
    /// The article answer that first view had.
    answer: Option<Result<crate::api::Fetched, article_widget_core::WidgetError>>,
}

impl Starting {
    /// The view on screen until Yew takes over: the widget's own first
    /// view, or the one prerendered into the page.
    fn shown(&self) -> Option<Element> {
        self.view.clone().or_else(|| prerendered_view(&self.shadow))
    }
}

/// Once the first view is on screen: draws the comment form ahead of its
/// section's code into it, loads Yew's module, and draws the widget with
/// it (in a task of its own), hidden behind the first view until the
/// article is drawn.
async fn start_app(starting: Starting) {
    crate::dom::after_paint().await;
    if starting.slot.gone.get() {
        return;
    }
    // The comment form, drawn ahead of its section's code now that the
    // article is on screen (laid out apart, neither is a long task).
    if let Some(shown) = starting.shown() {
        let site = starting.answer.as_ref().and_then(|a| a.as_ref().ok()).and_then(|f| f.wordpress.as_ref());
        first_view::form_ahead_into(&shown, &starting.config, site);
    }
    let loaded = load_part!(app_code());
    // Starting Yew's module was this task's; drawing the app is the next one's.
    crate::dom::next_task().await;
    if starting.slot.gone.get() {
        return;
    }
    let render = match loaded {
        Ok(render) => render,
        Err(_) => {
            let Starting { host, config, answer, .. } = &starting;
            first_view::app_unavailable(host, starting.shown().as_ref(), config, answer.as_ref());
            // Its retry asks for an article that failed again.
            let mut starting = starting;
            starting.answer.take_if(|answer| answer.is_err());
            retry_on_click(starting);
            return;
        }
    };
    let Starting { host, shadow, config, slot, answer, .. } = starting;
    let Some(document) = host.owner_document() else { return };
    let Ok(root) = document.create_element("div") else { return };
    root.set_class_name("aw-mount");
    if prerendered_view(&shadow).is_some() {
        let _ = root.set_attribute("hidden", "");
    }
    let _ = shadow.append_child(&root);
    let revealed = host.clone();
    let reveal: Rc<dyn Fn(bool)> = Rc::new(move |settled| reveal(&revealed, settled));
    let destroy = render(root, host, config, reveal, answer);
    *slot.destroy.borrow_mut() = Some(destroy);
}

/// After Yew's module failed: a click on a section's retry button tries
/// again (the failure is not cached).
fn retry_on_click(starting: Starting) {
    let Some(view) = starting.shown() else { return };
    let state = RefCell::new(Some(starting));
    let target = view.clone();
    let listener = gloo_events::EventListener::new(&target, "click", move |event| {
        if let Some(starting) = crate::dom::retry_button(event).and_then(|_| state.borrow_mut().take()) {
            first_view::retrying(&view, &starting.config, starting.answer.as_ref());
            wasm_bindgen_futures::spawn_local(start_app(starting));
        }
    });
    // Lives as long as the view: one retry, which sets up the next if it fails too.
    listener.forget();
}

/// What an unmount leaves in the shadow root.
#[derive(PartialEq)]
enum Keep {
    /// Nothing: a bare slot shows the element's own children (the fallback link) again.
    Nothing,
    /// A prerendered view, if the widget has not taken its place yet: the
    /// widget is about to be drawn again.
    View,
}

fn unmount(element: &Element, keep: Keep) {
    let found = MOUNTED.with(|m| {
        let mut mounted = m.borrow_mut();
        let index = mounted.iter().position(|w| &w.element == element)?;
        Some(mounted.swap_remove(index))
    });
    let Some(widget) = found else { return };
    widget.app.end();
    let Some(shadow) = element.shadow_root() else { return };
    let prerendered = prerendered_view(&shadow);
    let live = child_matching(&shadow, &format!(".aw-mount:not([{PRERENDERED}])"));
    match (keep, prerendered, live) {
        (Keep::View, Some(_), Some(live)) => live.remove(),
        (Keep::View, Some(_), None) => {}
        _ => shadow.set_inner_html("<slot></slot>"),
    }
}

/// Shows the widget in place of a first view drawn before it, if the
/// element has one; called once the article is drawn, or known to be gone
/// (`settled`), or failed for now (then a prerendered article stays, but
/// not the widget's own loading state). Keyboard focus in the first view
/// moves to the same place in the widget (where there is none, Yew's app
/// moves it on: `dom::focus_follows`).
fn reveal(host: &Element, settled: bool) {
    let Some(shadow) = host.shadow_root() else { return };
    let Some(prerendered) = prerendered_view(&shadow) else { return };
    if !settled && !prerendered.has_attribute(first_view::OWN) {
        return;
    }
    let Some(live) = child_matching(&shadow, ".aw-mount[hidden]") else { return };
    let _ = live.remove_attribute("hidden");
    let focused = shadow.active_element().filter(|f| prerendered.contains(Some(f)));
    // The comment form the first view drew ahead of the section's code moves,
    // with what the reader typed, into the section's place, where the
    // section takes it over when its code comes.
    let ahead = prerendered.query_selector(AHEAD_SELECTOR).ok().flatten();
    let place = live.query_selector(&format!(".{}", CommentsPart::PLACEHOLDER)).ok().flatten();
    let moved = ahead.zip(place).map(|(ahead, place)| {
        let _ = place.append_child(&ahead);
        // Yew's place catches a send (`Lazy`): the form's button works now.
        if let Ok(Some(button)) = ahead.query_selector("button[disabled]") {
            let _ = button.remove_attribute("disabled");
            let _ = button.remove_attribute("aria-disabled");
        }
        ahead
    });
    let counterpart = focused.and_then(|f| match &moved {
        Some(ahead) if ahead.contains(Some(&f)) => Some(f),
        _ => same_place(&f, &prerendered, &live),
    });
    prerendered.remove();
    if let Some(target) = counterpart.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
        let _ = target.focus();
    }
}

/// The element of `to` at the place `element` holds in `from`: the same
/// child positions down from each one's `.aw` root.
fn same_place(element: &Element, from: &Element, to: &Element) -> Option<Element> {
    let top = from.query_selector(".aw").ok()??;
    let mut path = Vec::new();
    let mut node = element.clone();
    while node != top {
        let parent = node.parent_element()?;
        let siblings = parent.children();
        path.push((0..siblings.length()).position(|i| siblings.item(i).as_ref() == Some(&node))? as u32);
        node = parent;
    }
    let mut target = to.query_selector(".aw").ok()??;
    for index in path.into_iter().rev() {
        target = target.children().item(index)?;
    }
    Some(target)
}

/// The widget's article as drawn now, as a declarative shadow root that a
/// page can carry inside the `<article-widget>` element, so that the article
/// is painted with the page (and read without JavaScript). `None` until the
/// article is drawn. Comment forms in it are inert: what a reader could type
/// before the widget takes over would be lost. Best called from the
/// `article-widget:ready` listener, before the lazy sections load.
#[wasm_bindgen]
pub fn snapshot(element: &Element) -> Option<String> {
    let shadow = element.shadow_root()?;
    let mount = child_matching(&shadow, &format!(".aw-mount:not([hidden]):not([{PRERENDERED}])"))?;
    mount.query_selector(".aw-article").ok()??;
    let copy: Element = mount.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    // A form drawn ahead of the comment section's code is left out: read
    // without the script, it could never be sent.
    if let Ok(Some(ahead)) = copy.query_selector(AHEAD_SELECTOR) {
        ahead.remove();
    }
    if let Ok(forms) = copy.query_selector_all("form") {
        for form in (0..forms.length()).filter_map(|i| forms.item(i)) {
            if let Some(form) = form.dyn_ref::<HtmlElement>() {
                form.set_inert(true);
            }
        }
    }
    Some(format!(
        "<template shadowrootmode=\"open\"><div class=\"aw-mount\" {PRERENDERED}><style>{STYLESHEET}</style>{}</div></template>",
        copy.inner_html()
    ))
}

/// The first view rendered ahead of time, while the widget has not taken its place.
pub(crate) fn prerendered_view(shadow: &ShadowRoot) -> Option<Element> {
    child_matching(shadow, &format!("[{PRERENDERED}]"))
}

/// The first element at the top of `shadow` that matches `selector`
/// (`:scope >` matches nothing in a shadow root).
pub(crate) fn child_matching(shadow: &ShadowRoot, selector: &str) -> Option<Element> {
    let children = shadow.children();
    (0..children.length()).filter_map(|i| children.item(i)).find(|c| c.matches(selector).unwrap_or(false))
}

/// The element's open shadow root, created on first mount and reused after.
fn shadow_root(element: &Element) -> Result<ShadowRoot, JsValue> {
    match element.shadow_root() {
        Some(shadow) => Ok(shadow),
        None => element.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)),
    }
}

fn adopt_stylesheet(shadow: &ShadowRoot) {
    let sheet = SHEET.with(|cell| {
        if let Some(sheet) = cell.borrow().as_ref() {
            return Some(sheet.clone());
        }
        let sheet = CssStyleSheet::new().ok()?;
        sheet.replace_sync(STYLESHEET).ok()?;
        *cell.borrow_mut() = Some(sheet.clone());
        Some(sheet)
    });
    match sheet {
        Some(sheet) => shadow.set_adopted_style_sheets(&js_sys::Array::of1(&sheet)),
        None => crate::dom::console_error("article-widget: constructable stylesheets are not supported"),
    }
}
