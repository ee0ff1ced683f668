//! The reader's own comments: which ones this browser may still edit or
//! delete, and until when. A server that lets readers fix their comment
//! answers a post with an [`EditGrant`] (a secret token and the end of the
//! window); the widget keeps the grants of one comment section here, shows
//! "edit" and "delete" on those comments while their window is open, and
//! forgets each grant once it is over or the server refuses it. Pure data,
//! tested natively; `src/storage.rs` keeps it in `localStorage`, as the
//! text of [`OwnComments::to_text`]: one line per grant, its fields a tab
//! apart, read back by hand (serde's derive for these two types cost the
//! comment section's wasm more than the rest of their storage).

use crate::comment::EditGrant;
use crate::Timestamp;

/// One comment this browser posted, with its grant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Own {
    /// The comment's id, as the server gave it.
    pub id: String,
    pub token: String,
    /// RFC 3339, as the server wrote it.
    pub until: String,
}

impl Own {
    /// The end of the window in ms since 1970; none when unreadable (such a
    /// grant is never shown).
    pub fn until_millis(&self) -> Option<f64> {
        Timestamp::parse(&self.until).map(|t| t.unix_millis())
    }

    /// Whether the window is still open at `now` (ms since 1970).
    pub fn open_at(&self, now: f64) -> bool {
        self.until_millis().is_some_and(|until| now < until)
    }
}

/// Every grant of one comment section, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OwnComments {
    pub comments: Vec<Own>,
}

/// At most this many grants are kept per comment section (a reader does
/// not post more within one window; a bigger list is someone else's data).
pub const MAX_OWN: usize = 50;

impl OwnComments {
    /// Adds (or renews) the grant of comment `id`. A grant with a tab or a
    /// line break in it (no server's) is not kept: it could not be stored.
    pub fn add(&mut self, id: &str, grant: &EditGrant) {
        if [id, &grant.token, &grant.until].iter().any(|field| field.contains(['\t', '\n'])) {
            return;
        }
        self.comments.retain(|own| own.id != id);
        self.comments.push(Own { id: id.to_owned(), token: grant.token.clone(), until: grant.until.clone() });
        let extra = self.comments.len().saturating_sub(MAX_OWN);
        self.comments.drain(..extra);
    }

    pub fn remove(&mut self, id: &str) {
        self.comments.retain(|own| own.id != id);
    }

    /// Only the grants still open at `now`.
    pub fn open_at(&self, now: f64) -> OwnComments {
        OwnComments { comments: self.comments.iter().filter(|own| own.open_at(now)).cloned().collect() }
    }

    /// The grant of comment `id`, if its window is open at `now`.
    pub fn get(&self, id: &str, now: f64) -> Option<&Own> {
        self.comments.iter().find(|own| own.id == id && own.open_at(now))
    }

    /// When the next open window closes (ms since 1970), to hide its
    /// buttons then.
    pub fn next_close(&self, now: f64) -> Option<f64> {
        self.comments.iter().filter_map(Own::until_millis).filter(|until| *until > now).reduce(f64::min)
    }

    pub fn is_empty(&self) -> bool {
        self.comments.is_empty()
    }

    /// The stored form: `id`, token and end a tab apart, one grant a line.
    pub fn to_text(&self) -> String {
        self.comments.iter().map(|own| format!("{}\t{}\t{}\n", own.id, own.token, own.until)).collect()
    }

    /// Reads [`Self::to_text`]'s form back; a line that is not a grant
    /// (another version's, or someone's edit) is skipped.
    pub fn from_text(text: &str) -> OwnComments {
        let grant = |line: &str| {
            let mut fields = line.split('\t');
            let (id, token, until) = (fields.next()?, fields.next()?, fields.next()?);
            let complete = fields.next().is_none() && ![id, token, until].contains(&"");
            complete.then(|| Own { id: id.to_owned(), token: token.to_owned(), until: until.to_owned() })
        };
        let mut comments: Vec<Own> = text.lines().filter_map(grant).collect();
        let extra = comments.len().saturating_sub(MAX_OWN);
        comments.drain(..extra);
        OwnComments { comments }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(token: &str, until: &str) -> EditGrant {
        EditGrant { token: token.into(), until: until.into() }
    }

    const T0: f64 = 1_713_520_800_000.0; // 2024-04-19T10:00:00Z

    #[test]
    fn grants_open_and_close_with_their_window() {
        let mut own = OwnComments::default();
        own.add("1", &grant("a", "2024-04-19T10:15:00.000Z"));
        own.add("2", &grant("b", "2024-04-19T10:05:00Z"));
        own.add("3", &grant("c", "not a time"));
        assert_eq!(own.get("1", T0).map(|o| o.token.as_str()), Some("a"));
        assert!(own.get("3", T0).is_none(), "an unreadable end is never open");
        assert!(own.get("4", T0).is_none(), "another browser's comment: no grant");
        assert_eq!(own.next_close(T0), Some(T0 + 5.0 * 60_000.0));
        let later = T0 + 10.0 * 60_000.0;
        assert!(own.get("2", later).is_none());
        assert_eq!(own.open_at(later).comments.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), ["1"]);
        assert_eq!(own.next_close(later), Some(T0 + 15.0 * 60_000.0));
        assert!(own.get("1", T0 + 15.0 * 60_000.0).is_none(), "closed at `until` itself");
        assert_eq!(own.next_close(T0 + 15.0 * 60_000.0), None);
    }

    #[test]
    fn grants_are_renewed_removed_and_bounded() {
        let mut own = OwnComments::default();
        own.add("1", &grant("a", "2024-04-19T10:15:00Z"));
        own.add("1", &grant("b", "2024-04-19T10:16:00Z"));
        assert_eq!(own.comments.len(), 1);
        assert_eq!(own.get("1", T0).unwrap().token, "b");
        own.remove("1");
        assert!(own.is_empty());
        for i in 0..MAX_OWN + 5 {
            own.add(&i.to_string(), &grant("t", "2024-04-19T10:15:00Z"));
        }
        assert_eq!(own.comments.len(), MAX_OWN);
        assert_eq!(own.comments[0].id, "5", "the oldest go first");
    }

    #[test]
    fn stored_text_round_trips() {
        let mut own = OwnComments::default();
        own.add("7", &grant("tok", "2024-04-19T10:15:00+02:00"));
        own.add("8", &grant("t\u{e9}k", "2024-04-19T10:16:00Z"));
        let text = own.to_text();
        assert_eq!(text, "7\ttok\t2024-04-19T10:15:00+02:00\n8\tt\u{e9}k\t2024-04-19T10:16:00Z\n");
        assert_eq!(OwnComments::from_text(&text), own);
        assert_eq!(own.comments[0].until_millis(), Some(T0 + 15.0 * 60_000.0 - 2.0 * 3_600_000.0));
    }

    #[test]
    fn what_is_not_a_grant_is_neither_kept_nor_read() {
        let mut own = OwnComments::default();
        own.add("7\n8", &grant("tok", "2024-04-19T10:15:00Z"));
        own.add("7", &grant("to\tk", "2024-04-19T10:15:00Z"));
        assert!(own.is_empty());
        let read =
            OwnComments::from_text("{\"comments\": []}\n1\ta\n2\tb\t\n3\tc\td\te\n4\tt\t2024-04-19T10:15:00Z\r\n");
        assert_eq!(read.comments.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), ["4"]);
        assert_eq!(read.comments[0].until, "2024-04-19T10:15:00Z", "lines() takes the \\r off");
        let many: String = (0..MAX_OWN + 3).map(|i| format!("{i}\tt\tu\n")).collect();
        assert_eq!(OwnComments::from_text(&many).comments.len(), MAX_OWN);
    }
}
