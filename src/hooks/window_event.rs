//! Listening to the window (`pagehide`, `online`, `pointerup` …) while a
//! component is mounted, through gloo-events, whose listener removes itself
//! when dropped: no add/remove pairs to keep in step by hand.

use std::rc::Rc;

use gloo_events::EventListener;
use yew::prelude::*;

/// Calls `handler` on each of `events` on the window while `active` holds
/// and the component is mounted. The listeners are added and removed only
/// when `active` changes; what they call is the handler of the latest
/// render. (A handler kept from the first render would hold that render's
/// reducer handle for the component's life, and such a handle keeps every
/// state it has read.)
#[hook]
pub fn use_window_event<F>(events: &'static [&'static str], active: bool, handler: F)
where
    F: Fn() + 'static,
{
    let latest = use_mut_ref(|| None::<Rc<dyn Fn()>>);
    *latest.borrow_mut() = Some(Rc::new(handler));
    use_effect_with(active, move |active| {
        let listeners: Vec<EventListener> = match web_sys::window() {
            Some(window) if *active => events
                .iter()
                .map(|event| {
                    let latest = latest.clone();
                    EventListener::new(&window, *event, move |_| {
                        // Out of the cell before the call: the handler may render.
                        let handler = latest.borrow().clone();
                        if let Some(handler) = handler {
                            handler();
                        }
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        move || drop(listeners)
    });
}
