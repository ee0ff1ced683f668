//! The box that replaces the article when it cannot be shown.

use article_widget_core::{Lang, WidgetError};
use yew::prelude::*;

/// `title` says what could not be shown; `has_fallback`: the host element
/// has its own link to the article, shown here.
pub fn error_box(
    lang: Lang,
    title: &'static str,
    error: &WidgetError,
    retry: Callback<()>,
    has_fallback: bool,
) -> Html {
    let texts = lang.texts();
    let retry = retry.reform(|_: MouseEvent| ());
    html! {
        <div class="aw-error" role="alert" data-code={error.code()}>
            <p class="aw-error-title">{ title }</p>
            <p class="aw-error-message">{ error.message(lang) }</p>
            if error.retryable() {
                <button type="button" class="aw-button" onclick={retry}>{ texts.retry }</button>
            }
            if has_fallback {
                <p class="aw-fallback">{ texts.fallback_intro }{" "}<slot></slot></p>
            }
        </div>
    }
}
