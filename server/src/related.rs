//! Related stories for `GET /api/articles/{id}/related`.
//!
//! The feed is read once at start, bounded in size, and shared by every
//! request: nothing is copied per request. Each (article, order) is ranked
//! once, by the widget's own function over references into the feed, and
//! remembered as the positions of its best [`MAX_LIMIT`] stories (articles
//! and feed are fixed while the server runs, so the answer cannot change).
//! Concurrent first requests for one pair wait for the same ranking, and
//! ranking runs through [`Offload`], one task per core.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use article_widget_core::feed::Story;
use article_widget_core::related::{rank, Order, Subject};
use article_widget_core::Article;
use tokio::sync::OnceCell;

use crate::offload::{Offload, OffloadError};

/// A feed file larger than this stops the start.
pub const MAX_FEED_BYTES: u64 = 32 * 1024 * 1024;
/// Stories kept from the feed, in feed order (newest first, in most feeds).
pub const MAX_STORIES: usize = 10_000;
/// The most stories one answer holds.
pub const MAX_LIMIT: usize = 20;

/// Positions in the feed of an (article, order)'s best stories, best first.
type Ranked = Arc<[u32]>;
/// An article id and an order (see [`order_key`]).
type RankingKey = (String, u8);

pub struct Related {
    feed: Arc<Vec<Story>>,
    ranked: Mutex<HashMap<RankingKey, Arc<OnceCell<Ranked>>>>,
    offload: Arc<Offload>,
}

/// A story and its place in the feed.
struct Candidate<'a>(u32, &'a Story);

impl Borrow<Story> for Candidate<'_> {
    fn borrow(&self) -> &Story {
        self.1
    }
}

impl Related {
    /// Reads the feed (none: no related stories).
    pub fn load(path: Option<&Path>, offload: Arc<Offload>) -> Result<Related, String> {
        let mut feed = match path {
            None => Vec::new(),
            Some(path) => {
                let size = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?.len();
                if size > MAX_FEED_BYTES {
                    return Err(format!(
                        "{}: {size} bytes; a related-stories feed is at most {MAX_FEED_BYTES}",
                        path.display()
                    ));
                }
                crate::articles::load_feed(path)?
            }
        };
        if feed.len() > MAX_STORIES {
            tracing::warn!(stories = feed.len(), kept = MAX_STORIES, "related-stories feed: keeping the first stories");
            feed.truncate(MAX_STORIES);
        }
        Ok(Related::new(feed, offload))
    }

    pub fn new(feed: Vec<Story>, offload: Arc<Offload>) -> Related {
        Related { feed: Arc::new(feed), ranked: Mutex::new(HashMap::new()), offload }
    }

    pub fn len(&self) -> usize {
        self.feed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.feed.is_empty()
    }

    /// The best `limit` (at most [`MAX_LIMIT`]) stories for `article`.
    pub async fn stories(&self, article: Article, order: Order, limit: usize) -> Result<Vec<&Story>, OffloadError> {
        let key = (article.id.clone(), order_key(order));
        let cell = self.ranked.lock().unwrap_or_else(|p| p.into_inner()).entry(key).or_default().clone();
        let feed = self.feed.clone();
        let ranked = cell
            .get_or_try_init(|| {
                self.offload.run(move || {
                    let subject = Subject { id: &article.id, url: article.url.as_deref(), article: &article };
                    let candidates = feed.iter().enumerate().map(|(i, s)| Candidate(i as u32, s));
                    rank(&subject, candidates, order, MAX_LIMIT).iter().map(|c| c.0).collect::<Ranked>()
                })
            })
            .await?;
        Ok(ranked.iter().take(limit.min(MAX_LIMIT)).map(|&i| &self.feed[i as usize]).collect())
    }
}

fn order_key(order: Order) -> u8 {
    match order {
        Order::Relevance => 0,
        Order::Date => 1,
        Order::AsIs => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed() -> Vec<Story> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../static/feeds/related.json");
        crate::articles::load_feed(&path).unwrap()
    }

    fn article() -> Article {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../static/articles");
        let articles = crate::articles::Articles::load(&path).unwrap();
        articles.article("niger-us-withdrawal").unwrap()
    }

    #[tokio::test]
    async fn the_same_answer_as_ranking_a_copy_and_computed_once() {
        let related = Related::new(feed(), Arc::new(Offload::per_core()));
        let article = article();
        for order in [Order::Relevance, Order::Date, Order::AsIs] {
            for limit in [1, 3, 5, 20] {
                let subject = Subject { id: &article.id, url: article.url.as_deref(), article: &article };
                let copied = rank(&subject, feed(), order, limit);
                let shared = related.stories(article.clone(), order, limit).await.unwrap();
                let ids = |s: &[&Story]| s.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
                assert_eq!(ids(&shared), ids(&copied.iter().collect::<Vec<_>>()), "{order:?} {limit}");
            }
        }
        assert_eq!(related.ranked.lock().unwrap().len(), 3, "one ranking per (article, order)");
    }

    #[test]
    fn an_oversized_feed_stops_the_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.json");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_FEED_BYTES + 1).unwrap();
        let error = Related::load(Some(&path), Arc::new(Offload::per_core())).err().unwrap();
        assert!(error.contains("at most"), "{error}");
    }
}
