//! The widget in a real browser: what a reader sees of the demo articles,
//! and how the embed API behaves (several widgets, mounting twice, unmount).

mod support;

use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &str = "/articles/niger-us-withdrawal.json";
const EN: &str = "/articles/sahel-solar-minigrids.json";
const SEED_LEAD: &str =
    "Les soldats américains présents au Niger étaient engagés dans la lutte contre le djihadisme au Sahel";

#[wasm_bindgen_test]
async fn seed_article_in_french() {
    let el = host(&[("article-src", &fixture(SEED)), ("lang", "fr")], "");
    let ready = Events::listen(&el, "ready");
    let shadow = connect(&el).await;

    let crumbs = find(&shadow, "nav.aw-crumbs");
    assert_eq!(crumbs.get_attribute("aria-label").as_deref(), Some("Fil d’Ariane"));
    let crumb_text: Vec<String> =
        all(&shadow, "nav.aw-crumbs li").iter().map(|li| li.text_content().unwrap()).collect();
    assert_eq!(crumb_text, ["Accueil", "coopération"]);
    assert!(find(&shadow, "nav.aw-crumbs a").get_attribute("href").unwrap().starts_with("https://"));

    assert_eq!(all(&shadow, "h1").len(), 1);
    assert_eq!(text(&shadow, "h1"), "Les Etats-Unis acceptent de retirer leurs militaires du Niger");

    let time = find(&shadow, "time.aw-date");
    assert_eq!(time.get_attribute("datetime").as_deref(), Some("2024-04-19T14:05:00Z"));
    assert_eq!(time.text_content().unwrap(), "Publié le 19 avril 2024");
    assert_eq!(text(&shadow, ".aw-views"), "9\u{a0}vues");
    assert_eq!(text(&shadow, ".aw-comment-count"), "0\u{a0}commentaire");
    assert_eq!(text(&shadow, ".aw-reading"), "2\u{a0}min de lecture");

    // The lead shows once, and the body does not repeat it.
    assert!(text(&shadow, ".aw-lead").starts_with(SEED_LEAD));
    let whole = find(&shadow, ".aw-article").text_content().unwrap();
    assert_eq!(whole.matches(SEED_LEAD).count(), 1, "lead repeated");

    let paragraphs = all(&shadow, ".aw-body > p");
    assert_eq!(paragraphs.len(), 8, "{}", find(&shadow, ".aw-body").inner_html());
    assert!(paragraphs[0].text_content().unwrap().starts_with("Le gouvernement a annoncé vendredi 19 avril"));
    assert!(paragraphs[7].text_content().unwrap().starts_with("En janvier, la Russie"));
    assert!(!whole.contains("Advertisement"));

    assert_eq!(text(&shadow, ".aw-signature"), "LS/APA");
    assert_eq!(find(&shadow, ".aw").get_attribute("lang").as_deref(), Some("fr"));
    assert_eq!(ready.count(), 1);
    assert_eq!(ready.last("id").as_deref(), Some("niger-us-withdrawal"));
}

#[wasm_bindgen_test]
async fn seed_article_with_an_english_interface() {
    let el = host(&[("article-src", &fixture(SEED)), ("lang", "en")], "");
    let shadow = connect(&el).await;
    assert_eq!(text(&shadow, "time.aw-date"), "Published April 19, 2024");
    assert_eq!(text(&shadow, ".aw-views"), "9\u{a0}views");
    assert_eq!(text(&shadow, ".aw-comment-count"), "0\u{a0}comments");
    assert_eq!(text(&shadow, ".aw-reading"), "2\u{a0}min read");
    assert_eq!(find(&shadow, "nav.aw-crumbs").get_attribute("aria-label").as_deref(), Some("Breadcrumb"));
    // The interface is English; the article text keeps its own language.
    assert_eq!(find(&shadow, ".aw").get_attribute("lang").as_deref(), Some("en"));
    assert_eq!(find(&shadow, "article").get_attribute("lang").as_deref(), Some("fr"));
}

#[wasm_bindgen_test]
async fn language_defaults_to_the_articles_own() {
    let el = host(&[("article-src", &fixture(EN))], "");
    let shadow = connect(&el).await;
    assert_eq!(find(&shadow, ".aw").get_attribute("lang").as_deref(), Some("en"));
    assert_eq!(text(&shadow, ".aw-views"), "1,234\u{a0}views");
    assert_eq!(text(&shadow, ".aw-comment-count"), "1\u{a0}comment");
    assert_eq!(text(&shadow, "time.aw-updated"), "Updated May 3, 2024");
}

#[wasm_bindgen_test]
async fn every_block_type_renders() {
    let el = host(&[("article-src", &fixture(EN)), ("lang", "fr")], "");
    let shadow = connect(&el).await;
    assert_eq!(text(&shadow, ".aw-views"), "1\u{202f}234\u{a0}vues");
    assert!(exists(&shadow, ".aw-body h2.aw-subhead"));
    assert!(!text(&shadow, ".aw-body figure.aw-quote blockquote").is_empty());
    assert!(!text(&shadow, ".aw-body figure.aw-quote figcaption").is_empty());
    assert!(all(&shadow, ".aw-body ul.aw-list > li").len() >= 2);

    let img = find(&shadow, ".aw-figure img");
    let src = img.get_attribute("src").unwrap();
    // Relative to the article's address, not to the page.
    assert_eq!(src, fixture("/img/minigrid.svg"));
    assert_eq!(img.get_attribute("loading").as_deref(), Some("lazy"));
    assert_eq!(img.get_attribute("width").as_deref(), Some("800"));
    assert_eq!(img.get_attribute("height").as_deref(), Some("450"));
    assert!(!img.get_attribute("alt").unwrap().is_empty());
    assert!(!text(&shadow, ".aw-figure figcaption").is_empty());
}

#[wasm_bindgen_test]
async fn inline_json_needs_no_request() {
    let json = r#"{"id":"inline-1","lang":"en","title":"Inline story","published_at":"2024-02-03",
        "body":[{"type":"paragraph","text":"Served with the page."}],"signature":"XX"}"#;
    let el = host(&[], &format!(r#"<script type="application/json">{json}</script><a href="/x">Read</a>"#));
    let shadow = connect(&el).await;
    assert_eq!(text(&shadow, "h1"), "Inline story");
    assert_eq!(text(&shadow, "time.aw-date"), "Published February 3, 2024");
    assert_eq!(text(&shadow, ".aw-body p"), "Served with the page.");
}

/// The first view is drawn without Yew, in the very call that mounts the
/// widget (for an inline article), and the widget then takes its place
/// with the same markup: one renderer (core's markup.rs) for both.
#[wasm_bindgen_test]
async fn the_first_view_is_the_article_the_widget_then_takes_over() {
    let json = r#"{"id":"first-1","lang":"fr","title":"Titre <b>brut</b> & \"cité\"","published_at":"2024-02-03",
        "breadcrumb":[{"label":""},{"label":"Monde","url":"javascript:alert(1)"}],"view_count":1234,
        "body":[{"type":"paragraph","text":[{"text":"Un lien","href":"https://news.example/a?b=1&c=2"},{"text":"\nsuite"}]},
                {"type":"image","src":"/p.jpg","alt":"« alt »","caption":"Légende","width":640,"height":360}],
        "signature":"XX"}"#;
    let el = host(
        &[("comments-endpoint", &fixture("/comments"))],
        &format!(r#"<script type="application/json">{json}</script><div slot="ad">Pub</div>"#),
    );
    article_widget::connect(el.clone());
    let shadow = el.shadow_root().expect("a shadow root at once");
    let first = find(&shadow, "[data-aw-first-view] .aw-layout");
    assert_eq!(text(&shadow, "[data-aw-first-view] h1"), "Titre <b>brut</b> & \"cité\"");
    assert!(exists(&shadow, "[data-aw-first-view] .aw-comments-placeholder"));
    assert!(exists(&shadow, "[data-aw-first-view] aside.aw-ad slot[name=ad]"));
    let article = first.query_selector(".aw-article").unwrap().unwrap().outer_html();
    assert!(!article.contains("javascript:"), "{article}");

    let shadow = settled(&el).await;
    assert!(!exists(&shadow, "[data-aw-prerendered]"), "the first view gave way: {}", shadow.inner_html());
    assert_eq!(find(&shadow, ".aw-article").outer_html(), article);
}

#[wasm_bindgen_test]
async fn host_ad_fills_the_sidebar_slot() {
    let el = host(&[("article-src", &fixture(SEED))], r#"<div slot="ad">Votre publicité ici</div>"#);
    let shadow = connect(&el).await;
    assert_eq!(find(&shadow, "aside.aw-ad").get_attribute("aria-label").as_deref(), Some("Publicité"));
    assert!(exists(&shadow, "aside.aw-ad slot[name=ad]"));

    let without = host(&[("article-src", &fixture(SEED))], "");
    let shadow = connect(&without).await;
    assert!(!exists(&shadow, "aside.aw-ad"));
}

#[wasm_bindgen_test]
async fn two_widgets_on_one_page() {
    let before = article_widget::mounted_count();
    let fr = host(&[("article-src", &fixture(SEED)), ("lang", "fr")], "");
    let en = host(&[("article-src", &fixture(EN)), ("lang", "en"), ("theme", "dark")], "");
    let (a, b) = (connect(&fr).await, connect(&en).await);
    assert_eq!(article_widget::mounted_count(), before + 2);
    assert_eq!(text(&a, "h1"), "Les Etats-Unis acceptent de retirer leurs militaires du Niger");
    assert_ne!(text(&b, "h1"), text(&a, "h1"));
    assert_eq!(find(&b, ".aw").get_attribute("data-theme").as_deref(), Some("dark"));
    assert_eq!(find(&a, ".aw").get_attribute("data-theme").as_deref(), Some("auto"));
}

#[wasm_bindgen_test]
async fn mounting_twice_changes_nothing_and_unmount_restores_the_fallback() {
    let el = host(&[("article-src", &fixture(SEED))], r#"<a href="https://example.org/a">Lire l’article</a>"#);
    let before = article_widget::mounted_count();
    let shadow = connect(&el).await;
    let handle = article_widget::mount(el.clone(), JsValue::UNDEFINED);
    article_widget::connect(el.clone());
    assert_eq!(article_widget::mounted_count(), before + 1);
    assert_eq!(all(&shadow, ".aw").len(), 1);
    assert!(handle.mounted());

    handle.unmount();
    assert!(!handle.mounted());
    assert_eq!(article_widget::mounted_count(), before);
    assert_eq!(shadow.inner_html(), "<slot></slot>");
    handle.unmount(); // harmless the second time

    // Mounting again works on the same element.
    let shadow = connect(&el).await;
    assert_eq!(all(&shadow, "h1").len(), 1);
    article_widget::disconnect(el.clone());
    assert_eq!(article_widget::mounted_count(), before);
}

#[wasm_bindgen_test]
async fn mount_options_override_attributes() {
    let el = host(&[("lang", "fr")], "");
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"articleSrc".into(), &fixture(SEED).into()).unwrap();
    js_sys::Reflect::set(&options, &"lang".into(), &"en".into()).unwrap();
    article_widget::mount(el.clone(), options.into());
    let shadow = settled(&el).await;
    assert_eq!(text(&shadow, ".aw-views"), "9\u{a0}views");
}

#[wasm_bindgen_test]
async fn a_regional_tag_shapes_dates_and_numbers() {
    let el = host(&[("article-src", &fixture(EN)), ("lang", "en-GB")], "");
    let shadow = connect(&el).await;
    assert_eq!(text(&shadow, "time.aw-date"), "Published 2 May 2024");
    assert_eq!(find(&shadow, ".aw").get_attribute("lang").as_deref(), Some("en-GB"));
    // A tag Intl would reject falls back to the bare language.
    let odd = host(&[("article-src", &fixture(EN)), ("lang", "en-u-ca-!!")], "");
    let shadow = connect(&odd).await;
    assert_eq!(text(&shadow, "time.aw-date"), "Published May 2, 2024");
}

#[wasm_bindgen_test]
async fn the_compacted_stylesheet_parses_as_the_source_does() {
    use wasm_bindgen::JsCast;
    let el = host(&[("article-src", &fixture(SEED))], "");
    let shadow = connect(&el).await;
    let sheets = shadow.adopted_style_sheets();
    let shipped: web_sys::CssStyleSheet = sheets.get(0).dyn_into().expect("the widget adopts one stylesheet");
    let source = web_sys::CssStyleSheet::new().unwrap();
    source.replace_sync(include_str!("../src/widget.css")).unwrap();
    let rules = |sheet: &web_sys::CssStyleSheet| -> Vec<String> {
        let list = sheet.css_rules().unwrap();
        (0..list.length()).map(|i| list.item(i).unwrap().css_text()).collect()
    };
    let (shipped, source) = (rules(&shipped), rules(&source));
    assert!(source.len() > 50, "{} rules", source.len());
    assert_eq!(shipped, source);
}
