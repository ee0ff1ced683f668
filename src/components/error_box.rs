//! The box that replaces the article when it cannot be shown (core's
//! markup: the first view draws the same when Yew's module cannot be had).

use article_widget_core::{markup, Lang, WidgetError};
use yew::prelude::*;

use crate::components::raw::with_retry;

/// `title` says what could not be shown; `has_fallback`: the host element
/// has its own link to the article, shown here. `retry` is offered only
/// when trying again may help.
pub fn error_box(
    lang: Lang,
    title: &'static str,
    error: &WidgetError,
    retry: Callback<()>,
    has_fallback: bool,
) -> Html {
    with_retry(markup::error_box(lang, title, error, has_fallback), retry)
}
