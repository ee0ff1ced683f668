//! What moderators and readers do to comments after they are posted, as
//! data both backends store alike: the spam check's verdict, moderators'
//! actions and their log, blocks, moderator accounts and sessions, and a
//! reader's own edits. The decisions themselves (who may edit, what status
//! an edit leaves) are pure functions here, so both backends make them the
//! same way and they are tested without a database.

use serde::Serialize;
use subtle::ConstantTimeEq;
use time::OffsetDateTime;

use super::{Moderation, Status, StoreError, Stored};
use crate::clock;

/// How the spam check judged a comment it held as spam.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpamReason {
    /// The hidden field only bots fill was filled.
    Honeypot,
    /// Sent within seconds of the form being first touched.
    TooFast,
    /// From an email address a moderator blocked.
    BlockedEmail,
    /// From a client (address) a moderator blocked.
    BlockedClient,
}

impl SpamReason {
    pub const ALL: [SpamReason; 4] =
        [SpamReason::Honeypot, SpamReason::TooFast, SpamReason::BlockedEmail, SpamReason::BlockedClient];

    pub fn as_str(self) -> &'static str {
        match self {
            SpamReason::Honeypot => "honeypot",
            SpamReason::TooFast => "too_fast",
            SpamReason::BlockedEmail => "blocked_email",
            SpamReason::BlockedClient => "blocked_client",
        }
    }

    /// A stored reason; an unknown one (a newer server's) reads as none.
    pub fn parse(text: Option<&str>) -> Option<SpamReason> {
        SpamReason::ALL.into_iter().find(|r| Some(r.as_str()) == text)
    }
}

/// What a moderator does to a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Publish it.
    Approve,
    /// Refuse it: kept, never shown.
    Reject,
    /// Hold it as spam.
    Spam,
    /// Not spam after all: back to the pending queue.
    NotSpam,
    /// Remove it for good (its replies stay, without a parent).
    Delete,
}

impl Action {
    pub const ALL: [Action; 5] = [Action::Approve, Action::Reject, Action::Spam, Action::NotSpam, Action::Delete];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::Spam => "spam",
            Action::NotSpam => "not_spam",
            Action::Delete => "delete",
        }
    }

    pub fn parse(text: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == text)
    }

    /// The status the comment is left with; none when it is deleted.
    pub fn status(self) -> Option<Status> {
        match self {
            Action::Approve => Some(Status::Published),
            Action::Reject => Some(Status::Rejected),
            Action::Spam => Some(Status::Spam),
            Action::NotSpam => Some(Status::Pending),
            Action::Delete => None,
        }
    }
}

/// Which comments the moderation page lists: newest first.
#[derive(Clone, Debug, Default)]
pub struct Queue {
    /// Any of these statuses (all when empty).
    pub statuses: Vec<Status>,
    /// Text found (ignoring case) in the author, the email or the article
    /// id; or, when the caller found it in their titles, these articles.
    pub search: Option<Search>,
    /// Only comments with a smaller id (the next page).
    pub before: Option<i64>,
    pub limit: u32,
}

#[derive(Clone, Debug, Default)]
pub struct Search {
    /// Lower case.
    pub text: String,
    /// Articles whose title matches.
    pub articles: Vec<String>,
}

/// One line of the moderation log.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LogEntry {
    pub id: i64,
    /// RFC 3339, UTC, milliseconds.
    pub at: String,
    /// The moderator's name, `reader` for a reader's own edit, or the
    /// command line.
    pub actor: String,
    /// `approve`, `reject`, `spam`, `not_spam`, `delete`, `block_email`,
    /// `block_client`, `unblock`, `sign_in`, `sign_out`, `reader_edit`,
    /// `reader_delete`.
    pub action: String,
    pub comment_id: Option<i64>,
    /// What it was done to, in words (kept when the comment is gone).
    pub detail: String,
}

/// A line to add to the log.
#[derive(Clone, Debug)]
pub struct Logged {
    pub actor: String,
    pub at: OffsetDateTime,
}

/// What a block is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// An email address, lower case.
    Email,
    /// A client: the keyed hash of its address (IPv4) or /64 network (IPv6).
    Client,
}

impl BlockKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Email => "email",
            BlockKind::Client => "client",
        }
    }

    pub fn parse(text: &str) -> Option<BlockKind> {
        [BlockKind::Email, BlockKind::Client].into_iter().find(|k| k.as_str() == text)
    }

    /// The spam reason of a comment this block catches.
    pub fn reason(self) -> SpamReason {
        match self {
            BlockKind::Email => SpamReason::BlockedEmail,
            BlockKind::Client => SpamReason::BlockedClient,
        }
    }

    /// The log's action for this block.
    pub fn log_action(self) -> &'static str {
        match self {
            BlockKind::Email => "block_email",
            BlockKind::Client => "block_client",
        }
    }
}

/// Comments from this email or client go to spam from now on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Block {
    pub id: i64,
    pub kind: BlockKind,
    pub value: String,
    /// For moderators: whose it was (`client of comment #12, by Ali`).
    pub note: String,
    pub created_by: String,
    pub created_at: String,
}

/// A moderator account.
#[derive(Clone, Debug, PartialEq)]
pub struct Moderator {
    pub id: i64,
    pub name: String,
    /// argon2id, PHC string.
    pub password_hash: String,
    pub created_at: String,
}

/// A signed-in moderator's session, as stored: the SHA-256 of its id (the
/// cookie), never the id.
#[derive(Clone, Debug)]
pub struct NewSession {
    pub id_hash: String,
    pub moderator_id: i64,
    /// The synchronizer token every form of the session carries.
    pub csrf: String,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// A live session, looked up by its id's hash.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub moderator: String,
    pub csrf: String,
    pub expires_at: String,
}

/// A reader's change to their own comment, proved by the hash of the edit
/// token the post was answered with.
#[derive(Clone, Debug)]
pub struct OwnChange {
    pub id: i64,
    pub article_id: String,
    pub token_hash: String,
    pub now: OffsetDateTime,
    pub change: Change,
}

#[derive(Clone, Debug)]
pub enum Change {
    /// New text, validated like a new comment, and what decides the status it leaves.
    Edit {
        body: String,
        moderation: Moderation,
        /// The client sending the edit, to check against blocks.
        client_hash: String,
    },
    Delete,
}

/// What came of a reader's change.
#[derive(Clone, Debug, PartialEq)]
pub enum ChangeOutcome {
    Edited(Box<Stored>),
    Deleted,
    /// No such comment on this article.
    NotFound,
    /// The token is missing, or another comment's.
    Forbidden,
    /// The token is right, but the window to edit is over.
    WindowClosed,
}

/// Whether the holder of `token_hash` may change `stored` now: the hash
/// compared in constant time, then the window.
pub fn may_change(stored: &Stored, token_hash: &str, now: OffsetDateTime) -> Result<(), ChangeOutcome> {
    let Some(expected) = stored.edit_token_hash.as_deref() else { return Err(ChangeOutcome::Forbidden) };
    if !bool::from(expected.as_bytes().ct_eq(token_hash.as_bytes())) {
        return Err(ChangeOutcome::Forbidden);
    }
    match stored.editable_until.as_deref().and_then(clock::parse) {
        Some(until) if now <= until => Ok(()),
        _ => Err(ChangeOutcome::WindowClosed),
    }
}

/// The status an edit leaves a comment in, and why if spam. A blocked
/// sender's edit goes to spam; spam and refused comments stay as they are;
/// a pending one stays pending. A published one stays published unless the
/// moderation mode holds it: `all` holds every new text (an approved
/// comment must not change under the moderator's eyes), `first-time` holds
/// an edit that adds links (the way spam gets into trusted comments).
pub fn edited_status(
    stored: &Stored,
    new_body: &str,
    moderation: Moderation,
    blocked: Option<SpamReason>,
) -> (Status, Option<SpamReason>) {
    if let Some(reason) = blocked {
        return (Status::Spam, Some(reason));
    }
    let keep = (stored.status, stored.spam_reason);
    match stored.status {
        Status::Spam | Status::Rejected | Status::Pending => keep,
        Status::Published => match moderation {
            Moderation::Off => keep,
            Moderation::All => (Status::Pending, None),
            Moderation::FirstTime if adds_links(&stored.body, new_body) => (Status::Pending, None),
            Moderation::FirstTime => keep,
        },
    }
}

/// Whether `new` has a link `old` has not: `http://`, `https://` or `www.`
/// addresses, compared without case.
pub fn adds_links(old: &str, new: &str) -> bool {
    let before = links(old);
    links(new).iter().any(|link| !before.contains(link))
}

fn links(text: &str) -> Vec<String> {
    let words = text.split(|c: char| c.is_whitespace() || "<>\"'()[]".contains(c));
    words
        .filter_map(|word| {
            let word = word.trim_end_matches(['.', ',', ';', ':', '!', '?']).to_lowercase();
            let address = word.strip_prefix("https://").or_else(|| word.strip_prefix("http://")).unwrap_or(&word);
            let is_link = address.len() < word.len() || address.starts_with("www.");
            // `https://` or `www.` alone is no address.
            let host = address.strip_prefix("www.").unwrap_or(address);
            (is_link && !host.is_empty()).then(|| address.to_owned())
        })
        .collect()
}

/// Stored times are text on SQLite: an unreadable one is a broken database.
pub fn time(text: &str) -> Result<OffsetDateTime, StoreError> {
    clock::parse(text).ok_or_else(|| StoreError::failed(format!("unreadable time {text:?} in the database")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(status: Status, body: &str) -> Stored {
        Stored {
            id: 1,
            article_id: "a1".into(),
            parent_id: None,
            author: "A".into(),
            email: "a@b.c".into(),
            website: None,
            body: body.into(),
            status,
            created_at: "2024-04-19T10:00:00.000Z".into(),
            client: String::new(),
            idempotency_key: None,
            request_hash: String::new(),
            reader_key_hash: None,
            spam_reason: None,
            client_hash: String::new(),
            edit_token_hash: Some("abc".into()),
            editable_until: Some("2024-04-19T10:15:00.000Z".into()),
            edited_at: None,
        }
    }

    #[test]
    fn only_the_token_within_the_window() {
        let c = stored(Status::Published, "Bonjour");
        let at = |t: &str| clock::parse(t).unwrap();
        assert_eq!(may_change(&c, "abc", at("2024-04-19T10:14:59Z")), Ok(()));
        assert_eq!(may_change(&c, "abc", at("2024-04-19T10:15:00Z")), Ok(()));
        assert_eq!(may_change(&c, "abc", at("2024-04-19T10:15:01Z")), Err(ChangeOutcome::WindowClosed));
        assert_eq!(may_change(&c, "abd", at("2024-04-19T10:00:01Z")), Err(ChangeOutcome::Forbidden));
        assert_eq!(may_change(&c, "", at("2024-04-19T10:00:01Z")), Err(ChangeOutcome::Forbidden));
        let no_token = Stored { edit_token_hash: None, ..c };
        assert_eq!(may_change(&no_token, "abc", at("2024-04-19T10:00:01Z")), Err(ChangeOutcome::Forbidden));
    }

    #[test]
    fn what_an_edit_leaves() {
        let published = stored(Status::Published, "Voir https://a.example/x.");
        let plain = "Voir https://a.example/x, corrigé.";
        let linked = "Voir https://a.example/x et www.spam.example";
        assert_eq!(edited_status(&published, plain, Moderation::Off, None), (Status::Published, None));
        assert_eq!(edited_status(&published, linked, Moderation::Off, None), (Status::Published, None));
        assert_eq!(edited_status(&published, plain, Moderation::FirstTime, None), (Status::Published, None));
        assert_eq!(edited_status(&published, linked, Moderation::FirstTime, None), (Status::Pending, None));
        assert_eq!(edited_status(&published, plain, Moderation::All, None), (Status::Pending, None));
        let blocked = Some(SpamReason::BlockedEmail);
        assert_eq!(edited_status(&published, plain, Moderation::Off, blocked), (Status::Spam, blocked));
        for status in [Status::Pending, Status::Spam, Status::Rejected] {
            let c = stored(status, "x");
            assert_eq!(edited_status(&c, linked, Moderation::Off, None).0, status);
        }
    }

    #[test]
    fn links_are_found_in_prose() {
        assert!(!adds_links("Lire https://A.example/x.", "Lire (https://a.example/x)!"));
        assert!(adds_links("", "http://b.example"));
        assert!(adds_links("", "voir www.b.example, merci"));
        assert!(!adds_links("", "https:// et www. et le site officiel"));
        assert!(adds_links("https://a.example", "https://a.example https://a.example/autre"));
    }
}
