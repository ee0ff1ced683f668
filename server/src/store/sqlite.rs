//! The SQLite backend, the zero-setup default: one file (created 0600), WAL
//! mode, `synchronous=FULL`, so an acknowledged comment survives a crash.
//! One writer connection (SQLite writes one transaction at a time anyway,
//! and `BEGIN IMMEDIATE` holds its lock from the first read) beside a pool
//! of read-only connections: in WAL mode readers never wait behind the
//! writer. Both are deadpool-sqlite pools, whose connections run on tokio's
//! blocking threads. Migrations are versioned by `PRAGMA user_version`, each
//! applied in a `BEGIN IMMEDIATE` transaction that first re-reads the version,
//! so two instances starting on one file apply each once.

use std::path::{Path, PathBuf};
use std::time::Duration;

use async_trait::async_trait;
use deadpool_sqlite::{Hook, HookError, Pool, Runtime};
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, TransactionBehavior};
use time::OffsetDateTime;

use super::moderation::{edited_status, may_change};
use super::{
    decide, Action, Block, BlockKind, Change, ChangeOutcome, Decision, Facts, Filter, LogEntry, Logged, Moderator,
    NewSession, Outcome, OwnChange, Page, Queue, Session, SpamReason, Status, Storage, StoreError, Stored, Submission,
    Trust,
};
use crate::clock;

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
    // 3: replies, first-time moderation by the reader's key, client
    // addresses dropped after a while, and each article's count of
    // published comments kept by triggers (no count on every page).
    "ALTER TABLE comments ADD COLUMN parent_id INTEGER REFERENCES comments (id) ON DELETE SET NULL;
    ALTER TABLE comments ADD COLUMN reader_key_hash TEXT;
    CREATE INDEX comments_by_reader_key ON comments (reader_key_hash, status) WHERE reader_key_hash IS NOT NULL;
    CREATE INDEX comments_by_parent ON comments (parent_id) WHERE parent_id IS NOT NULL;
    CREATE INDEX comments_with_client ON comments (created_at) WHERE client <> '';
    CREATE TABLE article_counts (article_id TEXT PRIMARY KEY, published INTEGER NOT NULL DEFAULT 0);
    INSERT INTO article_counts (article_id, published)
        SELECT article_id, COUNT(*) FROM comments WHERE status = 'published' GROUP BY article_id;
    CREATE TRIGGER comments_count_insert AFTER INSERT ON comments WHEN NEW.status = 'published' BEGIN
        INSERT INTO article_counts (article_id, published) VALUES (NEW.article_id, 1)
        ON CONFLICT (article_id) DO UPDATE SET published = published + 1;
    END;
    CREATE TRIGGER comments_count_delete AFTER DELETE ON comments WHEN OLD.status = 'published' BEGIN
        UPDATE article_counts SET published = published - 1 WHERE article_id = OLD.article_id;
    END;
    CREATE TRIGGER comments_count_update AFTER UPDATE OF status ON comments
        WHEN (OLD.status = 'published') <> (NEW.status = 'published') BEGIN
        INSERT INTO article_counts (article_id, published)
            VALUES (NEW.article_id, CASE WHEN NEW.status = 'published' THEN 1 ELSE 0 END)
        ON CONFLICT (article_id) DO UPDATE
            SET published = published + CASE WHEN NEW.status = 'published' THEN 1 ELSE -1 END;
    END;",
    // 4: moderation (the spam check's verdict, blocks, the log, moderators
    // and their sessions, failed sign-ins), readers' own edits, the
    // database's secret.
    "ALTER TABLE comments ADD COLUMN spam_reason TEXT;
    ALTER TABLE comments ADD COLUMN client_hash TEXT NOT NULL DEFAULT '';
    ALTER TABLE comments ADD COLUMN edit_token_hash TEXT;
    ALTER TABLE comments ADD COLUMN editable_until TEXT;
    ALTER TABLE comments ADD COLUMN edited_at TEXT;
    CREATE INDEX comments_by_status ON comments (status, id);
    CREATE TABLE blocks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('email', 'client')),
        value TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (kind, value)
    );
    CREATE TABLE moderation_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        comment_id INTEGER,
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE moderators (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        moderator_id INTEGER NOT NULL REFERENCES moderators (id) ON DELETE CASCADE,
        csrf TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
    );
    CREATE INDEX sessions_by_moderator ON sessions (moderator_id);
    CREATE TABLE login_failures (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        client TEXT NOT NULL,
        name TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX login_failures_by_client ON login_failures (client, at);
    CREATE INDEX login_failures_by_name ON login_failures (name, at);
    CREATE TABLE secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL);",
];

/// Read connections beside the writer.
const READERS: usize = 4;
/// How long a connection waits on SQLite's lock (another process writing).
const BUSY: Duration = Duration::from_secs(5);

const COLUMNS: &str = "id, article_id, parent_id, author, email, website, body, status, created_at, client, \
                       idempotency_key, request_hash, reader_key_hash, spam_reason, client_hash, edit_token_hash, \
                       editable_until, edited_at";

pub struct SqliteStore {
    path: PathBuf,
    writer: Pool,
    readers: Pool,
}

impl SqliteStore {
    /// Opens (creating it 0600 if needed) the database and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let path = path.to_owned();
        let setup = path.clone();
        tokio::task::spawn_blocking(move || create_private(&setup))
            .await
            .map_err(StoreError::failed)?
            .map_err(|e| StoreError::Unavailable(format!("{}: {e}", path.display())))?;
        let writer = pool(&path, 1, false)?;
        let readers = pool(&path, READERS, true)?;
        let store = SqliteStore { path, writer, readers };
        store.write(migrate).await?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, StoreError> {
        run(&self.writer, f).await
    }

    async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, StoreError> {
        run(&self.readers, f).await
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction on the writer,
    /// committing when it returns Ok.
    async fn atomically<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, StoreError> {
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = f(&tx)?;
            tx.commit()?;
            Ok(value)
        })
        .await
    }
}

/// The file, created readable by its owner only (SQLite gives its `-wal`
/// and `-shm` files the same permissions), in a folder created if missing.
fn create_private(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

fn pool(path: &Path, size: usize, read_only: bool) -> Result<Pool, StoreError> {
    deadpool_sqlite::Config::new(path)
        .builder(Runtime::Tokio1)
        .map_err(StoreError::failed)?
        .max_size(size)
        .post_create(Hook::sync_fn(move |conn, _| {
            let conn = conn.lock().map_err(|_| HookError::message("poisoned connection"))?;
            let setup = || -> rusqlite::Result<()> {
                conn.busy_timeout(BUSY)?;
                conn.pragma_update(None, "foreign_keys", "ON")?;
                if read_only {
                    conn.pragma_update(None, "query_only", "ON")?;
                } else {
                    conn.pragma_update(None, "journal_mode", "WAL")?;
                    conn.pragma_update(None, "synchronous", "FULL")?;
                }
                Ok(())
            };
            setup().map_err(HookError::Backend)
        }))
        .build()
        .map_err(StoreError::failed)
}

async fn run<T: Send + 'static>(
    pool: &Pool,
    f: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
) -> Result<T, StoreError> {
    let conn = pool.get().await.map_err(|e| StoreError::Unavailable(e.to_string()))?;
    conn.interact(f).await.map_err(|e| StoreError::failed(e.to_string()))?.map_err(store_error)
}

/// A busy, locked, unopenable or failing disk is "unavailable" (it may
/// pass); anything else is a failure.
fn store_error(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(
            ErrorCode::DatabaseBusy
            | ErrorCode::DatabaseLocked
            | ErrorCode::CannotOpen
            | ErrorCode::SystemIoFailure
            | ErrorCode::DiskFull,
        ) => StoreError::Unavailable(e.to_string()),
        _ => StoreError::failed(e),
    }
}

fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    for (i, sql) in MIGRATIONS.iter().enumerate() {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version <= i as i64 {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tracing::info!(version = i + 1, "sqlite: schema migrated");
        }
        tx.commit()?;
    }
    Ok(())
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Stored> {
    let status: String = r.get(7)?;
    Ok(Stored {
        id: r.get(0)?,
        article_id: r.get(1)?,
        parent_id: r.get(2)?,
        author: r.get(3)?,
        email: r.get(4)?,
        website: r.get(5)?,
        body: r.get(6)?,
        status: Status::parse(&status)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(7, rusqlite::types::Type::Text, e.into()))?,
        created_at: r.get(8)?,
        client: r.get(9)?,
        idempotency_key: r.get(10)?,
        request_hash: r.get(11)?,
        reader_key_hash: r.get(12)?,
        spam_reason: SpamReason::parse(r.get::<_, Option<String>>(13)?.as_deref()),
        client_hash: r.get(14)?,
        edit_token_hash: r.get(15)?,
        editable_until: r.get(16)?,
        edited_at: r.get(17)?,
    })
}

fn by_key(conn: &Connection, key: &str) -> rusqlite::Result<Option<Stored>> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM comments WHERE idempotency_key = ?1"), [key], row).optional()
}

fn by_id(conn: &Connection, id: i64) -> rusqlite::Result<Option<Stored>> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM comments WHERE id = ?1"), [id], row).optional()
}

fn facts(conn: &Connection, post: &Submission) -> rusqlite::Result<Facts> {
    let same_key = match &post.idempotency_key {
        Some(key) => by_key(conn, key)?,
        None => None,
    };
    if same_key.is_some() {
        return Ok(Facts { same_key, ..Facts::default() });
    }
    let comment = &post.comment;
    let duplicate = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM comments WHERE article_id = ?1 AND author = ?2 AND body = ?3
         AND created_at >= ?4 AND status IN ('published', 'pending'))",
        params![post.article_id, comment.author(), comment.body(), clock::format(post.duplicate_since)],
        |r| r.get(0),
    )?;
    let parent_published = match post.parent_id {
        Some(parent) => conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM comments WHERE id = ?1 AND article_id = ?2 AND status = 'published')",
            params![parent, post.article_id],
            |r| r.get(0),
        )?,
        None => false,
    };
    let known_reader = match (post.trust, &post.reader_key_hash) {
        (Trust::ReaderKey, Some(hash)) => conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM comments WHERE reader_key_hash = ?1 AND status = 'published')",
            [hash],
            |r| r.get(0),
        )?,
        (Trust::ReaderKey, None) => false,
        (Trust::Email, _) => conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM comments WHERE email = ?1 AND status = 'published')",
            [comment.email()],
            |r| r.get(0),
        )?,
    };
    let blocked = blocked(conn, &post.email_key(), &post.client_hash)?;
    Ok(Facts { same_key: None, duplicate, parent_published, known_reader, blocked })
}

/// Whether a moderator blocked this email (lower case) or client hash.
fn blocked(conn: &Connection, email_key: &str, client_hash: &str) -> rusqlite::Result<Option<SpamReason>> {
    let kind: Option<String> = conn
        .query_row(
            "SELECT kind FROM blocks WHERE (kind = 'email' AND value = ?1) OR (kind = 'client' AND value = ?2)
             ORDER BY kind DESC LIMIT 1",
            params![email_key, client_hash],
            |r| r.get(0),
        )
        .optional()?;
    Ok(kind.as_deref().and_then(BlockKind::parse).map(BlockKind::reason))
}

fn log(conn: &Connection, by: &Logged, action: &str, comment_id: Option<i64>, detail: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO moderation_log (at, actor, action, comment_id, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![clock::format(by.at), by.actor, action, comment_id, detail])
    .map(drop)
}

/// What the log says a comment was: its author and article, kept when it is gone.
fn about(c: &Stored) -> String {
    format!("{} · {}", c.author, c.article_id)
}

fn insert(
    conn: &Connection,
    post: &Submission,
    status: Status,
    reason: Option<SpamReason>,
) -> rusqlite::Result<Stored> {
    let comment = &post.comment;
    conn.execute(
        "INSERT INTO comments (article_id, parent_id, author, email, website, body, status, created_at, client,
                               idempotency_key, request_hash, reader_key_hash, spam_reason, client_hash,
                               edit_token_hash, editable_until)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            post.article_id,
            post.parent_id,
            comment.author(),
            comment.email(),
            comment.website(),
            comment.body(),
            status.as_str(),
            clock::format(post.created_at),
            post.client,
            post.idempotency_key,
            post.request_hash,
            post.reader_key_hash,
            reason.map(SpamReason::as_str),
            post.kept_client_hash(),
            post.edit_token_hash,
            post.editable_until.map(clock::format),
        ],
    )?;
    let id = conn.last_insert_rowid();
    by_id(conn, id)?.ok_or(rusqlite::Error::QueryReturnedNoRows)
}

fn moderator_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Moderator> {
    Ok(Moderator { id: r.get(0)?, name: r.get(1)?, password_hash: r.get(2)?, created_at: r.get(3)? })
}

/// A JSON array of strings, for `json_each` (SQLite has no array parameters).
fn json_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    serde_json::Value::from(items.collect::<Vec<_>>()).to_string()
}

fn total(conn: &Connection, article_id: &str) -> rusqlite::Result<u64> {
    let n: Option<i64> = conn
        .query_row("SELECT published FROM article_counts WHERE article_id = ?1", [article_id], |r| r.get(0))
        .optional()?;
    Ok(u64::try_from(n.unwrap_or(0)).unwrap_or(0))
}

/// A page of `limit` rows read as `limit + 1`: the extra one says whether there is a next page.
fn page_of(mut rows: Vec<Stored>, limit: u32, total: u64) -> Page {
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next = if more { rows.last().map(|c| c.id) } else { None };
    Page { comments: rows, total, next }
}

#[async_trait]
impl Storage for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.read(|conn| conn.query_row("SELECT 1", [], |_| Ok(()))).await
    }

    async fn submit(&self, post: &Submission) -> Result<Outcome, StoreError> {
        let post = post.clone();
        self.atomically(move |conn| match decide(&post, facts(conn, &post)?) {
            Decision::Answer(outcome) => Ok(outcome),
            Decision::Insert(status, reason) => insert(conn, &post, status, reason).map(Outcome::Stored),
        })
        .await
    }

    async fn by_key(&self, key: &str) -> Result<Option<Stored>, StoreError> {
        let key = key.to_owned();
        self.read(move |conn| by_key(conn, &key)).await
    }

    async fn page(&self, article_id: &str, after: Option<i64>, limit: u32) -> Result<Page, StoreError> {
        let article_id = article_id.to_owned();
        self.read(move |conn| {
            // One read transaction: the total and the rows agree.
            let tx = conn.transaction()?;
            let total = total(&tx, &article_id)?;
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM comments WHERE article_id = ?1 AND status = 'published' AND id > ?2
                 ORDER BY id LIMIT ?3"
            ))?;
            let rows = stmt
                .query_map(params![article_id, after.unwrap_or(0), i64::from(limit) + 1], row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            drop(stmt);
            tx.finish()?;
            Ok(page_of(rows, limit, total))
        })
        .await
    }

    async fn page_at(&self, article_id: &str, offset: u32, limit: u32) -> Result<Page, StoreError> {
        let article_id = article_id.to_owned();
        self.read(move |conn| {
            let tx = conn.transaction()?;
            let total = total(&tx, &article_id)?;
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM comments WHERE article_id = ?1 AND status = 'published'
                 ORDER BY id LIMIT ?2 OFFSET ?3"
            ))?;
            let rows = stmt
                .query_map(params![article_id, i64::from(limit) + 1, i64::from(offset)], row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            drop(stmt);
            tx.finish()?;
            Ok(page_of(rows, limit, total))
        })
        .await
    }

    async fn list(&self, filter: &Filter) -> Result<Vec<Stored>, StoreError> {
        let filter = filter.clone();
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM comments
                 WHERE (?1 IS NULL OR article_id = ?1) AND (?2 IS NULL OR status = ?2) AND id > ?3
                 ORDER BY id LIMIT ?4"
            ))?;
            let rows = stmt.query_map(
                params![
                    filter.article_id,
                    filter.status.map(Status::as_str),
                    filter.after.unwrap_or(0),
                    i64::from(filter.limit)
                ],
                row,
            )?;
            rows.collect()
        })
        .await
    }

    async fn get(&self, id: i64) -> Result<Option<Stored>, StoreError> {
        self.read(move |conn| by_id(conn, id)).await
    }

    async fn get_many(&self, ids: &[i64]) -> Result<Vec<Stored>, StoreError> {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        self.read(move |conn| {
            let mut found = Vec::with_capacity(ids.len());
            for id in ids {
                found.extend(by_id(conn, id)?);
            }
            Ok(found)
        })
        .await
    }

    async fn moderate(&self, action: Action, ids: &[i64], by: &Logged) -> Result<Vec<i64>, StoreError> {
        let (ids, by) = (ids.to_vec(), by.clone());
        self.atomically(move |conn| {
            let mut changed = Vec::new();
            for id in ids {
                let Some(c) = by_id(conn, id)? else { continue };
                match action.status() {
                    Some(status) => {
                        conn.execute("UPDATE comments SET status = ?1 WHERE id = ?2", params![status.as_str(), id])?
                    }
                    None => conn.execute("DELETE FROM comments WHERE id = ?1", [id])?,
                };
                log(conn, &by, action.as_str(), Some(id), &about(&c))?;
                changed.push(id);
            }
            Ok(changed)
        })
        .await
    }

    async fn queue(&self, queue: &Queue) -> Result<Vec<Stored>, StoreError> {
        let statuses = json_list(queue.statuses.iter().map(|s| s.as_str()));
        let (text, articles) = match &queue.search {
            Some(search) => (Some(search.text.clone()), json_list(search.articles.iter().map(String::as_str))),
            None => (None, "[]".to_owned()),
        };
        let (before, limit) = (queue.before.unwrap_or(i64::MAX), i64::from(queue.limit));
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM comments
                 WHERE id < ?1
                   AND (?2 = '[]' OR status IN (SELECT value FROM json_each(?2)))
                   AND (?3 IS NULL OR instr(lower(author), ?3) > 0 OR instr(lower(email), ?3) > 0
                        OR instr(lower(article_id), ?3) > 0 OR article_id IN (SELECT value FROM json_each(?4)))
                 ORDER BY id DESC LIMIT ?5"
            ))?;
            let rows = stmt.query_map(params![before, statuses, text, articles, limit], row)?;
            rows.collect()
        })
        .await
    }

    async fn waiting(&self) -> Result<(u64, u64), StoreError> {
        self.read(|conn| {
            let count = |status: &str| {
                conn.query_row("SELECT COUNT(*) FROM comments WHERE status = ?1", [status], |r| r.get::<_, i64>(0))
            };
            Ok((count("pending")? as u64, count("spam")? as u64))
        })
        .await
    }

    async fn log(&self, before: Option<i64>, limit: u32) -> Result<Vec<LogEntry>, StoreError> {
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, at, actor, action, comment_id, detail FROM moderation_log WHERE id < ?1
                 ORDER BY id DESC LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![before.unwrap_or(i64::MAX), i64::from(limit)], |r| {
                Ok(LogEntry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    comment_id: r.get(4)?,
                    detail: r.get(5)?,
                })
            })?;
            rows.collect()
        })
        .await
    }

    async fn log_event(&self, by: &Logged, action: &str, detail: &str) -> Result<(), StoreError> {
        let (by, action, detail) = (by.clone(), action.to_owned(), detail.to_owned());
        self.atomically(move |conn| log(conn, &by, &action, None, &detail)).await
    }

    async fn block(&self, kind: BlockKind, value: &str, note: &str, by: &Logged) -> Result<bool, StoreError> {
        let (value, note, by) = (value.to_owned(), note.to_owned(), by.clone());
        self.atomically(move |conn| {
            let added = conn.execute(
                "INSERT INTO blocks (kind, value, note, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (kind, value) DO NOTHING",
                params![kind.as_str(), value, note, by.actor, clock::format(by.at)],
            )? == 1;
            if added {
                let detail = if kind == BlockKind::Email { &value } else { &note };
                log(conn, &by, kind.log_action(), None, detail)?;
            }
            Ok(added)
        })
        .await
    }

    async fn unblock(&self, id: i64, by: &Logged) -> Result<bool, StoreError> {
        let by = by.clone();
        self.atomically(move |conn| {
            let found: Option<(String, String, String)> = conn
                .query_row("DELETE FROM blocks WHERE id = ?1 RETURNING kind, value, note", [id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()?;
            let Some((kind, value, note)) = found else { return Ok(false) };
            let detail = if kind == "email" { value } else { note };
            log(conn, &by, "unblock", None, &detail)?;
            Ok(true)
        })
        .await
    }

    async fn blocks(&self) -> Result<Vec<Block>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn
                .prepare_cached("SELECT id, kind, value, note, created_by, created_at FROM blocks ORDER BY id DESC")?;
            let rows = stmt.query_map([], |r| {
                let kind: String = r.get(1)?;
                Ok(Block {
                    id: r.get(0)?,
                    kind: BlockKind::parse(&kind).unwrap_or(BlockKind::Email),
                    value: r.get(2)?,
                    note: r.get(3)?,
                    created_by: r.get(4)?,
                    created_at: r.get(5)?,
                })
            })?;
            rows.collect()
        })
        .await
    }

    async fn change_own(&self, change: &OwnChange) -> Result<ChangeOutcome, StoreError> {
        let change = change.clone();
        self.atomically(move |conn| {
            let Some(c) = by_id(conn, change.id)?.filter(|c| c.article_id == change.article_id) else {
                return Ok(ChangeOutcome::NotFound);
            };
            if let Err(refused) = may_change(&c, &change.token_hash, change.now) {
                return Ok(refused);
            }
            let by = Logged { actor: "reader".into(), at: change.now };
            match &change.change {
                Change::Delete => {
                    conn.execute("DELETE FROM comments WHERE id = ?1", [c.id])?;
                    log(conn, &by, "reader_delete", Some(c.id), &about(&c))?;
                    Ok(ChangeOutcome::Deleted)
                }
                Change::Edit { body, moderation, client_hash } => {
                    let blocked = blocked(conn, &c.email.to_lowercase(), client_hash)?;
                    let (status, reason) = edited_status(&c, body, *moderation, blocked);
                    conn.execute(
                        "UPDATE comments SET body = ?1, status = ?2, spam_reason = ?3, edited_at = ?4 WHERE id = ?5",
                        params![body, status.as_str(), reason.map(SpamReason::as_str), clock::format(change.now), c.id],
                    )?;
                    log(conn, &by, "reader_edit", Some(c.id), &about(&c))?;
                    by_id(conn, c.id)?
                        .map(|c| ChangeOutcome::Edited(Box::new(c)))
                        .ok_or(rusqlite::Error::QueryReturnedNoRows)
                }
            }
        })
        .await
    }

    async fn counts(&self, article_ids: &[String]) -> Result<Vec<(String, u64)>, StoreError> {
        let ids = json_list(article_ids.iter().map(String::as_str));
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT article_id, published FROM article_counts
                 WHERE article_id IN (SELECT value FROM json_each(?1))",
            )?;
            let rows = stmt.query_map([ids], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.max(0) as u64)))?;
            rows.collect()
        })
        .await
    }

    async fn put_moderator(&self, name: &str, password_hash: &str, at: OffsetDateTime) -> Result<bool, StoreError> {
        let (name, hash) = (name.to_owned(), password_hash.to_owned());
        self.atomically(move |conn| {
            let id: Option<i64> =
                conn.query_row("SELECT id FROM moderators WHERE name = ?1", [&name], |r| r.get(0)).optional()?;
            match id {
                Some(id) => {
                    conn.execute("UPDATE moderators SET password_hash = ?1 WHERE id = ?2", params![hash, id])?;
                    conn.execute("DELETE FROM sessions WHERE moderator_id = ?1", [id])?;
                    Ok(false)
                }
                None => {
                    conn.execute(
                        "INSERT INTO moderators (name, password_hash, created_at) VALUES (?1, ?2, ?3)",
                        params![name, hash, clock::format(at)],
                    )?;
                    Ok(true)
                }
            }
        })
        .await
    }

    async fn moderator(&self, name: &str) -> Result<Option<Moderator>, StoreError> {
        let name = name.to_owned();
        self.read(move |conn| {
            conn.query_row(
                "SELECT id, name, password_hash, created_at FROM moderators WHERE name = ?1",
                [name],
                moderator_row,
            )
            .optional()
        })
        .await
    }

    async fn moderators(&self) -> Result<Vec<Moderator>, StoreError> {
        self.read(|conn| {
            let mut stmt =
                conn.prepare_cached("SELECT id, name, password_hash, created_at FROM moderators ORDER BY name")?;
            let rows = stmt.query_map([], moderator_row)?;
            rows.collect()
        })
        .await
    }

    async fn remove_moderator(&self, name: &str) -> Result<bool, StoreError> {
        let name = name.to_owned();
        self.atomically(move |conn| Ok(conn.execute("DELETE FROM moderators WHERE name = ?1", [name])? == 1)).await
    }

    async fn create_session(&self, session: &NewSession) -> Result<(), StoreError> {
        let s = session.clone();
        self.atomically(move |conn| {
            conn.execute(
                "INSERT INTO sessions (id_hash, moderator_id, csrf, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![s.id_hash, s.moderator_id, s.csrf, clock::format(s.created_at), clock::format(s.expires_at)],
            )
            .map(drop)
        })
        .await
    }

    async fn session(&self, id_hash: &str, now: OffsetDateTime) -> Result<Option<Session>, StoreError> {
        let (id_hash, now) = (id_hash.to_owned(), clock::format(now));
        self.read(move |conn| {
            conn.query_row(
                "SELECT m.name, s.csrf, s.expires_at FROM sessions s JOIN moderators m ON m.id = s.moderator_id
                 WHERE s.id_hash = ?1 AND s.expires_at > ?2",
                params![id_hash, now],
                |r| Ok(Session { moderator: r.get(0)?, csrf: r.get(1)?, expires_at: r.get(2)? }),
            )
            .optional()
        })
        .await
    }

    async fn end_session(&self, id_hash: &str) -> Result<(), StoreError> {
        let id_hash = id_hash.to_owned();
        self.atomically(move |conn| conn.execute("DELETE FROM sessions WHERE id_hash = ?1", [id_hash]).map(drop)).await
    }

    async fn login_failures(&self, client: &str, name: &str, since: OffsetDateTime) -> Result<(u64, u64), StoreError> {
        let (client, name, since) = (client.to_owned(), name.to_owned(), clock::format(since));
        self.read(move |conn| {
            let count = |column: &str, value: &str| {
                conn.query_row(
                    &format!("SELECT COUNT(*) FROM login_failures WHERE {column} = ?1 AND at >= ?2"),
                    params![value, since],
                    |r| r.get::<_, i64>(0),
                )
            };
            Ok((count("client", &client)? as u64, count("name", &name)? as u64))
        })
        .await
    }

    async fn record_login_failure(&self, client: &str, name: &str, at: OffsetDateTime) -> Result<(), StoreError> {
        let (client, name) = (client.to_owned(), name.to_owned());
        self.atomically(move |conn| {
            conn.execute(
                "INSERT INTO login_failures (client, name, at) VALUES (?1, ?2, ?3)",
                params![client, name, clock::format(at)],
            )
            .map(drop)
        })
        .await
    }

    async fn secret(&self) -> Result<Vec<u8>, StoreError> {
        let fresh = crate::keys::random_bytes::<32>().map_err(StoreError::failed)?;
        self.atomically(move |conn| {
            conn.execute(
                "INSERT INTO secrets (name, value) VALUES ('key', ?1) ON CONFLICT (name) DO NOTHING",
                [fresh.as_slice()],
            )?;
            conn.query_row("SELECT value FROM secrets WHERE name = 'key'", [], |r| r.get(0))
        })
        .await
    }

    async fn count_all(&self) -> Result<u64, StoreError> {
        self.read(|conn| conn.query_row("SELECT COUNT(*) FROM comments", [], |r| r.get::<_, i64>(0)))
            .await
            .map(|n| u64::try_from(n).unwrap_or(0))
    }

    async fn import(&self, rows: &[Stored]) -> Result<Vec<i64>, StoreError> {
        let rows = rows.to_vec();
        self.atomically(move |conn| {
            let mut present = Vec::new();
            let mut stmt = conn.prepare_cached(
                "INSERT INTO comments (id, article_id, parent_id, author, email, website, body, status, created_at,
                                       client, idempotency_key, request_hash, reader_key_hash, spam_reason,
                                       client_hash, edit_token_hash, editable_until, edited_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
                 ON CONFLICT (id) DO NOTHING",
            )?;
            for c in &rows {
                let inserted = stmt.execute(params![
                    c.id,
                    c.article_id,
                    c.parent_id,
                    c.author,
                    c.email,
                    c.website,
                    c.body,
                    c.status.as_str(),
                    c.created_at,
                    c.client,
                    c.idempotency_key,
                    c.request_hash,
                    c.reader_key_hash,
                    c.spam_reason.map(SpamReason::as_str),
                    c.client_hash,
                    c.edit_token_hash,
                    c.editable_until,
                    c.edited_at,
                ])?;
                if inserted == 0 {
                    present.push(c.id);
                }
            }
            Ok(present)
        })
        .await
    }

    async fn import_moderation(
        &self,
        secret: &[u8],
        moderators: &[Moderator],
        blocks: &[Block],
    ) -> Result<(), StoreError> {
        let (secret, moderators, blocks) = (secret.to_vec(), moderators.to_vec(), blocks.to_vec());
        self.atomically(move |conn| {
            conn.execute(
                "INSERT INTO secrets (name, value) VALUES ('key', ?1) ON CONFLICT (name) DO UPDATE SET value = ?1",
                [secret.as_slice()],
            )?;
            for m in &moderators {
                conn.execute(
                    "INSERT INTO moderators (name, password_hash, created_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (name) DO NOTHING",
                    params![m.name, m.password_hash, m.created_at],
                )?;
            }
            for b in &blocks {
                conn.execute(
                    "INSERT INTO blocks (kind, value, note, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (kind, value) DO NOTHING",
                    params![b.kind.as_str(), b.value, b.note, b.created_by, b.created_at],
                )?;
            }
            Ok(())
        })
        .await
    }

    async fn import_log(&self, entries: &[LogEntry]) -> Result<u64, StoreError> {
        let entries = entries.to_vec();
        self.atomically(move |conn| {
            let mut stmt = conn.prepare_cached(
                "INSERT INTO moderation_log (id, at, actor, action, comment_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (id) DO NOTHING",
            )?;
            let mut new = 0;
            for e in &entries {
                new += stmt.execute(params![e.id, e.at, e.actor, e.action, e.comment_id, e.detail])? as u64;
            }
            Ok(new)
        })
        .await
    }

    async fn forget_clients(&self, before: OffsetDateTime) -> Result<u64, StoreError> {
        let before = clock::format(before);
        self.atomically(move |conn| {
            conn.execute(
                "UPDATE comments SET client = '', client_hash = '' WHERE client <> '' AND created_at < ?1",
                [before],
            )
        })
        .await
        .map(|n| n as u64)
    }

    async fn purge_sessions(&self, now: OffsetDateTime, failures_before: OffsetDateTime) -> Result<(), StoreError> {
        let (now, before) = (clock::format(now), clock::format(failures_before));
        self.atomically(move |conn| {
            conn.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now])?;
            conn.execute("DELETE FROM login_failures WHERE at < ?1", [before]).map(drop)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_file_is_private_and_an_old_schema_is_brought_up_to_date() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/c.db");
        // A database as version 2 of the schema left it, with one published comment.
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        {
            let conn = Connection::open(&path).unwrap();
            for sql in &MIGRATIONS[..2] {
                conn.execute_batch(sql).unwrap();
            }
            conn.pragma_update(None, "user_version", 2).unwrap();
            conn.execute(
                "INSERT INTO comments (article_id, author, email, body, status, created_at)
                 VALUES ('a1', 'A', 'a@b.c', 'Bonjour', 'published', '2024-04-19T10:00:00.000Z')",
                [],
            )
            .unwrap();
        }
        let store = SqliteStore::open(&path).await.unwrap();
        let page = store.page("a1", None, 10).await.unwrap();
        assert_eq!((page.comments.len(), page.total, page.next), (1, 1, None));
        let by = super::super::Logged { actor: "test".into(), at: OffsetDateTime::now_utc() };
        assert_eq!(store.moderate(super::super::Action::Reject, &[page.comments[0].id], &by).await.unwrap().len(), 1);
        assert_eq!(store.page("a1", None, 10).await.unwrap().total, 0);
        drop(store);
        // Opening again applies nothing twice.
        let store = SqliteStore::open(&path).await.unwrap();
        assert_eq!(store.count_all().await.unwrap(), 1);

        let fresh = dir.path().join("fresh.db");
        let _store = SqliteStore::open(&fresh).await.unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{mode:o}");
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn readers_do_not_wait_behind_a_writer() {
        use article_widget_core::comment::{validate, NewComment};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let store = std::sync::Arc::new(SqliteStore::open(&path).await.unwrap());
        // Another process holds SQLite's write lock, mid-transaction.
        let other = Connection::open(&path).unwrap();
        other.execute_batch("BEGIN IMMEDIATE; UPDATE comments SET client = '' WHERE 0;").unwrap();
        let new =
            NewComment { author: "A".into(), email: "a@b.c".into(), body: "Bonjour".into(), ..Default::default() };
        let post = Submission {
            article_id: "a1".into(),
            comment: validate(&new).unwrap(),
            parent_id: None,
            spam: None,
            moderation: super::super::Moderation::Off,
            trust: Trust::ReaderKey,
            created_at: OffsetDateTime::now_utc(),
            duplicate_since: OffsetDateTime::now_utc(),
            client: String::new(),
            idempotency_key: None,
            request_hash: String::new(),
            reader_key_hash: None,
            client_hash: String::new(),
            edit_token_hash: None,
            editable_until: None,
        };
        let writer = tokio::spawn({
            let store = store.clone();
            async move { store.submit(&post).await }
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!writer.is_finished(), "the post waits for the lock");
        // Meanwhile readers are served (a hang here would last the busy timeout, 5 s, then fail).
        for _ in 0..10 {
            let page = store.page("a1", None, 20).await.unwrap();
            assert_eq!(page.total, 0);
        }
        assert!(!writer.is_finished(), "the readers did not wait for the writer to finish");
        other.execute_batch("COMMIT").unwrap();
        assert!(matches!(writer.await.unwrap().unwrap(), Outcome::Stored(_)));
        assert_eq!(store.page("a1", None, 20).await.unwrap().total, 1);
    }
}
