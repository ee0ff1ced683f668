//! The moderation page's views: one askama template per page
//! (`server/templates/admin/`), each fed plain, already-worded values.
//! Askama escapes everything it prints as HTML.

use askama::Template;

use super::text::Texts;

/// What every page shows around its content.
pub struct Frame<'a> {
    pub t: &'static Texts,
    pub heading: &'a str,
    /// The signed-in moderator; none on the sign-in page.
    pub moderator: Option<&'a str>,
    /// The session's CSRF token, carried by every form.
    pub csrf: &'a str,
    /// Pending and spam comments, for the navigation.
    pub waiting: (u64, u64),
    /// `queue`, `spam`, `blocks` or `log`: the navigation's current item.
    pub here: &'a str,
    /// This page in the other language.
    pub switch_href: String,
    pub notice: Option<Notice>,
}

pub struct Notice {
    pub text: String,
    pub error: bool,
}

#[derive(Template)]
#[template(path = "admin/login.html")]
pub struct LoginPage<'a> {
    pub frame: Frame<'a>,
    pub login_token: String,
    /// The name typed last time, after a failure.
    pub name: String,
}

#[derive(Template)]
#[template(path = "admin/refused.html")]
pub struct RefusedPage<'a> {
    pub frame: Frame<'a>,
    pub reason: &'static str,
}

#[derive(Template)]
#[template(path = "admin/queue.html")]
pub struct QueuePage<'a> {
    pub frame: Frame<'a>,
    pub view: &'a str,
    pub q: &'a str,
    pub tabs: Vec<Tab>,
    pub bulk: Vec<(&'static str, &'static str)>,
    pub rows: Vec<Row>,
    pub older_href: Option<String>,
    pub newest_href: Option<String>,
}

pub struct Tab {
    pub label: &'static str,
    pub href: String,
    pub current: bool,
}

/// A comment as the queue shows it.
pub struct Row {
    pub id: i64,
    pub status: &'static str,
    pub status_text: &'static str,
    pub author: String,
    pub email: String,
    pub website: Option<String>,
    /// The article's title (and id), or its id when this server does not know it.
    pub article: String,
    pub body: String,
    pub created_at: String,
    pub created_text: String,
    /// When and (in words) when its author edited it.
    pub edited: Option<(String, String)>,
    pub verdict: &'static str,
    /// The spam check held it.
    pub flagged: bool,
    pub parent: Option<i64>,
    /// Whether its client's hash is still kept (within the retention period).
    pub client_known: bool,
    /// (action, label) for each button.
    pub actions: Vec<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "admin/blocks.html")]
pub struct BlocksPage<'a> {
    pub frame: Frame<'a>,
    pub blocks: Vec<BlockRow>,
}

pub struct BlockRow {
    pub id: i64,
    pub what: String,
    pub by: String,
    pub at: String,
    pub at_text: String,
}

#[derive(Template)]
#[template(path = "admin/log.html")]
pub struct LogPage<'a> {
    pub frame: Frame<'a>,
    pub entries: Vec<LogRow>,
    pub older_href: Option<String>,
}

pub struct LogRow {
    pub at: String,
    pub at_text: String,
    pub actor: String,
    pub action: String,
    pub comment_id: Option<i64>,
    pub detail: String,
}
