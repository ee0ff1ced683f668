//! The comment form's state and every change to it, as a pure reducer (as
//! Yew's `function_todomvc` keeps its `state.rs`). Nothing here calls the
//! browser: the time and a fresh idempotency key come in the actions, so
//! every rule of the form is tested natively (below).

use std::rc::Rc;

use article_widget_core::comment::{
    self, CommentError, Field, NewComment, Problem, Problems, Publication, ValidComment,
};
use article_widget_core::Lang;
use yew::Reducible;

use crate::storage::Draft;

/// Where the post stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Sending {
    Idle,
    InFlight,
    /// Offline: posts by itself when the browser is back online.
    WaitingOnline,
    /// After a 429: the button comes back at this time (ms since the epoch).
    Blocked {
        until: f64,
    },
    /// The site takes no comment here (closed, or readers without an
    /// account refused): nothing to retry; the text stays for the reader.
    Refused,
}

/// The last outcome, shown in the status line.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    None,
    Accepted(Publication),
    /// A retry the site answered as a duplicate of itself: it had the
    /// comment already (the earlier attempt's answer was lost).
    AlreadyPosted,
    Failed(CommentError),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub draft: Draft,
    pub honeypot: String,
    /// Fields checked live (they lost focus once, or a submit flagged them).
    flagged: Vec<Field>,
    /// What the server's 422 said, until the field changes.
    server: Problems,
    /// The error summary shows after a refused submit.
    pub summary: bool,
    pub sending: Sending,
    pub notice: Notice,
    /// Move focus to this field after the next render (the number makes
    /// each request distinct, so the same field can be asked twice).
    pub focus: Option<(Field, u32)>,
    /// The pointer is pressed inside the form: a blur waits for its release,
    /// for an error appearing between press and release would move the
    /// button under the pointer, and the click would be lost.
    pub pointer_down: bool,
    /// Blurs that came while the pointer was pressed.
    held_blurs: Vec<Field>,
}

pub enum Action {
    /// The reader entered the form (the bot timer starts here), `at` (RFC 3339).
    Touched {
        at: String,
    },
    Input {
        field: Field,
        value: String,
        at: String,
    },
    Remember(bool),
    Honeypot(String),
    Blur(Field),
    PointerDown,
    /// The pointer was released and its click has run: held blurs apply.
    PointerUp,
    /// Submit refused by validation: flag every field, show the summary.
    Refused,
    Sending,
    WaitOnline,
    /// The server has the comment; the form starts again from `fresh`.
    Accepted {
        status: Publication,
        fresh: Draft,
    },
    /// The server already had this comment (a retry answered "duplicate").
    AlreadyPosted {
        fresh: Draft,
    },
    /// The reader answers this comment: the form goes under it.
    ReplyTo(String),
    /// Back to a comment on the article.
    CancelReply,
    /// `now` (ms since the epoch) dates a rate limit; `fresh_key` replaces the
    /// draft's idempotency key if the server holds another version under it.
    Failed {
        error: CommentError,
        now: f64,
        fresh_key: String,
    },
    /// A rate limit's wait is over.
    Unblock,
}

/// What a submit does, decided from the state alone.
#[derive(Debug, PartialEq)]
pub enum Submit {
    /// Nothing: a post is on its way already (a double click), or the server
    /// asked to wait (429).
    Wait,
    /// Validation refuses: dispatch [`Action::Refused`].
    Refuse,
    /// A bot filled the honeypot: answer as if all went well, post nothing.
    Bot,
    /// The browser is offline: wait for the connection.
    Offline,
    /// Post this comment under this idempotency key; `retry`: this very
    /// draft was sent before and its answer never came (so a "duplicate"
    /// answer means the site has it).
    Post { comment: Box<ValidComment>, key: String, retry: bool },
}

/// What a reader did in the form the first view drew ahead of the comment
/// section's code (`markup::comments_ahead`), read when the section takes
/// it over.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Typed {
    /// The fields' values, in the order of [`Field::ALL`].
    pub values: [String; 4],
    pub remember: bool,
    pub honeypot: String,
    /// The reader was in the form (typed, or had focus in it), which was
    /// drawn at this time (RFC 3339): they started no earlier.
    pub started_at: Option<String>,
    /// The field the reader is in.
    pub focused: Option<Field>,
}

impl Typed {
    /// `draft` with what the reader did in the form drawn ahead: each field
    /// they typed in keeps what they typed; what they typed is a comment on
    /// the article (that form was not under a comment), not sent yet.
    pub fn kept_in(&self, mut draft: Draft) -> Draft {
        let mut changed = false;
        for (field, value) in Field::ALL.into_iter().zip(&self.values) {
            if !value.is_empty() {
                let slot = draft.field_mut(field);
                changed |= slot != value;
                slot.clone_from(value);
            }
        }
        if changed {
            draft.parent = None;
            draft.sent = false;
        }
        draft.remember |= self.remember;
        if let Some(at) = &self.started_at {
            draft.started_at.get_or_insert_with(|| at.clone());
        }
        draft
    }
}

impl Form {
    pub fn from_draft(draft: Draft) -> Form {
        Form {
            draft,
            honeypot: String::new(),
            flagged: Vec::new(),
            server: Vec::new(),
            summary: false,
            sending: Sending::Idle,
            notice: Notice::None,
            focus: None,
            pointer_down: false,
            held_blurs: Vec::new(),
        }
    }

    /// The form from `draft` (the saved one, or a fresh one with the
    /// remembered identity), taking over what the reader did in the form
    /// drawn ahead ([`Typed::kept_in`]).
    pub fn taking_over(draft: Draft, typed: &Typed) -> Form {
        let mut form = Form { honeypot: typed.honeypot.clone(), ..Form::from_draft(typed.kept_in(draft)) };
        // A field typed in and left is checked from now on, as if this form
        // had seen the reader leave it.
        for (field, value) in Field::ALL.into_iter().zip(&typed.values) {
            if !value.is_empty() && typed.focused != Some(field) {
                form.blur(field);
            }
        }
        form
    }

    pub fn value(&self, field: Field) -> &str {
        self.draft.field(field)
    }

    /// The problem shown on a field: the server's, else the shared check's,
    /// once the field is flagged.
    pub fn problem(&self, field: Field) -> Option<Problem> {
        if !self.flagged.contains(&field) {
            return None;
        }
        let from_server = self.server.iter().find(|(f, _)| *f == field).map(|(_, p)| *p);
        from_server.or_else(|| comment::check_field(field, self.value(field)))
    }

    /// The problems shown, in the form's order.
    pub fn problems(&self) -> Problems {
        Field::ALL.into_iter().filter_map(|f| self.problem(f).map(|p| (f, p))).collect()
    }

    /// What the reader wrote, as typed: [`comment::validate`] tidies it.
    fn new_comment(&self) -> NewComment {
        NewComment {
            author: self.draft.author.clone(),
            email: self.draft.email.clone(),
            website: Some(self.draft.website.clone()),
            body: self.draft.body.clone(),
            honeypot: Some(self.honeypot.clone()),
            started_at: self.draft.started_at.clone(),
            parent: self.draft.parent.clone(),
            ..NewComment::default()
        }
    }

    /// What a submit does now; `online` is what the browser believes.
    pub fn submit(&self, online: bool) -> Submit {
        if matches!(self.sending, Sending::InFlight | Sending::Blocked { .. } | Sending::Refused) {
            return Submit::Wait;
        }
        let Ok(comment) = comment::validate(&self.new_comment()) else { return Submit::Refuse };
        if comment.honeypot().is_some() {
            Submit::Bot
        } else if !online {
            Submit::Offline
        } else {
            Submit::Post { comment: Box::new(comment), key: self.draft.key.clone(), retry: self.draft.sent }
        }
    }

    /// The status line under the button; `moderation_notice` is the host's
    /// own text for a comment held for moderation.
    pub fn status(&self, lang: Lang, moderation_notice: Option<&str>) -> String {
        let texts = lang.texts();
        match &self.notice {
            Notice::None if self.sending == Sending::InFlight => texts.sending.to_owned(),
            Notice::None => String::new(),
            Notice::Accepted(Publication::Published) => texts.published.to_owned(),
            Notice::Accepted(Publication::Pending) => moderation_notice.unwrap_or(texts.pending).to_owned(),
            Notice::AlreadyPosted => texts.already_posted.to_owned(),
            // Nothing to retry: the site said why.
            Notice::Failed(error @ (CommentError::Closed | CommentError::LoginRequired)) => error.message(lang),
            // The summary and the fields say it.
            Notice::Failed(CommentError::Invalid(problems)) if !problems.is_empty() => String::new(),
            Notice::Failed(CommentError::KeyReused) => CommentError::KeyReused.message(lang),
            Notice::Failed(CommentError::Offline) => {
                format!("{} {}", CommentError::Offline.message(lang), texts.offline_wait)
            }
            // A rate limit is said once, not counted down aloud: the button comes back by itself.
            Notice::Failed(error) => format!("{} {}", error.message(lang), texts.draft_kept),
        }
    }

    fn flag(&mut self, field: Field) {
        if !self.flagged.contains(&field) {
            self.flagged.push(field);
        }
    }

    /// Asks for focus on `field`, distinct from the previous request.
    fn focus_on(&mut self, field: Option<Field>) {
        let next = self.focus.map_or(0, |(_, n)| n.wrapping_add(1));
        self.focus = field.map(|f| (f, next));
    }

    fn blur(&mut self, field: Field) {
        // An untouched empty field is not an error yet.
        if !self.value(field).is_empty() {
            self.flag(field);
        }
    }

    fn touched(&mut self, at: String) {
        self.draft.started_at.get_or_insert(at);
    }
}

impl Reducible for Form {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Releases with nothing held (every pointerup on the page) change nothing.
        if matches!(action, Action::PointerUp) && !self.pointer_down {
            return self;
        }
        let mut form = (*self).clone();
        match action {
            Action::Touched { at } => form.touched(at),
            Action::Input { field, value, at } => {
                form.touched(at);
                // A changed draft is a comment not sent yet.
                form.draft.sent = false;
                form.server.retain(|(f, _)| *f != field);
                *form.draft.field_mut(field) = value;
                if matches!(form.notice, Notice::Accepted(_)) {
                    form.notice = Notice::None;
                }
            }
            Action::Remember(on) => form.draft.remember = on,
            Action::Honeypot(value) => form.honeypot = value,
            Action::Blur(field) if form.pointer_down => form.held_blurs.push(field),
            Action::Blur(field) => form.blur(field),
            Action::PointerDown => form.pointer_down = true,
            Action::PointerUp => {
                form.pointer_down = false;
                for field in std::mem::take(&mut form.held_blurs) {
                    form.blur(field);
                }
            }
            Action::Refused => {
                form.flagged = Field::ALL.to_vec();
                form.summary = true;
                let first = form.problems().first().map(|(f, _)| *f);
                form.focus_on(first);
            }
            Action::Sending => {
                form.sending = Sending::InFlight;
                form.notice = Notice::None;
                form.draft.sent = true;
            }
            Action::WaitOnline => {
                form.sending = Sending::WaitingOnline;
                form.notice = Notice::Failed(CommentError::Offline);
            }
            Action::Accepted { status, fresh } => {
                form = Form::from_draft(fresh);
                form.notice = Notice::Accepted(status);
            }
            Action::AlreadyPosted { fresh } => {
                form = Form::from_draft(fresh);
                form.notice = Notice::AlreadyPosted;
            }
            Action::ReplyTo(parent) => {
                form.draft.parent = Some(parent);
                if matches!(form.notice, Notice::Accepted(_) | Notice::AlreadyPosted) {
                    form.notice = Notice::None;
                }
                form.focus_on(Some(Field::Body));
            }
            Action::CancelReply => {
                form.draft.parent = None;
                // Focus goes back to the reply button, not into the form.
                form.focus = None;
            }
            Action::Failed { error, now, fresh_key } => {
                form.sending = match error {
                    CommentError::RateLimited { retry_after } => {
                        Sending::Blocked { until: now + f64::from(retry_after) * 1000.0 }
                    }
                    CommentError::Offline => Sending::WaitingOnline,
                    CommentError::Closed | CommentError::LoginRequired => Sending::Refused,
                    _ => Sending::Idle,
                };
                // The server holds an earlier version under this key: this
                // one needs a key of its own.
                if error == CommentError::KeyReused {
                    form.draft.key = fresh_key;
                }
                if let CommentError::Invalid(problems) = &error {
                    form.server = problems.clone();
                    for (field, _) in problems {
                        form.flag(*field);
                    }
                    form.summary = true;
                    form.focus_on(problems.first().map(|(f, _)| *f));
                }
                form.notice = Notice::Failed(error);
            }
            Action::Unblock => {
                if matches!(form.sending, Sending::Blocked { .. }) {
                    form.sending = Sending::Idle;
                    form.notice = Notice::None;
                }
            }
        }
        Rc::new(form)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const AT: &str = "2024-04-19T10:00:00.000Z";

    fn draft() -> Draft {
        Draft { key: "key-1".into(), ..Draft::default() }
    }

    fn run(form: Form, actions: impl IntoIterator<Item = Action>) -> Form {
        let form = actions.into_iter().fold(Rc::new(form), Reducible::reduce);
        Rc::try_unwrap(form).unwrap_or_else(|rc| (*rc).clone())
    }

    #[test]
    fn the_form_drawn_ahead_is_taken_over_field_by_field() {
        // A saved reply with the remembered identity; the reader typed a
        // comment and a different name ahead of the section's code.
        let saved = Draft {
            author: "Awa".into(),
            email: "awa@example.org".into(),
            body: "old reply".into(),
            parent: Some("7".into()),
            sent: true,
            ..draft()
        };
        let typed = Typed {
            values: ["Bonjour <b>".into(), "Awa K.".into(), String::new(), String::new()],
            remember: true,
            honeypot: String::new(),
            started_at: Some(AT.into()),
            focused: Some(Field::Body),
        };
        let form = Form::taking_over(saved.clone(), &typed);
        // The name was typed and left: checked from now on; the comment,
        // where the reader is, is not flagged yet.
        assert_eq!(form.flagged, [Field::Author]);
        assert_eq!(form.draft.body, "Bonjour <b>");
        assert_eq!(form.draft.author, "Awa K.");
        assert_eq!(form.draft.email, "awa@example.org", "a field left empty keeps the saved value");
        assert_eq!(form.draft.key, "key-1");
        assert_eq!((form.draft.parent.as_deref(), form.draft.sent, form.draft.remember), (None, false, true));
        assert_eq!(form.draft.started_at.as_deref(), Some(AT));
        // Nothing typed: the saved draft as it was, its reply included.
        let untouched = Form::taking_over(saved.clone(), &Typed::default());
        assert_eq!(untouched, Form::from_draft(saved));
        // A bot that filled the hidden field ahead is still one.
        let bot = Typed {
            honeypot: "x".into(),
            values: ["Buy".into(), "B".into(), "b@b.example".into(), String::new()],
            ..typed
        };
        assert_eq!(Form::taking_over(draft(), &bot).submit(true), Submit::Bot);
    }

    fn input(field: Field, value: &str) -> Action {
        Action::Input { field, value: value.into(), at: AT.into() }
    }

    fn failed(error: CommentError) -> Action {
        Action::Failed { error, now: 1_000.0, fresh_key: "key-2".into() }
    }

    /// A form a submit would post.
    fn filled() -> Form {
        run(
            Form::from_draft(draft()),
            [
                input(Field::Body, "  Un commentaire.  "),
                input(Field::Author, "Awa "),
                input(Field::Email, "awa@example.org"),
            ],
        )
    }

    #[test]
    fn typing_dates_the_draft_once_and_clears_the_servers_word_on_that_field() {
        let form = run(Form::from_draft(draft()), [Action::Touched { at: AT.into() }, input(Field::Body, "x")]);
        assert_eq!(form.draft.started_at.as_deref(), Some(AT));
        let later = Action::Input { field: Field::Body, value: "xy".into(), at: "2030-01-01T00:00:00Z".into() };
        assert_eq!(run(form, [later]).draft.started_at.as_deref(), Some(AT));

        let invalid = CommentError::Invalid(vec![(Field::Email, Problem::Invalid), (Field::Body, Problem::Invalid)]);
        let form = run(filled(), [failed(invalid)]);
        assert_eq!(form.problem(Field::Email), Some(Problem::Invalid));
        let form = run(form, [input(Field::Email, "awa@example.net")]);
        assert_eq!(form.problem(Field::Email), None);
        assert_eq!(form.problem(Field::Body), Some(Problem::Invalid));
    }

    #[test]
    fn a_field_is_checked_once_it_lost_focus_with_something_in_it() {
        let form = run(Form::from_draft(draft()), [Action::Blur(Field::Author)]);
        assert_eq!(form.problem(Field::Author), None, "an untouched empty field is not an error yet");
        let form = run(form, [input(Field::Email, "awa@"), Action::Blur(Field::Email)]);
        assert_eq!(form.problem(Field::Email), Some(Problem::Invalid));
        // Once flagged, it is checked on every keystroke.
        let form = run(form, [input(Field::Email, "awa@example.org")]);
        assert_eq!(form.problem(Field::Email), None);
        let form = run(form, [input(Field::Email, "")]);
        assert_eq!(form.problem(Field::Email), Some(Problem::Required));
    }

    #[test]
    fn a_blur_while_the_pointer_is_pressed_waits_for_the_release() {
        let form = run(Form::from_draft(draft()), [input(Field::Email, "awa@"), Action::PointerDown]);
        let form = run(form, [Action::Blur(Field::Email)]);
        assert_eq!(form.problem(Field::Email), None);
        let form = run(form, [Action::PointerUp]);
        assert_eq!(form.problem(Field::Email), Some(Problem::Invalid));
        assert!(!form.pointer_down);
    }

    #[test]
    fn a_release_with_nothing_pressed_changes_nothing() {
        let form = Rc::new(filled());
        assert!(Rc::ptr_eq(&form.clone().reduce(Action::PointerUp), &form));
    }

    #[test]
    fn a_refused_submit_flags_everything_and_asks_focus_for_the_first_problem_each_time() {
        let form = run(Form::from_draft(draft()), [input(Field::Author, "Awa")]);
        assert_eq!(form.submit(true), Submit::Refuse);
        let form = run(form, [Action::Refused]);
        assert!(form.summary);
        assert_eq!(form.problems().iter().map(|(f, _)| *f).collect::<Vec<_>>(), [Field::Body, Field::Email]);
        let first = form.focus;
        assert_eq!(first.map(|(f, _)| f), Some(Field::Body));
        let form = run(form, [Action::Refused]);
        assert_eq!(form.focus.map(|(f, _)| f), Some(Field::Body));
        assert_ne!(form.focus, first, "the same field asked twice is a new request");
    }

    #[test]
    fn a_valid_form_posts_its_trimmed_comment_under_the_drafts_key() {
        let form = filled();
        let Submit::Post { comment, key, retry } = form.submit(true) else { panic!("{:?}", form.submit(true)) };
        assert_eq!((comment.body(), comment.author(), key.as_str(), retry), ("Un commentaire.", "Awa", "key-1", false));
        assert_eq!(comment.website(), None);
        assert_eq!(comment.started_at(), Some(AT));
        assert_eq!(form.submit(false), Submit::Offline);
        assert_eq!(run(filled(), [Action::Honeypot("http://spam.example".into())]).submit(true), Submit::Bot);
        // At most one post on its way: a double click does nothing more.
        let sending = run(form, [Action::Sending]);
        assert_eq!(sending.submit(true), Submit::Wait);
        assert_eq!(sending.status(Lang::En, None), Lang::En.texts().sending);
    }

    #[test]
    fn a_rate_limit_blocks_until_its_time_then_gives_the_button_back() {
        let form = run(filled(), [Action::Sending, failed(CommentError::RateLimited { retry_after: 30 })]);
        assert_eq!(form.sending, Sending::Blocked { until: 31_000.0 });
        assert_eq!(form.submit(true), Submit::Wait);
        assert!(form.status(Lang::Fr, None).ends_with(Lang::Fr.texts().draft_kept));
        let form = run(form, [Action::Unblock]);
        assert_eq!((form.sending.clone(), form.notice.clone()), (Sending::Idle, Notice::None));
        assert!(matches!(form.submit(true), Submit::Post { .. }));
    }

    #[test]
    fn only_a_reused_key_gets_a_fresh_one() {
        let form = run(filled(), [Action::Sending, failed(CommentError::Server { status: 503 })]);
        assert_eq!((form.draft.key.as_str(), &form.sending), ("key-1", &Sending::Idle));
        let form = run(form, [Action::Sending, failed(CommentError::KeyReused)]);
        assert_eq!(form.draft.key, "key-2");
        assert_eq!(form.status(Lang::En, None), CommentError::KeyReused.message(Lang::En));
    }

    #[test]
    fn offline_waits_and_says_it_will_post_by_itself() {
        let form = run(filled(), [Action::WaitOnline]);
        assert_eq!(form.sending, Sending::WaitingOnline);
        assert!(form.status(Lang::En, None).ends_with(Lang::En.texts().offline_wait));
        // The connection is back: the listener submits again, and it posts.
        assert!(matches!(form.submit(true), Submit::Post { .. }));
        let form = run(form, [Action::Sending, failed(CommentError::Offline)]);
        assert_eq!(form.sending, Sending::WaitingOnline);
    }

    #[test]
    fn the_servers_422_flags_its_fields_and_the_summary_says_it() {
        let invalid = CommentError::Invalid(vec![(Field::Author, Problem::TooLong { max: 100, count: 120 })]);
        let form = run(filled(), [Action::Sending, failed(invalid)]);
        assert_eq!(form.problems(), [(Field::Author, Problem::TooLong { max: 100, count: 120 })]);
        assert!(form.summary);
        assert_eq!(form.focus.map(|(f, _)| f), Some(Field::Author));
        assert_eq!(form.status(Lang::Fr, None), "");
    }

    #[test]
    fn a_draft_sent_without_an_answer_is_a_retry_until_it_changes() {
        let form = run(filled(), [Action::Sending, failed(CommentError::Timeout { seconds: 15 })]);
        assert!(matches!(form.submit(true), Submit::Post { retry: true, .. }), "its answer never came");
        let form = run(form, [input(Field::Body, "Un autre commentaire.")]);
        assert!(matches!(form.submit(true), Submit::Post { retry: false, .. }), "a changed draft is a new comment");
        let fresh = Draft { key: "key-3".into(), ..Draft::default() };
        let form = run(form, [Action::Sending, Action::AlreadyPosted { fresh }]);
        assert_eq!((form.draft.body.as_str(), form.draft.sent), ("", false));
        assert_eq!(form.status(Lang::Fr, None), Lang::Fr.texts().already_posted);
    }

    #[test]
    fn closed_or_login_only_refuses_without_a_retry_and_keeps_the_text() {
        for error in [CommentError::Closed, CommentError::LoginRequired] {
            let form = run(filled(), [Action::Sending, failed(error.clone())]);
            assert_eq!(form.sending, Sending::Refused);
            assert_eq!(form.submit(true), Submit::Wait);
            assert_eq!(form.draft.body, "  Un commentaire.  ");
            assert_eq!(form.status(Lang::En, None), error.message(Lang::En), "no \"try again\"");
        }
    }

    #[test]
    fn a_reply_carries_its_parent_and_asks_for_the_comment_field() {
        let form = run(filled(), [Action::ReplyTo("12".into())]);
        assert_eq!(form.focus.map(|(f, _)| f), Some(Field::Body));
        let Submit::Post { comment, .. } = form.submit(true) else { panic!() };
        assert_eq!(comment.parent(), Some("12"));
        let form = run(form, [Action::CancelReply]);
        let Submit::Post { comment, .. } = form.submit(true) else { panic!() };
        assert_eq!(comment.parent(), None);
    }

    #[test]
    fn accepted_starts_a_fresh_draft_and_says_where_the_comment_is() {
        let fresh = Draft { author: "Awa".into(), remember: true, key: "key-3".into(), ..Draft::default() };
        let form = run(filled(), [Action::Sending, Action::Accepted { status: Publication::Pending, fresh }]);
        assert_eq!(
            (form.draft.body.as_str(), form.draft.author.as_str(), form.draft.key.as_str()),
            ("", "Awa", "key-3")
        );
        assert_eq!(form.status(Lang::Fr, None), Lang::Fr.texts().pending);
        assert_eq!(form.status(Lang::Fr, Some("Merci, à bientôt.")), "Merci, à bientôt.");
        // The thanks goes as soon as the reader writes again.
        let form = run(form, [input(Field::Body, "E")]);
        assert_eq!(form.status(Lang::Fr, None), "");
    }
}
