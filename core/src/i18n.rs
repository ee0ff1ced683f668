//! The interface's own words, in each language the widget speaks: the fixed
//! wording in one [`Texts`] table per language, and the phrases built
//! around a number or a date as functions taking the [`Lang`].
//!
//! What an error or a field problem says lives with its type, in both
//! languages ([`crate::error::WidgetError::message`], and in `comment.rs`
//! the field labels, the problems and `CommentError::message`), so that
//! adding a case cannot forget its sentence.

use crate::lang::Lang;

/// The fixed strings of the interface.
#[derive(Debug)]
pub struct Texts {
    pub loading: &'static str,
    pub breadcrumb_label: &'static str,
    pub article_stats_label: &'static str,
    pub advertisement: &'static str,
    pub error_title: &'static str,
    pub retry: &'static str,
    pub fallback_intro: &'static str,
    pub original: &'static str,
    // Comment section
    pub comments_title: &'static str,
    pub no_comments: &'static str,
    pub loading_comments: &'static str,
    pub comments_failed: &'static str,
    pub load_more: &'static str,
    pub form_title: &'static str,
    pub remember_me: &'static str,
    pub honeypot_label: &'static str,
    pub required_note: &'static str,
    pub submit: &'static str,
    pub sending: &'static str,
    pub published: &'static str,
    pub pending: &'static str,
    pub draft_kept: &'static str,
    pub offline_wait: &'static str,
    /// A comment sent from the form drawn ahead, before the section's code came.
    pub queued: &'static str,
    pub website_link_label: &'static str,
    pub optional: &'static str,
    pub comments_unavailable: &'static str,
    pub related_title: &'static str,
    pub related_failed: &'static str,
    /// After `related_failed`, when `related-src` is a web page.
    pub related_web_page: &'static str,
    /// The first crumb, the site's home page.
    pub home: &'static str,
    pub reply: &'static str,
    pub cancel_reply: &'static str,
    /// The form's title for a reply to a comment not shown.
    pub reply_to_comment: &'static str,
    /// A retried comment the site already had (a duplicate of itself).
    pub already_posted: &'static str,
    // The reader's own comment, for a while after posting it
    pub edit: &'static str,
    pub delete: &'static str,
    pub edit_label: &'static str,
    pub save: &'static str,
    pub cancel: &'static str,
    pub delete_question: &'static str,
    pub delete_confirm: &'static str,
    pub edited: &'static str,
    pub edit_saved: &'static str,
    pub edit_pending: &'static str,
    pub deleted: &'static str,
}

const FR: Texts = Texts {
    loading: "Chargement de l’article…",
    breadcrumb_label: "Fil d’Ariane",
    article_stats_label: "Statistiques de l’article",
    advertisement: "Publicité",
    error_title: "L’article n’a pas pu être affiché",
    retry: "Réessayer",
    fallback_intro: "Vous pouvez le lire sur le site de l’éditeur :",
    original: "Lire l’article sur le site de l’éditeur",
    comments_title: "Commentaires",
    no_comments: "Aucun commentaire pour l’instant. Soyez le premier à réagir !",
    loading_comments: "Chargement des commentaires…",
    comments_failed: "Les commentaires n’ont pas pu être chargés.",
    load_more: "Afficher plus de commentaires",
    form_title: "Laisser un commentaire",
    remember_me: "Mémoriser mon nom, mon e-mail et mon site dans ce navigateur",
    honeypot_label: "Ne pas remplir ce champ",
    required_note: "Les champs marqués d’un * sont obligatoires. Votre adresse e-mail ne sera pas publiée.",
    submit: "Publier le commentaire",
    sending: "Envoi en cours…",
    published: "Merci ! Votre commentaire est publié.",
    pending: "Merci ! Votre commentaire a bien été reçu ; il sera publié après modération.",
    draft_kept: "Votre commentaire est conservé : vous pouvez réessayer.",
    offline_wait: "Il sera envoyé automatiquement dès le retour de la connexion.",
    queued: "Votre commentaire sera envoyé dès que le formulaire sera prêt.",
    website_link_label: "site web de",
    optional: "facultatif",
    comments_unavailable: "Les commentaires sont indisponibles.",
    related_title: "Articles liés",
    related_failed: "Les articles liés sont indisponibles.",
    related_web_page: "Leur adresse mène à une page web, pas à un flux.",
    home: "Accueil",
    reply: "Répondre",
    cancel_reply: "Annuler la réponse",
    reply_to_comment: "Répondre à un commentaire",
    already_posted: "Merci ! Votre commentaire avait déjà bien été reçu.",
    edit: "Modifier",
    delete: "Supprimer",
    edit_label: "Modifier votre commentaire",
    save: "Enregistrer",
    cancel: "Annuler",
    delete_question: "Supprimer définitivement votre commentaire ?",
    delete_confirm: "Oui, supprimer",
    edited: "modifié",
    edit_saved: "Votre commentaire est modifié.",
    edit_pending: "Votre modification a bien été reçue ; elle sera publiée après modération.",
    deleted: "Votre commentaire est supprimé.",
};

const EN: Texts = Texts {
    loading: "Loading the article…",
    breadcrumb_label: "Breadcrumb",
    article_stats_label: "Article statistics",
    advertisement: "Advertisement",
    error_title: "The article could not be shown",
    retry: "Try again",
    fallback_intro: "You can read it on the publisher’s site:",
    original: "Read the article on the publisher’s site",
    comments_title: "Comments",
    no_comments: "No comments yet. Be the first to comment!",
    loading_comments: "Loading comments…",
    comments_failed: "The comments could not be loaded.",
    load_more: "Show more comments",
    form_title: "Leave a comment",
    remember_me: "Remember my name, email and website in this browser",
    honeypot_label: "Leave this field empty",
    required_note: "Fields marked * are required. Your email address will not be published.",
    submit: "Post comment",
    sending: "Sending…",
    published: "Thank you! Your comment is published.",
    pending: "Thank you! Your comment was received and will appear once a moderator approves it.",
    draft_kept: "Your comment is kept: you can try again.",
    offline_wait: "It will be sent automatically when the connection is back.",
    queued: "Your comment will be sent as soon as the form is ready.",
    website_link_label: "website of",
    optional: "optional",
    comments_unavailable: "Comments are unavailable.",
    related_title: "Related stories",
    related_failed: "Related stories are unavailable.",
    related_web_page: "Their address leads to a web page, not a feed.",
    home: "Home",
    reply: "Reply",
    cancel_reply: "Cancel reply",
    reply_to_comment: "Reply to a comment",
    already_posted: "Thank you! Your comment had already been received.",
    edit: "Edit",
    delete: "Delete",
    edit_label: "Edit your comment",
    save: "Save",
    cancel: "Cancel",
    delete_question: "Delete your comment for good?",
    delete_confirm: "Yes, delete it",
    edited: "edited",
    edit_saved: "Your comment is updated.",
    edit_pending: "Your change was received and will appear once a moderator approves it.",
    deleted: "Your comment is deleted.",
};

impl Lang {
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }
}

/// Whether a count takes the singular. French uses it for 0 and 1
/// ("0 commentaire"), English for 1 only ("0 comments").
pub fn is_singular(lang: Lang, n: u64) -> bool {
    match lang {
        Lang::Fr => n <= 1,
        Lang::En => n == 1,
    }
}

/// Things the widget counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    View,
    Comment,
    /// Minutes of reading: "4 min de lecture" / "4 min read".
    ReadingMinute,
}

/// "9 vues", "0 commentaire", "1 view", "3 min read".
/// `shown` is `n` as the reader's locale writes it ("1 234" or "1,234").
pub fn count(lang: Lang, what: Counted, n: u64, shown: &str) -> String {
    let one = is_singular(lang, n);
    let word = match (lang, what) {
        (Lang::Fr, Counted::View) => {
            if one {
                "vue"
            } else {
                "vues"
            }
        }
        (Lang::Fr, Counted::Comment) => {
            if one {
                "commentaire"
            } else {
                "commentaires"
            }
        }
        (Lang::Fr, Counted::ReadingMinute) => "min de lecture",
        (Lang::En, Counted::View) => {
            if one {
                "view"
            } else {
                "views"
            }
        }
        (Lang::En, Counted::Comment) => {
            if one {
                "comment"
            } else {
                "comments"
            }
        }
        (Lang::En, Counted::ReadingMinute) => "min read",
    };
    format!("{shown}\u{a0}{word}")
}

/// "Publié le 19 avril 2024" / "Published 19 April 2024".
pub fn published_on(lang: Lang, date: &str) -> String {
    match lang {
        Lang::Fr => format!("Publié le {date}"),
        Lang::En => format!("Published {date}"),
    }
}

/// "Par Rédaction APA" / "By Rédaction APA".
pub fn by(lang: Lang, author: &str) -> String {
    match lang {
        Lang::Fr => format!("Par {author}"),
        Lang::En => format!("By {author}"),
    }
}

/// The reply button's full name and the form's title for a reply:
/// "Répondre à Awa" / "Reply to Awa".
pub fn reply_to(lang: Lang, author: &str) -> String {
    match lang {
        Lang::Fr => format!("Répondre à {author}"),
        Lang::En => format!("Reply to {author}"),
    }
}

/// The name of a comment's replies: "Réponses à Awa" / "Replies to Awa".
pub fn replies_to(lang: Lang, author: &str) -> String {
    match lang {
        Lang::Fr => format!("Réponses à {author}"),
        Lang::En => format!("Replies to {author}"),
    }
}

/// "Vous pouvez le modifier ou le supprimer jusqu’à 14:32." / "You can edit or delete it until 14:32."
pub fn editable_until(lang: Lang, time: &str) -> String {
    match lang {
        Lang::Fr => format!("Vous pouvez le modifier ou le supprimer jusqu’à {time}."),
        Lang::En => format!("You can edit or delete it until {time}."),
    }
}

/// "Mis à jour le 20 avril 2024" / "Updated 20 April 2024".
pub fn updated_on(lang: Lang, date: &str) -> String {
    match lang {
        Lang::Fr => format!("Mis à jour le {date}"),
        Lang::En => format!("Updated {date}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_plural_starts_at_two() {
        assert_eq!(count(Lang::Fr, Counted::Comment, 0, "0"), "0\u{a0}commentaire");
        assert_eq!(count(Lang::Fr, Counted::View, 1, "1"), "1\u{a0}vue");
        assert_eq!(count(Lang::Fr, Counted::View, 9, "9"), "9\u{a0}vues");
        assert_eq!(count(Lang::Fr, Counted::View, 1234, "1\u{202f}234"), "1\u{202f}234\u{a0}vues");
    }

    #[test]
    fn english_plural_is_everything_but_one() {
        assert_eq!(count(Lang::En, Counted::Comment, 0, "0"), "0\u{a0}comments");
        assert_eq!(count(Lang::En, Counted::View, 1, "1"), "1\u{a0}view");
        assert_eq!(count(Lang::En, Counted::View, 9, "9"), "9\u{a0}views");
    }

    #[test]
    fn reading_time_and_dates() {
        assert_eq!(count(Lang::Fr, Counted::ReadingMinute, 3, "3"), "3\u{a0}min de lecture");
        assert_eq!(count(Lang::En, Counted::ReadingMinute, 1, "1"), "1\u{a0}min read");
        assert_eq!(published_on(Lang::Fr, "19 avril 2024"), "Publié le 19 avril 2024");
        assert_eq!(updated_on(Lang::En, "20 April 2024"), "Updated 20 April 2024");
        assert_eq!(by(Lang::Fr, "Rédaction APA"), "Par Rédaction APA");
        assert_eq!(reply_to(Lang::En, "Awa"), "Reply to Awa");
        assert_eq!(replies_to(Lang::Fr, "Awa"), "Réponses à Awa");
    }

    #[test]
    fn every_language_has_every_text() {
        for lang in Lang::ALL {
            let t = lang.texts();
            for s in [
                t.loading,
                t.breadcrumb_label,
                t.advertisement,
                t.error_title,
                t.retry,
                t.edit,
                t.delete,
                t.edit_label,
                t.save,
                t.cancel,
                t.delete_question,
                t.delete_confirm,
                t.edited,
                t.edit_saved,
                t.edit_pending,
                t.deleted,
            ] {
                assert!(!s.trim().is_empty());
            }
        }
        assert_ne!(Lang::Fr.texts().retry, Lang::En.texts().retry);
    }
}
