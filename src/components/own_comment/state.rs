//! The state of the reader's own comments in one comment section and every
//! change to it, pure (tested natively below): the grants this browser
//! holds (`core::own`), the clock their buttons are drawn by, the one
//! comment being edited or whose deletion is asked, and the last outcome.
//! The comment section's reducer holds it (so that an outcome changes the
//! list and this at once); the time comes in the actions; nothing here
//! calls the browser.

use article_widget_core::comment::{self, CommentError, EditGrant, Field, Posted, Problem, Publication};
use article_widget_core::own::OwnComments;

/// What is open on one of the reader's comments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Its text, in the editor.
    Editing,
    /// "Delete for good?" is asked.
    Confirming,
}

/// The comment being changed (one at a time, as in WordPress's admin).
#[derive(Clone, Debug, PartialEq)]
pub struct Open {
    pub id: String,
    pub mode: Mode,
    /// The text in the editor.
    pub text: String,
    /// Checked live once flagged (a blur with text, or a refused save), as
    /// the comment form's fields are.
    flagged: bool,
    /// What the server's 422 said of the text, until it changes.
    server: Option<Problem>,
    /// A request is on its way.
    pub busy: bool,
    /// The last failure, shown with the text kept.
    pub error: Option<CommentError>,
}

impl Open {
    /// The problem shown on the text.
    pub fn problem(&self) -> Option<Problem> {
        if !self.flagged {
            return None;
        }
        self.server.or_else(|| comment::check_field(Field::Body, &self.text))
    }
}

/// The last outcome, announced under the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    Edited(Publication),
    Deleted,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Own {
    /// The grants this browser holds for this comment list.
    pub grants: OwnComments,
    /// The clock the buttons are drawn by (ms since 1970), moved on when the
    /// next window closes.
    pub now: f64,
    pub open: Option<Open>,
    pub notice: Option<Notice>,
}

pub enum OwnAction {
    /// The answer to a post carried this grant for comment `id`.
    Granted {
        id: String,
        grant: EditGrant,
    },
    /// The time now (a window closed).
    Tick(f64),
    /// Opens the editor on comment `id`, with its text.
    Edit {
        id: String,
        body: String,
    },
    /// Asks whether to delete comment `id`.
    AskDelete(String),
    Input(String),
    Blur,
    /// Closes the editor or the question; what was typed is dropped.
    Cancel,
    /// Save refused by validation: the text is flagged.
    Refused,
    Sending,
    /// The server refused or could not be reached; the text stays.
    Failed(CommentError),
    /// The server took the change of comment `id`: its new version, or
    /// none when it was deleted.
    Done {
        id: String,
        posted: Option<Box<Posted>>,
    },
}

/// A change to send: comment `id`, its token, and its new text (none:
/// delete it).
#[derive(Debug, PartialEq)]
pub struct Request {
    pub id: String,
    pub token: String,
    pub body: Option<String>,
}

/// What a save does, decided from the state alone.
#[derive(Debug, PartialEq)]
pub enum Save {
    /// Nothing: nothing open, a request already on its way, or no grant left.
    Wait,
    /// Validation refuses: dispatch [`OwnAction::Refused`].
    Refuse,
    Send(Request),
}

impl Own {
    pub fn new(grants: OwnComments, now: f64) -> Own {
        Own { grants: grants.open_at(now), now, open: None, notice: None }
    }

    /// The token of comment `id`, while its window is open. A comment being
    /// edited keeps its grant past the window's end (as the browser counts
    /// it): the server is the judge, and what was typed stays on screen.
    pub fn token(&self, id: &str) -> Option<&str> {
        let open = self.open.as_ref().is_some_and(|o| o.id == id);
        let now = if open { f64::MIN } else { self.now };
        self.grants.get(id, now).map(|own| own.token.as_str())
    }

    /// When the window of comment `id` ends (ms since 1970).
    pub fn until(&self, id: &str) -> Option<f64> {
        self.grants.comments.iter().find(|own| own.id == id).and_then(|own| own.until_millis())
    }

    /// Whether comment `id` shows the reader's tools: its window is open,
    /// or it is open in the editor or the question.
    pub fn shows(&self, id: &str) -> bool {
        self.token(id).is_some() || self.open.as_ref().is_some_and(|o| o.id == id)
    }

    /// What saving the editor does now.
    pub fn save(&self) -> Save {
        let Some(open) = self.open.as_ref().filter(|o| o.mode == Mode::Editing && !o.busy) else { return Save::Wait };
        let Some(token) = self.token(&open.id) else { return Save::Wait };
        match comment::check_field(Field::Body, &open.text) {
            Some(_) => Save::Refuse,
            None => Save::Send(Request { id: open.id.clone(), token: token.to_owned(), body: Some(open.text.clone()) }),
        }
    }

    /// The deletion to send, once confirmed.
    pub fn delete(&self) -> Option<Request> {
        let open = self.open.as_ref().filter(|o| o.mode == Mode::Confirming && !o.busy)?;
        Some(Request { id: open.id.clone(), token: self.token(&open.id)?.to_owned(), body: None })
    }

    fn open(&mut self, id: String, mode: Mode, text: String) {
        self.notice = None;
        self.open = Some(Open { id, mode, text, flagged: false, server: None, busy: false, error: None });
    }
}

impl Own {
    pub fn apply(&mut self, action: OwnAction) {
        let own = self;
        match action {
            OwnAction::Granted { id, grant } => own.grants.add(&id, &grant),
            OwnAction::Tick(now) => {
                own.now = now;
                // Closed grants go, except the one whose editor is open.
                let open = own.open.as_ref().map(|o| o.id.clone());
                own.grants.comments.retain(|g| g.open_at(now) || Some(&g.id) == open.as_ref());
            }
            OwnAction::Edit { id, body } => own.open(id, Mode::Editing, body),
            OwnAction::AskDelete(id) => own.open(id, Mode::Confirming, String::new()),
            OwnAction::Cancel => own.open = None,
            OwnAction::Input(text) => {
                if let Some(open) = &mut own.open {
                    open.text = text;
                    open.server = None;
                }
            }
            OwnAction::Blur => {
                if let Some(open) = own.open.as_mut().filter(|o| !o.text.is_empty()) {
                    open.flagged = true;
                }
            }
            OwnAction::Refused => {
                if let Some(open) = &mut own.open {
                    open.flagged = true;
                }
            }
            OwnAction::Sending => {
                if let Some(open) = &mut own.open {
                    open.busy = true;
                    open.error = None;
                }
            }
            OwnAction::Failed(error) => {
                if let Some(open) = &mut own.open {
                    open.busy = false;
                    if let CommentError::Invalid(problems) = &error {
                        open.server = problems.iter().find(|(f, _)| *f == Field::Body).map(|(_, p)| *p);
                        open.flagged = true;
                    }
                    // The token is no good any more: forgotten, so the buttons
                    // do not come back; the open text stays until dismissed.
                    if matches!(error, CommentError::EditWindowClosed | CommentError::EditForbidden) {
                        own.grants.remove(&open.id);
                    }
                    open.error = Some(error);
                }
            }
            OwnAction::Done { id, posted } => {
                own.open = None;
                own.notice = Some(match posted {
                    Some(posted) => Notice::Edited(posted.status),
                    None => {
                        own.grants.remove(&id);
                        Notice::Deleted
                    }
                });
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const T0: f64 = 1_713_520_800_000.0; // 2024-04-19T10:00:00Z
    const MINUTE: f64 = 60_000.0;

    /// `self.reduce(action)`, as the section's reducer applies it.
    trait Reduce {
        fn reduce(self, action: OwnAction) -> Self;
    }

    impl Reduce for Own {
        fn reduce(mut self, action: OwnAction) -> Own {
            self.apply(action);
            self
        }
    }

    fn with_grant() -> Own {
        let grant = EditGrant { token: "tok".into(), until: "2024-04-19T10:15:00Z".into() };
        Own::new(OwnComments::default(), T0).reduce(OwnAction::Granted { id: "7".into(), grant })
    }

    fn done(id: &str, status: Option<Publication>) -> OwnAction {
        let posted = status.map(|status| {
            Box::new(Posted {
                comment: article_widget_core::comment::Comment {
                    id: id.into(),
                    parent: None,
                    author: "Awa".into(),
                    website: None,
                    body: "Texte corrigé".into(),
                    created_at: None,
                    avatar: None,
                    edited_at: None,
                },
                status,
                edit: None,
            })
        });
        OwnAction::Done { id: id.into(), posted }
    }

    #[test]
    fn buttons_show_while_the_window_is_open_then_go() {
        let own = with_grant();
        assert!(own.shows("7") && !own.shows("8"), "another reader's comment has no tools");
        assert_eq!(own.until("7"), Some(T0 + 15.0 * MINUTE));
        let later = own.clone().reduce(OwnAction::Tick(T0 + 15.0 * MINUTE));
        assert!(!later.shows("7"));
        assert!(later.grants.is_empty(), "a closed grant is forgotten");
        // Stored grants already closed are never shown.
        let stored = with_grant().grants.clone();
        assert!(Own::new(stored, T0 + 16.0 * MINUTE).grants.is_empty());
    }

    #[test]
    fn an_edit_is_validated_like_a_new_comment_and_sent_with_its_token() {
        let own = with_grant().reduce(OwnAction::Edit { id: "7".into(), body: "Texte".into() });
        assert_eq!(own.open.as_ref().unwrap().mode, Mode::Editing);
        let own = own.reduce(OwnAction::Input("   ".into()));
        assert_eq!(own.open.as_ref().unwrap().problem(), None, "not flagged before a blur or a save");
        assert_eq!(own.save(), Save::Refuse);
        let own = own.reduce(OwnAction::Refused);
        assert_eq!(own.open.as_ref().unwrap().problem(), Some(Problem::Required));
        let own = own.reduce(OwnAction::Input("Texte corrigé".into()));
        assert_eq!(own.open.as_ref().unwrap().problem(), None, "checked live once flagged");
        let request = Request { id: "7".into(), token: "tok".into(), body: Some("Texte corrigé".into()) };
        assert_eq!(own.save(), Save::Send(request));
        let own = own.reduce(OwnAction::Sending);
        assert_eq!(own.save(), Save::Wait, "one request at a time");
        let own = own.reduce(done("7", Some(Publication::Published)));
        assert_eq!((own.open.is_none(), own.notice), (true, Some(Notice::Edited(Publication::Published))));
        assert!(own.shows("7"), "still within the window");
    }

    #[test]
    fn a_failure_keeps_the_text_and_a_refused_token_is_forgotten() {
        let own = with_grant()
            .reduce(OwnAction::Edit { id: "7".into(), body: "Texte".into() })
            .reduce(OwnAction::Input("Nouveau texte".into()))
            .reduce(OwnAction::Sending)
            .reduce(OwnAction::Failed(CommentError::Network));
        let open = own.open.as_ref().unwrap();
        assert_eq!(
            (open.text.as_str(), open.busy, open.error.clone()),
            ("Nouveau texte", false, Some(CommentError::Network))
        );
        assert!(matches!(own.save(), Save::Send(_)), "a network failure may be retried");

        let own = own.reduce(OwnAction::Sending).reduce(OwnAction::Failed(CommentError::EditWindowClosed));
        assert_eq!(own.open.as_ref().unwrap().text, "Nouveau texte", "the text stays to be copied");
        assert_eq!(own.save(), Save::Wait, "nothing more can be sent");
        assert!(own.grants.is_empty());
        let own = own.reduce(OwnAction::Cancel);
        assert!(!own.shows("7"), "closed, the comment has no tools any more");
    }

    #[test]
    fn the_server_refusing_the_text_flags_it() {
        let problems = vec![(Field::Body, Problem::Invalid)];
        let own = with_grant()
            .reduce(OwnAction::Edit { id: "7".into(), body: "Texte".into() })
            .reduce(OwnAction::Failed(CommentError::Invalid(problems)));
        assert_eq!(own.open.as_ref().unwrap().problem(), Some(Problem::Invalid));
        let own = own.reduce(OwnAction::Input("Plus court".into()));
        assert_eq!(own.open.as_ref().unwrap().problem(), None, "until the text changes");
    }

    #[test]
    fn an_open_editor_outlives_the_window_on_the_browsers_clock() {
        let own = with_grant()
            .reduce(OwnAction::Edit { id: "7".into(), body: "Texte".into() })
            .reduce(OwnAction::Tick(T0 + 20.0 * MINUTE));
        assert!(own.shows("7"), "the text being edited does not vanish");
        assert!(matches!(own.save(), Save::Send(_)), "the server says whether it is too late");
        assert!(!own.reduce(OwnAction::Cancel).reduce(OwnAction::Tick(T0 + 21.0 * MINUTE)).shows("7"));
    }

    #[test]
    fn delete_is_asked_then_sent_then_forgotten() {
        let own = with_grant();
        assert_eq!(own.delete(), None, "not before the question");
        let own = own.reduce(OwnAction::AskDelete("7".into()));
        assert_eq!(own.delete(), Some(Request { id: "7".into(), token: "tok".into(), body: None }));
        assert_eq!(own.save(), Save::Wait);
        let own = own.reduce(done("7", None));
        assert_eq!((own.notice, own.shows("7")), (Some(Notice::Deleted), false));
        let forged = with_grant()
            .reduce(OwnAction::AskDelete("7".into()))
            .reduce(OwnAction::Failed(CommentError::EditForbidden));
        assert_eq!(forged.delete(), None);
        assert!(forged.shows("7"), "the question stays, with why, until dismissed");
    }
}
