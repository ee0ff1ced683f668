//! Listening to the window (`pagehide`, `online`, `pointerup` …) while a
//! component is mounted, through gloo-events, whose listener removes itself
//! when dropped: no add/remove pairs to keep in step by hand.

use gloo_events::EventListener;
use yew::prelude::*;

/// Calls `handler` on each `event` on the window while `active` holds and
/// the component is mounted. The listener, and the handler with it, is
/// taken when `active` changes: a handler that lives long should dispatch
/// actions rather than read state (a reducer handle kept that long holds
/// every state it has read).
#[hook]
pub fn use_window_event<F>(event: &'static str, active: bool, handler: F)
where
    F: Fn() + 'static,
{
    use_effect_with(active, move |active| {
        let window = web_sys::window().filter(|_| *active);
        let listener = window.map(|window| EventListener::new(&window, event, move |_| handler()));
        move || drop(listener)
    });
}
