//! Hooks the components share: effects written once, so that a component
//! reads like the markup it draws.

mod fetch;
mod window_event;

pub use fetch::{use_fetch, Pending, UseFetchHandle};
pub use window_event::use_window_event;
