//! Ranking related stories against the article, in the browser (and on the
//! reference server, with the same function).
//!
//! Relevance is TF-IDF cosine similarity:
//! - each story is a bag of terms from its title (weight 3), category
//!   (weight 2) and excerpt (weight 1); the article's bag is its title (3),
//!   category and breadcrumb (2), lead and body (1);
//! - terms are words folded to lower case without accents (é → e, œ → oe),
//!   with French and English stop words removed and a final plural `s`/`x`
//!   dropped from longer words, so "militaires" meets "militaire";
//! - a term weighs its count times its inverse document frequency over the
//!   candidates and the article, `ln((N + 1) / (df + 1)) + 1`, so words every
//!   story has count little and rare shared words count most;
//! - a story's score is the cosine of its vector with the article's.
//!
//! Ties (including stories sharing no term, score 0) go to the more recent
//! story, then to feed order, so the result is deterministic. The article
//! itself (same id or URL) and duplicates (same URL or same folded title)
//! are removed first.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::feed::Story;
use crate::model::{Article, Block};

/// How the sidebar orders candidates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    #[default]
    Relevance,
    /// Newest first.
    Date,
    /// As the feed lists them.
    AsIs,
}

impl Order {
    pub fn parse(text: &str) -> Option<Order> {
        match text.trim() {
            "relevance" => Some(Order::Relevance),
            "date" => Some(Order::Date),
            "as-is" => Some(Order::AsIs),
            _ => None,
        }
    }
}

/// The article as ranking sees it.
pub struct Subject<'a> {
    pub id: &'a str,
    /// Its canonical URL, absolute, if known.
    pub url: Option<&'a str>,
    pub article: &'a Article,
}

/// Up to `limit` stories from `candidates`, best first.
///
/// Candidates are stories or anything that borrows one: a server ranking
/// one shared feed for many requests passes references and copies nothing.
pub fn rank<S: Borrow<Story>>(
    subject: &Subject<'_>,
    candidates: impl IntoIterator<Item = S>,
    order: Order,
    limit: usize,
) -> Vec<S> {
    let own_url = subject.url.map(url_key);
    let mut seen_urls: TermMap<()> = TermMap::default();
    let mut seen_titles: TermMap<()> = TermMap::default();
    let mut stories: Vec<S> = candidates
        .into_iter()
        .filter(|s| {
            let s = s.borrow();
            let url = url_key(&s.url);
            s.id != subject.id
                && Some(url) != own_url
                && seen_urls.insert(url, ()).is_none()
                && seen_titles.insert(fold_phrase(&s.title), ()).is_none()
        })
        .collect();
    match order {
        Order::AsIs => {}
        Order::Date => stories.sort_by(|a, b| b.borrow().published_at.cmp(&a.borrow().published_at)),
        Order::Relevance => {
            let scores = scores(subject.article, &stories);
            // Score, then date, then feed order: a total order, so picking
            // the best `limit` without sorting the rest is deterministic.
            let better = |a: &usize, b: &usize| {
                scores[*b]
                    .total_cmp(&scores[*a])
                    .then_with(|| stories[*b].borrow().published_at.cmp(&stories[*a].borrow().published_at))
                    .then_with(|| a.cmp(b))
            };
            let mut order: Vec<usize> = (0..stories.len()).collect();
            if order.len() > limit && limit > 0 {
                order.select_nth_unstable_by(limit - 1, better);
                order.truncate(limit);
            }
            order.sort_unstable_by(better);
            let mut slots: Vec<Option<S>> = stories.into_iter().map(Some).collect();
            return order.into_iter().take(limit).filter_map(|i| slots[i].take()).collect();
        }
    }
    stories.truncate(limit);
    stories
}

/// The cosine score of each story against the article, in story order.
///
/// Terms are interned to dense numbers as they are read (one hash lookup a
/// word); everything after works on plain arrays indexed by term.
pub fn scores<S: Borrow<Story>>(article: &Article, stories: &[S]) -> Vec<f32> {
    let stop: TermMap<()> = STOP_WORDS.iter().map(|w| (hash(w), ())).collect();
    let mut ids: TermMap<u32> = TermMap::default();
    let mut add = |out: &mut Vec<(u32, f32)>, text: &str, weight: f32| {
        add_terms(text, &stop, |term| {
            let next = ids.len() as u32;
            let id = *ids.entry(term).or_insert(next);
            out.push((id, weight));
        })
    };

    let mut subject = Vec::new();
    add(&mut subject, &article.title, 3.0);
    if let Some(category) = &article.category {
        add(&mut subject, category, 2.0);
    }
    for crumb in &article.breadcrumb {
        add(&mut subject, &crumb.label, 2.0);
    }
    if let Some(lead) = &article.lead {
        add(&mut subject, lead, 1.0);
    }
    for block in &article.body {
        match block {
            Block::Paragraph { text } | Block::Quote { text, .. } => add(&mut subject, &text.plain(), 1.0),
            Block::Heading { text, .. } => add(&mut subject, text, 1.0),
            Block::List { items, .. } => items.iter().for_each(|i| add(&mut subject, &i.plain(), 1.0)),
            Block::Image { .. } => {}
        }
    }
    merge(&mut subject);

    // Every story's distinct terms, one after the other in a single vector;
    // `ends[i]` is where story i's end.
    let mut all: Vec<(u32, f32)> = Vec::with_capacity(stories.len() * 32);
    let mut ends = Vec::with_capacity(stories.len());
    let mut scratch = Vec::with_capacity(64);
    for s in stories {
        let s = s.borrow();
        scratch.clear();
        add(&mut scratch, &s.title, 3.0);
        if let Some(c) = &s.category {
            add(&mut scratch, c, 2.0);
        }
        if let Some(x) = &s.excerpt {
            add(&mut scratch, x, 1.0);
        }
        merge(&mut scratch);
        all.extend_from_slice(&scratch);
        ends.push(all.len());
    }
    let terms = ids.len();

    // Document frequency over the stories and the article, then each term's idf.
    let mut df = vec![0u32; terms];
    for (id, _) in all.iter().chain(&subject) {
        df[*id as usize] += 1;
    }
    let n = (stories.len() + 1) as f32;
    let idf: Vec<f32> = df.iter().map(|d| ((n + 1.0) / (*d as f32 + 1.0)).ln() + 1.0).collect();

    let mut subject_weight = vec![0f32; terms];
    for (id, tf) in &subject {
        subject_weight[*id as usize] = tf * idf[*id as usize];
    }
    let subject_norm = subject_weight.iter().map(|w| w * w).sum::<f32>().sqrt();
    let mut start = 0;
    ends.iter()
        .map(|&end| {
            let doc = &all[start..end];
            start = end;
            let (mut dot, mut norm) = (0.0, 0.0);
            for (id, tf) in doc {
                let w = tf * idf[*id as usize];
                norm += w * w;
                dot += w * subject_weight[*id as usize];
            }
            if dot == 0.0 || norm == 0.0 || subject_norm == 0.0 {
                0.0
            } else {
                dot / (norm.sqrt() * subject_norm)
            }
        })
        .collect()
}

/// Sorts terms and adds up the weights of repeats, in place.
fn merge(terms: &mut Vec<(u32, f32)>) {
    terms.sort_unstable_by_key(|(t, _)| *t);
    terms.dedup_by(|next, kept| {
        let same = next.0 == kept.0;
        if same {
            kept.1 += next.1;
        }
        same
    });
}

/// Appends the terms of `text` with this weight.
///
/// The hot loop of ranking: each word is folded and hashed (FNV-1a) in one
/// pass, byte by byte, without building a string; the hash before the last
/// byte is kept so a plural `s`/`x` can be dropped; stop words are found by
/// their hash.
fn add_terms(text: &str, stop: &TermMap<()>, mut emit: impl FnMut(u64)) {
    const START: u64 = 0xcbf2_9ce4_8422_2325;
    let (mut hash, mut before_last) = (START, START);
    let (mut len, mut last, mut second_last) = (0usize, 0u8, 0u8);
    let push_byte =
        |b: u8, hash: &mut u64, before_last: &mut u64, len: &mut usize, last: &mut u8, second_last: &mut u8| {
            *before_last = *hash;
            *hash = (*hash ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
            *len += 1;
            *second_last = *last;
            *last = b;
        };
    let mut folded = [0u8; 4];
    let bytes = text.as_bytes();
    let mut i = 0;
    while i <= bytes.len() {
        // Letters and digits add to the word (ASCII, the common case, without
        // decoding); anything else, and the end of the text, ends it.
        let separator_width = match bytes.get(i) {
            Some(&b) if b < 0x80 => {
                if b.is_ascii_alphanumeric() {
                    push_byte(
                        b.to_ascii_lowercase(),
                        &mut hash,
                        &mut before_last,
                        &mut len,
                        &mut last,
                        &mut second_last,
                    );
                    i += 1;
                    continue;
                }
                1
            }
            Some(_) => {
                let c = text[i..].chars().next().unwrap_or(' ');
                if c.is_alphanumeric() {
                    for &b in fold(c, &mut folded) {
                        push_byte(b, &mut hash, &mut before_last, &mut len, &mut last, &mut second_last);
                    }
                    i += c.len_utf8();
                    continue;
                }
                c.len_utf8()
            }
            None => 1,
        };
        i += separator_width;
        if len > 0 {
            // Single letters and stop words are not terms.
            if len >= 2 && !stop.contains_key(&hash) {
                let plural = len > 4 && (last == b's' || last == b'x') && second_last != b's';
                emit(if plural { before_last } else { hash });
            }
            hash = START;
            before_last = START;
            len = 0;
            last = 0;
            second_last = 0;
        }
    }
}

/// `c` folded to lower case without accents, as bytes.
fn fold(c: char, buffer: &mut [u8; 4]) -> &[u8] {
    if c.is_ascii() {
        buffer[0] = c.to_ascii_lowercase() as u8;
        return &buffer[..1];
    }
    if let Some(base) = base_letters(c) {
        return base.as_bytes();
    }
    lower(c).encode_utf8(buffer).as_bytes()
}

/// `c` in lower case, for the bicameral scripts a news feed is written in
/// beside Latin: Latin-1 and Latin Extended-A, Greek, Cyrillic, Armenian;
/// any other character as it is. Not `char::to_lowercase`: its table (11 KB)
/// would sit in the widget's first module, where the splitter keeps all
/// data, for a ranking that only needs the same word to fold the same way.
fn lower(c: char) -> char {
    let n = c as u32;
    let to = match n {
        0xC0..=0xDE if n != 0xD7 => n + 0x20,
        0x130 => 'i' as u32, // İ: the dotted capital of Turkish
        // Latin Extended-A: pairs, upper case first (even, then odd from Ĺ to Ň and Ź to Ž).
        0x100..=0x137 | 0x14A..=0x177 if n % 2 == 0 => n + 1,
        0x139..=0x148 | 0x179..=0x17E if n % 2 == 1 => n + 1,
        0x178 => 0xFF,
        0x386 => 0x3AC,
        0x388..=0x38A => n + 0x25,
        0x38C => 0x3CC,
        0x38E..=0x38F => n + 0x3F,
        0x391..=0x3AB if n != 0x3A2 => n + 0x20,
        0x400..=0x40F => n + 0x50,
        0x410..=0x42F => n + 0x20,
        // Cyrillic pairs, upper case first.
        0x460..=0x481 | 0x48A..=0x4BF if n % 2 == 0 => n + 1,
        0x531..=0x556 => n + 0x30,
        _ => n,
    };
    char::from_u32(to).unwrap_or(c)
}

/// The ASCII letters an accented Latin letter folds to.
fn base_letters(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'ç' | 'Ç' | 'ć' | 'č' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' | 'ě' | 'ę' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' | 'ń' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        'ß' => "ss",
        _ => return None,
    })
}

/// Term hashes are already well spread: no need to hash them again.
#[derive(Default)]
struct TermHasher(u64);

impl Hasher for TermHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type TermMap<V> = HashMap<u64, V, BuildHasherDefault<TermHasher>>;

/// FNV-1a, 64 bits.
fn hash(term: &str) -> u64 {
    let mut h = TermHasher(0xcbf2_9ce4_8422_2325);
    h.write(term.as_bytes());
    h.finish()
}

/// A title folded for duplicate detection: the hash of its letters and
/// digits, lower case without accents.
fn fold_phrase(text: &str) -> u64 {
    let mut h = TermHasher(0xcbf2_9ce4_8422_2325);
    let mut buffer = [0u8; 4];
    for c in text.chars().filter(|c| c.is_alphanumeric()) {
        h.write(fold(c, &mut buffer));
    }
    h.finish()
}

/// A URL compared without scheme, `www.`, trailing slash, fragment,
/// tracking parameters (`utm_*`, `fbclid`, `gclid`) or case in the host and
/// path: its hash. The rest of the query counts (`?p=123` is a story).
fn url_key(url: &str) -> u64 {
    let url = url.split('#').next().unwrap_or(url);
    let url = url.split_once("://").map_or(url, |(_, rest)| rest);
    let url = url.strip_prefix("www.").unwrap_or(url);
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let mut h = TermHasher(0xcbf2_9ce4_8422_2325);
    for b in path.trim_end_matches('/').bytes() {
        h.write(&[b.to_ascii_lowercase()]);
    }
    let tracking = |p: &&str| {
        let name = p.split('=').next().unwrap_or("");
        name.starts_with("utm_") || name == "fbclid" || name == "gclid" || name.is_empty()
    };
    for param in query.split('&').filter(|p| !tracking(p)) {
        h.write(b"&");
        h.write(param.as_bytes());
    }
    h.finish()
}

/// French and English stop words, folded, sorted (binary search).
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "ai",
    "aie",
    "all",
    "also",
    "an",
    "and",
    "any",
    "apres",
    "are",
    "as",
    "at",
    "au",
    "aucun",
    "aupres",
    "aussi",
    "autre",
    "aux",
    "avaient",
    "avait",
    "avant",
    "avec",
    "avoir",
    "be",
    "been",
    "before",
    "being",
    "but",
    "by",
    "can",
    "ce",
    "ceci",
    "cela",
    "celle",
    "celui",
    "cependant",
    "ces",
    "cet",
    "cette",
    "ceux",
    "chaque",
    "chez",
    "comme",
    "comment",
    "contre",
    "could",
    "dans",
    "de",
    "depuis",
    "des",
    "deux",
    "did",
    "do",
    "does",
    "donc",
    "dont",
    "du",
    "during",
    "elle",
    "elles",
    "en",
    "encore",
    "entre",
    "est",
    "et",
    "ete",
    "etre",
    "eu",
    "for",
    "from",
    "had",
    "has",
    "have",
    "he",
    "her",
    "his",
    "how",
    "if",
    "il",
    "ils",
    "in",
    "into",
    "is",
    "it",
    "its",
    "je",
    "jusqu",
    "la",
    "le",
    "les",
    "leur",
    "leurs",
    "lors",
    "lui",
    "mais",
    "me",
    "meme",
    "mes",
    "moins",
    "more",
    "most",
    "ne",
    "ni",
    "no",
    "nos",
    "not",
    "notre",
    "nous",
    "of",
    "on",
    "ont",
    "or",
    "other",
    "ou",
    "our",
    "out",
    "over",
    "par",
    "parce",
    "pas",
    "plus",
    "pour",
    "pourquoi",
    "qu",
    "quand",
    "que",
    "quel",
    "quelle",
    "qui",
    "sa",
    "sans",
    "se",
    "selon",
    "ses",
    "she",
    "si",
    "son",
    "sont",
    "sous",
    "such",
    "sur",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "tous",
    "tout",
    "toute",
    "toutes",
    "tres",
    "un",
    "under",
    "une",
    "up",
    "vers",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "will",
    "with",
    "would",
    "y",
    "you",
    "your",
];

#[cfg(test)]
mod tests {

    #[test]
    fn lower_case_agrees_with_std_in_the_scripts_it_covers() {
        let ranges = [0xC0..=0x17F, 0x386..=0x3AB, 0x400..=0x4BF, 0x531..=0x556];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let mut std_lower = c.to_lowercase();
            let expected = match (std_lower.next(), std_lower.next()) {
                (Some(l), None) => l,
                _ => 'i', // İ lowers to i and a combining dot
            };
            assert_eq!(super::lower(c), expected, "{c} U+{:04X}", c as u32);
        }
        assert_eq!(super::lower('中'), '中');
    }

    use super::*;
    use crate::time::Timestamp;

    fn story(id: &str, title: &str, date: Option<&str>) -> Story {
        Story {
            id: id.into(),
            title: title.into(),
            url: format!("https://news.example/{id}"),
            image: None,
            image_alt: None,
            published_at: date.and_then(Timestamp::parse),
            category: None,
            excerpt: None,
        }
    }

    fn article() -> Article {
        serde_json::from_str(
            r#"{"id":"niger","url":"https://news.example/niger","title":"Les États-Unis retirent leurs militaires du Niger",
            "published_at":"2024-04-19","category":"coopération","lead":"Les soldats américains au Niger luttaient contre le djihadisme au Sahel.",
            "body":[{"type":"paragraph","text":"Une base de drones à Agadez."}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn the_article_never_recommends_itself_and_duplicates_go() {
        let a = article();
        let subject = Subject { id: &a.id, url: a.url.as_deref(), article: &a };
        let mut same_url = story("copy", "Une copie", None);
        same_url.url = "http://www.news.example/niger/?utm_source=x#top".into();
        let stories = vec![
            story("niger", "Le même article", None),
            same_url,
            story("b", "Mali : une attaque djihadiste", None),
            story("b2", "Mali : une attaque djihadiste", None),
        ];
        let ranked = rank(&subject, stories, Order::Relevance, 10);
        assert_eq!(ranked.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["b"]);
    }

    #[test]
    fn stories_told_apart_by_their_query_stay_apart() {
        let a = article();
        let subject = Subject { id: &a.id, url: Some("https://site.example/?p=1"), article: &a };
        let mut stories: Vec<Story> = (2..5).map(|i| story(&format!("p{i}"), &format!("Histoire {i}"), None)).collect();
        for (i, s) in stories.iter_mut().enumerate() {
            s.url = format!("https://site.example/?p={}", i + 2);
        }
        assert_eq!(rank(&subject, stories, Order::AsIs, 10).len(), 3);
    }

    #[test]
    fn shared_key_terms_outrank_unrelated_stories() {
        let a = article();
        let subject = Subject { id: &a.id, url: a.url.as_deref(), article: &a };
        let stories = vec![
            story("foot", "La CAN de football s’ouvre à Abidjan", Some("2024-04-20")),
            story("drones", "Niger : la base de drones d’Agadez fermera", Some("2024-04-01")),
            story("music", "Un festival de musique à Dakar", Some("2024-04-21")),
            story("soldats", "Des soldats américains quittent le Sahel", Some("2024-03-01")),
        ];
        let ranked = rank(&subject, stories, Order::Relevance, 4);
        let ids: Vec<&str> = ranked.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(&ids[..2], ["drones", "soldats"], "{ids:?}");
        // Unrelated ones follow, newest first.
        assert_eq!(&ids[2..], ["music", "foot"]);
    }

    #[test]
    fn accents_and_case_do_not_matter() {
        let a = article();
        let s = scores(&a, &[story("x", "ETATS UNIS", None), story("y", "états-unis", None)]);
        assert!(s[0] > 0.0);
        assert!((s[0] - s[1]).abs() < 1e-6);
    }

    #[test]
    fn orders_and_limits_are_stable() {
        let a = article();
        let subject = Subject { id: &a.id, url: None, article: &a };
        let stories = vec![
            story("old", "Old", Some("2024-01-01")),
            story("none", "Undated", None),
            story("new", "New", Some("2024-04-01")),
        ];
        let ids = |order| rank(&subject, stories.clone(), order, 10).iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(Order::Date), ["new", "old", "none"]);
        assert_eq!(ids(Order::AsIs), ["old", "none", "new"]);
        assert_eq!(ids(Order::Relevance), ids(Order::Relevance));
        assert_eq!(rank(&subject, stories, Order::AsIs, 2).len(), 2);
        assert_eq!(Order::parse("as-is"), Some(Order::AsIs));
        assert_eq!(Order::parse("random"), None);
    }
}
