//! article-widget: an embeddable news article, rendered by Yew inside the
//! shadow root of an `<article-widget>` element (or any element given to
//! `ArticleWidget.mount`).
//!
//! - [`embed`]: the API JavaScript calls (mount, unmount, connect, disconnect);
//! - [`config`]: attributes and mount options read into one configuration;
//! - [`api`]: every HTTP request;
//! - [`decode`]: JSON and host-given JS values read into typed data, by
//!   [`from_js`], the widget's own serde deserializer;
//! - [`html`], [`wordpress`]: HTML from outside read by the browser's parser,
//!   and WordPress's REST answers;
//! - [`storage`]: comment drafts and the remembered identity;
//! - [`shown`]: the article as shown, shared by the components;
//! - [`components`]: what is drawn, and [`hooks`], the effects they share;
//! - [`dom`], [`intl`]: browser helpers.

/// The wasm allocator: talc, a maintained crate, rather than Rust's default
/// dlmalloc, which cost the first download 2.6 KB gzip more (the allocator
/// is in the main module; measured on the release build, size-budget.json).
/// The browser tests run with it too.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub mod api;
pub mod components;
pub mod config;
pub mod decode;
pub mod dom;
pub mod embed;
pub mod first_view;
pub mod from_js;
pub mod hooks;
pub mod html;
pub mod intl;
pub mod markup;
pub mod shown;
pub mod storage;
pub mod wordpress;

pub use embed::{connect, disconnect, mount, mounted_count, WidgetHandle};
