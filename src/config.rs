//! What the host page asked for: the element's attributes, or the object
//! given to `ArticleWidget.mount`, read into one [`WidgetConfig`].
//!
//! Reading never fails outright: a bad setting becomes a [`WidgetError`] that
//! the widget shows in its own box, in the language it could work out.

use article_widget_core::error::closest;
use article_widget_core::{Article, Locale, WidgetError};
use std::rc::Rc;

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, RequestCredentials};

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
    /// The article, or why there is none to show.
    pub source: Result<Source, WidgetError>,
    /// The comment section, when the host gave an endpoint, or why its
    /// settings cannot work (shown in the section; the article still shows).
    pub comments: Option<Result<Rc<CommentsConfig>, WidgetError>>,
    /// The related-stories sidebar, when the host gave a source, or why its
    /// settings cannot work (the sidebar says so; the article still shows).
    pub related: Option<Result<Rc<RelatedConfig>, WidgetError>>,
}

/// Where and how the comment section talks to the comment service.
#[derive(Clone, Debug, PartialEq)]
pub struct CommentsConfig {
    /// Absolute URL of the comment API (GET lists, POST adds).
    pub endpoint: String,
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
}

impl CommentsConfig {
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

/// Attribute names the element understands.
pub const ATTRIBUTES: [&str; 12] = [
    "article-src",
    "lang",
    "theme",
    "loading",
    "related-src",
    "related-limit",
    "related-order",
    "related-campaign",
    "comments-endpoint",
    "comments-credentials",
    "comments-csrf-meta",
    "moderation-notice",
];
/// The same settings as `mount` options, plus those only JS can give.
const OPTIONS: [&str; 17] = [
    "articleSrc",
    "lang",
    "theme",
    "loading",
    "relatedSrc",
    "relatedLimit",
    "relatedOrder",
    "relatedCampaign",
    "commentsEndpoint",
    "commentsCredentials",
    "commentsCsrfMeta",
    "moderationNotice",
    "article",
    "related",
    "timeoutMs",
    "commentsHeaders",
    "commentsPageSize",
];

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
    /// Stories given by the host, already read.
    Inline(Rc<Vec<article_widget_core::feed::Story>>),
}

/// Global HTML attributes (microdata included) and framework markers a host
/// page may put on any element.
fn is_global_attribute(name: &str) -> bool {
    const GLOBAL: [&str; 30] = [
        "id",
        "class",
        "style",
        "slot",
        "hidden",
        "title",
        "dir",
        "tabindex",
        "part",
        "role",
        "nonce",
        "translate",
        "inert",
        "exportparts",
        "autofocus",
        "is",
        "accesskey",
        "contenteditable",
        "draggable",
        "spellcheck",
        "popover",
        "inputmode",
        "enterkeyhint",
        "autocapitalize",
        "writingsuggestions",
        "itemscope",
        "itemprop",
        "itemtype",
        "itemid",
        "itemref",
    ];
    GLOBAL.contains(&name) || ["data-", "aria-", "on", "ng-", "_ng", "x-"].iter().any(|prefix| name.starts_with(prefix))
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
    let mut problem = None;

    for name in element.get_attribute_names().iter().filter_map(|n| n.as_string()) {
        let value = element.get_attribute(&name).unwrap_or_default();
        if let Err(e) = settings.set_attribute(&name, value) {
            problem.get_or_insert(e);
        }
    }
    if !options.is_undefined() && !options.is_null() {
        if let Err(e) = settings.set_options(options) {
            problem.get_or_insert(e);
        }
    }

    let (lang, theme, eager) = (settings.lang.clone(), settings.theme, settings.eager);
    let timeout_ms = settings.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS);
    // Without an endpoint there is no comment section, whatever else is set.
    let comments = match settings.comments_problem.take() {
        Some(problem) => {
            crate::dom::console_error(&problem.console_detail());
            Some(Err(problem))
        }
        None => settings.comments.take().filter(|c| !c.endpoint.is_empty()).map(|mut c| {
            c.timeout_ms = timeout_ms;
            Ok(Rc::new(c))
        }),
    };
    let related = match settings.related_problem.take() {
        Some(problem) => {
            crate::dom::console_error(&problem.console_detail());
            Some(Err(problem))
        }
        None => settings.related_source.take().map(|source| {
            Ok(Rc::new(RelatedConfig {
                source,
                limit: settings.related_limit,
                order: settings.related_order,
                campaign: std::mem::take(&mut settings.related_campaign),
                timeout_ms,
            }))
        }),
    };
    let source = match problem {
        Some(e) => Err(e),
        None => settings.source(element),
    };
    WidgetConfig { lang, theme, timeout_ms, eager, source, comments, related }
}

struct Settings {
    article_src: Option<String>,
    article: Option<Result<Article, WidgetError>>,
    lang: Option<Locale>,
    theme: Theme,
    eager: bool,
    timeout_ms: Option<u32>,
    comments: Option<CommentsConfig>,
    /// The first bad comment setting: it disables the section, not the widget.
    comments_problem: Option<WidgetError>,
    related_source: Option<RelatedSource>,
    related_limit: usize,
    related_order: article_widget_core::related::Order,
    related_campaign: Vec<(String, String)>,
    /// The first bad related-stories setting: it disables the sidebar only.
    related_problem: Option<WidgetError>,
}

/// Stories shown unless `related-limit` says otherwise.
const DEFAULT_RELATED_LIMIT: usize = 5;

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            article_src: None,
            article: None,
            lang: None,
            theme: Theme::default(),
            eager: false,
            timeout_ms: None,
            comments: None,
            comments_problem: None,
            related_source: None,
            related_limit: DEFAULT_RELATED_LIMIT,
            related_order: article_widget_core::related::Order::default(),
            related_campaign: Vec::new(),
            related_problem: None,
        }
    }
}

/// Comments per page unless the host says otherwise.
const DEFAULT_PAGE_SIZE: u32 = 20;

impl Settings {
    fn set_attribute(&mut self, name: &str, value: String) -> Result<(), WidgetError> {
        match name {
            "article-src" => self.set_article_src(value),
            "lang" => self.set_lang(&value),
            "theme" => self.set_theme(&value),
            "loading" => self.set_loading(&value),
            "related-src" => {
                let result = self.set_related_src(&value);
                self.related_setting(result)
            }
            "related-limit" => {
                let result = self.set_related_limit(&value);
                self.related_setting(result)
            }
            "related-order" => {
                let result = self.set_related_order(&value);
                self.related_setting(result)
            }
            "related-campaign" => {
                self.related_campaign = parse_campaign(&value);
                Ok(())
            }
            "comments-endpoint" => {
                let result = self.set_comments_endpoint(&value);
                self.comment_setting(result)
            }
            "comments-credentials" => {
                let result = self.set_credentials(&value);
                self.comment_setting(result)
            }
            "comments-csrf-meta" => {
                self.comments_mut().csrf_meta = Some(value.trim().to_owned()).filter(|v| !v.is_empty());
                Ok(())
            }
            "moderation-notice" => {
                self.comments_mut().moderation_notice = Some(value.trim().to_owned()).filter(|v| !v.is_empty());
                Ok(())
            }
            other if is_global_attribute(other) => Ok(()),
            other => unknown(other, &ATTRIBUTES),
        }
    }

    fn set_options(&mut self, options: &JsValue) -> Result<(), WidgetError> {
        let object: &Object =
            options.dyn_ref().ok_or_else(|| WidgetError::BadConfig { detail: "expected an object".into() })?;
        for key in Object::keys(object).iter().filter_map(|k| k.as_string()) {
            let value = Reflect::get(object, &JsValue::from_str(&key)).unwrap_or_default();
            if value.is_undefined() {
                continue;
            }
            let text = || {
                value
                    .as_string()
                    .ok_or_else(|| WidgetError::BadConfig { detail: format!("option `{key}` must be a string") })
            };
            match key.as_str() {
                "articleSrc" => self.set_article_src(text()?)?,
                "lang" => self.set_lang(&text()?)?,
                "theme" => self.set_theme(&text()?)?,
                "loading" => self.set_loading(&text()?)?,
                "relatedSrc" => {
                    let result = text().and_then(|t| self.set_related_src(&t));
                    self.related_setting(result)?;
                }
                "relatedLimit" => {
                    // A whole number, or its text.
                    let text = match value.as_f64() {
                        Some(n) if n.fract() == 0.0 && n.abs() < 1e9 => (n as i64).to_string(),
                        _ => value.as_string().unwrap_or_default(),
                    };
                    let result = self.set_related_limit(&text);
                    self.related_setting(result)?;
                }
                "relatedOrder" => {
                    let result = text().and_then(|t| self.set_related_order(&t));
                    self.related_setting(result)?;
                }
                "relatedCampaign" => {
                    let result = text().map(|t| self.related_campaign = parse_campaign(&t));
                    self.related_setting(result)?;
                }
                "related" => {
                    let result = crate::decode::stories_from_js(value.clone(), &crate::dom::document_base_url())
                        .map(|stories| self.related_source = Some(RelatedSource::Inline(Rc::new(stories))));
                    self.related_setting(result)?;
                }
                "commentsEndpoint" => {
                    let result = text().and_then(|t| self.set_comments_endpoint(&t));
                    self.comment_setting(result)?;
                }
                "commentsCredentials" => {
                    let result = text().and_then(|t| self.set_credentials(&t));
                    self.comment_setting(result)?;
                }
                "commentsCsrfMeta" => {
                    let result = text().map(|t| self.comments_mut().csrf_meta = Some(t));
                    self.comment_setting(result)?;
                }
                "moderationNotice" => {
                    let result = text().map(|t| self.comments_mut().moderation_notice = Some(t));
                    self.comment_setting(result)?;
                }
                "commentsHeaders" => {
                    let result = crate::decode::headers_from_js(&value).map(|h| self.comments_mut().headers = h);
                    self.comment_setting(result)?;
                }
                "commentsPageSize" => {
                    let size = value.as_f64().filter(|n| n.fract() == 0.0 && (1.0..=100.0).contains(n));
                    let result = match size {
                        // Bounded by the filter, so the cast is exact.
                        Some(size) => {
                            self.comments_mut().page_size = size as u32;
                            Ok(())
                        }
                        None => Err(WidgetError::BadConfig {
                            detail: "option `commentsPageSize` must be a whole number from 1 to 100".into(),
                        }),
                    };
                    self.comment_setting(result)?;
                }
                "article" => self.article = Some(crate::decode::article_from_js(value)),
                "timeoutMs" => {
                    let ms = value.as_f64().filter(|ms| ms.is_finite() && *ms >= 1.0 && *ms <= 600_000.0);
                    // The filter bounds the value, so the cast cannot truncate.
                    self.timeout_ms = Some(ms.ok_or_else(|| WidgetError::BadConfig {
                        detail: "option `timeoutMs` must be a number of milliseconds from 1 to 600000".into(),
                    })? as u32);
                }
                other => unknown(other, &OPTIONS)?,
            }
        }
        Ok(())
    }

    fn set_article_src(&mut self, value: String) -> Result<(), WidgetError> {
        let value = value.trim();
        if article_widget_core::url::safe_link(value).is_none() {
            return Err(WidgetError::BadAttribute {
                name: "article-src",
                value: value.to_owned(),
                expected: "an http(s) or relative URL",
            });
        }
        self.article_src = Some(value.to_owned());
        Ok(())
    }

    /// The comment settings, created on first use; an endpoint is required
    /// for the section to show (checked in `read`).
    fn comments_mut(&mut self) -> &mut CommentsConfig {
        self.comments.get_or_insert_with(|| CommentsConfig {
            endpoint: String::new(),
            headers: Vec::new(),
            csrf_meta: None,
            credentials: None,
            moderation_notice: None,
            page_size: DEFAULT_PAGE_SIZE,
            timeout_ms: DEFAULT_TIMEOUT_MS,
        })
    }

    /// Keeps a bad related-stories setting for the sidebar to show.
    fn related_setting(&mut self, result: Result<(), WidgetError>) -> Result<(), WidgetError> {
        if let Err(problem) = result {
            self.related_problem.get_or_insert(problem);
        }
        Ok(())
    }

    fn set_related_src(&mut self, value: &str) -> Result<(), WidgetError> {
        if value.trim().is_empty() {
            return Ok(());
        }
        let url = crate::dom::resolve_http_url(value.trim(), &crate::dom::document_base_url()).ok_or_else(|| {
            WidgetError::BadAttribute {
                name: "related-src",
                value: value.to_owned(),
                expected: "an http(s) or relative URL",
            }
        })?;
        self.related_source = Some(RelatedSource::Url(url));
        Ok(())
    }

    fn set_related_limit(&mut self, value: &str) -> Result<(), WidgetError> {
        match value.trim().parse::<usize>() {
            Ok(n) if (1..=20).contains(&n) => {
                self.related_limit = n;
                Ok(())
            }
            _ => Err(WidgetError::BadAttribute {
                name: "related-limit",
                value: value.to_owned(),
                expected: "a whole number from 1 to 20",
            }),
        }
    }

    fn set_related_order(&mut self, value: &str) -> Result<(), WidgetError> {
        self.related_order =
            article_widget_core::related::Order::parse(value).ok_or_else(|| WidgetError::BadAttribute {
                name: "related-order",
                value: value.to_owned(),
                expected: "relevance, date, as-is",
            })?;
        Ok(())
    }

    /// Keeps a bad comment setting for the comment section to show.
    fn comment_setting(&mut self, result: Result<(), WidgetError>) -> Result<(), WidgetError> {
        if let Err(problem) = result {
            self.comments_problem.get_or_insert(problem);
        }
        Ok(())
    }

    fn set_comments_endpoint(&mut self, value: &str) -> Result<(), WidgetError> {
        // An empty endpoint (comments closed in a CMS template) means no section.
        if value.trim().is_empty() {
            return Ok(());
        }
        let base = crate::dom::document_base_url();
        let endpoint = crate::dom::resolve_http_url(value.trim(), &base).ok_or_else(|| WidgetError::BadAttribute {
            name: "comments-endpoint",
            value: value.to_owned(),
            expected: "an http(s) or relative URL",
        })?;
        self.comments_mut().endpoint = endpoint;
        Ok(())
    }

    fn set_credentials(&mut self, value: &str) -> Result<(), WidgetError> {
        self.comments_mut().credentials = Some(match value.trim() {
            "omit" => RequestCredentials::Omit,
            "same-origin" => RequestCredentials::SameOrigin,
            "include" => RequestCredentials::Include,
            _ => {
                return Err(WidgetError::BadAttribute {
                    name: "comments-credentials",
                    value: value.to_owned(),
                    expected: "omit, same-origin, include",
                })
            }
        });
        Ok(())
    }

    fn set_lang(&mut self, value: &str) -> Result<(), WidgetError> {
        // An empty `lang` means "unknown" in HTML: fall back to the defaults.
        if value.trim().is_empty() {
            self.lang = None;
            return Ok(());
        }
        self.lang = Some(Locale::parse(value).ok_or_else(|| WidgetError::BadAttribute {
            name: "lang",
            value: value.to_owned(),
            expected: "fr, en",
        })?);
        Ok(())
    }

    fn set_loading(&mut self, value: &str) -> Result<(), WidgetError> {
        self.eager = match value.trim() {
            "eager" => true,
            "lazy" | "" => false,
            _ => {
                return Err(WidgetError::BadAttribute {
                    name: "loading",
                    value: value.to_owned(),
                    expected: "lazy, eager",
                })
            }
        };
        Ok(())
    }

    fn set_theme(&mut self, value: &str) -> Result<(), WidgetError> {
        self.theme = match value.trim().to_ascii_lowercase().as_str() {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            "auto" | "" => Theme::Auto,
            _ => {
                return Err(WidgetError::BadAttribute {
                    name: "theme",
                    value: value.to_owned(),
                    expected: "light, dark, auto",
                })
            }
        };
        Ok(())
    }

    /// Inline data first (an `article` option, then a JSON script child),
    /// then `article-src`.
    fn source(self, element: &Element) -> Result<Source, WidgetError> {
        let base = || crate::dom::document_base_url();
        if let Some(article) = self.article {
            return article.map(|article| Source::Inline { article: Box::new(article), base: base() });
        }
        if let Some(script) = inline_script(element) {
            let article = crate::decode::article_from_json(&script.text_content().unwrap_or_default())?;
            return Ok(Source::Inline { article: Box::new(article), base: base() });
        }
        self.article_src.map(Source::Url).ok_or(WidgetError::MissingSource)
    }
}

/// `utm_source=partner&utm_medium=widget` (a leading `?` allowed) to pairs;
/// empty names are dropped.
fn parse_campaign(text: &str) -> Vec<(String, String)> {
    text.trim()
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (!name.trim().is_empty()).then(|| (name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect()
}

/// The element's own `<script type="application/json">` child, if any.
fn inline_script(element: &Element) -> Option<Element> {
    let children = element.children();
    (0..children.length()).filter_map(|i| children.item(i)).find(|child| {
        child.tag_name().eq_ignore_ascii_case("script")
            && child.get_attribute("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
    })
}
