//! The comment form: validated as the reader goes, saved as they type,
//! posted once, and never lost.
//!
//! Validation is `article_widget_core::comment::check_field`, the function
//! the server runs too. A field is checked when it loses focus and on
//! submit; once flagged, it is checked again on every keystroke.

use std::cell::RefCell;
use std::rc::Rc;

use article_widget_core::comment::{
    self, CommentError, Field, NewComment, Posted, Problem, Problems, Publication, BODY_MAX,
};
use article_widget_core::Locale;
use gloo_timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::config::CommentsConfig;
use crate::storage::{self, Draft, Identity};
use crate::{api, dom};

#[derive(Properties, PartialEq)]
pub struct CommentFormProps {
    pub config: Rc<CommentsConfig>,
    pub locale: Locale,
    pub host: Element,
    /// A comment the server accepted (published or pending).
    pub on_posted: Callback<Posted>,
}

/// Where the post stands.
#[derive(Clone, Debug, PartialEq)]
enum Sending {
    Idle,
    InFlight,
    /// Offline: posts by itself when the browser is back online.
    WaitingOnline,
    /// After a 429: the button comes back at this time (ms since epoch).
    Blocked {
        until: f64,
    },
}

/// The last outcome, shown in the status line.
#[derive(Clone, Debug, PartialEq)]
enum Notice {
    None,
    Accepted(Publication),
    Failed(CommentError),
}

#[derive(Clone, Debug, PartialEq)]
struct Form {
    draft: Draft,
    honeypot: String,
    /// Fields checked live (they lost focus once, or a submit flagged them).
    flagged: Vec<Field>,
    /// What the server's 422 said, until the field changes.
    server: Problems,
    /// The error summary shows after a refused submit.
    summary: bool,
    sending: Sending,
    notice: Notice,
    /// Move focus to this field after the next render (the number makes
    /// each request distinct, so the same field can be asked twice).
    focus: Option<(Field, u32)>,
}

impl Form {
    fn value(&self, field: Field) -> &str {
        match field {
            Field::Body => &self.draft.body,
            Field::Author => &self.draft.author,
            Field::Email => &self.draft.email,
            Field::Website => &self.draft.website,
        }
    }

    fn problem(&self, field: Field) -> Option<Problem> {
        if !self.flagged.contains(&field) {
            return None;
        }
        let from_server = self.server.iter().find(|(f, _)| *f == field).map(|(_, p)| *p);
        from_server.or_else(|| comment::check_field(field, self.value(field)))
    }

    fn problems(&self) -> Vec<(Field, Problem)> {
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
        }
    }
}

enum Action {
    /// The reader entered the form (the bot timer starts here).
    Touched,
    Input(Field, String),
    Remember(bool),
    Honeypot(String),
    Blur(Field),
    /// Submit refused by validation: flag every field, show the summary.
    Refused,
    Sending,
    WaitOnline,
    Accepted(Publication, Draft),
    Failed(CommentError),
    Unblock,
}

impl Reducible for Form {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut form = (*self).clone();
        match action {
            Action::Touched => {
                if form.draft.started_at.is_none() {
                    form.draft.started_at = Some(dom::now_iso());
                }
            }
            Action::Input(field, value) => {
                if form.draft.started_at.is_none() {
                    form.draft.started_at = Some(dom::now_iso());
                }
                form.server.retain(|(f, _)| *f != field);
                match field {
                    Field::Body => form.draft.body = value,
                    Field::Author => form.draft.author = value,
                    Field::Email => form.draft.email = value,
                    Field::Website => form.draft.website = value,
                }
                if matches!(form.notice, Notice::Accepted(_)) {
                    form.notice = Notice::None;
                }
            }
            Action::Remember(on) => form.draft.remember = on,
            Action::Honeypot(value) => form.honeypot = value,
            Action::Blur(field) => {
                // An untouched empty field is not an error yet.
                if !form.value(field).is_empty() && !form.flagged.contains(&field) {
                    form.flagged.push(field);
                }
            }
            Action::Refused => {
                form.flagged = Field::ALL.to_vec();
                form.summary = true;
                form.focus = form.problems().first().map(|(f, _)| (*f, next_focus(&self.focus)));
            }
            Action::Sending => {
                form.sending = Sending::InFlight;
                form.notice = Notice::None;
            }
            Action::WaitOnline => {
                form.sending = Sending::WaitingOnline;
                form.notice = Notice::Failed(CommentError::Offline);
            }
            Action::Accepted(status, fresh) => {
                form = Form::from_draft(fresh);
                form.notice = Notice::Accepted(status);
            }
            Action::Failed(error) => {
                form.sending = match error {
                    CommentError::RateLimited { retry_after } => {
                        Sending::Blocked { until: js_sys::Date::now() + f64::from(retry_after) * 1000.0 }
                    }
                    CommentError::Offline => Sending::WaitingOnline,
                    _ => Sending::Idle,
                };
                // The server holds an earlier version under this key: this
                // one needs a key of its own.
                if error == CommentError::KeyReused {
                    form.draft.key = dom::uuid_v4();
                }
                if let CommentError::Invalid(problems) = &error {
                    form.server = problems.clone();
                    for (field, _) in problems {
                        if !form.flagged.contains(field) {
                            form.flagged.push(*field);
                        }
                    }
                    form.summary = true;
                    form.focus = problems.first().map(|(f, _)| (*f, next_focus(&self.focus)));
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

impl Form {
    fn from_draft(draft: Draft) -> Form {
        Form {
            draft,
            honeypot: String::new(),
            flagged: Vec::new(),
            server: Vec::new(),
            summary: false,
            sending: Sending::Idle,
            notice: Notice::None,
            focus: None,
        }
    }
}

fn next_focus(previous: &Option<(Field, u32)>) -> u32 {
    previous.map_or(0, |(_, n)| n.wrapping_add(1))
}

/// Saves the draft, or removes it when the form is empty.
fn persist(endpoint: &str, draft: &Draft) {
    let empty = [&draft.body, &draft.author, &draft.email, &draft.website].iter().all(|v| v.trim().is_empty());
    if empty {
        storage::clear_draft(endpoint);
    } else {
        storage::save_draft(endpoint, draft);
    }
}

/// The draft to start from: the saved one, else a new one with the
/// remembered identity.
fn initial_draft(endpoint: &str) -> Draft {
    storage::load_draft(endpoint).unwrap_or_else(fresh_draft)
}

fn fresh_draft() -> Draft {
    let identity = storage::load_identity();
    Draft {
        remember: identity.is_some(),
        author: identity.as_ref().map(|i| i.author.clone()).unwrap_or_default(),
        email: identity.as_ref().map(|i| i.email.clone()).unwrap_or_default(),
        website: identity.map(|i| i.website).unwrap_or_default(),
        key: dom::uuid_v4(),
        ..Draft::default()
    }
}

/// Everything a post needs, cloned out of the component.
#[derive(Clone)]
struct Poster {
    config: Rc<CommentsConfig>,
    host: Element,
    form: UseReducerDispatcher<Form>,
    latest: Rc<RefCell<Rc<Form>>>,
    in_flight: Rc<RefCell<bool>>,
    on_posted: Callback<Posted>,
    refs: Rc<[NodeRef; 4]>,
}

impl Poster {
    /// Validates and posts the latest state of the form. At most one post
    /// is in flight; a double click does nothing more.
    fn submit(&self) {
        if *self.in_flight.borrow() {
            return;
        }
        let form = self.latest.borrow().clone();
        // Whatever happens next, the draft is on disk first.
        persist(&self.config.endpoint, &form.draft);
        if matches!(form.sending, Sending::Blocked { .. }) {
            return;
        }
        let Ok(comment) = comment::validate(&form.new_comment()) else {
            // The reducer flags every field and asks for focus on the first
            // invalid one, given after the render that marks it invalid.
            self.form.dispatch(Action::Refused);
            return;
        };
        if comment.honeypot().is_some() {
            // A bot: do not post, and answer as if all went well.
            self.accepted(Publication::Pending, &form.draft);
            return;
        }
        if !dom::online() {
            self.form.dispatch(Action::WaitOnline);
            dom::dispatch(
                &self.host,
                "comment-failed",
                &[("code", JsValue::from_str(CommentError::Offline.code())), ("status", JsValue::NULL)],
            );
            return;
        }
        *self.in_flight.borrow_mut() = true;
        self.form.dispatch(Action::Sending);
        let poster = self.clone();
        let key = form.draft.key.clone();
        let draft = form.draft.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let result = api::post_comment(&poster.config, &comment, &key).await;
            *poster.in_flight.borrow_mut() = false;
            match result {
                Ok(posted) => {
                    poster.accepted(posted.status, &draft);
                    let status = if posted.status == Publication::Published { 201 } else { 202 };
                    dom::dispatch(
                        &poster.host,
                        "comment-posted",
                        &[
                            ("status", JsValue::from(status)),
                            ("publication", JsValue::from_str(if status == 201 { "published" } else { "pending" })),
                            ("id", JsValue::from_str(&posted.comment.id)),
                        ],
                    );
                    poster.on_posted.emit(posted);
                }
                Err(error) => {
                    dom::dispatch(
                        &poster.host,
                        "comment-failed",
                        &[("code", JsValue::from_str(error.code())), ("status", api::status_value(&error))],
                    );
                    poster.form.dispatch(Action::Failed(error));
                }
            }
        });
    }

    /// The server has the comment: forget the draft, keep (or drop) the
    /// identity, and start a fresh draft.
    fn accepted(&self, status: Publication, draft: &Draft) {
        storage::clear_draft(&self.config.endpoint);
        if draft.remember {
            storage::save_identity(&Identity {
                author: draft.author.trim().to_owned(),
                email: draft.email.trim().to_owned(),
                website: draft.website.trim().to_owned(),
            });
        } else {
            storage::forget_identity();
        }
        self.form.dispatch(Action::Accepted(status, fresh_draft()));
    }

    fn focus(&self, field: Field) {
        let index = Field::ALL.iter().position(|f| *f == field).unwrap_or(0);
        if let Some(element) = self.refs[index].cast::<HtmlElement>() {
            let _ = element.focus();
        }
    }
}

#[function_component]
pub fn CommentForm(props: &CommentFormProps) -> Html {
    let endpoint = props.config.endpoint.clone();
    let form = use_reducer(|| Form::from_draft(initial_draft(&endpoint)));
    let latest = use_mut_ref(|| Rc::new((*form).clone()));
    *latest.borrow_mut() = Rc::new((*form).clone());
    let in_flight = use_mut_ref(|| false);
    let refs = use_memo((), |_| [NodeRef::default(), NodeRef::default(), NodeRef::default(), NodeRef::default()]);
    let lang = props.locale.lang;
    let texts = lang.texts();

    let poster = Poster {
        config: props.config.clone(),
        host: props.host.clone(),
        form: form.dispatcher(),
        latest: latest.clone(),
        in_flight,
        on_posted: props.on_posted.clone(),
        refs: refs.clone(),
    };

    // Save the draft a moment after the reader stops typing (an empty form
    // leaves nothing behind), and at once when the page goes away.
    {
        let endpoint = props.config.endpoint.clone();
        let saver = use_mut_ref(|| None::<Timeout>);
        use_effect_with(form.draft.clone(), move |draft| {
            let draft = draft.clone();
            *saver.borrow_mut() = Some(Timeout::new(300, move || persist(&endpoint, &draft)));
        });
    }
    {
        let (endpoint, latest) = (props.config.endpoint.clone(), latest.clone());
        let (endpoint_on_unmount, latest_on_unmount) = (endpoint.clone(), latest.clone());
        use_effect_with((), move |_| {
            let flush = Closure::<dyn FnMut()>::new(move || persist(&endpoint, &latest.borrow().draft));
            let window = web_sys::window();
            if let Some(window) = &window {
                let _ = window.add_event_listener_with_callback("pagehide", flush.as_ref().unchecked_ref());
            }
            let (endpoint, latest) = (endpoint_on_unmount, latest_on_unmount);
            move || {
                if let Some(window) = window {
                    let _ = window.remove_event_listener_with_callback("pagehide", flush.as_ref().unchecked_ref());
                }
                // Unmounted (element removed, page navigation in an app):
                // the debounced save was cancelled with it, so save now.
                persist(&endpoint, &latest.borrow().draft);
            }
        });
    }

    // Offline: post as soon as the browser is back online.
    {
        let poster = poster.clone();
        use_effect_with(form.sending == Sending::WaitingOnline, move |waiting| {
            let listener = waiting.then(|| {
                let closure = Closure::<dyn FnMut()>::new(move || poster.submit());
                if let Some(window) = web_sys::window() {
                    let _ = window.add_event_listener_with_callback("online", closure.as_ref().unchecked_ref());
                }
                closure
            });
            move || {
                if let (Some(closure), Some(window)) = (listener, web_sys::window()) {
                    let _ = window.remove_event_listener_with_callback("online", closure.as_ref().unchecked_ref());
                }
            }
        });
    }

    // Rate limited: give the button back when the wait is over.
    {
        let dispatcher = form.dispatcher();
        let until = match form.sending {
            Sending::Blocked { until } => Some(until as u64),
            _ => None,
        };
        use_effect_with(until, move |until| {
            let timer = until.map(|until| {
                let wait = (until as f64 - js_sys::Date::now()).max(0.0) as u32;
                Timeout::new(wait, move || dispatcher.dispatch(Action::Unblock))
            });
            move || drop(timer)
        });
    }

    // Focus the field the reducer asked for, once it is drawn invalid (so
    // a screen reader announces it with its error).
    {
        let poster = poster.clone();
        use_effect_with(form.focus, move |focus| {
            if let Some((field, _)) = focus {
                poster.focus(*field);
            }
        });
    }

    // A blur while the pointer is pressed inside the form waits for the
    // release: an error appearing between press and release would move the
    // button under the pointer, and the click would be lost.
    let pointer_down = use_mut_ref(|| false);
    let pending_blurs = use_mut_ref(Vec::<Field>::new);
    {
        let (pointer_down, pending, dispatcher) = (pointer_down.clone(), pending_blurs.clone(), form.dispatcher());
        use_effect_with((), move |_| {
            let release = Closure::<dyn FnMut()>::new(move || {
                *pointer_down.borrow_mut() = false;
                let fields: Vec<Field> = pending.borrow_mut().drain(..).collect();
                if !fields.is_empty() {
                    let dispatcher = dispatcher.clone();
                    // After the click that this release completes.
                    Timeout::new(0, move || fields.into_iter().for_each(|f| dispatcher.dispatch(Action::Blur(f))))
                        .forget();
                }
            });
            let window = web_sys::window();
            if let Some(window) = &window {
                for event in ["pointerup", "pointercancel"] {
                    let _ = window.add_event_listener_with_callback(event, release.as_ref().unchecked_ref());
                }
            }
            move || {
                if let Some(window) = window {
                    for event in ["pointerup", "pointercancel"] {
                        let _ = window.remove_event_listener_with_callback(event, release.as_ref().unchecked_ref());
                    }
                }
            }
        });
    }
    let onpointerdown = {
        let pointer_down = pointer_down.clone();
        Callback::from(move |_: PointerEvent| *pointer_down.borrow_mut() = true)
    };
    let onfocusin = form.dispatcher().to_callback().reform(|_: FocusEvent| Action::Touched);

    let onsubmit = {
        let poster = poster.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            poster.submit();
        })
    };
    let field_view = |field: Field| {
        let index = Field::ALL.iter().position(|f| *f == field).unwrap_or(0);
        html! {
            labelled_field(FieldProps {
                field,
                lang,
                value: form.value(field),
                problem: form.problem(field),
                node_ref: refs[index].clone(),
                oninput: form.dispatcher().to_callback().reform(move |v| Action::Input(field, v)),
                readonly: form.sending == Sending::InFlight,
                onblur: {
                    let (dispatcher, pointer_down, pending) = (form.dispatcher(), pointer_down.clone(), pending_blurs.clone());
                    Callback::from(move |_| {
                        if *pointer_down.borrow() {
                            pending.borrow_mut().push(field);
                        } else {
                            dispatcher.dispatch(Action::Blur(field));
                        }
                    })
                },
            })
        }
    };
    let problems = form.problems();
    let sending = form.sending == Sending::InFlight;
    let blocked = matches!(form.sending, Sending::Blocked { .. });

    html! {
        <section class="aw-form-section" aria-labelledby="aw-form-title">
            <h2 id="aw-form-title" class="aw-section-title">{ texts.form_title }</h2>
            <form class="aw-form" novalidate=true {onsubmit} {onpointerdown} {onfocusin}>
                <div class="aw-summary" aria-live="assertive">
                    if form.summary && !problems.is_empty() {
                        <p class="aw-summary-title">{ comment::summary(lang, problems.len()) }</p>
                        <ul>
                            { for problems.iter().map(|(field, problem)| {
                                let poster = poster.clone();
                                let field = *field;
                                html! {
                                    <li>
                                        <button type="button" class="aw-link-button" onclick={Callback::from(move |_| poster.focus(field))}>
                                            { format!("{}{} {}", field.label(lang), if lang == article_widget_core::Lang::Fr { " :" } else { ":" }, problem.message(field, lang)) }
                                        </button>
                                    </li>
                                }
                            }) }
                        </ul>
                    }
                </div>
                { field_view(Field::Body) }
                <div class="aw-row">
                    { field_view(Field::Author) }
                    { field_view(Field::Email) }
                </div>
                { field_view(Field::Website) }
                <div class="aw-check">
                    <input type="checkbox" id="aw-remember" checked={form.draft.remember}
                        onchange={form.dispatcher().to_callback().reform(|e: Event| Action::Remember(
                            e.target_unchecked_into::<HtmlInputElement>().checked()))} />
                    <label for="aw-remember">{ texts.remember_me }</label>
                </div>
                // Hidden from people (and from assistive technology); bots fill it.
                <div class="aw-hp" aria-hidden="true">
                    <label for="aw-hp">{ texts.honeypot_label }</label>
                    <input type="text" id="aw-hp" name="aw-leave-empty" tabindex="-1" autocomplete="off"
                        value={form.honeypot.clone()}
                        oninput={form.dispatcher().to_callback().reform(|e: InputEvent| Action::Honeypot(
                            e.target_unchecked_into::<HtmlInputElement>().value()))} />
                </div>
                <p class="aw-note">{ texts.required_note }</p>
                <button type="submit" class="aw-button" disabled={sending || blocked} aria-disabled={(sending || blocked).to_string()}>
                    { if sending { texts.sending } else { texts.submit } }
                </button>
                <p class="aw-status" role="status" aria-live="polite">
                    { status_text(&form, &props.config, lang) }
                </p>
            </form>
        </section>
    }
}

/// The status line under the button.
fn status_text(form: &Form, config: &CommentsConfig, lang: article_widget_core::Lang) -> String {
    let texts = lang.texts();
    match &form.notice {
        Notice::None if form.sending == Sending::InFlight => texts.sending.to_owned(),
        Notice::None => String::new(),
        Notice::Accepted(Publication::Published) => texts.published.to_owned(),
        Notice::Accepted(Publication::Pending) => {
            config.moderation_notice.clone().unwrap_or_else(|| texts.pending.to_owned())
        }
        Notice::Failed(CommentError::Invalid(problems)) if !problems.is_empty() => String::new(),
        Notice::Failed(CommentError::KeyReused) => CommentError::KeyReused.message(lang),
        // Said once, not counted down aloud: the button comes back by itself.
        Notice::Failed(error @ CommentError::RateLimited { .. }) => {
            format!("{} {}", error.message(lang), texts.draft_kept)
        }
        Notice::Failed(CommentError::Offline) => {
            format!("{} {}", CommentError::Offline.message(lang), texts.offline_wait)
        }
        Notice::Failed(error) => format!("{} {}", error.message(lang), texts.draft_kept),
    }
}

struct FieldProps<'a> {
    field: Field,
    lang: article_widget_core::Lang,
    value: &'a str,
    problem: Option<Problem>,
    node_ref: NodeRef,
    /// While a post is in flight: what is being sent is what is shown.
    readonly: bool,
    oninput: Callback<String>,
    onblur: Callback<()>,
}

/// One labelled field with its error and, for the comment, its counter.
fn labelled_field(props: FieldProps) -> Html {
    let FieldProps { field, lang, .. } = props;
    let id = format!("aw-{}", field.name());
    let error_id = format!("{id}-error");
    let count_id = format!("{id}-count");
    let required = field != Field::Website;
    let count = comment::char_count(props.value);
    // The counter appears from 90 % of the limit.
    let show_count = field == Field::Body && count * 10 >= BODY_MAX * 9;
    let described: Vec<&str> =
        [props.problem.is_some().then_some(error_id.as_str()), show_count.then_some(count_id.as_str())]
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
                { field.label(lang) }
                if required {
                    <span class="aw-required" aria-hidden="true">{" *"}</span>
                } else {
                    <span class="aw-optional">{ format!(" ({})", lang.texts().optional) }</span>
                }
            </label>
            if field == Field::Body {
                <textarea id={id.clone()} name={field.name()} rows="6" ref={props.node_ref.clone()}
                    required={required} aria-required={required.to_string()} readonly={props.readonly}
                    aria-invalid={invalid} aria-describedby={described}
                    value={props.value.to_owned()} {onblur}
                    oninput={props.oninput.reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value())} />
            } else {
                <input type={kind} id={id.clone()} name={field.name()} autocomplete={autocomplete}
                    ref={props.node_ref.clone()} spellcheck="false"
                    required={required} aria-required={required.to_string()} readonly={props.readonly}
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
