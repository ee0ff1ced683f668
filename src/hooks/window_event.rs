//! Listening to the window (`pagehide`, `online`, `pointerup` …) while a
//! component is mounted, through gloo-events, whose listener removes itself
//! when dropped: no add/remove pairs to keep in step by hand.

use std::rc::Rc;

use gloo_events::EventListener;
use yew::prelude::*;

/// Calls `handler` on each of `events` on the window while `active` holds
/// and the component is mounted. The handler is taken when `active`
/// changes: it should read state through handles (which see the latest
/// state), not through values copied at that render.
#[hook]
pub fn use_window_event<F>(events: &'static [&'static str], active: bool, handler: F)
where
    F: Fn() + 'static,
{
    use_effect_with(active, move |active| {
        let handler = Rc::new(handler);
        let listeners: Vec<EventListener> = match web_sys::window() {
            Some(window) if *active => events
                .iter()
                .map(|event| {
                    let handler = handler.clone();
                    EventListener::new(&window, *event, move |_| handler())
                })
                .collect(),
            _ => Vec::new(),
        };
        move || drop(listeners)
    });
}
