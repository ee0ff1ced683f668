//! WordPress's HTML and REST answers read by the widget in a real browser:
//! the HTML of a post (hostile too) into the widget's blocks through the
//! browser's own parser, inert; titles, excerpts and names as text; a post
//! answer (by id or as the list `?slug=` gives) into an article; and a post
//! drawn from the fixture server.

mod support;

use article_widget::{decode, html};
use article_widget_core::{Block, Inline, Span, WidgetError};
use gloo_timers::future::TimeoutFuture;
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn paragraph(text: &str) -> Block {
    Block::Paragraph { text: Inline::from(text) }
}

fn linked(spans: &[(&str, Option<&str>)]) -> Inline {
    Inline(spans.iter().map(|(text, href)| Span { text: (*text).into(), href: href.map(Into::into) }).collect())
}

fn flag() -> JsValue {
    js_sys::Reflect::get(&js_sys::global(), &"__awHostile".into()).unwrap()
}

#[wasm_bindgen_test]
async fn hostile_html_becomes_inert_blocks_and_runs_nothing() {
    let hostile = r#"
        <p>Début.<script>window.__awHostile = 'script'</script> Suite.</p>
        <p><img src="/x.png" onerror="window.__awHostile = 'onerror'" alt="piégée"></p>
        <p><a href="javascript:window.__awHostile='link'">piégé</a>, <a href="JaVaScRiPt&#58;x">encodé</a>,
           <a href=" java&#9;script:x">espacé</a>, <a href="data:text/html,x">data</a>
           et <a href="https://www.apanews.example/" onclick="window.__awHostile='click'">sûr</a>.</p>
        <iframe src="https://evil.example/frame">texte de cadre</iframe>
        <style>.aw { display: none }</style>
        <div onmouseover="x()" style="position:fixed">Texte dans un calque.</div>
        <p>SVG <svg onload="window.__awHostile='svg'"><script>window.__awHostile='svg-script'</script><text>dessin</text></svg>
           et <form action="https://evil.example/"><input value="secret"><button>ok</button></form>.</p>
        <object data="x.swf">objet</object><embed src="x.swf">
        <p>Du texte &lt;script&gt;alert(1)&lt;/script&gt; &amp; &eacute;t&eacute; &#8217; &hellip;</p>
        <base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">
        <template><p>jamais</p></template><noscript><p>Sans script.</p></noscript>
        <p>&nbsp;</p><p>   </p>
        <unknown-element>Inconnu</unknown-element>
        <img src="javascript:alert(1)" alt="source piégée">
    "#;
    let blocks = html::blocks(hostile);
    // Give a handler that could have been scheduled its chance to run.
    TimeoutFuture::new(50).await;
    assert!(flag().is_undefined(), "nothing ran: {:?}", flag());
    assert_eq!(
        blocks,
        vec![
            paragraph("Début. Suite."),
            Block::Image {
                src: "/x.png".into(),
                alt: "piégée".into(),
                caption: None,
                credit: None,
                width: None,
                height: None
            },
            Block::Paragraph {
                text: linked(&[
                    ("piégé, encodé, espacé, data et ", None),
                    ("sûr", Some("https://www.apanews.example/")),
                    (".", None),
                ])
            },
            paragraph("Texte dans un calque."),
            // The parser itself closes the paragraph at `<form>` (a form is
            // no phrasing content); the form is read as the text it holds.
            paragraph("SVG et"),
            paragraph("ok."),
            paragraph("Du texte <script>alert(1)</script> & été ’ …"),
            paragraph("Sans script."),
            paragraph("Inconnu"),
            Block::Image {
                src: String::new(),
                alt: "source piégée".into(),
                caption: None,
                credit: None,
                width: None,
                height: None
            },
        ]
    );
}

#[wasm_bindgen_test]
fn wordpress_blocks_become_the_widget_blocks() {
    let content = r#"
<p>Premier <strong>paragraphe</strong><br>à la ligne,   <em>avec</em>
 des espaces.</p>
<h1>Un</h1><h2>Deux</h2><h3>Trois</h3><h5>Cinq</h5>
<ul><li>un <a href="/relatif">lien</a></li><li>deux<ul><li>deux et demi</li></ul></li><li>  </li></ul>
<ol><li>premier</li></ol>
<blockquote class="wp-block-quote"><p>Une phrase.</p><p>Une autre.</p><cite>Quelqu’un, <a href="https://a.example">ici</a></cite></blockquote>
<figure class="wp-block-image"><a href="https://a.example/grand.jpg"><img src="https://a.example/a.jpg" alt="Un drone" width="800" height="450"></a><figcaption>Base d’Agadez. Photo : APA</figcaption></figure>
<figure class="wp-block-gallery"><figure><img src="b.jpg" alt="b"></figure><figure><img src="c.jpg" alt="c"><figcaption>c</figcaption></figure></figure>
<figure class="wp-block-pullquote"><blockquote><p>Citée.</p></blockquote></figure>
<table><tr><td>Niamey</td><td>45 °C</td></tr></table>
Texte libre en fin.
"#;
    let blocks = html::blocks(content);
    assert_eq!(blocks[0], Block::Paragraph { text: Inline::from("Premier paragraphe\nà la ligne, avec des espaces.") });
    assert_eq!(
        blocks[1..5],
        [
            Block::Heading { text: "Un".into(), level: 2 },
            Block::Heading { text: "Deux".into(), level: 2 },
            Block::Heading { text: "Trois".into(), level: 3 },
            Block::Heading { text: "Cinq".into(), level: 4 },
        ]
    );
    assert_eq!(
        blocks[5],
        Block::List {
            ordered: false,
            items: vec![linked(&[("un ", None), ("lien", Some("/relatif"))]), "deux".into(), "deux et demi".into()]
        }
    );
    assert_eq!(blocks[6], Block::List { ordered: true, items: vec!["premier".into()] });
    assert_eq!(
        blocks[7],
        Block::Quote { text: Inline::from("Une phrase.\nUne autre."), cite: Some("Quelqu’un, ici".into()) }
    );
    assert_eq!(
        blocks[8],
        Block::Image {
            src: "https://a.example/a.jpg".into(),
            alt: "Un drone".into(),
            caption: Some("Base d’Agadez. Photo : APA".into()),
            credit: None,
            width: Some(800),
            height: Some(450),
        }
    );
    assert!(matches!(&blocks[9], Block::Image { src, caption: None, .. } if src == "b.jpg"), "{:?}", blocks[9]);
    assert!(matches!(&blocks[10], Block::Image { src, caption: Some(c), .. } if src == "c.jpg" && c == "c"));
    assert_eq!(blocks[11], Block::Quote { text: Inline::from("Citée."), cite: None });
    assert_eq!(blocks[12], paragraph("Niamey 45 °C"));
    assert_eq!(blocks[13], paragraph("Texte libre en fin."));
    assert_eq!(blocks.len(), 14);
}

#[wasm_bindgen_test]
fn titles_names_and_comments_as_text() {
    assert_eq!(html::text("Les Etats-Unis &#038; le Niger"), "Les Etats-Unis & le Niger");
    // A title is one line: the image that split it leaves a space.
    assert_eq!(
        html::line(
            r#"Piège <img src=x onerror="window.__awHostile='title'"> &#038; « guillemets » <script>window.__awHostile='t'</script>"#
        ),
        "Piège & « guillemets »"
    );
    assert_eq!(html::text("Diallo &amp; Fils"), "Diallo & Fils");
    assert_eq!(html::text("  plain   text  "), "plain text");
    assert_eq!(html::text("<p>Un.</p>\n<p>Deux<br>lignes.</p>"), "Un.\n\nDeux\nlignes.");
    assert_eq!(
        html::text("<p>Un résumé &hellip; <a href=\"javascript:x\">Lire la suite</a></p>"),
        "Un résumé … Lire la suite"
    );
    assert_eq!(html::text(""), "");
    assert!(flag().is_undefined());
}

/// A post as WordPress answers it, with what `_embed` brings.
fn post_json(content: &str) -> String {
    let post = serde_json::json!({
        "id": 4,
        "date_gmt": "2024-04-19T14:05:00",
        "modified_gmt": "2024-04-20T09:00:00",
        "link": "https://news.example/afrique/cooperation/niger/",
        "title": {"rendered": "Les Etats-Unis &#038; le Niger"},
        "excerpt": {"rendered": "<p>Les soldats am&eacute;ricains.</p>\n", "protected": false},
        "content": {"rendered": content, "protected": false},
        "comment_status": "open",
        "categories": [3],
        "tags": [16, 14],
        "article_widget": {"version": "0.1.0", "idempotency_key": true, "thread_depth": 3, "anonymous_comments": true},
        "_links": {"self": [{"href": "https://news.example/wp-json/wp/v2/posts/4"}]},
        "_embedded": {
            "author": [{"id": 2, "name": "R&eacute;daction APA"}],
            "wp:term": [
                [{"id": 3, "name": "D&eacute;fense &amp; s&eacute;curit&eacute;", "taxonomy": "category", "link": "https://news.example/rubrique/securite/"}],
                [{"id": 16, "name": "Niger", "taxonomy": "post_tag", "link": "https://news.example/sujet/niger/"}]
            ],
            "wp:featuredmedia": [{
                "source_url": "https://news.example/up/drone.jpg",
                "alt_text": "Un drone",
                "caption": {"rendered": "<p>Agadez</p>"},
                "media_details": {"width": 1200, "height": 675, "sizes": {
                    "large": {"source_url": "https://news.example/up/drone-1024x576.jpg", "width": 1024, "height": 576}
                }}
            }]
        }
    });
    post.to_string()
}

#[wasm_bindgen_test]
async fn a_post_answer_becomes_an_article_with_its_place_on_the_site() {
    let content = "<p>Les soldats américains.</p><p>Le gouvernement a annoncé.</p>";
    // Answered from somewhere that is not its REST address (a proxy): the
    // site is found from the answer's own link.
    let answered = decode::article_answer(&post_json(content), "https://proxy.example/story/4").await.unwrap();
    let article = &answered.article;
    assert_eq!((article.id.as_str(), article.title.as_str()), ("4", "Les Etats-Unis & le Niger"));
    assert_eq!(article.published_at.as_str(), "2024-04-19T14:05:00Z");
    assert_eq!(article.updated_at.as_ref().map(|t| t.as_str()), Some("2024-04-20T09:00:00Z"));
    assert_eq!(article.author.as_deref(), Some("Rédaction APA"));
    assert_eq!(article.category.as_deref(), Some("Défense & sécurité"));
    assert_eq!(article.lead.as_deref(), Some("Les soldats américains."));
    assert_eq!(
        article.body,
        vec![
            Block::Image {
                src: "https://news.example/up/drone-1024x576.jpg".into(),
                alt: "Un drone".into(),
                caption: Some("Agadez".into()),
                credit: None,
                width: Some(1024),
                height: Some(576),
            },
            paragraph("Le gouvernement a annoncé."),
        ]
    );
    assert_eq!(answered.page.as_deref(), Some("https://news.example/afrique/cooperation/niger/"));
    let site = answered.wordpress.expect("its place on the site");
    assert_eq!(site.rest.comments(site.post), "https://news.example/wp-json/wp/v2/comments?post=4");
    assert_eq!((site.categories.as_slice(), site.tags.as_slice()), (&[3u64][..], &[16u64, 14][..]));
    assert!(site.comments_open && site.support.idempotency_key);
    assert_eq!((site.support.thread_depth, site.support.anonymous_comments), (3, Some(true)));

    // `?slug=` answers a list: its first post, or nothing found.
    let list = format!("[{}]", post_json(content));
    assert_eq!(
        decode::article_answer(&list, "https://news.example/wp-json/wp/v2/posts?slug=niger").await.unwrap().article.id,
        "4"
    );
    assert!(matches!(
        decode::article_answer("[]", "https://news.example/wp-json/wp/v2/posts?slug=x").await,
        Err(WidgetError::NotFound { .. })
    ));
    // Without the plugin's field: WordPress's defaults, no Idempotency-Key.
    let plain = post_json(content).replace("\"article_widget\"", "\"other\"").replace("\"open\"", "\"closed\"");
    let site =
        decode::article_answer(&plain, "https://news.example/wp-json/wp/v2/posts/4").await.unwrap().wordpress.unwrap();
    assert!(!site.support.idempotency_key && !site.comments_open);
    assert_eq!((site.support.thread_depth, site.support.anonymous_comments), (5, None));
    // A protected post, or one with no date, is explained, not drawn.
    let protected = post_json("").replace("\"protected\":false", "\"protected\":true");
    assert!(
        matches!(decode::article_answer(&protected, "x").await, Err(WidgetError::Incomplete { detail }) if detail.contains("password"))
    );
    // The widget's own JSON is read as before.
    let native = r#"{"id":"a","title":"T","published_at":"2024-04-19","body":[{"type":"paragraph","text":"x"}]}"#;
    let answered = decode::article_answer(native, "https://a.example/a.json").await.unwrap();
    assert!(answered.wordpress.is_none() && answered.page.is_none());
}

#[wasm_bindgen_test]
async fn a_post_from_the_fixture_server_is_drawn_once_its_lead_and_with_safe_links_only() {
    let el = host(&[("article-src", &fixture("/articles/wordpress-post.json")), ("lang", "fr")], "");
    let shadow = connect(&el).await;
    assert_eq!(text(&shadow, "h1"), "Piège & « guillemets »");
    assert_eq!(text(&shadow, ".aw-lead"), "Un résumé en gras & fin.");
    assert_eq!(text(&shadow, ".aw-author"), "Par Rédaction APA");
    assert!(!exists(&shadow, ".aw-views"), "no view count from WordPress");
    let links: Vec<String> = all(&shadow, ".aw-body a").iter().filter_map(|a| a.get_attribute("href")).collect();
    assert_eq!(links, ["https://www.apanews.example/"]);
    assert!(!exists(&shadow, ".aw-body script, .aw-body iframe, .aw-body style, .aw-body svg"));
    assert_eq!(
        all(&shadow, "nav.aw-crumbs li").iter().map(|l| l.text_content().unwrap()).collect::<Vec<_>>(),
        ["Sécurité"]
    );
    TimeoutFuture::new(50).await;
    assert!(flag().is_undefined());
}
