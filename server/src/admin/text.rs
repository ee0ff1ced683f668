//! The moderation page's words, in French and English: one struct of
//! sentences per language (a missing translation is a build error), and
//! the few that take a number or a date.

use article_widget_core::i18n::is_singular;
use article_widget_core::Lang;

use crate::store::{Action, SpamReason, Status};

pub struct Texts {
    pub lang: Lang,
    pub title: &'static str,
    pub skip: &'static str,
    pub nav_label: &'static str,
    pub nav_queue: &'static str,
    pub nav_spam: &'static str,
    pub nav_blocks: &'static str,
    pub nav_log: &'static str,
    pub signed_in_as: &'static str,
    pub sign_out: &'static str,
    pub other_lang: &'static str,
    pub other_lang_name: &'static str,
    // sign-in
    pub sign_in_title: &'static str,
    pub name: &'static str,
    pub password: &'static str,
    pub sign_in: &'static str,
    pub wrong_password: &'static str,
    pub too_many_attempts: &'static str,
    pub form_expired: &'static str,
    pub session_ended: &'static str,
    pub signed_out: &'static str,
    // queue
    pub view_label: &'static str,
    pub view_pending: &'static str,
    pub view_spam: &'static str,
    pub view_published: &'static str,
    pub view_rejected: &'static str,
    pub view_all: &'static str,
    pub search_label: &'static str,
    pub search_hint: &'static str,
    pub search: &'static str,
    pub clear_search: &'static str,
    pub nothing: &'static str,
    pub older: &'static str,
    pub newest: &'static str,
    pub select_all: &'static str,
    pub select: &'static str,
    pub bulk_label: &'static str,
    pub bulk_apply: &'static str,
    pub bulk_choose: &'static str,
    pub article: &'static str,
    pub author: &'static str,
    pub email: &'static str,
    pub website: &'static str,
    pub posted: &'static str,
    pub status: &'static str,
    pub spam_check: &'static str,
    pub reply_to: &'static str,
    pub edited: &'static str,
    pub comment_by: &'static str,
    pub approve: &'static str,
    pub reject: &'static str,
    pub mark_spam: &'static str,
    pub not_spam: &'static str,
    pub delete: &'static str,
    pub block_email: &'static str,
    pub block_client: &'static str,
    pub client_unknown: &'static str,
    pub nothing_selected: &'static str,
    // blocks
    pub blocks_title: &'static str,
    pub blocks_intro: &'static str,
    pub no_blocks: &'static str,
    pub block_kind: &'static str,
    pub blocked_email: &'static str,
    pub blocked_client: &'static str,
    pub by_whom: &'static str,
    pub when: &'static str,
    pub unblock: &'static str,
    pub already_blocked: &'static str,
    // log
    pub log_title: &'static str,
    pub log_empty: &'static str,
    pub who: &'static str,
    pub what: &'static str,
    pub about: &'static str,
    // refusals
    pub refused_title: &'static str,
    pub refused_cross_site: &'static str,
    pub refused_csrf: &'static str,
    pub refused_session: &'static str,
    pub back_to_sign_in: &'static str,
    pub unavailable: &'static str,
}

pub const FR: Texts = Texts {
    lang: Lang::Fr,
    title: "Modération des commentaires",
    skip: "Aller au contenu",
    nav_label: "Modération",
    nav_queue: "À modérer",
    nav_spam: "Indésirables",
    nav_blocks: "Blocages",
    nav_log: "Journal",
    signed_in_as: "Connecté·e :",
    sign_out: "Se déconnecter",
    other_lang: "English",
    other_lang_name: "en",
    sign_in_title: "Connexion des modérateurs",
    name: "Nom",
    password: "Mot de passe",
    sign_in: "Se connecter",
    wrong_password: "Nom ou mot de passe incorrect.",
    too_many_attempts: "Trop de tentatives de connexion. Réessayez dans 15 minutes.",
    form_expired: "Le formulaire a expiré. Réessayez.",
    session_ended: "Votre session a pris fin. Reconnectez-vous.",
    signed_out: "Vous êtes déconnecté·e.",
    view_label: "Afficher",
    view_pending: "En attente",
    view_spam: "Indésirables",
    view_published: "Publiés",
    view_rejected: "Refusés",
    view_all: "Tous",
    search_label: "Rechercher",
    search_hint: "Article (titre ou identifiant), auteur ou adresse e-mail",
    search: "Rechercher",
    clear_search: "Effacer la recherche",
    nothing: "Aucun commentaire ici.",
    older: "Commentaires plus anciens",
    newest: "Revenir aux plus récents",
    select_all: "Tout sélectionner",
    select: "Sélectionner",
    bulk_label: "Action sur les commentaires sélectionnés",
    bulk_apply: "Appliquer à la sélection",
    bulk_choose: "Choisir une action…",
    article: "Article",
    author: "Auteur",
    email: "E-mail",
    website: "Site web",
    posted: "Envoyé le",
    status: "État",
    spam_check: "Contrôle anti-spam",
    reply_to: "En réponse au commentaire",
    edited: "modifié par son auteur le",
    comment_by: "le commentaire de",
    approve: "Approuver",
    reject: "Refuser",
    mark_spam: "Indésirable",
    not_spam: "Pas indésirable",
    delete: "Supprimer",
    block_email: "Bloquer l’adresse e-mail",
    block_client: "Bloquer le client",
    client_unknown: "L’adresse de ce client n’est plus connue (effacée après la durée de conservation) : il ne peut pas être bloqué.",
    nothing_selected: "Aucun commentaire sélectionné.",
    blocks_title: "Adresses e-mail et clients bloqués",
    blocks_intro: "Les prochains commentaires de ces adresses et de ces clients sont classés indésirables (leurs auteurs voient « en attente de modération »).",
    no_blocks: "Aucun blocage.",
    block_kind: "Bloqué",
    blocked_email: "Adresse e-mail",
    blocked_client: "Client",
    by_whom: "Par",
    when: "Le",
    unblock: "Débloquer",
    already_blocked: "Déjà bloqué.",
    log_title: "Journal de modération",
    log_empty: "Rien pour l’instant.",
    who: "Qui",
    what: "Quoi",
    about: "Sur",
    refused_title: "Action refusée",
    refused_cross_site: "Cette demande vient d’un autre site : elle est refusée.",
    refused_csrf: "Ce formulaire n’est plus valable (jeton de sécurité absent ou incorrect). Rechargez la page et recommencez.",
    refused_session: "Vous n’êtes pas connecté·e, ou votre session a expiré.",
    back_to_sign_in: "Se connecter",
    unavailable: "La base de données ne répond pas. Réessayez dans quelques secondes.",
};

pub const EN: Texts = Texts {
    lang: Lang::En,
    title: "Comment moderation",
    skip: "Skip to content",
    nav_label: "Moderation",
    nav_queue: "To moderate",
    nav_spam: "Spam",
    nav_blocks: "Blocks",
    nav_log: "Log",
    signed_in_as: "Signed in:",
    sign_out: "Sign out",
    other_lang: "Français",
    other_lang_name: "fr",
    sign_in_title: "Moderators’ sign-in",
    name: "Name",
    password: "Password",
    sign_in: "Sign in",
    wrong_password: "Wrong name or password.",
    too_many_attempts: "Too many sign-in attempts. Try again in 15 minutes.",
    form_expired: "The form expired. Please try again.",
    session_ended: "Your session has ended. Please sign in again.",
    signed_out: "You are signed out.",
    view_label: "Show",
    view_pending: "Pending",
    view_spam: "Spam",
    view_published: "Published",
    view_rejected: "Rejected",
    view_all: "All",
    search_label: "Search",
    search_hint: "Article (title or id), author or email address",
    search: "Search",
    clear_search: "Clear the search",
    nothing: "No comment here.",
    older: "Older comments",
    newest: "Back to the newest",
    select_all: "Select all",
    select: "Select",
    bulk_label: "Action on the selected comments",
    bulk_apply: "Apply to the selection",
    bulk_choose: "Choose an action…",
    article: "Article",
    author: "Author",
    email: "Email",
    website: "Website",
    posted: "Sent on",
    status: "Status",
    spam_check: "Spam check",
    reply_to: "In reply to comment",
    edited: "edited by its author on",
    comment_by: "the comment by",
    approve: "Approve",
    reject: "Reject",
    mark_spam: "Spam",
    not_spam: "Not spam",
    delete: "Delete",
    block_email: "Block the email address",
    block_client: "Block the client",
    client_unknown:
        "This client’s address is no longer known (dropped after the retention period): it cannot be blocked.",
    nothing_selected: "No comment selected.",
    blocks_title: "Blocked email addresses and clients",
    blocks_intro:
        "The next comments from these addresses and clients go to spam (their authors see “awaiting moderation”).",
    no_blocks: "Nothing is blocked.",
    block_kind: "Blocked",
    blocked_email: "Email address",
    blocked_client: "Client",
    by_whom: "By",
    when: "On",
    unblock: "Unblock",
    already_blocked: "Already blocked.",
    log_title: "Moderation log",
    log_empty: "Nothing yet.",
    who: "Who",
    what: "What",
    about: "About",
    refused_title: "Action refused",
    refused_cross_site: "This request comes from another site: it is refused.",
    refused_csrf:
        "This form is no longer valid (its security token is missing or wrong). Reload the page and try again.",
    refused_session: "You are not signed in, or your session has expired.",
    back_to_sign_in: "Sign in",
    unavailable: "The database does not answer. Try again in a few seconds.",
};

impl Texts {
    pub fn of(lang: Lang) -> &'static Texts {
        match lang {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }

    pub fn tag(&self) -> &'static str {
        self.lang.tag()
    }

    fn one(&self, n: u64) -> bool {
        is_singular(self.lang, n)
    }

    /// "3 commentaires approuvés" / "1 comment approved".
    pub fn done(&self, action: Action, n: u64) -> String {
        let one = self.one(n);
        let (fr_one, fr_many, en) = match action {
            Action::Approve => ("approuvé", "approuvés", "approved"),
            Action::Reject => ("refusé", "refusés", "rejected"),
            Action::Spam => ("classé indésirable", "classés indésirables", "marked as spam"),
            Action::NotSpam => ("remis en attente", "remis en attente", "moved back to pending"),
            Action::Delete => ("supprimé", "supprimés", "deleted"),
        };
        match (self.lang, one) {
            (Lang::Fr, true) => format!("{n} commentaire {fr_one}."),
            (Lang::Fr, false) => format!("{n} commentaires {fr_many}."),
            (Lang::En, true) => format!("{n} comment {en}."),
            (Lang::En, false) => format!("{n} comments {en}."),
        }
    }

    pub fn blocked_done(&self, email: bool) -> &'static str {
        match (self.lang, email) {
            (Lang::Fr, true) => "Adresse e-mail bloquée : ses prochains commentaires iront aux indésirables.",
            (Lang::Fr, false) => "Client bloqué : ses prochains commentaires iront aux indésirables.",
            (Lang::En, true) => "Email address blocked: its next comments will go to spam.",
            (Lang::En, false) => "Client blocked: its next comments will go to spam.",
        }
    }

    pub fn unblocked_done(&self) -> &'static str {
        match self.lang {
            Lang::Fr => "Blocage levé.",
            Lang::En => "Block lifted.",
        }
    }

    pub fn action(&self, action: Action) -> &'static str {
        match action {
            Action::Approve => self.approve,
            Action::Reject => self.reject,
            Action::Spam => self.mark_spam,
            Action::NotSpam => self.not_spam,
            Action::Delete => self.delete,
        }
    }

    pub fn status(&self, status: Status) -> &'static str {
        match status {
            Status::Pending => self.view_pending,
            Status::Spam => self.view_spam,
            Status::Published => match self.lang {
                Lang::Fr => "Publié",
                Lang::En => "Published",
            },
            Status::Rejected => match self.lang {
                Lang::Fr => "Refusé",
                Lang::En => "Rejected",
            },
        }
    }

    /// How the spam check judged a comment.
    pub fn verdict(&self, reason: Option<SpamReason>) -> &'static str {
        match (self.lang, reason) {
            (Lang::Fr, None) => "passé",
            (Lang::Fr, Some(SpamReason::Honeypot)) => "champ piège rempli (un robot)",
            (Lang::Fr, Some(SpamReason::TooFast)) => "envoyé moins de 2 s après le début de la saisie",
            (Lang::Fr, Some(SpamReason::BlockedEmail)) => "adresse e-mail bloquée",
            (Lang::Fr, Some(SpamReason::BlockedClient)) => "client bloqué",
            (Lang::En, None) => "passed",
            (Lang::En, Some(SpamReason::Honeypot)) => "hidden field filled (a bot)",
            (Lang::En, Some(SpamReason::TooFast)) => "sent within 2 s of starting to type",
            (Lang::En, Some(SpamReason::BlockedEmail)) => "blocked email address",
            (Lang::En, Some(SpamReason::BlockedClient)) => "blocked client",
        }
    }

    /// A log line's action, in words.
    pub fn logged(&self, action: &str) -> String {
        let fr = self.lang == Lang::Fr;
        let words = match action {
            "approve" => ["a approuvé", "approved"],
            "reject" => ["a refusé", "rejected"],
            "spam" => ["a classé indésirable", "marked as spam"],
            "not_spam" => ["a remis en attente (pas indésirable)", "marked as not spam"],
            "delete" => ["a supprimé", "deleted"],
            "block_email" => ["a bloqué l’adresse", "blocked the address"],
            "block_client" => ["a bloqué le", "blocked the"],
            "unblock" => ["a débloqué", "unblocked"],
            "sign_in" => ["s’est connecté·e", "signed in"],
            "sign_out" => ["s’est déconnecté·e", "signed out"],
            "reader_edit" => ["a modifié son commentaire", "edited their comment"],
            "reader_delete" => ["a supprimé son commentaire", "deleted their comment"],
            other => return other.to_owned(),
        };
        words[usize::from(!fr)].to_owned()
    }

    /// The log's "reader" actor, in words.
    pub fn actor<'a>(&self, actor: &'a str) -> &'a str {
        match (actor, self.lang) {
            ("reader", Lang::Fr) => "l’auteur du commentaire",
            ("reader", Lang::En) => "the comment’s author",
            _ => actor,
        }
    }

    /// `2024-04-19T14:05:00.000Z` as "19 avr. 2024, 14:05 UTC" / "Apr 19, 2024, 14:05 UTC".
    pub fn time(&self, rfc3339: &str) -> String {
        let Some(t) = crate::clock::parse(rfc3339) else { return rfc3339.to_owned() };
        let t = t.to_offset(time::UtcOffset::UTC);
        let month = u8::from(t.month()) as usize - 1;
        const FR_MONTHS: [&str; 12] =
            ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
        const EN_MONTHS: [&str; 12] =
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        match self.lang {
            Lang::Fr => format!("{} {} {}, {:02}:{:02} UTC", t.day(), FR_MONTHS[month], t.year(), t.hour(), t.minute()),
            Lang::En => {
                format!("{} {}, {}, {:02}:{:02} UTC", EN_MONTHS[month], t.day(), t.year(), t.hour(), t.minute())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_in_both_languages() {
        assert_eq!(FR.done(Action::Approve, 1), "1 commentaire approuvé.");
        assert_eq!(FR.done(Action::Approve, 0), "0 commentaire approuvé.");
        assert_eq!(FR.done(Action::Delete, 3), "3 commentaires supprimés.");
        assert_eq!(EN.done(Action::Spam, 2), "2 comments marked as spam.");
        assert_eq!(EN.done(Action::Reject, 1), "1 comment rejected.");
        assert_eq!(FR.time("2024-04-19T14:05:09.120Z"), "19 avr. 2024, 14:05 UTC");
        assert_eq!(EN.time("2024-04-19T14:05:09.120Z"), "Apr 19, 2024, 14:05 UTC");
        assert_eq!(FR.logged("approve"), "a approuvé");
        assert_eq!(EN.logged("reader_edit"), "edited their comment");
    }
}
