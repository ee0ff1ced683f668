//! All HTTP the widget does, through one function, [`send`]; the calls below
//! turn its answers into typed results. Nothing here panics on what a server
//! sends, and every request has a deadline.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use article_widget_core::comment::{
    CommentError, CommentPage, Edit, Field, Posted, Problem, Problems, ValidComment, EDIT_TOKEN_HEADER,
};
use article_widget_core::error_code::ErrorCode;
use article_widget_core::wordpress::{self, Context};
use article_widget_core::{url, Article, Expected, Lang, WidgetError};
use gloo_net::http::{Method, RequestBuilder};
use gloo_timers::callback::Timeout;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestCredentials};

use article_widget_core::feed::{self, Story};

use crate::config::{Backend, CommentsConfig, RelatedConfig};
use crate::decode::{self, parse_json};
use crate::wordpress as wp;

/// An article request the loader started before the wasm ran (see
/// [`in_flight`]): the widget takes it over rather than asking again.
struct InFlight {
    /// The address, resolved against the page.
    url: String,
    /// `fetch`'s promise of a `Response`.
    response: js_sys::Promise,
    /// Aborts it: the deadline, counted from `started`.
    controller: AbortController,
    /// When it was sent (`Date.now()`, in ms).
    started: f64,
}

thread_local! {
    static IN_FLIGHT: RefCell<Vec<InFlight>> = const { RefCell::new(Vec::new()) };
}

/// Hands the widget an article request that the loader (`article-widget.js`)
/// sent as it ran, for the `article-src` of a widget already in the page, so
/// that the article arrives with the wasm rather than after it. The first
/// widget to fetch that address takes it over, with the same deadline
/// (counted from `started`), status and error handling as a request of its own.
#[wasm_bindgen(js_name = inFlight)]
pub fn in_flight(url: String, response: js_sys::Promise, controller: AbortController, started: f64) {
    IN_FLIGHT.with(|all| all.borrow_mut().push(InFlight { url, response, controller, started }));
}

/// The request in flight for `url` (as written: resolved against the page as
/// `fetch` would), once.
fn take_in_flight(url: &str) -> Option<InFlight> {
    let resolved = web_sys::Url::new_with_base(url, &crate::dom::document_base_url()).ok()?.href();
    IN_FLIGHT.with(|all| {
        let mut all = all.borrow_mut();
        let index = all.iter().position(|request| request.url == resolved)?;
        Some(all.swap_remove(index))
    })
}

/// One request.
struct Call<'a> {
    method: Method,
    url: &'a str,
    /// What the caller can read (`Accept`).
    accept: &'static str,
    /// A JSON body.
    body: Option<String>,
    headers: Vec<(String, String)>,
    credentials: Option<RequestCredentials>,
    timeout_ms: u32,
    /// The owner's controller, which aborts the request when its answer is
    /// no longer wanted; the deadline aborts it too.
    abort: Option<AbortController>,
    /// The same request, already sent by the loader.
    in_flight: Option<InFlight>,
    /// How the body's bytes become text.
    decode: Decode,
}

impl<'a> Call<'a> {
    /// A read: a GET of `url` carrying nothing of the caller's, with its
    /// deadline and its owner's abort; callers set what differs.
    fn get(url: &'a str, accept: &'static str, timeout_ms: u32, abort: AbortController) -> Self {
        Call {
            method: Method::GET,
            url,
            accept,
            body: None,
            headers: Vec::new(),
            credentials: None,
            timeout_ms,
            abort: Some(abort),
            in_flight: None,
            decode: Decode::Utf8,
        }
    }
}

/// How an answer's bytes become text.
#[derive(Clone, Copy)]
enum Decode {
    /// As UTF-8 (JSON is), by the browser.
    Utf8,
    /// By this function, from the body's bytes and the `Content-Type`:
    /// feeds, in the character set they declare ([`declared_text`]). A
    /// function handed in rather than a case of [`send`]'s own, so that the
    /// character-set sniffing ships in the related sidebar's wasm part, which
    /// alone names it, rather than in the first view with `send`.
    Bytes(fn(&js_sys::ArrayBuffer, Option<&str>) -> Result<String, JsValue>),
}

const JSON: &str = "application/json";
/// Every feed kind the sidebar reads, for servers that choose by `Accept`
/// (under 128 bytes, so it stays a CORS-safelisted header).
const FEEDS: &str = "application/feed+json, application/json, application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1";

/// A complete answer, whatever its status.
struct Answer {
    status: u16,
    body: String,
    content_type: Option<String>,
    /// Where the body finally came from (after redirects).
    url: String,
    /// `Retry-After` in seconds, when given as a number.
    retry_after: Option<u32>,
    /// WordPress's `X-WP-Total`: how many items a list has in all.
    total: Option<u64>,
}

/// No complete answer.
#[derive(Debug)]
enum Failure {
    Timeout {
        seconds: u32,
    },
    /// Offline, refused, DNS, CORS: the browser does not say which.
    Network,
    /// The request could not even be made (a URL fetch refuses, such as
    /// one with credentials in it): retrying cannot help.
    Unsendable,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Timeout { seconds } => write!(f, "no complete answer within {seconds} s"),
            Failure::Network => f.write_str("no answer (network, CORS or offline)"),
            Failure::Unsendable => f.write_str("the browser refuses to send this request"),
        }
    }
}

impl std::error::Error for Failure {}

/// Sends a request (or takes over the one in flight); the deadline covers
/// the whole exchange, body included.
async fn send(call: Call<'_>) -> Result<Answer, Failure> {
    let seconds = call.timeout_ms.div_ceil(1000);
    let (pending, controller, deadline_ms) = match call.in_flight {
        Some(sent) => {
            let elapsed = (js_sys::Date::now() - sent.started).max(0.0);
            (sent.response, sent.controller, (f64::from(call.timeout_ms) - elapsed).max(0.0) as u32)
        }
        None => {
            // The owner's controller when it has one: aborting it aborts the
            // request (the answer would be dropped; it reads as a time-out).
            let controller = match call.abort.clone() {
                Some(controller) => controller,
                None => AbortController::new().map_err(|_| Failure::Network)?,
            };
            let request = request(&call, &controller.signal())?;
            let window = web_sys::window().ok_or(Failure::Network)?;
            (window.fetch_with_request(&request.into()), controller, call.timeout_ms)
        }
    };
    let signal = controller.signal();
    // Dropping the timer (on any return) cancels it.
    let _deadline = Timeout::new(deadline_ms, move || controller.abort());
    let failed = || if signal.aborted() { Failure::Timeout { seconds } } else { Failure::Network };
    let response = JsFuture::from(pending).await.map_err(|_| failed())?;
    let response: web_sys::Response = response.unchecked_into();
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    let retry_after = header("retry-after").and_then(|v| v.trim().parse::<u32>().ok());
    let content_type = header("content-type");
    let total = wp::total(header("x-wp-total"));
    let body = body_text(&response, call.decode, content_type.as_deref()).await.map_err(|_| failed())?;
    Ok(Answer { status: response.status(), body, content_type, url: response.url(), retry_after, total })
}

/// The body as text, read as `decode` says.
async fn body_text(
    response: &web_sys::Response,
    decode: Decode,
    content_type: Option<&str>,
) -> Result<String, JsValue> {
    match decode {
        Decode::Utf8 => JsFuture::from(response.text()?).await?.as_string().ok_or(JsValue::NULL),
        Decode::Bytes(decode) => decode(&JsFuture::from(response.array_buffer()?).await?.into(), content_type),
    }
}

/// The request `call` describes, aborted by `signal`.
fn request(call: &Call<'_>, signal: &web_sys::AbortSignal) -> Result<gloo_net::http::Request, Failure> {
    let mut builder = RequestBuilder::new(call.url)
        .method(call.method.clone())
        .header("Accept", call.accept)
        .abort_signal(Some(signal));
    for (name, value) in &call.headers {
        builder = builder.header(name, value);
    }
    if let Some(credentials) = call.credentials {
        builder = builder.credentials(credentials);
    }
    match &call.body {
        Some(body) => builder.header("Content-Type", "application/json").body(body.clone()),
        None => builder.build(),
    }
    .map_err(|_| Failure::Unsendable)
}

/// An article, the address its relative links resolve against, and, for a
/// WordPress post, its place on its site.
#[derive(Clone)]
pub struct Fetched {
    pub article: Article,
    pub url: String,
    pub wordpress: Option<Rc<Context>>,
}

/// The article at `url` (a WordPress post asked with what it shows), taking
/// over the loader's request for it if any; `abort` cancels a request of its own.
pub async fn fetch_article(url: &str, timeout_ms: u32, abort: AbortController) -> Result<Fetched, WidgetError> {
    let requested = wordpress::article_url(url);
    if requested != url {
        wp::preload_reader();
    }
    let call = Call { in_flight: take_in_flight(&requested), ..Call::get(&requested, JSON, timeout_ms, abort) };
    let answer = send(call).await.map_err(|failure| match failure {
        Failure::Timeout { seconds } => WidgetError::Timeout { seconds, url: url.into() },
        Failure::Network => WidgetError::Network { url: url.into() },
        Failure::Unsendable => {
            WidgetError::BadAttribute { name: "article-src", value: url.into(), expected: Expected::RequestableUrl }
        }
    })?;
    match answer.status {
        200..=299 => {}
        404 | 410 => return Err(WidgetError::NotFound { url: url.into() }),
        status => return Err(WidgetError::Http { status, url: url.into() }),
    }
    let answered = decode::article_answer(&answer.body, &answer.url).await?;
    Ok(Fetched {
        article: answered.article,
        url: answered.page.unwrap_or(answer.url),
        wordpress: answered.wordpress.map(Rc::new),
    })
}

/// How many comments a WordPress post shows (its comment list's
/// `X-WP-Total`); none when that cannot be had.
pub async fn fetch_comment_count(site: &Context, timeout_ms: u32, abort: AbortController) -> Option<u64> {
    let query = [("post", site.post.to_string()), ("per_page", "1".into()), ("_fields", "id".into())];
    let url = site.rest.url("wp/v2/comments", &query);
    let call = Call::get(&url, JSON, timeout_ms, abort);
    let answer = send(call).await.ok()?;
    answer.total.filter(|_| (200..=299).contains(&answer.status))
}

/// One page of comments, oldest first: after the cursor the previous page
/// gave (`next`), or, from a server that gives none (WordPress), at `offset`.
pub async fn fetch_comments(
    config: &CommentsConfig,
    offset: u64,
    after: Option<&str>,
) -> Result<CommentPage, CommentError> {
    let Backend::WordPress(site) = &config.backend else {
        let from = match after {
            Some(cursor) => ("after".into(), cursor.to_owned()),
            None => ("offset".into(), offset.to_string()),
        };
        let url = url::with_query(&config.key(), &[from, ("limit".into(), config.page_size.to_string())]);
        return comment_request(config, Method::GET, &url, None, None).await;
    };
    let query = [
        ("post", site.post.to_string()),
        ("order", "asc".into()),
        ("per_page", config.page_size.to_string()),
        ("offset", offset.to_string()),
        ("_fields", wp::comment_fields(config.avatars)),
    ];
    let answer = comment_call(config, Method::GET, &site.rest.url("wp/v2/comments", &query), None, None).await?;
    if !(200..=299).contains(&answer.status) {
        return Err(status_error(&answer));
    }
    let list = decode::parse_value(&answer.body).map_err(|detail| CommentError::BadResponse { detail })?;
    if !js_sys::Array::is_array(&list) {
        return Err(CommentError::BadResponse { detail: "not a list of comments".into() });
    }
    let comments = wp::comments(&list, config.avatars);
    let total = answer.total.unwrap_or(offset + comments.len() as u64);
    Ok(CommentPage { comments, total, next: None })
}

/// Posts a comment. `key` is the draft's idempotency key: the same on every
/// retry of one draft, so the server stores it once (sent to WordPress only
/// when the site says it takes it: its CORS would refuse it otherwise).
pub async fn post_comment(config: &CommentsConfig, comment: &ValidComment, key: &str) -> Result<Posted, CommentError> {
    let unserialisable = || CommentError::BadResponse { detail: "unserialisable comment".into() };
    let Backend::WordPress(site) = &config.backend else {
        let body = decode::to_json(comment).ok_or_else(unserialisable)?;
        return comment_request(config, Method::POST, &config.key(), Some(body), Some((IDEMPOTENCY_KEY, key))).await;
    };
    let body = decode::to_json(&wordpress::NewComment::new(site.post, comment)).ok_or_else(unserialisable)?;
    let key = site.support.idempotency_key.then_some((IDEMPOTENCY_KEY, key));
    let answer = comment_call(config, Method::POST, &site.rest.url("wp/v2/comments", &[]), Some(body), key).await?;
    let value = decode::parse_value(&answer.body);
    if !(200..=299).contains(&answer.status) {
        return Err(wp::refusal(answer.status, &value.unwrap_or(JsValue::UNDEFINED)));
    }
    let created = value.ok().and_then(|v| wp::created(&v, config.avatars));
    let (comment, status) = created.ok_or(CommentError::BadResponse { detail: "not a created comment".into() })?;
    Ok(Posted { comment, status, edit: None })
}

/// The address of one comment of the list at `list` (the reference API's
/// `…/comments/{id}`), its query kept.
fn comment_url(list: &str, id: &str) -> String {
    let (base, query) = list.split_once('?').map_or((list, None), |(b, q)| (b, Some(q)));
    let id = String::from(js_sys::encode_uri_component(id));
    let mut url = format!("{}/{id}", base.trim_end_matches('/'));
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    url
}

/// Changes the text of the reader's own comment (`body`: a `PATCH`, answered
/// with its new version) or deletes it (none: a `DELETE`, answered 204),
/// proved by its edit token, sent in a header, never in the URL. Only the
/// comment API has this (WordPress gives no token, so the widget never
/// offers it there).
pub async fn change_comment(
    config: &CommentsConfig,
    id: &str,
    token: &str,
    body: Option<&str>,
) -> Result<Option<Posted>, CommentError> {
    let url = comment_url(&config.key(), id);
    let (method, edit) = match body {
        Some(body) => (Method::PATCH, Some(decode::to_json(&Edit { body: body.to_owned() }).unwrap_or_default())),
        None => (Method::DELETE, None),
    };
    let editing = edit.is_some();
    let answer = comment_call(config, method, &url, edit, Some((EDIT_TOKEN_HEADER, token))).await?;
    match answer.status {
        200..=299 if editing => {
            parse_json(&answer.body).map(Some).map_err(|detail| CommentError::BadResponse { detail })
        }
        200..=299 => Ok(None),
        _ => Err(status_error(&answer)),
    }
}

const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

/// A request to the comment API with its configured headers, credentials and
/// deadline; a 2xx body read as `T`, anything else as a [`CommentError`].
async fn comment_request<T: DeserializeOwned>(
    config: &CommentsConfig,
    method: Method,
    url: &str,
    body: Option<String>,
    header: Option<(&str, &str)>,
) -> Result<T, CommentError> {
    let answer = comment_call(config, method, url, body, header).await?;
    match answer.status {
        200..=299 => parse_json(&answer.body).map_err(|detail| CommentError::BadResponse { detail }),
        _ => Err(status_error(&answer)),
    }
}

/// A request to the comment service with its configured headers,
/// credentials and deadline, plus one `header` of its own (the draft's
/// idempotency key, or an edit token): its complete answer, whatever the
/// status.
async fn comment_call(
    config: &CommentsConfig,
    method: Method,
    url: &str,
    body: Option<String>,
    header: Option<(&str, &str)>,
) -> Result<Answer, CommentError> {
    let mut headers = config.request_headers();
    if let Some((name, value)) = header {
        headers.push((name.into(), value.into()));
    }
    let call = Call {
        method,
        url,
        accept: JSON,
        body,
        headers,
        credentials: config.credentials,
        timeout_ms: config.timeout_ms,
        abort: None,
        in_flight: None,
        decode: Decode::Utf8,
    };
    send(call).await.map_err(comment_failure)
}

fn comment_failure(failure: Failure) -> CommentError {
    match failure {
        Failure::Timeout { seconds } => CommentError::Timeout { seconds },
        Failure::Network if !crate::dom::online() => CommentError::Offline,
        Failure::Network | Failure::Unsendable => CommentError::Network,
    }
}

/// A non-2xx answer of the comment API as an error.
fn status_error(answer: &Answer) -> CommentError {
    #[derive(serde::Deserialize)]
    struct Code {
        error: String,
    }
    let code = parse_json::<Code>(&answer.body).map(|c| c.error).unwrap_or_default();
    let is = |expected: ErrorCode| code == expected.as_str();
    match answer.status {
        422 => CommentError::Invalid(field_problems(&answer.body)),
        409 if is(ErrorCode::IdempotencyKeyReused) => CommentError::KeyReused,
        409 => CommentError::Duplicate,
        403 if is(ErrorCode::EditWindowClosed) => CommentError::EditWindowClosed,
        403 if is(ErrorCode::EditForbidden) => CommentError::EditForbidden,
        413 => CommentError::TooLarge,
        // Without a usable Retry-After, a minute is a safe wait.
        429 => CommentError::RateLimited { retry_after: answer.retry_after.unwrap_or(60).clamp(1, 3600) },
        status @ 500..=599 => CommentError::Server { status },
        status => CommentError::Http { status },
    }
}

/// `{"errors": {"email": "invalid", …}}` to field problems, in the form's
/// order; fields the form does not have are ignored.
fn field_problems(body: &str) -> Problems {
    #[derive(serde::Deserialize, Default)]
    struct Codes {
        body: Option<String>,
        author: Option<String>,
        email: Option<String>,
        website: Option<String>,
    }
    #[derive(serde::Deserialize)]
    struct Errors {
        errors: Codes,
    }
    let codes = parse_json::<Errors>(body).map(|e| e.errors).unwrap_or_default();
    [
        (Field::Body, codes.body),
        (Field::Author, codes.author),
        (Field::Email, codes.email),
        (Field::Website, codes.website),
    ]
    .into_iter()
    .filter_map(|(field, code)| Some((field, Problem::from_code(field, &code?))))
    .collect()
}

/// For callers that need a `JsValue` status in event details.
pub fn status_value(error: &CommentError) -> JsValue {
    error.status().map_or(JsValue::NULL, JsValue::from)
}

/// Why the related stories could not be had.
#[derive(Clone, Debug, PartialEq)]
pub enum RelatedError {
    Http(u16),
    Timeout(u32),
    Network,
    Feed(feed::FeedError),
    /// `related-src` is a web page; the feed it announces, followed once,
    /// failed so.
    Announced {
        feed: String,
        error: Box<RelatedError>,
    },
    /// The `related` option's value is no list of stories.
    Given(feed::FeedError),
}

impl RelatedError {
    pub fn retryable(&self) -> bool {
        match self {
            RelatedError::Http(status) => *status >= 500 || *status == 429 || *status == 408,
            RelatedError::Timeout(_) | RelatedError::Network => true,
            RelatedError::Feed(_) | RelatedError::Given(_) => false,
            RelatedError::Announced { error, .. } => error.retryable(),
        }
    }

    /// Whether `related-src` led to a web page rather than a feed.
    pub fn is_web_page(&self) -> bool {
        match self {
            RelatedError::Feed(feed::FeedError::WebPage { .. }) | RelatedError::Announced { .. } => true,
            RelatedError::Http(_)
            | RelatedError::Timeout(_)
            | RelatedError::Network
            | RelatedError::Feed(_)
            | RelatedError::Given(_) => false,
        }
    }

    /// What the sidebar says after "Related stories are unavailable.", if anything.
    pub fn note(&self, lang: Lang) -> Option<String> {
        match self {
            _ if self.is_web_page() => Some(lang.texts().related_web_page.to_owned()),
            // The publisher's mistake, said as a wrong setting is.
            RelatedError::Given(e) => Some(WidgetError::BadConfig { detail: e.to_string() }.message(lang)),
            _ => None,
        }
    }

    /// The console line: which source, what went wrong.
    pub fn console_detail(&self, url: &str) -> String {
        match self {
            RelatedError::Given(_) => format!("article-widget [related]: {self}"),
            _ => format!("article-widget [related]: `related-src` {url}: {self}"),
        }
    }
}

/// What went wrong, in English, for developers (the reader sees a sentence
/// of the sidebar's own).
impl fmt::Display for RelatedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RelatedError::Http(status) => write!(f, "answered HTTP {status}"),
            RelatedError::Timeout(seconds) => write!(f, "did not answer within {seconds} s"),
            RelatedError::Network => f.write_str("could not be fetched (network, CORS or offline)"),
            RelatedError::Feed(e) => e.fmt(f),
            RelatedError::Announced { feed, error } => {
                write!(f, "a web page; the feed it announces, {feed}, {error}")
            }
            RelatedError::Given(e) => write!(f, "option `related`: {e}"),
        }
    }
}

impl std::error::Error for RelatedError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RelatedError::Feed(e) | RelatedError::Given(e) => Some(e),
            RelatedError::Announced { error, .. } => Some(error.as_ref()),
            RelatedError::Http(_) | RelatedError::Timeout(_) | RelatedError::Network => None,
        }
    }
}

/// Related posts of the article's WordPress site (the address made by
/// [`wordpress::related_url`]); `abort` cancels the request.
pub async fn fetch_wordpress_related(
    config: &RelatedConfig,
    url: &str,
    abort: AbortController,
) -> Result<Vec<Story>, RelatedError> {
    let answer = send(Call::get(url, JSON, config.timeout_ms, abort)).await.map_err(related_failure)?;
    if !(200..=299).contains(&answer.status) {
        return Err(RelatedError::Http(answer.status));
    }
    let list = decode::parse_value(&answer.body).map_err(|e| RelatedError::Feed(feed::FeedError::NotAFeed(e)))?;
    Ok(wp::stories(&list))
}

/// Related-story candidates from the configured feed, whatever its kind
/// and character set; `abort` cancels the request. A web page that
/// announces its feed (`<link rel="alternate" type="application/rss+xml"
/// href>`) is followed once, with a console note giving the feed's address
/// to use instead.
pub async fn fetch_related(
    config: &RelatedConfig,
    url: &str,
    abort: AbortController,
) -> Result<Vec<Story>, RelatedError> {
    match read_feed(config, url, abort.clone()).await {
        Err(RelatedError::Feed(feed::FeedError::WebPage { feed: Some(announced) })) => {
            crate::dom::console_warn(&format!(
                "article-widget [related]: `related-src` {url} is a web page; reading the feed it announces, \
                 {announced} (set `related-src` to it to save a request)"
            ));
            read_feed(config, &announced, abort)
                .await
                .map_err(|error| RelatedError::Announced { feed: announced, error: Box::new(error) })
        }
        other => other,
    }
}

/// What a failed request means for the sidebar.
fn related_failure(failure: Failure) -> RelatedError {
    match failure {
        Failure::Timeout { seconds } => RelatedError::Timeout(seconds),
        Failure::Network | Failure::Unsendable => RelatedError::Network,
    }
}

/// The stories of one feed address.
async fn read_feed(config: &RelatedConfig, url: &str, abort: AbortController) -> Result<Vec<Story>, RelatedError> {
    let call = Call { decode: Decode::Bytes(declared_text), ..Call::get(url, FEEDS, config.timeout_ms, abort) };
    let answer = send(call).await.map_err(related_failure)?;
    if !(200..=299).contains(&answer.status) {
        return Err(RelatedError::Http(answer.status));
    }
    decode::stories_from_feed(&answer.body, answer.content_type.as_deref(), &answer.url).map_err(RelatedError::Feed)
}

/// A feed's bytes as text, in the character set it declares (a byte order
/// mark, the header's `charset`, the XML declaration, else UTF-8:
/// `feed::charset`), decoded by the browser's own `TextDecoder`, which knows
/// every label of the Encoding Standard (one it does not know reads as
/// UTF-8) and replaces what is not valid in it with U+FFFD.
fn declared_text(buffer: &js_sys::ArrayBuffer, content_type: Option<&str>) -> Result<String, JsValue> {
    let head_length = buffer.byte_length().min(feed::charset::SNIFF_LEN as u32);
    let head = js_sys::Uint8Array::new_with_byte_offset_and_length(buffer, 0, head_length).to_vec();
    let label = feed::charset::label(&head, content_type);
    let decoder = web_sys::TextDecoder::new_with_label(&label).or_else(|_| web_sys::TextDecoder::new())?;
    decoder.decode_with_buffer_source(buffer)
}
