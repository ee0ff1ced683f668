//! The article request the loader sends before the wasm runs: the widget
//! takes it over (no second request) with the deadline, status and error
//! handling of a request of its own, and only once.

mod support;

use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::AbortController;

wasm_bindgen_test_configure!(run_in_browser);

/// What the loader does: `fetch(url, {signal})` sent `ago_ms` ago, handed
/// over with `inFlight`.
fn send_ahead(url: &str, ago_ms: f64) {
    let controller = AbortController::new().unwrap();
    let init = web_sys::RequestInit::new();
    init.set_signal(Some(&controller.signal()));
    let promise = web_sys::window().unwrap().fetch_with_str_and_init(url, &init);
    article_widget::api::in_flight(url.to_owned(), promise, controller, js_sys::Date::now() - ago_ms);
}

#[wasm_bindgen_test]
async fn the_widget_takes_the_request_in_flight_and_makes_no_second_one() {
    let url = fixture("/articles/sahel-solar-minigrids.json?in-flight=1");
    send_ahead(&url, 0.0);
    let el = host(&[("article-src", &url), ("lang", "en")], "");
    let shadow = connect(&el).await;
    assert!(exists(&shadow, ".aw-article"), "{}", shadow.inner_html());
    // The one request the test sent, and none from the widget.
    assert_eq!(requests_for("in-flight=1"), 1);
    el.remove();
}

#[wasm_bindgen_test]
async fn its_deadline_counts_from_when_it_was_sent() {
    // Sent 16 s ago and still not answered (the server takes 20 s): past
    // the 15 s deadline, so it is aborted as soon as the widget takes it.
    let url = fixture("/slow?ms=20000");
    send_ahead(&url, 16_000.0);
    let el = host(&[("article-src", &url), ("lang", "en")], "");
    let shadow = connect(&el).await;
    assert_eq!(find(&shadow, ".aw-error").get_attribute("data-code").as_deref(), Some("timeout"));
    el.remove();
}

#[wasm_bindgen_test]
async fn its_failures_are_the_widgets_own() {
    // A network failure…
    let url = fixture("/articles/sahel-solar-minigrids.json?in-flight=refused");
    let refused = js_sys::Promise::reject(&js_sys::TypeError::new("Failed to fetch").into());
    article_widget::api::in_flight(url.clone(), refused, AbortController::new().unwrap(), js_sys::Date::now());
    let el = host(&[("article-src", &url), ("lang", "en")], "");
    let shadow = connect(&el).await;
    assert_eq!(find(&shadow, ".aw-error").get_attribute("data-code").as_deref(), Some("network"));
    el.remove();

    // …and an HTTP status, read as the widget reads its own answers.
    let url = fixture("/status/404");
    send_ahead(&url, 0.0);
    let el = host(&[("article-src", &url), ("lang", "en")], "");
    let shadow = connect(&el).await;
    assert_eq!(find(&shadow, ".aw-error").get_attribute("data-code").as_deref(), Some("not-found"));
    el.remove();
}

#[wasm_bindgen_test]
async fn it_is_taken_once_and_matched_by_the_resolved_address() {
    // Handed over under its absolute address; the widget names it relatively.
    let controller = AbortController::new().unwrap();
    let page = web_sys::window().unwrap().location().href().unwrap();
    let absolute = web_sys::Url::new_with_base("no-such-article.json", &page).unwrap().href();
    let refused = js_sys::Promise::reject(&JsValue::from_str("refused"));
    article_widget::api::in_flight(absolute, refused, controller, js_sys::Date::now());

    let first = host(&[("article-src", "no-such-article.json"), ("lang", "en")], "");
    let shadow = connect(&first).await;
    assert_eq!(find(&shadow, ".aw-error").get_attribute("data-code").as_deref(), Some("network"));
    // A second widget for the same address sends its own request (answered
    // 404 by the test page's server), not the one already taken.
    let second = host(&[("article-src", "no-such-article.json"), ("lang", "en")], "");
    let shadow = connect(&second).await;
    assert_eq!(find(&shadow, ".aw-error").get_attribute("data-code").as_deref(), Some("not-found"));
    first.remove();
    second.remove();
}

/// How many requests the page has made whose URL contains `marker`.
fn requests_for(marker: &str) -> usize {
    let performance = js_sys::Reflect::get(&web_sys::window().unwrap(), &"performance".into()).unwrap();
    let entries = js_sys::Reflect::get(&performance, &"getEntriesByType".into())
        .unwrap()
        .unchecked_into::<js_sys::Function>()
        .call1(&performance, &"resource".into())
        .unwrap()
        .unchecked_into::<js_sys::Array>();
    entries
        .iter()
        .filter(|e| {
            js_sys::Reflect::get(e, &"name".into()).ok().and_then(|n| n.as_string()).is_some_and(|n| n.contains(marker))
        })
        .count()
}
