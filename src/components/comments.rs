//! The comment section under the article: the list (paged, oldest first)
//! and the form.

use std::rc::Rc;

use article_widget_core::comment::{Comment, CommentError, Posted, Publication};
use article_widget_core::i18n::{self, Counted};
use article_widget_core::Locale;
use web_sys::Element;
use yew::prelude::*;

use crate::components::comment_form::CommentForm;
use crate::config::CommentsConfig;
use crate::{api, intl};

#[derive(Properties, PartialEq)]
pub struct CommentSectionProps {
    pub config: Rc<CommentsConfig>,
    pub locale: Locale,
    pub host: Element,
}

#[derive(Clone, PartialEq, Default)]
struct List {
    comments: Vec<Comment>,
    total: u64,
    loading: bool,
    /// The first page has arrived (or failed).
    loaded: bool,
    error: Option<CommentError>,
}

#[function_component]
pub fn CommentSection(props: &CommentSectionProps) -> Html {
    let list = use_state(|| List { loading: true, ..List::default() });
    // Bumped to fetch the next page, or to retry the first.
    let request = use_state(|| 0u64);

    {
        let (list, config) = (list.clone(), props.config.clone());
        use_effect_with(*request, move |_| {
            let offset = list.comments.len() as u64;
            let mut next = (*list).clone();
            next.loading = true;
            next.error = None;
            list.set(next.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::fetch_comments(&config, offset).await {
                    Ok(page) => {
                        // A server that ignores `offset` sends the first page again.
                        let known: std::collections::HashSet<String> = next.comments.iter().map(|c| c.id.clone()).collect();
                        next.comments.extend(page.comments.into_iter().filter(|c| !known.contains(&c.id)));
                        next.total = page.total.max(next.comments.len() as u64);
                    }
                    Err(error) => next.error = Some(error),
                }
                next.loading = false;
                next.loaded = true;
                list.set(next);
            });
        });
    }

    let on_posted = {
        let list = list.clone();
        Callback::from(move |posted: Posted| {
            if posted.status == Publication::Published && !list.comments.iter().any(|c| c.id == posted.comment.id) {
                let mut next = (*list).clone();
                next.comments.push(posted.comment);
                next.total += 1;
                list.set(next);
            }
        })
    };
    let more = {
        let request = request.clone();
        Callback::from(move |_: MouseEvent| request.set(*request + 1))
    };

    let lang = props.locale.lang;
    let texts = lang.texts();
    let heading = if list.loaded && list.error.is_none() {
        i18n::count(lang, Counted::Comment, list.total, &intl::number(list.total, props.locale.tag()))
    } else {
        texts.comments_title.to_owned()
    };
    let has_more = list.error.is_none() && (list.comments.len() as u64) < list.total;
    html! {
        <section class="aw-comments" aria-labelledby="aw-comments-title">
            <h2 id="aw-comments-title" class="aw-section-title">{ heading }</h2>
            if !list.comments.is_empty() {
                <ol class="aw-comment-list">
                    { for list.comments.iter().map(|c| html! {
                        <li key={c.id.clone()}><CommentView comment={c.clone()} locale={props.locale.clone()} /></li>
                    }) }
                </ol>
            } else if list.loaded && list.error.is_none() {
                <p class="aw-empty">{ texts.no_comments }</p>
            }
            if list.loading {
                <p class="aw-muted" role="status">{ texts.loading_comments }</p>
            }
            if let Some(error) = &list.error {
                <div class="aw-list-error" role="alert">
                    <p>{ texts.comments_failed }{" "}{ error.message(lang) }</p>
                    <button type="button" class="aw-button aw-button-quiet" onclick={more.clone()}>{ texts.retry }</button>
                </div>
            }
            if has_more && !list.loading {
                <button type="button" class="aw-button aw-button-quiet" onclick={more}>{ texts.load_more }</button>
            }
            <CommentForm config={props.config.clone()} locale={props.locale.clone()} host={props.host.clone()} {on_posted} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CommentViewProps {
    comment: Comment,
    locale: Locale,
}

#[function_component]
fn CommentView(props: &CommentViewProps) -> Html {
    let c = &props.comment;
    let lang = props.locale.lang;
    // Only an absolute http(s) address becomes a link, marked as the
    // reader's own (ugc) and not endorsed (nofollow).
    let website = c
        .website
        .as_deref()
        .filter(|w| article_widget_core::comment::is_http_url(w))
        .and_then(|w| crate::dom::resolve_http_url(w, ""));
    html! {
        <article class="aw-comment">
            <header class="aw-comment-meta">
                if let Some(href) = website {
                    <a class="aw-comment-author" {href} rel="nofollow ugc noopener" dir="auto"
                       aria-label={format!("{} {}", lang.texts().website_link_label, c.author)}>{ &c.author }</a>
                } else {
                    <span class="aw-comment-author" dir="auto">{ &c.author }</span>
                }
                <time datetime={c.created_at.as_str().to_owned()} title={intl::date_time(&c.created_at, props.locale.tag())}>
                    { intl::long_date(&c.created_at, props.locale.tag()) }
                </time>
            </header>
            <p class="aw-comment-body" dir="auto">{ &c.body }</p>
        </article>
    }
}
