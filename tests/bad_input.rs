//! Everything a host page or a server can get wrong: each shows a localized
//! error box (with a retry button only where retrying can help), logs one
//! console error naming the problem, and fires `article-widget:error`.
//! Hostile article text renders as inert text.

mod support;

use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a widget with these attributes and checks the error it shows.
async fn expect_error(attributes: &[(&str, &str)], inner: &str, code: &str, message: &str, retry: bool) {
    remove_hosts();
    let console = ConsoleErrors::capture();
    let el = host(attributes, inner);
    let errors = Events::listen(&el, "error");
    let shadow = connect(&el).await;
    let boxed = find(&shadow, ".aw-error");
    // Console restored before any assertion, so a failure's message reaches the log.
    let lines = console.lines();
    drop(console);

    assert_eq!(boxed.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(boxed.get_attribute("data-code").as_deref(), Some(code), "{}", shadow.inner_html());
    assert_eq!(text(&shadow, ".aw-error-message"), message);
    assert_eq!(exists(&shadow, ".aw-error button"), retry, "retry button for {code}");
    assert!(!exists(&shadow, ".aw-article"));

    assert_eq!(errors.count(), 1, "one error event for {code}");
    assert_eq!(errors.last("code").as_deref(), Some(code));
    assert_eq!(errors.last("message").as_deref(), Some(message));
    assert_eq!(lines.len(), 1, "one console.error for {code}: {lines:?}");
    assert!(lines[0].contains(&format!("[{code}]")), "{lines:?}");
}

#[wasm_bindgen_test]
async fn no_source_at_all() {
    expect_error(
        &[("lang", "fr")],
        "",
        "missing-source",
        "Aucun article n’est indiqué : l’élément a besoin d’un attribut « article-src » ou d’un script JSON intégré.",
        false,
    )
    .await;
}

#[wasm_bindgen_test]
async fn misspelt_attribute_names_the_attribute_and_the_fix() {
    expect_error(
        &[("artcle-src", &fixture("/articles/niger-us-withdrawal.json")), ("lang", "fr")],
        "",
        "unknown-attribute",
        "L’attribut « artcle-src » est inconnu. Vouliez-vous dire « article-src » ?",
        false,
    )
    .await;
    let console = ConsoleErrors::capture();
    let el = host(&[("artcle-src", "x.json"), ("lang", "en")], "");
    connect(&el).await;
    assert!(console.lines()[0].contains("`artcle-src`"), "{:?}", console.lines());
}

#[wasm_bindgen_test]
async fn bad_attribute_values() {
    expect_error(
        &[("article-src", &fixture("/articles/niger-us-withdrawal.json")), ("lang", "en"), ("theme", "pink")],
        "",
        "bad-attribute",
        "“pink” is not a valid value for “theme” (expected light, dark, auto).",
        false,
    )
    .await;
    expect_error(
        &[("article-src", "javascript:alert(1)"), ("lang", "en")],
        "",
        "bad-attribute",
        "“javascript:alert(1)” is not a valid value for “article-src” (expected an http(s) or relative URL).",
        false,
    )
    .await;
    expect_error(
        &[("article-src", &fixture("/articles/niger-us-withdrawal.json")), ("lang", "de")],
        "",
        "bad-attribute",
        "“de” is not a valid value for “lang” (expected fr, en).",
        false,
    )
    .await;
}

#[wasm_bindgen_test]
async fn not_found() {
    expect_error(
        &[("article-src", &fixture("/status/404")), ("lang", "fr")],
        "",
        "not-found",
        "Cet article est introuvable (erreur 404).",
        false,
    )
    .await;
}

#[wasm_bindgen_test]
async fn server_error_offers_a_retry_that_works() {
    expect_error(
        &[("article-src", &fixture("/status/500")), ("lang", "en")],
        "",
        "http",
        "The server answered with an error (500).",
        true,
    )
    .await;

    // The fixture server fails only the first request for a key: make one per run.
    let flaky = fixture(&format!("/flaky/retry-{}", js_sys::Date::now()));
    let el = host(&[("article-src", &flaky), ("lang", "fr")], "");
    let shadow = connect(&el).await;
    assert_eq!(text(&shadow, ".aw-error-message"), "Le serveur a répondu par une erreur (503).");
    let button = find(&shadow, ".aw-error button");
    assert_eq!(button.text_content().as_deref(), Some("Réessayer"));
    button.dyn_into::<HtmlElement>().unwrap().click();
    for _ in 0..400 {
        if exists(&shadow, ".aw-article") {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    assert_eq!(text(&shadow, "h1"), "Les Etats-Unis acceptent de retirer leurs militaires du Niger");
}

#[wasm_bindgen_test]
async fn slow_server_times_out() {
    let el = host(&[("lang", "fr")], "");
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"articleSrc".into(), &fixture("/slow?ms=3000").into()).unwrap();
    js_sys::Reflect::set(&options, &"timeoutMs".into(), &300.into()).unwrap();
    article_widget::mount(el.clone(), options.into());
    let shadow = settled(&el).await;
    assert_eq!(find(&shadow, ".aw-error").get_attribute("data-code").as_deref(), Some("timeout"));
    assert_eq!(text(&shadow, ".aw-error-message"), "Le serveur n’a pas répondu en 1 seconde.");
    assert!(exists(&shadow, ".aw-error button"));
}

#[wasm_bindgen_test]
async fn unreachable_server() {
    // Port 9 (discard) has no HTTP server on the test machine.
    expect_error(
        &[("article-src", "http://127.0.0.1:9/article.json"), ("lang", "en")],
        "",
        "network",
        "The server could not be reached. Check your connection.",
        true,
    )
    .await;
}

#[wasm_bindgen_test]
async fn unreadable_or_incomplete_data() {
    expect_error(
        &[("article-src", &fixture("/malformed")), ("lang", "fr")],
        "",
        "bad-json",
        "Les données de l’article sont illisibles.",
        false,
    )
    .await;
    expect_error(
        &[("article-src", &fixture("/html")), ("lang", "en")],
        "",
        "bad-json",
        "The article data could not be read.",
        false,
    )
    .await;
    expect_error(
        &[("article-src", &fixture("/incomplete")), ("lang", "fr")],
        "",
        "incomplete",
        "Les données de l’article sont incomplètes.",
        false,
    )
    .await;
    expect_error(
        &[("lang", "en")],
        r#"<script type="application/json">{"id": oops}</script>"#,
        "bad-json",
        "The article data could not be read.",
        false,
    )
    .await;
    expect_error(&[("lang", "en")], r#"<script type="application/json">{"id":"a","title":" ","published_at":"2024-01-01","body":[{"type":"paragraph","text":"x"}]}</script>"#,
        "incomplete", "The article data is incomplete.", false).await;
}

#[wasm_bindgen_test]
async fn error_box_shows_the_hosts_fallback_link() {
    let el = host(
        &[("article-src", &fixture("/status/404")), ("lang", "fr")],
        r#"<a href="https://publisher.example/a">Lire l’article</a>"#,
    );
    let shadow = connect(&el).await;
    assert!(text(&shadow, ".aw-fallback").starts_with("Vous pouvez le lire sur le site de l’éditeur"));
    assert!(exists(&shadow, ".aw-fallback slot"));
}

#[wasm_bindgen_test]
async fn hostile_strings_stay_text() {
    let el = host(&[("article-src", &fixture("/articles/hostile.json")), ("lang", "fr")], "");
    el.set_attribute("style", "display:block;width:480px").unwrap();
    let shadow = connect(&el).await;

    assert!(text(&shadow, "h1").contains("<script>alert(1)</script>"));
    assert!(text(&shadow, "h1").contains("<img src=x onerror=alert(1)>"));
    assert!(text(&shadow, ".aw-lead").contains("<svg/onload=alert(5)>"));
    assert!(text(&shadow, ".aw-signature").contains("<script>alert(6)</script>"));
    for tag in ["script", "svg", "iframe", "[onerror]", "[onload]"] {
        assert!(!exists(&shadow, tag), "a `{tag}` element was created");
    }
    for link in all(&shadow, "[href], [src]") {
        let url = link.get_attribute("href").or_else(|| link.get_attribute("src")).unwrap();
        assert!(url.starts_with("http://") || url.starts_with("https://"), "unsafe URL kept: {url}");
    }
    // The javascript: crumbs keep their label, without a link.
    assert!(all(&shadow, "nav.aw-crumbs li").len() >= 2);
    // No canonical link: its URL was javascript:.
    assert!(!exists(&shadow, ".aw-canonical"));

    // The 10 000-letter word wraps inside the widget instead of widening it.
    let root = find(&shadow, ".aw").dyn_into::<HtmlElement>().unwrap();
    assert!(root.scroll_width() <= 480, "widget is {} px wide", root.scroll_width());
    // Right-to-left text is laid out by its own direction.
    assert!(all(&shadow, ".aw-body > p").iter().all(|p| p.get_attribute("dir").as_deref() == Some("auto")));
}

#[wasm_bindgen_test]
async fn an_unrelated_unknown_attribute_is_named_in_the_console_and_ignored() {
    let console = ConsoleErrors::capture();
    let el = host(
        &[
            ("article-src", &fixture("/articles/niger-us-withdrawal.json")),
            ("lang", "fr"),
            ("itemprop", "article"),
            ("cms-block-id", "42"),
        ],
        "",
    );
    let shadow = connect(&el).await;
    assert!(exists(&shadow, ".aw-article"), "the article still shows");
    let lines = console.lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("`cms-block-id`"), "{lines:?}");
}

#[wasm_bindgen_test]
async fn comment_settings_never_cost_the_article() {
    // Comments closed in the CMS template: an empty endpoint means no section.
    let console = ConsoleErrors::capture();
    let closed =
        host(&[("article-src", &fixture("/articles/niger-us-withdrawal.json")), ("comments-endpoint", "")], "");
    let shadow = connect(&closed).await;
    assert!(exists(&shadow, ".aw-article"));
    assert!(!exists(&shadow, ".aw-comments"));
    assert!(console.lines().is_empty(), "{:?}", console.lines());

    // A bad comment setting: the article shows, the section says why it cannot.
    let bad = host(
        &[
            ("article-src", &fixture("/articles/niger-us-withdrawal.json")),
            ("lang", "fr"),
            ("comments-endpoint", &fixture("/comments/x")),
            ("comments-credentials", "includes"),
        ],
        "",
    );
    let shadow = connect(&bad).await;
    assert!(exists(&shadow, ".aw-article"));
    assert_eq!(text(&shadow, ".aw-comments .aw-list-error"),
        "Les commentaires sont indisponibles. La valeur « includes » ne convient pas à « comments-credentials » (attendu : omit, same-origin, include).");
    assert!(!exists(&shadow, ".aw-form"));
    assert!(console.lines().iter().any(|l| l.contains("comments-credentials")), "{:?}", console.lines());
}

#[wasm_bindgen_test]
async fn an_address_fetch_refuses_is_a_bad_attribute_not_a_network_error() {
    expect_error(&[("article-src", "http://user:secret@127.0.0.1:8787/articles/niger-us-withdrawal.json"), ("lang", "en")], "",
        "bad-attribute",
        "“http://user:secret@127.0.0.1:8787/articles/niger-us-withdrawal.json” is not a valid value for “article-src” (expected a URL the browser can request).",
        false).await;
}
