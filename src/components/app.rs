//! The root component: loads the article, reports to the host page, and
//! draws the loading state, the error box or the article with its sidebar.

use std::cell::RefCell;
use std::rc::Rc;

use article_widget_core::{Lang, WidgetError};
use wasm_bindgen::JsValue;
use web_sys::Element;
use yew::prelude::*;

use crate::api::{self, Fetched};
use crate::components::article::{article_view, comments_area, ArticleParts};
use crate::components::comment_form::ahead;
use crate::components::error_box::error_box;
use crate::components::lazy::PartUnavailable;
use crate::components::loading::loading;
use crate::config::{Source, WidgetConfig};
use crate::dom;
use crate::hooks::use_fetch;
use crate::shown::Shown;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The element the widget is mounted on, which receives its events.
    pub host: Element,
    pub config: Rc<WidgetConfig>,
    /// Puts the widget in place of a first view drawn before it (prerendered
    /// into the page, or drawn by the main module): called with `true` once
    /// the article is drawn or known to be gone, with `false` for a failure
    /// that may pass (a prerendered article then stays).
    pub reveal: Callback<bool>,
    /// The article answer the first view had: the app's first fetch takes
    /// it rather than asking again (a retry asks).
    pub handed: Handed,
}

/// An answer handed over by the first view, taken once. Handed from one
/// mount to its own app, it cannot reach another mount of the same address.
#[derive(Clone)]
pub struct Handed(Rc<RefCell<Option<Result<Fetched, WidgetError>>>>);

impl PartialEq for Handed {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Draws the widget with Yew into `root` for `host`; returns what takes it down.
pub type Render = fn(
    root: Element,
    host: Element,
    config: Rc<WidgetConfig>,
    reveal: Rc<dyn Fn(bool)>,
    answer: Option<Result<Fetched, WidgetError>>,
) -> Box<dyn FnOnce()>;

/// The split point of Yew itself: the main module draws the first view
/// without it (`crate::first_view`), and the app, with everything only it
/// uses (Yew, the sections' frames, the error box), comes as a module of
/// its own right after.
#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(app, fallible))]
pub fn app_code() -> Result<Render, PartUnavailable> {
    Ok(|root, host, config, reveal, answer| {
        let reveal = Callback::from(move |settled| reveal(settled));
        let props = AppProps { host, config, reveal, handed: Handed(Rc::new(RefCell::new(answer))) };
        let app = yew::Renderer::<App>::with_root_and_props(root, props).render();
        Box::new(move || app.destroy())
    })
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
    let handed = props.handed.clone();
    let fetched = use_fetch(url, move |url, pending| {
        let url = url.to_owned();
        let handed = handed.0.borrow_mut().take();
        async move {
            let answer = match handed {
                Some(answer) => answer,
                None => api::fetch_article(&url, timeout, pending.abort).await,
            };
            match answer {
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

    let article_lang = match &load {
        Load::Ready(shown) => shown.article.lang,
        _ => None,
    };
    let locale = config.locale(article_lang);
    let lang = locale.lang;
    {
        let (host, reveal, config) = (props.host.clone(), props.reveal.clone(), props.config.clone());
        use_effect_with(load.clone(), move |load| report(&host, &config, load, lang, &reveal));
    }

    let texts = lang.texts();
    let content = match &load {
        Load::Loading if config.comments_only => html! {
            <p class="aw-muted" role="status">{ texts.loading_comments }</p>
        },
        Load::Loading => loading(lang),
        Load::Failed(error) => {
            let title = if config.comments_only { texts.comments_unavailable } else { texts.error_title };
            error_box(lang, title, error, fetched.retry(), dom::has_fallback(&props.host))
        }
        Load::Ready(shown) => {
            let parts = ArticleParts {
                locale: &locale,
                shown,
                has_ad: dom::has_ad(&props.host),
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

/// Tells the host page what happened: one event per outcome, and one console
/// line per error.
fn report(host: &Element, config: &WidgetConfig, load: &Load, lang: Lang, reveal: &Callback<bool>) {
    // Yew's view takes the first view's place; a focus with no counterpart
    // there goes on to the heading of its part.
    let reveal = |settled: bool| {
        let had = dom::focused_in(host);
        reveal.emit(settled);
        dom::focus_follows(host, had);
    };
    match load {
        Load::Loading => {}
        Load::Ready(shown) => {
            let comments = config.comments.as_ref().ok().and_then(|c| c.for_article(shown.wordpress.as_ref()));
            ahead::keep_if_elsewhere(host, comments.map(|c| c.key()).as_deref());
            reveal(true);
            dom::dispatch(
                host,
                "ready",
                &[("id", JsValue::from_str(&shown.article.id)), ("lang", JsValue::from_str(lang.tag()))],
            );
        }
        Load::Failed(error) => {
            // A prerendered view stays for a failure that may pass, not for
            // an article that is gone.
            let gone = matches!(**error, WidgetError::NotFound { .. });
            if gone {
                ahead::keep_if_elsewhere(host, None);
            }
            reveal(gone);
            if !gone {
                crate::first_view::prerendered_stays(host);
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
