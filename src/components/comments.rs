//! The comment section under the article: the list (paged, oldest first),
//! its threads (replies under the comment they answer, as deep as the
//! site nests them), and the form, at the end or under the comment a reader
//! answers; or, where the site takes no comment, a notice saying so. The
//! reader's own comments carry their tools for a while (`own_comment`).

use std::collections::HashMap;
use std::rc::Rc;

use article_widget_core::comment::{Comment, CommentError, CommentPage, Posted, Publication};
use article_widget_core::i18n::{self, Counted};
use article_widget_core::markup::Section;
use article_widget_core::{wordpress, Locale};
use web_sys::Element;
use yew::prelude::*;

use crate::components::comment_form::{ahead, fresh_draft, Action, Ahead, CommentForm, Form};
use crate::components::lazy::{load_part, Keeper, Part, PartUnavailable, View};
use crate::components::own_comment::{self, use_own, Own, OwnAction, OwnTools, Tools};
use crate::config::{Backend, CommentsConfig};
use crate::{api, dom, intl, storage};

#[derive(Properties, PartialEq, Clone)]
pub struct CommentSectionProps {
    pub config: Rc<CommentsConfig>,
    pub locale: Locale,
    pub host: Element,
    /// The form the first view drew ahead of this code, as the reader left
    /// it: the section starts from it.
    #[prop_or_default]
    pub ahead: Option<Rc<Ahead>>,
}

/// The comment section as a part that loads when it comes near: list,
/// form, validation and drafts are a wasm module of their own in the split
/// build.
pub struct CommentsPart;

impl Part for CommentsPart {
    type Props = CommentSectionProps;
    const PLACEHOLDER: &'static str = "aw-comments-placeholder";
    const SECTION: Section = Section::Comments;

    async fn load() -> Result<View<CommentSectionProps>, PartUnavailable> {
        load_part!(comment_section_code())
    }

    fn keeper(props: &CommentSectionProps) -> Option<Keeper> {
        let (host, endpoint) = (props.host.clone(), props.config.key());
        Some(Rc::new(move || ahead::keep(&host, &endpoint)))
    }
}

/// The split point: everything only the comment section uses comes with it.
#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(comments, fallible))]
fn comment_section_code() -> Result<View<CommentSectionProps>, PartUnavailable> {
    Ok(|props| {
        // Read while the form drawn ahead is still on the page, in the
        // section's place (this draw replaces it).
        let ahead = ahead::take(&props.host).map(Rc::new);
        html! { <CommentSection ..CommentSectionProps { ahead, ..props.clone() } /> }
    })
}

/// What the section shows. Changed only through [`ListAction`], so answers
/// that arrive late never overwrite newer state.
#[derive(Clone, PartialEq, Default)]
struct List {
    /// Comments from the server, in its order.
    fetched: Vec<Comment>,
    /// Comments this reader posted here since (published), shown after.
    posted: Vec<Comment>,
    /// The server's total, which already counts `posted` once fetched.
    total: u64,
    /// Where the next page starts, when the server pages by cursor.
    next: Option<String>,
    loading: bool,
    /// The first page has arrived (or failed).
    loaded: bool,
    error: Option<CommentError>,
    /// The reader's own comments (`own_comment`): here, so that the
    /// outcome of a change changes the list in the same step.
    own: Own,
}

enum ListAction {
    Loading,
    /// A page read at `offset` (of the server's list).
    Page {
        offset: u64,
        page: CommentPage,
    },
    Failed(CommentError),
    /// The answer to the reader's post: listed if published, its grant kept.
    Posted(Box<Posted>),
    /// A change to the reader's own comments; once the server took one, the
    /// list takes the new version, or drops the comment (deleted, or held
    /// for moderation).
    Own(OwnAction),
}

impl Reducible for List {
    type Action = ListAction;

    fn reduce(self: Rc<Self>, action: ListAction) -> Rc<Self> {
        let mut list = (*self).clone();
        match action {
            ListAction::Loading => {
                list.loading = true;
                list.error = None;
            }
            ListAction::Page { offset, page } => {
                // Only the page that continues the list is taken (a late or
                // repeated answer is dropped); duplicates and comments the
                // reader already sees from posting are skipped.
                if offset == list.fetched.len() as u64 {
                    for comment in page.comments {
                        if !list.fetched.iter().any(|c| c.id == comment.id) {
                            list.posted.retain(|c| c.id != comment.id);
                            list.fetched.push(comment);
                        }
                    }
                    list.total = page.total;
                    list.next = page.next;
                }
                list.loading = false;
                list.loaded = true;
            }
            ListAction::Failed(error) => {
                list.error = Some(error);
                list.loading = false;
                list.loaded = true;
            }
            ListAction::Posted(posted) => {
                let Posted { comment, status, edit } = *posted;
                if let Some(grant) = edit {
                    list.own.apply(OwnAction::Granted { id: comment.id.clone(), grant });
                }
                let shown = list.fetched.iter().chain(&list.posted).any(|c| c.id == comment.id);
                if status == Publication::Published && !shown {
                    list.posted.push(comment);
                    list.total += 1;
                }
            }
            ListAction::Own(action) => {
                match &action {
                    OwnAction::Done { posted: Some(posted), .. } if posted.status == Publication::Published => {
                        let shown = list.fetched.iter_mut().chain(&mut list.posted).find(|c| c.id == posted.comment.id);
                        if let Some(shown) = shown {
                            *shown = posted.comment.clone();
                        }
                    }
                    OwnAction::Done { id, .. } => {
                        let before = list.fetched.len() + list.posted.len();
                        list.fetched.retain(|c| c.id != *id);
                        list.posted.retain(|c| c.id != *id);
                        if list.fetched.len() + list.posted.len() < before {
                            list.total = list.total.saturating_sub(1);
                        }
                    }
                    _ => {}
                }
                list.own.apply(action);
            }
        }
        Rc::new(list)
    }
}

impl List {
    fn shown(&self) -> impl Iterator<Item = &Comment> {
        self.fetched.iter().chain(&self.posted)
    }

    /// More on the server than fetched (the reader's own posts are counted in
    /// the total but may not be fetched yet).
    fn has_more(&self) -> bool {
        self.error.is_none() && (self.fetched.len() + self.posted.len()) < self.total as usize
    }
}

#[function_component]
pub fn CommentSection(props: &CommentSectionProps) -> Html {
    let list = use_reducer(|| List { loading: true, own: own_comment::stored(&props.config), ..List::default() });
    // Bumped to fetch the next page, or to retry the failed one.
    let request = use_state(|| 0u64);
    // The form's state lives here, so that it can move under the comment a
    // reader answers and back without losing anything.
    let form = use_reducer(|| {
        let draft = storage::load_draft(&props.config.key()).unwrap_or_else(fresh_draft);
        match &props.ahead {
            Some(ahead) => Form::taking_over(draft, &ahead.typed),
            None => Form::from_draft(draft),
        }
    });
    {
        // The reader who was typing ahead goes on in this form.
        let (host, ahead) = (props.host.clone(), props.ahead.clone());
        use_effect_with((), move |_| {
            if let Some(ahead) = ahead {
                ahead::give_focus_back(&host, &ahead);
                if ahead.queued {
                    ahead::send(&host);
                }
            }
        });
    }

    {
        let (dispatcher, config) = (list.dispatcher(), props.config.clone());
        let (offset, after) = (list.fetched.len() as u64, list.next.clone());
        use_effect_with(*request, move |_| {
            dispatcher.dispatch(ListAction::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                dispatcher.dispatch(match api::fetch_comments(&config, offset, after.as_deref()).await {
                    Ok(page) => ListAction::Page { offset, page },
                    Err(error) => ListAction::Failed(error),
                });
            });
        });
    }
    let refused = props.config.refusal();
    {
        // Said once to the developer: which setting lets readers comment.
        let config = props.config.clone();
        use_effect_with((), move |_| {
            if let (Some(CommentError::LoginRequired), Backend::WordPress(site)) = (config.refusal(), &config.backend) {
                dom::console_error(&wordpress::login_required_hint(&site.rest.home()));
            }
        });
    }

    let own = OwnTools::new(Tools {
        own: list.own.clone(),
        dispatch: list.dispatcher().to_callback().reform(ListAction::Own),
        config: props.config.clone(),
        host: props.host.clone(),
        locale: props.locale.clone(),
    });
    use_own(&own);
    let on_posted = list.dispatcher().to_callback().reform(|posted| ListAction::Posted(Box::new(posted)));
    let more = {
        let request = request.clone();
        Callback::from(move |_: MouseEvent| request.set(*request + 1))
    };

    let lang = props.locale.lang;
    let texts = lang.texts();
    let heading = if list.loaded && list.error.is_none() {
        i18n::count(lang, Counted::Comment, list.total, &intl::number(list.total, props.locale.tag()))
    } else {
        texts.comments_title.to_owned()
    };
    let has_more = list.has_more();
    let shown: Vec<&Comment> = list.shown().collect();
    let thread = Thread::of(&shown);
    let parent = form.draft.parent.as_deref();
    let answered = parent.and_then(|p| shown.iter().find(|c| c.id == p));
    let form_view = |reply_author: Option<AttrValue>| {
        html! {
            <CommentForm config={props.config.clone()} locale={props.locale.clone()} host={props.host.clone()}
                form={form.clone()} {reply_author} on_posted={on_posted.clone()} />
        }
    };
    let view = ThreadView {
        thread: &thread,
        locale: &props.locale,
        depth: props.config.thread_depth(),
        replies: refused.is_none(),
        replying_to: answered.map(|c| c.id.as_str()),
        form: &form,
        form_view: &form_view,
        own: &own,
    };
    html! {
        <section class="aw-comments" aria-labelledby="aw-comments-title">
            // Focus comes here when the comment that had it goes.
            <h2 id="aw-comments-title" class="aw-section-title" tabindex="-1">{ heading }</h2>
            if !shown.is_empty() {
                <ol class="aw-comment-list">{ view.items(&thread.top, 1) }</ol>
            } else if list.loaded && list.error.is_none() {
                <p class="aw-empty">{ texts.no_comments }</p>
            }
            <p class="aw-own-notice" role="status">{ own.notice() }</p>
            if list.loading {
                <p class="aw-muted" role="status">{ texts.loading_comments }</p>
            }
            if let Some(error) = &list.error {
                <div class="aw-list-error" role="alert">
                    <p>{ texts.comments_failed }{" "}{ error.message(lang) }</p>
                    <button type="button" class="aw-button aw-button-quiet" onclick={more.clone()}>{ texts.retry }</button>
                </div>
            }
            if has_more && !list.loading {
                <button type="button" class="aw-button aw-button-quiet" onclick={more}>{ texts.load_more }</button>
            }
            if let Some(refused) = refused {
                <p class="aw-notice" data-code={refused.code()}>{ refused.message(lang) }</p>
            } else if answered.is_none() {
                { form_view(None) }
            }
        </section>
    }
}

/// The comments as threads: those that answer no comment shown, in order,
/// and each comment's replies.
struct Thread<'a> {
    top: Vec<&'a Comment>,
    replies: HashMap<&'a str, Vec<&'a Comment>>,
}

impl<'a> Thread<'a> {
    fn of(comments: &[&'a Comment]) -> Thread<'a> {
        let mut thread = Thread { top: Vec::new(), replies: HashMap::new() };
        for comment in comments {
            // A reply whose comment is not shown (not loaded, removed) stands on its own.
            match comment.parent.as_deref().filter(|p| comments.iter().any(|c| c.id == *p && c.id != comment.id)) {
                Some(parent) => thread.replies.entry(parent).or_default().push(comment),
                None => thread.top.push(comment),
            }
        }
        thread
    }
}

/// What drawing the threads needs.
struct ThreadView<'a, F: Fn(Option<AttrValue>) -> Html> {
    thread: &'a Thread<'a>,
    locale: &'a Locale,
    /// How deep replies nest (replies below that depth line up at it).
    depth: u32,
    /// Reply buttons (not where the site takes no comment).
    replies: bool,
    /// The comment the form is drawn under.
    replying_to: Option<&'a str>,
    form: &'a UseReducerHandle<Form>,
    form_view: &'a F,
    /// The reader's own comments' tools.
    own: &'a OwnTools,
}

impl<F: Fn(Option<AttrValue>) -> Html> ThreadView<'_, F> {
    /// `comments` at `depth` (1: on the article), each with its replies
    /// nested, or, at the deepest level, following it.
    fn items(&self, comments: &[&Comment], depth: u32) -> Html {
        html! {
            { for comments.iter().map(|c| {
                let replies = self.thread.replies.get(c.id.as_str()).map(Vec::as_slice).unwrap_or_default();
                let nested = depth < self.depth;
                html! {
                    <>
                        <li key={c.id.clone()}>
                            { comment_view(c, self.locale, self.own.view(c), self.reply_button(c, depth)) }
                            if self.replying_to == Some(c.id.as_str()) {
                                { (self.form_view)(Some(AttrValue::from(c.author.clone()))) }
                            }
                            if nested && !replies.is_empty() {
                                <ol class="aw-replies" aria-label={i18n::replies_to(self.locale.lang, &c.author)}>
                                    { self.items(replies, depth + 1) }
                                </ol>
                            }
                        </li>
                        if !nested {
                            { self.items(replies, depth) }
                        }
                    </>
                }
            }) }
        }
    }

    /// "Répondre", named after the author answered; none at the deepest level.
    fn reply_button(&self, c: &Comment, depth: u32) -> Html {
        if !self.replies || depth >= self.depth {
            return html! {};
        }
        let form = self.form.clone();
        let id = c.id.clone();
        let lang = self.locale.lang;
        html! {
            <button type="button" class="aw-link-button aw-reply" id={format!("aw-reply-{}", c.id)}
                aria-label={i18n::reply_to(lang, &c.author)} aria-expanded={(self.replying_to == Some(c.id.as_str())).to_string()}
                onclick={Callback::from(move |_: MouseEvent| form.dispatch(Action::ReplyTo(id.clone())))}>
                { lang.texts().reply }
            </button>
        }
    }
}

/// One comment; `own`: the reader's tools on their own comment, and
/// whether they replace its text (the editor).
fn comment_view(c: &Comment, locale: &Locale, own: Option<(Html, bool)>, reply: Html) -> Html {
    let lang = locale.lang;
    // Only an absolute http(s) address becomes a link, marked as the
    // reader's own (ugc) and not endorsed (nofollow).
    let website = c
        .website
        .as_deref()
        .filter(|w| article_widget_core::url::is_http_url(w))
        .and_then(|w| crate::dom::resolve_http_url(w, ""));
    let mine = own.is_some();
    let (own_tools, editing) = own.unwrap_or_default();
    let avatar = c.avatar.as_deref().and_then(|a| crate::dom::resolve_http_url(a, ""));
    html! {
        <article class={if mine { "aw-comment aw-comment-own" } else { "aw-comment" }} id={format!("aw-comment-{}", c.id)}>
            <header class="aw-comment-meta">
                if let Some(src) = avatar {
                    <img class="aw-avatar" {src} alt="" width="40" height="40" loading="lazy" decoding="async"
                         referrerpolicy="no-referrer" />
                }
                if let Some(href) = website {
                    <a class="aw-comment-author" {href} rel="nofollow ugc noopener" dir="auto"
                       aria-label={format!("{} {}", lang.texts().website_link_label, c.author)}>{ &c.author }</a>
                } else {
                    <span class="aw-comment-author" dir="auto">{ &c.author }</span>
                }
                if let Some(created) = &c.created_at {
                    <time datetime={created.as_str().to_owned()} title={intl::date_time(created, locale.tag())}>
                        { intl::long_date(created, locale.tag()) }
                    </time>
                }
                if let Some(edited) = &c.edited_at {
                    <time class="aw-edited" datetime={edited.as_str().to_owned()} title={intl::date_time(edited, locale.tag())}>
                        { lang.texts().edited }
                    </time>
                }
            </header>
            if !editing {
                <p class="aw-comment-body" dir="auto">{ &c.body }</p>
            }
            { own_tools }
            { reply }
        </article>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use article_widget_core::comment::EditGrant;

    fn comment(id: &str, body: &str) -> Comment {
        Comment {
            id: id.into(),
            parent: None,
            author: "Awa".into(),
            website: None,
            body: body.into(),
            created_at: None,
            avatar: None,
            edited_at: None,
        }
    }

    fn done(id: &str, body: Option<&str>, status: Publication) -> ListAction {
        let posted = body.map(|body| Box::new(Posted { comment: comment(id, body), status, edit: None }));
        ListAction::Own(OwnAction::Done { id: id.into(), posted })
    }

    #[test]
    fn the_readers_changes_replace_or_remove_their_comment() {
        let page = CommentPage { comments: vec![comment("1", "a"), comment("2", "b")], total: 2, next: None };
        let list = Rc::new(List::default()).reduce(ListAction::Page { offset: 0, page });
        let grant = EditGrant { token: "t".into(), until: "2999-01-01T00:00:00Z".into() };
        let posted = Posted { comment: comment("3", "c"), status: Publication::Published, edit: Some(grant) };
        let list = list.reduce(ListAction::Posted(Box::new(posted)));
        assert!(list.own.shows("3") && !list.own.shows("1"), "the grant of the post is kept");
        let list = list.reduce(done("3", Some("c, corrigé"), Publication::Published));
        let list = list.reduce(done("1", Some("a, corrigé"), Publication::Published));
        let bodies = |list: &List| list.shown().map(|c| c.body.clone()).collect::<Vec<_>>();
        assert_eq!(bodies(&list), ["a, corrigé", "b", "c, corrigé"]);
        assert_eq!(list.total, 3);
        // Deleted, and changed but held for moderation: both leave the list.
        let list = list.reduce(done("2", None, Publication::Published));
        let list = list.reduce(done("3", Some("c, avec un lien"), Publication::Pending));
        assert_eq!((bodies(&list), list.total), (vec!["a, corrigé".to_owned()], 1));
        let list = list.reduce(done("9", None, Publication::Published));
        assert_eq!(list.total, 1, "a comment not shown changes no count");
        let pending = Posted { comment: comment("4", "d"), status: Publication::Pending, edit: None };
        assert_eq!(list.clone().reduce(ListAction::Posted(Box::new(pending))).total, 1, "a held post is not listed");
    }
}
