//! Articles, loaded once at start from a folder of JSON files (the demo's
//! `static/articles/`), each checked with the widget's own model.

use std::collections::HashMap;
use std::path::Path;

use article_widget_core::feed::{self, Story};
use article_widget_core::Article;

/// Related-story candidates from a feed file of any kind the widget reads.
/// Relative links in it resolve against `https://localhost/`: a served feed
/// should use absolute links.
pub fn load_feed(path: &Path) -> Result<Vec<Story>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let base = "https://localhost/";
    let stories = match feed::detect(&text, None) {
        Some(feed::Kind::Json) => {
            let doc: feed::JsonDoc = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            feed::from_json(doc, base)
        }
        Some(feed::Kind::Xml) => feed::from_xml(&text, base),
        None => return Err(format!("{}: not a feed", path.display())),
    };
    stories.map_err(|e| format!("{}: {e}", path.display()))
}

pub struct Articles {
    /// Article id to its JSON, as served.
    by_id: HashMap<String, String>,
}

impl Articles {
    /// Reads every `*.json` in `folder`. A file that is not a valid article
    /// stops the start, naming the file: better than serving half the data.
    pub fn load(folder: &Path) -> Result<Articles, String> {
        let entries = std::fs::read_dir(folder).map_err(|e| format!("articles folder {}: {e}", folder.display()))?;
        let mut by_id = HashMap::new();
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let article: Article = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            article.check().map_err(|e| format!("{}: {e}", path.display()))?;
            by_id.insert(article.id.clone(), text);
        }
        Ok(Articles { by_id })
    }

    pub fn get(&self, id: &str) -> Option<&str> {
        self.by_id.get(id).map(String::as_str)
    }

    /// The article itself, read with the widget's model.
    pub fn article(&self, id: &str) -> Option<Article> {
        serde_json::from_str(self.get(id)?).ok()
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}
