//! The root component: loads the article, reports to the host page, and
//! draws the loading state, the error box or the article with its sidebar.

use std::rc::Rc;

use article_widget_core::{Lang, Locale, WidgetError};
use wasm_bindgen::JsValue;
use web_sys::Element;
use yew::prelude::*;

use crate::components::article::{article_view, comments_area, ArticleParts};
use crate::components::error_box::error_box;
use crate::components::loading::loading;
use crate::config::{Source, WidgetConfig};
use crate::hooks::use_fetch;
use crate::shown::Shown;
use crate::{api, dom};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The element the widget is mounted on, which receives its events.
    pub host: Element,
    pub config: Rc<WidgetConfig>,
    /// Puts the widget in place of a first view prerendered into the page:
    /// called once the article is drawn, or known to be gone.
    pub reveal: Callback<()>,
}

#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Ready(Rc<Shown>),
    Failed(Rc<WidgetError>),
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let config = props.config.clone();
    // An inline article (or a bad setting) needs no request. (Settings do
    // not change under a mounted App: new settings mount a new one.)
    let settled = use_memo((), |_| match &config.source {
        Ok(Source::Inline { article, base }) => {
            Some(Load::Ready(Rc::new(Shown { article: (**article).clone(), base: base.clone(), wordpress: None })))
        }
        Ok(Source::Url(_)) => None,
        Err(e) => Some(Load::Failed(Rc::new(e.clone()))),
    });
    let url = match &config.source {
        Ok(Source::Url(url)) => Some(url.clone()),
        _ => None,
    };
    let timeout = config.timeout_ms;
    let fetched = use_fetch(url, move |url, pending| {
        let url = url.to_owned();
        async move {
            match api::fetch_article(&url, timeout, pending.abort).await {
                Ok(fetched) => Load::Ready(Rc::new(Shown {
                    article: fetched.article,
                    base: fetched.url,
                    wordpress: fetched.wordpress,
                })),
                Err(error) => Load::Failed(Rc::new(error)),
            }
        }
    });
    let load = (*settled).as_ref().or(fetched.answer()).cloned().unwrap_or(Load::Loading);

    // A WordPress post does not say how many comments it has: its comment
    // list does, asked once the post is in (the article shows meanwhile).
    let site = match &load {
        Load::Ready(shown) if !config.comments_only => shown.wordpress.clone(),
        _ => None,
    };
    let count_url = site.as_ref().map(|site| site.rest.comments(site.post));
    let comment_count = use_fetch(count_url, move |_, pending| async move {
        match site {
            Some(site) => api::fetch_comment_count(&site, timeout, pending.abort).await,
            None => None,
        }
    });

    let locale = widget_locale(&config, &load);
    let lang = locale.lang;
    {
        let (host, reveal) = (props.host.clone(), props.reveal.clone());
        use_effect_with(load.clone(), move |load| report(&host, load, lang, &reveal));
    }

    let texts = lang.texts();
    let content = match &load {
        Load::Loading if config.comments_only => html! {
            <p class="aw-muted" role="status">{ texts.loading_comments }</p>
        },
        Load::Loading => loading(lang),
        Load::Failed(error) => {
            let title = if config.comments_only { texts.comments_unavailable } else { texts.error_title };
            error_box(lang, title, error, fetched.retry(), has_fallback(&props.host))
        }
        Load::Ready(shown) => {
            let parts = ArticleParts {
                locale: &locale,
                shown,
                has_ad: has_ad(&props.host),
                comments: &config.comments,
                related: &config.related,
                eager: config.eager,
                host: &props.host,
                comment_count: comment_count.answer().copied().flatten(),
            };
            if config.comments_only {
                comments_area(&parts)
            } else {
                article_view(parts)
            }
        }
    };
    html! {
        <div class="aw" data-theme={config.theme.as_str()} lang={locale.tag().to_owned()}>{ content }</div>
    }
}

/// The language of the interface: the `lang` setting, then the article's
/// own, then the page's, then the browser's; English when none is spoken.
fn widget_locale(config: &WidgetConfig, load: &Load) -> Locale {
    let article_lang = match load {
        Load::Ready(shown) => shown.article.lang,
        _ => None,
    };
    config
        .lang
        .clone()
        .or(article_lang.map(Locale::from))
        .or_else(|| dom::page_lang().as_deref().and_then(Locale::parse))
        .or_else(|| dom::browser_lang().as_deref().and_then(Locale::parse))
        .unwrap_or(Locale::from(Lang::En))
}

/// Tells the host page what happened: one event per outcome, and one console
/// line per error.
fn report(host: &Element, load: &Load, lang: Lang, reveal: &Callback<()>) {
    match load {
        Load::Loading => {}
        Load::Ready(shown) => {
            reveal.emit(());
            dom::dispatch(
                host,
                "ready",
                &[("id", JsValue::from_str(&shown.article.id)), ("lang", JsValue::from_str(lang.tag()))],
            );
        }
        Load::Failed(error) => {
            // A prerendered view stays for a failure that may pass, not for
            // an article that is gone.
            if matches!(**error, WidgetError::NotFound { .. }) {
                reveal.emit(());
            }
            dom::console_error(&error.console_detail());
            dom::dispatch(
                host,
                "error",
                &[
                    ("code", JsValue::from_str(error.code())),
                    ("message", JsValue::from_str(&error.message(lang))),
                    ("retryable", JsValue::from_bool(error.retryable())),
                ],
            );
        }
    }
}

/// Whether the host gave an advertisement to show (`<div slot="ad">`).
fn has_ad(host: &Element) -> bool {
    host.query_selector(":scope > [slot=ad]").ok().flatten().is_some()
}

/// Whether the host element has fallback content (its own link to the article).
fn has_fallback(host: &Element) -> bool {
    host.query_selector(":scope > :not(script):not(template):not([slot])").ok().flatten().is_some()
}
