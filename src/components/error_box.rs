//! The box that replaces the article when it cannot be shown.

use std::rc::Rc;

use article_widget_core::{Lang, WidgetError};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ErrorBoxProps {
    pub lang: Lang,
    pub error: Rc<WidgetError>,
    pub retry: Callback<()>,
    /// The host element has its own link to the article, shown here.
    pub has_fallback: bool,
}

#[function_component]
pub fn ErrorBox(props: &ErrorBoxProps) -> Html {
    let texts = props.lang.texts();
    let retry = props.retry.reform(|_: MouseEvent| ());
    html! {
        <div class="aw-error" role="alert" data-code={props.error.code()}>
            <p class="aw-error-title">{ texts.error_title }</p>
            <p class="aw-error-message">{ props.error.message(props.lang) }</p>
            if props.error.retryable() {
                <button type="button" class="aw-button" onclick={retry}>{ texts.retry }</button>
            }
            if props.has_fallback {
                <p class="aw-fallback">{ texts.fallback_intro }{" "}<slot></slot></p>
            }
        </div>
    }
}
