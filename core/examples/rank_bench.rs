//! Ranking benchmark, natively (not a test): ranks 1 000 and 10 000
//! synthetic candidates against the demo article and prints the median and
//! the spread of several runs.
//!
//!   cargo run --release -p article-widget-core --features bench --example rank_bench

use std::time::Instant;

use article_widget_core::bench::synthetic_stories;
use article_widget_core::related::{rank, Order, Subject};
use article_widget_core::Article;

fn main() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../static/articles/niger-us-withdrawal.json"))
            .expect("the demo article");
    let article: Article = serde_json::from_str(&text).expect("a valid article");
    let subject = Subject { id: &article.id, url: article.url.as_deref(), article: &article };
    println!("| candidates | median ms | min ms | max ms | runs |");
    println!("|---|---|---|---|---|");
    for n in [1_000, 10_000] {
        let stories = synthetic_stories(n);
        let mut times = Vec::new();
        for _ in 0..15 {
            let input = stories.clone();
            let started = Instant::now();
            let top = rank(&subject, input, Order::Relevance, 5);
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(top.len(), 5);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "| {n} | {:.2} | {:.2} | {:.2} | {} |",
            times[times.len() / 2],
            times[0],
            times[times.len() - 1],
            times.len()
        );
    }
}
