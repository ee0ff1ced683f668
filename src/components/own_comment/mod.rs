//! The reader's own comments, for as long as the server lets them be
//! changed: "Modifier" and "Supprimer" under each, the text edited in place
//! (the comment form's own field, validated by the same rules), deletion
//! asked once more, and what became of it announced. The grants (token and
//! end of the window) come from the answers to the reader's posts and are
//! kept in `localStorage` per comment list, beside the draft; the token
//! goes in a header (`api::change_comment`), never in a URL. WordPress
//! gives no grant, so its comments never have these tools.
//!
//! - [`state`]: the state and its changes, pure (tested natively), held by
//!   the comment section's reducer;
//! - here: [`use_own`], its effects (storage, the window's end), and
//!   [`OwnTools`], which draws the tools of one comment with plain
//!   functions and sends the requests. The tools are few elements on
//!   purpose: every `html!` element is code in the section's wasm, so the
//!   three rows (buttons, question, editor) are one function.

mod state;

use std::rc::Rc;

use article_widget_core::comment::{Comment, CommentError, Field, Publication};
use article_widget_core::own::OwnComments;
use article_widget_core::{i18n, Lang, Locale};
use gloo_timers::callback::Timeout;
use wasm_bindgen::JsValue;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

use super::comment_form::{labelled_field, FieldProps};
use crate::config::{Backend, CommentsConfig};
use crate::{api, dom, intl, storage};
pub use state::{Mode, Notice, Own, OwnAction, Request, Save};

/// The grants kept for this comment list, as the section starts (none on
/// WordPress, which gives none).
pub fn stored(config: &CommentsConfig) -> Own {
    let api = matches!(config.backend, Backend::Api(_));
    let grants = if api { storage::load_own(&config.key()) } else { OwnComments::default() };
    Own::new(grants, js_sys::Date::now())
}

/// Keeps the grants in storage as they change, and tells the state when
/// the next window closes, so that its buttons go then, without a reload.
#[hook]
pub fn use_own(tools: &OwnTools) {
    let own = &tools.0.own;
    {
        let (key, api) = (tools.0.config.key(), matches!(tools.0.config.backend, Backend::Api(_)));
        use_effect_with(own.grants.clone(), move |grants| {
            if api {
                storage::save_own(&key, grants);
            }
        });
    }
    let next = own.grants.next_close(own.now);
    let dispatch = tools.0.dispatch.clone();
    use_effect_with(next.map(f64::to_bits), move |_| {
        let timer = next.map(|at| {
            // max/min rather than clamp, whose panic message would bring
            // float formatting into the wasm.
            let wait = (at - js_sys::Date::now()).max(0.0).min(f64::from(i32::MAX - 1000)) as u32 + 250;
            Timeout::new(wait, move || dispatch.emit(OwnAction::Tick(js_sys::Date::now())))
        });
        move || drop(timer)
    });
}

/// What drawing and using the tools needs, cheap to clone into callbacks.
#[derive(Clone)]
pub struct OwnTools(Rc<Tools>);

pub struct Tools {
    pub own: Own,
    pub dispatch: Callback<OwnAction>,
    pub config: Rc<CommentsConfig>,
    pub host: Element,
    pub locale: Locale,
}

/// One button of a row.
struct Button {
    id: Option<String>,
    label: &'static str,
    class: &'static str,
    /// The editor's "Enregistrer" submits its form.
    submit: bool,
    disabled: bool,
    onclick: Callback<MouseEvent>,
}

impl OwnTools {
    pub fn new(tools: Tools) -> OwnTools {
        OwnTools(Rc::new(tools))
    }

    /// What comment `c` shows of the reader's tools: `None` for a comment
    /// that is not theirs (or no longer changeable); else the tools, and
    /// whether they replace its text (the editor).
    pub fn view(&self, c: &Comment) -> Option<(Html, bool)> {
        let own = &self.0.own;
        if !own.shows(&c.id) {
            return None;
        }
        Some(match own.open.as_ref().filter(|o| o.id == c.id) {
            Some(open) if open.mode == Mode::Editing => (self.editor(open), true),
            Some(open) => (self.question(open), false),
            None => (self.buttons(c), false),
        })
    }

    /// The last outcome, for the section's status line.
    pub fn notice(&self) -> &'static str {
        let texts = self.lang().texts();
        match self.0.own.notice {
            None => "",
            Some(Notice::Edited(Publication::Published)) => texts.edit_saved,
            Some(Notice::Edited(Publication::Pending)) => texts.edit_pending,
            Some(Notice::Deleted) => texts.deleted,
        }
    }

    fn lang(&self) -> Lang {
        self.0.locale.lang
    }

    fn focus(&self, id: &str) {
        dom::focus_later(&self.0.host, id);
    }

    /// A callback that dispatches `action` and then moves focus to `focus`.
    fn act(&self, action: impl Fn() -> OwnAction + 'static, focus: &'static str) -> Callback<MouseEvent> {
        let tools = self.clone();
        Callback::from(move |_| {
            tools.0.dispatch.emit(action());
            tools.focus(focus);
        })
    }

    /// "Modifier", "Supprimer" and until when.
    fn buttons(&self, c: &Comment) -> Html {
        let (lang, texts) = (self.lang(), self.lang().texts());
        let until = self.0.own.until(&c.id).map(|at| intl::time_of_day(at, self.0.locale.tag())).unwrap_or_default();
        let note = format!("aw-until-{}", c.id);
        let (id, body) = (c.id.clone(), c.body.clone());
        let edit = self.act(move || OwnAction::Edit { id: id.clone(), body: body.clone() }, "aw-edit-body");
        let id = c.id.clone();
        let ask = self.act(move || OwnAction::AskDelete(id.clone()), "aw-delete-yes");
        let link = |name: &str, label, onclick| Button {
            id: Some(format!("aw-{name}-{}", c.id)),
            label,
            class: "aw-link-button",
            submit: false,
            disabled: false,
            onclick,
        };
        row(
            [link("edit", texts.edit, edit), link("delete", texts.delete, ask)],
            Some(note.clone()),
            None,
            None,
            html! { <p class="aw-note" id={note}>{ i18n::editable_until(lang, &until) }</p> },
        )
    }

    /// The second button of the question and of the editor: closes what is
    /// open; focus goes back to the button that opened it, or, when the
    /// comment has no tools any more, to the section's title.
    fn cancel(&self, open: &state::Open) -> Callback<()> {
        let tools = self.clone();
        let (id, mode) = (open.id.clone(), open.mode);
        Callback::from(move |()| {
            tools.0.dispatch.emit(OwnAction::Cancel);
            let button = if mode == Mode::Editing { "edit" } else { "delete" };
            match tools.0.own.token(&id) {
                Some(_) => tools.focus(&format!("aw-{button}-{id}")),
                None => tools.focus("aw-comments-title"),
            }
        })
    }

    /// The first (`label`, `submit`ting or `onclick`) and second ("Annuler")
    /// buttons of the question and of the editor; the first is off while a
    /// request is on its way or once the token is refused.
    fn pair(
        &self,
        open: &state::Open,
        label: &'static str,
        submit: bool,
        onclick: Callback<MouseEvent>,
    ) -> [Button; 2] {
        let texts = self.lang().texts();
        let lost = self.0.own.token(&open.id).is_none();
        [
            Button {
                id: (!submit).then(|| "aw-delete-yes".to_owned()),
                label: if open.busy { texts.sending } else { label },
                class: "aw-button",
                submit,
                disabled: open.busy || lost,
                onclick,
            },
            Button {
                id: None,
                label: texts.cancel,
                class: "aw-button aw-button-quiet",
                submit: false,
                disabled: false,
                onclick: self.cancel(open).reform(|_| ()),
            },
        ]
    }

    /// The text in the comment form's own field, with "Enregistrer" and
    /// "Annuler" (or Escape); the text stays whatever the server answers.
    fn editor(&self, open: &state::Open) -> Html {
        let lang = self.lang();
        let texts = lang.texts();
        let dispatch = &self.0.dispatch;
        let onsubmit = {
            let tools = self.clone();
            Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                tools.save();
            })
        };
        let field = labelled_field(FieldProps {
            id_prefix: "aw-edit-",
            label: Some(texts.edit_label),
            context: None,
            field: Field::Body,
            lang,
            value: &open.text,
            problem: open.problem(),
            node_ref: NodeRef::default(),
            readonly: open.busy,
            oninput: dispatch.reform(OwnAction::Input),
            onblur: dispatch.reform(|()| OwnAction::Blur),
        });
        html! {
            <form class="aw-edit" novalidate=true {onsubmit} onkeydown={on_escape(self.cancel(open))}>
                { field }
                { row(self.pair(open, texts.save, true, Callback::noop()), None, None, None, failure(open, lang)) }
            </form>
        }
    }

    /// "Supprimer définitivement votre commentaire ?", "Oui, supprimer", "Annuler".
    fn question(&self, open: &state::Open) -> Html {
        let lang = self.lang();
        let texts = lang.texts();
        let yes = {
            let tools = self.clone();
            Callback::from(move |_| {
                if let Some(request) = tools.0.own.delete() {
                    tools.send(request);
                }
            })
        };
        let line = html! {
            <>
                <p class="aw-own-question" id="aw-delete-question">{ texts.delete_question }</p>
                { failure(open, lang) }
            </>
        };
        let buttons = self.pair(open, texts.delete_confirm, false, yes);
        row(buttons, None, Some("aw-delete-question"), Some(on_escape(self.cancel(open))), line)
    }

    /// Saves the editor's text, if valid; focus goes to it otherwise.
    fn save(&self) {
        match self.0.own.save() {
            Save::Wait => {}
            Save::Refuse => {
                self.0.dispatch.emit(OwnAction::Refused);
                self.focus("aw-edit-body");
            }
            Save::Send(request) => self.send(request),
        }
    }

    /// Sends a change (or a deletion); the outcome changes the list and the
    /// tools at once, and is told to the page:
    /// `article-widget:comment-edited` / `comment-deleted`, or
    /// `comment-failed` as for a post.
    fn send(&self, request: Request) {
        self.0.dispatch.emit(OwnAction::Sending);
        let tools = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let Request { id, token, body } = request;
            let answer = api::change_comment(&tools.0.config, &id, &token, body.as_deref()).await;
            let host = &tools.0.host;
            let (event, detail) = match &answer {
                Ok(posted) => {
                    // The changed comment keeps focus on its "Modifier", if still listed.
                    let published = posted.as_ref().map(|p| p.status == Publication::Published);
                    let focus =
                        if published == Some(true) { format!("aw-edit-{id}") } else { "aw-comments-title".into() };
                    tools.focus(&focus);
                    let mut detail = vec![("id", JsValue::from_str(&id))];
                    if let Some(published) = published {
                        detail
                            .push(("publication", JsValue::from_str(if published { "published" } else { "pending" })));
                    }
                    (if published.is_some() { "comment-edited" } else { "comment-deleted" }, detail)
                }
                Err(error) => (
                    "comment-failed",
                    vec![
                        ("code", JsValue::from_str(error.code())),
                        ("status", api::status_value(error)),
                        ("detail", JsValue::from_str(&error.to_string())),
                    ],
                ),
            };
            tools.0.dispatch.emit(match answer {
                Ok(posted) => OwnAction::Done { id, posted: posted.map(Box::new) },
                Err(error) => OwnAction::Failed(error),
            });
            dom::dispatch(host, event, &detail);
        });
    }
}

/// Two buttons and a line under them: the shape of every row of the tools
/// (a `group` named by the element of that id, for the question).
fn row(
    buttons: [Button; 2],
    described_by: Option<String>,
    group: Option<&'static str>,
    onkeydown: Option<Callback<KeyboardEvent>>,
    line: Html,
) -> Html {
    html! {
        <div class="aw-own-actions" role={group.map(|_| "group")} aria-labelledby={group} {onkeydown}>
            { for buttons.into_iter().map(|b| html! {
                <button type={if b.submit { "submit" } else { "button" }} class={b.class} id={b.id}
                    disabled={b.disabled} aria-describedby={described_by.clone()}
                    onclick={(!b.submit).then_some(b.onclick)}>{ b.label }</button>
            }) }
            { line }
        </div>
    }
}

/// Escape closes what is open, as it closes a reply form.
fn on_escape(cancel: Callback<()>) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            e.prevent_default();
            cancel.emit(());
        }
    })
}

/// Why the last request failed, with the text kept (a refused text is said
/// at the field). Always there, so that what appears in it is announced.
fn failure(open: &state::Open, lang: Lang) -> Html {
    let text = match &open.error {
        None | Some(CommentError::Invalid(_)) => String::new(),
        Some(error @ (CommentError::EditWindowClosed | CommentError::EditForbidden)) => error.message(lang),
        Some(error) => format!("{} {}", error.message(lang), lang.texts().draft_kept),
    };
    html! { <p class="aw-own-error" role="alert">{ text }</p> }
}
