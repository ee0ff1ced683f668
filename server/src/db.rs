//! The comment store: SQLite in WAL mode, one connection behind a mutex
//! (SQLite writes one transaction at a time anyway), migrations applied at
//! start. A comment is acknowledged only after its transaction committed
//! with `synchronous=FULL`, so an acknowledged comment survives a crash.

use std::path::Path;
use std::sync::{Arc, Mutex};

use article_widget_core::comment::{Comment, ValidComment};
use article_widget_core::Timestamp;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// Schema versions, applied in order; `PRAGMA user_version` records the last.
const MIGRATIONS: &[&str] = &[
    // 1: comments
    "CREATE TABLE comments (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id TEXT NOT NULL,
        author TEXT NOT NULL,
        email TEXT NOT NULL,
        website TEXT,
        body TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('published', 'pending', 'spam', 'rejected')),
        created_at TEXT NOT NULL,
        client TEXT NOT NULL DEFAULT '',
        idempotency_key TEXT UNIQUE,
        request_hash TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX comments_by_article ON comments (article_id, status, id);
    CREATE INDEX comments_by_email ON comments (email, status);",
    // 2: the duplicate check looks up an author's recent comments on an article
    "CREATE INDEX comments_by_author ON comments (article_id, author, created_at);",
];

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
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Published => "published",
            Status::Pending => "pending",
            Status::Spam => "spam",
            Status::Rejected => "rejected",
        }
    }

    fn parse(text: &str) -> Status {
        match text {
            "published" => Status::Published,
            "spam" => Status::Spam,
            "rejected" => Status::Rejected,
            _ => Status::Pending,
        }
    }
}

/// A stored comment with everything moderators see (the email included).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stored {
    pub id: i64,
    pub article_id: String,
    pub author: String,
    pub email: String,
    pub website: Option<String>,
    pub body: String,
    pub status: Status,
    pub created_at: String,
    #[serde(skip)]
    pub request_hash: String,
}

impl Stored {
    /// The public view: what `GET` lists and `POST` answers, never the email.
    pub fn public(&self) -> Comment {
        Comment {
            id: self.id.to_string(),
            author: self.author.clone(),
            website: self.website.clone(),
            body: self.body.clone(),
            created_at: Timestamp::parse(&self.created_at),
        }
    }
}

/// A comment to store: only one that passed validation.
pub struct NewRow<'a> {
    pub article_id: &'a str,
    pub comment: &'a ValidComment,
    pub status: Status,
    pub created_at: &'a str,
    pub client: &'a str,
    pub idempotency_key: Option<&'a str>,
    pub request_hash: &'a str,
}

#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
}

pub type Result<T> = std::result::Result<T, rusqlite::Error>;

const COLUMNS: &str = "id, article_id, author, email, website, body, status, created_at, request_hash";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Stored> {
    Ok(Stored {
        id: r.get(0)?,
        article_id: r.get(1)?,
        author: r.get(2)?,
        email: r.get(3)?,
        website: r.get(4)?,
        body: r.get(5)?,
        status: Status::parse(&r.get::<_, String>(6)?),
        created_at: r.get(7)?,
        request_hash: r.get(8)?,
    })
}

impl Store {
    /// Opens (creating if needed) the database and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&conn)?;
        Ok(Store { conn: Arc::new(Mutex::new(conn)) })
    }

    fn with<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        // A panic while holding the lock cannot leave SQLite half-written
        // (transactions roll back), so a poisoned lock is safe to reuse.
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut conn)
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction, holding the write
    /// lock from the first read: checks and the insert they allow cannot be
    /// interleaved with another request's. Commits when `f` returns Ok.
    pub fn atomically<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.with(|conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let value = f(&tx)?;
            tx.commit()?;
            Ok(value)
        })
    }

    pub fn insert(&self, new: &NewRow<'_>) -> Result<Stored> {
        self.atomically(|conn| insert(conn, new))
    }

    pub fn by_key(&self, key: &str) -> Result<Option<Stored>> {
        self.with(|conn| by_key(conn, key))
    }

    pub fn duplicate(&self, article_id: &str, author: &str, body: &str, since: &str) -> Result<bool> {
        self.with(|conn| duplicate(conn, article_id, author, body, since))
    }

    pub fn known_author(&self, email: &str) -> Result<bool> {
        self.with(|conn| known_author(conn, email))
    }

    /// A page of an article's published comments, oldest first, and their total.
    pub fn published(&self, article_id: &str, offset: u64, limit: u64) -> Result<(Vec<Stored>, u64)> {
        self.with(|conn| {
            let total: i64 = conn.query_row(
                "SELECT COUNT(*) FROM comments WHERE article_id = ?1 AND status = 'published'",
                [article_id],
                |r| r.get(0),
            )?;
            let total = u64::try_from(total).unwrap_or(0);
            let mut stmt = conn.prepare(&format!(
                "SELECT {COLUMNS} FROM comments WHERE article_id = ?1 AND status = 'published' ORDER BY id LIMIT ?2 OFFSET ?3"
            ))?;
            let rows = stmt
                .query_map(params![article_id, i64::try_from(limit).unwrap_or(i64::MAX), i64::try_from(offset).unwrap_or(i64::MAX)], row)?
                .collect::<Result<Vec<_>>>()?;
            Ok((rows, total))
        })
    }

    /// Comments with this status (all articles, or one), oldest first.
    pub fn with_status(&self, status: Status, article_id: Option<&str>) -> Result<Vec<Stored>> {
        self.with(|conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {COLUMNS} FROM comments WHERE status = ?1 AND (?2 IS NULL OR article_id = ?2) ORDER BY id"
            ))?;
            let rows = stmt.query_map(params![status.as_str(), article_id], row)?.collect();
            rows
        })
    }

    /// Every comment of an article, whatever its status.
    pub fn export(&self, article_id: &str) -> Result<Vec<Stored>> {
        self.with(|conn| {
            let mut stmt =
                conn.prepare(&format!("SELECT {COLUMNS} FROM comments WHERE article_id = ?1 ORDER BY id"))?;
            let rows = stmt.query_map([article_id], row)?.collect();
            rows
        })
    }

    /// Sets a comment's status; false when there is no such comment.
    pub fn set_status(&self, id: i64, status: Status) -> Result<bool> {
        self.with(|conn| {
            Ok(conn.execute("UPDATE comments SET status = ?1 WHERE id = ?2", params![status.as_str(), id])? == 1)
        })
    }

    pub fn delete(&self, id: i64) -> Result<bool> {
        self.with(|conn| Ok(conn.execute("DELETE FROM comments WHERE id = ?1", [id])? == 1))
    }

    pub fn count_all(&self) -> Result<u64> {
        self.with(|conn| conn.query_row("SELECT COUNT(*) FROM comments", [], |r| r.get::<_, i64>(0)))
            .map(|n| u64::try_from(n).unwrap_or(0))
    }
}

/// Stores a comment (inside the caller's transaction) and reads it back.
pub fn insert(conn: &Connection, new: &NewRow<'_>) -> Result<Stored> {
    conn.execute(
        "INSERT INTO comments (article_id, author, email, website, body, status, created_at, client, idempotency_key, request_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            new.article_id, new.comment.author(), new.comment.email(), new.comment.website(), new.comment.body(),
            new.status.as_str(),
            new.created_at, new.client, new.idempotency_key, new.request_hash
        ],
    )?;
    let id = conn.last_insert_rowid();
    conn.query_row(&format!("SELECT {COLUMNS} FROM comments WHERE id = ?1"), [id], row)
}

pub fn by_key(conn: &Connection, key: &str) -> Result<Option<Stored>> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM comments WHERE idempotency_key = ?1"), [key], row).optional()
}

/// The same author's same text on the same article since `since` (RFC 3339).
pub fn duplicate(conn: &Connection, article_id: &str, author: &str, body: &str, since: &str) -> Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM comments WHERE article_id = ?1 AND author = ?2 AND body = ?3
         AND created_at >= ?4 AND status IN ('published', 'pending'))",
        params![article_id, author, body, since],
        |r| r.get(0),
    )
}

/// Whether this email already has a published comment (for `first-time` moderation).
pub fn known_author(conn: &Connection, email: &str) -> Result<bool> {
    conn.query_row("SELECT EXISTS (SELECT 1 FROM comments WHERE email = ?1 AND status = 'published')", [email], |r| {
        r.get(0)
    })
}

fn migrate(conn: &Connection) -> Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(usize::try_from(version).unwrap_or(0)) {
        conn.execute_batch(&format!("BEGIN; {sql}; PRAGMA user_version = {}; COMMIT;", i + 1))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use article_widget_core::comment::NewComment;

    fn comment() -> ValidComment {
        let new = NewComment {
            author: "Aïcha".into(),
            email: "a@example.org".into(),
            body: "Bonjour".into(),
            ..Default::default()
        };
        article_widget_core::comment::validate(&new).unwrap()
    }

    fn new_row<'a>(comment: &'a ValidComment, key: &'a str, status: Status) -> NewRow<'a> {
        NewRow {
            article_id: "a1",
            comment,
            status,
            created_at: "2024-04-19T10:00:00Z",
            client: "127.0.0.1",
            idempotency_key: Some(key),
            request_hash: "h",
        }
    }

    #[test]
    fn store_list_moderate() {
        let dir = std::env::temp_dir().join(format!("aw-db-test-{}", std::process::id()));
        let store = Store::open(&dir.join("t.db")).unwrap();
        let comment = comment();
        let first = store.insert(&new_row(&comment, "k1", Status::Published)).unwrap();
        store.insert(&new_row(&comment, "k2", Status::Pending)).unwrap();
        assert_eq!(store.by_key("k1").unwrap().unwrap().id, first.id);
        assert!(store.insert(&new_row(&comment, "k1", Status::Published)).is_err(), "keys are unique");
        let (page, total) = store.published("a1", 0, 10).unwrap();
        assert_eq!((page.len(), total), (1, 1));
        assert_eq!(store.with_status(Status::Pending, None).unwrap().len(), 1);
        assert!(store.known_author("a@example.org").unwrap());
        assert!(store.duplicate("a1", "Aïcha", "Bonjour", "2024-04-19T09:55:00Z").unwrap());
        assert!(!store.duplicate("a1", "Aïcha", "Bonjour", "2024-04-19T10:05:00Z").unwrap());
        assert!(store.set_status(first.id, Status::Rejected).unwrap());
        assert_eq!(store.published("a1", 0, 10).unwrap().1, 0);
        assert!(store.delete(first.id).unwrap());
        assert!(!store.delete(first.id).unwrap());
        // Reopening keeps the data and does not re-run migrations.
        drop(store);
        let store = Store::open(&dir.join("t.db")).unwrap();
        assert_eq!(store.count_all().unwrap(), 1);
        let _ = std::fs::remove_dir_all(dir);
    }
}
