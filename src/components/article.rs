//! The article and the column beside it.

use std::rc::Rc;

use article_widget_core::markup::{self, ArticleView, Section};
use article_widget_core::{Lang, Locale, WidgetError};
use web_sys::Element;
use yew::prelude::*;

use crate::components::comments::{CommentSectionProps, CommentsPart};
use crate::components::lazy::Lazy;
use crate::components::related::{RelatedPart, RelatedProps};
use crate::config::{CommentsConfig, RelatedConfig};
use crate::shown::Shown;

/// What the article view draws.
pub struct ArticleParts<'a> {
    pub locale: &'a Locale,
    pub shown: &'a Rc<Shown>,
    /// The host filled the advertisement slot.
    pub has_ad: bool,
    /// The comment section's settings, or why they cannot work.
    pub comments: &'a Result<Rc<CommentsConfig>, WidgetError>,
    /// The related-stories sidebar's settings, or why they cannot work.
    pub related: &'a Result<Rc<RelatedConfig>, WidgetError>,
    /// Load comments and related stories at once, not near the viewport.
    pub eager: bool,
    pub host: &'a Element,
    /// How many comments the article's site counts, when it had to be asked apart.
    pub comment_count: Option<u64>,
}

pub fn article_view(props: ArticleParts) -> Html {
    let Shown { article, base, .. } = &**props.shown;
    let related = props.related.as_ref().ok().and_then(|c| c.for_article(props.shown.wordpress.as_ref()));
    let lang = props.locale.lang;
    let texts = lang.texts();
    html! {
        <div class="aw-layout">
            // The article itself is core's markup, the same the first view drew.
            { Html::from_html_unchecked(AttrValue::from(crate::markup::article(&ArticleView {
                article,
                base,
                locale: props.locale,
                comment_count: props.comment_count,
            }))) }
            <div class="aw-side">
                if props.has_ad {
                    { Html::from_html_unchecked(AttrValue::from(markup::ad(lang))) }
                }
                if let Some(config) = related {
                    <Lazy<RelatedPart> eager={props.eager} {lang} props={RelatedProps {
                        config,
                        locale: props.locale.clone(),
                        host: props.host.clone(),
                        shown: props.shown.clone(),
                    }} />
                } else if let Err(problem) = &props.related {
                    { setting_error(Section::Related, lang, texts.related_failed, problem) }
                }
            </div>
            { comments_area(&props) }
        </div>
    }
}

/// The comment section's place: under the article on wide layouts, after
/// the sidebar on narrow ones; alone in `mode="comments"`.
pub fn comments_area(props: &ArticleParts) -> Html {
    let config = match props.comments {
        Ok(config) => config.for_article(props.shown.wordpress.as_ref()),
        Err(_) => None,
    };
    let lang = props.locale.lang;
    html! {
        <div class="aw-comments-area">
            if let Some(config) = config {
                <Lazy<CommentsPart> eager={props.eager} lang={props.locale.lang} props={CommentSectionProps {
                    config,
                    locale: props.locale.clone(),
                    host: props.host.clone(),
                    ahead: None,
                }} />
            } else if let Err(problem) = props.comments {
                { setting_error(Section::Comments, lang, lang.texts().comments_unavailable, problem) }
            }
        </div>
    }
}

/// A section whose settings cannot work: its error under its heading
/// (core's markup, as for a section whose module cannot be had), with why,
/// and no retry button, since trying again cannot fix a setting.
fn setting_error(section: Section, lang: Lang, message: &str, problem: &WidgetError) -> Html {
    let markup = markup::section_error(section, lang, message, Some(&problem.message(lang)), false);
    Html::from_html_unchecked(AttrValue::from(markup))
}
