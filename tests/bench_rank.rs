//! Ranking benchmark in the browser (not a test: ignored by the test
//! command). `scripts/bench-rank.sh` runs it, release build, in headless
//! Chromium, next to the native one, and prints the times.

use article_widget_core::bench::synthetic_stories;
use article_widget_core::related::{rank, Order, Subject};
use article_widget_core::Article;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).unwrap();
    let now: js_sys::Function = js_sys::Reflect::get(&performance, &"now".into()).unwrap().into();
    now.call0(&performance).unwrap().as_f64().unwrap()
}

#[wasm_bindgen_test]
#[ignore]
fn rank_benchmark() {
    let article: Article = serde_wasm_bindgen::from_value(
        js_sys::JSON::parse(include_str!("../static/articles/niger-us-withdrawal.json")).unwrap(),
    )
    .unwrap();
    let subject = Subject { id: &article.id, url: article.url.as_deref(), article: &article };
    let mut lines =
        vec!["| candidates | median ms | min ms | max ms | runs |".to_owned(), "|---|---|---|---|---|".to_owned()];
    for n in [1_000, 10_000] {
        let stories = synthetic_stories(n);
        let mut times = Vec::new();
        for _ in 0..15 {
            let input = stories.clone();
            let started = now();
            let top = rank(&subject, input, Order::Relevance, 5);
            times.push(now() - started);
            assert_eq!(top.len(), 5);
        }
        times.sort_by(f64::total_cmp);
        lines.push(format!(
            "| {n} | {:.2} | {:.2} | {:.2} | {} |",
            times[times.len() / 2],
            times[0],
            times[times.len() - 1],
            times.len()
        ));
    }
    web_sys::console::log_1(&JsValue::from_str(&format!("browser (wasm, headless Chromium):\n{}", lines.join("\n"))));
}
