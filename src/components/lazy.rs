//! Sections that wait until the widget is near the viewport before they
//! fetch and draw (the comment list, the related stories), as Coral does:
//! a reader who never scrolls there costs the publisher no request.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};
use yew::prelude::*;

/// How far outside the viewport a section starts loading.
const MARGIN: &str = "800px 0px";

#[derive(Properties, PartialEq)]
pub struct LazyProps {
    /// Draw at once (`loading="eager"`).
    pub eager: bool,
    /// Class of the placeholder, which holds the section's place meanwhile.
    pub placeholder_class: AttrValue,
    pub children: Html,
}

/// Draws its children once the placeholder comes within [`MARGIN`] of the
/// viewport (at once when eager, or where IntersectionObserver is missing).
#[function_component]
pub fn Lazy(props: &LazyProps) -> Html {
    let near = use_state(|| props.eager);
    let placeholder = use_node_ref();
    {
        let (near, placeholder) = (near.clone(), placeholder.clone());
        use_effect_with(*near, move |already| {
            let mut observer = None;
            if !*already {
                match (placeholder.cast::<Element>(), observe(near.clone())) {
                    (Some(element), Some((io, callback))) => {
                        io.observe(&element);
                        observer = Some((io, callback));
                    }
                    _ => near.set(true),
                }
            }
            move || {
                if let Some((io, _callback)) = observer {
                    io.disconnect();
                }
            }
        });
    }
    if *near {
        props.children.clone()
    } else {
        html! { <div ref={placeholder} class={props.placeholder_class.clone()} aria-hidden="true"></div> }
    }
}

type Observer = (IntersectionObserver, Closure<dyn FnMut(js_sys::Array)>);

fn observe(near: UseStateHandle<bool>) -> Option<Observer> {
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let visible = entries.iter().any(|e| e.unchecked_into::<IntersectionObserverEntry>().is_intersecting());
        if visible {
            near.set(true);
        }
    });
    let init = IntersectionObserverInit::new();
    init.set_root_margin(MARGIN);
    let io = IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init).ok()?;
    Some((io, callback))
}
