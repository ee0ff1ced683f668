//! The article as the widget shows it, shared by the root component (which
//! loads it), the article view and the related-stories sidebar (which ranks
//! against it).

use article_widget_core::Article;

/// An article ready to show, with the address its relative links resolve against.
#[derive(PartialEq)]
pub struct Shown {
    pub article: Article,
    pub base: String,
}
