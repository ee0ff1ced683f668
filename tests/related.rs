//! The related-stories sidebar in a real browser, fed over real HTTP by the
//! fixture server: what it shows, link safety, lazy images, limit, the click
//! event, and its error and empty states; and feeds as publishers write
//! them (pictures where each kind of publisher puts them, links under
//! `xml:base` and in `a10:link`, character sets other than UTF-8, posts
//! without titles, a web page given instead of a feed).

mod support;

use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &str = "/articles/niger-us-withdrawal.json";

async fn sidebar(feed: &str, extra: &[(&str, &str)]) -> (web_sys::Element, web_sys::ShadowRoot) {
    let mut attributes =
        vec![("article-src", fixture(SEED)), ("lang", "fr".to_owned()), ("related-src", fixture(feed))];
    attributes.extend(extra.iter().map(|(n, v)| (*n, v.to_string())));
    let pairs: Vec<(&str, &str)> = attributes.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let el = host(&pairs, "");
    let shadow = connect(&el).await;
    reveal(&shadow, ".aw-related-placeholder");
    until(&shadow, "the sidebar to settle", || {
        exists(&shadow, ".aw-related-link")
            || exists(&shadow, ".aw-related-error")
            || (!exists(&shadow, ".aw-related-placeholder")
                && !exists(&shadow, ".aw-related")
                && !exists(&shadow, "[aria-busy]"))
    })
    .await;
    (el, shadow)
}

#[wasm_bindgen_test]
async fn ranks_the_demo_feed_and_draws_the_stories() {
    let (_el, shadow) = sidebar("/feeds/related.xml", &[]).await;
    let aside = find(&shadow, "aside.aw-related");
    assert_eq!(aside.get_attribute("aria-labelledby").as_deref(), Some("aw-related-title"));
    assert_eq!(text(&shadow, "#aw-related-title"), "Articles liés");
    let links = all(&shadow, ".aw-related-link");
    assert_eq!(links.len(), 5, "the default limit");
    let titles: Vec<String> = all(&shadow, ".aw-related-title").iter().map(|t| t.text_content().unwrap()).collect();
    assert!(titles.iter().all(|t| t != "Les Etats-Unis acceptent de retirer leurs militaires du Niger"), "{titles:?}");
    for link in &links {
        assert!(link.get_attribute("href").unwrap().starts_with("https://"), "only http(s) links");
    }
    // Dates in the widget's language, categories shown.
    assert!(all(&shadow, ".aw-related-text time").iter().any(|t| t.text_content().unwrap().contains("avril 2024")));
    // Thumbnails: lazy, sized, resolved against the feed's URL.
    for img in all(&shadow, ".aw-related-thumb") {
        assert_eq!(img.get_attribute("loading").as_deref(), Some("lazy"));
        assert_eq!(
            (img.get_attribute("width").as_deref(), img.get_attribute("height").as_deref()),
            (Some("96"), Some("64"))
        );
        assert!(img.get_attribute("src").unwrap().starts_with(&fixture("/img/related-")));
    }
}

#[wasm_bindgen_test]
async fn limit_order_and_campaign() {
    let (_el, shadow) = sidebar(
        "/feeds/related.json",
        &[
            ("related-limit", "3"),
            ("related-order", "date"),
            ("related-campaign", "utm_source=partenaire&utm_medium=widget"),
        ],
    )
    .await;
    let links = all(&shadow, ".aw-related-link");
    assert_eq!(links.len(), 3);
    let dates: Vec<String> =
        all(&shadow, ".aw-related-text time").iter().map(|t| t.get_attribute("datetime").unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    assert!(links[0].get_attribute("href").unwrap().contains("utm_source=partenaire&utm_medium=widget"));
}

#[wasm_bindgen_test]
async fn unsafe_links_are_dropped() {
    let (_el, shadow) = sidebar("/feeds/wordpress.xml", &[]).await;
    let hrefs: Vec<String> =
        all(&shadow, ".aw-related-link").iter().map(|a| a.get_attribute("href").unwrap()).collect();
    assert_eq!(hrefs.len(), 2, "{hrefs:?}");
    assert_eq!(hrefs[0], "https://journaldufleuve.example/2024/04/crue-du-fleuve-podor/");
    // A relative link resolves against the feed's own address.
    assert_eq!(hrefs[1], fixture("/2024/04/story-3/"));
}

#[wasm_bindgen_test]
async fn a_click_tells_the_host_which_story_and_the_host_may_take_over() {
    let (el, shadow) = sidebar("/feeds/related.json", &[]).await;
    let clicks = Events::listen(&el, "related-click");
    // The host handles navigation itself (so the test page stays put).
    let cancel =
        wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| e.prevent_default());
    el.add_event_listener_with_callback("article-widget:related-click", cancel.as_ref().unchecked_ref()).unwrap();
    let second = all(&shadow, ".aw-related-link")[1].clone();
    let href = second.get_attribute("href").unwrap();
    second.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    assert_eq!(clicks.count(), 1);
    assert_eq!(clicks.last("url").as_deref(), Some(href.as_str()));
    assert!(clicks.last("id").is_some_and(|id| !id.is_empty()));
    let detail = Events::last_value(&clicks, "position");
    assert_eq!(detail, JsValue::from(2));
    assert!(!web_sys::window().unwrap().location().href().unwrap().contains("apanews.example"));
}

#[wasm_bindgen_test]
async fn a_broken_feed_gives_the_sidebar_its_own_error_and_the_article_stays() {
    let console = ConsoleErrors::capture();
    let (_el, shadow) = sidebar("/feeds/broken.xml", &[]).await;
    assert!(exists(&shadow, ".aw-article"));
    assert_eq!(text(&shadow, ".aw-related-error p"), "Les articles liés sont indisponibles.");
    assert!(!exists(&shadow, ".aw-related-error button"), "retrying cannot fix a broken feed");
    assert!(console.lines().iter().any(|l| l.contains("related") && l.contains("broken.xml")), "{:?}", console.lines());

    let (_el, shadow) = sidebar("/status/503", &[]).await;
    assert!(exists(&shadow, ".aw-related-error button"), "a server error may pass");
    let (_el, shadow) = sidebar("/feeds/not-a-feed.html", &[]).await;
    assert!(exists(&shadow, ".aw-related-error"));
}

/// The sidebar's error as the reader meets it: under the sidebar's heading,
/// a status with the message (and why), the same structure whatever failed.
fn sidebar_error(shadow: &web_sys::ShadowRoot) -> String {
    assert_eq!(text(shadow, "aside.aw-related > h2#aw-related-title"), "Articles liés");
    text(shadow, "aside.aw-related > div.aw-related-error[role=status] > p")
}

#[wasm_bindgen_test]
async fn a_bad_setting_and_a_failed_feed_show_one_sidebar_error_and_its_button_tries_again() {
    // A bad setting: the same markup, with why, and no button (retrying cannot fix it).
    let (_el, shadow) = sidebar("/feeds/related.xml", &[("related-limit", "lots")]).await;
    assert!(exists(&shadow, ".aw-article"));
    let said = sidebar_error(&shadow);
    assert!(said.starts_with("Les articles liés sont indisponibles. "), "{said}");
    assert!(said.contains("related-limit"), "{said}");
    assert!(!exists(&shadow, ".aw-related-error button"), "retrying cannot fix a setting");

    // A server error may pass: the button (caught by delegation) asks again;
    // the second answer is an article, not a feed, which no retry can fix.
    // (A key of its own: the fixture server remembers the keys it has seen.)
    let flaky = format!("/flaky/related-retry-{}", js_sys::Math::random());
    let (_el, shadow) = sidebar(&flaky, &[]).await;
    assert_eq!(sidebar_error(&shadow), "Les articles liés sont indisponibles.");
    click(&shadow, ".aw-related-error button[data-aw-retry]").await;
    until(&shadow, "the second answer", || {
        exists(&shadow, ".aw-related-error") && !exists(&shadow, ".aw-related-error button")
    })
    .await;
    assert!(sidebar_error(&shadow).starts_with("Les articles liés sont indisponibles."));
}

fn titles(shadow: &web_sys::ShadowRoot) -> Vec<String> {
    all(shadow, ".aw-related-title").iter().map(|t| t.text_content().unwrap()).collect()
}

#[wasm_bindgen_test]
async fn thumbnails_from_media_rss_inside_atom_are_drawn() {
    // A video platform's shape: media:thumbnail in media:group, and nested in its media:content.
    let (_el, shadow) = sidebar("/feeds/video-thumbnails.xml", &[("related-order", "as-is")]).await;
    let thumbs: Vec<web_sys::HtmlImageElement> =
        all(&shadow, ".aw-related-thumb").into_iter().map(|t| t.dyn_into().unwrap()).collect();
    let sources: Vec<String> = thumbs.iter().map(|t| t.get_attribute("src").unwrap()).collect();
    assert_eq!(sources, [fixture("/img/related-2.svg"), fixture("/img/related-5.svg")]);
    // Lazy images load near the viewport; other tests scroll the page too.
    until(&shadow, "the thumbnails to be drawn", || {
        thumbs[0].scroll_into_view();
        thumbs.iter().all(|t| t.complete() && t.natural_width() > 0)
    })
    .await;
    for thumb in &thumbs {
        assert_eq!(thumb.alt(), "", "decorative: the video's description is not the picture's");
    }
}

/// Each story's link and picture, in the sidebar's order.
fn links_and_pictures(shadow: &web_sys::ShadowRoot) -> Vec<(String, Option<String>)> {
    all(shadow, ".aw-related-link")
        .iter()
        .map(|link| {
            let picture = link.query_selector(".aw-related-thumb").unwrap().and_then(|img| img.get_attribute("src"));
            (link.get_attribute("href").unwrap(), picture)
        })
        .collect()
}

#[wasm_bindgen_test]
async fn pictures_and_links_where_each_publisher_puts_them() {
    let pictures = |feed: &'static str| async move {
        let (_el, shadow) = sidebar(feed, &[("related-order", "as-is")]).await;
        links_and_pictures(&shadow).into_iter().map(|(_, picture)| picture).collect::<Vec<_>>()
    };
    // A British daily: media:content with neither type nor medium, in two widths.
    let daily = pictures("/feeds/british-daily.xml").await;
    assert_eq!(daily.len(), 3, "{daily:?}");
    assert!(daily[..2].iter().all(|p| p.as_deref().is_some_and(|p| p.contains("width=460"))), "{daily:?}");
    assert_eq!(daily[2], None, "an mp3 is no picture");
    // A podcast: the episode's itunes:image, else the show's.
    assert_eq!(
        pictures("/feeds/podcast.xml").await,
        [
            Some("https://img.podhost.example/episodes/112/square-3000.jpg".to_owned()),
            Some("https://img.podhost.example/shows/sahel-hebdo/cover-3000.jpg".to_owned()),
        ]
    );
    // WordPress: the first real picture of content:encoded, with its alt text.
    let (_el, shadow) = sidebar("/feeds/wordpress-images.xml", &[("related-order", "as-is")]).await;
    assert_eq!(
        links_and_pictures(&shadow).into_iter().map(|(_, picture)| picture).collect::<Vec<_>>(),
        [
            Some("https://zinderinfo.example/wp-content/uploads/2024/04/palais-sultan-1024x683.jpg".to_owned()),
            Some("https://zinderinfo.example/wp-content/uploads/2024/04/marche-1.jpg".to_owned()),
            None,
        ]
    );
    assert_eq!(
        all(&shadow, ".aw-related-thumb")[0].get_attribute("alt").as_deref(),
        Some("La cour du palais du sultan de Zinder")
    );

    // Links and pictures resolved against xml:base.
    let (_el, shadow) = sidebar("/feeds/xml-base.xml", &[("related-order", "as-is")]).await;
    assert_eq!(
        links_and_pictures(&shadow),
        [
            (
                "https://journal.example.org/blog/2024/04/agadez-after-the-base.html".to_owned(),
                Some("https://media.journal.example.org/2024/agadez/runway.jpg".to_owned())
            ),
            (
                "https://mirror.example.net/notes/zinder".to_owned(),
                Some("https://journal.example.org/img/zinder.png".to_owned())
            ),
            (
                "https://journal.example.org/blog/2024/03/relative/".to_owned(),
                Some("https://journal.example.org/blog/cover.jpg".to_owned())
            ),
        ]
    );
    // Items linked only by .NET's a10:link are kept (the second one's is
    // relative: it resolves against the feed's own address).
    let (_el, shadow) = sidebar("/feeds/dotnet-a10.xml", &[("related-order", "as-is")]).await;
    let links: Vec<String> = links_and_pictures(&shadow).into_iter().map(|(link, _)| link).collect();
    assert_eq!(
        links,
        [
            "https://mfa.example.gov/en/press/2024/04/joint-statement-niger".to_owned(),
            fixture("/en/press/2024/04/sahel-aid")
        ]
    );
}

#[wasm_bindgen_test]
async fn feeds_in_other_character_sets_are_readable() {
    for (feed, title) in [
        // Declared by the header and the XML declaration.
        ("/feeds/latin1.xml", "Niger: Porträt für eine Stadt im Wandel"),
        // By the header only.
        ("/feeds/cyrillic.xml", "США выведут войска из Нигера"),
        // By the XML declaration only.
        ("/feeds/gb2312.xml", "美国同意从尼日尔撤军"),
    ] {
        let (_el, shadow) = sidebar(feed, &[("related-order", "as-is")]).await;
        let shown = titles(&shadow);
        assert_eq!(shown.first().map(String::as_str), Some(title), "{feed}: {shown:?}");
        assert!(shown.iter().all(|t| !t.contains('\u{fffd}')), "{feed}: {shown:?}");
    }
    // Plain text with angle brackets keeps them.
    let (_el, shadow) = sidebar("/feeds/latin1.xml", &[("related-order", "as-is")]).await;
    assert_eq!(titles(&shadow)[1], "Die Rückkehr von <i> und <b>: Wie ein Browser-Bug zurückkam");
}

#[wasm_bindgen_test]
async fn a_mastodon_account_feed_gives_stories() {
    let (_el, shadow) = sidebar("/feeds/mastodon.xml", &[("related-order", "date")]).await;
    assert_eq!(
        titles(&shadow),
        [
            "The last US drones left Air Base 201 in Agadez this morning",
            "@desk Yes! Thread below on what the withdrawal agreement actually says, with the full…",
            "CW: injuries. Photos from the clinic in Tillabéri after the attack",
        ]
    );
    let thumbs = all(&shadow, ".aw-related-thumb");
    assert_eq!(thumbs.len(), 1, "the picture rated adult is not shown");
    assert_eq!(
        thumbs[0].get_attribute("alt").as_deref(),
        Some("An empty runway under a white sky, two hangars on the left.")
    );
}

#[wasm_bindgen_test]
async fn a_web_page_is_followed_to_the_feed_it_announces_or_explained() {
    let warnings = ConsoleErrors::capture_level("warn");
    let (_el, shadow) = sidebar("/feeds/page-with-feed.html", &[]).await;
    assert_eq!(all(&shadow, ".aw-related-link").len(), 5, "the stories of the feed the page announces");
    let feed = fixture("/feeds/related.xml");
    assert!(
        warnings.lines().iter().any(|l| l.contains("page-with-feed.html is a web page") && l.contains(&feed)),
        "the console names the feed to use: {:?}",
        warnings.lines()
    );

    let (_el, shadow) = sidebar("/feeds/not-a-feed.html", &[]).await;
    assert_eq!(
        text(&shadow, ".aw-related-error p"),
        "Les articles liés sont indisponibles. Leur adresse mène à une page web, pas à un flux."
    );
    assert!(!exists(&shadow, ".aw-related-error button"), "retrying cannot make a page a feed");
}

#[wasm_bindgen_test]
async fn an_empty_feed_hides_the_sidebar() {
    let el = host(&[("article-src", &fixture(SEED))], "");
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"related".into(), &js_sys::Array::new()).unwrap();
    article_widget::mount(el.clone(), options.into());
    let shadow = settled(&el).await;
    reveal(&shadow, ".aw-related-placeholder");
    until(&shadow, "the placeholder to go", || !exists(&shadow, ".aw-related-placeholder")).await;
    assert!(!exists(&shadow, ".aw-related"));
    assert!(find(&shadow, ".aw-side").inner_html().is_empty());
}

#[wasm_bindgen_test]
async fn inline_stories_need_no_request() {
    let el = host(&[("article-src", &fixture(SEED)), ("lang", "en")], "");
    let options = js_sys::Object::new();
    let stories = js_sys::JSON::parse(
        r#"[{"id":"a","title":"Drones leave Agadez base in Niger","url":"https://x.example/a"},
        {"id":"b","title":"Cup final tonight","url":"https://x.example/b"}]"#,
    )
    .unwrap();
    js_sys::Reflect::set(&options, &"related".into(), &stories).unwrap();
    article_widget::mount(el.clone(), options.into());
    let shadow = settled(&el).await;
    reveal(&shadow, ".aw-related-placeholder");
    until(&shadow, "the sidebar", || exists(&shadow, "#aw-related-title")).await;
    assert_eq!(text(&shadow, "#aw-related-title"), "Related stories");
    assert_eq!(all(&shadow, ".aw-related-link").len(), 2);
}

#[wasm_bindgen_test]
async fn inline_stories_of_no_known_shape_give_the_sidebar_its_error_and_the_console_the_detail() {
    let console = ConsoleErrors::capture();
    let el = host(&[("article-src", &fixture(SEED)), ("lang", "en")], "");
    let options = js_sys::Object::new();
    let nonsense = js_sys::JSON::parse(r#"{"stories":"not a list"}"#).unwrap();
    js_sys::Reflect::set(&options, &"related".into(), &nonsense).unwrap();
    article_widget::mount(el.clone(), options.into());
    let shadow = settled(&el).await;
    reveal(&shadow, ".aw-related-placeholder");
    until(&shadow, "the sidebar's error", || exists(&shadow, ".aw-related-error")).await;
    let lines = console.lines();
    drop(console);
    assert!(exists(&shadow, ".aw-article"), "the article stays");
    assert_eq!(
        text(&shadow, ".aw-related-error p"),
        "Related stories are unavailable. The configuration given to ArticleWidget.mount is not valid."
    );
    assert!(!exists(&shadow, ".aw-related-error button"), "retrying cannot fix the option");
    assert!(lines.iter().any(|l| l.contains("option `related`")), "{lines:?}");
}

#[wasm_bindgen_test]
async fn far_from_the_viewport_nothing_loads_until_the_reader_comes_near() {
    // Far below anything on the test page.
    let el = host(
        &[
            ("article-src", &fixture(SEED)),
            ("related-src", &fixture("/feeds/related.json")),
            ("comments-endpoint", &fixture("/comments/lazy")),
            ("style", "display:block;margin-top:20000px"),
        ],
        "",
    );
    let shadow = connect(&el).await;
    web_sys::window().unwrap().scroll_to_with_x_and_y(0.0, 0.0);
    gloo_timers::future::TimeoutFuture::new(400).await;
    assert!(exists(&shadow, ".aw-related-placeholder") && exists(&shadow, ".aw-comments-placeholder"));
    // The comment section's place holds only the form drawn ahead of its code.
    assert!(exists(&shadow, ".aw-comments-placeholder [data-aw-ahead] .aw-form"));
    assert!(
        !exists(&shadow, ".aw-related") && !exists(&shadow, ".aw-comments:not([data-aw-ahead])"),
        "nothing fetched yet"
    );

    reveal(&shadow, ".aw-related-placeholder");
    until(&shadow, "the sidebar", || exists(&shadow, ".aw-related-link")).await;
    reveal(&shadow, ".aw-comments-placeholder");
    until(&shadow, "the comments", || exists(&shadow, ".aw-comments .aw-empty")).await;
}

#[wasm_bindgen_test]
async fn loading_eager_loads_at_once_wherever_the_widget_is() {
    let el = host(
        &[
            ("article-src", &fixture(SEED)),
            ("related-src", &fixture("/feeds/related.json")),
            ("comments-endpoint", &fixture("/comments/eager")),
            ("loading", "eager"),
            ("style", "display:block;margin-top:20000px"),
        ],
        "",
    );
    let shadow = connect(&el).await;
    web_sys::window().unwrap().scroll_to_with_x_and_y(0.0, 0.0);
    until(&shadow, "the sidebar", || exists(&shadow, ".aw-related-link")).await;
    until(&shadow, "the comments", || exists(&shadow, ".aw-comments .aw-empty")).await;
}
