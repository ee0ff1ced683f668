//! The languages the widget speaks.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// Reads a BCP 47 tag by its primary subtag: `fr`, `fr-FR`, `EN_us` …
    /// Returns `None` for a language the widget does not speak.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("fr") {
            Some(Lang::Fr)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The tag given to the browser's `Intl` and to `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

/// A supported language with the regional variant the host asked for
/// (`en-GB` writes "19 April 2024", `en` "April 19, 2024").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locale {
    pub lang: Lang,
    tag: String,
}

impl Locale {
    /// Reads a tag of a language the widget speaks. The region (and script)
    /// are kept only in the plain `ll[-Ssss][-RR|-999]` form, which every
    /// browser's `Intl` accepts; anything more exotic falls back to the bare
    /// language rather than risk a tag `Intl` would throw on.
    pub fn parse(tag: &str) -> Option<Locale> {
        let lang = Lang::from_tag(tag)?;
        let parts: Vec<&str> = tag.trim().split(['-', '_']).collect();
        let script = |s: &str| s.len() == 4 && s.chars().all(|c| c.is_ascii_alphabetic());
        let region = |s: &str| {
            (s.len() == 2 && s.chars().all(|c| c.is_ascii_alphabetic()))
                || (s.len() == 3 && s.chars().all(|c| c.is_ascii_digit()))
        };
        let mut tag = lang.tag().to_owned();
        match parts[1..] {
            [] => {}
            [r] if region(r) => tag = format!("{tag}-{}", r.to_ascii_uppercase()),
            [s] if script(s) => tag = format!("{tag}-{}", title_case(s)),
            [s, r] if script(s) && region(r) => tag = format!("{tag}-{}-{}", title_case(s), r.to_ascii_uppercase()),
            _ => {}
        }
        Some(Locale { lang, tag })
    }

    /// The tag for `Intl` and `lang` attributes.
    pub fn tag(&self) -> &str {
        &self.tag
    }
}

impl From<Lang> for Locale {
    fn from(lang: Lang) -> Locale {
        Locale { lang, tag: lang.tag().to_owned() }
    }
}

fn title_case(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    lower[..1].to_ascii_uppercase() + &lower[1..]
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.tag())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let tag = String::deserialize(deserializer)?;
        Lang::from_tag(&tag)
            .ok_or_else(|| serde::de::Error::custom(format!("unsupported language `{tag}` (expected fr or en)")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_by_primary_subtag() {
        assert_eq!(Lang::from_tag("fr"), Some(Lang::Fr));
        assert_eq!(Lang::from_tag(" fr-CA "), Some(Lang::Fr));
        assert_eq!(Lang::from_tag("EN_us"), Some(Lang::En));
        assert_eq!(Lang::from_tag("de"), None);
        assert_eq!(Lang::from_tag("french"), None);
        assert_eq!(Lang::from_tag(""), None);
    }

    #[test]
    fn locales_keep_a_plain_region_only() {
        let tag = |t: &str| Locale::parse(t).map(|l| l.tag().to_owned());
        assert_eq!(tag("en-gb").as_deref(), Some("en-GB"));
        assert_eq!(tag("fr_CA").as_deref(), Some("fr-CA"));
        assert_eq!(tag("en-419").as_deref(), Some("en-419"));
        assert_eq!(tag("fr-latn-fr").as_deref(), Some("fr-Latn-FR"));
        assert_eq!(tag("en").as_deref(), Some("en"));
        // Well-formed but unusual, or malformed: the bare language.
        assert_eq!(tag("en-US-u-ca-buddhist").as_deref(), Some("en"));
        assert_eq!(tag("en-!!").as_deref(), Some("en"));
        assert_eq!(tag("en-").as_deref(), Some("en"));
        assert_eq!(tag("de-DE"), None);
        assert_eq!(Locale::parse("EN-gb").unwrap().lang, Lang::En);
        assert_eq!(Locale::from(Lang::Fr).tag(), "fr");
    }

    #[test]
    fn serde_round_trip() {
        let lang: Lang = serde_json::from_str("\"en-GB\"").unwrap();
        assert_eq!(lang, Lang::En);
        assert_eq!(serde_json::to_string(&Lang::Fr).unwrap(), "\"fr\"");
        assert!(serde_json::from_str::<Lang>("\"xx\"").is_err());
    }
}
