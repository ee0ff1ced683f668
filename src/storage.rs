//! localStorage: the reader's unfinished comment and, if asked, their name.
//!
//! Storage can be missing or full (private browsing, quotas, a sandboxed
//! iframe): every call here then does nothing, silently; the form works the
//! same, it just cannot survive a reload.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use web_sys::Storage;

/// A comment being written, kept until the server confirms it (201/202).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub body: String,
    pub author: String,
    pub email: String,
    pub website: String,
    pub remember: bool,
    /// The `Idempotency-Key` of this draft, the same on every retry.
    pub key: String,
    /// When the reader first touched the form.
    pub started_at: Option<String>,
}

/// Name, email and website the reader asked us to remember.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    pub author: String,
    pub email: String,
    pub website: String,
}

const IDENTITY_KEY: &str = "article-widget:identity";

/// Drafts are per comment endpoint (that is, per article).
fn draft_key(endpoint: &str) -> String {
    format!("article-widget:draft:{endpoint}")
}

fn storage() -> Option<Storage> {
    // `localStorage` itself throws where storage is blocked.
    web_sys::window()?.local_storage().ok().flatten()
}

fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = storage()?.get_item(key).ok()??;
    let value = js_sys::JSON::parse(&text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

fn save<T: Serialize>(key: &str, value: &T) {
    if let (Some(storage), Some(text)) = (storage(), crate::decode::to_json(value)) {
        let _ = storage.set_item(key, &text);
    }
}

fn remove(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

pub fn load_draft(endpoint: &str) -> Option<Draft> {
    load(&draft_key(endpoint))
}

pub fn save_draft(endpoint: &str, draft: &Draft) {
    save(&draft_key(endpoint), draft);
}

pub fn clear_draft(endpoint: &str) {
    remove(&draft_key(endpoint));
}

pub fn load_identity() -> Option<Identity> {
    load(IDENTITY_KEY)
}

pub fn save_identity(identity: &Identity) {
    save(IDENTITY_KEY, identity);
}

pub fn forget_identity() {
    remove(IDENTITY_KEY);
}
