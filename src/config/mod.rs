//! What the host page asked for: the element's attributes, or the object
//! given to `ArticleWidget.mount`, read into one [`WidgetConfig`].
//!
//! Reading never fails outright: a bad setting becomes a [`WidgetError`] that
//! the widget shows in its own box, in the language it could work out (or,
//! for a comment or related-stories setting, that section alone shows).
//! Each setting is defined once, in [`defs`].

mod defs;

use std::rc::Rc;

use article_widget_core::comment::CommentError;
use article_widget_core::error::closest;
use article_widget_core::wordpress::{self, Context};
use article_widget_core::{Article, Lang, Locale, WidgetError};
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, RequestCredentials};

use defs::{Section, Settings};

/// Default time allowed for the article request.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;

/// The widget's colour scheme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    /// Follows the reader's `prefers-color-scheme`.
    #[default]
    Auto,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// Where the article comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// Fetched from this address (as written; the browser resolves it).
    Url(String),
    /// Given inline, already read; `base` resolves its relative links.
    Inline { article: Box<Article>, base: String },
}

#[derive(Clone, Debug, PartialEq)]
pub struct WidgetConfig {
    /// The `lang` setting; the article's own language is the next choice.
    pub lang: Option<Locale>,
    pub theme: Theme,
    pub timeout_ms: u32,
    /// `loading="eager"`: the comments and related stories load at once
    /// instead of when the widget nears the viewport.
    pub eager: bool,
    /// `mode="comments"`: the comment section alone, without the article.
    pub comments_only: bool,
    /// The article, or why there is none to show.
    pub source: Result<Source, WidgetError>,
    /// The comment section's settings, or why they cannot work (shown in
    /// the section; the article still shows). The section shows when they
    /// name an endpoint, or the article comes from WordPress.
    pub comments: Result<Rc<CommentsConfig>, WidgetError>,
    /// The related-stories sidebar's settings, or why they cannot work
    /// (the sidebar says so; the article still shows). The sidebar shows
    /// when they name a source, or the article comes from WordPress.
    pub related: Result<Rc<RelatedConfig>, WidgetError>,
}

impl WidgetConfig {
    /// The language of the interface: the `lang` setting, then the
    /// article's own, then the page's, then the browser's; English when
    /// none is spoken.
    pub fn locale(&self, article_lang: Option<Lang>) -> Locale {
        self.lang
            .clone()
            .or(article_lang.map(Locale::from))
            .or_else(|| crate::dom::page_lang().as_deref().and_then(Locale::parse))
            .or_else(|| crate::dom::browser_lang().as_deref().and_then(Locale::parse))
            .unwrap_or(Locale::from(Lang::En))
    }
}

/// Where and how the comment section talks to the comment service.
#[derive(Clone, Debug, PartialEq)]
pub struct CommentsConfig {
    pub backend: Backend,
    /// Extra headers sent with every comment request.
    pub headers: Vec<(String, String)>,
    /// Name of a `<meta>` in the host page whose `content` is sent as
    /// `X-CSRF-Token`, read at each request (tokens rotate).
    pub csrf_meta: Option<String>,
    /// The fetch `credentials` mode; the browser's default when `None`.
    pub credentials: Option<RequestCredentials>,
    /// Replaces the default "awaiting moderation" notice.
    pub moderation_notice: Option<String>,
    /// Comments per page of the list.
    pub page_size: u32,
    pub timeout_ms: u32,
    /// Show the authors' pictures (WordPress's avatars): off unless asked,
    /// for they load from another site and their address carries a hash
    /// of the author's e-mail.
    pub avatars: bool,
}

/// Comments per page unless the host says otherwise.
const DEFAULT_PAGE_SIZE: u32 = 20;

impl Default for CommentsConfig {
    fn default() -> CommentsConfig {
        CommentsConfig {
            backend: Backend::Article,
            headers: Vec::new(),
            csrf_meta: None,
            credentials: None,
            moderation_notice: None,
            page_size: DEFAULT_PAGE_SIZE,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            avatars: false,
        }
    }
}

/// The comment service.
#[derive(Clone, Debug, PartialEq)]
pub enum Backend {
    /// The comment API at this absolute URL (`comments-endpoint`).
    Api(String),
    /// The WordPress site the article comes from, through its REST API.
    WordPress(Rc<Context>),
    /// No endpoint given: the article's own site, if it is WordPress.
    Article,
}

impl CommentsConfig {
    /// These settings for an article: the section's own, or, without an
    /// endpoint, those of the article's WordPress site; none when neither.
    pub fn for_article(self: &Rc<Self>, site: Option<&Rc<Context>>) -> Option<Rc<CommentsConfig>> {
        match (&self.backend, site) {
            (Backend::Article, Some(site)) => {
                Some(Rc::new(CommentsConfig { backend: Backend::WordPress(site.clone()), ..(**self).clone() }))
            }
            (Backend::Article, None) => None,
            _ => Some(self.clone()),
        }
    }

    /// Why the site will take no comment here, known before any is written:
    /// a WordPress post with comments closed, or a site whose plugin says it
    /// refuses readers without an account.
    pub fn refusal(&self) -> Option<CommentError> {
        match &self.backend {
            Backend::WordPress(site) if !site.comments_open => Some(CommentError::Closed),
            Backend::WordPress(site) if site.support.anonymous_comments == Some(false) => {
                Some(CommentError::LoginRequired)
            }
            _ => None,
        }
    }

    /// What the reader's drafts are kept under: the comment list's address.
    pub fn key(&self) -> String {
        match &self.backend {
            Backend::Api(endpoint) => endpoint.clone(),
            Backend::WordPress(site) => site.rest.comments(site.post),
            Backend::Article => String::new(),
        }
    }

    /// How deep replies nest: the site's setting on WordPress.
    pub fn thread_depth(&self) -> u32 {
        match &self.backend {
            Backend::WordPress(site) => site.support.thread_depth,
            _ => wordpress::DEFAULT_THREAD_DEPTH,
        }
    }

    /// The configured headers and, when the host names a meta, the CSRF token.
    pub fn request_headers(&self) -> Vec<(String, String)> {
        let mut headers = self.headers.clone();
        if let Some(name) = &self.csrf_meta {
            match crate::dom::meta_content(name) {
                Some(token) if crate::decode::valid_header("X-CSRF-Token", &token) => {
                    headers.push(("X-CSRF-Token".into(), token));
                }
                _ => crate::dom::console_error(&format!(
                    "article-widget: `comments-csrf-meta`: no usable <meta name=\"{name}\"> in the page"
                )),
            }
        }
        headers
    }
}

/// Where related stories come from and how many to show in what order.
#[derive(Clone, Debug, PartialEq)]
pub struct RelatedConfig {
    pub source: RelatedSource,
    pub limit: usize,
    pub order: article_widget_core::related::Order,
    /// Query parameters added to every story link (`utm_source=…&…`).
    pub campaign: Vec<(String, String)>,
    pub timeout_ms: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RelatedSource {
    /// A feed (native JSON, JSON Feed, RSS or Atom) at this absolute URL.
    Url(String),
    /// Stories given by the host (the `related` option), as given: the
    /// sidebar's own code reads them (its module, not the first one, carries
    /// the reader of the formats they may come in).
    Inline(Rc<InlineStories>),
    /// Posts of the WordPress site the article comes from.
    WordPress(Rc<Context>),
    /// None given: the article's own site, if it is WordPress.
    Article,
}

/// The `related` option's value, and the address its relative links resolve against.
#[derive(Debug, PartialEq)]
pub struct InlineStories {
    pub value: JsValue,
    pub base: String,
}

impl RelatedConfig {
    /// These settings for an article: the sidebar's own source, or, without
    /// one, the article's WordPress site; none when neither.
    pub fn for_article(self: &Rc<Self>, site: Option<&Rc<Context>>) -> Option<Rc<RelatedConfig>> {
        match (&self.source, site) {
            (RelatedSource::Article, Some(site)) => {
                Some(Rc::new(RelatedConfig { source: RelatedSource::WordPress(site.clone()), ..(**self).clone() }))
            }
            (RelatedSource::Article, None) => None,
            _ => Some(self.clone()),
        }
    }
}

/// An attribute the widget does not know: a near miss of one it knows is a
/// mistake the publisher must see (the widget cannot do what was meant), so
/// it is an error; anything else is named in the console and ignored.
fn unknown(name: &str, known: &[&'static str]) -> Result<(), WidgetError> {
    match closest(name, known) {
        Some(suggestion) => Err(WidgetError::UnknownAttribute { name: name.to_owned(), suggestion: Some(suggestion) }),
        None => {
            crate::dom::console_error(&format!("article-widget: ignoring unknown attribute `{name}`"));
            Ok(())
        }
    }
}

/// Reads the element's attributes and, when given, the `mount` options
/// (which win over attributes of the same meaning).
pub fn read(element: &Element, options: &JsValue) -> WidgetConfig {
    let mut settings = Settings::default();
    for name in element.get_attribute_names().iter().filter_map(|n| n.as_string()) {
        let value = element.get_attribute(&name).unwrap_or_default();
        match defs::by_attribute(&name) {
            Some(setting) => {
                let result = setting.apply_text(&mut settings, &value);
                settings.keep(setting.section, result);
            }
            None if defs::is_global_attribute(&name) => {}
            None => settings.keep(Section::Article, unknown(&name, &defs::attribute_names())),
        }
    }
    if !options.is_undefined() && !options.is_null() {
        read_options(&mut settings, options);
    }

    let timeout_ms = settings.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS);
    let comments = match settings.comments_problem.take() {
        Some(problem) => {
            crate::dom::console_error(&problem.console_detail());
            Err(problem)
        }
        None => {
            let mut comments = std::mem::take(&mut settings.comments);
            comments.timeout_ms = timeout_ms;
            Ok(Rc::new(comments))
        }
    };
    let related = match settings.related_problem.take() {
        Some(problem) => {
            crate::dom::console_error(&problem.console_detail());
            Err(problem)
        }
        None => Ok(Rc::new(RelatedConfig {
            source: settings.related_source.take().unwrap_or(RelatedSource::Article),
            limit: settings.related_limit,
            order: settings.related_order,
            campaign: std::mem::take(&mut settings.related_campaign),
            timeout_ms,
        })),
    };
    let (lang, theme, eager, comments_only) =
        (settings.lang.take(), settings.theme, settings.eager, settings.comments_only);
    let source = match settings.problem.take() {
        Some(e) => Err(e),
        None => source(settings, element),
    };
    WidgetConfig { lang, theme, timeout_ms, eager, comments_only, source, comments, related }
}

/// The `mount` options, each read by its definition.
fn read_options(settings: &mut Settings, options: &JsValue) {
    let Some(object) = options.dyn_ref::<Object>() else {
        let problem = WidgetError::BadConfig { detail: "expected an object".into() };
        return settings.keep(Section::Article, Err(problem));
    };
    for key in Object::keys(object).iter().filter_map(|k| k.as_string()) {
        let value = Reflect::get(object, &JsValue::from_str(&key)).unwrap_or_default();
        if value.is_undefined() {
            continue;
        }
        match defs::by_option(&key) {
            Some(setting) => {
                let result = setting.apply_value(settings, &value);
                settings.keep(setting.section, result);
            }
            None => settings.keep(Section::Article, unknown(&key, &defs::option_names())),
        }
    }
}

/// Inline data first (an `article` option, then a JSON script child),
/// then `article-src`.
fn source(settings: Settings, element: &Element) -> Result<Source, WidgetError> {
    let base = crate::dom::document_base_url;
    if let Some(article) = settings.article {
        return article.map(|article| Source::Inline { article: Box::new(article), base: base() });
    }
    if let Some(script) = inline_script(element) {
        let article = crate::decode::article_from_json(&script.text_content().unwrap_or_default())?;
        return Ok(Source::Inline { article: Box::new(article), base: base() });
    }
    settings.article_src.map(Source::Url).ok_or(WidgetError::MissingSource)
}

/// The element's own `<script type="application/json">` child, if any.
fn inline_script(element: &Element) -> Option<Element> {
    let children = element.children();
    (0..children.length()).filter_map(|i| children.item(i)).find(|child| {
        child.tag_name().eq_ignore_ascii_case("script")
            && child.get_attribute("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
    })
}
