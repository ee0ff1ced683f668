//! Articles, loaded once at start from a folder of JSON files (the demo's
//! `static/articles/`), each checked with the widget's own model.

use std::collections::HashMap;
use std::path::Path;

use article_widget_core::Article;

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

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}
