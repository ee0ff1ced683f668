//! Taking over the comment form the first view drew ahead of the comment
//! section's code (core's `markup::comments_ahead`): a reader who came to
//! the comments early has typed in it. When the section draws, it reads
//! that form (the fields, the checkbox, the hidden field bots fill, where
//! the focus and the caret were) before the form leaves the page, starts
//! from it ([`Form::taking_over`](super::Form::taking_over)), and gives the
//! focus and the caret back to its own field. A form the reader sent
//! meanwhile is sent now ([`send`]). Until then, what the reader types in
//! it is kept as the section's draft ([`keep`]).

use article_widget_core::comment::Field;
use article_widget_core::markup::{AHEAD, AHEAD_LIST, AHEAD_SELECTOR, QUEUED};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement, ShadowRoot};

use super::state::Typed;
use crate::dom;
use crate::storage::{self, Draft};

/// The form drawn ahead, as the reader left it.
#[derive(Clone, Debug, PartialEq)]
pub struct Ahead {
    pub typed: Typed,
    /// The id of the element that had the focus, and the selection in it.
    focus: Option<(String, Option<(u32, u32)>)>,
    /// The reader sent it before the section's code came.
    pub queued: bool,
}

/// Reads the form drawn ahead in `host`'s widget, once: `None` when there
/// is none, or when it was read already.
pub fn take(host: &Element) -> Option<Ahead> {
    let (shadow, section) = drawn_ahead(host)?;
    let ahead = read(&shadow, &section);
    let _ = section.remove_attribute(AHEAD);
    Some(ahead)
}

/// Keeps what the reader typed in the form drawn ahead in `host`'s widget
/// as the section's draft for `endpoint`, as the section's own form keeps
/// its own: a reader who leaves before the section's code has come (or
/// where it could not be had) finds the comment again, in the section's
/// form. The draft is made again from the form each time, under the key
/// it was first kept with ([`KEY`], on the form) while the draft kept is
/// still that one; once it is gone (the reader emptied the form, or sent
/// it from another tab) or is another tab's, what is typed here is a new
/// comment with a new key. Nothing typed (a focus alone, or typed and
/// cleared) keeps nothing, and removes only a draft this form kept.
pub fn keep(host: &Element, endpoint: &str) {
    let Some((shadow, section)) = drawn_ahead(host) else { return };
    let typed = read(&shadow, &section).typed;
    let identity = storage::load_identity();
    let draft = typed.kept_in(Draft::fresh(identity.clone(), String::new()));
    let own = section.get_attribute(KEY).filter(|key| storage::draft_is(endpoint, key));
    // Decided here, with the identity read once: not again by `keep_draft`.
    if draft.worth_keeping(identity.as_ref()) {
        let key = own.unwrap_or_else(dom::uuid_v4);
        let _ = section.set_attribute(KEY, &key);
        storage::save_draft(endpoint, &Draft { key, ..draft });
    } else if own.is_some() {
        storage::clear_draft(endpoint);
    }
}

/// A form drawn ahead for another comment list than `list`, the one of
/// the article Yew is about to show (none where it shows no comment
/// section), stays out of it: the settings changed before Yew took over (a
/// single-page site showing another article). What was typed in it is
/// kept as its own list's draft, and it goes: the comment comes back with
/// its own article's section, and is never sent to another article.
pub fn keep_if_elsewhere(host: &Element, list: Option<&str>) {
    let Some((_, section)) = drawn_ahead(host) else { return };
    let its = section.get_attribute(AHEAD_LIST).unwrap_or_default();
    if list != Some(its.as_str()) {
        keep(host, &its);
        section.remove();
    }
}

/// The idempotency key of the draft kept from the form drawn ahead.
const KEY: &str = "data-aw-key";

/// The widget's shadow root and the section drawn ahead in it, if any.
fn drawn_ahead(host: &Element) -> Option<(ShadowRoot, Element)> {
    let shadow = host.shadow_root()?;
    let section = shadow.query_selector(AHEAD_SELECTOR).ok()??;
    Some((shadow, section))
}

/// The form drawn ahead in `section`, as it is now.
fn read(shadow: &ShadowRoot, section: &Element) -> Ahead {
    let drawn_at = section.get_attribute(AHEAD);
    // Inputs and the textarea alike: `value`, `checked` and the selection
    // are read as an input's (the same properties; no other bindings).
    let control = |id: &str| shadow.get_element_by_id(id).map(JsCast::unchecked_into::<HtmlInputElement>);
    let value = |id: &str| control(id).map(|c| c.value()).unwrap_or_default();
    let values = Field::ALL.map(|field| value(&format!("aw-{}", field.name())));
    let remember = control("aw-remember").is_some_and(|checkbox| checkbox.checked());
    let focused = shadow.active_element().filter(|f| section.contains(Some(f)));
    let focus = focused.map(|element| {
        let text = element.unchecked_ref::<HtmlInputElement>();
        // `None` where the control has no selection (a checkbox, an email field).
        let selection = text.selection_start().ok().flatten().zip(text.selection_end().ok().flatten());
        (element.id(), selection)
    });
    let touched = focus.is_some() || values.iter().any(|v| !v.is_empty());
    let started_at = drawn_at.filter(|_| touched);
    let in_field = focus.as_ref().and_then(|(id, _)| Field::from_name(id.strip_prefix("aw-")?));
    let typed = Typed { values, remember, honeypot: value("aw-hp"), started_at, focused: in_field };
    Ahead { typed, focus, queued: section.has_attribute(QUEUED) }
}

/// Gives the focus and the caret back where the reader had them, in the
/// section's own form (the same ids).
pub fn give_focus_back(host: &Element, ahead: &Ahead) {
    let Some((id, selection)) = &ahead.focus else { return };
    let Some(element) = host.shadow_root().and_then(|shadow| shadow.get_element_by_id(id)) else { return };
    let _ = element.unchecked_ref::<HtmlElement>().focus();
    if let Some((start, end)) = *selection {
        let _ = element.unchecked_ref::<HtmlInputElement>().set_selection_range(start, end);
    }
}

/// Sends the section's own form, as its button would (the same checks, the
/// same messages): for a form the reader sent before the section's code came.
pub fn send(host: &Element) {
    let body = host.shadow_root().and_then(|shadow| shadow.get_element_by_id("aw-body"));
    if let Some(form) = body.and_then(|body| body.unchecked_into::<HtmlTextAreaElement>().form()) {
        let _ = form.request_submit();
    }
}
