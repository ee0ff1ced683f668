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

use super::{decide, Decision, Facts, Filter, Outcome, Page, Status, Storage, StoreError, Stored, Submission, Trust};
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
];

/// Read connections beside the writer.
const READERS: usize = 4;
/// How long a connection waits on SQLite's lock (another process writing).
const BUSY: Duration = Duration::from_secs(5);

const COLUMNS: &str = "id, article_id, parent_id, author, email, website, body, status, created_at, client, \
                       idempotency_key, request_hash, reader_key_hash";

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
    Ok(Facts { same_key: None, duplicate, parent_published, known_reader })
}

fn insert(conn: &Connection, post: &Submission, status: Status) -> rusqlite::Result<Stored> {
    let comment = &post.comment;
    conn.execute(
        "INSERT INTO comments (article_id, parent_id, author, email, website, body, status, created_at, client,
                               idempotency_key, request_hash, reader_key_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
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
        ],
    )?;
    let id = conn.last_insert_rowid();
    by_id(conn, id)?.ok_or(rusqlite::Error::QueryReturnedNoRows)
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
            Decision::Insert(status) => insert(conn, &post, status).map(Outcome::Stored),
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

    async fn set_status(&self, id: i64, status: Status) -> Result<bool, StoreError> {
        self.atomically(move |conn| {
            Ok(conn.execute("UPDATE comments SET status = ?1 WHERE id = ?2", params![status.as_str(), id])? == 1)
        })
        .await
    }

    async fn delete(&self, id: i64) -> Result<bool, StoreError> {
        self.atomically(move |conn| Ok(conn.execute("DELETE FROM comments WHERE id = ?1", [id])? == 1)).await
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
                                       client, idempotency_key, request_hash, reader_key_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
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
                ])?;
                if inserted == 0 {
                    present.push(c.id);
                }
            }
            Ok(present)
        })
        .await
    }

    async fn forget_clients(&self, before: OffsetDateTime) -> Result<u64, StoreError> {
        let before = clock::format(before);
        self.atomically(move |conn| {
            conn.execute("UPDATE comments SET client = '' WHERE client <> '' AND created_at < ?1", [before])
        })
        .await
        .map(|n| n as u64)
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
        assert!(store.set_status(page.comments[0].id, Status::Rejected).await.unwrap());
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
            spam: false,
            moderation: super::super::Moderation::Off,
            trust: Trust::ReaderKey,
            created_at: OffsetDateTime::now_utc(),
            duplicate_since: OffsetDateTime::now_utc(),
            client: String::new(),
            idempotency_key: None,
            request_hash: String::new(),
            reader_key_hash: None,
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
