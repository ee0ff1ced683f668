//! Starting the real server for tests on either database, an HTTP client,
//! and a small checker of answers against `server/openapi.json`.
//!
//! Tests that run on both backends are written once, as a function taking a
//! [`TestDb`], and declared for each with [`both_backends!`]. PostgreSQL
//! comes from `AW_TEST_POSTGRES_URL` (scripts/postgres.sh starts a private
//! one; scripts/test.sh does so and sets `AW_REQUIRE_POSTGRES=1`, which
//! turns a missing PostgreSQL into a failure rather than a skip).
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use article_widget_server::store::{Filter, Status, Stored};
use article_widget_server::{Config, DatabaseUrl, Moderation, Trust};
use serde_json::Value;

pub fn articles_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../static/articles")
}

pub fn config(db: &TestDb) -> Config {
    Config {
        database: db.url.clone(),
        articles: articles_dir(),
        dist: None,
        cors_origins: Vec::new(),
        moderation: Moderation::Off,
        trust: Trust::ReaderKey,
        rate_limit: 0,
        rate_window_secs: 60,
        trust_proxy: 0,
        related_feed: Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../static/feeds/related.json")),
        limits: Default::default(),
        client_retention_days: 30,
        edit_window: std::time::Duration::from_secs(15 * 60),
        admin_session: std::time::Duration::from_secs(3600),
    }
}

/// Declares `sqlite::NAME` and `postgres::NAME` tests that call `NAME(db)`.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(#[test] fn $name() { super::$name(super::support::TestDb::sqlite()) })+
        }
        mod postgres {
            $(#[test] fn $name() { if let Some(db) = super::support::TestDb::postgres() { super::$name(db) } })+
        }
    };
}

/// A fresh, empty database for one test, removed when dropped: a SQLite
/// file in a temporary folder, or a database of its own on the test
/// PostgreSQL.
pub struct TestDb {
    pub url: DatabaseUrl,
    /// Holds the SQLite file's folder.
    dir: tempfile::TempDir,
    /// The PostgreSQL server's own URL and the database's name, to drop it.
    postgres: Option<(String, String)>,
}

static NEXT_DB: AtomicU32 = AtomicU32::new(0);

impl TestDb {
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::Sqlite(dir.path().join("comments.db"));
        TestDb { url, dir, postgres: None }
    }

    /// A database on the test PostgreSQL; none (the test is skipped, and
    /// says so) when there is no PostgreSQL and none is required.
    pub fn postgres() -> Option<TestDb> {
        let Ok(server) = std::env::var("AW_TEST_POSTGRES_URL") else {
            assert!(
                std::env::var("AW_REQUIRE_POSTGRES").is_err(),
                "AW_REQUIRE_POSTGRES is set but AW_TEST_POSTGRES_URL is not: start one with scripts/postgres.sh run"
            );
            eprintln!("SKIPPED: no PostgreSQL (run under `scripts/postgres.sh run cargo test …`)");
            return None;
        };
        let name = format!("aw_test_{}_{}", std::process::id(), NEXT_DB.fetch_add(1, Ordering::Relaxed));
        admin(&server, &format!("CREATE DATABASE {name}"));
        let (base, query) = server.split_once('?').map_or((server.as_str(), None), |(b, q)| (b, Some(q)));
        let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
        let url = format!("{base}/{name}{}", query.map(|q| format!("?{q}")).unwrap_or_default());
        Some(TestDb {
            url: DatabaseUrl::Postgres(url),
            dir: tempfile::tempdir().unwrap(),
            postgres: Some((server, name)),
        })
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }

    /// Another fresh database on the same backend.
    pub fn sibling(&self) -> TestDb {
        if self.is_postgres() {
            TestDb::postgres().expect("PostgreSQL, as for the first")
        } else {
            TestDb::sqlite()
        }
    }

    /// The PostgreSQL server's address, to put a proxy in front of it.
    pub fn postgres_address(&self) -> Option<std::net::SocketAddr> {
        let (server, _) = self.postgres.as_ref()?;
        let config: tokio_postgres::Config = server.parse().ok()?;
        let host = match config.get_hosts().first()? {
            tokio_postgres::config::Host::Tcp(host) => host.clone(),
            #[cfg(unix)]
            tokio_postgres::config::Host::Unix(_) => return None,
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        std::net::ToSocketAddrs::to_socket_addrs(&(host.as_str(), port)).ok()?.next()
    }

    /// This database reached through a proxy listening on `port`.
    pub fn through(&self, port: u16) -> DatabaseUrl {
        let address = self.postgres_address().expect("a PostgreSQL database");
        let DatabaseUrl::Postgres(url) = &self.url else { unreachable!() };
        DatabaseUrl::Postgres(url.replacen(&format!(":{}/", address.port()), &format!(":{port}/"), 1))
    }

    /// The URL as the command line takes it.
    pub fn arg(&self) -> String {
        match &self.url {
            DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => url.clone(),
        }
    }

    /// A folder for the test's other files.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Comments with this status, read from the database itself.
    pub fn with_status(&self, status: Status) -> Vec<Stored> {
        block_on(async {
            let db = self.url.open().await.expect("the test database opens");
            db.store.list(&Filter { status: Some(status), limit: 10_000, ..Filter::default() }).await.unwrap()
        })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.postgres {
            admin(server, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

pub fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(future)
}

/// One statement on the PostgreSQL server's own database.
fn admin(server: &str, sql: &str) {
    block_on(async {
        let (client, connection) = tokio_postgres::connect(server, tokio_postgres::NoTls).await.expect("PostgreSQL");
        let task = tokio::spawn(connection);
        client.batch_execute(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        drop(client);
        let _ = task.await;
    });
}

/// The server running in this process on an ephemeral loopback port;
/// stopped (gracefully) when dropped.
pub struct InProcess {
    pub url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl InProcess {
    pub fn start(config: Config) -> InProcess {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().expect("a runtime");
            runtime.block_on(async move {
                let limits = config.limits.clone();
                let router = article_widget_server::app(config).await.expect("the app starts");
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
                ready_tx.send(listener.local_addr().expect("an address")).expect("the test waits");
                article_widget_server::serve(listener, router, limits, async move {
                    let _ = stop_rx.await;
                })
                .await
                .expect("serving");
            });
        });
        let address = ready_rx.recv().expect("the server started");
        InProcess { url: format!("http://{address}"), stop: Some(stop_tx), thread: Some(thread) }
    }
}

impl Drop for InProcess {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The server binary as a child process, for crash and signal tests.
pub struct Process {
    pub child: Child,
    pub url: String,
}

impl Process {
    pub fn start(args: &[&str]) -> Process {
        Process::spawn(Command::new(env!("CARGO_BIN_EXE_article-widget-server")), args)
    }

    /// The server with its open-file limit (soft and hard) set to `files`,
    /// as `ulimit -n` would.
    pub fn start_with_open_files(files: u32, args: &[&str]) -> Process {
        let mut command = Command::new("sh");
        command.args([
            "-c",
            &format!("ulimit -n {files} && exec \"$0\" \"$@\""),
            env!("CARGO_BIN_EXE_article-widget-server"),
        ]);
        Process::spawn(command, args)
    }

    fn spawn(mut command: Command, args: &[&str]) -> Process {
        let mut child = command
            .args(["--listen", "127.0.0.1:0", "--articles"])
            .arg(articles_dir())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server binary runs");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("the address line");
        let url = line.trim().strip_prefix("listening on ").expect("`listening on …`").to_owned();
        Process { child, url }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a moderation subcommand and returns its stdout.
pub fn cli(db: &TestDb, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_article-widget-server"))
        .arg("--database-url")
        .arg(db.arg())
        .args(args)
        .output()
        .expect("the server binary runs");
    (output.status.success(), String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Runs a subcommand with `input` on its standard input; (success, stdout + stderr).
pub fn cli_with_input(db: &TestDb, args: &[&str], input: &str) -> (bool, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_article-widget-server"))
        .arg("--database-url")
        .arg(db.arg())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server binary runs");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("writing stdin");
    let output = child.wait_with_output().expect("the command ends");
    let said = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), said)
}

pub struct Answer {
    pub status: u16,
    pub body: String,
    pub retry_after: Option<String>,
    pub headers: Vec<(String, String)>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A fresh client for each request: no connection outlives an answer
/// (a 413 closes its connection, for one).
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().into()
}

/// A client that keeps its connections alive, as a browser does, for
/// tests that send thousands of requests.
pub fn keep_alive_client() -> ureq::Agent {
    agent()
}

/// A post through `client` that may get no answer at all (the server died): `None` then.
pub fn try_post_with(client: &ureq::Agent, url: &str, key: &str, body: &str) -> Option<Answer> {
    client
        .post(url)
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .send(body)
        .ok()
        .map(|r| answer(Ok(r)))
}

fn answer(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut response = response.expect("an HTTP answer");
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned()))
        .collect();
    let retry_after = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    Answer { status, body, retry_after, headers }
}

pub fn get(url: &str) -> Answer {
    answer(agent().get(url).call())
}

pub fn post(url: &str, content_type: &str, key: Option<&str>, body: &str) -> Answer {
    answer(send_post(url, content_type, key, body))
}

/// A post that may get no answer at all (the server died): `None` then.
pub fn try_post(url: &str, key: &str, body: &str) -> Option<Answer> {
    send_post(url, "application/json", Some(key), body).ok().map(|r| answer(Ok(r)))
}

fn send_post(
    url: &str,
    content_type: &str,
    key: Option<&str>,
    body: &str,
) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
    let mut request = agent().post(url).header("content-type", content_type);
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    request.send(body)
}

/// Sends `request` on a new connection and reads until the server closes it
/// or `deadline` passes: the answer's text and how long it took.
pub fn exchange(address: &str, request: &[u8], deadline: Duration) -> (String, Duration) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(address).expect("connect");
    stream.write_all(request).expect("send");
    (read_until_closed(&mut stream, started + deadline), started.elapsed())
}

fn read_until_closed(stream: &mut TcpStream, until: Instant) -> String {
    let mut answer = Vec::new();
    let mut buffer = [0u8; 8192];
    loop {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        stream.set_read_timeout(Some(left)).unwrap();
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buffer[..n]),
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

/// Sends raw bytes (a request no HTTP client would send) to `address` on a
/// new connection and reads the answer until the server closes the
/// connection or `deadline` passes.
pub fn raw_answer(address: &str, request: &[u8], deadline: Duration) -> Answer {
    let (text, _) = exchange(address, request, deadline);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no answer: {text:?}"));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.get(9..12)).and_then(|s| s.parse().ok()).expect("a status line");
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned())).collect();
    let retry_after = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("retry-after")).map(|(_, v)| v.clone());
    Answer { status, body: body.to_owned(), retry_after, headers }
}

/// Any request, with these headers and body; redirects are not followed
/// (the moderation page's 303s are answers to check).
pub fn request(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&str>) -> Answer {
    let mut builder = ureq::http::Request::builder().method(method).uri(url);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
    let request = builder.body(body.unwrap_or("").to_owned()).expect("a request");
    answer(agent.run(request))
}

/// All values of a header (`Set-Cookie` comes several times).
impl Answer {
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
    }
}

pub fn options(url: &str, origin: &str) -> Answer {
    answer(
        agent()
            .options(url)
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type,idempotency-key")
            .call(),
    )
}

/// Checks answers against the OpenAPI document and remembers which of its
/// (path, method, status) answers were seen.
pub struct Spec {
    doc: Value,
    seen: Mutex<BTreeSet<(String, String, String)>>,
}

impl Spec {
    pub fn load() -> Spec {
        let text = include_str!("../../openapi.json");
        Spec { doc: serde_json::from_str(text).expect("openapi.json is JSON"), seen: Mutex::new(BTreeSet::new()) }
    }

    /// Panics unless `answer` is documented for `path` (as written in the
    /// document, e.g. `/api/articles/{id}/comments`) and `method`, and its
    /// body matches the documented schema.
    pub fn check(&self, method: &str, path: &str, answer: &Answer) {
        let status = answer.status.to_string();
        let operation = &self.doc["paths"][path][method];
        assert!(operation.is_object(), "{method} {path} is not in openapi.json");
        let mut response = &operation["responses"][&status];
        assert!(
            response.is_object(),
            "{method} {path} answered {status}, which openapi.json does not list: {}",
            answer.body
        );
        if let Some(r) = response["$ref"].as_str() {
            response = self.resolve(r);
        }
        if let Some(schema) = response["content"]["application/json"].get("schema") {
            let value = answer.json();
            self.validate(schema, &value, "$")
                .unwrap_or_else(|e| panic!("{method} {path} {status}: {e}\n{}", answer.body));
        }
        if let Some(headers) = response["headers"].as_object() {
            for (name, spec) in headers {
                if spec["required"].as_bool() == Some(true) {
                    assert!(answer.header(name).is_some(), "{method} {path} {status} lacks header {name}");
                }
            }
        }
        self.seen.lock().unwrap().insert((path.to_owned(), method.to_owned(), status));
    }

    /// Every documented answer that no check saw.
    pub fn unseen(&self) -> Vec<String> {
        let seen = self.seen.lock().unwrap();
        let mut missing = Vec::new();
        for (path, methods) in self.doc["paths"].as_object().unwrap() {
            for (method, op) in methods.as_object().unwrap() {
                for status in op["responses"].as_object().unwrap().keys() {
                    if !seen.contains(&(path.clone(), method.clone(), status.clone())) {
                        missing.push(format!("{method} {path} {status}"));
                    }
                }
            }
        }
        missing
    }

    fn resolve(&self, reference: &str) -> &Value {
        let mut node = &self.doc;
        for part in reference.trim_start_matches("#/").split('/') {
            node = &node[part];
        }
        node
    }

    /// The part of JSON Schema this document uses: $ref, type (one, or a
    /// list such as `["string", "null"]`), required, properties,
    /// additionalProperties: false, items, enum, minimum.
    fn validate(&self, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
        if let Some(r) = schema["$ref"].as_str() {
            return self.validate(self.resolve(r), value, at);
        }
        let kinds: Vec<&str> = match &schema["type"] {
            Value::String(kind) => vec![kind.as_str()],
            Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let is = |kind: &str| match kind {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            _ => true,
        };
        if !kinds.is_empty() && !kinds.iter().any(|k| is(k)) {
            return Err(format!("{at} should be {}: {value}", kinds.join(" or ")));
        }
        if let Some(options) = schema["enum"].as_array() {
            if !options.contains(value) {
                return Err(format!("{at} = {value} is not one of {options:?}"));
            }
        }
        if let (Some(min), Some(n)) = (schema["minimum"].as_i64(), value.as_i64()) {
            if n < min {
                return Err(format!("{at} = {n} is under {min}"));
            }
        }
        if let Some(required) = schema["required"].as_array() {
            for name in required.iter().filter_map(Value::as_str) {
                if value.get(name).is_none() {
                    return Err(format!("{at} lacks `{name}`"));
                }
            }
        }
        if let Some(object) = value.as_object() {
            let properties = schema["properties"].as_object();
            for (name, item) in object {
                match (properties.and_then(|p| p.get(name)), &schema["additionalProperties"]) {
                    (Some(sub), _) => self.validate(sub, item, &format!("{at}.{name}"))?,
                    (None, Value::Bool(false)) => {
                        return Err(format!("{at} has `{name}`, which the schema does not allow"))
                    }
                    (None, extra @ Value::Object(_)) => self.validate(extra, item, &format!("{at}.{name}"))?,
                    (None, _) => {}
                }
            }
        }
        if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
            for (i, item) in array.iter().enumerate() {
                self.validate(items, item, &format!("{at}[{i}]"))?;
            }
        }
        Ok(())
    }
}

/// A TCP proxy on loopback that the test can cut (every connection closed,
/// new ones refused at once) and restore: a database going away and coming
/// back, as the server sees it.
pub struct Proxy {
    pub port: u16,
    cut: std::sync::Arc<std::sync::atomic::AtomicBool>,
    open: std::sync::Arc<Mutex<Vec<std::net::TcpStream>>>,
}

impl Proxy {
    pub fn start(upstream: std::net::SocketAddr) -> Proxy {
        use std::sync::atomic::AtomicBool;
        use std::sync::Arc;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let cut = Arc::new(AtomicBool::new(false));
        let open: Arc<Mutex<Vec<std::net::TcpStream>>> = Arc::default();
        let (cut_flag, streams) = (cut.clone(), open.clone());
        // The accepting thread lives as long as the test process; it only
        // ever talks to loopback.
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                if cut_flag.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let Ok(server) = std::net::TcpStream::connect(upstream) else { continue };
                let pipe = |mut from: std::net::TcpStream, mut to: std::net::TcpStream| {
                    std::thread::spawn(move || {
                        let _ = std::io::copy(&mut from, &mut to);
                        let _ = to.shutdown(std::net::Shutdown::Both);
                    });
                };
                let mut list = streams.lock().unwrap();
                list.extend([client.try_clone().unwrap(), server.try_clone().unwrap()]);
                pipe(client.try_clone().unwrap(), server.try_clone().unwrap());
                pipe(server, client);
            }
        });
        Proxy { port, cut, open }
    }

    pub fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        for stream in self.open.lock().unwrap().drain(..) {
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    }

    pub fn restore(&self) {
        self.cut.store(false, Ordering::SeqCst);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.cut();
    }
}
