//! Articles, loaded once at start from a folder of JSON files (the demo's
//! `static/articles/`), each checked with the widget's own model.

use std::collections::HashMap;
use std::path::Path;

use article_widget_core::feed::{self, Story};
use article_widget_core::Article;

/// Related-story candidates from a feed file of any kind the widget reads,
/// in any character set (see [`decode_feed`]). Relative links in it
/// resolve against `https://localhost/`: a served feed should use absolute
/// links. A web page instead of a feed is refused, naming the feed it
/// announces if it does.
pub fn load_feed(path: &Path) -> Result<Vec<Story>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = decode_feed(&bytes, None);
    let base = "https://localhost/";
    let stories = match feed::detect(&text, None) {
        Some(feed::Kind::Json) => {
            let doc: feed::JsonDoc = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            feed::from_json(doc, base)
        }
        Some(feed::Kind::Xml) => feed::from_xml(&text, base),
        Some(feed::Kind::Html) => Err(feed::web_page(&text, base)),
        None => return Err(format!("{}: not a feed", path.display())),
    };
    stories.map_err(|e| format!("{}: {e}", path.display()))
}

/// Feed bytes as text, in the character set they declare: a byte order
/// mark, the `Content-Type` header's `charset` when there is one, the XML
/// declaration, else UTF-8 (the widget's own rule, `feed::charset`).
/// Bytes the character set cannot map become U+FFFD, as in a browser.
pub fn decode_feed(bytes: &[u8], content_type: Option<&str>) -> String {
    let label = feed::charset::label(&bytes[..bytes.len().min(feed::charset::SNIFF_LEN)], content_type);
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap_or(encoding_rs::UTF_8);
    encoding.decode(bytes).0.into_owned()
}

pub struct Articles {
    /// Article id to its JSON, as served.
    by_id: HashMap<String, String>,
    /// Article id to its title, for the moderation page.
    titles: HashMap<String, String>,
}

impl Articles {
    /// Reads every `*.json` in `folder`. A file that is not a valid article
    /// stops the start, naming the file: better than serving half the data.
    pub fn load(folder: &Path) -> Result<Articles, String> {
        let entries = std::fs::read_dir(folder).map_err(|e| format!("articles folder {}: {e}", folder.display()))?;
        let mut by_id = HashMap::new();
        let mut titles = HashMap::new();
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let article: Article = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            article.check().map_err(|e| format!("{}: {e}", path.display()))?;
            titles.insert(article.id.clone(), article.title.clone());
            by_id.insert(article.id, text);
        }
        Ok(Articles { by_id, titles })
    }

    pub fn get(&self, id: &str) -> Option<&str> {
        self.by_id.get(id).map(String::as_str)
    }

    /// The article itself, read with the widget's model.
    pub fn article(&self, id: &str) -> Option<Article> {
        serde_json::from_str(self.get(id)?).ok()
    }

    pub fn title(&self, id: &str) -> Option<&str> {
        self.titles.get(id).map(String::as_str)
    }

    /// The articles whose title contains `text` (lower case), ignoring case.
    pub fn matching_titles(&self, text: &str) -> Vec<String> {
        self.titles.iter().filter(|(_, title)| title.to_lowercase().contains(text)).map(|(id, _)| id.clone()).collect()
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::load_feed;

    fn sample(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/feeds").join(name)
    }

    #[test]
    fn feed_files_in_their_own_character_set() {
        let latin = load_feed(&sample("latin1.xml")).unwrap();
        assert_eq!(latin[0].title, "Niger: Porträt für eine Stadt im Wandel");
        let chinese = load_feed(&sample("gb2312.xml")).unwrap();
        assert_eq!(chinese[0].title, "美国同意从尼日尔撤军");
        // No header for a file: windows-1251 without a declaration cannot be told from
        // UTF-8, and is read as UTF-8 with replacement characters, not refused.
        let cyrillic = load_feed(&sample("cyrillic.xml")).unwrap();
        assert!(cyrillic[0].title.contains('\u{fffd}'));
    }

    #[test]
    fn a_web_page_is_refused_naming_its_feed() {
        let error = load_feed(&sample("page-with-feed.html")).unwrap_err();
        assert!(
            error.ends_with(
                "page-with-feed.html: a web page, not a feed; the feed it announces is https://localhost/related.xml"
            ),
            "{error}"
        );
        let error = load_feed(&sample("not-a-feed.html")).unwrap_err();
        assert!(error.contains("a web page, not a feed, and it announces no feed"), "{error}");
    }
}
