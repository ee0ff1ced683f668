//! The real server on an ephemeral loopback port with a temporary database,
//! over real HTTP: every status code of the API, each answer checked against
//! openapi.json, and every answer openapi.json documents seen at least once.
//! The tests that touch the database run once per backend (SQLite and
//! PostgreSQL), unchanged.

mod support;

use std::time::{Duration, Instant};

use article_widget_server::api::{BODY_LIMIT, MAX_OFFSET};
use article_widget_server::store::Status;
use article_widget_server::{Moderation, Trust};
use serde_json::{json, Value};
use support::*;

both_backends!(
    every_answer_of_the_api_matches_openapi,
    moderation_modes_and_the_moderation_commands,
    first_time_moderation_trusts_the_readers_key_not_a_typed_email,
    the_body_limit_fits_the_largest_valid_comment,
    one_text_typed_two_ways_is_one_duplicate,
    replies_name_a_published_comment_of_the_same_article,
    pages_follow_a_cursor_and_old_clients_offset_still_works,
);

const ARTICLE: &str = "/api/articles/niger-us-withdrawal";
const COMMENTS: &str = "/api/articles/{id}/comments";
const JSON: &str = "application/json";
/// The test server's limit on request heads: above 64 KiB, so that an
/// address over 65,534 bytes gets hyper's 414 rather than 431.
const MAX_HEADER_BYTES: usize = 96 * 1024;

fn comment(author: &str, body: &str) -> String {
    json!({ "author": author, "email": "reader@example.org", "body": body, "started_at": "2024-01-01T00:00:00Z" })
        .to_string()
}

fn every_answer_of_the_api_matches_openapi(db: TestDb) {
    let spec = Spec::load();
    // On PostgreSQL the server reaches the database through a proxy the
    // test can cut, to see the answers of an outage.
    let proxy = db.postgres_address().map(Proxy::start);
    let mut cfg = config(&db);
    if let Some(proxy) = &proxy {
        cfg.database = db.through(proxy.port);
    }
    // Limits a test can reach: a body that stops is refused after a second,
    // and heads may be long enough for hyper's own 414.
    cfg.limits.body.timeout = Duration::from_secs(1);
    cfg.limits.max_header_bytes = MAX_HEADER_BYTES;
    let server = InProcess::start(cfg);
    let url = |path: &str| format!("{}{path}", server.url);
    let comments_url = url(&format!("{ARTICLE}/comments"));

    let health = get(&url("/healthz"));
    spec.check("get", "/healthz", &health);
    assert_eq!(health.json()["database"], if db.is_postgres() { "postgres" } else { "sqlite" });

    let article = get(&url(ARTICLE));
    spec.check("get", "/api/articles/{id}", &article);
    assert_eq!(article.json()["title"], "Les Etats-Unis acceptent de retirer leurs militaires du Niger");
    let missing = get(&url("/api/articles/no-such-story"));
    spec.check("get", "/api/articles/{id}", &missing);
    assert_eq!(missing.json()["error"], "unknown_article");

    let empty = get(&comments_url);
    spec.check("get", COMMENTS, &empty);
    assert_eq!(empty.json(), json!({ "comments": [], "total": 0, "next": null }));
    spec.check("get", COMMENTS, &get(&url("/api/articles/no-such-story/comments")));
    let bad_query = get(&format!("{comments_url}?limit=lots"));
    spec.check("get", COMMENTS, &bad_query);
    assert_eq!(bad_query.status, 400);

    // 201, and the same post again: the first answer, nothing new stored.
    let first = post(&comments_url, JSON, Some("key-1"), &comment("Aïcha", "Une décision attendue."));
    spec.check("post", COMMENTS, &first);
    assert_eq!(first.status, 201);
    assert_eq!(first.json()["status"], "published");
    assert!(!first.body.contains("reader@example.org"), "the email is never sent back");
    let again = post(&comments_url, JSON, Some("key-1"), &comment("Aïcha", "Une décision attendue."));
    assert_eq!((again.status, again.json()["comment"]["id"].clone()), (201, first.json()["comment"]["id"].clone()));
    let listed = get(&comments_url);
    spec.check("get", COMMENTS, &listed);
    assert_eq!(listed.json()["total"], 1);
    assert!(!listed.body.contains("reader@example.org"));

    // The same key with another comment: refused.
    let reused = post(&comments_url, JSON, Some("key-1"), &comment("Aïcha", "Autre chose."));
    spec.check("post", COMMENTS, &reused);
    assert_eq!((reused.status, reused.json()["error"].clone()), (409, json!("idempotency_key_reused")));
    // The same author and text under a new key within ten minutes: a duplicate.
    let duplicate = post(&comments_url, JSON, Some("key-2"), &comment("Aïcha", "Une décision attendue."));
    assert_eq!((duplicate.status, duplicate.json()["error"].clone()), (409, json!("duplicate")));

    // A key that is not visible ASCII: 400.
    let bad_key = post(&comments_url, JSON, Some("a key with spaces"), &comment("Aïcha", "Clé invalide."));
    spec.check("post", COMMENTS, &bad_key);
    assert_eq!((bad_key.status, bad_key.json()["error"].clone()), (400, json!("bad_idempotency_key")));

    // 422 with the codes of the shared rules.
    let invalid = post(
        &comments_url,
        JSON,
        Some("key-3"),
        &json!({ "author": " ", "email": "nope", "body": "x", "website": "ftp://x" }).to_string(),
    );
    spec.check("post", COMMENTS, &invalid);
    assert_eq!(
        invalid.json()["errors"],
        json!({ "body": "too_short", "author": "required", "email": "invalid", "website": "invalid" })
    );
    let hidden = post(
        &comments_url,
        JSON,
        Some("key-3b"),
        &json!({ "author": "\u{202E}nimdA", "email": "a@example.org", "body": "nul\u{0} and escape \u{1b}[2J" })
            .to_string(),
    );
    spec.check("post", COMMENTS, &hidden);
    assert_eq!(hidden.json()["errors"], json!({ "body": "forbidden_character", "author": "forbidden_character" }));

    // Spam is answered like a pending comment, stored as spam, never listed.
    let honeypot = post(&comments_url, JSON, Some("key-4"),
        &json!({ "author": "Bot", "email": "bot@example.org", "body": "Buy now", "honeypot": "x", "started_at": "2024-01-01T00:00:00Z" }).to_string());
    spec.check("post", COMMENTS, &honeypot);
    assert_eq!((honeypot.status, honeypot.json()["status"].clone()), (202, json!("pending")));
    let hasty = post(
        &comments_url,
        JSON,
        Some("key-5"),
        &json!({ "author": "Fast", "email": "fast@example.org", "body": "Too quick", "started_at": time_now() })
            .to_string(),
    );
    assert_eq!(hasty.status, 202);
    assert_eq!(db.with_status(Status::Spam).len(), 2);
    assert_eq!(get(&comments_url).json()["total"], 1);

    // 413 over the largest valid comment, 400 for anything that is not a JSON comment, 404 for no article.
    let big = comment("Big", &"a".repeat(BODY_LIMIT));
    let too_large = post(&comments_url, JSON, Some("key-6"), &big);
    spec.check("post", COMMENTS, &too_large);
    assert_eq!((too_large.status, too_large.json()["error"].clone()), (413, json!("too_large")));
    for (content_type, body) in
        [("text/plain", "hello"), (JSON, "{\"author\": "), (JSON, "[1, 2]"), (JSON, "{\"author\": 5}")]
    {
        let bad = post(&comments_url, content_type, None, body);
        spec.check("post", COMMENTS, &bad);
        assert_eq!(bad.status, 400, "{content_type} {body}");
    }
    let no_article = post(&url("/api/articles/no-such-story/comments"), JSON, None, &comment("A", "Hello"));
    spec.check("post", COMMENTS, &no_article);
    assert_eq!(no_article.status, 404);

    // 422 for a reply to no comment.
    let orphan = post(&comments_url, JSON, Some("key-7"), &reply("Aïcha", "Réponse.", "999999"));
    spec.check("post", COMMENTS, &orphan);
    assert_eq!((orphan.status, orphan.json()["errors"].clone()), (422, json!({ "parent": "invalid" })));

    // 429 with Retry-After, from a server with a tight limit.
    let limited_db = db.sibling();
    let mut tight = config(&limited_db);
    tight.rate_limit = 2;
    let limited = InProcess::start(tight);
    let limited_url = format!("{}{ARTICLE}/comments", limited.url);
    for i in 0..2 {
        assert_eq!(post(&limited_url, JSON, Some(&format!("r{i}")), &comment("R", &format!("Post {i}"))).status, 201);
    }
    let refused = post(&limited_url, JSON, Some("r2"), &comment("R", "Post 2"));
    spec.check("post", COMMENTS, &refused);
    assert_eq!(refused.status, 429);
    let wait: u64 = refused.retry_after.as_deref().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    // A retry of an accepted post is not held by the limit, and gets the same edit token back.
    let retried = post(&limited_url, JSON, Some("r0"), &comment("R", "Post 0"));
    assert_eq!(retried.status, 201);
    // An edit counts against the limit too.
    let (limited_id, limited_token) = grant(&retried);
    let held = request(
        "PATCH",
        &format!("{limited_url}/{limited_id}"),
        &[("content-type", JSON), ("x-edit-token", &limited_token)],
        Some(r#"{"body": "Corrigé."}"#),
    );
    spec.check("patch", OWN, &held);
    assert_eq!(held.status, 429);

    // The reader's own comment: edited, refused, deleted.
    let (own_url, own_token) = own_comment_answers(&spec, &comments_url);

    // Counts for a listing page: known articles, an unknown one, cached.
    let counts_url = url("/api/counts?articles=niger-us-withdrawal,no-such-story,sahel-solar-minigrids");
    let counts = get(&counts_url);
    spec.check("get", "/api/counts", &counts);
    assert_eq!(
        counts.json(),
        json!({ "counts": { "niger-us-withdrawal": 2, "no-such-story": null, "sahel-solar-minigrids": 0 } })
    );
    assert_eq!(counts.header("cache-control"), Some("public, max-age=30"));
    let etag = counts.header("etag").unwrap().to_owned();
    let unchanged = request("GET", &counts_url, &[("if-none-match", &etag)], None);
    spec.check("get", "/api/counts", &unchanged);
    assert_eq!((unchanged.status, unchanged.body.as_str()), (304, ""));
    let too_many: Vec<String> = (0..101).map(|i| format!("a{i}")).collect();
    for bad in [url("/api/counts"), url(&format!("/api/counts?articles={}", too_many.join(",")))] {
        let refused = get(&bad);
        spec.check("get", "/api/counts", &refused);
        assert_eq!((refused.status, refused.json()["error"].clone()), (400, json!("bad_query")));
    }

    // Related stories, ranked by the widget's own function.
    let related = get(&url(&format!("{ARTICLE}/related?limit=3")));
    spec.check("get", "/api/articles/{id}/related", &related);
    let stories = related.json()["stories"].as_array().unwrap().clone();
    assert_eq!(stories.len(), 3);
    assert!(stories.iter().all(|s| s["id"] != "niger-us-withdrawal"));
    let bad_order = get(&url(&format!("{ARTICLE}/related?order=random")));
    spec.check("get", "/api/articles/{id}/related", &bad_order);
    assert_eq!(bad_order.status, 400);
    spec.check("get", "/api/articles/{id}/related", &get(&url("/api/articles/no-such-story/related")));

    // Refused before any route is chosen, on every path, in JSON all the same.
    let address = server.url.trim_start_matches("http://").to_owned();
    for (method, path, target) in [
        ("get", "/healthz", "/healthz".to_owned()),
        ("get", "/api/articles/{id}", ARTICLE.to_owned()),
        ("get", COMMENTS, format!("{ARTICLE}/comments")),
        ("post", COMMENTS, format!("{ARTICLE}/comments")),
        ("get", "/api/articles/{id}/related", format!("{ARTICLE}/related")),
    ] {
        let verb = method.to_uppercase();
        let head = |uri: &str, rest: &str| format!("{verb} {uri} HTTP/1.1\r\nHost: {address}\r\n{rest}\r\n");
        for (status, code, request) in [
            (400, "malformed_request", head(&target, "not a header\r\n")),
            (
                413,
                "too_large",
                head(&target, "Content-Type: application/json\r\nContent-Length: 1000000000000\r\n") + "{",
            ),
            (414, "uri_too_long", head(&format!("{target}?q={}", "a".repeat(70_000)), "")),
            (431, "headers_too_large", head(&target, &format!("X-Big: {}\r\n", "a".repeat(MAX_HEADER_BYTES)))),
        ] {
            let answer = raw_answer(&address, request.as_bytes(), Duration::from_secs(5));
            spec.check(method, path, &answer);
            assert_eq!((answer.status, answer.json()["error"].as_str()), (status, Some(code)), "{verb} {target}");
        }
    }
    // 408: a comment whose body stops coming.
    let stalled = raw_answer(
        &address,
        format!("POST {ARTICLE}/comments HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"author\"").as_bytes(),
        Duration::from_secs(10),
    );
    spec.check("post", COMMENTS, &stalled);
    assert_eq!((stalled.status, stalled.json()["error"].as_str()), (408, Some("body_timeout")));

    // The database goes away: 503 with Retry-After, /healthz says so; it
    // comes back: service resumes by itself.
    match &proxy {
        Some(proxy) => {
            proxy.cut();
            let health = get(&url("/healthz"));
            spec.check("get", "/healthz", &health);
            assert_eq!((health.status, health.json()["status"].clone()), (503, json!("unavailable")));
            let list = get(&comments_url);
            spec.check("get", COMMENTS, &list);
            assert_eq!((list.status, list.json()["error"].clone()), (503, json!("unavailable")));
            let refused = post(&comments_url, JSON, Some("outage"), &comment("Patient", "Pendant la panne."));
            spec.check("post", COMMENTS, &refused);
            assert_eq!(refused.status, 503);
            assert!(refused.retry_after.as_deref().unwrap().parse::<u64>().unwrap() >= 1);
            let token = [("content-type", JSON), ("x-edit-token", own_token.as_str())];
            let edit = request("PATCH", &own_url, &token, Some(r#"{"body": "Pendant la panne."}"#));
            spec.check("patch", OWN, &edit);
            assert_eq!(edit.status, 503);
            let removal = request("DELETE", &own_url, &token, None);
            spec.check("delete", OWN, &removal);
            assert_eq!(removal.status, 503);
            let counts = get(&counts_url);
            spec.check("get", "/api/counts", &counts);
            assert_eq!(counts.status, 503);
            proxy.restore();
            let deadline = Instant::now() + Duration::from_secs(15);
            while get(&url("/healthz")).status != 200 {
                assert!(Instant::now() < deadline, "the server did not come back with its database");
                std::thread::sleep(Duration::from_millis(100));
            }
            let after = post(&comments_url, JSON, Some("outage"), &comment("Patient", "Pendant la panne."));
            assert_eq!(after.status, 201, "{}", after.body);
            let unseen = spec.unseen();
            assert!(unseen.is_empty(), "openapi.json documents answers no test saw: {unseen:?}");
        }
        None => {
            // SQLite has no outage a test can cause; the PostgreSQL run sees the 503s.
            let unseen: Vec<String> = spec.unseen().into_iter().filter(|a| !a.ends_with(" 503")).collect();
            assert!(unseen.is_empty(), "openapi.json documents answers no test saw: {unseen:?}");
        }
    }
}

const OWN: &str = "/api/articles/{id}/comments/{comment}";

/// The id and edit token of an accepted post.
fn grant(posted: &Answer) -> (String, String) {
    let body = posted.json();
    let id = body["comment"]["id"].as_str().expect("an id").to_owned();
    let token = body["edit"]["token"].as_str().unwrap_or_else(|| panic!("an edit grant: {}", posted.body)).to_owned();
    (id, token)
}

/// Every answer of PATCH and DELETE on a reader's own comment; returns a
/// comment left in place (its URL and token) for the outage checks.
fn own_comment_answers(spec: &Spec, comments_url: &str) -> (String, String) {
    let posted = post(comments_url, JSON, Some("own-1"), &comment("Awa", "Une faute de frape."));
    spec.check("post", COMMENTS, &posted);
    let (id, token) = grant(&posted);
    assert_eq!(token.len(), 64);
    let until = clock_parse(posted.json()["edit"]["until"].as_str().unwrap());
    let created = clock_parse(posted.json()["comment"]["created_at"].as_str().unwrap());
    assert_eq!((until - created).whole_minutes(), 15, "the default window");
    let own_url = format!("{comments_url}/{id}");
    fn with(token: &str) -> Vec<(&str, &str)> {
        vec![("content-type", JSON), ("x-edit-token", token)]
    }
    let edit = |headers: &[(&str, &str)], body: &str| request("PATCH", &own_url, headers, Some(body));

    let edited = edit(&with(&token), r#"{"body": "Une faute de frappe."}"#);
    spec.check("patch", OWN, &edited);
    assert_eq!((edited.status, edited.json()["status"].clone()), (200, json!("published")));
    assert_eq!(edited.json()["comment"]["body"], "Une faute de frappe.");
    assert!(edited.json()["comment"]["edited_at"].is_string(), "{}", edited.body);
    let listed = get(comments_url).json();
    let shown = listed["comments"].as_array().unwrap().iter().find(|c| c["id"] == json!(id)).unwrap().clone();
    assert!(shown["edited_at"].is_string() && shown["body"] == "Une faute de frappe.", "{shown}");

    for (headers, why) in [
        (vec![("content-type", JSON)], "no token"),
        (with(&"0".repeat(64)), "a forged token"),
        (with(&format!("{token}0")), "a token and more"),
    ] {
        let refused = edit(&headers, r#"{"body": "Pirate."}"#);
        spec.check("patch", OWN, &refused);
        assert_eq!((refused.status, refused.json()["error"].clone()), (403, json!("edit_forbidden")), "{why}");
    }
    let invalid = edit(&with(&token), r#"{"body": "x"}"#);
    spec.check("patch", OWN, &invalid);
    assert_eq!((invalid.status, invalid.json()["errors"].clone()), (422, json!({ "body": "too_short" })));
    let malformed = edit(&with(&token), r#"{"body": "#);
    spec.check("patch", OWN, &malformed);
    assert_eq!(malformed.status, 400);
    let base = comments_url.trim_end_matches("/comments");
    for missing in [format!("{comments_url}/999999"), format!("{comments_url}/abc"), format!("{base}x/comments/{id}")] {
        let answer = request("PATCH", &missing, &with(&token), Some(r#"{"body": "Ailleurs."}"#));
        spec.check("patch", OWN, &answer);
        assert_eq!(answer.status, 404, "{missing}");
    }

    // Deleted by its author: refused without the token, done with it, then gone.
    let second = post(comments_url, JSON, Some("own-2"), &comment("Awa", "À retirer."));
    let (second_id, second_token) = grant(&second);
    let second_url = format!("{comments_url}/{second_id}");
    let refused = request("DELETE", &second_url, &[("x-edit-token", &token)], None);
    spec.check("delete", OWN, &refused);
    assert_eq!((refused.status, refused.json()["error"].clone()), (403, json!("edit_forbidden")), "another's token");
    let deleted = request("DELETE", &second_url, &[("x-edit-token", &second_token)], None);
    spec.check("delete", OWN, &deleted);
    assert_eq!(deleted.status, 204);
    let gone = request("DELETE", &second_url, &[("x-edit-token", &second_token)], None);
    spec.check("delete", OWN, &gone);
    assert_eq!(gone.status, 404);
    (own_url, token)
}

fn clock_parse(text: &str) -> time::OffsetDateTime {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).unwrap()
}

fn reply(author: &str, body: &str, parent: &str) -> String {
    json!({ "author": author, "email": "reader@example.org", "body": body, "parent": parent,
            "started_at": "2024-01-01T00:00:00Z" })
    .to_string()
}

fn replies_name_a_published_comment_of_the_same_article(db: TestDb) {
    let mut cfg = config(&db);
    cfg.moderation = Moderation::FirstTime;
    let server = InProcess::start(cfg);
    let comments_url = format!("{}{ARTICLE}/comments", server.url);
    let key = "3f6c1a7e-8d2b-4c5e-9a10-b7e4d2c9f801";
    let with_key = |body: &str, parent: Option<&str>| {
        let mut c: Value = serde_json::from_str(&comment("Aïcha", body)).unwrap();
        c["reader_key"] = json!(key);
        if let Some(parent) = parent {
            c["parent"] = json!(parent);
        }
        c.to_string()
    };
    let first = post(&comments_url, JSON, Some("t1"), &with_key("Premier.", None));
    assert_eq!(first.status, 202);
    let first_id = first.json()["comment"]["id"].as_str().unwrap().to_owned();
    // A pending comment cannot be replied to.
    let early = post(&comments_url, JSON, Some("t2"), &with_key("Trop tôt.", Some(&first_id)));
    assert_eq!((early.status, early.json()["errors"].clone()), (422, json!({ "parent": "invalid" })));
    assert!(cli(&db, &["approve", &first_id]).0);
    let answer = post(&comments_url, JSON, Some("t3"), &with_key("Une réponse.", Some(&first_id)));
    assert_eq!(answer.status, 201, "{}", answer.body);
    assert_eq!(answer.json()["comment"]["parent"], json!(first_id));
    let listed = get(&comments_url).json();
    assert_eq!(listed["comments"][0]["parent"], Value::Null);
    assert_eq!(listed["comments"][1]["parent"], json!(first_id));
    // Not across articles, and not a made-up id.
    let elsewhere = format!("{}/api/articles/sahel-solar-minigrids/comments", server.url);
    let across = post(&elsewhere, JSON, Some("t4"), &with_key("Ailleurs.", Some(&first_id)));
    assert_eq!((across.status, across.json()["errors"].clone()), (422, json!({ "parent": "invalid" })));
    for bad in ["0", "-3", "abc", "1.5"] {
        let wrong = post(&comments_url, JSON, Some(&format!("t-{bad}")), &with_key("Mauvais parent.", Some(bad)));
        assert_eq!((wrong.status, wrong.json()["errors"].clone()), (422, json!({ "parent": "invalid" })), "{bad}");
    }
    // A deleted parent leaves its replies in place, without a parent.
    assert!(cli(&db, &["delete", &first_id]).0);
    let listed = get(&comments_url).json();
    assert_eq!((listed["total"].clone(), listed["comments"][0]["parent"].clone()), (json!(1), Value::Null));
}

fn pages_follow_a_cursor_and_old_clients_offset_still_works(db: TestDb) {
    let server = InProcess::start(config(&db));
    let comments_url = format!("{}{ARTICLE}/comments", server.url);
    for i in 0..7 {
        let sent = post(&comments_url, JSON, Some(&format!("page-{i}")), &comment("Pager", &format!("Message {i}")));
        assert_eq!(sent.status, 201);
    }
    let bodies = |page: &Value| -> Vec<String> {
        page["comments"].as_array().unwrap().iter().map(|c| c["body"].as_str().unwrap().to_owned()).collect()
    };
    // By cursor: each page names the next, the last names none.
    let mut seen = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let query = next.as_ref().map(|n| format!("&after={n}")).unwrap_or_default();
        let page = get(&format!("{comments_url}?limit=3{query}")).json();
        assert_eq!(page["total"], 7);
        seen.extend(bodies(&page));
        match page["next"].as_str() {
            Some(n) => next = Some(n.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, (0..7).map(|i| format!("Message {i}")).collect::<Vec<_>>());
    // By offset, as widgets before the cursor did.
    let page = get(&format!("{comments_url}?offset=5&limit=3")).json();
    assert_eq!(bodies(&page), ["Message 5", "Message 6"]);
    assert_eq!(page["next"], Value::Null);
    assert_eq!(bodies(&get(&format!("{comments_url}?offset=1&limit=2")).json()), ["Message 1", "Message 2"]);
    // Refused clearly: a deep offset, both at once, a cursor that is not one.
    for query in [format!("offset={}", MAX_OFFSET + 1), "offset=1&after=3".into(), "after=soon".into()] {
        let refused = get(&format!("{comments_url}?{query}"));
        assert_eq!((refused.status, refused.json()["error"].clone()), (400, json!("bad_query")), "{query}");
    }
    assert!(get(&format!("{comments_url}?offset={}", MAX_OFFSET + 1)).json()["message"]
        .as_str()
        .unwrap()
        .contains("after"));
}

fn first_time_moderation_trusts_the_readers_key_not_a_typed_email(db: TestDb) {
    let mut cfg = config(&db);
    cfg.moderation = Moderation::FirstTime;
    let server = InProcess::start(cfg);
    let comments_url = format!("{}{ARTICLE}/comments", server.url);
    let post_as = |key: &str, author: &str, body: &str, reader_key: Option<&str>| {
        let mut c: Value = serde_json::from_str(&comment(author, body)).unwrap();
        if let Some(k) = reader_key {
            c["reader_key"] = json!(k);
        }
        post(&comments_url, JSON, Some(key), &c.to_string())
    };
    let reader = "5b0c2f9e-1d4a-4e7b-8c3f-a2d9e6b1c047";
    let first = post_as("f1", "Habituée", "Premier message.", Some(reader));
    assert_eq!(first.status, 202);
    assert!(cli(&db, &["approve", first.json()["comment"]["id"].as_str().unwrap()]).0);
    // The same browser: published at once.
    assert_eq!(post_as("f2", "Habituée", "Deuxième message.", Some(reader)).status, 201);
    // Someone else typing her (known) email, with no key or another key: held.
    assert_eq!(post_as("f3", "Habituée", "Usurpation.", None).status, 202);
    assert_eq!(
        post_as("f4", "Habituée", "Usurpation encore.", Some("c0ffee00-0000-4000-8000-00000000dead")).status,
        202
    );
    // A key too short to be a secret is refused.
    let weak = post_as("f5", "Habituée", "Clé faible.", Some("1234"));
    assert_eq!((weak.status, weak.json()["errors"].clone()), (422, json!({ "reader_key": "invalid" })));

    // With `--first-time-trust email`, the typed address is what counts (documented as such).
    let email_db = db.sibling();
    let mut by_email = config(&email_db);
    by_email.moderation = Moderation::FirstTime;
    by_email.trust = Trust::Email;
    let server = InProcess::start(by_email);
    let url = format!("{}{ARTICLE}/comments", server.url);
    let first = post(&url, JSON, Some("e1"), &comment("Lectrice", "Bonjour."));
    assert_eq!(first.status, 202);
    assert!(cli(&email_db, &["approve", first.json()["comment"]["id"].as_str().unwrap()]).0);
    assert_eq!(post(&url, JSON, Some("e2"), &comment("N'importe qui", "Même adresse.")).status, 201);
}

#[test]
fn related_stories_from_feeds_in_other_character_sets_read_as_written() {
    // The `--related-feed` file is read in the character set it declares,
    // as the widget reads a feed: the titles a reader gets are not garbled.
    let feeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/feeds");
    for (file, title) in
        [("latin1.xml", "Niger: Porträt für eine Stadt im Wandel"), ("gb2312.xml", "美国同意从尼日尔撤军")]
    {
        let db = TestDb::sqlite();
        let mut config = config(&db);
        config.related_feed = Some(feeds.join(file));
        let server = InProcess::start(config);
        let related = get(&format!("{}{ARTICLE}/related?order=as-is&limit=5", server.url));
        assert_eq!(related.status, 200, "{file}");
        let stories = related.json()["stories"].as_array().unwrap().clone();
        assert_eq!(stories[0]["title"], title, "{file}");
        assert!(stories.iter().all(|s| !s["title"].as_str().unwrap().contains('\u{fffd}')), "{file}: {stories:?}");
    }
}

fn time_now() -> String {
    // RFC 3339 "now", as a browser's Date.toISOString would send it.
    let output = std::process::Command::new("date").args(["-u", "+%Y-%m-%dT%H:%M:%SZ"]).output().unwrap();
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

fn moderation_modes_and_the_moderation_commands(db: TestDb) {
    let mut cfg = config(&db);
    cfg.moderation = Moderation::FirstTime;
    cfg.trust = Trust::Email;
    let server = InProcess::start(cfg);
    let comments_url = format!("{}{ARTICLE}/comments", server.url);

    let first = post(&comments_url, JSON, Some("m1"), &comment("Nouvelle", "Premier message."));
    assert_eq!((first.status, first.json()["status"].clone()), (202, json!("pending")));
    assert_eq!(get(&comments_url).json()["total"], 0);

    let (ok, pending) = cli(&db, &["pending"]);
    assert!(ok);
    assert!(pending.contains("Nouvelle <reader@example.org>") && pending.contains("Premier message."), "{pending}");
    let id = first.json()["comment"]["id"].as_str().unwrap().to_owned();
    let (ok, out) = cli(&db, &["approve", &id]);
    assert!(ok, "{out}");
    assert_eq!(get(&comments_url).json()["total"], 1);

    // Known now: the next comment from the same address is published at once.
    let second = post(&comments_url, JSON, Some("m2"), &comment("Nouvelle", "Deuxième message."));
    assert_eq!(second.status, 201);

    let (ok, exported) = cli(&db, &["export", "niger-us-withdrawal"]);
    assert!(ok);
    let exported: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(exported["comments"].as_array().unwrap().len(), 2);
    assert_eq!(exported["comments"][0]["email"], "reader@example.org");

    let second_id = second.json()["comment"]["id"].as_str().unwrap().to_owned();
    assert!(cli(&db, &["reject", &second_id]).0);
    assert_eq!(get(&comments_url).json()["total"], 1);
    assert!(cli(&db, &["delete", &id]).0);
    assert_eq!(get(&comments_url).json()["total"], 0);
    assert!(!cli(&db, &["delete", &id]).0, "deleting twice fails, naming the comment");

    // Spam answers look exactly like pending ones: status, headers, fields.
    let mut pending = post(&comments_url, JSON, Some("m3"), &comment("Inconnue", "Un avis."));
    let mut spam = post(
        &comments_url,
        JSON,
        Some("m4"),
        &json!({ "author": "Bot", "email": "bot@example.org", "body": "Achetez", "honeypot": "x",
                 "started_at": "2024-01-01T00:00:00Z" })
        .to_string(),
    );
    assert_eq!((pending.status, spam.status), (202, 202));
    let shape = |a: &mut Answer| {
        let mut names: Vec<String> = a
            .headers
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase())
            .filter(|n| n != "date" && n != "content-length")
            .collect();
        names.sort();
        let body = a.json();
        let mut keys: Vec<String> = body["comment"].as_object().unwrap().keys().cloned().collect();
        keys.sort();
        (names, body["status"].clone(), keys)
    };
    assert_eq!(shape(&mut pending), shape(&mut spam));

    // `all`: everything waits.
    let all_db = db.sibling();
    let mut all = config(&all_db);
    all.moderation = Moderation::All;
    let held = InProcess::start(all);
    let answer =
        post(&format!("{}{ARTICLE}/comments", held.url), JSON, Some("a1"), &comment("Habitué", "Toujours relu."));
    assert_eq!(answer.status, 202);
}

#[test]
fn cors_preflight_and_the_built_widget() {
    let db = TestDb::sqlite();
    let dist = db.dir().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>demo</title>").unwrap();
    std::fs::write(dist.join("w_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let mut cfg = config(&db);
    cfg.dist = Some(dist);
    let server = InProcess::start(cfg);

    let preflight = options(&format!("{}{ARTICLE}/comments", server.url), "https://partner.example");
    assert!(preflight.status == 200 || preflight.status == 204, "{}", preflight.status);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
    let allowed = preflight.header("access-control-allow-headers").unwrap_or_default().to_ascii_lowercase();
    assert!(allowed.contains("idempotency-key") && allowed.contains("content-type"), "{allowed}");

    let page = get(&format!("{}/", server.url));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<title>demo</title>"));
    let wasm = get(&format!("{}/w_bg.wasm", server.url));
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    let unknown_api = get(&format!("{}/api/nothing/here", server.url));
    assert_eq!((unknown_api.status, unknown_api.json()["error"].clone()), (404, json!("not_found")));
    let bad_path = get(&format!("{}/api/articles/%FF", server.url));
    assert_eq!((bad_path.status, bad_path.json()["error"].clone()), (400, json!("bad_path")));

    // A malformed origin stops the start with a message; "*" means any.
    let mut wrong = config(&db);
    wrong.cors_origins = vec!["https://partner.example/".into()];
    assert!(block_on(async { article_widget_server::app(wrong).await.is_err() }));
    let mut star = config(&db);
    star.cors_origins = vec!["*".into()];
    assert!(block_on(async { article_widget_server::app(star).await.is_ok() }));

    // With a list of origins, only those, with credentials.
    let strict_db = TestDb::sqlite();
    let mut strict = config(&strict_db);
    strict.cors_origins = vec!["https://partner.example".into()];
    let strict = InProcess::start(strict);
    let ok = options(&format!("{}{ARTICLE}/comments", strict.url), "https://partner.example");
    assert_eq!(ok.header("access-control-allow-origin"), Some("https://partner.example"));
    assert_eq!(ok.header("access-control-allow-credentials"), Some("true"));
    let other = options(&format!("{}{ARTICLE}/comments", strict.url), "https://elsewhere.example");
    assert_eq!(other.header("access-control-allow-origin"), None);
}

#[test]
fn sigterm_lets_a_request_under_way_finish() {
    use std::io::{Read, Write};
    let db = TestDb::sqlite();
    let mut server = Process::start(&["--database-url", &db.arg(), "--rate-limit", "0"]);
    let address = server.url.trim_start_matches("http://").to_owned();
    let body = comment("Lente", "Envoyé en deux fois.");
    let (first, second) = body.split_at(body.len() / 2);
    // Headers and half the body, then SIGTERM, then the rest.
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    write!(stream, "POST {ARTICLE}/comments HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nIdempotency-Key: slow\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{first}", body.len()).unwrap();
    stream.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    let pid = server.child.id().to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    std::thread::sleep(std::time::Duration::from_millis(200));
    stream.write_all(second.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    assert!(server.child.wait().unwrap().success());
    // And the comment is there.
    let (_, exported) = cli(&db, &["export", "niger-us-withdrawal"]);
    assert!(exported.contains("Envoyé en deux fois."), "{exported}");
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let db = TestDb::sqlite();
    let mut server = Process::start(&["--database-url", &db.arg()]);
    assert_eq!(get(&format!("{}/healthz", server.url)).status, 200);
    let pid = server.child.id().to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let status = server.child.wait().unwrap();
    assert!(status.success(), "exit after SIGTERM: {status}");
}

fn the_body_limit_fits_the_largest_valid_comment(db: TestDb) {
    use article_widget_core::comment::{AUTHOR_MAX, BODY_MAX, EMAIL_MAX, WEBSITE_MAX};
    let server = InProcess::start(config(&db));
    let url = format!("{}{ARTICLE}/comments", server.url);

    // 5,000 emoji and 5,000 CJK characters, as the widget's JSON.stringify writes them.
    for (key, text) in [("emoji", "😀".repeat(BODY_MAX)), ("cjk", "漢".repeat(BODY_MAX))] {
        let answer = post(&url, JSON, Some(key), &comment(key, &text));
        assert_eq!(answer.status, 201, "{key}: {}", &answer.body[..answer.body.len().min(200)]);
    }

    // The longest JSON a valid comment can be (every field at its limit, every
    // character escaped the longest way), padded with JSON white space to the
    // limit itself: accepted; one byte more: 413.
    let escaped = |n: usize| "\\ud83d\\ude4f".repeat(n);
    let local = "b".repeat(EMAIL_MAX - "@example.org".len());
    let email: String = format!("{local}@example.org").chars().map(|c| format!("\\u{:04x}", u32::from(c))).collect();
    let website = format!("https://a.example/{}", escaped(WEBSITE_MAX - "https://a.example/".len()));
    let largest = |padding: usize| {
        format!(
            r#"{{"author":"{}","email":"{email}","website":"{website}","body":"{}","started_at":"2024-01-01T00:00:00Z"}}{}"#,
            escaped(AUTHOR_MAX),
            escaped(BODY_MAX),
            " ".repeat(padding)
        )
    };
    let padding = BODY_LIMIT - largest(0).len();
    assert_eq!(largest(padding).len(), BODY_LIMIT);
    let at_limit = post(&url, JSON, Some("largest"), &largest(padding));
    assert_eq!(at_limit.status, 201, "{}", &at_limit.body[..at_limit.body.len().min(300)]);
    let over = post(&url, JSON, Some("over"), &largest(padding + 1));
    assert_eq!((over.status, over.json()["error"].clone()), (413, json!("too_large")));
}

fn one_text_typed_two_ways_is_one_duplicate(db: TestDb) {
    let server = InProcess::start(config(&db));
    let url = format!("{}{ARTICLE}/comments", server.url);
    // "é" composed, then as "e" and a combining accent; then with a trailing
    // zero-width space and Windows line breaks.
    let first = post(&url, JSON, Some("nfc-1"), &comment("Zoé", "Très bien.\nMerci."));
    assert_eq!(first.status, 201);
    for (key, author, body) in
        [("nfc-2", "Zoe\u{301}", "Tre\u{300}s bien.\nMerci."), ("nfc-3", "Zoé", "Très bien.\r\nMerci.\u{200B}")]
    {
        let again = post(&url, JSON, Some(key), &comment(author, body));
        assert_eq!((again.status, again.json()["error"].clone()), (409, json!("duplicate")), "{key}");
    }
    // Stored as NFC, which is what the list gives back.
    let listed = get(&url).json();
    assert_eq!(listed["comments"][0]["author"], "Zoé");
    assert_eq!(listed["total"], 1);
}

#[test]
fn openapi_lists_every_error_code_of_the_shared_enum() {
    use article_widget_core::error_code::ErrorCode;
    let spec: Value = serde_json::from_str(include_str!("../openapi.json")).unwrap();
    let listed: Vec<&str> = spec["components"]["schemas"]["Error"]["properties"]["error"]["enum"]
        .as_array()
        .expect("Error.error lists its codes")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let shared: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(listed, shared);
    let problems: Vec<&str> = spec["components"]["schemas"]["ProblemCode"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(problems, ["required", "too_short", "too_long", "invalid", "forbidden_character"]);
}

#[test]
fn a_database_out_of_reach_at_start_stops_the_server_with_a_clear_message() {
    // A port nothing listens on (bound, then released).
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("postgres://aw:s3cret@127.0.0.1:{port}/comments");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_article-widget-server"))
        .args(["--listen", "127.0.0.1:0", "--database-url", &url, "--articles"])
        .arg(articles_dir())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains(&format!("database postgres://aw:***@127.0.0.1:{port}/comments")), "{stderr}");
    assert!(stderr.contains("cannot be reached"), "{stderr}");
    assert!(!stderr.contains("s3cret"), "the password never shows: {stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).is_empty(), "it never said it was listening");
}
