//! Core's markup (`article_widget_core::markup`, escaped HTML text written
//! once for the first view and the Yew components) inside Yew's tree, with
//! the one mechanism for its retry buttons: a click caught by delegation.

use yew::prelude::*;

use crate::dom;

/// `markup` whose retry button (`data-aw-retry`) calls `retry`: the click
/// is caught on a wrapper Yew owns, which draws no box of its own
/// (`.aw-raw` is `display: contents`), so the layout is the markup's.
pub fn with_retry(markup: String, retry: Callback<()>) -> Html {
    let onclick = Callback::from(move |event: MouseEvent| {
        if dom::retry_pressed(&event) {
            retry.emit(());
        }
    });
    html! {
        <div class="aw-raw" {onclick}>{ Html::from_html_unchecked(AttrValue::from(markup)) }</div>
    }
}
