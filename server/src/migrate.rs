//! `article-widget-server migrate --from URL --to URL`: copies every comment
//! from one database to another (SQLite to PostgreSQL when a site outgrows
//! one machine, or back), ids and statuses kept. Run it with the servers
//! stopped. It is idempotent: a comment already in the target (same id) is
//! left alone, after checking that it is the same comment, so running it
//! again copies only what is new and a target that is not a copy of the
//! source is refused rather than mixed. The counts are checked at the end.
//! Moderation's own data travels too: the database's secret (so client
//! hashes and edit tokens keep working), moderator accounts, blocks and the
//! moderation log; sessions do not (moderators sign in again).

use std::collections::HashMap;

use crate::store::{Database, DatabaseUrl, Filter, Storage, Stored, BATCH};

/// What a migration did.
#[derive(Debug, PartialEq, Eq)]
pub struct Report {
    pub copied: u64,
    pub already_there: u64,
    pub source_total: u64,
    pub target_total: u64,
    pub moderators: u64,
    pub blocks: u64,
    /// Log lines new to the target.
    pub log_lines: u64,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} comments copied, {} already there; the source has {}, the target {}; \
             with {} moderators, {} blocks and {} new log lines",
            self.copied,
            self.already_there,
            self.source_total,
            self.target_total,
            self.moderators,
            self.blocks,
            self.log_lines
        )
    }
}

pub async fn migrate(from: &DatabaseUrl, to: &DatabaseUrl) -> Result<Report, String> {
    if from == to {
        return Err("--from and --to are the same database".into());
    }
    let source = open(from).await?;
    let target = open(to).await?;
    copy(source.as_ref(), target.as_ref()).await
}

async fn open(url: &DatabaseUrl) -> Result<std::sync::Arc<dyn Storage>, String> {
    url.open().await.map(|Database { store, .. }| store).map_err(|e| format!("database {url}: {e}"))
}

/// Copies `source` into `target`, batch by batch in id order.
pub async fn copy(source: &dyn Storage, target: &dyn Storage) -> Result<Report, String> {
    let failed = |what: &str, e: crate::store::StoreError| format!("{what}: {e}");
    let mut report = Report {
        copied: 0,
        already_there: 0,
        source_total: 0,
        target_total: 0,
        moderators: 0,
        blocks: 0,
        log_lines: 0,
    };
    let mut after = None;
    loop {
        let batch = source
            .list(&Filter { after, limit: BATCH, ..Filter::default() })
            .await
            .map_err(|e| failed("reading the source", e))?;
        let Some(last) = batch.last() else { break };
        after = Some(last.id);
        let present = target.import(&batch).await.map_err(|e| failed("writing the target", e))?;
        if !present.is_empty() {
            let theirs = target.get_many(&present).await.map_err(|e| failed("reading the target", e))?;
            let ours: HashMap<i64, &Stored> = batch.iter().map(|c| (c.id, c)).collect();
            for other in &theirs {
                if ours.get(&other.id).is_none_or(|c| !same_comment(c, other)) {
                    return Err(format!(
                        "the target already has a different comment #{} (from {}, on {}): it is not a copy of \
                         this source; nothing more was copied",
                        other.id, other.created_at, other.article_id
                    ));
                }
            }
        }
        report.already_there += present.len() as u64;
        report.copied += (batch.len() - present.len()) as u64;
        tracing::info!(copied = report.copied, already_there = report.already_there, "migrating");
    }
    report.source_total = source.count_all().await.map_err(|e| failed("counting the source", e))?;
    report.target_total = target.count_all().await.map_err(|e| failed("counting the target", e))?;
    let seen = report.copied + report.already_there;
    if seen != report.source_total {
        return Err(format!(
            "{report}, but {seen} were read: the source changed during the copy (stop the servers and run it again)"
        ));
    }
    if report.target_total < report.source_total {
        return Err(format!("{report}: the target lacks comments"));
    }
    copy_moderation(source, target, &mut report).await.map_err(|e| failed("copying moderation's data", e))?;
    Ok(report)
}

/// The secret, moderators and blocks at once, then the log a batch at a time.
async fn copy_moderation(
    source: &dyn Storage,
    target: &dyn Storage,
    report: &mut Report,
) -> Result<(), crate::store::StoreError> {
    let (moderators, blocks) = (source.moderators().await?, source.blocks().await?);
    target.import_moderation(&source.secret().await?, &moderators, &blocks).await?;
    report.moderators = moderators.len() as u64;
    report.blocks = blocks.len() as u64;
    let mut before = None;
    loop {
        let lines = source.log(before, BATCH).await?;
        let Some(last) = lines.last() else { return Ok(()) };
        before = Some(last.id);
        report.log_lines += target.import_log(&lines).await?;
    }
}

/// The same comment in two databases: what it is, not what moderators did
/// to it since (its status may have changed in the target).
fn same_comment(a: &Stored, b: &Stored) -> bool {
    (&a.article_id, &a.author, &a.email, &a.body, &a.created_at)
        == (&b.article_id, &b.author, &b.email, &b.body, &b.created_at)
}
