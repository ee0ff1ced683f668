//! One labelled field of the comment form, with its error and, for the
//! comment, its character counter: a plain function of what it shows.

use article_widget_core::comment::{self, Field, Problem, BODY_MAX};
use article_widget_core::Lang;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

pub struct FieldProps<'a> {
    /// Before the field's name in its element ids: `aw-` in the form,
    /// another where the same field edits something else (`aw-edit-`).
    pub id_prefix: &'static str,
    /// Its label, when not the field's own name.
    pub label: Option<&'static str>,
    pub field: Field,
    pub lang: Lang,
    pub value: &'a str,
    pub problem: Option<Problem>,
    pub node_ref: NodeRef,
    /// While a post is in flight: what is being sent is what is shown.
    pub readonly: bool,
    pub oninput: Callback<String>,
    pub onblur: Callback<()>,
    /// The id of an element that says what the field is for (a reply's
    /// "Répondre à …"), read with it.
    pub context: Option<&'static str>,
}

/// One labelled field with its error and, for the comment, its counter.
pub fn labelled_field(props: FieldProps) -> Html {
    let FieldProps { field, lang, .. } = props;
    let id = format!("{}{}", props.id_prefix, field.name());
    let error_id = format!("{id}-error");
    let count_id = format!("{id}-count");
    let required = field != Field::Website;
    let count = comment::char_count(props.value);
    // The counter appears from 90 % of the limit.
    let show_count = field == Field::Body && count * 10 >= BODY_MAX * 9;
    let described: Vec<&str> =
        [props.context, props.problem.is_some().then_some(error_id.as_str()), show_count.then_some(count_id.as_str())]
            .into_iter()
            .flatten()
            .collect();
    let described = (!described.is_empty()).then(|| described.join(" "));
    let invalid = props.problem.map(|_| "true");
    let onblur = props.onblur.reform(|_: FocusEvent| ());
    let (kind, autocomplete) = match field {
        Field::Email => ("email", "email"),
        Field::Website => ("url", "url"),
        _ => ("text", "name"),
    };
    html! {
        <div class={classes!("aw-field", props.problem.map(|_| "aw-invalid"))}>
            <label for={id.clone()}>
                { props.label.unwrap_or_else(|| field.label(lang)) }
                if required {
                    <span class="aw-required" aria-hidden="true">{" *"}</span>
                } else {
                    <span class="aw-optional">{ format!(" ({})", lang.texts().optional) }</span>
                }
            </label>
            if field == Field::Body {
                <textarea id={id.clone()} name={field.name()} rows="6" ref={props.node_ref.clone()}
                    required={required} aria-required={required.then_some("true")} readonly={props.readonly}
                    aria-invalid={invalid} aria-describedby={described}
                    value={props.value.to_owned()} {onblur}
                    oninput={props.oninput.reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value())} />
            } else {
                <input type={kind} id={id.clone()} name={field.name()} autocomplete={autocomplete}
                    ref={props.node_ref.clone()} spellcheck="false"
                    required={required} aria-required={required.then_some("true")} readonly={props.readonly}
                    aria-invalid={invalid} aria-describedby={described}
                    value={props.value.to_owned()} {onblur}
                    oninput={props.oninput.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value())} />
            }
            if show_count {
                // Announced only once over the limit, not on every keystroke before.
                <p id={count_id} class={classes!("aw-counter", (count > BODY_MAX).then_some("aw-over"))}
                   aria-live={(count > BODY_MAX).then_some("polite")}>
                    { format!("{count} / {BODY_MAX}") }
                </p>
            }
            // Always there, one line high, so an error showing up moves nothing.
            <p id={error_id} class="aw-field-error">
                { props.problem.map(|p| p.message(field, lang)).unwrap_or_default() }
            </p>
        </div>
    }
}
