//! The line under the title: author, date, views, comments, reading time
//! (a count the source does not give is left out).

use article_widget_core::i18n::{self, Counted};
use article_widget_core::{Article, Locale};
use yew::prelude::*;

use crate::intl;

/// `comment_count`: the count asked apart (a WordPress post's), which wins
/// over the article's own.
pub fn meta(article: &Article, locale: &Locale, comment_count: Option<u64>) -> Html {
    let lang = locale.lang;
    let locale = locale.tag();
    let count = |what, n| i18n::count(lang, what, n, &intl::number(n, locale));
    let minutes = article.reading_minutes();
    let updated = article.updated_at.as_ref().filter(|u| u.date() != article.published_at.date());
    html! {
        <p class="aw-meta" aria-label={lang.texts().article_stats_label}>
            if let Some(author) = &article.author {
                <span class="aw-author" dir="auto">{ i18n::by(lang, author) }</span>
            }
            <time class="aw-date" datetime={article.published_at.as_str().to_owned()}
                  title={intl::date_time(&article.published_at, locale)}>
                { i18n::published_on(lang, &intl::long_date(&article.published_at, locale)) }
            </time>
            if let Some(updated) = updated {
                <time class="aw-updated" datetime={updated.as_str().to_owned()}>
                    { i18n::updated_on(lang, &intl::long_date(updated, locale)) }
                </time>
            }
            if let Some(views) = article.view_count {
                <span class="aw-views">{ count(Counted::View, views) }</span>
            }
            if let Some(comments) = comment_count.or(article.comment_count) {
                <span class="aw-comment-count">{ count(Counted::Comment, comments) }</span>
            }
            <span class="aw-reading">{ count(Counted::ReadingMinute, u64::from(minutes)) }</span>
        </p>
    }
}
