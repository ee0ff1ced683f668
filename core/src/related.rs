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

use std::collections::{HashMap, HashSet};
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
pub fn rank(subject: &Subject<'_>, candidates: Vec<Story>, order: Order, limit: usize) -> Vec<Story> {
    let own_url = subject.url.map(url_key);
    let mut seen_urls = HashSet::new();
    let mut seen_titles = HashSet::new();
    let mut stories: Vec<Story> = candidates
        .into_iter()
        .filter(|s| s.id != subject.id && Some(url_key(&s.url)) != own_url)
        .filter(|s| seen_urls.insert(url_key(&s.url)) && seen_titles.insert(fold_phrase(&s.title)))
        .collect();
    match order {
        Order::AsIs => {}
        Order::Date => stories.sort_by(|a, b| b.published_at.cmp(&a.published_at)),
        Order::Relevance => {
            let scores = scores(subject.article, &stories);
            let mut indexed: Vec<(f32, usize, Story)> =
                stories.into_iter().enumerate().map(|(i, s)| (scores[i], i, s)).collect();
            indexed.sort_by(|a, b| {
                b.0.partial_cmp(&a.0)
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then_with(|| b.2.published_at.cmp(&a.2.published_at))
                    .then_with(|| a.1.cmp(&b.1))
            });
            stories = indexed.into_iter().map(|(_, _, s)| s).collect();
        }
    }
    stories.truncate(limit);
    stories
}

/// The cosine score of each story against the article, in story order.
pub fn scores(article: &Article, stories: &[Story]) -> Vec<f32> {
    let mut subject = Terms::default();
    subject.add(&article.title, 3.0);
    if let Some(category) = &article.category {
        subject.add(category, 2.0);
    }
    for crumb in &article.breadcrumb {
        subject.add(&crumb.label, 2.0);
    }
    if let Some(lead) = &article.lead {
        subject.add(lead, 1.0);
    }
    for block in &article.body {
        match block {
            Block::Paragraph { text } | Block::Heading { text, .. } | Block::Quote { text, .. } => subject.add(text, 1.0),
            Block::List { items, .. } => items.iter().for_each(|i| subject.add(i, 1.0)),
            Block::Image { .. } => {}
        }
    }
    let docs: Vec<Terms> = stories
        .iter()
        .map(|s| {
            let mut t = Terms::default();
            t.add(&s.title, 3.0);
            if let Some(c) = &s.category {
                t.add(c, 2.0);
            }
            if let Some(x) = &s.excerpt {
                t.add(x, 1.0);
            }
            t
        })
        .collect();

    // Document frequency over the stories and the article.
    let mut df: TermMap<u32> = TermMap::default();
    for doc in docs.iter().chain(std::iter::once(&subject)) {
        for term in doc.0.keys() {
            *df.entry(*term).or_insert(0) += 1;
        }
    }
    let n = (docs.len() + 1) as f32;
    let idf = |term: &u64| ((n + 1.0) / (df.get(term).copied().unwrap_or(0) as f32 + 1.0)).ln() + 1.0;

    let subject_vec: TermMap<f32> = subject.0.iter().map(|(t, tf)| (*t, tf * idf(t))).collect();
    let subject_norm = subject_vec.values().map(|w| w * w).sum::<f32>().sqrt();
    docs.iter()
        .map(|doc| {
            let mut dot = 0.0;
            let mut norm = 0.0;
            for (term, tf) in &doc.0 {
                let w = tf * idf(term);
                norm += w * w;
                if let Some(sw) = subject_vec.get(term) {
                    dot += w * sw;
                }
            }
            if dot == 0.0 || norm == 0.0 || subject_norm == 0.0 {
                0.0
            } else {
                dot / (norm.sqrt() * subject_norm)
            }
        })
        .collect()
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

/// A bag of terms (by their hash) with weighted counts.
#[derive(Default)]
struct Terms(TermMap<f32>);

impl Terms {
    fn add(&mut self, text: &str, weight: f32) {
        let mut word = String::new();
        for c in text.chars().chain(std::iter::once(' ')) {
            if c.is_alphanumeric() {
                fold_char(c, &mut word);
            } else if !word.is_empty() {
                if let Some(term) = term(&word) {
                    *self.0.entry(hash(term)).or_insert(0.0) += weight;
                }
                word.clear();
            }
        }
    }
}

/// A folded word as an index term, or None for stop words and single letters.
fn term(word: &str) -> Option<&str> {
    if word.chars().count() < 2 || STOP_WORDS.binary_search(&word).is_ok() {
        return None;
    }
    // Plural: "militaires" → "militaire", "journaux" → "journau".
    let stem = match word.strip_suffix(['s', 'x']) {
        Some(stem) if word.len() > 4 && !word.ends_with("ss") => stem,
        _ => word,
    };
    Some(stem)
}

/// FNV-1a, 64 bits.
fn hash(term: &str) -> u64 {
    let mut h = TermHasher(0xcbf2_9ce4_8422_2325);
    h.write(term.as_bytes());
    h.finish()
}

/// Lower case without accents, as ASCII where the letter has a base form.
fn fold_char(c: char, out: &mut String) {
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' | 'ě' | 'ę' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'œ' | 'Œ' => {
            out.push_str("oe");
            return;
        }
        'æ' | 'Æ' => {
            out.push_str("ae");
            return;
        }
        'ß' => {
            out.push_str("ss");
            return;
        }
        c => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push(folded);
}

/// A title folded for duplicate detection.
fn fold_phrase(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            fold_char(c, &mut out);
        }
    }
    out
}

/// A URL compared without scheme, `www.`, trailing slash, query or fragment.
fn url_key(url: &str) -> String {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    let url = url.split_once("://").map_or(url, |(_, rest)| rest);
    let url = url.strip_prefix("www.").unwrap_or(url);
    url.trim_end_matches('/').to_ascii_lowercase()
}

/// French and English stop words, folded, sorted (binary search).
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "ai", "aie", "all", "also", "an", "and", "any", "apres", "are", "as", "at", "au",
    "aucun", "aupres", "aussi", "autre", "aux", "avaient", "avait", "avant", "avec", "avoir", "be", "been",
    "before", "being", "but", "by", "can", "ce", "ceci", "cela", "celle", "celui", "cependant", "ces", "cet",
    "cette", "ceux", "chaque", "chez", "comme", "comment", "contre", "could", "dans", "de", "depuis", "des",
    "deux", "did", "do", "does", "donc", "dont", "du", "during", "elle", "elles", "en", "encore", "entre",
    "est", "et", "ete", "etre", "eu", "for", "from", "had", "has", "have", "he", "her", "his", "how", "if",
    "il", "ils", "in", "into", "is", "it", "its", "je", "jusqu", "la", "le", "les", "leur", "leurs", "lors",
    "lui", "mais", "me", "meme", "mes", "moins", "more", "most", "ne", "ni", "no", "nos", "not", "notre",
    "nous", "of", "on", "ont", "or", "other", "ou", "our", "out", "over", "par", "parce", "pas", "plus",
    "pour", "pourquoi", "qu", "quand", "que", "quel", "quelle", "qui", "sa", "sans", "se", "selon", "ses",
    "she", "si", "son", "sont", "sous", "such", "sur", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "through", "to", "tous", "tout", "toute", "toutes", "tres",
    "un", "under", "une", "up", "vers", "very", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "will", "with", "would", "y", "you", "your",
];

#[cfg(test)]
mod tests {
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
        same_url.url = "http://www.news.example/niger/?utm=x".into();
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
        let stories = vec![story("old", "Old", Some("2024-01-01")), story("none", "Undated", None), story("new", "New", Some("2024-04-01"))];
        let ids = |order| rank(&subject, stories.clone(), order, 10).iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(Order::Date), ["new", "old", "none"]);
        assert_eq!(ids(Order::AsIs), ["old", "none", "new"]);
        assert_eq!(ids(Order::Relevance), ids(Order::Relevance));
        assert_eq!(rank(&subject, stories, Order::AsIs, 2).len(), 2);
        assert_eq!(Order::parse("as-is"), Some(Order::AsIs));
        assert_eq!(Order::parse("random"), None);
    }
}
