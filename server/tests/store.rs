//! The storage interface itself, on both backends: client addresses dropped
//! after the retention period, and `migrate` from one database to the other
//! (counts checked, idempotent when run again, a foreign target refused),
//! through the command a site owner runs.

mod support;

use article_widget_core::comment::{validate, NewComment};
use article_widget_server::store::{
    Action, BlockKind, Filter, Logged, Moderation, Outcome, Status, Storage, Submission, Trust,
};
use support::*;
use time::OffsetDateTime;

both_backends!(client_addresses_are_dropped_after_the_retention_period, migrate_copies_once_and_checks_counts);

fn submission(article: &str, body: &str, key: &str, created_at: OffsetDateTime) -> Submission {
    let new =
        NewComment { author: "Ana".into(), email: "ana@example.org".into(), body: body.into(), ..Default::default() };
    Submission {
        article_id: article.into(),
        comment: validate(&new).unwrap(),
        parent_id: None,
        spam: None,
        moderation: Moderation::Off,
        trust: Trust::ReaderKey,
        created_at,
        duplicate_since: created_at,
        client: "198.51.100.7".into(),
        idempotency_key: Some(key.into()),
        request_hash: key.into(),
        reader_key_hash: None,
        client_hash: "c1".into(),
        edit_token_hash: None,
        editable_until: None,
    }
}

async fn add(store: &dyn Storage, post: Submission) -> i64 {
    match store.submit(&post).await.unwrap() {
        Outcome::Stored(stored) => stored.id,
        other => panic!("{other:?}"),
    }
}

fn client_addresses_are_dropped_after_the_retention_period(db: TestDb) {
    block_on(async {
        let store = db.url.open().await.unwrap().store;
        let now = OffsetDateTime::now_utc();
        let old = add(store.as_ref(), submission("a1", "Ancien.", "k1", now - time::Duration::days(40))).await;
        let recent = add(store.as_ref(), submission("a1", "Récent.", "k2", now - time::Duration::days(2))).await;
        let dropped = store.forget_clients(now - time::Duration::days(30)).await.unwrap();
        assert_eq!(dropped, 1);
        assert_eq!(store.get(old).await.unwrap().unwrap().client, "");
        assert_eq!(store.get(recent).await.unwrap().unwrap().client, "198.51.100.7");
        assert_eq!(store.forget_clients(now - time::Duration::days(30)).await.unwrap(), 0, "nothing twice");
    });
}

fn migrate_copies_once_and_checks_counts(source: TestDb) {
    // From this backend to the other one (SQLite to PostgreSQL, or back).
    let Some(target) = (if source.is_postgres() { Some(TestDb::sqlite()) } else { TestDb::postgres() }) else {
        return;
    };
    let now = OffsetDateTime::now_utc();
    let ids = block_on(async {
        let store = source.url.open().await.unwrap().store;
        let mut ids = Vec::new();
        for i in 0..2500 {
            let article = if i % 3 == 0 { "a2" } else { "a1" };
            let at = now - time::Duration::seconds(5000 - i);
            ids.push(add(store.as_ref(), submission(article, &format!("Commentaire {i}"), &format!("m{i}"), at)).await);
        }
        // A reply, a rejected one, a deleted one: statuses, parents and gaps travel.
        let mut reply = submission("a1", "Une réponse.", "reply", now);
        reply.parent_id = Some(ids[1]);
        ids.push(add(store.as_ref(), reply).await);
        let by = Logged { actor: "test".into(), at: now };
        store.moderate(Action::Reject, &[ids[2]], &by).await.unwrap();
        store.moderate(Action::Delete, &[ids[4]], &by).await.unwrap();
        // Moderation's own data: an account, a block, the log (two lines above).
        store.put_moderator("amina", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", now).await.unwrap();
        store.block(BlockKind::Email, "troll@example.org", "#3 · Troll", &by).await.unwrap();
        ids
    });
    let run = |from: &TestDb, to: &TestDb| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_article-widget-server"))
            .args(["migrate", "--from", &from.arg(), "--to", &to.arg()])
            .output()
            .unwrap();
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr),
        )
    };
    let (ok, said) = run(&source, &target);
    assert!(ok, "{said}");
    assert!(said.contains("2500 comments copied, 0 already there; the source has 2500, the target 2500"), "{said}");
    assert!(said.contains("with 1 moderators, 1 blocks and 3 new log lines"), "{said}");
    // Again: nothing new, counts still checked.
    let (ok, said) = run(&source, &target);
    assert!(ok, "{said}");
    assert!(said.contains("0 comments copied, 2500 already there"), "{said}");

    block_on(async {
        let (from, to) = (source.url.open().await.unwrap().store, target.url.open().await.unwrap().store);
        let all = |store: std::sync::Arc<dyn Storage>| async move {
            store.list(&Filter { limit: 10_000, ..Filter::default() }).await.unwrap()
        };
        assert_eq!(all(from.clone()).await, all(to.clone()).await, "the same comments, ids and all");
        for article in ["a1", "a2"] {
            let (a, b) = (from.page(article, None, 5).await.unwrap(), to.page(article, None, 5).await.unwrap());
            assert_eq!((a.total, a.comments), (b.total, b.comments), "{article}: the same first page and count");
        }
        assert_eq!(
            from.secret().await.unwrap(),
            to.secret().await.unwrap(),
            "client hashes and edit tokens still match"
        );
        assert_eq!(
            to.moderator("amina").await.unwrap().unwrap().password_hash,
            from.moderator("amina").await.unwrap().unwrap().password_hash
        );
        assert_eq!(to.blocks().await.unwrap()[0].value, "troll@example.org");
        assert_eq!(from.log(None, 10).await.unwrap(), to.log(None, 10).await.unwrap());
        let reply = to.get(*ids.last().unwrap()).await.unwrap().unwrap();
        assert_eq!(reply.parent_id, Some(ids[1]));
        assert_eq!(to.get(ids[2]).await.unwrap().unwrap().status, Status::Rejected);
        assert!(to.get(ids[4]).await.unwrap().is_none());
        // New comments in the target take ids after the copied ones.
        let next = add(to.as_ref(), submission("a1", "Après la migration.", "after", now)).await;
        assert!(next > *ids.iter().max().unwrap(), "{next}");
    });

    // A target holding other comments under the same ids is refused, not mixed.
    let foreign = source.sibling();
    block_on(async {
        let store = foreign.url.open().await.unwrap().store;
        add(store.as_ref(), submission("zz", "Autre site.", "z1", now)).await;
    });
    let (ok, said) = run(&foreign, &target);
    assert!(!ok);
    assert!(said.contains("the target already has a different comment #1"), "{said}");
}
