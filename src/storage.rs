//! localStorage: the reader's unfinished comment, if asked their name, and
//! the key by which a comment server knows a returning reader, and the
//! edit grants of the comments they just posted (`core::own`).
//!
//! Storage can be missing or full (private browsing, quotas, a sandboxed
//! iframe): every call here then does nothing, silently; the form works the
//! same, it just cannot survive a reload.

use article_widget_core::comment::Field;
use article_widget_core::own::OwnComments;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use web_sys::Storage;

/// A comment being written, kept until the server confirms it (201/202).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub body: String,
    pub author: String,
    pub email: String,
    pub website: String,
    pub remember: bool,
    /// The `Idempotency-Key` of this draft, the same on every retry.
    pub key: String,
    /// When the reader first touched the form.
    pub started_at: Option<String>,
    /// The comment it answers, if it is a reply.
    #[serde(default)]
    pub parent: Option<String>,
    /// Sent once without an answer (a time-out, a lost connection): a
    /// "duplicate" answer to a retry means the site has it.
    #[serde(default)]
    pub sent: bool,
    /// The identity this draft was filled with when it was made, if any (not
    /// stored): what the form had by itself, even once another tab has
    /// changed or forgotten the remembered one.
    #[serde(skip)]
    pub filled: Option<Identity>,
}

impl Draft {
    /// A new draft under `key`, with the remembered identity if there is one.
    pub fn fresh(identity: Option<Identity>, key: String) -> Draft {
        let remember = identity.is_some();
        let filled = identity.clone();
        let Identity { author, email, website } = identity.unwrap_or_default();
        Draft { author, email, website, remember, key, filled, ..Draft::default() }
    }

    /// What the reader wrote in `field`.
    pub fn field(&self, field: Field) -> &str {
        match field {
            Field::Body => &self.body,
            Field::Author => &self.author,
            Field::Email => &self.email,
            Field::Website => &self.website,
        }
    }

    /// `field`'s text, to change it.
    pub fn field_mut(&mut self, field: Field) -> &mut String {
        match field {
            Field::Body => &mut self.body,
            Field::Author => &mut self.author,
            Field::Email => &mut self.email,
            Field::Website => &mut self.website,
        }
    }

    /// Something typed that the form would not have by itself: a comment,
    /// or a name, email or website other than the identity it was filled
    /// with and the `remembered` one (which fills every fresh form; a draft
    /// of it alone would only hold back the form drawn ahead on the
    /// reader's next visit).
    pub fn worth_keeping(&self, remembered: Option<&Identity>) -> bool {
        !self.body.trim().is_empty()
            || [self.filled.as_ref(), remembered].into_iter().all(|identity| !self.holds_only(identity))
    }

    /// Its name, email and website are `identity`'s (blank where there is
    /// none), give or take blanks around them.
    fn holds_only(&self, identity: Option<&Identity>) -> bool {
        let none = Identity::default();
        let Identity { author, email, website } = identity.unwrap_or(&none);
        let same = |typed: &String, kept: &String| typed.trim() == kept.trim();
        same(&self.author, author) && same(&self.email, email) && same(&self.website, website)
    }
}

/// Name, email and website the reader asked us to remember.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    pub author: String,
    pub email: String,
    pub website: String,
}

const IDENTITY_KEY: &str = "article-widget:identity";
const READER_KEY: &str = "article-widget:reader-key";

/// Edit grants are per comment list too.
fn own_key(endpoint: &str) -> String {
    format!("article-widget:own:{endpoint}")
}

/// Drafts are per comment list (that is, per article): `endpoint` is its address.
fn draft_key(endpoint: &str) -> String {
    format!("article-widget:draft:{endpoint}")
}

fn storage() -> Option<Storage> {
    // `localStorage` itself throws where storage is blocked.
    web_sys::window()?.local_storage().ok().flatten()
}

fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = storage()?.get_item(key).ok()??;
    let value = js_sys::JSON::parse(&text).ok()?;
    crate::from_js::from_js(value).ok()
}

fn save<T: Serialize>(key: &str, value: &T) {
    if let (Some(storage), Some(text)) = (storage(), crate::decode::to_json(value)) {
        let _ = storage.set_item(key, &text);
    }
}

fn remove(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// Whether a draft is kept for this comment list (without reading it).
pub fn has_draft(endpoint: &str) -> bool {
    stored_draft(endpoint).is_some()
}

/// The draft kept for `endpoint`, as stored (JSON).
fn stored_draft(endpoint: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(&draft_key(endpoint)).ok().flatten())
}

/// The draft kept for `endpoint` is the one under `key`. Read from the
/// stored text, not decoded: where the form drawn ahead asks (Yew's module),
/// a draft's decoder would cost 1.2 KB gzip. Serde writes the field as
/// `"key":"…"`; a quote in a value is escaped, so no value can pass for it.
pub fn draft_is(endpoint: &str, key: &str) -> bool {
    stored_draft(endpoint).is_some_and(|json| json.contains(&format!("\"key\":\"{key}\"")))
}

pub fn load_draft(endpoint: &str) -> Option<Draft> {
    load(&draft_key(endpoint))
}

pub fn save_draft(endpoint: &str, draft: &Draft) {
    save(&draft_key(endpoint), draft);
}

pub fn clear_draft(endpoint: &str) {
    remove(&draft_key(endpoint));
}

/// Saves the draft, or removes it when it holds nothing worth keeping.
pub fn keep_draft(endpoint: &str, draft: &Draft) {
    if !draft.worth_keeping(load_identity().as_ref()) {
        clear_draft(endpoint);
    } else {
        save_draft(endpoint, draft);
    }
}

/// The server has the comment: the draft goes, and the identity is kept
/// or forgotten as the reader asked.
pub fn accepted(endpoint: &str, draft: &Draft) {
    clear_draft(endpoint);
    if draft.remember {
        save_identity(&Identity {
            author: draft.author.trim().to_owned(),
            email: draft.email.trim().to_owned(),
            website: draft.website.trim().to_owned(),
        });
    } else {
        forget_identity();
    }
}

pub fn load_identity() -> Option<Identity> {
    load(IDENTITY_KEY)
}

fn save_identity(identity: &Identity) {
    save(IDENTITY_KEY, identity);
}

fn forget_identity() {
    remove(IDENTITY_KEY);
}

/// The edit grants kept for this comment list (in `OwnComments::to_text`'s
/// form, not JSON: see `core::own`).
pub fn load_own(endpoint: &str) -> OwnComments {
    let text = storage().and_then(|s| s.get_item(&own_key(endpoint)).ok().flatten());
    OwnComments::from_text(&text.unwrap_or_default())
}

/// Keeps the grants, or removes the entry when there are none.
pub fn save_own(endpoint: &str, own: &OwnComments) {
    match storage() {
        Some(storage) if !own.is_empty() => drop(storage.set_item(&own_key(endpoint), &own.to_text())),
        _ => remove(&own_key(endpoint)),
    }
}

/// The reader's key: a random secret made at this browser's first post and
/// sent with each post, never shown, by which the server's first-time
/// moderation knows a reader it published before (a typed name or email
/// anyone could copy). None where storage is blocked: a key that cannot be
/// kept would make no one known.
pub fn reader_key() -> Option<String> {
    load(READER_KEY).or_else(|| {
        save(READER_KEY, &crate::dom::uuid_v4());
        load(READER_KEY)
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_draft_carries_the_remembered_identity_and_its_own_key() {
        let identity = Identity { author: "Awa".into(), email: "awa@example.org".into(), website: String::new() };
        let draft = Draft::fresh(Some(identity.clone()), "key-1".into());
        assert_eq!((draft.author.as_str(), draft.remember, draft.key.as_str()), ("Awa", true, "key-1"));
        let anonymous = Draft::fresh(None, "key-2".into());
        assert!(!anonymous.remember);
    }

    #[test]
    fn a_draft_is_worth_keeping_for_what_the_form_would_not_have_by_itself() {
        let identity = Identity { author: "Awa".into(), email: "awa@example.org".into(), website: String::new() };
        let remembered = Some(&identity);
        let draft = Draft::fresh(Some(identity.clone()), "key-1".into());
        // The remembered identity alone, or with blanks around it: nothing.
        assert!(!draft.worth_keeping(remembered));
        assert!(!Draft { author: " Awa ".into(), body: " ".into(), ..draft.clone() }.worth_keeping(remembered));
        // A comment, another name, or the name emptied: kept.
        assert!(Draft { body: "Merci".into(), ..draft.clone() }.worth_keeping(remembered));
        assert!(Draft { author: "Awa D.".into(), ..draft.clone() }.worth_keeping(remembered));
        assert!(Draft { author: String::new(), ..draft.clone() }.worth_keeping(remembered));
        // No identity remembered: any field typed in.
        let anonymous = Draft::fresh(None, "key-2".into());
        assert!(!anonymous.worth_keeping(None));
        assert!(!Draft { body: "  ".into(), remember: true, ..anonymous.clone() }.worth_keeping(None));
        assert!(Draft { website: "https://awa.example".into(), ..anonymous.clone() }.worth_keeping(None));
        // Filled with an identity that another tab has since forgotten or
        // changed: what it was filled with is still nothing typed.
        assert!(!draft.worth_keeping(None));
        let other = Identity { author: "Binta".into(), ..identity.clone() };
        assert!(!draft.worth_keeping(Some(&other)));
        assert!(Draft { author: "Awa D.".into(), ..draft.clone() }.worth_keeping(Some(&other)));
        // A stored draft (no identity filled in): the remembered one alone is nothing.
        let stored = Draft { filled: None, ..draft.clone() };
        assert!(stored.worth_keeping(None) && !stored.worth_keeping(remembered));
    }
}
