//! Feed parsing on real-shaped samples of each format (tests/fixtures/feeds)
//! and ranking on the demo feeds (static/feeds).

use article_widget_core::feed::{self, FeedError, JsonDoc, Story};
use article_widget_core::related::{rank, Order, Subject};
use article_widget_core::xml::XmlError;
use article_widget_core::Article;

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn json(path: &str, base: &str) -> Result<Vec<Story>, FeedError> {
    let doc: JsonDoc = serde_json::from_str(&read(path)).unwrap();
    feed::from_json(doc, base)
}

#[test]
fn wordpress_rss() {
    let base = "https://journaldufleuve.example/feed/";
    let stories = feed::from_xml(&read("tests/fixtures/feeds/wordpress.xml"), base).unwrap();
    // The item whose link is javascript: is dropped (its guid is not a permalink).
    assert_eq!(stories.len(), 2, "{stories:#?}");
    let first = &stories[0];
    assert_eq!(first.title, "Crue du fleuve : les riverains de Podor se préparent");
    assert_eq!(first.url, "https://journaldufleuve.example/2024/04/crue-du-fleuve-podor/");
    assert_eq!(first.published_at.as_ref().unwrap().as_str(), "2024-04-16T08:12:44+00:00");
    assert_eq!(first.category.as_deref(), Some("Environnement"));
    let excerpt = first.excerpt.as_deref().unwrap();
    assert!(excerpt.starts_with("Les services de l’hydraulique"), "{excerpt}");
    assert!(!excerpt.contains('<') && !excerpt.contains("&#"), "{excerpt}");
    assert!(stories
        .iter()
        .any(|s| s.image.as_deref().is_some_and(|i| i.starts_with("https://") && i.ends_with(".jpg"))));
    assert!(
        stories.iter().any(|s| s.url == "https://journaldufleuve.example/2024/04/story-3/"),
        "relative link resolved"
    );
    for s in &stories {
        assert!(s.url.starts_with("https://"));
    }
}

#[test]
fn atom() {
    let stories =
        feed::from_xml(&read("tests/fixtures/feeds/atom.xml"), "https://atom.example/feeds/all.atom").unwrap();
    assert_eq!(stories.len(), 3, "{stories:#?}");
    assert!(!stories[0].title.contains('<'), "html title reduced to text: {}", stories[0].title);
    assert!(stories[0].image.as_deref().is_some_and(|i| i.ends_with(".png")));
    assert!(stories.iter().any(|s| s.url == "https://atom.example/feeds/entries/3"), "{stories:#?}");
    assert!(stories.iter().all(|s| s.published_at.is_some()));
}

#[test]
fn json_feed() {
    let stories = json("tests/fixtures/feeds/jsonfeed.json", "https://json.example/feed.json").unwrap();
    assert_eq!(stories.len(), 3, "{stories:#?}");
    assert!(stories.iter().all(|s| !s.title.is_empty() && !s.title.contains('<')));
    assert!(stories.iter().all(|s| s.url.starts_with("http")));
    // A note with neither title nor summary: its title is its first sentence.
    assert_eq!(stories[1].title, "Une note sans titre ni résumé : seul ce contenu HTML existe");
}

#[test]
fn broken_and_foreign_documents_are_errors() {
    assert!(matches!(
        feed::from_xml(&read("tests/fixtures/feeds/broken.xml"), "https://x.example/"),
        // Cut inside a CDATA section: the typed XML error says where.
        Err(FeedError::Xml(XmlError::Malformed(_)))
    ));
    assert!(feed::from_xml(&read("tests/fixtures/feeds/not-a-feed.html"), "https://x.example/").is_err());
    assert!(feed::from_json(JsonDoc::default(), "https://x.example/").is_err());
    let tags_object: JsonDoc = serde_json::from_str(r#"{"items":[{"id":"t","title":"Tags as an object","url":"https://x.example/t","tags":{"a":1}},{"id":"u","title":"After","url":"https://x.example/u","tags":["ok"]}]}"#).unwrap();
    let stories = feed::from_json(tags_object, "https://x.example/").unwrap();
    assert_eq!(stories.len(), 2);
    assert_eq!(stories[1].category.as_deref(), Some("ok"));
    let odd: JsonDoc = serde_json::from_str(r#"{"stories":[{"id":5,"title":["not","text"],"url":"https://x.example/a"},
        {"title":"Sans lien"},{"title":"Script","url":"javascript:alert(1)"},{"title":"Ok","url":"/b","image":"data:x"}]}"#).unwrap();
    let stories = feed::from_json(odd, "https://x.example/feed").unwrap();
    // A wrong-typed title falls back to nothing (dropped); no link, dropped; unsafe link, dropped.
    assert_eq!(stories.iter().map(|s| s.url.as_str()).collect::<Vec<_>>(), ["https://x.example/b"]);
    assert_eq!(stories[0].image, None, "a data: image is refused");
}

fn seed() -> Article {
    serde_json::from_str(&read("static/articles/niger-us-withdrawal.json")).unwrap()
}

#[test]
fn demo_feeds_rank_sahel_security_first_in_both_formats() {
    let article = seed();
    let subject = Subject { id: &article.id, url: article.url.as_deref(), article: &article };
    let base = "https://demo.example/static/feeds/related.json";
    let from_json = json("static/feeds/related.json", base).unwrap();
    let from_rss =
        feed::from_xml(&read("static/feeds/related.xml"), "https://demo.example/static/feeds/related.xml").unwrap();
    assert!(from_json.len() >= 32);
    assert_eq!(from_json.len(), from_rss.len());

    let ranked = rank(&subject, from_json.clone(), Order::Relevance, 5);
    let ranked_rss = rank(&subject, from_rss, Order::Relevance, 5);
    let ids = |stories: &[Story]| stories.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&ranked), ids(&ranked_rss), "same order from either format");
    for story in &ranked {
        assert_ne!(story.id, "niger-us-withdrawal", "the article never recommends itself");
        let category = story.category.as_deref().unwrap_or("");
        assert!(!matches!(category, "sport" | "culture"), "{} ({category}) in the top 5", story.title);
    }
    // The duplicate of a story never shows beside it.
    let all = rank(&subject, from_json, Order::Relevance, 100);
    let mut urls: Vec<&str> = all.iter().map(|s| s.url.as_str()).collect();
    urls.sort_unstable();
    urls.dedup();
    assert_eq!(urls.len(), all.len());
    // Sport and culture come after every security and diplomacy story.
    let place =
        |pred: &dyn Fn(&str) -> bool| all.iter().position(|s| pred(s.category.as_deref().unwrap_or(""))).unwrap();
    let last_security = all
        .iter()
        .rposition(|s| matches!(s.category.as_deref(), Some("sécurité" | "diplomatie" | "coopération")))
        .unwrap();
    let first_sport = place(&|c| c == "sport");
    let first_culture = place(&|c| c == "culture");
    assert!(place(&|c| matches!(c, "sécurité" | "diplomatie" | "coopération")) == 0);
    assert!(
        first_sport > 5 && first_culture > 5,
        "sport at {first_sport}, culture at {first_culture}; last security at {last_security}"
    );
}
