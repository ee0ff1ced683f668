//! Sections that wait until the widget is near the viewport before they
//! fetch and draw (the comment list, the related stories), as Coral does:
//! a reader who never scrolls there costs the publisher no request.
//!
//! Each such section is a [`Part`]: in the release build (the `split`
//! feature, `scripts/post-build.mjs`) its code is a wasm module of its own,
//! fetched and instantiated only when the section comes near, so the first
//! download carries the article alone. In the unsplit build (browser tests,
//! `trunk serve`) the code is already there and loads at once. Either way a
//! section draws in a task of its own, after the article: no long start-up
//! task holds the page.

use std::rc::Rc;

use article_widget_core::markup::{self, Section, AHEAD_SELECTOR};
use article_widget_core::Lang;
use gloo_events::EventListener;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};
use yew::prelude::*;

use crate::components::raw::with_retry;

/// How far outside the viewport a section starts loading.
const MARGIN: &str = "800px 0px";

/// Draws a section, once its code is loaded.
pub type View<P> = fn(&P) -> Html;

/// A section's code could not be loaded (its module did not arrive or did
/// not instantiate; the browser console has the details).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartUnavailable;

impl std::fmt::Display for PartUnavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the section's code could not be loaded")
    }
}

impl std::error::Error for PartUnavailable {}

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for PartUnavailable {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        PartUnavailable
    }
}

/// Calls a split point: awaited in the split build, where it loads the
/// section's module first; a plain call otherwise.
macro_rules! load_part {
    ($call:expr) => {{
        #[cfg(feature = "split")]
        let loaded = $call.await;
        #[cfg(not(feature = "split"))]
        let loaded = $call;
        loaded
    }};
}
pub(crate) use load_part;

/// A section whose code loads when it comes near.
pub trait Part: 'static {
    type Props: PartialEq + Clone + 'static;
    /// The class of the placeholder that holds the section's place meanwhile.
    const PLACEHOLDER: &'static str;
    /// The section's code: its own wasm module in the split build.
    #[allow(async_fn_in_trait)] // only ever awaited here, on the one browser thread
    async fn load() -> Result<View<Self::Props>, PartUnavailable>;
    /// Which section it is: what it shows when its code cannot be had (its
    /// error under its heading, with a button that tries again) is core's
    /// [`markup::section_unavailable`], as in the first view.
    const SECTION: Section;
    /// What keeps the form drawn ahead of the section's code, as the reader
    /// left it, where the section will find it should the reader leave
    /// before the code comes (called by the section's place: [`ahead_kept`],
    /// and on a send); `None` for a section with no form drawn ahead.
    fn keeper(_props: &Self::Props) -> Option<Keeper> {
        None
    }
}

/// Keeps a form drawn ahead of a section's code ([`Part::keeper`]).
pub type Keeper = Rc<dyn Fn()>;

thread_local! {
    /// A section draws in this task: another waits for a later one.
    static DRAWING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Waits for a later task in which no other section draws, and keeps it
/// (until the task after): sections whose modules arrive together (they
/// share a chunk) draw in tasks of their own, never one long one.
async fn own_task() {
    loop {
        crate::dom::next_task().await;
        if !DRAWING.with(|drawing| drawing.replace(true)) {
            wasm_bindgen_futures::spawn_local(async {
                crate::dom::next_task().await;
                DRAWING.with(|drawing| drawing.set(false));
            });
            return;
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct LazyProps<P: PartialEq> {
    /// Load at once (`loading="eager"`), not when near.
    pub eager: bool,
    /// The language of the section's error.
    pub lang: Lang,
    /// What the section draws with.
    pub props: P,
}

enum Stage<P> {
    /// Not near yet: the placeholder holds the place.
    Far,
    /// Near: its code is on the way (the placeholder still holds the place).
    Loading,
    Ready(View<P>),
    Failed,
}

/// Draws the part `T` once its placeholder comes within [`MARGIN`] of the
/// viewport (at once when eager, or where IntersectionObserver is missing).
#[function_component]
pub fn Lazy<T: Part>(props: &LazyProps<T::Props>) -> Html {
    let stage = use_state(|| if props.eager { Stage::<T::Props>::Loading } else { Stage::Far });
    // Bumped by the retry button.
    let attempt = use_state(|| 0u32);
    let placeholder = use_node_ref();
    let far = matches!(*stage, Stage::Far);
    {
        let (stage, placeholder) = (stage.clone(), placeholder.clone());
        use_effect_with(far, move |far| {
            let mut observer = None;
            if *far {
                let near = move || stage.set(Stage::Loading);
                let watched = placeholder.cast::<Element>().zip(observe({
                    let near = near.clone();
                    move |_| near()
                }));
                match watched {
                    Some((element, (io, callback))) => {
                        io.observe(&element);
                        observer = Some((io, callback));
                    }
                    None => near(),
                }
            }
            move || {
                if let Some((io, _callback)) = observer {
                    io.disconnect();
                }
            }
        });
    }
    let loading = matches!(*stage, Stage::Loading);
    {
        let (stage, placeholder) = (stage.clone(), placeholder.clone());
        use_effect_with((loading, *attempt), move |(loading, _)| {
            if *loading {
                wasm_bindgen_futures::spawn_local(async move {
                    // The article is on screen before any section's code
                    // runs, and each section draws in a task of its own
                    // (two modules that arrive together are not drawn at once).
                    crate::dom::next_task().await;
                    let loaded = T::load().await;
                    // Not in a view still hidden (Yew's, until it takes the
                    // place of a prerendered one): a form drawn ahead of the
                    // section moves into its place only then.
                    while placeholder.cast::<Element>().is_some_and(|place| {
                        place.is_connected() && place.closest(".aw-mount[hidden]").ok().flatten().is_some()
                    }) {
                        gloo_timers::future::TimeoutFuture::new(50).await;
                    }
                    own_task().await;
                    stage.set(match loaded {
                        Ok(view) => Stage::Ready(view),
                        Err(PartUnavailable) => Stage::Failed,
                    });
                });
            }
        });
    }
    let failed = matches!(*stage, Stage::Failed);
    let keeper = T::keeper(&props.props);
    {
        // A form drawn ahead of the section's code (the comment section's)
        // says in its loading line that the code could not be had, and again
        // that it loads on a retry: it stays, with what the reader typed in it.
        // What the reader typed there before Yew's module came (the first
        // view has no listener) is kept as the page goes away, in focus or
        // not (once the section has taken the form over, there is none).
        let (placeholder, lang, keeper) = (placeholder.clone(), props.lang, keeper.clone());
        use_effect_with(failed, move |failed| {
            if let Some(place) = placeholder.cast::<Element>() {
                crate::first_view::ahead_says(&place, lang, *failed);
            }
            let leaving = keeper
                .zip(web_sys::window())
                .map(|(keep, window)| EventListener::new(&window, "pagehide", move |_| keep()));
            move || drop(leaving)
        });
    }
    let retry = {
        let (stage, attempt) = (stage.clone(), attempt.clone());
        Callback::from(move |()| {
            stage.set(Stage::Loading);
            attempt.set(*attempt + 1);
        })
    };
    match &*stage {
        Stage::Ready(view) => view(&props.props),
        Stage::Failed if !holds_ahead(&placeholder) => {
            with_retry(markup::section_unavailable(T::SECTION, props.lang), retry)
        }
        Stage::Far | Stage::Loading | Stage::Failed => {
            // The retry button of a form drawn ahead, caught here.
            let onclick = failed.then(|| {
                let retry = retry.clone();
                Callback::from(move |event: MouseEvent| {
                    if crate::dom::retry_pressed(&event) {
                        retry.emit(());
                    }
                })
            });
            let (oninput, onfocusin) = ahead_kept(&keeper);
            // A send from a form drawn ahead waits for the section's code
            // (and, where that code could not be had, tries again for it).
            let onsubmit = {
                let (placeholder, lang) = (placeholder.clone(), props.lang);
                Callback::from(move |event: SubmitEvent| {
                    match placeholder.cast::<Element>() {
                        Some(place) => crate::first_view::queue_ahead(&place, lang, &event),
                        None => event.prevent_default(),
                    }
                    if let Some(keep) = &keeper {
                        keep();
                    }
                    if failed {
                        retry.emit(());
                    }
                })
            };
            html! { <div ref={placeholder} class={T::PLACEHOLDER} {onclick} {onsubmit} {oninput} {onfocusin}></div> }
        }
    }
}

/// The place's handlers that keep a form drawn ahead of the section's code
/// with `keeper`: as the reader types, and as the focus comes back to the
/// form when Yew's place takes it (what the reader typed before: the first
/// view has no listener). Not generic: one copy for every part.
fn ahead_kept(keeper: &Option<Keeper>) -> (Option<Callback<InputEvent>>, Option<Callback<FocusEvent>>) {
    let on = |keep: &Keeper| {
        let (typed, focused) = (keep.clone(), keep.clone());
        (Callback::from(move |_: InputEvent| typed()), Callback::from(move |_: FocusEvent| focused()))
    };
    keeper.as_ref().map(on).unzip()
}

/// The place holds a section drawn ahead of its code (core's
/// `markup::comments_ahead`, moved there from the first view).
fn holds_ahead(placeholder: &NodeRef) -> bool {
    placeholder.cast::<Element>().and_then(|place| place.query_selector(AHEAD_SELECTOR).ok().flatten()).is_some()
}

/// An IntersectionObserver and the callback it calls (dropping the
/// callback while the observer lives would leave it calling a freed closure).
pub type Observer = (IntersectionObserver, Closure<dyn FnMut(js_sys::Array, IntersectionObserver)>);

/// An observer that calls `near` each time an element it observes comes
/// within [`MARGIN`] of the viewport; `None` where IntersectionObserver is
/// missing.
fn observe(mut near: impl FnMut(&IntersectionObserver) + 'static) -> Option<Observer> {
    let callback = Closure::<dyn FnMut(js_sys::Array, IntersectionObserver)>::new(
        move |entries: js_sys::Array, io: IntersectionObserver| {
            if entries.iter().any(|e| e.unchecked_into::<IntersectionObserverEntry>().is_intersecting()) {
                near(&io);
            }
        },
    );
    let init = IntersectionObserverInit::new();
    init.set_root_margin(MARGIN);
    let io = IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init).ok()?;
    Some((io, callback))
}

/// Starts fetching the code of the sections before Yew's module has come,
/// as soon as each one's place nears (at once when `eager`): the places in
/// `view` (a first view, the widget's own or prerendered), or, for the
/// comment section alone (`comments_only`), the widget's element itself.
/// The section's [`Lazy`] later finds its module loaded or on its way (a
/// module is fetched once). Keep the observers while the view lives.
pub fn preload_near(view: &Element, eager: bool, comments_only: bool) -> Vec<Observer> {
    use crate::components::{comments::CommentsPart, related::RelatedPart};
    let mut places: Vec<(Element, fn())> = Vec::new();
    if comments_only {
        places.push((view.clone(), preload::<CommentsPart>));
    } else {
        for (class, load) in [
            (CommentsPart::PLACEHOLDER, preload::<CommentsPart> as fn()),
            (RelatedPart::PLACEHOLDER, preload::<RelatedPart>),
        ] {
            if let Ok(Some(place)) = view.query_selector(&format!(".{class}")) {
                places.push((place, load));
            }
        }
    }
    let mut observers = Vec::new();
    for (place, load) in places {
        let watching = (!eager).then(|| {
            observe(move |io| {
                io.disconnect();
                load();
            })
        });
        match watching.flatten() {
            Some((io, callback)) => {
                io.observe(&place);
                observers.push((io, callback));
            }
            None => load(),
        }
    }
    observers
}

/// Fetches the code of `T` (nothing to fetch outside the split build); a
/// failure is the section's to show when it draws, and is not kept.
fn preload<T: Part>() {
    wasm_bindgen_futures::spawn_local(async {
        let _ = T::load().await;
    });
}
