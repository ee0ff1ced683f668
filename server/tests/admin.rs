//! The moderation page over real HTTP on both backends, driven as a browser
//! drives it (cookies kept, `Origin` and `Sec-Fetch-Site` sent): moderators
//! made by the subcommand sign in and moderate one comment and many, block
//! emails and clients, and every action is in the log; and the attacks:
//! no session, an expired one, a forged CSRF token, a form posted from
//! another origin, sign-in by brute force, session fixation.

mod support;

use std::collections::HashMap;
use std::time::Duration;

use article_widget_server::store::{SpamReason, Status};
use article_widget_server::Moderation;
use serde_json::json;
use support::*;

both_backends!(
    a_moderator_signs_in_and_moderates_one_comment_and_many,
    blocked_emails_and_clients_go_to_spam,
    nothing_is_done_without_a_session_its_csrf_token_and_the_pages_origin,
    an_expired_session_acts_on_nothing,
    sign_in_attempts_are_limited,
    every_sign_in_gets_a_new_session_id,
);

const JSON: &str = "application/json";
const ARTICLE: &str = "/api/articles/niger-us-withdrawal";
const PASSWORD: &str = "correct horse battery staple";

/// A browser on the moderation page: its cookies, its origin.
struct Browser {
    base: String,
    cookies: HashMap<String, String>,
    /// Headers sent with every request (`X-Forwarded-For` for a client behind the proxy).
    extra: Vec<(String, String)>,
}

impl Browser {
    fn new(base: &str) -> Browser {
        Browser { base: base.to_owned(), cookies: HashMap::new(), extra: Vec::new() }
    }

    fn headers(&self) -> Vec<(String, String)> {
        let mut headers = self.extra.clone();
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            headers.push(("cookie".into(), jar.join("; ")));
        }
        headers
    }

    fn keep_cookies(&mut self, answer: &Answer) {
        for line in answer.all("set-cookie") {
            let pair = line.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if line.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
    }

    fn get(&mut self, path: &str) -> Answer {
        let headers = self.headers();
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let answer = request("GET", &format!("{}{path}", self.base), &headers, None);
        self.keep_cookies(&answer);
        answer
    }

    /// A form posted from this origin's own page, as a browser posts it.
    fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Answer {
        let origin = self.base.clone();
        self.post_from(path, form, &[("origin", &origin), ("sec-fetch-site", "same-origin")])
    }

    fn post_from(&mut self, path: &str, form: &[(&str, &str)], from: &[(&str, &str)]) -> Answer {
        let mut body = form_urlencoded::Serializer::new(String::new());
        for (k, v) in form {
            body.append_pair(k, v);
        }
        let mut headers = self.headers();
        headers.push(("content-type".into(), "application/x-www-form-urlencoded".into()));
        headers.extend(from.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let answer = request("POST", &format!("{}{path}", self.base), &headers, Some(&body.finish()));
        self.keep_cookies(&answer);
        answer
    }

    /// Opens the sign-in page and signs in.
    fn sign_in(&mut self, name: &str, password: &str) -> Answer {
        let page = self.get("/admin/login");
        assert_eq!(page.status, 200, "{}", page.body);
        let token = hidden(&page.body, "csrf");
        self.post("/admin/login", &[("csrf", &token), ("name", name), ("password", password)])
    }

    /// The CSRF token of the signed-in page.
    fn csrf(&mut self) -> String {
        let page = self.get("/admin");
        assert_eq!(page.status, 200, "{}", page.body);
        hidden(&page.body, "csrf")
    }
}

/// The value of a hidden input of a page.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no {name} field in {html}")) + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

fn add_moderator(db: &TestDb, name: &str) {
    let (ok, said) = cli_with_input(db, &["moderator", "add", name, "--password-stdin"], &format!("{PASSWORD}\n"));
    assert!(ok, "{said}");
}

fn comment(author: &str, email: &str, body: &str) -> String {
    json!({ "author": author, "email": email, "body": body, "started_at": "2024-01-01T00:00:00Z" }).to_string()
}

fn post_comment(base: &str, key: &str, author: &str, email: &str, body: &str) -> String {
    let answer = post(&format!("{base}{ARTICLE}/comments"), JSON, Some(key), &comment(author, email, body));
    assert!(answer.status == 201 || answer.status == 202, "{}", answer.body);
    answer.json()["comment"]["id"].as_str().unwrap().to_owned()
}

fn status_of(db: &TestDb, id: &str) -> Option<Status> {
    let id: i64 = id.parse().unwrap();
    Status::ALL.into_iter().find(|s| db.with_status(*s).iter().any(|c| c.id == id))
}

fn held(moderation: Moderation, db: &TestDb) -> InProcess {
    let mut cfg = config(db);
    cfg.moderation = moderation;
    InProcess::start(cfg)
}

fn a_moderator_signs_in_and_moderates_one_comment_and_many(db: TestDb) {
    add_moderator(&db, "amina");
    let (ok, listed) = cli(&db, &["moderator", "list"]);
    assert!(ok && listed.contains("amina"), "{listed}");
    let (ok, said) = cli_with_input(&db, &["moderator", "add", "amina", "--password-stdin"], "another password\n");
    assert!(!ok && said.contains("exists"), "{said}");
    let (ok, said) = cli_with_input(&db, &["moderator", "add", "bob", "--password-stdin"], "short\n");
    assert!(!ok && said.contains("12 characters"), "{said}");

    let server = held(Moderation::All, &db);
    let ids: Vec<String> = (0..4)
        .map(|i| {
            post_comment(
                &server.url,
                &format!("k{i}"),
                &format!("Lecteur {i}"),
                "lecteur@example.org",
                &format!("Avis numéro {i}."),
            )
        })
        .collect();

    let mut browser = Browser::new(&server.url);
    let away = browser.get("/admin");
    assert_eq!((away.status, away.header("location")), (303, Some("/admin/login")));
    let signed = browser.sign_in("amina", PASSWORD);
    assert_eq!((signed.status, signed.header("location")), (303, Some("/admin")), "{}", signed.body);
    let cookie = signed.all("set-cookie").into_iter().find(|c| c.starts_with("aw_admin=")).unwrap().to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/admin", "Max-Age=3600"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP on loopback: {cookie}");

    // The queue: every pending comment, newest first, with what the page must say.
    let page = browser.get("/admin");
    assert_eq!(page.status, 200);
    assert_eq!(page.header("access-control-allow-origin"), None, "no other origin may read it");
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(page.header("content-security-policy").unwrap().contains("frame-ancestors 'none'"));
    let positions: Vec<usize> = (0..4).map(|i| page.body.find(&format!("Avis numéro {i}.")).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] > w[1]), "newest first: {positions:?}");
    assert!(page.body.contains("Les Etats-Unis acceptent de retirer leurs militaires du Niger"), "the article's title");
    assert!(page.body.contains("lecteur@example.org") && page.body.contains("passé"));
    let csrf = hidden(&page.body, "csrf");

    // One at a time.
    let done = browser
        .post("/admin/comments", &[("csrf", &csrf), ("view", "pending"), ("act", &format!("approve:{}", ids[0]))]);
    assert_eq!(done.status, 303);
    assert!(
        done.header("location").unwrap().starts_with("/admin?view=pending&done=approve&n=1"),
        "{:?}",
        done.header("location")
    );
    assert_eq!(status_of(&db, &ids[0]), Some(Status::Published));
    assert_eq!(get(&format!("{}{ARTICLE}/comments", server.url)).json()["total"], 1);
    let after = browser.get(done.header("location").unwrap());
    assert!(after.body.contains("1 commentaire approuvé."), "{}", after.body);

    // In bulk: the checked ones.
    let bulk = browser.post(
        "/admin/comments",
        &[("csrf", &csrf), ("bulk", "reject"), ("apply", "bulk"), ("ids", &ids[1]), ("ids", &ids[2])],
    );
    assert_eq!(bulk.status, 303);
    assert_eq!((status_of(&db, &ids[1]), status_of(&db, &ids[2])), (Some(Status::Rejected), Some(Status::Rejected)));
    let nothing = browser.post("/admin/comments", &[("csrf", &csrf), ("bulk", "approve"), ("apply", "bulk")]);
    assert!(nothing.header("location").unwrap().contains("error=nothing_selected"));
    // Spam, not spam, delete.
    browser.post("/admin/comments", &[("csrf", &csrf), ("act", &format!("spam:{}", ids[3]))]);
    assert_eq!(status_of(&db, &ids[3]), Some(Status::Spam));
    let spam = browser.get("/admin?view=spam&lang=en");
    assert!(spam.body.contains("Avis numéro 3.") && spam.body.contains("Not spam"), "{}", spam.body);
    assert!(spam.all("set-cookie").iter().any(|c| c.starts_with("aw_admin_lang=en")));
    browser.post("/admin/comments", &[("csrf", &csrf), ("act", &format!("not_spam:{}", ids[3]))]);
    assert_eq!(status_of(&db, &ids[3]), Some(Status::Pending));
    browser.post("/admin/comments", &[("csrf", &csrf), ("act", &format!("delete:{}", ids[3]))]);
    assert_eq!(status_of(&db, &ids[3]), None);

    // Search by author, email and article title.
    let other = post_comment(&server.url, "k9", "Zeinab", "zeinab@example.net", "Sur un autre sujet.");
    for q in ["zein", "EXAMPLE.NET", "retirer leurs militaires"] {
        let found = browser.get(&format!("/admin?view=all&q={}", q.replace(' ', "+")));
        assert!(found.body.contains("Sur un autre sujet."), "{q}");
        if q != "retirer leurs militaires" {
            assert!(!found.body.contains("Avis numéro 0."), "{q}");
        }
    }
    // The subcommands act on the same data, and are logged too.
    assert!(cli(&db, &["approve", &other]).0);
    let log = browser.get("/admin/log?lang=en");
    for line in [
        "approved",
        "rejected",
        "marked as spam",
        "marked as not spam",
        "deleted",
        "signed in",
        "command line",
        "amina",
    ] {
        assert!(log.body.contains(line), "{line} in the log: {}", log.body);
    }
    assert_eq!(log.body.matches("rejected").count(), 2, "one line per comment");

    // Signing out ends the session: the old cookie opens nothing.
    let old = browser.cookies.clone();
    let out = browser.post("/admin/logout", &[("csrf", &csrf)]);
    assert_eq!(out.header("location"), Some("/admin/login?done=signed_out"));
    assert!(!browser.cookies.contains_key("aw_admin"));
    browser.cookies = old;
    assert_eq!(browser.get("/admin").status, 303);
    let refused = browser.post("/admin/comments", &[("csrf", &csrf), ("act", &format!("reject:{}", ids[0]))]);
    assert_eq!(refused.status, 403);
    assert_eq!(status_of(&db, &ids[0]), Some(Status::Published));
    // The public API offers none of it.
    assert_eq!(get(&format!("{}/api/admin", server.url)).status, 404);
}

fn blocked_emails_and_clients_go_to_spam(db: TestDb) {
    add_moderator(&db, "amina");
    let mut cfg = config(&db);
    cfg.trust_proxy = 1;
    let server = InProcess::start(cfg);
    let comments = format!("{}{ARTICLE}/comments", server.url);
    let from = |client: &str, key: &str, email: &str, body: &str| {
        let answer = request(
            "POST",
            &comments,
            &[("content-type", JSON), ("idempotency-key", key), ("x-forwarded-for", client)],
            Some(&comment("Troll", email, body)),
        );
        (answer.status, answer.json()["comment"]["id"].as_str().unwrap_or_default().to_owned())
    };
    let (status, by_email) = from("203.0.113.7", "b1", "Troll@Example.org", "Premier message.");
    assert_eq!(status, 201);
    let (_, by_client) = from("2001:db8:1:2::5", "b2", "autre@example.org", "Depuis chez moi.");

    let mut browser = Browser::new(&server.url);
    assert_eq!(browser.sign_in("amina", PASSWORD).status, 303);
    let csrf = browser.csrf();
    let blocked =
        browser.post("/admin/blocks", &[("csrf", &csrf), ("view", "all"), ("block", &format!("email:{by_email}"))]);
    assert!(blocked.header("location").unwrap().contains("done=block_email"), "{:?}", blocked.header("location"));
    let again = browser.post("/admin/blocks", &[("csrf", &csrf), ("block", &format!("email:{by_email}"))]);
    assert!(again.header("location").unwrap().contains("error=already_blocked"));
    browser.post("/admin/blocks", &[("csrf", &csrf), ("block", &format!("client:{by_client}"))]);

    // The same address in other letters, from elsewhere: spam, answered as pending.
    assert_eq!(from("198.51.100.1", "b3", "troll@example.ORG", "Encore moi.").0, 202);
    // Another address from the same /64: spam too.
    assert_eq!(from("2001:db8:1:2::99", "b4", "nouveau@example.org", "Nouvelle adresse.").0, 202);
    // Anyone else: published.
    assert_eq!(from("198.51.100.2", "b5", "lectrice@example.org", "Bonjour.").0, 201);
    let spam = db.with_status(Status::Spam);
    let reasons: Vec<(&str, Option<SpamReason>)> = spam.iter().map(|c| (c.body.as_str(), c.spam_reason)).collect();
    assert_eq!(
        reasons,
        [("Encore moi.", Some(SpamReason::BlockedEmail)), ("Nouvelle adresse.", Some(SpamReason::BlockedClient))]
    );
    // The page says why, and lists the blocks; lifting one lets the next comment through.
    let page = browser.get("/admin?view=spam&lang=en");
    assert!(page.body.contains("blocked email address") && page.body.contains("blocked client"), "{}", page.body);
    let blocks = browser.get("/admin/blocks");
    assert!(blocks.body.contains("troll@example.org") && blocks.body.contains(&format!("#{by_client} · Troll")));
    let id = hidden(&blocks.body.replace("name=\"id\" value=", "name=\"block-id\" value="), "block-id");
    assert_eq!(browser.post("/admin/blocks/remove", &[("csrf", &csrf), ("id", &id)]).status, 303);
    let log = browser.get("/admin/log?lang=en");
    assert!(log.body.contains("blocked the address") && log.body.contains("unblocked"), "{}", log.body);
    assert_eq!(db.with_status(Status::Spam).len(), 2);

    // A client whose address is past retention cannot be blocked; the page says so.
    let no_clients = db.sibling();
    add_moderator(&no_clients, "amina");
    let mut cfg = config(&no_clients);
    cfg.client_retention_days = 0;
    let server = InProcess::start(cfg);
    let id = post_comment(&server.url, "n1", "Anonyme", "anon@example.org", "Sans adresse.");
    let mut browser = Browser::new(&server.url);
    browser.sign_in("amina", PASSWORD);
    let csrf = browser.csrf();
    let page = browser.get("/admin?view=all");
    assert!(!page.body.contains(&format!("client:{id}")), "no client button");
    let refused = browser.post("/admin/blocks", &[("csrf", &csrf), ("block", &format!("client:{id}"))]);
    assert!(refused.header("location").unwrap().contains("error=client_unknown"));
}

fn nothing_is_done_without_a_session_its_csrf_token_and_the_pages_origin(db: TestDb) {
    add_moderator(&db, "amina");
    let server = held(Moderation::All, &db);
    let id = post_comment(&server.url, "p1", "Lecteur", "l@example.org", "En attente.");
    let approve = format!("approve:{id}");

    // No session: every page sends to the sign-in, every action is refused.
    let mut stranger = Browser::new(&server.url);
    for page in ["/admin", "/admin/log", "/admin/blocks", "/admin?view=spam"] {
        assert_eq!(stranger.get(page).status, 303, "{page}");
    }
    for (path, form) in [
        ("/admin/comments", vec![("act", approve.as_str())]),
        ("/admin/blocks", vec![("block", "email:1")]),
        ("/admin/blocks/remove", vec![("id", "1")]),
    ] {
        let refused = stranger.post(path, &form);
        assert_eq!(refused.status, 403, "{path}");
        assert!(refused.body.contains("pas connecté"), "{}", refused.body);
    }
    // A made-up session id is no session.
    stranger.cookies.insert("aw_admin".into(), "a".repeat(64));
    assert_eq!(stranger.post("/admin/comments", &[("csrf", &"b".repeat(64)), ("act", &approve)]).status, 403);

    let mut amina = Browser::new(&server.url);
    amina.sign_in("amina", PASSWORD);
    let csrf = amina.csrf();
    // A forged or missing CSRF token.
    for token in ["", "0000", &"f".repeat(64)] {
        let refused = amina.post("/admin/comments", &[("csrf", token), ("act", &approve)]);
        assert_eq!(refused.status, 403, "{token:?}");
        assert!(refused.body.contains("jeton"), "{}", refused.body);
    }
    // Posted from another site, or from another origin of the same site
    // (another port: SameSite cookies go along), even with the right token.
    for from in [
        vec![("origin", "http://evil.example"), ("sec-fetch-site", "cross-site")],
        vec![("origin", "http://127.0.0.1:1"), ("sec-fetch-site", "same-site")],
        vec![("origin", "http://evil.example")],
        vec![("sec-fetch-site", "cross-site")],
        vec![("origin", "null")],
    ] {
        let refused = amina.post_from("/admin/comments", &[("csrf", &csrf), ("act", &approve)], &from);
        assert_eq!(refused.status, 403, "{from:?}");
        assert!(refused.body.contains("autre site"), "{}", refused.body);
    }
    let refused = amina.post_from("/admin/login", &[("name", "amina")], &[("origin", "http://evil.example")]);
    assert_eq!(refused.status, 403);
    assert_eq!(status_of(&db, &id), Some(Status::Pending), "nothing was done");
    // The sign-in form needs its own token (login CSRF).
    let mut fresh = Browser::new(&server.url);
    let forged = fresh.post("/admin/login", &[("csrf", &"c".repeat(64)), ("name", "amina"), ("password", PASSWORD)]);
    assert_eq!(forged.status, 403);
    assert!(!forged.all("set-cookie").iter().any(|c| c.starts_with("aw_admin=")));
    // With all three, it is done.
    assert_eq!(amina.post("/admin/comments", &[("csrf", &csrf), ("act", &approve)]).status, 303);
    assert_eq!(status_of(&db, &id), Some(Status::Published));
}

fn an_expired_session_acts_on_nothing(db: TestDb) {
    add_moderator(&db, "amina");
    let mut cfg = config(&db);
    cfg.moderation = Moderation::All;
    cfg.admin_session = Duration::from_secs(1);
    let server = InProcess::start(cfg);
    let id = post_comment(&server.url, "e1", "Lecteur", "l@example.org", "En attente.");
    let mut browser = Browser::new(&server.url);
    let signed = browser.sign_in("amina", PASSWORD);
    assert!(signed.all("set-cookie").iter().any(|c| c.starts_with("aw_admin=") && c.contains("Max-Age=1")));
    let csrf = browser.csrf();
    std::thread::sleep(Duration::from_millis(1300));
    let away = browser.get("/admin");
    assert_eq!((away.status, away.header("location")), (303, Some("/admin/login?error=expired")));
    let page = browser.get("/admin/login?error=expired");
    assert!(page.body.contains("Votre session a pris fin"), "{}", page.body);
    // The browser may still send the old cookie: refused.
    let mut late = Browser::new(&server.url);
    late.cookies = browser.cookies.clone();
    late.cookies.insert("aw_admin".into(), signed_session(&signed));
    let refused = late.post("/admin/comments", &[("csrf", &csrf), ("act", &format!("approve:{id}"))]);
    assert_eq!(refused.status, 403);
    assert_eq!(status_of(&db, &id), Some(Status::Pending));
}

fn signed_session(answer: &Answer) -> String {
    let cookie = answer.all("set-cookie").into_iter().find(|c| c.starts_with("aw_admin=")).expect("a session cookie");
    cookie["aw_admin=".len()..].split(';').next().unwrap().to_owned()
}

fn sign_in_attempts_are_limited(db: TestDb) {
    add_moderator(&db, "amina");
    let mut cfg = config(&db);
    cfg.trust_proxy = 1;
    let server = InProcess::start(cfg);
    let mut attacker = Browser::new(&server.url);
    attacker.extra.push(("x-forwarded-for".into(), "203.0.113.66".into()));
    for guess in ["123456", "password", "amina2024", "azerty", "letmein"] {
        let wrong = attacker.sign_in("amina", guess);
        assert_eq!(wrong.status, 401, "{guess}");
        assert!(wrong.body.contains("Nom ou mot de passe incorrect."));
    }
    // The sixth attempt is refused before the password is looked at, even the right one.
    let limited = attacker.sign_in("amina", PASSWORD);
    assert_eq!(limited.status, 429);
    assert_eq!(limited.header("retry-after"), Some("900"));
    assert!(limited.body.contains("Trop de tentatives"));
    assert!(!limited.all("set-cookie").iter().any(|c| c.starts_with("aw_admin=")));
    // The moderator, from her own address, still signs in.
    let mut amina = Browser::new(&server.url);
    amina.extra.push(("x-forwarded-for".into(), "198.51.100.20".into()));
    assert_eq!(amina.sign_in("amina", PASSWORD).status, 303);
    // Guesses spread over many addresses: the account name is limited too.
    for i in 0..15 {
        let mut bot = Browser::new(&server.url);
        bot.extra.push(("x-forwarded-for".into(), format!("192.0.2.{i}")));
        assert_eq!(bot.sign_in("amina", "wrong guess").status, 401);
    }
    let mut next = Browser::new(&server.url);
    next.extra.push(("x-forwarded-for".into(), "192.0.2.200".into()));
    assert_eq!(next.sign_in("amina", PASSWORD).status, 429);
}

fn every_sign_in_gets_a_new_session_id(db: TestDb) {
    add_moderator(&db, "amina");
    add_moderator(&db, "mallory");
    let server = InProcess::start(config(&db));
    // An id chosen by an attacker and planted in the moderator's browser.
    let planted = "0123456789abcdef".repeat(4);
    let mut victim = Browser::new(&server.url);
    victim.cookies.insert("aw_admin".into(), planted.clone());
    let signed = victim.sign_in("amina", PASSWORD);
    assert_eq!(signed.status, 303);
    let issued = signed_session(&signed);
    assert_ne!(issued, planted);
    let mut attacker = Browser::new(&server.url);
    attacker.cookies.insert("aw_admin".into(), planted);
    assert_eq!(attacker.get("/admin").status, 303, "the planted id opens nothing");

    // The attacker's own live session planted in the victim's browser: ended at her sign-in.
    let mut mallory = Browser::new(&server.url);
    let theirs = signed_session(&mallory.sign_in("mallory", PASSWORD));
    assert_eq!(mallory.get("/admin").status, 200);
    let page =
        request("GET", &format!("{}/admin/login", server.url), &[("cookie", &format!("aw_admin={theirs}"))], None);
    assert_eq!(page.status, 303, "with a live session the sign-in page sends to the queue");
    assert_eq!(request("GET", &format!("{}/admin/logout", server.url), &[], None).status, 405, "signing out is a POST");
    // Signing in anyway (a form opened earlier) gives a new id and ends the planted session.
    let mut fresh = Browser::new(&server.url);
    fresh.cookies.insert("aw_admin".into(), theirs.clone());
    let form = request("GET", &format!("{}/admin/login", server.url), &[], None);
    let token = hidden(&form.body, "csrf");
    fresh.cookies.extend(cookies_of(&form));
    let signed = fresh.post("/admin/login", &[("csrf", &token), ("name", "amina"), ("password", PASSWORD)]);
    assert_eq!(signed.status, 303);
    assert_ne!(signed_session(&signed), theirs);
    assert_eq!(mallory.get("/admin").status, 303, "the session presented at sign-in is ended");

    // Behind a TLS proxy the cookie is Secure.
    let tls_db = db.sibling();
    add_moderator(&tls_db, "amina");
    let mut cfg = config(&tls_db);
    cfg.trust_proxy = 1;
    let server = InProcess::start(cfg);
    let mut browser = Browser::new(&server.url);
    browser.extra.push(("x-forwarded-proto".into(), "https".into()));
    let signed = browser.sign_in("amina", PASSWORD);
    let cookie = signed.all("set-cookie").into_iter().find(|c| c.starts_with("aw_admin=")).unwrap().to_owned();
    assert!(cookie.ends_with("; Secure"), "{cookie}");
}

fn cookies_of(answer: &Answer) -> Vec<(String, String)> {
    answer
        .all("set-cookie")
        .into_iter()
        .filter_map(|c| c.split(';').next()?.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
        .collect()
}
