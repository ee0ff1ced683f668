//! Every setting the widget takes, defined once, as ripgrep's `flags/defs.rs`
//! does: its attribute, its `ArticleWidget.mount` option, the section a bad
//! value disables, and how its value is read. [`super::read`] walks the
//! element's attributes and the options through [`SETTINGS`]; a test checks
//! the loader's `observedAttributes` against it.

use std::rc::Rc;

use article_widget_core::related::Order;
use article_widget_core::{url, Article, Expected, Locale, WidgetError};
use wasm_bindgen::JsValue;
use web_sys::RequestCredentials;

use super::{Backend, CommentsConfig, InlineStories, RelatedSource, Theme};
use crate::{decode, dom};

/// One setting.
pub(super) struct Setting {
    /// The element attribute, when the setting can be given as one.
    pub attribute: Option<&'static str>,
    /// The `ArticleWidget.mount` option.
    pub option: &'static str,
    pub section: Section,
    pub read: Read,
}

/// What a bad value of a setting costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Section {
    /// The whole widget: the error box shows in place of the article.
    Article,
    /// The comment section alone says what is wrong; the article shows.
    Comments,
    /// The related-stories sidebar alone says what is wrong; the article shows.
    Related,
}

/// Reads text into the settings.
type TextSetter = fn(&mut Settings, &str) -> Result<(), WidgetError>;
/// Reads a JS value into the settings.
type ValueSetter = fn(&mut Settings, &JsValue) -> Result<(), WidgetError>;

/// How a setting's value is read.
pub(super) enum Read {
    /// Text: the attribute's value, or an option that must be a string.
    Text(TextSetter),
    /// A whole number, as text (the attribute) or as a number or its text (the option).
    WholeNumber(TextSetter),
    /// Any JS value: only a `mount` option can give it.
    Value(ValueSetter),
}

/// The settings, in the order the README's attribute table gives them.
pub(super) const SETTINGS: [Setting; 19] = [
    text(Some("article-src"), "articleSrc", Section::Article, article_src),
    text(Some("lang"), "lang", Section::Article, lang),
    text(Some("theme"), "theme", Section::Article, theme),
    text(Some("loading"), "loading", Section::Article, loading),
    text(Some("mode"), "mode", Section::Article, mode),
    text(Some("comments-endpoint"), "commentsEndpoint", Section::Comments, comments_endpoint),
    text(Some("comments-credentials"), "commentsCredentials", Section::Comments, credentials),
    text(Some("comments-csrf-meta"), "commentsCsrfMeta", Section::Comments, csrf_meta),
    text(Some("moderation-notice"), "moderationNotice", Section::Comments, moderation_notice),
    text(Some("comments-avatars"), "commentsAvatars", Section::Comments, avatars),
    text(Some("related-src"), "relatedSrc", Section::Related, related_src),
    Setting {
        attribute: Some("related-limit"),
        option: "relatedLimit",
        section: Section::Related,
        read: Read::WholeNumber(related_limit),
    },
    text(Some("related-order"), "relatedOrder", Section::Related, related_order),
    text(Some("related-campaign"), "relatedCampaign", Section::Related, related_campaign),
    value("article", Section::Article, article),
    value("timeoutMs", Section::Article, timeout),
    value("commentsHeaders", Section::Comments, comments_headers),
    value("commentsPageSize", Section::Comments, page_size),
    value("related", Section::Related, related_stories),
];

const fn text(attribute: Option<&'static str>, option: &'static str, section: Section, set: TextSetter) -> Setting {
    Setting { attribute, option, section, read: Read::Text(set) }
}

const fn value(option: &'static str, section: Section, set: ValueSetter) -> Setting {
    Setting { attribute: None, option, section, read: Read::Value(set) }
}

/// The setting an attribute gives, if it is one.
pub(super) fn by_attribute(name: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.attribute == Some(name))
}

/// The setting a `mount` option gives, if it is one.
pub(super) fn by_option(name: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.option == name)
}

/// Every attribute name, for suggestions after a typo.
pub(super) fn attribute_names() -> Vec<&'static str> {
    SETTINGS.iter().filter_map(|s| s.attribute).collect()
}

/// Every option name, for suggestions after a typo.
pub(super) fn option_names() -> Vec<&'static str> {
    SETTINGS.iter().map(|s| s.option).collect()
}

impl Setting {
    /// Applies an attribute's value.
    pub fn apply_text(&self, settings: &mut Settings, text: &str) -> Result<(), WidgetError> {
        match self.read {
            Read::Text(set) | Read::WholeNumber(set) => set(settings, text),
            Read::Value(set) => set(settings, &JsValue::from_str(text)),
        }
    }

    /// Applies a `mount` option's value.
    pub fn apply_value(&self, settings: &mut Settings, value: &JsValue) -> Result<(), WidgetError> {
        match self.read {
            Read::Value(set) => set(settings, value),
            Read::Text(set) => match value.as_string() {
                Some(text) => set(settings, &text),
                None => Err(WidgetError::BadConfig { detail: format!("option `{}` must be a string", self.option) }),
            },
            Read::WholeNumber(set) => {
                let text = match value.as_f64() {
                    Some(n) if n.fract() == 0.0 && n.abs() < 1e9 => (n as i64).to_string(),
                    _ => value.as_string().unwrap_or_default(),
                };
                set(settings, &text)
            }
        }
    }
}

/// Stories shown unless `related-limit` says otherwise.
const DEFAULT_RELATED_LIMIT: usize = 5;

/// The settings read so far, and the first problem of each section.
pub(super) struct Settings {
    pub article_src: Option<String>,
    pub article: Option<Result<Article, WidgetError>>,
    pub lang: Option<Locale>,
    pub theme: Theme,
    pub eager: bool,
    pub comments_only: bool,
    pub timeout_ms: Option<u32>,
    pub comments: CommentsConfig,
    pub related_source: Option<RelatedSource>,
    pub related_limit: usize,
    pub related_order: Order,
    pub related_campaign: Vec<(String, String)>,
    /// The first bad setting that keeps the article from showing.
    pub problem: Option<WidgetError>,
    /// The first bad comment setting: it disables the section, not the widget.
    pub comments_problem: Option<WidgetError>,
    /// The first bad related-stories setting: it disables the sidebar only.
    pub related_problem: Option<WidgetError>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            article_src: None,
            article: None,
            lang: None,
            theme: Theme::default(),
            eager: false,
            comments_only: false,
            timeout_ms: None,
            comments: CommentsConfig::default(),
            related_source: None,
            related_limit: DEFAULT_RELATED_LIMIT,
            related_order: Order::default(),
            related_campaign: Vec::new(),
            problem: None,
            comments_problem: None,
            related_problem: None,
        }
    }
}

impl Settings {
    /// Keeps the first problem of `section`, for that section to show.
    pub fn keep(&mut self, section: Section, result: Result<(), WidgetError>) {
        if let Err(problem) = result {
            let first = match section {
                Section::Article => &mut self.problem,
                Section::Comments => &mut self.comments_problem,
                Section::Related => &mut self.related_problem,
            };
            first.get_or_insert(problem);
        }
    }
}

fn bad(name: &'static str, value: &str, expected: Expected) -> WidgetError {
    WidgetError::BadAttribute { name, value: value.to_owned(), expected }
}

/// Text that means nothing when blank.
fn non_blank(value: &str) -> Option<String> {
    Some(value.trim().to_owned()).filter(|v| !v.is_empty())
}

fn article_src(s: &mut Settings, value: &str) -> Result<(), WidgetError> {
    let value = value.trim();
    if url::safe_link(value).is_none() {
        return Err(bad("article-src", value, Expected::Url));
    }
    s.article_src = Some(value.to_owned());
    Ok(())
}

fn lang(s: &mut Settings, value: &str) -> Result<(), WidgetError> {
    // An empty `lang` means "unknown" in HTML: fall back to the defaults.
    s.lang = match value.trim() {
        "" => None,
        _ => Some(Locale::parse(value).ok_or_else(|| bad("lang", value, Expected::OneOf("fr, en")))?),
    };
    Ok(())
}

fn theme(s: &mut Settings, value: &str) -> Result<(), WidgetError> {
    s.theme = match value.trim().to_ascii_lowercase().as_str() {
        "light" => Theme::Light,
        "dark" => Theme::Dark,
        "auto" | "" => Theme::Auto,
        _ => return Err(bad("theme", value, Expected::OneOf("light, dark, auto"))),
    };
    Ok(())
}

fn loading(s: &mut Settings, value: &str) -> Result<(), WidgetError> {
    s.eager = match value.trim() {
        "eager" => true,
        "lazy" | "" => false,
        _ => return Err(bad("loading", value, Expected::OneOf("lazy, eager"))),
    };
    Ok(())
}

fn mode(s: &mut Settings, value: &str) -> Result<(), WidgetError> {
    s.comments_only = match value.trim() {
        "comments" => true,
        "article" | "" => false,
        _ => return Err(bad("mode", value, Expected::OneOf("article, comments"))),
    };
    Ok(())
}

fn article(s: &mut Settings, value: &JsValue) -> Result<(), WidgetError> {
    // A bad inline article is the article's error, shown when it is needed.
    s.article = Some(decode::article_from_js(value.clone()));
    Ok(())
}

fn timeout(s: &mut Settings, value: &JsValue) -> Result<(), WidgetError> {
    match value.as_f64().filter(|ms| ms.is_finite() && (1.0..=600_000.0).contains(ms)) {
        // The filter bounds the value, so the cast cannot truncate.
        Some(ms) => {
            s.timeout_ms = Some(ms as u32);
            Ok(())
        }
        None => Err(WidgetError::BadConfig {
            detail: "option `timeoutMs` must be a number of milliseconds from 1 to 600000".into(),
        }),
    }
}

/// An http(s) or relative URL, resolved against the page; a blank one is none.
fn http_url(name: &'static str, value: &str) -> Result<Option<String>, WidgetError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    let url = dom::resolve_http_url(value.trim(), &dom::document_base_url());
    url.map(Some).ok_or_else(|| bad(name, value, Expected::Url))
}

fn comments_endpoint(s: &mut Settings, value: &str) -> Result<(), WidgetError> {
    // An empty endpoint (comments closed in a CMS template) means no section.
    if let Some(endpoint) = http_url("comments-endpoint", value)? {
        s.comments.backend = Backend::Api(endpoint);
    }
    Ok(())
}

fn credentials(s: &mut Settings, value: &str) -> Result<(), WidgetError> {
    s.comments.credentials = Some(match value.trim() {
        "omit" => RequestCredentials::Omit,
        "same-origin" => RequestCredentials::SameOrigin,
        "include" => RequestCredentials::Include,
        _ => return Err(bad("comments-credentials", value, Expected::OneOf("omit, same-origin, include"))),
    });
    Ok(())
}

fn csrf_meta(s: &mut Settings, value: &str) -> Result<(), WidgetError> {
    s.comments.csrf_meta = non_blank(value);
    Ok(())
}

fn moderation_notice(s: &mut Settings, value: &str) -> Result<(), WidgetError> {
    s.comments.moderation_notice = non_blank(value);
    Ok(())
}

fn avatars(s: &mut Settings, value: &str) -> Result<(), WidgetError> {
    s.comments.avatars = match value.trim() {
        "on" => true,
        "off" | "" => false,
        _ => return Err(bad("comments-avatars", value, Expected::OneOf("on, off"))),
    };
    Ok(())
}

fn comments_headers(s: &mut Settings, value: &JsValue) -> Result<(), WidgetError> {
    s.comments.headers = decode::headers_from_js(value)?;
    Ok(())
}

fn page_size(s: &mut Settings, value: &JsValue) -> Result<(), WidgetError> {
    match value.as_f64().filter(|n| n.fract() == 0.0 && (1.0..=100.0).contains(n)) {
        // Bounded by the filter, so the cast is exact.
        Some(size) => {
            s.comments.page_size = size as u32;
            Ok(())
        }
        None => Err(WidgetError::BadConfig {
            detail: "option `commentsPageSize` must be a whole number from 1 to 100".into(),
        }),
    }
}

fn related_src(s: &mut Settings, value: &str) -> Result<(), WidgetError> {
    if let Some(url) = http_url("related-src", value)? {
        s.related_source = Some(RelatedSource::Url(url));
    }
    Ok(())
}

fn related_limit(s: &mut Settings, value: &str) -> Result<(), WidgetError> {
    match value.trim().parse::<usize>() {
        Ok(n) if (1..=20).contains(&n) => {
            s.related_limit = n;
            Ok(())
        }
        _ => Err(bad("related-limit", value, Expected::WholeNumber { min: 1, max: 20 })),
    }
}

fn related_order(s: &mut Settings, value: &str) -> Result<(), WidgetError> {
    s.related_order =
        Order::parse(value).ok_or_else(|| bad("related-order", value, Expected::OneOf("relevance, date, as-is")))?;
    Ok(())
}

fn related_campaign(s: &mut Settings, value: &str) -> Result<(), WidgetError> {
    s.related_campaign = url::parse_query(value);
    Ok(())
}

fn related_stories(s: &mut Settings, value: &JsValue) -> Result<(), WidgetError> {
    let given = InlineStories { value: value.clone(), base: dom::document_base_url() };
    s.related_source = Some(RelatedSource::Inline(Rc::new(given)));
    Ok(())
}

/// Global HTML attributes (microdata included) and framework markers a host
/// page may put on any element: not settings, and not mistakes either.
pub(super) fn is_global_attribute(name: &str) -> bool {
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// The quoted names in the first `[…]` after `start` in `text`.
    fn quoted_list(text: &str, start: &str) -> Vec<String> {
        let from = &text[text.find(start).expect("the list") + start.len()..];
        let list = &from[..from.find(']').expect("the list's end")];
        list.split(',').map(|item| item.trim().trim_matches('\'').to_owned()).filter(|item| !item.is_empty()).collect()
    }

    #[test]
    fn the_loader_observes_every_attribute_and_no_other() {
        let loader = include_str!("../../embed/article-widget.js");
        let mut observed = quoted_list(loader, "const SETTINGS = [");
        let mut defined: Vec<String> = attribute_names().into_iter().map(String::from).collect();
        observed.sort();
        defined.sort();
        assert_eq!(observed, defined);
    }

    #[test]
    fn the_readme_documents_every_attribute_in_order() {
        let readme = include_str!("../../README.md");
        let table = &readme[readme.find("### Attributes").expect("the attribute table")..];
        let documented: Vec<&str> = table
            .lines()
            .skip_while(|line| !line.starts_with("|---"))
            .skip(1)
            .take_while(|line| line.starts_with('|'))
            .filter_map(|line| line.split('`').nth(1))
            .collect();
        assert_eq!(documented, attribute_names());
    }

    #[test]
    fn each_setting_is_defined_once_and_options_are_its_attribute_in_camel_case() {
        for (i, setting) in SETTINGS.iter().enumerate() {
            assert!(SETTINGS[..i].iter().all(|s| s.option != setting.option), "{} twice", setting.option);
            assert!(!is_global_attribute(setting.option.to_ascii_lowercase().as_str()), "{}", setting.option);
            match (setting.attribute, &setting.read) {
                (None, Read::Value(_)) => {}
                (Some(attribute), Read::Text(_) | Read::WholeNumber(_)) => {
                    let mut camel = String::new();
                    for (j, part) in attribute.split('-').enumerate() {
                        let mut chars = part.chars();
                        if j > 0 {
                            camel.extend(chars.next().map(|c| c.to_ascii_uppercase()));
                        }
                        camel.extend(chars);
                    }
                    assert_eq!(camel, setting.option);
                    assert!(!is_global_attribute(attribute), "{attribute}");
                }
                (attribute, _) => panic!("{attribute:?}: only text settings have an attribute"),
            }
        }
    }

    /// Applies attributes as `read` does: each problem kept for its section.
    fn settings(attributes: &[(&str, &str)]) -> Settings {
        let mut settings = Settings::default();
        for (name, value) in attributes {
            let setting = by_attribute(name).expect("a setting");
            let result = setting.apply_text(&mut settings, value);
            settings.keep(setting.section, result);
        }
        settings
    }

    #[test]
    fn good_values_are_read() {
        let s = settings(&[
            ("theme", " DARK "),
            ("loading", "eager"),
            ("lang", "en-GB"),
            ("comments-credentials", "include"),
            ("comments-csrf-meta", " csrf-token "),
            ("moderation-notice", "  "),
            ("related-limit", "7"),
            ("related-order", "date"),
            ("related-campaign", "?utm_source=partner&&=x&utm_medium=widget"),
            ("mode", "comments"),
            ("comments-avatars", "on"),
        ]);
        assert!(s.problem.is_none() && s.comments_problem.is_none() && s.related_problem.is_none());
        assert_eq!((s.theme, s.eager, s.lang.map(|l| l.tag().to_owned())), (Theme::Dark, true, Some("en-GB".into())));
        let comments = s.comments;
        assert!(s.comments_only && comments.avatars);
        assert_eq!(comments.backend, Backend::Article, "no endpoint: the article's own site");
        assert_eq!(comments.credentials, Some(RequestCredentials::Include));
        assert_eq!(comments.csrf_meta.as_deref(), Some("csrf-token"));
        assert_eq!(comments.moderation_notice, None);
        assert_eq!((s.related_limit, s.related_order), (7, Order::Date));
        let campaign: Vec<(&str, &str)> = s.related_campaign.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        assert_eq!(campaign, [("utm_source", "partner"), ("utm_medium", "widget")]);
    }

    #[test]
    fn a_bad_value_costs_its_own_section_only() {
        let s = settings(&[("related-limit", "50"), ("comments-credentials", "includes")]);
        assert!(s.problem.is_none());
        assert!(matches!(s.related_problem, Some(WidgetError::BadAttribute { name: "related-limit", .. })));
        assert!(matches!(s.comments_problem, Some(WidgetError::BadAttribute { name: "comments-credentials", .. })));

        let s = settings(&[("comments-avatars", "yes")]);
        assert!(matches!(s.comments_problem, Some(WidgetError::BadAttribute { name: "comments-avatars", .. })));
        let s = settings(&[("mode", "sidebar")]);
        assert!(matches!(s.problem, Some(WidgetError::BadAttribute { name: "mode", .. })));

        let s = settings(&[("theme", "pink"), ("lang", "de"), ("loading", "soon")]);
        // The first problem is the one shown.
        assert_eq!(
            s.problem,
            Some(WidgetError::BadAttribute {
                name: "theme",
                value: "pink".into(),
                expected: Expected::OneOf("light, dark, auto")
            })
        );
        let s = settings(&[("article-src", "javascript:alert(1)")]);
        assert!(matches!(s.problem, Some(WidgetError::BadAttribute { name: "article-src", .. })));
    }

    #[test]
    fn blank_values_mean_the_default() {
        let s = settings(&[("theme", ""), ("loading", ""), ("lang", " "), ("comments-endpoint", " ")]);
        assert!(s.problem.is_none() && s.comments_problem.is_none());
        assert_eq!((s.theme, s.eager, s.lang, s.comments_only), (Theme::Auto, false, None, false));
        assert_eq!(s.comments.backend, Backend::Article);
    }
}
