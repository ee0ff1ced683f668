//! Two server instances on one PostgreSQL, as a site behind a proxy runs
//! them: 8 clients × 1,000 posts spread over both, every post sent again to
//! the *other* instance (a retry after a lost answer), one instance killed
//! with SIGKILL mid-stream. Afterwards every acknowledged comment is stored
//! exactly once. Then the rate limit: a client alternating instances is
//! refused at the same count as on one; and instances starting together on
//! an empty database apply each migration once.

mod support;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use article_widget_server::store::{Filter, Status};
use serde_json::json;
use support::*;

const ARTICLE: &str = "/api/articles/niger-us-withdrawal/comments";
const CLIENTS: usize = 8;
const POSTS: usize = 1000;

fn body(key: &str) -> String {
    json!({ "author": "Multi", "email": "m@example.org", "body": format!("comment {key}"), "started_at": "2024-01-01T00:00:00Z" })
        .to_string()
}

fn start(db: &TestDb, extra: &[&str]) -> Process {
    let url = db.arg();
    let mut args = vec!["--database-url", url.as_str()];
    args.extend_from_slice(extra);
    Process::start(&args)
}

#[test]
fn retries_across_two_instances_store_each_comment_once_through_a_kill_9() {
    let Some(db) = TestDb::postgres() else { return };
    let a = start(&db, &["--rate-limit", "0"]);
    let b = start(&db, &["--rate-limit", "0"]);
    let urls = [format!("{}{ARTICLE}", a.url), format!("{}{ARTICLE}", b.url)];

    // key -> the comment id each answer gave
    let acknowledged: Arc<Mutex<HashMap<String, Vec<String>>>> = Arc::default();
    let sent = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (urls, acknowledged, sent) = (urls.clone(), acknowledged.clone(), sent.clone());
            std::thread::spawn(move || {
                let client = keep_alive_client();
                for i in 0..POSTS {
                    let key = format!("c{c}-{i}");
                    let first = (c + i) % 2;
                    // The post, then the same post again to the other instance.
                    for target in [first, 1 - first] {
                        if let Some(answer) = try_post_with(&client, &urls[target], &key, &body(&key)) {
                            assert!(
                                answer.status == 201,
                                "{key} on instance {target}: {} {}",
                                answer.status,
                                answer.body
                            );
                            let id = answer.json()["comment"]["id"].as_str().unwrap().to_owned();
                            acknowledged.lock().unwrap().entry(key.clone()).or_default().push(id);
                        }
                    }
                    sent.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();

    // SIGKILL instance A once a third of the posts went out.
    let mut a = a;
    let deadline = Instant::now() + Duration::from_secs(120);
    while sent.load(Ordering::Relaxed) < CLIENTS * POSTS / 3 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    a.child.kill().unwrap();
    a.child.wait().unwrap();
    let killed_at = sent.load(Ordering::Relaxed);
    for client in clients {
        client.join().expect("a client thread failed");
    }
    let elapsed = started.elapsed();

    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(killed_at < CLIENTS * POSTS, "the kill came after every post: the test proved nothing");
    assert_eq!(acknowledged.len(), CLIENTS * POSTS, "every post had a live instance to answer it");
    for (key, ids) in &acknowledged {
        assert!(ids.iter().all(|id| id == &ids[0]), "{key}: two instances answered different comments: {ids:?}");
    }
    // In the database: each acknowledged comment once, nothing else.
    let stored = block_on(async {
        let store = db.url.open().await.unwrap().store;
        let mut all = Vec::new();
        let mut after = None;
        loop {
            let batch = store.list(&Filter { after, limit: 1000, ..Filter::default() }).await.unwrap();
            let Some(last) = batch.last() else { break all };
            after = Some(last.id);
            all.extend(batch);
        }
    });
    let mut bodies: HashMap<&str, usize> = HashMap::new();
    for comment in &stored {
        assert_eq!(comment.status, Status::Published);
        *bodies.entry(comment.body.as_str()).or_default() += 1;
    }
    for (key, ids) in &acknowledged {
        let body = format!("comment {key}");
        assert_eq!(bodies.get(body.as_str()), Some(&1), "{key} stored {:?} times", bodies.get(body.as_str()));
        assert!(stored.iter().any(|c| c.id.to_string() == ids[0] && c.body == body), "{key}: its id is its comment");
    }
    assert_eq!(stored.len(), acknowledged.len(), "only acknowledged comments are stored");
    let pages: HashSet<i64> = stored.iter().map(|c| c.id).collect();
    assert_eq!(pages.len(), stored.len());
    println!(
        "two instances: {} posts (each sent twice), instance A killed after {killed_at}, {} stored once each, {:.1} s",
        CLIENTS * POSTS,
        stored.len(),
        elapsed.as_secs_f64()
    );
}

#[test]
fn the_rate_limit_holds_across_instances() {
    let Some(one_db) = TestDb::postgres() else { return };
    let limit = ["--rate-limit", "5", "--rate-window", "60"];
    // On one instance: the sixth post in a minute is refused.
    let single = start(&one_db, &limit);
    let refused_at = |urls: &[String]| {
        (0..10)
            .find(|i| {
                let key = format!("limit-{i}");
                let answer = post(&urls[i % urls.len()], "application/json", Some(&key), &body(&key));
                assert!(answer.status == 201 || answer.status == 429, "{}", answer.body);
                answer.status == 429
            })
            .map(|i| i + 1)
    };
    let on_one = refused_at(&[format!("{}{ARTICLE}", single.url)]);
    assert_eq!(on_one, Some(6));
    // On two instances, alternating: the same.
    let two_db = one_db.sibling();
    let (a, b) = (start(&two_db, &limit), start(&two_db, &limit));
    let on_two = refused_at(&[format!("{}{ARTICLE}", a.url), format!("{}{ARTICLE}", b.url)]);
    assert_eq!(on_two, on_one, "a client alternating instances is refused at the same count as on one");
    // And the refusal says how long to wait.
    let again = post(&format!("{}{ARTICLE}", b.url), "application/json", Some("limit-x"), &body("limit-x"));
    assert_eq!(again.status, 429);
    let wait: u64 = again.retry_after.as_deref().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
}

#[test]
fn instances_starting_together_migrate_once() {
    let Some(db) = TestDb::postgres() else { return };
    let url = db.arg();
    // Three instances on an empty database at the same moment.
    let starting: Vec<_> = (0..3)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || Process::start(&["--database-url", &url, "--rate-limit", "0"]))
        })
        .collect();
    let servers: Vec<Process> = starting.into_iter().map(|s| s.join().expect("every instance starts")).collect();
    for (i, server) in servers.iter().enumerate() {
        let key = format!("start-{i}");
        assert_eq!(post(&format!("{}{ARTICLE}", server.url), "application/json", Some(&key), &body(&key)).status, 201);
    }
    let versions = block_on(async {
        let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await.unwrap();
        tokio::spawn(connection);
        let rows = client.query("SELECT version FROM schema_migrations ORDER BY version", &[]).await.unwrap();
        rows.iter().map(|r| r.get::<_, i32>(0)).collect::<Vec<_>>()
    });
    assert_eq!(versions, [1, 2], "each migration applied once");
}
