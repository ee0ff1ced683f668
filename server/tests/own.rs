//! Readers fixing their own comment, over real HTTP on both backends: the
//! edit token a post is answered with, edits and deletions within the
//! window and after it, with another comment's token or a forged one, the
//! token stored only as a hash and never read from a URL, edits validated
//! and moderated like new comments; and the counts of listing pages.

mod support;

use std::time::Duration;

use article_widget_server::store::Status;
use article_widget_server::Moderation;
use serde_json::{json, Value};
use support::*;

both_backends!(
    edits_and_deletions_within_the_window_and_not_after,
    a_token_opens_its_own_comment_only,
    edits_keep_the_rules_of_new_comments_and_of_moderation,
    counts_for_a_listing_page,
);

const JSON: &str = "application/json";
const ARTICLE: &str = "/api/articles/niger-us-withdrawal";

fn comment(author: &str, email: &str, body: &str) -> String {
    json!({ "author": author, "email": email, "body": body, "started_at": "2024-01-01T00:00:00Z" }).to_string()
}

/// (id, token) of an accepted post.
fn grant(answer: &Answer) -> (String, String) {
    assert!(answer.status == 201 || answer.status == 202, "{} {}", answer.status, answer.body);
    let body = answer.json();
    (body["comment"]["id"].as_str().unwrap().to_owned(), body["edit"]["token"].as_str().unwrap().to_owned())
}

fn edit(url: &str, token: &str, body: &str) -> Answer {
    request(
        "PATCH",
        url,
        &[("content-type", JSON), ("x-edit-token", token)],
        Some(&json!({ "body": body }).to_string()),
    )
}

fn remove(url: &str, token: &str) -> Answer {
    request("DELETE", url, &[("x-edit-token", token)], None)
}

fn edits_and_deletions_within_the_window_and_not_after(db: TestDb) {
    let mut cfg = config(&db);
    cfg.edit_window = Duration::from_secs(2);
    let server = InProcess::start(cfg);
    let comments = format!("{}{ARTICLE}/comments", server.url);
    let first = post(&comments, JSON, Some("w1"), &comment("Awa", "awa@example.org", "Premier jet."));
    let (id, token) = grant(&first);
    let until = first.json()["edit"]["until"].as_str().unwrap().to_owned();
    let own = format!("{comments}/{id}");
    assert_eq!(edit(&own, &token, "Premier jet, relu.").status, 200);
    let second = post(&comments, JSON, Some("w2"), &comment("Awa", "awa@example.org", "Deuxième."));
    let (second_id, second_token) = grant(&second);

    // Past `until`, the right token is refused, for edits and deletions alike.
    let wait = until_instant(&until);
    std::thread::sleep(wait + Duration::from_millis(300));
    let late = edit(&own, &token, "Trop tard.");
    assert_eq!((late.status, late.json()["error"].clone()), (403, json!("edit_window_closed")));
    let late = remove(&format!("{comments}/{second_id}"), &second_token);
    assert_eq!((late.status, late.json()["error"].clone()), (403, json!("edit_window_closed")));
    let listed = get(&comments).json();
    assert_eq!(listed["total"], 2, "nothing was deleted");
    assert_eq!(listed["comments"][0]["body"], "Premier jet, relu.");

    // A server that does not let readers edit gives no token.
    let closed_db = db.sibling();
    let mut closed = config(&closed_db);
    closed.edit_window = Duration::ZERO;
    let server = InProcess::start(closed);
    let answer = post(&format!("{}{ARTICLE}/comments", server.url), JSON, Some("c1"), &comment("A", "a@b.c", "Salut."));
    assert_eq!(answer.status, 201);
    assert!(answer.json().get("edit").is_none(), "{}", answer.body);
}

/// How long until an RFC 3339 time.
fn until_instant(until: &str) -> Duration {
    let until = time::OffsetDateTime::parse(until, &time::format_description::well_known::Rfc3339).unwrap();
    let left = until - time::OffsetDateTime::now_utc();
    Duration::try_from(left).unwrap_or_default()
}

fn a_token_opens_its_own_comment_only(db: TestDb) {
    let server = InProcess::start(config(&db));
    let comments = format!("{}{ARTICLE}/comments", server.url);
    let (mine, my_token) = grant(&post(&comments, JSON, Some("t1"), &comment("Awa", "awa@example.org", "Le mien.")));
    let (theirs, their_token) =
        grant(&post(&comments, JSON, Some("t2"), &comment("Ali", "ali@example.org", "Le sien.")));
    assert_ne!(my_token, their_token);
    let their_url = format!("{comments}/{theirs}");

    // A stolen token of another comment, a forged one, none, the token in the URL: refused.
    assert_eq!(edit(&their_url, &my_token, "Volé.").json()["error"], "edit_forbidden");
    assert_eq!(remove(&their_url, &my_token).json()["error"], "edit_forbidden");
    assert_eq!(edit(&their_url, &"f".repeat(64), "Forgé.").json()["error"], "edit_forbidden");
    let in_url = request(
        "PATCH",
        &format!("{their_url}?token={their_token}&x-edit-token={their_token}"),
        &[("content-type", JSON)],
        Some(r#"{"body": "Par l'adresse."}"#),
    );
    assert_eq!((in_url.status, in_url.json()["error"].clone()), (403, json!("edit_forbidden")));
    // The token of this comment on another article's address: no such comment there.
    let elsewhere = format!("{}/api/articles/sahel-solar-minigrids/comments/{theirs}", server.url);
    assert_eq!(edit(&elsewhere, &their_token, "Ailleurs.").status, 404);
    let bodies: Vec<Value> =
        get(&comments).json()["comments"].as_array().unwrap().iter().map(|c| c["body"].clone()).collect();
    assert_eq!(bodies, [json!("Le mien."), json!("Le sien.")]);

    // The same post retried (same key) gets the same token; the database keeps only its hash.
    let again = post(&comments, JSON, Some("t1"), &comment("Awa", "awa@example.org", "Le mien."));
    assert_eq!(grant(&again), (mine.clone(), my_token.clone()));
    let stored = block_on(async {
        let store = db.url.open().await.unwrap().store;
        store.get(mine.parse().unwrap()).await.unwrap().unwrap()
    });
    let hash = stored.edit_token_hash.clone().unwrap();
    assert!(!hash.contains(&my_token) && hash.len() == 64, "{hash}");
    assert_eq!(edit(&format!("{comments}/{mine}"), &my_token, "Le mien, corrigé.").status, 200);
    // And the owner may delete it; the other comment stays.
    assert_eq!(remove(&format!("{comments}/{mine}"), &my_token).status, 204);
    assert_eq!(get(&comments).json()["total"], 1);
}

fn edits_keep_the_rules_of_new_comments_and_of_moderation(db: TestDb) {
    let mut cfg = config(&db);
    cfg.moderation = Moderation::FirstTime;
    let server = InProcess::start(cfg);
    let comments = format!("{}{ARTICLE}/comments", server.url);
    let (id, token) = grant(&post(&comments, JSON, Some("m1"), &comment("Awa", "awa@example.org", "Voir le rapport.")));
    let own = format!("{comments}/{id}");
    // Pending: an edit keeps it pending, and says so.
    let pending = edit(&own, &token, "Voir le rapport officiel.");
    assert_eq!((pending.status, pending.json()["status"].clone()), (200, json!("pending")));
    assert!(cli(&db, &["approve", &id]).0);
    // Published: a fix without links stays published; one that adds a link goes back to pending.
    let fixed = edit(&own, &token, "Voir le rapport officiel, page 3.");
    assert_eq!(fixed.json()["status"], "published");
    assert_eq!(get(&comments).json()["total"], 1);
    let linked = edit(&own, &token, "Voir https://spam.example/promo maintenant.");
    assert_eq!(linked.json()["status"], "pending");
    assert_eq!(get(&comments).json()["total"], 0, "held again until a moderator looks");

    // The rules of a new comment: length, invisible characters; the text is tidied alike.
    let too_long = edit(&own, &token, &"a".repeat(5001));
    assert_eq!((too_long.status, too_long.json()["errors"].clone()), (422, json!({ "body": "too_long" })));
    let bidi = edit(&own, &token, "Texte \u{202E}inversé");
    assert_eq!(bidi.json()["errors"], json!({ "body": "forbidden_character" }));
    let tidied = edit(&own, &token, "  Tre\u{300}s bien.\r\n\u{200B}");
    assert_eq!(tidied.json()["comment"]["body"], "Très bien.");

    // `all`: every edit of a published comment waits for a moderator.
    let all_db = db.sibling();
    let mut all = config(&all_db);
    all.moderation = Moderation::All;
    let server = InProcess::start(all);
    let comments = format!("{}{ARTICLE}/comments", server.url);
    let (id, token) = grant(&post(&comments, JSON, Some("a1"), &comment("Ali", "ali@example.org", "Bonjour.")));
    assert!(cli(&all_db, &["approve", &id]).0);
    assert_eq!(edit(&format!("{comments}/{id}"), &token, "Bonsoir.").json()["status"], "pending");
    let held = all_db.with_status(Status::Pending);
    assert_eq!((held.len(), held[0].body.as_str(), held[0].edited_at.is_some()), (1, "Bonsoir.", true));
}

fn counts_for_a_listing_page(db: TestDb) {
    let server = InProcess::start(config(&db));
    let comments = format!("{}{ARTICLE}/comments", server.url);
    for i in 0..3 {
        assert_eq!(
            post(&comments, JSON, Some(&format!("n{i}")), &comment("A", "a@b.c", &format!("Avis {i}."))).status,
            201
        );
    }
    let url = format!(
        "{}/api/counts?articles=niger-us-withdrawal,sahel-solar-minigrids,ghost,niger-us-withdrawal",
        server.url
    );
    let first = get(&url);
    assert_eq!(
        first.json(),
        json!({ "counts": { "niger-us-withdrawal": 3, "sahel-solar-minigrids": 0, "ghost": null } })
    );
    // CORS like the rest of the API.
    let cors = request("GET", &url, &[("origin", "https://listing.example")], None);
    assert_eq!(cors.header("access-control-allow-origin"), Some("*"));
    // Cached: the same answer again is a 304; a new comment changes the ETag.
    let etag = first.header("etag").unwrap().to_owned();
    assert_eq!(request("GET", &url, &[("if-none-match", &etag)], None).status, 304);
    assert_eq!(post(&comments, JSON, Some("n3"), &comment("A", "a@b.c", "Avis 3.")).status, 201);
    let changed = request("GET", &url, &[("if-none-match", &etag)], None);
    assert_eq!((changed.status, changed.json()["counts"]["niger-us-withdrawal"].clone()), (200, json!(4)));
    // Moderation moves the count: a rejected comment no longer counts.
    let id = get(&comments).json()["comments"][0]["id"].as_str().unwrap().to_owned();
    assert!(cli(&db, &["reject", &id]).0);
    assert_eq!(get(&url).json()["counts"]["niger-us-withdrawal"], 3);
}
