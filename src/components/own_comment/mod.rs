//! The reader's own comments, for as long as the server lets them be
//! changed: "Modifier" and "Supprimer" under each, the text edited in place
//! (the comment form's own field, validated by the same rules), deletion
//! asked once more, and what became of it announced. The grants (token and
//! end of the window) come from the answers to the reader's posts and are
//! kept in `localStorage` per comment list, beside the draft; the token
//! goes in a header (`api::edit_comment`), never in a URL. WordPress gives
//! no grant, so its comments never have these tools.
//!
//! - [`state`]: the pure reducer (tested natively);
//! - here: [`use_own`], its effects (storage, the window's end, the
//!   requests), and plain functions drawing the tools of one comment.

mod state;

use std::rc::Rc;

use article_widget_core::comment::{Comment, CommentError, Field, Posted, Publication};
use article_widget_core::own::OwnComments;
use article_widget_core::{i18n, Lang, Locale};
use gloo_timers::callback::Timeout;
use wasm_bindgen::JsValue;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

use super::comment_form::{labelled_field, FieldProps};
use crate::config::{Backend, CommentsConfig};
use crate::{api, dom, intl, storage};
pub use state::{Mode, Notice, Own, OwnAction, Save};

/// What the comment section needs to draw the tools and tell the list.
#[derive(Clone)]
pub struct OwnTools {
    pub own: UseReducerHandle<Own>,
    config: Rc<CommentsConfig>,
    host: Element,
    locale: Locale,
    /// The list takes the new version (published) or drops the comment
    /// (held for moderation).
    on_edited: Callback<Posted>,
    /// The list drops the comment.
    on_deleted: Callback<String>,
}

/// The reader's own comments of this section: loaded once (closed grants
/// dropped; none on WordPress), saved on every change, and redrawn when
/// the next window closes, so that its buttons go.
#[hook]
pub fn use_own(
    config: &Rc<CommentsConfig>,
    host: &Element,
    locale: &Locale,
    on_edited: Callback<Posted>,
    on_deleted: Callback<String>,
) -> OwnTools {
    let key = config.key();
    let api = matches!(config.backend, Backend::Api(_));
    let own = {
        let key = key.clone();
        use_reducer(move || {
            let stored = if api { storage::load_own(&key) } else { OwnComments::default() };
            Own::new(stored, js_sys::Date::now())
        })
    };
    {
        let key = key.clone();
        use_effect_with(own.grants.clone(), move |grants| {
            if api {
                storage::save_own(&key, grants);
            }
        });
    }
    {
        let next = own.grants.next_close(own.now);
        let dispatcher = own.dispatcher();
        use_effect_with(next.map(f64::to_bits), move |_| {
            let timer = next.map(|at| {
                // max/min rather than clamp, whose panic message would bring
                // float formatting into the wasm.
                let wait = (at - js_sys::Date::now()).max(0.0).min(f64::from(i32::MAX - 1000)) as u32 + 250;
                Timeout::new(wait, move || dispatcher.dispatch(OwnAction::Tick(js_sys::Date::now())))
            });
            move || drop(timer)
        });
    }
    OwnTools { own, config: config.clone(), host: host.clone(), locale: locale.clone(), on_edited, on_deleted }
}

impl OwnTools {
    /// A post's answer: its grant, if the server gave one.
    pub fn posted(&self, posted: &Posted) {
        if let Some(grant) = posted.edit.clone() {
            self.own.dispatch(OwnAction::Granted { id: posted.comment.id.clone(), grant });
        }
    }

    /// What comment `c` shows of the reader's tools: `None` for a comment
    /// that is not theirs (or no longer changeable); else the tools, and
    /// whether they replace its text (the editor).
    pub fn view(&self, c: &Comment) -> Option<(Html, bool)> {
        if !self.own.shows(&c.id) {
            return None;
        }
        let lang = self.locale.lang;
        Some(match self.own.open.as_ref().filter(|o| o.id == c.id) {
            Some(open) if open.mode == Mode::Editing => (self.editor(open, lang), true),
            Some(open) => (self.question(open, lang), false),
            None => (self.buttons(c), false),
        })
    }

    /// The last outcome, for the section's status line.
    pub fn notice(&self) -> &'static str {
        let texts = self.locale.lang.texts();
        match self.own.notice {
            None => "",
            Some(Notice::Edited(Publication::Published)) => texts.edit_saved,
            Some(Notice::Edited(Publication::Pending)) => texts.edit_pending,
            Some(Notice::Deleted) => texts.deleted,
        }
    }

    fn focus(&self, id: &str) {
        dom::focus_later(&self.host, id);
    }

    /// "Modifier", "Supprimer" and until when.
    fn buttons(&self, c: &Comment) -> Html {
        let texts = self.locale.lang.texts();
        let until = self.own.until(&c.id).map(|at| intl::time_of_day(at, self.locale.tag())).unwrap_or_default();
        let note = format!("aw-until-{}", c.id);
        let edit = {
            let (tools, id, body) = (self.clone(), c.id.clone(), c.body.clone());
            Callback::from(move |_: MouseEvent| {
                tools.own.dispatch(OwnAction::Edit { id: id.clone(), body: body.clone() });
                tools.focus("aw-edit-body");
            })
        };
        let ask = {
            let (tools, id) = (self.clone(), c.id.clone());
            Callback::from(move |_: MouseEvent| {
                tools.own.dispatch(OwnAction::AskDelete(id.clone()));
                tools.focus("aw-delete-yes");
            })
        };
        html! {
            <div class="aw-own-actions">
                <button type="button" class="aw-link-button" id={format!("aw-edit-{}", c.id)}
                    aria-describedby={note.clone()} onclick={edit}>{ texts.edit }</button>
                <button type="button" class="aw-link-button" id={format!("aw-delete-{}", c.id)}
                    aria-describedby={note.clone()} onclick={ask}>{ texts.delete }</button>
                <p class="aw-note" id={note}>{ i18n::editable_until(self.locale.lang, &until) }</p>
            </div>
        }
    }

    /// Closes what is open; focus goes back to the button that opened it,
    /// or, when the comment has no tools any more, to the section's title.
    fn cancel(&self) -> Callback<()> {
        let tools = self.clone();
        Callback::from(move |()| {
            let Some(open) = tools.own.open.clone() else { return };
            tools.own.dispatch(OwnAction::Cancel);
            let button = if open.mode == Mode::Editing { "edit" } else { "delete" };
            match tools.own.token(&open.id) {
                Some(_) => tools.focus(&format!("aw-{button}-{}", open.id)),
                None => tools.focus("aw-comments-title"),
            }
        })
    }

    /// The text in the comment form's own field, with "Enregistrer" and
    /// "Annuler" (or Escape); the text stays whatever the server answers.
    fn editor(&self, open: &state::Open, lang: Lang) -> Html {
        let texts = lang.texts();
        let dispatch = self.own.dispatcher().to_callback();
        let cancel = self.cancel();
        let onsubmit = {
            let tools = self.clone();
            Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                tools.save();
            })
        };
        let onkeydown = on_escape(&cancel);
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
        let lost = self.own.token(&open.id).is_none();
        html! {
            <form class="aw-edit" novalidate=true {onsubmit} {onkeydown}>
                { field }
                <div class="aw-own-actions">
                    <button type="submit" class="aw-button" disabled={open.busy || lost}>
                        { if open.busy { texts.sending } else { texts.save } }
                    </button>
                    <button type="button" class="aw-button aw-button-quiet" onclick={cancel.reform(|_| ())}>
                        { texts.cancel }
                    </button>
                </div>
                { failure(open, lang) }
            </form>
        }
    }

    /// "Supprimer définitivement votre commentaire ?", "Oui, supprimer", "Annuler".
    fn question(&self, open: &state::Open, lang: Lang) -> Html {
        let texts = lang.texts();
        let cancel = self.cancel();
        let yes = {
            let tools = self.clone();
            Callback::from(move |_: MouseEvent| tools.delete())
        };
        let lost = self.own.token(&open.id).is_none();
        html! {
            <div class="aw-own-actions" role="group" aria-labelledby="aw-delete-question"
                onkeydown={on_escape(&cancel)}>
                <p class="aw-own-question" id="aw-delete-question">{ texts.delete_question }</p>
                <button type="button" class="aw-button" id="aw-delete-yes" disabled={open.busy || lost} onclick={yes}>
                    { if open.busy { texts.sending } else { texts.delete_confirm } }
                </button>
                <button type="button" class="aw-button aw-button-quiet" onclick={cancel.reform(|_| ())}>
                    { texts.cancel }
                </button>
                { failure(open, lang) }
            </div>
        }
    }

    /// Saves the editor's text, if valid; focus goes to it otherwise.
    fn save(&self) {
        match self.own.save() {
            Save::Wait => {}
            Save::Refuse => {
                self.own.dispatch(OwnAction::Refused);
                self.focus("aw-edit-body");
            }
            Save::Send { id, token, body } => {
                self.own.dispatch(OwnAction::Sending);
                let tools = self.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    match api::edit_comment(&tools.config, &id, &token, &body).await {
                        Ok(posted) => tools.edited(posted),
                        Err(error) => tools.failed(error),
                    }
                });
            }
        }
    }

    fn delete(&self) {
        let Some((id, token)) = self.own.delete() else { return };
        self.own.dispatch(OwnAction::Sending);
        let tools = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match api::delete_comment(&tools.config, &id, &token).await {
                Ok(()) => {
                    tools.own.dispatch(OwnAction::Deleted(id.clone()));
                    tools.on_deleted.emit(id.clone());
                    tools.focus("aw-comments-title");
                    dom::dispatch(&tools.host, "comment-deleted", &[("id", JsValue::from_str(&id))]);
                }
                Err(error) => tools.failed(error),
            }
        });
    }

    /// `article-widget:comment-edited`; the list takes the new version.
    fn edited(&self, posted: Posted) {
        let id = posted.comment.id.clone();
        let published = posted.status == Publication::Published;
        self.own.dispatch(OwnAction::Edited(posted.status));
        self.focus(&if published { format!("aw-edit-{id}") } else { "aw-comments-title".into() });
        let publication = JsValue::from_str(if published { "published" } else { "pending" });
        dom::dispatch(&self.host, "comment-edited", &[("id", JsValue::from_str(&id)), ("publication", publication)]);
        self.on_edited.emit(posted);
    }

    /// `article-widget:comment-failed`, as for a post; the text stays.
    fn failed(&self, error: CommentError) {
        let detail = [
            ("code", JsValue::from_str(error.code())),
            ("status", api::status_value(&error)),
            ("detail", JsValue::from_str(&error.to_string())),
        ];
        dom::dispatch(&self.host, "comment-failed", &detail);
        self.own.dispatch(OwnAction::Failed(error));
    }
}

/// Escape closes what is open, as it closes a reply form.
fn on_escape(cancel: &Callback<()>) -> Callback<KeyboardEvent> {
    let cancel = cancel.clone();
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
