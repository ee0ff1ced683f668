//! The root component: loads the article, reports to the host page, and
//! draws the loading state, the error box or the article with its sidebar.

use std::rc::Rc;

use article_widget_core::{Lang, Locale, WidgetError};
use wasm_bindgen::JsValue;
use web_sys::Element;
use yew::prelude::*;

use crate::components::article::{article_view, ArticleParts};
use crate::components::error_box::error_box;
use crate::components::loading::loading;
use crate::config::{Source, WidgetConfig};
use crate::dom;
use crate::shown::Shown;

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

impl Load {
    fn from_config(config: &WidgetConfig) -> Load {
        match &config.source {
            Ok(Source::Inline { article, base }) => {
                Load::Ready(Rc::new(Shown { article: (**article).clone(), base: base.clone() }))
            }
            Ok(Source::Url(_)) => Load::Loading,
            Err(e) => Load::Failed(Rc::new(e.clone())),
        }
    }
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let config = props.config.clone();
    let load = use_state(|| Load::from_config(&config));
    // Bumped by the retry button to fetch again.
    let attempt = use_state(|| 0u32);

    {
        let load = load.clone();
        use_effect_with((config.clone(), *attempt), move |(config, attempt)| {
            if let Ok(Source::Url(url)) = &config.source {
                if *attempt > 0 {
                    load.set(Load::Loading);
                }
                let (url, timeout) = (url.clone(), config.timeout_ms);
                wasm_bindgen_futures::spawn_local(async move {
                    load.set(match crate::api::fetch_article(&url, timeout).await {
                        Ok(fetched) => Load::Ready(Rc::new(Shown { article: fetched.article, base: fetched.url })),
                        Err(e) => Load::Failed(Rc::new(e)),
                    });
                });
            }
        });
    }

    let locale = widget_locale(&config, &load);
    let lang = locale.lang;
    {
        let (host, reveal) = (props.host.clone(), props.reveal.clone());
        use_effect_with((*load).clone(), move |load| report(&host, load, lang, &reveal));
    }

    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    };
    let content = match &*load {
        Load::Loading => loading(lang),
        Load::Failed(error) => error_box(lang, error, retry, has_fallback(&props.host)),
        Load::Ready(shown) => article_view(ArticleParts {
            locale: &locale,
            shown,
            has_ad: has_ad(&props.host),
            comments: &config.comments,
            related: &config.related,
            eager: config.eager,
            host: &props.host,
        }),
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
