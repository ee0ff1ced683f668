//! The article's markup ([`article_widget_core::markup`], one renderer for
//! the first view and the Yew components) written for this page: addresses
//! resolved by the browser's own URL parser, dates in the reader's time zone
//! and numbers the reader's way ([`crate::intl`]).

use article_widget_core::markup::{self, ArticleView, Env};
use article_widget_core::Timestamp;

use crate::{dom, intl};

/// The page the widget draws in.
pub struct Page;

impl Env for Page {
    fn link(&self, link: &str, base: &str) -> Option<String> {
        dom::resolve_http_url(link, base)
    }
    fn long_date(&self, at: &Timestamp, locale: &str) -> String {
        intl::long_date(at, locale)
    }
    fn date_time(&self, at: &Timestamp, locale: &str) -> String {
        intl::date_time(at, locale)
    }
    fn number(&self, n: u64, locale: &str) -> String {
        intl::number(n, locale)
    }
}

/// The `<article>` element's HTML.
pub fn article(view: &ArticleView) -> String {
    markup::article(&Page, view)
}
