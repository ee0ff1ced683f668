//! `/admin`: the moderation page. Server-rendered HTML (askama templates,
//! no wasm; one optional script adds "select all"), in French and English,
//! for moderators signed in with an account made by `article-widget-server
//! moderator add NAME`.
//!
//! - `GET  /admin?view=pending|spam|published|rejected|all&q=…&before=ID`: the queue, newest first
//! - `POST /admin/comments`: approve, reject, spam, not spam, delete: one (`act=approve:12`) or the checked ones
//! - `GET  /admin/blocks`, `POST /admin/blocks` (`block=email:12|client:12`), `POST /admin/blocks/remove`
//! - `GET  /admin/log`: who did what, when
//! - `GET|POST /admin/login`, `POST /admin/logout`
//!
//! Nothing here is reachable without a session, and the public API offers
//! none of it. How sessions, CSRF and sign-in attempts are guarded:
//! [`guard`]. These answers carry no CORS headers (no other origin may read
//! them), are never cached, and forbid framing.

pub mod guard;
pub mod text;
pub mod views;

use std::collections::HashMap;
use std::net::SocketAddr;

use article_widget_core::Lang;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

pub use guard::LOGIN_WINDOW;
use guard::{LANG_COOKIE, LOGIN_COOKIE, SESSION_COOKIE};
use text::Texts;
use views::{BlockRow, BlocksPage, Frame, LogPage, LogRow, LoginPage, Notice, QueuePage, RefusedPage, Row, Tab};

use crate::api::Shared;
use crate::client::Client;
use crate::store::{Action, BlockKind, Logged, NewSession, Queue, Search, Session, Status, StoreError, Stored};
use crate::{clock, keys};

/// Comments per page of the queue.
const PAGE: u32 = 50;
/// Log lines per page.
const LOG_PAGE: u32 = 100;
/// The sign-in form's cookie lasts this long.
const LOGIN_FORM_SECS: u64 = 3600;

pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/admin", get(queue))
        .route("/admin/", get(|| async { see_other("/admin") }))
        .route("/admin/login", get(login_page).post(login))
        .route("/admin/logout", post(logout))
        .route("/admin/comments", post(act))
        .route("/admin/blocks", get(blocks_page).post(block))
        .route("/admin/blocks/remove", post(unblock))
        .route("/admin/log", get(log_page))
        .route("/admin/admin.css", get(|| async { asset("text/css; charset=utf-8", include_str!("admin.css")) }))
        .route("/admin/admin.js", get(|| async { asset("text/javascript; charset=utf-8", include_str!("admin.js")) }))
        .route("/admin/favicon.svg", get(|| async { asset("image/svg+xml", include_str!("favicon.svg")) }))
        .route("/admin/{*rest}", get(|| async { (StatusCode::NOT_FOUND, "not found") }))
        .layer(DefaultBodyLimit::max(64 * 1024))
        .layer(axum::middleware::map_response(protect))
        .with_state(state)
}

/// Never cached, never framed, nothing loaded from elsewhere.
async fn protect(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name: HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(headers, header::CACHE_CONTROL, "no-store");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; \
         frame-ancestors 'none'; base-uri 'none'",
    );
    response
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], text).into_response()
}

fn see_other(location: &str) -> Response {
    let location = HeaderValue::from_str(location).unwrap_or(HeaderValue::from_static("/admin"));
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// One request to the moderation page: its language, whether it came over
/// HTTPS, the client, and the session it presents (if live).
pub struct Visit {
    pub t: &'static Texts,
    /// The language was chosen in this request (`?lang=`): remembered in a cookie.
    chose_lang: bool,
    pub secure: bool,
    pub client: Client,
    /// The session's id hash and the session, when the cookie names a live one.
    pub session: Option<(String, Session)>,
    /// The request's path and query, for the other language's link.
    path: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
}

impl FromRequestParts<Shared> for Visit {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Visit, Response> {
        let headers = parts.headers.clone();
        let query: Vec<(String, String)> =
            parts.uri.query().map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect()).unwrap_or_default();
        let asked = query.iter().find(|(k, _)| k == "lang").and_then(|(_, v)| Lang::from_tag(v));
        let lang = asked
            .or_else(|| guard::cookie(&headers, LANG_COOKIE).and_then(Lang::from_tag))
            .or_else(|| accepted_language(&headers))
            .unwrap_or_default();
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0)
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)));
        let t = Texts::of(lang);
        let session = match guard::cookie(&headers, SESSION_COOKIE).filter(|id| guard::looks_like_token(id)) {
            None => None,
            Some(id) => {
                let hash = guard::session_hash(id);
                match state.database.store.session(&hash, clock::now()).await {
                    Ok(found) => found.map(|s| (hash, s)),
                    Err(e) => return Err(failed(t, e)),
                }
            }
        };
        Ok(Visit {
            t,
            chose_lang: asked.is_some(),
            secure: guard::is_https(&headers, state.config.trust_proxy),
            client: Client::of(&headers, peer, state.config.trust_proxy),
            session,
            path: parts.uri.path().to_owned(),
            query,
            headers,
        })
    }
}

/// The first of `fr` or `en` in `Accept-Language`, in the order given.
fn accepted_language(headers: &HeaderMap) -> Option<Lang> {
    let value = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    value.split(',').filter_map(|part| Lang::from_tag(part.split(';').next().unwrap_or(""))).next()
}

impl Visit {
    fn moderator(&self) -> Option<&str> {
        self.session.as_ref().map(|(_, s)| s.moderator.as_str())
    }

    fn csrf(&self) -> &str {
        self.session.as_ref().map_or("", |(_, s)| s.csrf.as_str())
    }

    fn logged(&self) -> Logged {
        Logged { actor: self.moderator().unwrap_or("?").to_owned(), at: clock::now() }
    }

    /// This page in the other language.
    fn switch_href(&self) -> String {
        let other = if self.t.lang == Lang::Fr { "en" } else { "fr" };
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (k, v) in self.query.iter().filter(|(k, _)| k != "lang") {
            query.append_pair(k, v);
        }
        query.append_pair("lang", other);
        format!("{}?{}", self.path, query.finish())
    }

    fn frame<'a>(&'a self, heading: &'a str, here: &'a str, waiting: (u64, u64), notice: Option<Notice>) -> Frame<'a> {
        Frame {
            t: self.t,
            heading,
            moderator: self.moderator(),
            csrf: self.csrf(),
            waiting,
            here,
            switch_href: self.switch_href(),
            notice,
        }
    }

    /// An HTML answer, remembering a language chosen by `?lang=`.
    fn page(&self, status: StatusCode, view: &impl Template) -> Response {
        let mut response = match view.render() {
            Ok(html) => (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "the moderation page could not be drawn");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        };
        if self.chose_lang {
            let cookie = guard::set_cookie(LANG_COOKIE, self.t.tag(), 365 * 86_400, self.secure);
            response.headers_mut().append(header::SET_COOKIE, cookie);
        }
        response
    }

    /// A refused action: nothing was done.
    fn refused(&self, status: StatusCode, reason: &'static str) -> Response {
        self.page(status, &RefusedPage { frame: self.frame(self.t.refused_title, "", (0, 0), None), reason })
    }

    /// What every POST checks before reading anything else: the origin,
    /// then the session, then the form's CSRF token. The refusal, if any.
    fn refusal(&self, form: &Form) -> Option<Response> {
        let reason = if !guard::same_origin(&self.headers) {
            self.t.refused_cross_site
        } else {
            match &self.session {
                None => self.t.refused_session,
                Some((_, session)) if !keys::same(form.one("csrf"), &session.csrf) => self.t.refused_csrf,
                Some(_) => return None,
            }
        };
        Some(self.refused(StatusCode::FORBIDDEN, reason))
    }
}

/// A database that does not answer: the page says so (503), anything else is a 500.
fn failed(t: &'static Texts, e: StoreError) -> Response {
    match e {
        StoreError::Unavailable(why) => {
            tracing::warn!(error = %why, "moderation page: the database cannot be reached");
            let mut response =
                (StatusCode::SERVICE_UNAVAILABLE, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], t.unavailable)
                    .into_response();
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(crate::error::RETRY_UNAVAILABLE));
            response
        }
        StoreError::Failed(e) => {
            tracing::error!(error = %e, "moderation page: database error");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// A form body (`application/x-www-form-urlencoded`), repeated fields kept.
pub struct Form(Vec<(String, String)>);

impl Form {
    fn parse(body: &[u8]) -> Form {
        Form(form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of a field, or "".
    fn one(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Which comments the queue shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    Pending,
    Spam,
    Published,
    Rejected,
    All,
}

impl View {
    const ALL: [View; 5] = [View::Pending, View::Spam, View::Published, View::Rejected, View::All];

    fn parse(text: &str) -> View {
        View::ALL.into_iter().find(|v| v.name() == text).unwrap_or(View::Pending)
    }

    fn name(self) -> &'static str {
        match self {
            View::Pending => "pending",
            View::Spam => "spam",
            View::Published => "published",
            View::Rejected => "rejected",
            View::All => "all",
        }
    }

    fn statuses(self) -> Vec<Status> {
        match self {
            View::Pending => vec![Status::Pending],
            View::Spam => vec![Status::Spam],
            View::Published => vec![Status::Published],
            View::Rejected => vec![Status::Rejected],
            View::All => Vec::new(),
        }
    }

    fn label(self, t: &Texts) -> &'static str {
        match self {
            View::Pending => t.view_pending,
            View::Spam => t.view_spam,
            View::Published => t.view_published,
            View::Rejected => t.view_rejected,
            View::All => t.view_all,
        }
    }
}

/// `/admin?view=…&q=…` (and more pairs), encoded.
fn queue_href(view: View, q: &str, extra: &[(&str, &str)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("view", view.name());
    if !q.is_empty() {
        query.append_pair("q", q);
    }
    for (k, v) in extra {
        query.append_pair(k, v);
    }
    format!("/admin?{}", query.finish())
}

/// The buttons a comment gets in its state.
fn actions_for(status: Status) -> &'static [Action] {
    match status {
        Status::Pending => &[Action::Approve, Action::Reject, Action::Spam, Action::Delete],
        Status::Spam => &[Action::NotSpam, Action::Approve, Action::Delete],
        Status::Published => &[Action::Reject, Action::Spam, Action::Delete],
        Status::Rejected => &[Action::Approve, Action::Spam, Action::Delete],
    }
}

/// A notice named in the query after an action (`done=approve&n=3`, `error=…`).
fn notice(t: &Texts, params: &HashMap<String, String>) -> Option<Notice> {
    let n = params.get("n").and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
    let text = match (params.get("done").map(String::as_str), params.get("error").map(String::as_str)) {
        (Some("block_email"), _) => t.blocked_done(true).to_owned(),
        (Some("block_client"), _) => t.blocked_done(false).to_owned(),
        (Some("unblock"), _) => t.unblocked_done().to_owned(),
        (Some("signed_out"), _) => t.signed_out.to_owned(),
        (Some(done), _) => t.done(Action::parse(done)?, n),
        (None, Some("nothing_selected")) => return Some(Notice { text: t.nothing_selected.into(), error: true }),
        (None, Some("client_unknown")) => return Some(Notice { text: t.client_unknown.into(), error: true }),
        (None, Some("already_blocked")) => return Some(Notice { text: t.already_blocked.into(), error: true }),
        (None, Some("expired")) => return Some(Notice { text: t.session_ended.into(), error: true }),
        _ => return None,
    };
    Some(Notice { text, error: false })
}

fn login_redirect(visit: &Visit) -> Response {
    // A cookie that named a session no longer live: the session ended.
    if guard::cookie(&visit.headers, SESSION_COOKIE).is_some() {
        let mut response = see_other("/admin/login?error=expired");
        response.headers_mut().append(header::SET_COOKIE, guard::clear_cookie(SESSION_COOKIE, visit.secure));
        return response;
    }
    see_other("/admin/login")
}

async fn queue(State(state): State<Shared>, visit: Visit, Query(params): Query<HashMap<String, String>>) -> Response {
    if visit.session.is_none() {
        return login_redirect(&visit);
    }
    let t = visit.t;
    let view = View::parse(params.get("view").map_or("", String::as_str));
    let q = params.get("q").map_or("", |q| q.trim());
    let q: String = q.chars().take(200).collect();
    let before = params.get("before").and_then(|b| b.parse::<i64>().ok()).filter(|b| *b > 0);
    let search = (!q.is_empty()).then(|| {
        let text = q.to_lowercase();
        let articles = state.articles.matching_titles(&text);
        Search { text, articles }
    });
    let store = &state.database.store;
    let listed = store.queue(&Queue { statuses: view.statuses(), search, before, limit: PAGE + 1 }).await;
    let (mut comments, waiting) = match (listed, store.waiting().await) {
        (Ok(comments), Ok(waiting)) => (comments, waiting),
        (Err(e), _) | (_, Err(e)) => return failed(t, e),
    };
    let more = comments.len() > PAGE as usize;
    comments.truncate(PAGE as usize);
    let older_href =
        more.then(|| comments.last().map(|c| queue_href(view, &q, &[("before", &c.id.to_string())]))).flatten();
    let rows = comments.iter().map(|c| row(&state, t, c)).collect();
    let tabs = View::ALL
        .into_iter()
        .map(|v| Tab { label: v.label(t), href: queue_href(v, &q, &[]), current: v == view })
        .collect();
    let heading = match view {
        View::Spam => t.nav_spam,
        _ => t.nav_queue,
    };
    let here = if view == View::Spam { "spam" } else { "queue" };
    let page = QueuePage {
        frame: visit.frame(heading, here, waiting, notice(t, &params)),
        view: view.name(),
        q: &q,
        tabs,
        bulk: Action::ALL.iter().map(|a| (a.as_str(), t.action(*a))).collect(),
        rows,
        older_href,
        newest_href: before.map(|_| queue_href(view, &q, &[])),
    };
    visit.page(StatusCode::OK, &page)
}

fn row(state: &Shared, t: &'static Texts, c: &Stored) -> Row {
    let article = match state.articles.title(&c.article_id) {
        Some(title) => format!("{title} ({})", c.article_id),
        None => c.article_id.clone(),
    };
    Row {
        id: c.id,
        status: c.status.as_str(),
        status_text: t.status(c.status),
        author: c.author.clone(),
        email: c.email.clone(),
        website: c.website.clone(),
        article,
        body: c.body.clone(),
        created_at: c.created_at.clone(),
        created_text: t.time(&c.created_at),
        edited: c.edited_at.as_ref().map(|e| (e.clone(), t.time(e))),
        verdict: t.verdict(c.spam_reason),
        flagged: c.spam_reason.is_some(),
        parent: c.parent_id,
        client_known: !c.client_hash.is_empty(),
        actions: actions_for(c.status).iter().map(|a| (a.as_str(), t.action(*a))).collect(),
    }
}

/// Back to the queue the form was on, with what happened.
fn back_to_queue(form: &Form, extra: &[(&str, &str)]) -> Response {
    let view = View::parse(form.one("view"));
    see_other(&format!("{}#main", queue_href(view, form.one("q").trim(), extra)))
}

async fn act(State(state): State<Shared>, visit: Visit, body: Bytes) -> Response {
    let form = Form::parse(&body);
    if let Some(refused) = visit.refusal(&form) {
        return refused;
    }
    // One comment's own button, or the bulk action on the checked ones.
    let (action, ids): (Option<Action>, Vec<i64>) = match form.one("act").split_once(':') {
        Some((action, id)) => (Action::parse(action), id.parse().ok().into_iter().collect()),
        None => (Action::parse(form.one("bulk")), form.all("ids").filter_map(|id| id.parse().ok()).collect()),
    };
    let (Some(action), false) = (action, ids.is_empty()) else {
        return back_to_queue(&form, &[("error", "nothing_selected")]);
    };
    match state.database.store.moderate(action, &ids, &visit.logged()).await {
        Ok(changed) => {
            tracing::info!(moderator = visit.moderator(), action = action.as_str(), ?changed, "moderated");
            back_to_queue(&form, &[("done", action.as_str()), ("n", &changed.len().to_string())])
        }
        Err(e) => failed(visit.t, e),
    }
}

async fn block(State(state): State<Shared>, visit: Visit, body: Bytes) -> Response {
    let form = Form::parse(&body);
    if let Some(refused) = visit.refusal(&form) {
        return refused;
    }
    let store = &state.database.store;
    let target =
        form.one("block").split_once(':').and_then(|(kind, id)| Some((BlockKind::parse(kind)?, id.parse().ok()?)));
    let Some((kind, id)) = target else { return back_to_queue(&form, &[("error", "nothing_selected")]) };
    let comment = match store.get(id).await {
        Ok(Some(c)) => c,
        Ok(None) => return back_to_queue(&form, &[("error", "nothing_selected")]),
        Err(e) => return failed(visit.t, e),
    };
    let (value, note) = match kind {
        BlockKind::Email => (comment.email.to_lowercase(), format!("#{} · {}", comment.id, comment.author)),
        BlockKind::Client if comment.client_hash.is_empty() => {
            return back_to_queue(&form, &[("error", "client_unknown")])
        }
        BlockKind::Client => (comment.client_hash.clone(), format!("#{} · {}", comment.id, comment.author)),
    };
    match store.block(kind, &value, &note, &visit.logged()).await {
        Ok(true) => back_to_queue(&form, &[("done", kind.log_action())]),
        Ok(false) => back_to_queue(&form, &[("error", "already_blocked")]),
        Err(e) => failed(visit.t, e),
    }
}

async fn unblock(State(state): State<Shared>, visit: Visit, body: Bytes) -> Response {
    let form = Form::parse(&body);
    if let Some(refused) = visit.refusal(&form) {
        return refused;
    }
    let Ok(id) = form.one("id").parse::<i64>() else { return see_other("/admin/blocks") };
    match state.database.store.unblock(id, &visit.logged()).await {
        Ok(_) => see_other("/admin/blocks?done=unblock"),
        Err(e) => failed(visit.t, e),
    }
}

async fn blocks_page(
    State(state): State<Shared>,
    visit: Visit,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    if visit.session.is_none() {
        return login_redirect(&visit);
    }
    let t = visit.t;
    let store = &state.database.store;
    let (blocks, waiting) = match (store.blocks().await, store.waiting().await) {
        (Ok(b), Ok(w)) => (b, w),
        (Err(e), _) | (_, Err(e)) => return failed(t, e),
    };
    let blocks = blocks
        .into_iter()
        .map(|b| BlockRow {
            id: b.id,
            what: match b.kind {
                BlockKind::Email => format!("{} {}", t.blocked_email, b.value),
                BlockKind::Client => {
                    format!("{} ({}, {}…)", t.blocked_client, b.note, &b.value[..b.value.len().min(8)])
                }
            },
            by: b.created_by,
            at_text: t.time(&b.created_at),
            at: b.created_at,
        })
        .collect();
    let page = BlocksPage { frame: visit.frame(t.blocks_title, "blocks", waiting, notice(t, &params)), blocks };
    visit.page(StatusCode::OK, &page)
}

async fn log_page(
    State(state): State<Shared>,
    visit: Visit,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    if visit.session.is_none() {
        return login_redirect(&visit);
    }
    let t = visit.t;
    let before = params.get("before").and_then(|b| b.parse::<i64>().ok());
    let store = &state.database.store;
    let (mut entries, waiting) = match (store.log(before, LOG_PAGE + 1).await, store.waiting().await) {
        (Ok(e), Ok(w)) => (e, w),
        (Err(e), _) | (_, Err(e)) => return failed(t, e),
    };
    let more = entries.len() > LOG_PAGE as usize;
    entries.truncate(LOG_PAGE as usize);
    let older_href = more.then(|| entries.last().map(|e| format!("/admin/log?before={}", e.id))).flatten();
    let entries = entries
        .into_iter()
        .map(|e| LogRow {
            at_text: t.time(&e.at),
            at: e.at,
            actor: t.actor(&e.actor).to_owned(),
            action: t.logged(&e.action),
            comment_id: e.comment_id,
            detail: e.detail,
        })
        .collect();
    let page = LogPage { frame: visit.frame(t.log_title, "log", waiting, None), entries, older_href };
    visit.page(StatusCode::OK, &page)
}

/// The sign-in form, with a fresh form cookie when the browser has none.
fn sign_in_form(state: &Shared, visit: &Visit, status: StatusCode, name: &str, notice: Option<Notice>) -> Response {
    let existing = guard::cookie(&visit.headers, LOGIN_COOKIE).filter(|c| guard::looks_like_token(c));
    let (cookie, fresh) = match existing {
        Some(cookie) => (cookie.to_owned(), false),
        None => match keys::token() {
            Ok(token) => (token, true),
            Err(e) => {
                tracing::error!(error = %e, "no randomness for the sign-in form");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        },
    };
    let page = LoginPage {
        frame: visit.frame(visit.t.sign_in_title, "", (0, 0), notice),
        login_token: guard::login_token(&state.keyed, &cookie),
        name: name.to_owned(),
    };
    let mut response = visit.page(status, &page);
    if fresh {
        response
            .headers_mut()
            .append(header::SET_COOKIE, guard::set_cookie(LOGIN_COOKIE, &cookie, LOGIN_FORM_SECS, visit.secure));
    }
    response
}

async fn login_page(
    State(state): State<Shared>,
    visit: Visit,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    if visit.session.is_some() {
        return see_other("/admin");
    }
    let notice = notice(visit.t, &params);
    let mut response = sign_in_form(&state, &visit, StatusCode::OK, "", notice);
    if guard::cookie(&visit.headers, SESSION_COOKIE).is_some() {
        response.headers_mut().append(header::SET_COOKIE, guard::clear_cookie(SESSION_COOKIE, visit.secure));
    }
    response
}

async fn login(State(state): State<Shared>, visit: Visit, body: Bytes) -> Response {
    let form = Form::parse(&body);
    let t = visit.t;
    if !guard::same_origin(&visit.headers) {
        return visit.refused(StatusCode::FORBIDDEN, t.refused_cross_site);
    }
    let name = form.one("name").trim().to_owned();
    let form_cookie = guard::cookie(&visit.headers, LOGIN_COOKIE).unwrap_or("");
    let expected = guard::login_token(&state.keyed, form_cookie);
    if form_cookie.is_empty() || !keys::same(form.one("csrf"), &expected) {
        let notice = Some(Notice { text: t.form_expired.into(), error: true });
        return sign_in_form(&state, &visit, StatusCode::FORBIDDEN, &name, notice);
    }
    let store = &state.database.store;
    let now = clock::now();
    let client = visit.client.key.to_string();
    match store.login_failures(&client, &name, now - LOGIN_WINDOW).await {
        Ok((by_client, by_name)) if by_client >= guard::FAILURES_PER_CLIENT || by_name >= guard::FAILURES_PER_NAME => {
            tracing::warn!(%client, name, by_client, by_name, "sign-in refused: too many failures");
            let notice = Some(Notice { text: t.too_many_attempts.into(), error: true });
            let mut response = sign_in_form(&state, &visit, StatusCode::TOO_MANY_REQUESTS, &name, notice);
            let wait = HeaderValue::from(LOGIN_WINDOW.whole_seconds() as u64);
            response.headers_mut().insert(header::RETRY_AFTER, wait);
            return response;
        }
        Ok(_) => {}
        Err(e) => return failed(t, e),
    }
    let moderator = match store.moderator(&name).await {
        Ok(m) => m,
        Err(e) => return failed(t, e),
    };
    let password = form.one("password").to_owned();
    let stored = moderator.as_ref().map(|m| m.password_hash.clone());
    let verified = tokio::task::spawn_blocking(move || guard::verify_password(&password, stored.as_deref()))
        .await
        .unwrap_or(false);
    let Some(moderator) = moderator.filter(|_| verified) else {
        tracing::warn!(%client, name, "sign-in failed");
        if let Err(e) = store.record_login_failure(&client, &name, now).await {
            return failed(t, e);
        }
        let notice = Some(Notice { text: t.wrong_password.into(), error: true });
        return sign_in_form(&state, &visit, StatusCode::UNAUTHORIZED, &name, notice);
    };
    // A new id at every sign-in; the one the browser came with is ended.
    if let Some(old) = guard::cookie(&visit.headers, SESSION_COOKIE) {
        if let Err(e) = store.end_session(&guard::session_hash(old)).await {
            return failed(t, e);
        }
    }
    let (Ok(id), Ok(csrf)) = (keys::token(), keys::token()) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let lasts = state.config.admin_session;
    let session = NewSession {
        id_hash: guard::session_hash(&id),
        moderator_id: moderator.id,
        csrf,
        created_at: now,
        expires_at: now + lasts,
    };
    let by = Logged { actor: moderator.name.clone(), at: now };
    let stored = async {
        store.create_session(&session).await?;
        store.log_event(&by, "sign_in", &client).await
    };
    if let Err(e) = stored.await {
        return failed(t, e);
    }
    tracing::info!(moderator = moderator.name, "signed in");
    let mut response = see_other("/admin");
    let headers = response.headers_mut();
    headers.append(header::SET_COOKIE, guard::set_cookie(SESSION_COOKIE, &id, lasts.as_secs(), visit.secure));
    headers.append(header::SET_COOKIE, guard::clear_cookie(LOGIN_COOKIE, visit.secure));
    response
}

async fn logout(State(state): State<Shared>, visit: Visit, body: Bytes) -> Response {
    let form = Form::parse(&body);
    if visit.session.is_none() && guard::same_origin(&visit.headers) {
        return see_other("/admin/login");
    }
    if let Some(refused) = visit.refusal(&form) {
        return refused;
    }
    let Some((hash, session)) = &visit.session else { return see_other("/admin/login") };
    let by = Logged { actor: session.moderator.clone(), at: clock::now() };
    let store = &state.database.store;
    let ended = async {
        store.end_session(hash).await?;
        store.log_event(&by, "sign_out", "").await
    };
    if let Err(e) = ended.await {
        return failed(visit.t, e);
    }
    let mut response = see_other("/admin/login?done=signed_out");
    response.headers_mut().append(header::SET_COOKIE, guard::clear_cookie(SESSION_COOKIE, visit.secure));
    response
}
