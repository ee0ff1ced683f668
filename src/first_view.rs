//! The widget's first view, drawn by the main wasm module without Yew: the
//! loading state, then the article (core's [`markup`], the renderer the Yew
//! components use too) with the places of the sidebar and the comment
//! section, written into the shadow root as a prerendered snapshot would be.
//! Yew, which draws everything after (the sections, later updates, the
//! error box), is a wasm module of its own (`app_code`), asked for and
//! started once this view is on screen (`embed::start_app`); it takes the view over
//! exactly as it takes over a prerendered page (`embed::reveal`), with the
//! article answer this view already had (`Render`'s `answer`).
//!
//! If Yew's module cannot be had, the article stays, and the sections'
//! places say so, with a button that tries again.

use std::rc::Rc;

use article_widget_core::markup::{self, ArticleView, Attr, Section};
use article_widget_core::wordpress::Context;
use article_widget_core::{Article, Lang, Locale, WidgetError};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, Element, ShadowRoot};

use crate::api::{self, Fetched};
use crate::components::comments::CommentsPart;
use crate::components::lazy::Part;
use crate::components::related::RelatedPart;
use crate::config::{CommentsConfig, Source, WidgetConfig};
use crate::{dom, embed, storage};

/// Marks a first view drawn by the widget itself (beside the attribute of
/// any first view, `data-aw-prerendered`): unlike a prerendered article,
/// its loading state gives way to the widget's error box.
pub const OWN: &str = "data-aw-first-view";

/// Whether the widget draws a first view of its own for `config`: for an
/// article (not the comments alone) it can have (a bad setting goes
/// straight to the widget's error box).
pub fn wanted(config: &WidgetConfig) -> bool {
    !config.comments_only && config.source.is_ok()
}

/// Writes the first view into `shadow`: the article when it is inline, the
/// loading state otherwise. Returns the view's element.
pub fn begin(host: &Element, shadow: &ShadowRoot, config: &WidgetConfig) -> Option<Element> {
    let document = host.owner_document()?;
    let view = document.create_element("div").ok()?;
    view.set_class_name("aw-mount");
    let _ = view.set_attribute(super::embed::PRERENDERED, "");
    let _ = view.set_attribute(OWN, "");
    match &config.source {
        Ok(Source::Inline { article, base }) => {
            let shown = Fetched { article: (**article).clone(), url: base.clone(), wordpress: None };
            view.set_inner_html(&article_frame(host, config, &shown));
        }
        _ => {
            let locale = config.locale(None);
            view.set_inner_html(&frame(config, &locale, &markup::loading(locale.lang)));
        }
    }
    shadow.append_child(&view).ok()?;
    Some(view)
}

/// For an article given by address: waits for it (the loader's request
/// already in flight), draws it in `view`, and keeps the answer for the
/// widget. The answer, `None` for an inline article.
pub async fn finish(
    host: &Element,
    view: &Element,
    config: &WidgetConfig,
    abort: AbortController,
) -> Option<Result<Fetched, WidgetError>> {
    let Ok(Source::Url(url)) = &config.source else { return None };
    // The settings and the loading state were this task's: reading and
    // drawing the article (often already here) are the next one's, so that
    // neither is a long task on a slow phone.
    crate::dom::next_task().await;
    let answer = api::fetch_article(url, config.timeout_ms, abort.clone()).await;
    if abort.signal().aborted() {
        return None; // unmounted meanwhile
    }
    if let Ok(shown) = &answer {
        view.set_inner_html(&article_frame(host, config, shown));
    }
    Some(answer)
}

/// The `.aw` root around `content`, as the widget draws it.
fn frame(config: &WidgetConfig, locale: &Locale, content: &str) -> String {
    format!(
        r#"<div class="aw" data-theme="{}" lang="{}">{content}</div>"#,
        Attr(config.theme.as_str()),
        Attr(locale.tag())
    )
}

/// The article with the places of the sidebar and the comment section (the
/// placeholders the widget's lazy sections draw while far), as
/// `components::article::article_view` lays them out.
fn article_frame(host: &Element, config: &WidgetConfig, shown: &Fetched) -> String {
    let locale = config.locale(shown.article.lang);
    let view = ArticleView { article: &shown.article, base: &shown.url, locale: &locale, comment_count: None };
    let mut side = String::new();
    if dom::has_ad(host) {
        side.push_str(&markup::ad(locale.lang));
    }
    let wordpress = shown.wordpress.as_ref();
    if config.related.as_ref().ok().and_then(|c| c.for_article(wordpress)).is_some() {
        side.push_str(&placeholder(RelatedPart::PLACEHOLDER));
    }
    // The comment form is drawn into its place in a later task
    // ([`form_ahead_into`]): laid out apart from the article, neither is a
    // long task on a slow phone.
    let comments = match config.comments.as_ref().ok().and_then(|c| c.for_article(wordpress)) {
        Some(_) => placeholder(CommentsPart::PLACEHOLDER),
        None => String::new(),
    };
    let layout = format!(
        r#"<div class="aw-layout">{}<div class="aw-side">{side}</div><div class="aw-comments-area">{comments}</div></div>"#,
        crate::markup::article(&view)
    );
    frame(config, &locale, &layout)
}

/// Whether the comment section's place gets its form drawn ahead of its
/// code, so that a reader can type before the code has come: where the site
/// takes comments, and not over a draft the reader left here (it comes back
/// with the section).
fn form_ahead(comments: &CommentsConfig) -> bool {
    comments.refusal().is_none() && !storage::has_draft(&comments.key())
}

/// Draws the comment form ahead of the section's code into the section's
/// empty place in `view`, in the language the view was drawn in: the
/// widget's own first view, a task after its article (so that the two are
/// laid out apart), or a view prerendered into the page (whose snapshot
/// leaves the form out: read without the script, it could never be sent).
/// `site` is the WordPress post's site the article came from, if any.
pub fn form_ahead_into(view: &Element, config: &WidgetConfig, site: Option<&Rc<Context>>) {
    let Some(comments) = config.comments.as_ref().ok().and_then(|c| c.for_article(site)) else { return };
    let place = view.query_selector(&format!(".{}:empty", CommentsPart::PLACEHOLDER));
    let (Ok(Some(place)), true) = (place, form_ahead(&comments)) else { return };
    let lang = drawn_lang(view).unwrap_or(config.locale(None).lang);
    place.set_inner_html(&markup::comments_ahead(lang, &dom::now_iso(), &comments.key()));
}

/// The language `view` (a first view, the widget's or prerendered) was drawn in.
fn drawn_lang(view: &Element) -> Option<Lang> {
    let aw = view.query_selector(".aw[lang]").ok().flatten()?;
    Lang::from_tag(&aw.get_attribute("lang")?)
}

/// A section's empty place, as `Lazy` draws it.
fn placeholder(class: &str) -> String {
    format!(r#"<div class="{}"></div>"#, Attr(class))
}

/// Yew's module could not be had: the article stays, the sections' places
/// say so (with a button that calls `retry`), and the page hears what it
/// would have heard from the widget.
pub fn app_unavailable(
    host: &Element,
    view: Option<&Element>,
    config: &WidgetConfig,
    answer: Option<&Result<Fetched, WidgetError>>,
) {
    dom::console_error("article-widget: the widget's code could not be loaded (see the network panel)");
    let article = shown_article(config, answer);
    let locale = config.locale(article.and_then(|a| a.lang));
    let lang = locale.lang;
    let Some(view) = view else { return };
    match (article, answer) {
        // The article on screen: the widget's own first view, or one
        // prerendered into the page (no answer here, and no `ready`: the
        // widget's code, which would say it, did not run).
        (article, None | Some(Ok(_))) => {
            sections_unavailable(view, lang);
            if let Some(article) = article {
                dom::dispatch(
                    host,
                    "ready",
                    &[("id", JsValue::from_str(&article.id)), ("lang", JsValue::from_str(lang.tag()))],
                );
            }
        }
        (_, Some(Err(error))) => {
            // The widget's error box; its retry (if any) loads the widget,
            // which asks for the article again (`embed::start_app` does not
            // hand it this answer).
            let content = markup::error_box(lang, lang.texts().error_title, error, dom::has_fallback(host));
            view.set_inner_html(&frame(config, &locale, &content));
            dom::dispatch(host, "error", &error_detail(error, lang));
        }
    }
}

/// Trying Yew's module again: a comment form drawn ahead says again that
/// the comments load.
pub fn retrying(view: &Element, config: &WidgetConfig, answer: Option<&Result<Fetched, WidgetError>>) {
    let lang = config.locale(shown_article(config, answer).and_then(|a| a.lang)).lang;
    ahead_says(view, lang, false);
}

/// The article this view shows, if any.
fn shown_article<'a>(
    config: &'a WidgetConfig,
    answer: Option<&'a Result<Fetched, WidgetError>>,
) -> Option<&'a Article> {
    match (answer, &config.source) {
        (Some(Ok(shown)), _) => Some(&shown.article),
        (None, Ok(Source::Inline { article, .. })) => Some(&**article),
        _ => None,
    }
}

fn error_detail(error: &WidgetError, lang: Lang) -> [(&'static str, JsValue); 3] {
    [
        ("code", JsValue::from_str(error.code())),
        ("message", JsValue::from_str(&error.message(lang))),
        ("retryable", JsValue::from_bool(error.retryable())),
    ]
}

/// Yew could not have the article again on a prerendered page, for now
/// (offline, a time-out, a 5xx): the prerendered article stays, but its
/// sections, which Yew draws with its article, cannot come. Their places
/// say so, in the snapshot's language, and their buttons try again with
/// Yew's own retry: its error box's, in its view still hidden. Called by
/// Yew's app (so its code is not the main module's); nothing to do where
/// the view on screen is the widget's own.
pub fn prerendered_stays(host: &Element) {
    let Some(shadow) = host.shadow_root() else { return };
    // A view prerendered into the page, not the widget's own first view.
    let view = embed::prerendered_view(&shadow).filter(|view| !view.has_attribute(OWN));
    let (Some(view), Some(live)) = (view, embed::child_matching(&shadow, ".aw-mount[hidden]")) else { return };
    let lang = drawn_lang(&view).unwrap_or_default();
    sections_unavailable(&view, lang);
    // One listener for the view, however many times Yew fails.
    if view.has_attribute(RETRIES) {
        return;
    }
    let _ = view.set_attribute(RETRIES, "");
    let target = view.clone();
    let listener = gloo_events::EventListener::new(&view, "click", move |event| {
        let yews = live.query_selector(".aw-error [data-aw-retry]").ok().flatten();
        if let Some(retry) = yews.filter(|_| dom::retry_pressed(event)) {
            ahead_says(&target, lang, false);
            retry.unchecked_ref::<web_sys::HtmlElement>().click();
        }
    });
    // Lives as long as the view, which the takeover removes.
    listener.forget();
}

/// Marks a prerendered view whose retry buttons call Yew's.
const RETRIES: &str = "data-aw-retries";

/// Both sections' places in `view` say that their section could not be had.
fn sections_unavailable(view: &Element, lang: Lang) {
    for section in
        [(RelatedPart::PLACEHOLDER, RelatedPart::SECTION), (CommentsPart::PLACEHOLDER, CommentsPart::SECTION)]
    {
        say_unavailable(view, lang, section);
    }
}

/// Puts a section's error, with a retry button, in the place of its
/// placeholder (`.{placeholder}`): the markup `Lazy` draws when a section's
/// module cannot be had (core's [`markup::section_unavailable`]). A comment
/// form drawn ahead stays, with what the reader typed: the error goes in it.
fn say_unavailable(view: &Element, lang: Lang, (placeholder, section): (&str, Section)) {
    if let Ok(Some(place)) = view.query_selector(&format!(".{placeholder}")) {
        if !ahead_says(&place, lang, true) {
            place.set_outer_html(&markup::section_unavailable(section, lang));
        }
    }
}

/// In the comment section drawn ahead of its code, in `place` (if there is
/// one, `false` otherwise): the line that says the comments load, or, when
/// the code could not be had (`failed`), the section's error with a button
/// that tries again. The focus on that button (a retry pressed from the
/// keyboard) goes to the section's heading rather than to the page.
pub fn ahead_says(place: &Element, lang: Lang, failed: bool) -> bool {
    let line = place.query_selector("[data-aw-ahead] > .aw-muted, [data-aw-ahead] > .aw-list-error");
    let Ok(Some(line)) = line else { return false };
    let focused = place.get_root_node().dyn_into::<ShadowRoot>().ok().and_then(|shadow| shadow.active_element());
    let had_focus = line.contains(focused.as_ref().map(AsRef::as_ref));
    let texts = lang.texts();
    line.set_outer_html(&if failed {
        markup::section_message(Section::Comments, lang, texts.comments_failed, None, true)
    } else {
        markup::comments_loading(lang)
    });
    if let Some(heading) = place.query_selector("#aw-comments-title").ok().flatten().filter(|_| had_focus) {
        let _ = heading.unchecked_into::<web_sys::HtmlElement>().focus();
    }
    true
}

/// The reader sent the form drawn ahead in `place` (`event`, caught where
/// Yew holds the section's place) before the section's code came: the page
/// stays, the form is marked for the section to send when it takes it over
/// ([`markup::QUEUED`]), and its status line says so.
pub fn queue_ahead(place: &Element, lang: Lang, event: &web_sys::Event) {
    event.prevent_default();
    let Ok(Some(section)) = place.query_selector(markup::AHEAD_SELECTOR) else { return };
    let _ = section.set_attribute(markup::QUEUED, "");
    if let Ok(Some(status)) = section.query_selector(".aw-status") {
        status.set_text_content(Some(lang.texts().queued));
    }
}
