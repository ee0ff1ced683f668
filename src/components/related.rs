//! The related-stories sidebar: a feed fetched (or given inline), ranked
//! against the article by `article_widget_core::related`, drawn as a list.

use std::rc::Rc;

use article_widget_core::feed::Story;
use article_widget_core::markup::{self, Section};
use article_widget_core::related::{self, Subject};
use article_widget_core::wordpress;
use article_widget_core::{url, Lang, Locale};
use wasm_bindgen::JsValue;
use web_sys::Element;
use yew::prelude::*;

use crate::api;
use crate::components::lazy::{load_part, Part, PartUnavailable, View};
use crate::components::raw::with_retry;
use crate::config::{RelatedConfig, RelatedSource};
use crate::hooks::use_fetch;
use crate::shown::Shown;
use crate::{decode, dom, intl};

#[derive(Properties, PartialEq, Clone)]
pub struct RelatedProps {
    pub config: Rc<RelatedConfig>,
    pub locale: Locale,
    pub host: Element,
    pub shown: Rc<Shown>,
}

/// The sidebar as a part that loads when it comes near: the feed reader
/// (XML, four formats), the ranking and the list are a wasm module of their
/// own in the split build.
pub struct RelatedPart;

impl Part for RelatedPart {
    type Props = RelatedProps;
    const PLACEHOLDER: &'static str = "aw-related-placeholder";
    const SECTION: Section = Section::Related;

    async fn load() -> Result<View<RelatedProps>, PartUnavailable> {
        load_part!(related_code())
    }
}

/// The split point: everything only the sidebar uses comes with it.
#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(related, fallible))]
fn related_code() -> Result<View<RelatedProps>, PartUnavailable> {
    Ok(|props| html! { <Related ..props.clone() /> })
}

/// The sidebar around its list.
fn sidebar(lang: Lang, list: Html) -> Html {
    html! {
        <aside class="aw-related" aria-labelledby="aw-related-title">
            <h2 id="aw-related-title" class="aw-section-title">{ lang.texts().related_title }</h2>
            { list }
        </aside>
    }
}

/// Ranks candidates against the shown article, with the configured order and limit.
fn ranked(shown: &Shown, config: &RelatedConfig, candidates: Vec<Story>) -> Vec<Story> {
    let article = &shown.article;
    let url = article.url.as_deref().and_then(|u| dom::resolve_http_url(u, &shown.base));
    let subject = Subject { id: &article.id, url: url.as_deref(), article };
    related::rank(&subject, candidates, config.order, config.limit)
}

#[function_component]
pub fn Related(props: &RelatedProps) -> Html {
    // Stories given inline need no request. (The settings and the article
    // do not change under a mounted sidebar: the root draws a new one.)
    let inline = use_memo((), |_| match &props.config.source {
        RelatedSource::Inline(given) => Some(
            decode::stories_from_value(given.value.clone(), &given.base)
                .map(|stories| Rc::new(ranked(&props.shown, &props.config, stories)))
                .map_err(api::RelatedError::Given)
                .inspect_err(|problem| dom::console_error(&problem.console_detail(""))),
        ),
        _ => None,
    });
    let feed = match &props.config.source {
        RelatedSource::Url(url) => Some(url.clone()),
        // Posts sharing a category or tag; a few times more than shown, for the ranking to choose from.
        RelatedSource::WordPress(site) => Some(wordpress::related_url(
            &site.rest,
            site.post,
            &site.categories,
            &site.tags,
            (props.config.limit * 4).clamp(20, 100),
        )),
        RelatedSource::Inline(_) | RelatedSource::Article => None,
    };
    let (config, shown) = (props.config.clone(), props.shown.clone());
    let fetched = use_fetch(feed, move |url, pending| {
        let url = url.to_owned();
        async move {
            let candidates = match config.source {
                RelatedSource::WordPress(_) => api::fetch_wordpress_related(&config, &url, pending.abort.clone()).await,
                _ => api::fetch_related(&config, &url, pending.abort.clone()).await,
            };
            match candidates {
                Ok(candidates) => Ok(Rc::new(ranked(&shown, &config, candidates))),
                Err(error) => {
                    // Not for a request aborted because the sidebar went away.
                    if pending.wanted() {
                        dom::console_error(&error.console_detail(&url));
                    }
                    Err(error)
                }
            }
        }
    });
    let answer = (*inline).as_ref().or(fetched.answer());

    let list = match answer {
        // Nothing to recommend: no sidebar at all.
        Some(Ok(stories)) if stories.is_empty() => return html! {},
        Some(Ok(stories)) => html! {
            <ol class="aw-related-list">
                { for stories.iter().enumerate().map(|(i, story)| html! {
                    <li key={story.id.clone()}>
                        { story_link(story, i + 1, &props.locale, &props.host, &props.config) }
                    </li>
                }) }
            </ol>
        },
        None => html! {
            <ol class="aw-related-list" aria-busy="true">
                { for (0..3).map(|_| html! {
                    <li class="aw-related-skeleton"><div class="aw-skel aw-related-thumb"></div><div class="aw-skel aw-skel-line"></div></li>
                }) }
            </ol>
        },
        // The sidebar's error (core's markup, as for a bad setting or a
        // module that cannot be had), with what the reader may want to know
        // about it and a button that tries again when it may help.
        Some(Err(error)) => {
            let lang = props.locale.lang;
            let note = error.note(lang);
            let markup = markup::section_error(
                Section::Related,
                lang,
                lang.texts().related_failed,
                note.as_deref(),
                error.retryable(),
            );
            return with_retry(markup, fetched.retry());
        }
    };
    sidebar(props.locale.lang, list)
}

/// One story; `position` is its 1-based place in the list, `config` gives
/// the campaign parameters its link carries.
fn story_link(story: &Story, position: usize, locale: &Locale, host: &Element, config: &RelatedConfig) -> Html {
    let href = url::with_query(&story.url, &config.campaign);
    let onclick = {
        let (host, id, url) = (host.clone(), story.id.clone(), href.clone());
        Callback::from(move |e: MouseEvent| {
            let go_on = dom::dispatch_cancelable(
                &host,
                "related-click",
                &[
                    ("id", JsValue::from_str(&id)),
                    ("url", JsValue::from_str(&url)),
                    ("position", JsValue::from(position as u32)),
                ],
            );
            // The host handles navigation itself.
            if !go_on {
                e.prevent_default();
            }
        })
    };
    html! {
        <a class="aw-related-link" {href} {onclick}>
            if let Some(src) = &story.image {
                // Decorative unless the feed describes it: the link's text is the title.
                <img class="aw-related-thumb" src={src.clone()} alt={story.image_alt.clone().unwrap_or_default()}
                     loading="lazy" decoding="async" width="96" height="64" />
            }
            <span class="aw-related-text">
                if let Some(category) = &story.category {
                    <span class="aw-related-category" dir="auto">{ category }</span>
                }
                <span class="aw-related-title" dir="auto">{ &story.title }</span>
                if let Some(date) = &story.published_at {
                    <time datetime={date.as_str().to_owned()}>{ intl::long_date(date, locale.tag()) }</time>
                }
            </span>
        </a>
    }
}
