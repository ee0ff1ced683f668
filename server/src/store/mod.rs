//! Where comments are kept: one interface, [`Storage`], and two backends
//! chosen by one setting, the database URL — SQLite (`sqlite://data/comments.db`,
//! the default: embedded, nothing to install) or PostgreSQL (`postgres://…`,
//! for several instances). Both run the same decision ([`decide`]) on the
//! same facts inside one transaction, so they answer every post alike, and
//! both pass the same API tests.
//!
//! Drivers: rusqlite (with deadpool-sqlite's pool of blocking connections)
//! and tokio-postgres (with deadpool-postgres): the README says why.

pub mod moderation;
pub mod postgres;
pub mod sqlite;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use article_widget_core::comment::{Comment, ValidComment};
use article_widget_core::Timestamp;
use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;

pub use moderation::{
    Action, Block, BlockKind, Change, ChangeOutcome, LogEntry, Logged, Moderator, NewSession, OwnChange, Queue, Search,
    Session, SpamReason,
};

/// Where a comment stands with the moderators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Published,
    Pending,
    Spam,
    Rejected,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Published, Status::Pending, Status::Spam, Status::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Published => "published",
            Status::Pending => "pending",
            Status::Spam => "spam",
            Status::Rejected => "rejected",
        }
    }

    /// A stored status; the schema's CHECK allows no other value.
    pub fn parse(text: &str) -> Result<Status, StoreError> {
        Status::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| StoreError::failed(format!("unknown status {text:?} in the database")))
    }
}

/// A stored comment with everything the server knows of it. Moderators see
/// the serialised part (the email included); the rest never leaves the server.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stored {
    pub id: i64,
    pub article_id: String,
    /// The comment this one replies to.
    pub parent_id: Option<i64>,
    pub author: String,
    pub email: String,
    pub website: Option<String>,
    pub body: String,
    pub status: Status,
    /// RFC 3339, UTC, milliseconds (`clock::format`).
    pub created_at: String,
    /// The client's address, until the retention period drops it.
    #[serde(skip)]
    pub client: String,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
    #[serde(skip)]
    pub request_hash: String,
    /// SHA-256 of the reader's key (`reader_key`), for first-time moderation.
    #[serde(skip)]
    pub reader_key_hash: Option<String>,
    /// How the spam check judged it, when it held it as spam.
    pub spam_reason: Option<SpamReason>,
    /// The keyed hash of the client's address, for blocks; dropped with
    /// the address after the retention period.
    #[serde(skip)]
    pub client_hash: String,
    /// SHA-256 of the edit token its author was given.
    #[serde(skip)]
    pub edit_token_hash: Option<String>,
    /// Until when (RFC 3339) that token may edit or delete it.
    #[serde(skip)]
    pub editable_until: Option<String>,
    /// When its author last edited it.
    pub edited_at: Option<String>,
}

impl Stored {
    /// The public view: what `GET` lists and `POST` answers, never the email.
    pub fn public(&self) -> Comment {
        Comment {
            id: self.id.to_string(),
            parent: self.parent_id.map(|p| p.to_string()),
            author: self.author.clone(),
            website: self.website.clone(),
            body: self.body.clone(),
            created_at: Timestamp::parse(&self.created_at),
            avatar: None,
            edited_at: self.edited_at.as_deref().and_then(Timestamp::parse),
        }
    }
}

/// Who sees a new comment at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Moderation {
    /// Every comment is published at once.
    Off,
    /// Every comment waits for a moderator.
    All,
    /// A reader's first comment waits; once one is published, the next are not held.
    FirstTime,
}

/// For `first-time` moderation, what makes a reader "known".
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Trust {
    /// The secret key the reader's browser sends with each post
    /// (`reader_key`, never shown): nobody can copy it from a public comment.
    ReaderKey,
    /// The email address typed in the form: anyone who types a known
    /// address is published at once, under any name.
    Email,
}

/// A post to store, checked and decided on by the API.
#[derive(Clone, Debug)]
pub struct Submission {
    pub article_id: String,
    pub comment: ValidComment,
    /// Set when the reader replies: must be a published comment of the same article.
    pub parent_id: Option<i64>,
    /// A bot's post (honeypot, too fast): stored as spam, answered as pending.
    pub spam: Option<SpamReason>,
    pub moderation: Moderation,
    pub trust: Trust,
    pub created_at: OffsetDateTime,
    /// The same author's same text on the same article since this time is a duplicate.
    pub duplicate_since: OffsetDateTime,
    pub client: String,
    pub idempotency_key: Option<String>,
    pub request_hash: String,
    pub reader_key_hash: Option<String>,
    /// The keyed hash of the client, checked against blocks and kept for them.
    pub client_hash: String,
    /// SHA-256 of the edit token the answer gives, and until when it works;
    /// none when readers may not edit.
    pub edit_token_hash: Option<String>,
    pub editable_until: Option<OffsetDateTime>,
}

impl Submission {
    /// The email as blocks hold it.
    pub fn email_key(&self) -> String {
        self.comment.email().to_lowercase()
    }

    /// The client hash as stored: kept only while the address is (the
    /// retention period), though every post is checked against blocks.
    pub fn kept_client_hash(&self) -> &str {
        if self.client.is_empty() {
            ""
        } else {
            &self.client_hash
        }
    }
}

/// What the store made of a post.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Stored now.
    Stored(Stored),
    /// Stored earlier under the same key with the same body: answered as then.
    Replayed(Stored),
    /// The key was used for another comment.
    KeyReused,
    /// The same author's same text, a moment ago.
    Duplicate,
    /// The comment replied to is not a published comment of this article.
    BadParent,
}

/// What the database knows that decides a post, read inside its transaction.
#[derive(Debug, Default)]
pub struct Facts {
    /// The comment stored earlier under the same idempotency key.
    pub same_key: Option<Stored>,
    pub duplicate: bool,
    pub parent_published: bool,
    /// The reader (by key or email, as [`Trust`] says) has a published comment.
    pub known_reader: bool,
    /// A moderator blocked the email or the client.
    pub blocked: Option<SpamReason>,
}

/// The one decision both backends make, from the facts they read.
// Made and matched once per post, never stored: its size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, PartialEq)]
pub enum Decision {
    Answer(Outcome),
    /// Store it with this status (and why, if spam).
    Insert(Status, Option<SpamReason>),
}

pub fn decide(post: &Submission, facts: Facts) -> Decision {
    if let Some(stored) = facts.same_key {
        let same = stored.article_id == post.article_id && stored.request_hash == post.request_hash;
        return Decision::Answer(if same { Outcome::Replayed(stored) } else { Outcome::KeyReused });
    }
    if post.parent_id.is_some() && !facts.parent_published {
        return Decision::Answer(Outcome::BadParent);
    }
    // Spam looks pending to its sender, never `duplicate`.
    if let Some(reason) = post.spam.or(facts.blocked) {
        return Decision::Insert(Status::Spam, Some(reason));
    }
    if facts.duplicate {
        return Decision::Answer(Outcome::Duplicate);
    }
    let status = match post.moderation {
        Moderation::Off => Status::Published,
        Moderation::All => Status::Pending,
        Moderation::FirstTime if facts.known_reader => Status::Published,
        Moderation::FirstTime => Status::Pending,
    };
    Decision::Insert(status, None)
}

/// Which comments to list.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub article_id: Option<String>,
    pub status: Option<Status>,
    /// Only comments with a larger id (keyset paging).
    pub after: Option<i64>,
    pub limit: u32,
}

/// One page of an article's published comments, oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub comments: Vec<Stored>,
    /// Published comments of the article in all (kept per article, not counted).
    pub total: u64,
    /// The id to ask `after` for the next page; none on the last.
    pub next: Option<i64>,
}

/// How many comments to copy or check at once.
pub const BATCH: u32 = 1000;

/// The storage interface: what the API, the moderation commands and
/// `migrate` ask of a database. Every method is one transaction.
#[async_trait]
pub trait Storage: Send + Sync {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// Whether the database answers (for `/healthz`).
    async fn ping(&self) -> Result<(), StoreError>;

    // ---- readers and writers
    /// Stores a post, or answers it from what is stored: the idempotency
    /// key, the duplicate rule, the parent and moderation are read and
    /// decided in the transaction that inserts.
    async fn submit(&self, post: &Submission) -> Result<Outcome, StoreError>;

    /// The comment stored under an idempotency key.
    async fn by_key(&self, key: &str) -> Result<Option<Stored>, StoreError>;

    /// A page of an article's published comments after a cursor, with the total.
    async fn page(&self, article_id: &str, after: Option<i64>, limit: u32) -> Result<Page, StoreError>;

    /// A page of an article's published comments by position (old clients'
    /// `offset`: the database skips rows, so the API bounds it).
    async fn page_at(&self, article_id: &str, offset: u32, limit: u32) -> Result<Page, StoreError>;

    // ---- moderation
    /// Comments by article and status, oldest first, after a cursor.
    async fn list(&self, filter: &Filter) -> Result<Vec<Stored>, StoreError>;

    async fn get(&self, id: i64) -> Result<Option<Stored>, StoreError>;

    /// The comments with these ids (those that exist), in id order.
    async fn get_many(&self, ids: &[i64]) -> Result<Vec<Stored>, StoreError>;

    /// Applies a moderator's action to these comments and logs it, one line
    /// per comment, in one transaction; returns the ids it changed (those
    /// that exist).
    async fn moderate(&self, action: Action, ids: &[i64], by: &Logged) -> Result<Vec<i64>, StoreError>;

    /// The moderation page's list: newest first.
    async fn queue(&self, queue: &Queue) -> Result<Vec<Stored>, StoreError>;

    /// How many comments wait (pending) and are held as spam.
    async fn waiting(&self) -> Result<(u64, u64), StoreError>;

    /// The moderation log, newest first, before a cursor.
    async fn log(&self, before: Option<i64>, limit: u32) -> Result<Vec<LogEntry>, StoreError>;

    /// Adds a line to the log on its own (sign-in, sign-out).
    async fn log_event(&self, by: &Logged, action: &str, detail: &str) -> Result<(), StoreError>;

    /// Blocks an email (lower case) or a client hash, logged; false if it was blocked already.
    async fn block(&self, kind: BlockKind, value: &str, note: &str, by: &Logged) -> Result<bool, StoreError>;

    /// Lifts a block, logged; false if there was none.
    async fn unblock(&self, id: i64, by: &Logged) -> Result<bool, StoreError>;

    async fn blocks(&self) -> Result<Vec<Block>, StoreError>;

    // ---- readers' own comments
    /// A reader's edit or deletion of their comment, checked ([`moderation::may_change`]),
    /// decided ([`moderation::edited_status`]) and logged in one transaction.
    async fn change_own(&self, change: &OwnChange) -> Result<ChangeOutcome, StoreError>;

    /// Published comments per article, for the articles that have any.
    async fn counts(&self, article_ids: &[String]) -> Result<Vec<(String, u64)>, StoreError>;

    // ---- moderators and their sessions
    /// Creates the account, or sets its password (ending its sessions);
    /// true when it was created.
    async fn put_moderator(&self, name: &str, password_hash: &str, at: OffsetDateTime) -> Result<bool, StoreError>;

    async fn moderator(&self, name: &str) -> Result<Option<Moderator>, StoreError>;

    async fn moderators(&self) -> Result<Vec<Moderator>, StoreError>;

    /// Removes the account and its sessions; false if there was none.
    async fn remove_moderator(&self, name: &str) -> Result<bool, StoreError>;

    async fn create_session(&self, session: &NewSession) -> Result<(), StoreError>;

    /// The session whose id hashes to `id_hash`, if it has not expired by `now`.
    async fn session(&self, id_hash: &str, now: OffsetDateTime) -> Result<Option<Session>, StoreError>;

    async fn end_session(&self, id_hash: &str) -> Result<(), StoreError>;

    /// Failed sign-ins since `since`: from this client, and for this account name.
    async fn login_failures(&self, client: &str, name: &str, since: OffsetDateTime) -> Result<(u64, u64), StoreError>;

    async fn record_login_failure(&self, client: &str, name: &str, at: OffsetDateTime) -> Result<(), StoreError>;

    /// The database's own secret (32 random bytes, made on first use and
    /// shared by every instance): the key of client hashes and edit tokens.
    async fn secret(&self) -> Result<Vec<u8>, StoreError>;

    // ---- upkeep
    /// Comments in all, any status.
    async fn count_all(&self) -> Result<u64, StoreError>;

    /// Copies comments in with their ids (`migrate`). Ids already present
    /// are left alone and returned, for the caller to compare.
    async fn import(&self, rows: &[Stored]) -> Result<Vec<i64>, StoreError>;

    /// Copies moderation's own data in (`migrate`): the database's secret
    /// (client hashes and edit tokens keep working), moderators (their
    /// password hashes; names already there are left alone) and blocks.
    async fn import_moderation(
        &self,
        secret: &[u8],
        moderators: &[Moderator],
        blocks: &[Block],
    ) -> Result<(), StoreError>;

    /// Copies log lines in with their ids (ids already present are left alone); how many were new.
    async fn import_log(&self, entries: &[LogEntry]) -> Result<u64, StoreError>;

    /// Drops the client addresses (and their hashes) of comments older than `before`; how many.
    async fn forget_clients(&self, before: OffsetDateTime) -> Result<u64, StoreError>;

    /// Drops sessions expired by `now` and failed sign-ins older than `failures_before`.
    async fn purge_sessions(&self, now: OffsetDateTime, failures_before: OffsetDateTime) -> Result<(), StoreError>;
}

/// Counters that several server instances share: the rate limit on PostgreSQL.
#[async_trait]
pub trait SharedLimits: Send + Sync {
    /// Counts a post by `client` against `limit` posts per `window`: Ok, or
    /// the seconds to wait.
    async fn hit(&self, client: &str, limit: u32, window: Duration) -> Result<Result<(), u64>, StoreError>;

    /// Forgets clients whose posts no longer count.
    async fn purge(&self) -> Result<u64, StoreError>;
}

/// The rate limit counted in the database, for every instance at once.
pub struct Shared {
    counters: Arc<dyn SharedLimits>,
    limit: u32,
    window: Duration,
}

impl Shared {
    /// `limit` posts per `window_secs` (0: no limit).
    pub fn new(counters: Arc<dyn SharedLimits>, limit: u32, window_secs: u64) -> Shared {
        Shared { counters, limit, window: Duration::from_secs(window_secs.max(1)) }
    }
}

#[async_trait]
impl crate::rate_limit::RateLimit for Shared {
    async fn check(&self, client: &crate::client::ClientKey) -> Result<Result<(), u64>, StoreError> {
        self.counters.hit(&client.to_string(), self.limit, self.window).await
    }
}

/// An opened database: its store, and its shared counters if it has any.
#[derive(Clone)]
pub struct Database {
    pub store: Arc<dyn Storage>,
    pub shared_limits: Option<Arc<dyn SharedLimits>>,
}

/// A database URL: `sqlite://PATH` (or a bare path) or `postgres://…`.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(std::path::PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(text: &str) -> Result<DatabaseUrl, String> {
        if let Some(path) = text.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err("sqlite:// needs a file path, e.g. sqlite://data/comments.db".into());
            }
            return Ok(DatabaseUrl::Sqlite(path.into()));
        }
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(text.to_owned()));
        }
        if text.contains("://") {
            return Err(format!("{text:?}: the database URL is sqlite://PATH or postgres://…"));
        }
        Ok(DatabaseUrl::Sqlite(text.into()))
    }

    /// Opens the database and brings its schema up to date.
    pub async fn open(&self) -> Result<Database, StoreError> {
        match self {
            DatabaseUrl::Sqlite(path) => {
                let store = Arc::new(sqlite::SqliteStore::open(path).await?);
                Ok(Database { store, shared_limits: None })
            }
            DatabaseUrl::Postgres(url) => {
                let store = Arc::new(postgres::PostgresStore::open(url).await?);
                Ok(Database { store: store.clone(), shared_limits: Some(store) })
            }
        }
    }
}

/// Shown in messages and logs: a PostgreSQL password never is.
impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseUrl::Sqlite(path) => write!(f, "sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => f.write_str(&postgres::redacted(url)),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Why the store could not do what was asked.
#[derive(Debug)]
pub enum StoreError {
    /// The database cannot be reached for now (down, unreachable, every
    /// connection busy too long): the request may be retried later.
    Unavailable(String),
    /// Anything else: a bug, a broken or foreign database.
    Failed(Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    pub fn failed(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> StoreError {
        StoreError::Failed(error.into())
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Unavailable(why) => write!(f, "the database cannot be reached: {why}"),
            StoreError::Failed(e) => write!(f, "database error: {e}"),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Failed(e) => Some(e.as_ref()),
            StoreError::Unavailable(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(moderation: Moderation) -> Submission {
        let new = article_widget_core::comment::NewComment {
            author: "A".into(),
            email: "a@b.c".into(),
            body: "Bonjour".into(),
            ..Default::default()
        };
        Submission {
            article_id: "a1".into(),
            comment: article_widget_core::comment::validate(&new).unwrap(),
            parent_id: None,
            spam: None,
            moderation,
            trust: Trust::ReaderKey,
            created_at: OffsetDateTime::UNIX_EPOCH,
            duplicate_since: OffsetDateTime::UNIX_EPOCH,
            client: String::new(),
            idempotency_key: Some("k".into()),
            request_hash: "h".into(),
            reader_key_hash: None,
            client_hash: String::new(),
            edit_token_hash: None,
            editable_until: None,
        }
    }

    #[test]
    fn the_decision_both_backends_make() {
        let stored = |article: &str, hash: &str| Stored {
            id: 1,
            article_id: article.into(),
            parent_id: None,
            author: "A".into(),
            email: "a@b.c".into(),
            website: None,
            body: "Bonjour".into(),
            status: Status::Pending,
            created_at: String::new(),
            client: String::new(),
            idempotency_key: Some("k".into()),
            request_hash: hash.into(),
            reader_key_hash: None,
            spam_reason: None,
            client_hash: String::new(),
            edit_token_hash: None,
            editable_until: None,
            edited_at: None,
        };
        let off = post(Moderation::Off);
        let replay = Facts { same_key: Some(stored("a1", "h")), duplicate: true, ..Facts::default() };
        assert_eq!(decide(&off, replay), Decision::Answer(Outcome::Replayed(stored("a1", "h"))));
        for other in [stored("a1", "other"), stored("a2", "h")] {
            let facts = Facts { same_key: Some(other), ..Facts::default() };
            assert_eq!(decide(&off, facts), Decision::Answer(Outcome::KeyReused));
        }
        assert_eq!(decide(&off, Facts { duplicate: true, ..Facts::default() }), Decision::Answer(Outcome::Duplicate));
        assert_eq!(decide(&off, Facts::default()), Decision::Insert(Status::Published, None));
        assert_eq!(decide(&post(Moderation::All), Facts::default()), Decision::Insert(Status::Pending, None));
        let first_time = post(Moderation::FirstTime);
        assert_eq!(decide(&first_time, Facts::default()), Decision::Insert(Status::Pending, None));
        let known = Facts { known_reader: true, ..Facts::default() };
        assert_eq!(decide(&first_time, known), Decision::Insert(Status::Published, None));
        // Spam is stored whatever else, never answered `duplicate`: it looks pending.
        let spam = Submission { spam: Some(SpamReason::Honeypot), ..post(Moderation::Off) };
        let honeypot = Decision::Insert(Status::Spam, Some(SpamReason::Honeypot));
        assert_eq!(decide(&spam, Facts { duplicate: true, ..Facts::default() }), honeypot);
        // A blocked sender's post is spam too, saying why; the bot's reason comes first.
        let blocked = Facts { blocked: Some(SpamReason::BlockedClient), known_reader: true, ..Facts::default() };
        let by_block = Decision::Insert(Status::Spam, Some(SpamReason::BlockedClient));
        assert_eq!(decide(&post(Moderation::Off), blocked), by_block);
        let blocked = Facts { blocked: Some(SpamReason::BlockedClient), ..Facts::default() };
        assert_eq!(decide(&spam, blocked), honeypot);
        let reply = Submission { parent_id: Some(7), ..post(Moderation::Off) };
        assert_eq!(decide(&reply, Facts::default()), Decision::Answer(Outcome::BadParent));
        let facts = Facts { parent_published: true, ..Facts::default() };
        assert_eq!(decide(&reply, facts), Decision::Insert(Status::Published, None));
    }

    #[test]
    fn database_urls() {
        assert_eq!(DatabaseUrl::parse("sqlite://data/c.db").unwrap(), DatabaseUrl::Sqlite("data/c.db".into()));
        assert_eq!(DatabaseUrl::parse("data/c.db").unwrap(), DatabaseUrl::Sqlite("data/c.db".into()));
        let pg = DatabaseUrl::parse("postgres://aw:secret@db.internal:5432/comments").unwrap();
        assert_eq!(pg.to_string(), "postgres://aw:***@db.internal:5432/comments");
        assert!(DatabaseUrl::parse("mysql://x").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }
}
