//! The placeholder shown while the article loads (core's markup: the first
//! view draws the same before Yew has arrived).

use article_widget_core::{markup, Lang};
use yew::prelude::*;

pub fn loading(lang: Lang) -> Html {
    Html::from_html_unchecked(AttrValue::from(markup::loading(lang)))
}
