//! Feeds in the shapes real publishers give them (tests/fixtures/feeds):
//! where each puts its pictures, which character set it writes in, items
//! without titles, Atom links in RSS, `xml:base`, and web pages given
//! instead of feeds. Each file is decoded the way the reference server
//! decodes one: the label from `feed::charset`, then `encoding_rs`.

use article_widget_core::feed::{self, charset, FeedError, Kind, Story};

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../tests/fixtures/feeds/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The file's text, decoded with the character set its bytes and
/// `content_type` declare.
fn decode(name: &str, content_type: Option<&str>) -> String {
    let bytes = bytes(name);
    let label = charset::label(&bytes[..bytes.len().min(charset::SNIFF_LEN)], content_type);
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap_or(encoding_rs::UTF_8);
    encoding.decode(&bytes).0.into_owned()
}

fn stories(name: &str, base: &str) -> Vec<Story> {
    feed::from_xml(&decode(name, None), base).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn images(stories: &[Story]) -> Vec<Option<&str>> {
    stories.iter().map(|s| s.image.as_deref()).collect()
}

#[test]
fn british_daily_media_content_without_type_picks_the_size_that_fits() {
    let stories = stories("british-daily.xml", "https://www.dailyledger.example/world/rss");
    assert_eq!(stories.len(), 3);
    let first = stories[0].image.as_deref().unwrap();
    // 140 and 460 px wide are offered: 460 is the narrowest sharp at 96 px on a 2× screen.
    assert!(
        first.starts_with("https://i.ledgercdn.example/img/media/3f1e0a7c5d2b/")
            && first.contains("width=460&quality=85")
    );
    assert!(stories[1].image.as_deref().unwrap().contains("width=460"));
    assert_eq!(stories[2].image, None, "an mp3 without a type is no picture");
    assert_eq!(stories[0].image_alt, None, "a credit is not a description");
    assert_eq!(stories[0].category.as_deref(), Some("Niger"));
    assert_eq!(stories[0].published_at.as_ref().unwrap().as_str(), "2024-04-19T21:02:34+00:00");
}

#[test]
fn video_platform_atom_with_media_group() {
    let stories = stories("video-channel.xml", "https://www.videos.example/feeds/videos.xml");
    assert_eq!(
        images(&stories),
        [
            Some("https://i1.vidimg.example/vi/Qm7sV2bXw1E/hqdefault.jpg"),
            // Nested in the group's media:content.
            Some("https://i4.vidimg.example/vi/Zp0aK9cLm3Q/hqdefault.jpg"),
        ]
    );
    assert_eq!(stories[0].url, "https://www.videos.example/watch?v=Qm7sV2bXw1E");
    assert_eq!(stories[0].image_alt, None, "the video's description does not describe its thumbnail");
    assert_eq!(stories[0].published_at.as_ref().unwrap().as_str(), "2024-04-20T16:00:09+00:00");
}

#[test]
fn blogger_thumbnail_and_content_picture() {
    let stories = stories("blogger.xml", "https://carnetsniger.blogspot.example/feeds/posts/default");
    assert_eq!(stories.len(), 2);
    assert_eq!(
        stories[0].url, "https://carnetsniger.blogspot.example/2024/04/le-pont-kennedy.html",
        "rel=alternate, not replies"
    );
    assert_eq!(
        stories[0].image.as_deref(),
        Some("https://blogger.googleusercontent.example/img/b/R29vZ2xl/AVvXsEh1/s72-c/pont.jpg"),
        "media:thumbnail (declared on itself) comes first"
    );
    assert_eq!(stories[1].image, None, "the author's avatar is not the post's picture");
    assert_eq!(stories[0].category.as_deref(), Some("Niamey"));
}

#[test]
fn reddit_atom_thumbnails() {
    let stories = stories("reddit.xml", "https://www.forum.example/r/Africa/.rss");
    assert_eq!(images(&stories), [Some("https://b.thumbs.forum.example/Pq1-2XyZ.jpg"), None]);
    assert_eq!(stories[1].title, "Border crossings between Mali & Niger?");
    assert_eq!(stories[0].category.as_deref(), Some("r/Africa"));
}

#[test]
fn mastodon_posts_get_titles_from_their_text() {
    let stories = stories("mastodon.xml", "https://social.example/@aissata.rss");
    let titles: Vec<&str> = stories.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "The last US drones left Air Base 201 in Agadez this morning",
            "@desk Yes! Thread below on what the withdrawal agreement actually says, with the full…",
            "CW: injuries. Photos from the clinic in Tillabéri after the attack",
        ],
        "a post with neither title nor text is dropped"
    );
    assert_eq!(
        stories[0].image.as_deref(),
        Some("https://files.social.example/media_attachments/files/112/309/876/original/a1b2c3d4e5f6.jpg")
    );
    assert_eq!(stories[0].image_alt.as_deref(), Some("An empty runway under a white sky, two hangars on the left."));
    assert_eq!(stories[2].image, None, "media rated adult is not shown");
    assert!(stories[0].excerpt.as_deref().unwrap().ends_with("#Niger #Sahel"), "{:?}", stories[0].excerpt);
    assert_eq!(stories[0].id, "https://social.example/@aissata/112309876543210987");
}

#[test]
fn podcast_itunes_image_item_then_channel() {
    let stories = stories("podcast.xml", "https://feeds.podhost.example/sahel-hebdo.rss");
    assert_eq!(
        images(&stories),
        [
            Some("https://img.podhost.example/episodes/112/square-3000.jpg"),
            Some("https://img.podhost.example/shows/sahel-hebdo/cover-3000.jpg"),
        ],
        "audio enclosures are not pictures"
    );
}

#[test]
fn wordpress_pictures_only_in_the_content() {
    let stories = stories("wordpress-images.xml", "https://zinderinfo.example/feed/");
    assert_eq!(
        images(&stories),
        [
            Some("https://zinderinfo.example/wp-content/uploads/2024/04/palais-sultan-1024x683.jpg"),
            Some("https://zinderinfo.example/wp-content/uploads/2024/04/marche-1.jpg"),
            None,
        ],
        "counter pixel and emoji skipped, lazy-loaded address used"
    );
    assert_eq!(stories[0].image_alt.as_deref(), Some("La cour du palais du sultan de Zinder"));
}

#[test]
fn non_utf8_feeds_read_in_their_character_set() {
    // ISO-8859-1, declared in the header and the XML declaration.
    let latin = decode("latin1.xml", Some("application/rss+xml; charset=ISO-8859-1"));
    let stories = feed::from_xml(&latin, "https://www.rheinische-nachrichten.example/ausland/index~rss2.xml").unwrap();
    assert_eq!(stories[0].title, "Niger: Porträt für eine Stadt im Wandel");
    assert!(stories[0].excerpt.as_deref().unwrap().contains("Soldaten – über Grenzen, Gräben und größere Träume"));
    // Plain text with angle brackets keeps them.
    assert_eq!(stories[1].title, "Die Rückkehr von <i> und <b>: Wie ein Browser-Bug zurückkam");
    // Only the XML declaration says it: the same text.
    assert_eq!(decode("latin1.xml", None), latin);

    // windows-1251, said only by the header (the declaration names no encoding).
    let cyrillic = decode("cyrillic.xml", Some("text/xml; charset=windows-1251"));
    let stories = feed::from_xml(&cyrillic, "https://novosti.example/world/rss.xml").unwrap();
    assert_eq!(stories[0].title, "США выведут войска из Нигера");
    assert_eq!(stories[0].category.as_deref(), Some("В мире"));

    // GB2312, said only by the declaration; the title-less item gets one.
    let stories =
        feed::from_xml(&decode("gb2312.xml", Some("application/rss+xml")), "http://world.xinwen.example/rss.xml")
            .unwrap();
    assert_eq!(stories[0].title, "美国同意从尼日尔撤军");
    assert_eq!(stories[1].title, "萨赫勒地区遭遇严重干旱。联合国呼吁国际社会提供援助。");
    assert_eq!(stories[1].id, "http://world.xinwen.example/2024-04/19/c_1130110000.htm");
}

#[test]
fn xml_base_for_links_and_pictures() {
    let stories = stories("xml-base.xml", "https://feeds.example.org/journal.atom");
    let urls: Vec<&str> = stories.iter().map(|s| s.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://journal.example.org/blog/2024/04/agadez-after-the-base.html",
            "https://mirror.example.net/notes/zinder",
            "https://journal.example.org/blog/2024/03/relative/",
        ]
    );
    assert_eq!(
        images(&stories),
        [
            // The content's own xml:base.
            Some("https://media.journal.example.org/2024/agadez/runway.jpg"),
            // The entry's base (the feed's), not the link's.
            Some("https://journal.example.org/img/zinder.png"),
            // The feed's xml:base holds for content too.
            Some("https://journal.example.org/blog/cover.jpg"),
        ]
    );
    assert_eq!(stories[0].image_alt.as_deref(), Some("The runway"));
    assert_eq!(stories[1].title, "Notes from Zinder", "an XHTML title as text");

    let rss = r#"<rss version="2.0" xml:base="https://news.example/fr/"><channel xml:base="actualites/"><title>t</title>
        <item><title>Relative</title><link>2024/04/article.html</link><enclosure url="/img/a.jpg" type="image/jpeg"/></item>
        </channel></rss>"#;
    let stories = feed::from_xml(rss, "https://feeds.example/rss").unwrap();
    assert_eq!(stories[0].url, "https://news.example/fr/actualites/2024/04/article.html");
    assert_eq!(stories[0].image.as_deref(), Some("https://news.example/img/a.jpg"));

    // Without any xml:base, a relative picture in the HTML was placed for
    // the item's page, not for the feed.
    let rss = r#"<rss version="2.0"><channel><title>t</title><item><title>Story</title>
        <link>https://news.example/2024/04/story/</link>
        <description>&lt;img src="cover.jpg"&gt; Words.</description></item></channel></rss>"#;
    let stories = feed::from_xml(rss, "https://feeds.example/news/rss").unwrap();
    assert_eq!(stories[0].image.as_deref(), Some("https://news.example/2024/04/story/cover.jpg"));
}

#[test]
fn dotnet_a10_links() {
    let stories = stories("dotnet-a10.xml", "https://mfa.example.gov/en/press/rss");
    let urls: Vec<&str> = stories.iter().map(|s| s.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://mfa.example.gov/en/press/2024/04/joint-statement-niger",
            "https://mfa.example.gov/en/press/2024/04/sahel-aid"
        ]
    );
    assert_eq!(stories[0].published_at.as_ref().unwrap().as_str(), "2024-04-20T16:00:00+02:00", "a10:updated");
    assert_eq!(stories[0].id, "8f2c7d9e-4b1a-4c3e-9d2f-0a1b2c3d4e5f");
}

#[test]
fn a_web_page_is_named_so_with_the_feed_it_announces() {
    let page = decode("page-with-feed.html", Some("text/html; charset=UTF-8"));
    assert_eq!(feed::detect(&page, Some("text/html; charset=UTF-8")), Some(Kind::Html));
    assert_eq!(feed::detect(&page, None), Some(Kind::Html), "known by its doctype");
    let error = feed::web_page(&page, "https://sahel.example/feeds/page-with-feed.html");
    assert_eq!(error, FeedError::WebPage { feed: Some("https://sahel.example/feeds/related.xml".into()) });
    assert_eq!(
        error.to_string(),
        "a web page, not a feed; the feed it announces is https://sahel.example/feeds/related.xml"
    );

    let not_found = decode("not-a-feed.html", None);
    assert_eq!(feed::detect(&not_found, Some("text/html")), Some(Kind::Html));
    assert_eq!(feed::web_page(&not_found, "https://x.example/"), FeedError::WebPage { feed: None });
    // Given to the XML reader all the same (an XHTML page), it says the same.
    let xhtml = r#"<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><link rel="alternate" type="application/atom+xml" href="/atom.xml"/></head><body/></html>"#;
    assert_eq!(
        feed::from_xml(xhtml, "https://x.example/page"),
        Err(FeedError::WebPage { feed: Some("https://x.example/atom.xml".into()) })
    );
    // A feed served as text/html is still read as a feed.
    let rss = decode("wordpress.xml", Some("text/html"));
    assert_eq!(feed::detect(&rss, Some("text/html; charset=UTF-8")), Some(Kind::Xml));
}

#[test]
fn truncated_feeds_are_still_refused() {
    for name in ["mastodon.xml", "video-channel.xml", "podcast.xml"] {
        let text = decode(name, None);
        for cut in [text.len() / 3, text.len() / 2, text.len() - 12] {
            let cut = (0..=cut).rev().find(|n| text.is_char_boundary(*n)).unwrap();
            assert!(
                matches!(feed::from_xml(&text[..cut], "https://x.example/"), Err(FeedError::Xml(_))),
                "{name} cut at {cut}"
            );
        }
    }
}

mod edited {
    //! Randomly cut and edited copies of the samples: an answer or an
    //! error, never a panic.
    use super::*;
    use proptest::prelude::*;

    const FILES: [&str; 12] = [
        "british-daily.xml",
        "video-channel.xml",
        "blogger.xml",
        "reddit.xml",
        "mastodon.xml",
        "podcast.xml",
        "wordpress-images.xml",
        "latin1.xml",
        "gb2312.xml",
        "xml-base.xml",
        "dotnet-a10.xml",
        "page-with-feed.html",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn never_panic(
            file in 0..FILES.len(),
            edits in proptest::collection::vec((any::<proptest::sample::Index>(), prop_oneof![
                Just('<'), Just('>'), Just('"'), Just('&'), Just(';'), Just('/'), Just('.'), Just(' '), any::<char>()
            ]), 0..12),
            cut in any::<proptest::sample::Index>(),
        ) {
            let mut text: Vec<char> = decode(FILES[file], None).chars().collect();
            for (at, c) in edits {
                let at = at.index(text.len());
                text[at] = c;
            }
            text.truncate(cut.index(text.len() + 1).max(text.len() / 2));
            let text: String = text.into_iter().collect();
            let _ = charset::label(text.as_bytes(), Some("text/xml; charset=\u{0}"));
            let _ = feed::detect(&text, Some("text/html"));
            let _ = feed::web_page(&text, "https://x.example/a/b");
            let _ = feed::from_xml(&text, "https://x.example/a/b");
        }
    }
}
