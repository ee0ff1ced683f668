//! The comment form's effects, each a small hook or a method of [`Poster`]:
//! saving the draft, posting it, waiting for the connection or for a rate
//! limit to pass, moving focus, and holding blurs while the pointer is
//! pressed. They read the form through its reducer handle, which always
//! sees the latest state.

use std::rc::Rc;

use article_widget_core::comment::{CommentError, Field, Posted, Publication};
use article_widget_core::wordpress;
use gloo_timers::callback::Timeout;
use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::state::{Action, Form, Sending, Submit};
use crate::config::{Backend, CommentsConfig};
use crate::hooks::use_window_event;
use crate::storage::{self, Draft};
use crate::{api, dom};

/// One reference per field, in the order of [`Field::ALL`].
pub type FieldRefs = Rc<[NodeRef; 4]>;

/// The element of `field`.
pub fn field_ref(refs: &FieldRefs, field: Field) -> &NodeRef {
    &refs[Field::ALL.iter().position(|f| *f == field).unwrap_or(0)]
}

/// Moves keyboard focus to `field`.
pub fn focus(refs: &FieldRefs, field: Field) {
    if let Some(element) = field_ref(refs, field).cast::<HtmlElement>() {
        let _ = element.focus();
    }
}

/// A new draft: the remembered identity and a fresh idempotency key.
pub fn fresh_draft() -> Draft {
    Draft::fresh(storage::load_identity(), dom::uuid_v4())
}

/// The action for an answer that is not a success, with the time and a
/// fresh key the reducer may need.
fn failed(error: CommentError) -> Action {
    Action::Failed { error, now: js_sys::Date::now(), fresh_key: dom::uuid_v4() }
}

/// Everything a post needs.
#[derive(Clone)]
pub struct Poster {
    pub config: Rc<CommentsConfig>,
    pub host: Element,
    pub on_posted: Callback<Posted>,
    pub form: UseReducerHandle<Form>,
}

impl Poster {
    /// Validates and posts the form as it is now. At most one post is on
    /// its way; a double click does nothing more.
    pub fn submit(&self) {
        let form = &*self.form;
        // Whatever happens next, the draft is on disk first.
        storage::keep_draft(&self.config.key(), &form.draft);
        match form.submit(dom::online()) {
            Submit::Wait => {}
            // The reducer flags every field and asks for focus on the first
            // invalid one, given after the render that marks it invalid.
            Submit::Refuse => self.form.dispatch(Action::Refused),
            // A bot: do not post, and answer as if all went well.
            Submit::Bot => self.accepted(Some(Publication::Pending), &form.draft),
            Submit::Offline => {
                self.form.dispatch(Action::WaitOnline);
                self.failed_event(&CommentError::Offline);
            }
            Submit::Post { comment, key, retry } => {
                self.form.dispatch(Action::Sending);
                let (poster, draft) = (self.clone(), form.draft.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let comment = comment.with_reader_key(storage::reader_key());
                    match api::post_comment(&poster.config, &comment, &key).await {
                        Ok(posted) => {
                            poster.accepted(Some(posted.status), &draft);
                            poster.posted_event(Some(&posted));
                            poster.on_posted.emit(posted);
                        }
                        // The earlier attempt, whose answer was lost, got through.
                        Err(CommentError::Duplicate) if retry => {
                            poster.accepted(None, &draft);
                            poster.posted_event(None);
                        }
                        Err(error) => {
                            poster.failed_event(&error);
                            poster.form.dispatch(failed(error));
                        }
                    }
                });
            }
        }
    }

    /// The server has the comment (`None`: had it already): forget the
    /// draft, keep (or drop) the identity, and start a fresh draft, in the
    /// same place (a reply form stays under its comment, with its thanks).
    fn accepted(&self, status: Option<Publication>, draft: &Draft) {
        storage::accepted(&self.config.key(), draft);
        let fresh = Draft { parent: draft.parent.clone(), ..fresh_draft() };
        self.form.dispatch(match status {
            Some(status) => Action::Accepted { status, fresh },
            None => Action::AlreadyPosted { fresh },
        });
    }

    /// `article-widget:comment-posted`; `None`: a retry the site already had.
    fn posted_event(&self, posted: Option<&Posted>) {
        let (status, publication, id) = match posted {
            Some(Posted { status: Publication::Published, comment, .. }) => (201, "published", Some(&comment.id)),
            Some(Posted { status: Publication::Pending, comment, .. }) => (202, "pending", Some(&comment.id)),
            None => (409, "already-received", None),
        };
        dom::dispatch(
            &self.host,
            "comment-posted",
            &[
                ("status", JsValue::from(status)),
                ("publication", JsValue::from_str(publication)),
                ("id", id.map_or(JsValue::NULL, |id| JsValue::from_str(id))),
            ],
        );
    }

    /// `article-widget:comment-failed`, with what went wrong for the
    /// developer (`detail`, English); a site that refuses readers without an
    /// account is named in the console with the setting that changes it.
    fn failed_event(&self, error: &CommentError) {
        let detail = match (&self.config.backend, error) {
            (Backend::WordPress(site), CommentError::LoginRequired) => {
                let hint = wordpress::login_required_hint(&site.rest.home());
                dom::console_error(&hint);
                hint
            }
            _ => error.to_string(),
        };
        dom::dispatch(
            &self.host,
            "comment-failed",
            &[
                ("code", JsValue::from_str(error.code())),
                ("status", api::status_value(error)),
                ("detail", JsValue::from_str(&detail)),
            ],
        );
    }
}

/// Saves the draft a moment after the reader stops typing (an empty form
/// leaves nothing behind), and at once when the page goes away or the form
/// is removed.
#[hook]
pub fn use_draft_saving(endpoint: &str, form: &UseReducerHandle<Form>) {
    let saver = use_mut_ref(|| None::<Timeout>);
    {
        let endpoint = endpoint.to_owned();
        use_effect_with(form.draft.clone(), move |draft| {
            let draft = draft.clone();
            *saver.borrow_mut() = Some(Timeout::new(300, move || storage::keep_draft(&endpoint, &draft)));
        });
    }
    {
        let (endpoint, form) = (endpoint.to_owned(), form.clone());
        use_window_event("pagehide", true, move || storage::keep_draft(&endpoint, &form.draft));
    }
    let (endpoint, form) = (endpoint.to_owned(), form.clone());
    use_effect_with((), move |_| {
        // Removed (element gone, navigation in an app): the debounced save
        // was cancelled with the form, so save now.
        move || storage::keep_draft(&endpoint, &form.draft)
    });
}

/// Offline: posts as soon as the browser is back online.
#[hook]
pub fn use_post_when_online(poster: &Poster) {
    let poster = poster.clone();
    let waiting = poster.form.sending == Sending::WaitingOnline;
    use_window_event("online", waiting, move || poster.submit());
}

/// Rate limited: gives the button back when the wait is over.
#[hook]
pub fn use_unblock(form: &UseReducerHandle<Form>) {
    let until = match form.sending {
        Sending::Blocked { until } => Some(until as u64),
        _ => None,
    };
    let dispatcher = form.dispatcher();
    use_effect_with(until, move |until| {
        let timer = until.map(|until| {
            let wait = (until as f64 - js_sys::Date::now()).max(0.0) as u32;
            Timeout::new(wait, move || dispatcher.dispatch(Action::Unblock))
        });
        move || drop(timer)
    });
}

/// Focuses the field the reducer asked for, once it is drawn invalid (so a
/// screen reader announces it with its error).
#[hook]
pub fn use_focus_request(form: &UseReducerHandle<Form>, refs: &FieldRefs) {
    let refs = refs.clone();
    use_effect_with(form.focus, move |request| {
        if let Some((field, _)) = request {
            focus(&refs, *field);
        }
    });
}

/// Tells the form when a pointer is released (or the press cancelled),
/// once the click that release completes has run (see
/// [`Form::pointer_down`]). A release with nothing pressed changes nothing.
#[hook]
pub fn use_pointer_release(form: &UseReducerHandle<Form>) {
    let release = {
        let dispatcher = form.dispatcher();
        move || {
            let dispatcher = dispatcher.clone();
            Timeout::new(0, move || dispatcher.dispatch(Action::PointerUp)).forget();
        }
    };
    use_window_event("pointerup", true, release.clone());
    use_window_event("pointercancel", true, release);
}
