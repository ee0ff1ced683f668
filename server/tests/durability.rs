//! Comments posted concurrently, the server killed with SIGKILL in the
//! middle, then restarted on the same database: every comment that was
//! acknowledged (201) is there, and retrying every key stores nothing twice.

mod support;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use support::*;

const ARTICLE: &str = "/api/articles/niger-us-withdrawal/comments";
const WRITERS: usize = 4;
const PER_WRITER: usize = 60;

fn body(key: &str) -> String {
    json!({ "author": "Durable", "email": "d@example.org", "body": format!("comment {key}"), "started_at": "2024-01-01T00:00:00Z" })
        .to_string()
}

/// All published comment bodies, page by page (following each page's `next`).
fn stored_bodies(url: &str) -> Vec<String> {
    let mut bodies = Vec::new();
    let mut after = String::new();
    loop {
        let page = get(&format!("{url}{ARTICLE}?limit=100{after}")).json();
        let comments = page["comments"].as_array().unwrap().clone();
        bodies.extend(comments.iter().map(|c| c["body"].as_str().unwrap().to_owned()));
        match page["next"].as_str() {
            Some(next) => after = format!("&after={next}"),
            None => return bodies,
        }
    }
}

#[test]
fn no_acknowledged_comment_is_lost_to_a_kill_9() {
    let db = TestDb::sqlite();
    let db_arg = db.arg();
    let server = Process::start(&["--database-url", &db_arg, "--rate-limit", "0"]);
    let url = server.url.clone();

    let acknowledged = Arc::new(Mutex::new(HashSet::new()));
    let attempted = Arc::new(Mutex::new(Vec::new()));
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let (url, acknowledged, attempted) = (url.clone(), acknowledged.clone(), attempted.clone());
            std::thread::spawn(move || {
                for i in 0..PER_WRITER {
                    let key = format!("w{w}-{i}");
                    attempted.lock().unwrap().push(key.clone());
                    match try_post(&format!("{url}{ARTICLE}"), &key, &body(&key)) {
                        Some(a) if a.status == 201 => {
                            acknowledged.lock().unwrap().insert(key);
                        }
                        // The server is gone: this writer stops.
                        _ => return,
                    }
                }
            })
        })
        .collect();

    // Kill it mid-stream, once a fair share of posts went through.
    let deadline = Instant::now() + Duration::from_secs(30);
    while acknowledged.lock().unwrap().len() < WRITERS * PER_WRITER / 3 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut server = server;
    server.child.kill().unwrap(); // SIGKILL: no shutdown, no flush
    server.child.wait().unwrap();
    for writer in writers {
        let _ = writer.join();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    let attempted = attempted.lock().unwrap().clone();
    assert!(!acknowledged.is_empty());
    assert!(acknowledged.len() < WRITERS * PER_WRITER, "the kill came after every post: the test proved nothing");

    // Restart on the same database.
    let again = Process::start(&["--database-url", &db_arg, "--rate-limit", "0"]);
    let bodies: HashSet<String> = stored_bodies(&again.url).into_iter().collect();
    for key in &acknowledged {
        assert!(bodies.contains(&format!("comment {key}")), "acknowledged comment {key} was lost");
    }

    // Every attempted key sent again (as the widget retries): each ends up stored exactly once.
    for key in &attempted {
        let answer = post(&format!("{}{ARTICLE}", again.url), "application/json", Some(key), &body(key));
        assert_eq!(answer.status, 201, "{key}: {}", answer.body);
    }
    // And the same keys again, all at once from several threads: still once each.
    let racers: Vec<_> = (0..WRITERS)
        .map(|_| {
            let (url, keys) = (again.url.clone(), attempted.clone());
            std::thread::spawn(move || {
                keys.iter()
                    .map(|key| post(&format!("{url}{ARTICLE}"), "application/json", Some(key), &body(key)).status)
                    .collect::<Vec<u16>>()
            })
        })
        .collect();
    for racer in racers {
        assert!(
            racer.join().unwrap().iter().all(|s| *s == 201),
            "a concurrent retry was not answered as the first post"
        );
    }
    let all = stored_bodies(&again.url);
    let unique: HashSet<&String> = all.iter().collect();
    assert_eq!(all.len(), unique.len(), "a retried key was stored twice");
    assert_eq!(all.len(), attempted.len());
    println!(
        "durability: {} acknowledged before the kill, {} attempted, {} stored after retries",
        acknowledged.len(),
        attempted.len(),
        all.len()
    );
}
