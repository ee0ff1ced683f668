//! The wasm a publisher hosts. Everything lives in the `article-widget`
//! crate; linking it here, in a crate that is only a cdylib, lets cargo apply
//! link-time optimisation (it does not for a crate that is also an rlib).
pub use article_widget::*;
