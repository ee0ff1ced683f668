//! The browser-free part of article-widget: the article model, the languages
//! and every message, and small text helpers. It compiles natively (tests,
//! benchmarks, the reference server) and to wasm (the widget).

#[cfg(feature = "bench")]
pub mod bench;
pub mod cldr;
pub mod comment;
pub mod error;
pub mod error_code;
pub mod feed;
pub mod i18n;
pub mod lang;
pub mod markup;
pub mod model;
pub mod own;
pub mod related;
pub mod text;
pub mod time;
pub mod url;
pub mod wordpress;
pub mod xml;

pub use error::{Expected, WidgetError};
pub use lang::{Lang, Locale};
pub use model::{Article, Block, Crumb, Inline, Span};
pub use time::Timestamp;
