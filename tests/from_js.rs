//! The widget reads JS values (parsed JSON, a host's `article` option) with
//! its own serde deserializer (`article_widget::from_js`, kept small for the
//! first view). Here, in the browser: it reads every document the project
//! ships exactly as serde-wasm-bindgen reads it, and its errors say what
//! was wrong, in the words a publisher reading the console needs.

use article_widget::from_js::from_js;
use article_widget_core::comment::{CommentPage, Posted, Publication};
use article_widget_core::feed::JsonDoc;
use article_widget_core::Article;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn parse(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("test JSON")
}

/// Read by both deserializers: the same value, or both refuse.
fn same<T: DeserializeOwned + std::fmt::Debug>(json: &str) -> Option<T> {
    let ours = from_js::<T>(parse(json));
    let theirs = serde_wasm_bindgen::from_value::<T>(parse(json));
    assert_eq!(format!("{ours:?}").starts_with("Ok"), theirs.is_ok(), "{json}: {ours:?} / {theirs:?}");
    if let (Ok(ours), Ok(theirs)) = (&ours, &theirs) {
        assert_eq!(format!("{ours:?}"), format!("{theirs:?}"), "{json}");
    }
    ours.ok()
}

fn error<T: DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
    match from_js::<T>(parse(json)) {
        Ok(value) => panic!("{json} read as {value:?}"),
        Err(e) => e.to_string(),
    }
}

#[wasm_bindgen_test]
fn the_shipped_articles_read_as_serde_wasm_bindgen_reads_them() {
    for json in [
        include_str!("../static/articles/niger-us-withdrawal.json"),
        include_str!("../static/articles/sahel-solar-minigrids.json"),
        include_str!("fixtures/hostile.json"),
    ] {
        let article: Article = same(json).expect("the article reads");
        assert!(!article.body.is_empty());
    }
}

#[wasm_bindgen_test]
fn feeds_and_comment_answers_read_as_serde_wasm_bindgen_reads_them() {
    same::<JsonDoc>(include_str!("../static/feeds/related.json")).expect("the native list reads");
    same::<JsonDoc>(include_str!("fixtures/feeds/jsonfeed.json")).expect("the JSON Feed reads");
    // Lenient fields: numbers as text, anything else as missing.
    same::<JsonDoc>(r#"{"items": [{"url": "/a", "id": 12, "title": 1.5, "tags": ["x", 3, {}], "summary": [1]}]}"#)
        .expect("lenient fields read");
    same::<JsonDoc>(r#"{"items": [{"url": "/a", "tags": {"a": 1}, "image": null, "excerpt": true}]}"#)
        .expect("lenient lists read");
    let page: CommentPage = same(
        r#"{"comments": [{"id": "1", "author": "A", "body": "b", "created_at": 5, "parent": null},
                         {"id": "2", "author": "B", "body": "c", "created_at": "2024-04-19T10:00:00Z", "extra": [1, {"x": 2}]}],
            "total": 2, "next": "2"}"#,
    )
    .expect("a page reads");
    assert_eq!(page.comments[0].created_at, None, "a broken date is dropped, not the comment");
    assert!(page.comments[1].created_at.is_some());
    let posted: Posted =
        same(r#"{"comment": {"id": "1", "author": "A", "body": "b"}, "status": "pending"}"#).expect("a post reads");
    assert_eq!(posted.status, Publication::Pending);
    same::<Posted>(r#"{"comment": {"id": "1", "author": "A", "body": "b"}, "status": "gone"}"#);
    same::<CommentPage>(r#"{"comments": [], "total": -1}"#);
    same::<CommentPage>(r#"{"comments": [], "total": 1.5}"#);
    same::<CommentPage>(r#"{"comments": {}, "total": 1}"#);
    same::<CommentPage>(r#"[1, 2]"#);
}

#[wasm_bindgen_test]
fn errors_say_what_was_met_and_what_was_expected() {
    let article =
        r#"{"id": "a", "title": "T", "published_at": "2024-04-19", "body": [{"type": "paragraph", "text": "x"}]"#;
    assert!(from_js::<Article>(parse(&format!("{article}}}"))).is_ok());
    let with = |extra: &str| format!("{article}, {extra}}}");
    assert_eq!(error::<Article>(&with(r#""view_count": 1.5"#)), "invalid type: a number with a fraction, expected u64");
    assert_eq!(error::<Article>(&with(r#""view_count": -3"#)), "invalid value: integer `-3`, expected u64");
    assert_eq!(error::<Article>(&with(r#""view_count": "12""#)), "invalid type: a string, expected u64");
    assert_eq!(error::<Article>(&with(r#""lang": "xx""#)), "unsupported language `xx` (expected fr or en)");
    assert_eq!(
        error::<Article>(&with(r#""breadcrumb": {"label": "x"}"#)),
        "invalid type: an object, expected a sequence"
    );
    assert_eq!(error::<Article>(r#"{"id": "a"}"#), "missing field `title`");
    assert_eq!(error::<Article>(r#"["a"]"#), "invalid type: an array, expected struct Article");
    assert_eq!(error::<Article>("null"), "invalid type: null, expected struct Article");
    let heading = r#"{"id": "a", "title": "T", "published_at": "2024-04-19", "body": [{"type": "heading", "text": "x", "level": 300}]}"#;
    assert_eq!(error::<Article>(heading), "invalid value: integer `300`, expected u8");
    // A value JSON cannot hold, given by a host's script.
    let symbol = js_sys::Function::new_no_args("return {id: 'a', title: Symbol('t')}").call0(&JsValue::NULL).unwrap();
    let refused = from_js::<Article>(symbol).expect_err("a symbol is no title");
    assert_eq!(refused.to_string(), "invalid type: a value JSON cannot hold, expected a string");
}
