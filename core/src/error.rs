//! What can keep the widget from showing an article, with the code the host
//! page receives and the sentence the reader sees.

use std::fmt;

use crate::i18n::is_singular;
use crate::lang::Lang;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WidgetError {
    /// Neither `article-src` nor an inline `<script type="application/json">`.
    MissingSource,
    /// An attribute the widget does not know, with the closest known one.
    UnknownAttribute { name: String, suggestion: Option<&'static str> },
    /// A known attribute (or `mount` option) with a value it cannot take.
    BadAttribute { name: &'static str, value: String, expected: Expected },
    /// The `config` given to `ArticleWidget.mount` is not a usable object.
    BadConfig { detail: String },
    /// The article address answered 404 or 410.
    NotFound { url: String },
    /// Any other non-2xx answer.
    Http { status: u16, url: String },
    /// No complete answer within the time limit.
    Timeout { seconds: u32, url: String },
    /// The request failed before any answer: offline, DNS, CORS, refused.
    Network { url: String },
    /// The answer (or the inline script) is not JSON.
    BadJson { detail: String },
    /// JSON, but not a complete article.
    Incomplete { detail: String },
}

/// What a setting takes, as the reader is told in their language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// One of these values, written the same in every language ("light, dark, auto").
    OneOf(&'static str),
    /// An http(s) address, absolute or relative to the page.
    Url,
    /// An address the browser accepts to request.
    RequestableUrl,
    /// A whole number from `min` to `max`.
    WholeNumber { min: u32, max: u32 },
}

impl Expected {
    /// "an http(s) or relative URL", "une adresse http(s) ou relative".
    pub fn said(self, lang: Lang) -> String {
        match (self, lang) {
            (Self::OneOf(values), _) => values.into(),
            (Self::Url, Lang::Fr) => "une adresse http(s) ou relative".into(),
            (Self::Url, Lang::En) => "an http(s) or relative URL".into(),
            (Self::RequestableUrl, Lang::Fr) => "une adresse que le navigateur peut demander".into(),
            (Self::RequestableUrl, Lang::En) => "a URL the browser can request".into(),
            (Self::WholeNumber { min, max }, Lang::Fr) => format!("un nombre entier de {min} à {max}"),
            (Self::WholeNumber { min, max }, Lang::En) => format!("a whole number from {min} to {max}"),
        }
    }
}

impl WidgetError {
    /// Stable code sent in `article-widget:error` events.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MissingSource => "missing-source",
            Self::UnknownAttribute { .. } => "unknown-attribute",
            Self::BadAttribute { .. } => "bad-attribute",
            Self::BadConfig { .. } => "bad-config",
            Self::NotFound { .. } => "not-found",
            Self::Http { .. } => "http",
            Self::Timeout { .. } => "timeout",
            Self::Network { .. } => "network",
            Self::BadJson { .. } => "bad-json",
            Self::Incomplete { .. } => "incomplete",
        }
    }

    /// Whether trying again may help: the server or the network failed,
    /// not the page or the data.
    pub fn retryable(&self) -> bool {
        match self {
            Self::Http { status, .. } => *status >= 500 || *status == 429 || *status == 408,
            Self::Timeout { .. } | Self::Network { .. } => true,
            _ => false,
        }
    }

    /// The sentence shown to the reader, in the widget's language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::MissingSource, Lang::Fr) => "Aucun article n’est indiqué : l’élément a besoin d’un attribut « article-src » ou d’un script JSON intégré.".into(),
            (Self::MissingSource, Lang::En) => "No article is given: the element needs an “article-src” attribute or an inline JSON script.".into(),
            (Self::UnknownAttribute { name, suggestion }, Lang::Fr) => match suggestion {
                Some(s) => format!("L’attribut « {name} » est inconnu. Vouliez-vous dire « {s} » ?"),
                None => format!("L’attribut « {name} » est inconnu."),
            },
            (Self::UnknownAttribute { name, suggestion }, Lang::En) => match suggestion {
                Some(s) => format!("Unknown attribute “{name}”. Did you mean “{s}”?"),
                None => format!("Unknown attribute “{name}”."),
            },
            (Self::BadAttribute { name, value, expected }, Lang::Fr) => {
                format!("La valeur « {value} » ne convient pas à « {name} » (attendu : {}).", expected.said(lang))
            }
            (Self::BadAttribute { name, value, expected }, Lang::En) => {
                format!("“{value}” is not a valid value for “{name}” (expected {}).", expected.said(lang))
            }
            (Self::BadConfig { .. }, Lang::Fr) => "La configuration passée à ArticleWidget.mount est invalide.".into(),
            (Self::BadConfig { .. }, Lang::En) => "The configuration given to ArticleWidget.mount is not valid.".into(),
            (Self::NotFound { .. }, Lang::Fr) => "Cet article est introuvable (erreur 404).".into(),
            (Self::NotFound { .. }, Lang::En) => "This article could not be found (error 404).".into(),
            (Self::Http { status, .. }, Lang::Fr) => format!("Le serveur a répondu par une erreur ({status})."),
            (Self::Http { status, .. }, Lang::En) => format!("The server answered with an error ({status})."),
            (Self::Timeout { seconds, .. }, Lang::Fr) => {
                let unit = if is_singular(lang, u64::from(*seconds)) { "seconde" } else { "secondes" };
                format!("Le serveur n’a pas répondu en {seconds} {unit}.")
            }
            (Self::Timeout { seconds, .. }, Lang::En) => {
                let unit = if is_singular(lang, u64::from(*seconds)) { "second" } else { "seconds" };
                format!("The server did not answer within {seconds} {unit}.")
            }
            (Self::Network { .. }, Lang::Fr) => "Impossible de joindre le serveur. Vérifiez votre connexion.".into(),
            (Self::Network { .. }, Lang::En) => "The server could not be reached. Check your connection.".into(),
            (Self::BadJson { .. }, Lang::Fr) => "Les données de l’article sont illisibles.".into(),
            (Self::BadJson { .. }, Lang::En) => "The article data could not be read.".into(),
            (Self::Incomplete { .. }, Lang::Fr) => "Les données de l’article sont incomplètes.".into(),
            (Self::Incomplete { .. }, Lang::En) => "The article data is incomplete.".into(),
        }
    }

    /// The line for the developer console: always English, with the code
    /// and the detail (which attribute, which URL, what the parser said).
    pub fn console_detail(&self) -> String {
        format!("article-widget [{}]: {self}", self.code())
    }
}

/// The detail, in English, for developers (the reader sees [`WidgetError::message`]).
impl fmt::Display for WidgetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingSource => {
                f.write_str("missing attribute `article-src` (or an inline <script type=\"application/json\">)")
            }
            Self::UnknownAttribute { name, suggestion: Some(s) } => {
                write!(f, "unknown attribute `{name}` (did you mean `{s}`?)")
            }
            Self::UnknownAttribute { name, suggestion: None } => write!(f, "unknown attribute `{name}`"),
            Self::BadAttribute { name, value, expected } => {
                write!(f, "attribute `{name}`: \"{value}\" is not valid (expected {})", expected.said(Lang::En))
            }
            Self::BadConfig { detail } => write!(f, "mount config: {detail}"),
            Self::NotFound { url } => write!(f, "`article-src` {url} answered 404"),
            Self::Http { status, url } => write!(f, "`article-src` {url} answered HTTP {status}"),
            Self::Timeout { seconds, url } => write!(f, "`article-src` {url} did not answer within {seconds} s"),
            Self::Network { url } => write!(f, "`article-src` {url} could not be fetched (network, CORS or offline)"),
            Self::BadJson { detail } => write!(f, "article data is not JSON: {detail}"),
            Self::Incomplete { detail } => write!(f, "article data is incomplete: {detail}"),
        }
    }
}

impl std::error::Error for WidgetError {}

/// The known name closest to `name`, when it is close enough to be a typo.
pub fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_get_a_suggestion() {
        let known = ["article-src", "lang", "theme"];
        assert_eq!(closest("artcle-src", &known), Some("article-src"));
        assert_eq!(closest("article_src", &known), Some("article-src"));
        assert_eq!(closest("them", &known), Some("theme"));
        assert_eq!(closest("comments", &known), None);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn only_server_and_network_failures_are_retryable() {
        let url = String::from("/a.json");
        assert!(WidgetError::Http { status: 503, url: url.clone() }.retryable());
        assert!(WidgetError::Timeout { seconds: 15, url: url.clone() }.retryable());
        assert!(WidgetError::Network { url: url.clone() }.retryable());
        assert!(!WidgetError::NotFound { url: url.clone() }.retryable());
        assert!(!WidgetError::Http { status: 403, url }.retryable());
        assert!(!WidgetError::MissingSource.retryable());
        assert!(!WidgetError::BadJson { detail: String::new() }.retryable());
    }

    #[test]
    fn messages_are_localized_and_console_names_the_attribute() {
        let e = WidgetError::UnknownAttribute { name: "artcle-src".into(), suggestion: Some("article-src") };
        assert_eq!(e.message(Lang::Fr), "L’attribut « artcle-src » est inconnu. Vouliez-vous dire « article-src » ?");
        assert_eq!(e.message(Lang::En), "Unknown attribute “artcle-src”. Did you mean “article-src”?");
        assert!(e.console_detail().contains("`artcle-src`"));
        assert!(WidgetError::MissingSource.console_detail().contains("article-src"));
        let gone = WidgetError::NotFound { url: "/a.json".into() };
        assert_eq!(gone.console_detail(), "article-widget [not-found]: `article-src` /a.json answered 404");
        let boxed: Box<dyn std::error::Error> = Box::new(gone);
        assert_eq!(boxed.to_string(), "`article-src` /a.json answered 404");
        let bad = WidgetError::BadAttribute {
            name: "theme",
            value: "pink".into(),
            expected: Expected::OneOf("light, dark, auto"),
        };
        assert!(bad.message(Lang::Fr).contains("« pink »"));
        assert_eq!(bad.code(), "bad-attribute");
        let slow = |seconds| WidgetError::Timeout { seconds, url: String::new() };
        assert_eq!(slow(1).message(Lang::Fr), "Le serveur n’a pas répondu en 1 seconde.");
        assert_eq!(slow(15).message(Lang::Fr), "Le serveur n’a pas répondu en 15 secondes.");
        assert_eq!(slow(1).message(Lang::En), "The server did not answer within 1 second.");
    }

    #[test]
    fn what_a_setting_takes_is_said_in_the_readers_language() {
        let bad = |name, expected| WidgetError::BadAttribute { name, value: "ftp://x".into(), expected };
        let url = bad("related-src", Expected::Url);
        assert_eq!(
            url.message(Lang::Fr),
            "La valeur « ftp://x » ne convient pas à « related-src » (attendu : une adresse http(s) ou relative)."
        );
        assert_eq!(
            url.message(Lang::En),
            "“ftp://x” is not a valid value for “related-src” (expected an http(s) or relative URL)."
        );
        let limit = bad("related-limit", Expected::WholeNumber { min: 1, max: 20 });
        assert!(limit.message(Lang::Fr).ends_with("(attendu : un nombre entier de 1 à 20)."));
        assert!(limit.message(Lang::En).ends_with("(expected a whole number from 1 to 20)."));
        assert!(bad("article-src", Expected::RequestableUrl)
            .message(Lang::Fr)
            .contains("une adresse que le navigateur"));
        let mode = bad("mode", Expected::OneOf("article, comments"));
        assert!(mode.message(Lang::Fr).ends_with("(attendu : article, comments)."));
        // The console speaks English to the developer.
        assert_eq!(
            url.to_string(),
            "attribute `related-src`: \"ftp://x\" is not valid (expected an http(s) or relative URL)"
        );
        assert_eq!(mode.to_string(), "attribute `mode`: \"ftp://x\" is not valid (expected article, comments)");
    }
}
