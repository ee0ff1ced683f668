//! The placeholder shown while the article loads: grey bars where the
//! title and text will be, so the page does not jump when they arrive.

use article_widget_core::Lang;
use yew::prelude::*;

pub fn loading(lang: Lang) -> Html {
    html! {
        <div class="aw-loading" aria-busy="true">
            <p class="aw-sr-only" role="status">{ lang.texts().loading }</p>
            <div class="aw-skel aw-skel-crumb"></div>
            <div class="aw-skel aw-skel-title"></div>
            <div class="aw-skel aw-skel-title aw-skel-short"></div>
            <div class="aw-skel aw-skel-meta"></div>
            { for (0..5).map(|_| html! { <div class="aw-skel aw-skel-line"></div> }) }
        </div>
    }
}
