//! The comment form: validated as the reader goes, saved as they type,
//! posted once, and never lost.
//!
//! Validation is `article_widget_core::comment::check_field`, the function
//! the server runs too. A field is checked when it loses focus and on
//! submit; once flagged, it is checked again on every keystroke.
//!
//! - [`state`]: the form's state and its reducer, pure (tested natively);
//! - [`hooks`]: its effects (saving, posting, waiting, focus);
//! - [`field`]: one labelled field;
//! - [`ahead`]: taking over the form the first view drew ahead of this code;
//! - here: the component, which reads like the markup it draws.
//!
//! The state belongs to the comment section, which draws the form at the
//! end of the list or, for a reply, under the comment answered: moving it
//! there loses nothing.

pub mod ahead;
mod field;
mod hooks;
mod state;

use std::rc::Rc;

use article_widget_core::comment::{self, Field, Posted, Problems};
use article_widget_core::{i18n, Lang, Locale};
use web_sys::{Element, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::config::CommentsConfig;
use crate::dom;
pub use ahead::Ahead;
pub use field::{labelled_field, FieldProps};
pub use hooks::fresh_draft;
use hooks::{
    field_ref, focus, use_draft_saving, use_focus_request, use_pointer_release, use_post_when_online, use_unblock,
    FieldRefs, Poster,
};
use state::Sending;
pub use state::{Action, Form, Typed};

#[derive(Properties, PartialEq)]
pub struct CommentFormProps {
    pub config: Rc<CommentsConfig>,
    pub locale: Locale,
    pub host: Element,
    /// The form's state, kept by the section (the saved draft, else a new
    /// one with the remembered identity).
    pub form: UseReducerHandle<Form>,
    /// For a reply (the draft names a parent): the name of the author
    /// answered, when that comment is shown.
    #[prop_or_default]
    pub reply_author: Option<AttrValue>,
    /// A comment the server accepted (published or pending).
    pub on_posted: Callback<Posted>,
}

#[function_component]
pub fn CommentForm(props: &CommentFormProps) -> Html {
    let key = props.config.key();
    let form = props.form.clone();
    let refs: FieldRefs = use_memo((), |_| Default::default());
    let poster = Poster {
        config: props.config.clone(),
        host: props.host.clone(),
        on_posted: props.on_posted.clone(),
        form: form.clone(),
    };
    use_draft_saving(&key, &form);
    use_post_when_online(&poster);
    use_unblock(&form);
    use_focus_request(&form, &refs);
    use_pointer_release(&form);

    let lang = props.locale.lang;
    let texts = lang.texts();
    let dispatch = form.dispatcher().to_callback();
    let onsubmit = Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        poster.submit();
    });
    let onpointerdown = dispatch.reform(|_: PointerEvent| Action::PointerDown);
    let onfocusin = dispatch.reform(|_: FocusEvent| Action::Touched { at: dom::now_iso() });
    let replying = form.draft.parent.is_some();
    // Cancelling a reply (button or Escape) gives focus back to its button.
    let cancel = {
        let (form, host) = (form.clone(), props.host.clone());
        Callback::from(move |()| {
            if let Some(parent) = form.draft.parent.clone() {
                form.dispatch(Action::CancelReply);
                dom::focus_later(&host, &format!("aw-reply-{parent}"));
            }
        })
    };
    let onkeydown = {
        let cancel = cancel.clone();
        Callback::from(move |e: KeyboardEvent| {
            if replying && e.key() == "Escape" {
                e.prevent_default();
                cancel.emit(());
            }
        })
    };
    let title = match (&props.reply_author, replying) {
        (_, false) => texts.form_title.to_owned(),
        (Some(author), true) => i18n::reply_to(lang, author),
        (None, true) => texts.reply_to_comment.to_owned(),
    };
    let field = |field: Field| {
        labelled_field(FieldProps {
            id_prefix: "aw-",
            label: None,
            context: (replying && field == Field::Body).then_some("aw-form-title"),
            field,
            lang,
            value: form.value(field),
            problem: form.problem(field),
            node_ref: field_ref(&refs, field).clone(),
            oninput: dispatch.reform(move |value| Action::Input { field, value, at: dom::now_iso() }),
            readonly: form.sending == Sending::InFlight,
            onblur: dispatch.reform(move |()| Action::Blur(field)),
        })
    };
    let sending = form.sending == Sending::InFlight;
    let blocked = matches!(form.sending, Sending::Blocked { .. } | Sending::Refused);

    html! {
        <section class={classes!("aw-form-section", replying.then_some("aw-reply-form"))} aria-labelledby="aw-form-title" {onkeydown}>
            <@{if replying { "h3" } else { "h2" }} id="aw-form-title" class="aw-section-title">{ title }</@>
            <form class="aw-form" novalidate=true {onsubmit} {onpointerdown} {onfocusin}>
                <div class="aw-summary" aria-live="assertive">
                    if form.summary {
                        { summary(lang, &form.problems(), &refs) }
                    }
                </div>
                { field(Field::Body) }
                <div class="aw-row">
                    { field(Field::Author) }
                    { field(Field::Email) }
                </div>
                { field(Field::Website) }
                <div class="aw-check">
                    <input type="checkbox" id="aw-remember" checked={form.draft.remember}
                        onchange={dispatch.reform(|e: Event| Action::Remember(
                            e.target_unchecked_into::<HtmlInputElement>().checked()))} />
                    <label for="aw-remember">{ texts.remember_me }</label>
                </div>
                // Hidden from people (and from assistive technology); bots fill it.
                <div class="aw-hp" aria-hidden="true">
                    <label for="aw-hp">{ texts.honeypot_label }</label>
                    <input type="text" id="aw-hp" name="aw-leave-empty" tabindex="-1" autocomplete="off"
                        value={form.honeypot.clone()}
                        oninput={dispatch.reform(|e: InputEvent| Action::Honeypot(
                            e.target_unchecked_into::<HtmlInputElement>().value()))} />
                </div>
                <p class="aw-note">{ texts.required_note }</p>
                <div class="aw-actions">
                    <button type="submit" class="aw-button" disabled={sending || blocked} aria-disabled={(sending || blocked).then_some("true")}>
                        { if sending { texts.sending } else { texts.submit } }
                    </button>
                    if replying {
                        <button type="button" class="aw-button aw-button-quiet" onclick={cancel.reform(|_: MouseEvent| ())}>
                            { texts.cancel_reply }
                        </button>
                    }
                </div>
                <p class="aw-status" role="status" aria-live="polite">
                    { form.status(lang, props.config.moderation_notice.as_deref()) }
                </p>
            </form>
        </section>
    }
}

/// The list of problems after a refused submit: each one a button that
/// takes the reader to its field. Nothing when there is none.
fn summary(lang: Lang, problems: &Problems, refs: &FieldRefs) -> Html {
    if problems.is_empty() {
        return html! {};
    }
    let colon = if lang == Lang::Fr { " :" } else { ":" };
    html! {
        <>
            <p class="aw-summary-title">{ comment::summary(lang, problems.len()) }</p>
            <ul>
                { for problems.iter().map(|&(field, problem)| {
                    let refs = refs.clone();
                    html! {
                        <li>
                            <button type="button" class="aw-link-button" onclick={Callback::from(move |_| focus(&refs, field))}>
                                { format!("{}{colon} {}", field.label(lang), problem.message(field, lang)) }
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </>
    }
}
