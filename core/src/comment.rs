//! Comments: what the API sends and receives, and the validation rules the
//! form and the server share (one function, both sides). Validation parses:
//! [`validate`] turns what a reader wrote into a [`ValidComment`], the only
//! shape the widget posts and the server stores, with every field tidied in
//! one place ([`canonical`]).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::i18n::is_singular;
use crate::lang::Lang;
use crate::url::is_http_url;

/// A published comment, as `GET {endpoint}` lists it (never with an email).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    pub id: String,
    /// The id of the comment this one replies to; none for a comment on the article.
    #[serde(default)]
    pub parent: Option<String>,
    pub author: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    pub body: String,
    /// Read leniently: one comment with a broken date still lists (without
    /// a date) rather than failing the whole page.
    #[serde(default, deserialize_with = "lenient_timestamp", skip_serializing_if = "Option::is_none")]
    pub created_at: Option<crate::Timestamp>,
    /// The author's picture (http(s)), shown only when the host asks for avatars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    /// When its author last changed it (the list marks it "edited"); none if never.
    #[serde(default, deserialize_with = "lenient_timestamp", skip_serializing_if = "Option::is_none")]
    pub edited_at: Option<crate::Timestamp>,
}

fn lenient_timestamp<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<crate::Timestamp>, D::Error> {
    let text = Option::<String>::deserialize(deserializer).unwrap_or(None);
    Ok(text.as_deref().and_then(crate::Timestamp::parse))
}

/// `GET {endpoint}?after=…&limit=…`: one page, oldest first, the total, and
/// the cursor of the next page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommentPage {
    pub comments: Vec<Comment>,
    pub total: u64,
    /// What to send as `after` for the next page; none on the last page (and
    /// from servers that do not page by cursor).
    #[serde(default)]
    pub next: Option<String>,
}

/// `POST {endpoint}`: what the reader wrote.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewComment {
    pub author: String,
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    pub body: String,
    /// The hidden field only bots fill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honeypot: Option<String>,
    /// When the reader first touched the form (RFC 3339), for bot timing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// The id of the comment replied to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// A secret the reader's browser keeps and sends with each post, never
    /// shown: first-time moderation knows a returning reader by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reader_key: Option<String>,
}

/// Whether a posted comment is visible yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Publication {
    Published,
    Pending,
}

/// The 201/202 answer to a post.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Posted {
    pub comment: Comment,
    pub status: Publication,
    /// What lets the reader fix or remove their comment for a while; none
    /// from servers that do not offer it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit: Option<EditGrant>,
}

/// A secret that lets the browser that posted a comment change or delete it
/// until `until`, sent back in the `X-Edit-Token` header (never in a URL).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditGrant {
    pub token: String,
    /// RFC 3339: after this the token is refused.
    pub until: String,
}

/// `PATCH {endpoint}/{id}`: the new text of the reader's own comment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Edit {
    pub body: String,
}

/// The header that carries an [`EditGrant`]'s token.
pub const EDIT_TOKEN_HEADER: &str = "x-edit-token";

/// A form field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Body,
    Author,
    Email,
    Website,
}

impl Field {
    /// In the order the form shows them, which is the order errors are listed
    /// and focus goes to the first invalid one.
    pub const ALL: [Field; 4] = [Field::Body, Field::Author, Field::Email, Field::Website];

    /// The JSON name, used by the API's `422 {"errors": {name: code}}`.
    pub fn name(self) -> &'static str {
        match self {
            Field::Body => "body",
            Field::Author => "author",
            Field::Email => "email",
            Field::Website => "website",
        }
    }

    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Field::Body, Lang::Fr) => "Commentaire",
            (Field::Body, Lang::En) => "Comment",
            (Field::Author, Lang::Fr) => "Nom",
            (Field::Author, Lang::En) => "Name",
            (Field::Email, Lang::Fr) => "Adresse e-mail",
            (Field::Email, Lang::En) => "Email address",
            (Field::Website, Lang::Fr) => "Site web",
            (Field::Website, Lang::En) => "Website",
        }
    }

    /// Length limits in characters, after trimming; `None` for no limit.
    pub fn limits(self) -> Option<(usize, usize)> {
        match self {
            Field::Body => Some((2, BODY_MAX)),
            Field::Author => Some((1, AUTHOR_MAX)),
            Field::Email => Some((1, EMAIL_MAX)),
            Field::Website => Some((0, WEBSITE_MAX)),
        }
    }
}

/// The longest comment, in characters.
pub const BODY_MAX: usize = 5000;
/// The longest name, in characters.
pub const AUTHOR_MAX: usize = 100;
/// The longest email address, in characters.
pub const EMAIL_MAX: usize = 254;
/// The longest website address, in characters.
pub const WEBSITE_MAX: usize = 2000;

/// The most bytes the JSON of a valid comment can take, which a server's body
/// limit must allow: every field at its longest, each character written the
/// longest way JSON allows (a character outside the BMP as `\ud83d\ude00`,
/// 12 bytes; an email address is ASCII, `\u0061`, 6 bytes), and 1 KiB for
/// the names, punctuation, `started_at` and `parent`.
pub const MAX_JSON_BYTES: usize = 12 * (BODY_MAX + AUTHOR_MAX + WEBSITE_MAX) + 6 * EMAIL_MAX + 1024;

/// What is wrong with a field's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooShort {
        min: usize,
        count: usize,
    },
    TooLong {
        max: usize,
        count: usize,
    },
    /// Not an email address / not an http(s) URL.
    Invalid,
    /// A control character (or a bidirectional override or isolate) that no
    /// field takes; which one, when known (a server's 422 does not say).
    Forbidden {
        character: Option<char>,
    },
}

impl Problem {
    /// The code in the API's 422 answers.
    pub fn code(self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::TooShort { .. } => "too_short",
            Problem::TooLong { .. } => "too_long",
            Problem::Invalid => "invalid",
            Problem::Forbidden { .. } => "forbidden_character",
        }
    }

    /// Reads a 422 code; the counts are not in the answer, so a length
    /// problem comes back with the limit and a count of 0 unknown to it.
    pub fn from_code(field: Field, code: &str) -> Problem {
        let (min, max) = field.limits().unwrap_or((0, 0));
        match code {
            "required" => Problem::Required,
            "too_short" => Problem::TooShort { min, count: 0 },
            "too_long" => Problem::TooLong { max, count: 0 },
            "forbidden_character" => Problem::Forbidden { character: None },
            _ => Problem::Invalid,
        }
    }

    /// The sentence shown under the field. The body and name "required"
    /// messages are the seed page's own wording and stay verbatim.
    pub fn message(self, field: Field, lang: Lang) -> String {
        let chars = |n: usize| match (lang, is_singular(lang, n as u64)) {
            (Lang::Fr, true) => "caractère",
            (Lang::Fr, false) => "caractères",
            (Lang::En, true) => "character",
            (Lang::En, false) => "characters",
        };
        match (self, field, lang) {
            (Problem::Required, Field::Body, Lang::Fr) => "S'il vous plaît entrez votre commentaire!".into(),
            (Problem::Required, Field::Body, Lang::En) => "Please enter your comment!".into(),
            (Problem::Required, Field::Author, Lang::Fr) => "S'il vous plaît entrez votre nom ici".into(),
            (Problem::Required, Field::Author, Lang::En) => "Please enter your name here".into(),
            (Problem::Required, Field::Email, Lang::Fr) => "Veuillez entrer votre adresse e-mail ici".into(),
            (Problem::Required, Field::Email, Lang::En) => "Please enter your email address here".into(),
            (Problem::Invalid, Field::Body | Field::Author, Lang::Fr) => "Ce texte n’est pas accepté.".into(),
            (Problem::Invalid, Field::Body | Field::Author, Lang::En) => "This text is not accepted.".into(),
            (Problem::Invalid, Field::Email, Lang::Fr) => "Vous avez entré une adresse e-mail incorrecte!".into(),
            (Problem::Invalid, Field::Email, Lang::En) => "You have entered an incorrect email address!".into(),
            // The website is optional: a server that requires it still gets a message.
            (Problem::Invalid | Problem::Required, Field::Website, Lang::Fr) => {
                "Veuillez entrer une adresse web valide (http:// ou https://)".into()
            }
            (Problem::Invalid | Problem::Required, Field::Website, Lang::En) => {
                "Please enter a valid web address (http:// or https://)".into()
            }
            (Problem::Forbidden { character }, _, _) => {
                let which = character.map(|c| format!(" (U+{:04X})", u32::from(c))).unwrap_or_default();
                match lang {
                    Lang::Fr => format!("Ce texte contient un caractère invisible non accepté{which} : retirez-le."),
                    Lang::En => {
                        format!("This text contains an invisible character that is not accepted{which}: remove it.")
                    }
                }
            }
            (Problem::TooShort { min, count }, _, Lang::Fr) if count > 0 => {
                format!("Trop court : au moins {min} {} (actuellement {count}).", chars(min))
            }
            (Problem::TooShort { min, .. }, _, Lang::Fr) => format!("Trop court : au moins {min} {}.", chars(min)),
            (Problem::TooShort { min, count }, _, Lang::En) if count > 0 => {
                format!("Too short: at least {min} {} (currently {count}).", chars(min))
            }
            (Problem::TooShort { min, .. }, _, Lang::En) => format!("Too short: at least {min} {}.", chars(min)),
            (Problem::TooLong { max, count }, _, Lang::Fr) if count > 0 => {
                format!("Trop long : au plus {max} {} (actuellement {count}).", chars(max))
            }
            (Problem::TooLong { max, .. }, _, Lang::Fr) => format!("Trop long : au plus {max} {}.", chars(max)),
            (Problem::TooLong { max, count }, _, Lang::En) if count > 0 => {
                format!("Too long: at most {max} {} (currently {count}).", chars(max))
            }
            (Problem::TooLong { max, .. }, _, Lang::En) => format!("Too long: at most {max} {}.", chars(max)),
        }
    }
}

/// Characters as the reader counts them (Unicode scalar values), after tidying.
pub fn char_count(value: &str) -> usize {
    canonical(value).chars().count()
}

/// The one place where a field's text is tidied before it is checked, posted
/// and stored: white space and invisible characters (zero-width space, word
/// joiner, byte order mark) trimmed from both ends, line breaks written `\n`,
/// and, in the server (feature `nfc`, which keeps Unicode's tables out of the
/// widget), Unicode NFC, so that one text typed two ways is one text.
pub fn canonical(value: &str) -> Cow<'_, str> {
    let trimmed = value.trim_matches(|c: char| c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}'));
    let text = if trimmed.contains('\r') {
        Cow::Owned(trimmed.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(trimmed)
    };
    #[cfg(feature = "nfc")]
    let text = nfc(text);
    text
}

#[cfg(feature = "nfc")]
fn nfc(text: Cow<'_, str>) -> Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// The first character of `text` that `field` does not take: control
/// characters (a comment keeps its line breaks and tabs; a name, an address
/// none) and the bidirectional embeddings, overrides and isolates, which make
/// text read in another order than it is stored.
pub fn forbidden_character(field: Field, text: &str) -> Option<char> {
    text.chars().find(|&c| {
        let kept = field == Field::Body && matches!(c, '\n' | '\t');
        (c.is_control() && !kept) || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

/// Checks one field. The same function runs in the form and on the server.
pub fn check_field(field: Field, value: &str) -> Option<Problem> {
    check_canonical(field, &canonical(value))
}

/// Checks a field already tidied by [`canonical`].
fn check_canonical(field: Field, value: &str) -> Option<Problem> {
    let count = value.chars().count();
    if count == 0 {
        return (field != Field::Website).then_some(Problem::Required);
    }
    if let Some((min, max)) = field.limits() {
        if count < min {
            return Some(Problem::TooShort { min, count });
        }
        if count > max {
            return Some(Problem::TooLong { max, count });
        }
    }
    if let Some(character) = forbidden_character(field, value) {
        return Some(Problem::Forbidden { character: Some(character) });
    }
    let valid = match field {
        Field::Email => is_valid_email(value),
        Field::Website => is_http_url(value),
        Field::Body | Field::Author => true,
    };
    (!valid).then_some(Problem::Invalid)
}

/// Problems by field, in the form's order (a plain list: small in the wasm).
pub type Problems = Vec<(Field, Problem)>;

/// A comment that passed [`validate`], its fields tidied: what the widget
/// posts and what the server stores. Only [`validate`] makes one, so holding
/// one proves the checks ran. It serialises as the API's `NewComment`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ValidComment {
    author: String,
    email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    website: Option<String>,
    body: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    honeypot: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    started_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reader_key: Option<String>,
}

impl ValidComment {
    pub fn author(&self) -> &str {
        &self.author
    }

    pub fn email(&self) -> &str {
        &self.email
    }

    /// The website, if one was given.
    pub fn website(&self) -> Option<&str> {
        self.website.as_deref()
    }

    pub fn body(&self) -> &str {
        &self.body
    }

    /// The hidden field, when something (a bot) filled it.
    pub fn honeypot(&self) -> Option<&str> {
        self.honeypot.as_deref()
    }

    /// When the reader first touched the form, as sent (RFC 3339, unchecked).
    pub fn started_at(&self) -> Option<&str> {
        self.started_at.as_deref()
    }

    /// The id of the comment replied to, as sent (the server checks it exists).
    pub fn parent(&self) -> Option<&str> {
        self.parent.as_deref()
    }

    /// The reader's key, as sent (the server checks its form).
    pub fn reader_key(&self) -> Option<&str> {
        self.reader_key.as_deref()
    }

    /// The same comment signed with the key the reader's browser keeps (a
    /// secret nothing validates: it is never shown, and only the server
    /// reads it).
    pub fn with_reader_key(self, reader_key: Option<String>) -> ValidComment {
        ValidComment { reader_key, ..self }
    }
}

/// Checks a whole comment: a [`ValidComment`] when it may be posted, else its
/// problems in the form's order.
pub fn validate(comment: &NewComment) -> Result<ValidComment, Problems> {
    let body = canonical(&comment.body);
    let author = canonical(&comment.author);
    let email = canonical(&comment.email);
    let website = canonical(comment.website.as_deref().unwrap_or(""));
    let problems: Problems =
        [(Field::Body, &*body), (Field::Author, &*author), (Field::Email, &*email), (Field::Website, &*website)]
            .into_iter()
            .filter_map(|(field, value)| check_canonical(field, value).map(|p| (field, p)))
            .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let honeypot = comment.honeypot.as_deref().map(str::trim).filter(|h| !h.is_empty());
    Ok(ValidComment {
        author: author.into_owned(),
        email: email.into_owned(),
        website: Some(website.into_owned()).filter(|w| !w.is_empty()),
        body: body.into_owned(),
        honeypot: honeypot.map(str::to_owned),
        started_at: comment.started_at.clone(),
        parent: comment.parent.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned),
        reader_key: comment.reader_key.clone(),
    })
}

/// An address of the form the HTML standard calls a "valid e-mail address"
/// (what `<input type=email>` accepts): `local@label.label…`, where the local
/// part uses letters, digits and ``.!#$%&'*+/=?^_`{|}~-``, and each domain
/// label is 1 to 63 letters, digits or inner hyphens.
pub fn is_valid_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else { return false };
    let local_ok =
        !local.is_empty() && local.chars().all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
    let label_ok = |label: &str| {
        (1..=63).contains(&label.len())
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    local_ok && domain.split('.').all(label_ok)
}

/// Error summary heading: "2 erreurs à corriger" / "1 error to fix".
pub fn summary(lang: Lang, n: usize) -> String {
    let one = is_singular(lang, n as u64);
    match lang {
        Lang::Fr => format!("{n} {} à corriger :", if one { "erreur" } else { "erreurs" }),
        Lang::En => format!("{n} {} to fix:", if one { "error" } else { "errors" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_wording_is_verbatim() {
        assert_eq!(Problem::Required.message(Field::Body, Lang::Fr), "S'il vous plaît entrez votre commentaire!");
        assert_eq!(Problem::Required.message(Field::Author, Lang::Fr), "S'il vous plaît entrez votre nom ici");
    }

    #[test]
    fn every_rule_and_message_in_both_languages() {
        let cases: [(Field, &str, Option<Problem>, &str, &str); 10] = [
            (
                Field::Body,
                "  ",
                Some(Problem::Required),
                "S'il vous plaît entrez votre commentaire!",
                "Please enter your comment!",
            ),
            (
                Field::Body,
                "a",
                Some(Problem::TooShort { min: 2, count: 1 }),
                "Trop court : au moins 2 caractères (actuellement 1).",
                "Too short: at least 2 characters (currently 1).",
            ),
            (
                Field::Author,
                "",
                Some(Problem::Required),
                "S'il vous plaît entrez votre nom ici",
                "Please enter your name here",
            ),
            (
                Field::Email,
                "",
                Some(Problem::Required),
                "Veuillez entrer votre adresse e-mail ici",
                "Please enter your email address here",
            ),
            (
                Field::Email,
                "ali@",
                Some(Problem::Invalid),
                "Vous avez entré une adresse e-mail incorrecte!",
                "You have entered an incorrect email address!",
            ),
            (
                Field::Website,
                "ftp://x.example",
                Some(Problem::Invalid),
                "Veuillez entrer une adresse web valide (http:// ou https://)",
                "Please enter a valid web address (http:// or https://)",
            ),
            (Field::Website, "", None, "", ""),
            (Field::Body, "ok", None, "", ""),
            (Field::Author, "Aïcha", None, "", ""),
            (Field::Email, "a.b+c@mail.example.org", None, "", ""),
        ];
        for (field, value, expected, fr, en) in cases {
            let got = check_field(field, value);
            assert_eq!(got, expected, "{field:?} {value:?}");
            if let Some(problem) = got {
                assert_eq!(problem.message(field, Lang::Fr), fr);
                assert_eq!(problem.message(field, Lang::En), en);
            }
        }
    }

    #[test]
    fn lengths_count_characters_after_trimming() {
        let long = "é".repeat(BODY_MAX + 1);
        assert_eq!(check_field(Field::Body, &long), Some(Problem::TooLong { max: 5000, count: 5001 }));
        assert_eq!(check_field(Field::Body, &"é".repeat(BODY_MAX)), None);
        assert_eq!(check_field(Field::Body, "  é  "), Some(Problem::TooShort { min: 2, count: 1 }));
        assert_eq!(check_field(Field::Author, &"x".repeat(101)), Some(Problem::TooLong { max: 100, count: 101 }));
        assert_eq!(
            Problem::TooLong { max: 5000, count: 5001 }.message(Field::Body, Lang::Fr),
            "Trop long : au plus 5000 caractères (actuellement 5001)."
        );
        assert_eq!(char_count(" 👍🏽 "), 2);
    }

    #[test]
    fn email_syntax_follows_the_html_standard() {
        for ok in [
            "a@b",
            "first.last@example.com",
            "x+tag@sub.example.co",
            "o'brien@example.ie",
            "a@localhost",
            "a@xn--bcher-kva.example",
        ] {
            assert!(is_valid_email(ok), "{ok}");
        }
        for bad in [
            "", "a", "@b.c", "a@", "a@b..c", "a@-b.c", "a@b-.c", "a b@c.d", "a@b c.d", "a@@b", "é@b.c", "a@b.c.",
            "<a>@b.c",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn whole_comment_check_lists_fields_in_form_order() {
        let problems = validate(&NewComment::default()).unwrap_err();
        assert_eq!(problems.iter().map(|(f, _)| *f).collect::<Vec<_>>(), [Field::Body, Field::Author, Field::Email]);
        let fine =
            NewComment { author: "A".into(), email: "a@b.c".into(), body: "Bonjour".into(), ..Default::default() };
        assert!(validate(&fine).is_ok());
    }

    #[test]
    fn a_valid_comment_holds_the_tidied_fields() {
        let raw = NewComment {
            author: "  Aïcha\u{200B} ".into(),
            email: " a@b.c ".into(),
            website: Some("   ".into()),
            body: "\u{FEFF} Bonjour,\r\nà demain.\r\n\n ".into(),
            honeypot: Some("  ".into()),
            started_at: Some("2024-04-19T10:00:00Z".into()),
            ..Default::default()
        };
        let valid = validate(&raw).unwrap();
        assert_eq!(valid.author(), "Aïcha");
        assert_eq!(valid.email(), "a@b.c");
        assert_eq!(valid.website(), None);
        assert_eq!(valid.body(), "Bonjour,\nà demain.");
        assert_eq!(valid.honeypot(), None);
        assert_eq!(
            serde_json::to_string(&valid).unwrap(),
            r#"{"author":"Aïcha","email":"a@b.c","body":"Bonjour,\nà demain.","started_at":"2024-04-19T10:00:00Z"}"#
        );
        // The JSON of a valid comment reads back as a NewComment that is valid again, unchanged.
        let again: NewComment = serde_json::from_str(&serde_json::to_string(&valid).unwrap()).unwrap();
        assert_eq!(validate(&again).unwrap(), valid);
    }

    #[test]
    fn control_characters_and_bidi_overrides_are_refused_by_name() {
        for (field, text, found) in [
            (Field::Body, "Bonjour\u{202E}tout le monde", '\u{202E}'),
            (Field::Body, "Bonjour \u{2067}isolé\u{2069}", '\u{2067}'),
            (Field::Body, "nul\u{0}ici", '\u{0}'),
            (Field::Body, "escape \u{1B}[31m", '\u{1B}'),
            (Field::Body, "C1 \u{85} control", '\u{85}'),
            (Field::Author, "Aï\tcha", '\t'),
            (Field::Author, "Aï\ncha", '\n'),
            (Field::Author, "\u{202D}Admin", '\u{202D}'),
            (Field::Website, "https://a.example/\u{202E}gpj.exe", '\u{202E}'),
        ] {
            assert_eq!(check_field(field, text), Some(Problem::Forbidden { character: Some(found) }), "{text:?}");
        }
        // A comment keeps its line breaks and tabs; right-to-left marks and joiners are text.
        assert_eq!(check_field(Field::Body, "Ligne 1\n\tLigne 2"), None);
        assert_eq!(check_field(Field::Body, "שלום \u{200F}עולם, 👩\u{200D}💻"), None);
        let problem = Problem::Forbidden { character: Some('\u{202E}') };
        assert_eq!(
            problem.message(Field::Body, Lang::Fr),
            "Ce texte contient un caractère invisible non accepté (U+202E) : retirez-le."
        );
        assert_eq!(
            problem.message(Field::Author, Lang::En),
            "This text contains an invisible character that is not accepted (U+202E): remove it."
        );
        assert_eq!(Problem::from_code(Field::Body, "forbidden_character"), Problem::Forbidden { character: None });
        assert_eq!(
            Problem::Forbidden { character: None }.message(Field::Body, Lang::En),
            "This text contains an invisible character that is not accepted: remove it."
        );
    }

    #[test]
    fn the_largest_valid_comment_fits_the_json_limit() {
        // Each field at its longest, every character outside the BMP and
        // written as a surrogate pair escape: the longest JSON the rules allow.
        let escaped = |n: usize| "\\ud83d\\ude00".repeat(n);
        let local = "a".repeat(EMAIL_MAX - "@example.org".len());
        let email: String =
            format!("{local}@example.org").chars().map(|c| format!("\\u{:04x}", u32::from(c))).collect();
        let website = format!("https://a.example/{}", escaped(WEBSITE_MAX - "https://a.example/".len()));
        let json = format!(
            r#"{{"author":"{}","email":"{email}","website":"{website}","body":"{}","started_at":"2024-04-19T10:00:00.000Z"}}"#,
            escaped(AUTHOR_MAX),
            escaped(BODY_MAX),
        );
        let comment: NewComment = serde_json::from_str(&json).unwrap();
        assert!(validate(&comment).is_ok());
        assert!(json.len() <= MAX_JSON_BYTES, "{} > {MAX_JSON_BYTES}", json.len());
        assert!(MAX_JSON_BYTES - json.len() < 1300, "the limit is not much larger than needed");
    }

    #[test]
    fn api_codes_round_trip() {
        for field in Field::ALL {
            assert_eq!(Field::from_name(field.name()), Some(field));
        }
        assert_eq!(Problem::from_code(Field::Body, "too_long"), Problem::TooLong { max: 5000, count: 0 });
        assert_eq!(Problem::from_code(Field::Email, "whatever"), Problem::Invalid);
        assert_eq!(
            Problem::from_code(Field::Body, "too_long").message(Field::Body, Lang::En),
            "Too long: at most 5000 characters."
        );
        assert_eq!(summary(Lang::Fr, 1), "1 erreur à corriger :");
        assert_eq!(summary(Lang::En, 3), "3 errors to fix:");
    }

    #[test]
    fn api_json_shapes() {
        let page: CommentPage = serde_json::from_str(
            r#"{"comments":[{"id":"1","author":"A","body":"B","created_at":"2024-04-19T10:00:00Z"}],"total":1}"#,
        )
        .unwrap();
        assert_eq!(page.comments[0].website, None);
        assert!(page.comments[0].created_at.is_some());
        assert_eq!((page.comments[0].parent.as_deref(), page.next.as_deref()), (None, None));
        let threaded: CommentPage = serde_json::from_str(
            r#"{"comments":[{"id":"9","parent":"4","author":"A","body":"B"}],"total":30,"next":"9"}"#,
        )
        .unwrap();
        assert_eq!((threaded.comments[0].parent.as_deref(), threaded.next.as_deref()), (Some("4"), Some("9")));
        let odd: CommentPage = serde_json::from_str(
            r#"{"comments":[{"id":"1","author":"A","body":"B","created_at":"hier"},{"id":"2","author":"A","body":"B","created_at":3}],"total":2}"#,
        )
        .unwrap();
        assert_eq!(odd.comments.len(), 2);
        assert_eq!(odd.comments[0].created_at, None);
        let posted: Posted = serde_json::from_str(
            r#"{"comment":{"id":"2","author":"A","body":"B","created_at":"2024-04-19T10:00:00Z"},"status":"pending"}"#,
        )
        .unwrap();
        assert_eq!(posted.status, Publication::Pending);
        let json = serde_json::to_string(&NewComment {
            author: "A".into(),
            email: "e@x.y".into(),
            body: "B".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(json, r#"{"author":"A","email":"e@x.y","body":"B"}"#);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn label() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9]([a-zA-Z0-9-]{0,20}[a-zA-Z0-9])?"
    }

    proptest! {
        #[test]
        fn grammar_built_addresses_are_valid(
            local in "[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]{1,30}",
            labels in prop::collection::vec(label(), 1..4),
        ) {
            let email = format!("{local}@{}", labels.join("."));
            prop_assert!(is_valid_email(&email), "{}", email);
            prop_assert_eq!(check_field(Field::Email, &email), None);
        }

        #[test]
        fn addresses_with_space_or_without_one_at_are_invalid(s in "[^@]{0,40}", t in "\\PC*") {
            prop_assert!(!is_valid_email(&s));
            let spaced = format!("a b{t}@c.d");
            prop_assert!(!is_valid_email(&spaced));
        }

        #[test]
        fn any_input_gets_an_answer_and_a_message(value in "\\PC{0,300}", which in 0usize..4) {
            let field = Field::ALL[which];
            if let Some(problem) = check_field(field, &value) {
                prop_assert!(!problem.message(field, Lang::Fr).is_empty());
                prop_assert!(!problem.message(field, Lang::En).is_empty());
            }
        }
    }
}

/// Why comments could not be listed or a comment could not be posted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommentError {
    /// 422: the server found these fields wrong.
    Invalid(Problems),
    /// 409: the same comment was already received.
    Duplicate,
    /// 409 `idempotency_key_reused`: an earlier version of this draft was
    /// received (its post seemed to fail) and the reader has since changed it.
    KeyReused,
    /// 413: the request was larger than the server takes.
    TooLarge,
    /// 429 (or WordPress's flood check): wait this many seconds.
    RateLimited {
        retry_after: u32,
    },
    /// Comments are closed on this article (WordPress: 403 `rest_comment_closed`).
    Closed,
    /// The site takes comments from signed-in readers only (WordPress: 401
    /// `rest_comment_login_required`, until the site allows anonymous comments).
    LoginRequired,
    /// 5xx.
    Server {
        status: u16,
    },
    /// Any other refusal (401, 403, 404 …).
    Http {
        status: u16,
    },
    Timeout {
        seconds: u32,
    },
    /// The browser says it is offline.
    Offline,
    /// No answer: DNS, refused connection, CORS.
    Network,
    /// A 2xx whose body is not what the API promises.
    BadResponse {
        detail: String,
    },
    /// 403 `edit_window_closed`: the time to change this comment is over.
    EditWindowClosed,
    /// 403 `edit_forbidden`: this browser's token is not (or no longer) the comment's.
    EditForbidden,
}

impl CommentError {
    /// Stable code sent in `article-widget:comment-failed` events.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid(_) => "invalid",
            Self::Duplicate => "duplicate",
            Self::KeyReused => "key-reused",
            Self::TooLarge => "too-large",
            Self::RateLimited { .. } => "rate-limited",
            Self::Closed => "closed",
            Self::LoginRequired => "login-required",
            Self::Server { .. } => "server",
            Self::Http { .. } => "http",
            Self::Timeout { .. } => "timeout",
            Self::Offline => "offline",
            Self::Network => "network",
            Self::BadResponse { .. } => "bad-response",
            Self::EditWindowClosed => "edit-window-closed",
            Self::EditForbidden => "edit-forbidden",
        }
    }

    /// The HTTP status behind the error, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Invalid(_) => Some(422),
            Self::Duplicate | Self::KeyReused => Some(409),
            Self::TooLarge => Some(413),
            Self::RateLimited { .. } => Some(429),
            Self::Closed => Some(403),
            Self::LoginRequired => Some(401),
            Self::Server { status } | Self::Http { status } => Some(*status),
            Self::EditWindowClosed | Self::EditForbidden => Some(403),
            _ => None,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let seconds = |n: u32| match (lang, is_singular(lang, u64::from(n))) {
            (Lang::Fr, true) => "seconde",
            (Lang::Fr, false) => "secondes",
            (Lang::En, true) => "second",
            (Lang::En, false) => "seconds",
        };
        match (self, lang) {
            (Self::Invalid(problems), Lang::Fr) if problems.is_empty() => {
                "Le serveur des commentaires a refusé ce commentaire sans dire pourquoi.".into()
            }
            (Self::Invalid(problems), Lang::En) if problems.is_empty() => {
                "The comment server refused this comment without saying why.".into()
            }
            (Self::Invalid(problems), _) => summary(lang, problems.len()),
            (Self::KeyReused, Lang::Fr) => {
                "Une version précédente de ce commentaire a déjà été reçue. Publiez à nouveau pour envoyer celle-ci."
                    .into()
            }
            (Self::KeyReused, Lang::En) => {
                "An earlier version of this comment was already received. Post again to send this one.".into()
            }
            (Self::Duplicate, Lang::Fr) => "Ce commentaire a déjà été envoyé.".into(),
            (Self::Duplicate, Lang::En) => "This comment was already sent.".into(),
            (Self::TooLarge, Lang::Fr) => "Ce commentaire est trop volumineux pour le serveur.".into(),
            (Self::TooLarge, Lang::En) => "This comment is too large for the server.".into(),
            (Self::RateLimited { retry_after }, Lang::Fr) => {
                format!(
                    "Trop d’envois en peu de temps. Vous pourrez réessayer dans {retry_after} {}.",
                    seconds(*retry_after)
                )
            }
            (Self::RateLimited { retry_after }, Lang::En) => {
                format!(
                    "Too many comments in a short time. You can try again in {retry_after} {}.",
                    seconds(*retry_after)
                )
            }
            (Self::Closed, Lang::Fr) => "Les commentaires sont fermés pour cet article.".into(),
            (Self::Closed, Lang::En) => "Comments are closed on this article.".into(),
            // Said before any comment is written (the plugin tells) as well as after one is refused.
            (Self::LoginRequired, Lang::Fr) => "Ce site n’accepte pas les commentaires de lecteurs sans compte.".into(),
            (Self::LoginRequired, Lang::En) => {
                "This site does not accept comments from readers without an account.".into()
            }
            (Self::Server { status }, Lang::Fr) => {
                format!("Le serveur des commentaires a rencontré une erreur ({status}).")
            }
            (Self::Server { status }, Lang::En) => format!("The comment server had an error ({status})."),
            (Self::Http { status }, Lang::Fr) => format!("Le serveur des commentaires a refusé la demande ({status})."),
            (Self::Http { status }, Lang::En) => format!("The comment server refused the request ({status})."),
            (Self::Timeout { seconds: n }, Lang::Fr) => {
                format!("Le serveur des commentaires n’a pas répondu en {n} {}.", seconds(*n))
            }
            (Self::Timeout { seconds: n }, Lang::En) => {
                format!("The comment server did not answer within {n} {}.", seconds(*n))
            }
            (Self::Offline, Lang::Fr) => "Vous êtes hors ligne.".into(),
            (Self::Offline, Lang::En) => "You are offline.".into(),
            (Self::Network, Lang::Fr) => "Le serveur des commentaires est injoignable.".into(),
            (Self::Network, Lang::En) => "The comment server cannot be reached.".into(),
            (Self::BadResponse { .. }, Lang::Fr) => {
                "Le serveur des commentaires a envoyé une réponse illisible.".into()
            }
            (Self::BadResponse { .. }, Lang::En) => "The comment server sent an answer that cannot be read.".into(),
            (Self::EditWindowClosed, Lang::Fr) => {
                "Le délai pour modifier ou supprimer ce commentaire est écoulé.".into()
            }
            (Self::EditWindowClosed, Lang::En) => "The time to change or delete this comment is over.".into(),
            (Self::EditForbidden, Lang::Fr) => {
                "Ce commentaire ne peut pas être modifié ni supprimé depuis ce navigateur.".into()
            }
            (Self::EditForbidden, Lang::En) => "This comment cannot be changed or deleted from this browser.".into(),
        }
    }

    /// Whether the same draft may simply be sent again (with the same
    /// idempotency key) once the cause has passed.
    pub fn retryable(&self) -> bool {
        !matches!(
            self,
            Self::Invalid(_)
                | Self::Duplicate
                | Self::TooLarge
                | Self::Http { .. }
                | Self::Closed
                | Self::LoginRequired
                | Self::EditWindowClosed
                | Self::EditForbidden
        )
    }
}

/// What happened, in English, for developers (the reader sees [`CommentError::message`]).
impl std::fmt::Display for CommentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Invalid(problems) if problems.is_empty() => f.write_str("422 without field errors"),
            Self::Invalid(problems) => {
                f.write_str("422, fields refused:")?;
                for (field, problem) in problems {
                    write!(f, " {} ({})", field.name(), problem.code())?;
                }
                Ok(())
            }
            Self::Duplicate => f.write_str("409: the server already has this comment"),
            Self::KeyReused => f.write_str("409: the idempotency key was used for another version of this comment"),
            Self::TooLarge => f.write_str("413: larger than the server takes"),
            Self::RateLimited { retry_after } => write!(f, "429: retry after {retry_after} s"),
            Self::Closed => f.write_str("403: comments are closed on this article"),
            Self::LoginRequired => f.write_str("401: the site refuses comments from readers without an account"),
            Self::Server { status } => write!(f, "server error {status}"),
            Self::Http { status } => write!(f, "refused with HTTP {status}"),
            Self::Timeout { seconds } => write!(f, "no complete answer within {seconds} s"),
            Self::Offline => f.write_str("the browser is offline"),
            Self::Network => f.write_str("no answer (network, CORS or a refused connection)"),
            Self::BadResponse { detail } => write!(f, "a 2xx answer that is not the API's JSON: {detail}"),
            Self::EditWindowClosed => f.write_str("403 edit_window_closed: the time to change this comment is over"),
            Self::EditForbidden => f.write_str("403 edit_forbidden: the token is not this comment's"),
        }
    }
}

impl std::error::Error for CommentError {}

#[cfg(test)]
mod error_tests {
    use super::*;

    #[test]
    fn codes_statuses_and_messages() {
        let limited = CommentError::RateLimited { retry_after: 30 };
        assert_eq!(limited.code(), "rate-limited");
        assert_eq!(limited.status(), Some(429));
        assert_eq!(
            limited.message(Lang::Fr),
            "Trop d’envois en peu de temps. Vous pourrez réessayer dans 30 secondes."
        );
        assert_eq!(
            CommentError::RateLimited { retry_after: 1 }.message(Lang::En),
            "Too many comments in a short time. You can try again in 1 second."
        );
        assert_eq!(CommentError::Server { status: 503 }.message(Lang::En), "The comment server had an error (503).");
        assert_eq!(CommentError::Offline.status(), None);
        let problems = vec![(Field::Email, Problem::Invalid)];
        assert_eq!(CommentError::Invalid(problems).message(Lang::Fr), "1 erreur à corriger :");
        assert!(CommentError::Timeout { seconds: 15 }.retryable());
        let refused = CommentError::Invalid(vec![(Field::Email, Problem::Invalid), (Field::Body, Problem::Required)]);
        let boxed: Box<dyn std::error::Error> = Box::new(refused);
        assert_eq!(boxed.to_string(), "422, fields refused: email (invalid) body (required)");
        assert_eq!(
            CommentError::Invalid(Vec::new()).message(Lang::En),
            "The comment server refused this comment without saying why."
        );
        assert_eq!(CommentError::KeyReused.code(), "key-reused");
        assert_eq!(Problem::Invalid.message(Field::Body, Lang::Fr), "Ce texte n’est pas accepté.");
        assert!(!Problem::Required.message(Field::Website, Lang::En).is_empty());
        assert!(!CommentError::Duplicate.retryable());
        assert_eq!(CommentError::EditWindowClosed.status(), Some(403));
        assert!(!CommentError::EditForbidden.retryable());
        assert_eq!(
            CommentError::EditWindowClosed.message(Lang::Fr),
            "Le délai pour modifier ou supprimer ce commentaire est écoulé."
        );
    }
}
