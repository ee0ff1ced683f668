//! The article as the widget shows it, shared by the root component (which
//! loads it), the article view and the related-stories sidebar (which ranks
//! against it).

use std::rc::Rc;

use article_widget_core::wordpress::Context;
use article_widget_core::Article;

/// An article ready to show, with the address its relative links resolve
/// against and, for a WordPress post, its place on its site (where its
/// comments and related posts come from).
#[derive(PartialEq)]
pub struct Shown {
    pub article: Article,
    pub base: String,
    pub wordpress: Option<Rc<Context>>,
}
