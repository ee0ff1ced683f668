//! The comment section in a real browser, against the fixture server:
//! validation messages and their clearing, accessibility attributes, focus,
//! the draft surviving a remount, the honeypot, posting once.

mod support;

use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &str = "/articles/niger-us-withdrawal.json";

/// A widget with a comment section on a fresh thread of the fixture server.
async fn widget(lang: &str, thread: &str) -> (web_sys::Element, web_sys::ShadowRoot) {
    let el = host(
        &[
            ("article-src", &fixture(SEED)),
            ("lang", lang),
            ("comments-endpoint", &fixture(&format!("/comments/{thread}"))),
        ],
        "",
    );
    let shadow = connect(&el).await;
    reveal(&shadow, ".aw-comments-placeholder");
    until(&shadow, "the comment list", || exists(&shadow, ".aw-empty") || exists(&shadow, ".aw-comment-list")).await;
    (el, shadow)
}

fn thread(name: &str) -> String {
    format!("{name}-{}", js_sys::Date::now())
}

fn clear_storage() {
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
}

#[wasm_bindgen_test]
async fn empty_submit_in_french_shows_the_seed_messages_and_focuses_the_comment() {
    clear_storage();
    let (_el, shadow) = widget("fr", &thread("empty")).await;
    assert_eq!(text(&shadow, "#aw-form-title"), "Laisser un commentaire");
    assert_eq!(text(&shadow, "#aw-comments-title"), "0\u{a0}commentaire");
    assert_eq!(text(&shadow, ".aw-empty"), "Aucun commentaire pour l’instant. Soyez le premier à réagir !");

    click(&shadow, ".aw-form button[type=submit]").await;
    until(&shadow, "the error summary", || exists(&shadow, ".aw-summary-title")).await;

    assert_eq!(text(&shadow, "#aw-body-error"), "S'il vous plaît entrez votre commentaire!");
    assert_eq!(text(&shadow, "#aw-author-error"), "S'il vous plaît entrez votre nom ici");
    assert_eq!(text(&shadow, "#aw-email-error"), "Veuillez entrer votre adresse e-mail ici");
    assert!(text(&shadow, "#aw-website-error").is_empty(), "the website is optional");
    assert_eq!(text(&shadow, ".aw-summary-title"), "3 erreurs à corriger :");
    assert_eq!(find(&shadow, ".aw-summary").get_attribute("aria-live").as_deref(), Some("assertive"));
    assert_eq!(focused_id(&shadow).as_deref(), Some("aw-body"));
}

#[wasm_bindgen_test]
async fn errors_carry_aria_attributes_and_clear_as_the_reader_fixes_them() {
    clear_storage();
    let (_el, shadow) = widget("en", &thread("aria")).await;
    for id in ["aw-body", "aw-author", "aw-email", "aw-website"] {
        let label = find(&shadow, &format!("label[for={id}]"));
        assert!(!label.text_content().unwrap().is_empty(), "{id} has a label");
    }
    type_into(&shadow, "#aw-email", "not-an-address");
    focus_and_leave(&shadow, "#aw-email");
    until(&shadow, "the email error", || !text(&shadow, "#aw-email-error").is_empty()).await;
    assert_eq!(text(&shadow, "#aw-email-error"), "You have entered an incorrect email address!");
    let email = find(&shadow, "#aw-email");
    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(email.get_attribute("aria-describedby").as_deref(), Some("aw-email-error"));
    // Without an error, the field points at no description.
    assert_eq!(find(&shadow, "#aw-author").get_attribute("aria-describedby"), None);

    // Flagged fields are checked live: fixing it clears the error at once.
    type_into(&shadow, "#aw-email", "reader@example.org");
    until(&shadow, "the email error to clear", || text(&shadow, "#aw-email-error").is_empty()).await;
    assert_eq!(find(&shadow, "#aw-email").get_attribute("aria-invalid"), None);

    type_into(&shadow, "#aw-body", "x");
    focus_and_leave(&shadow, "#aw-body");
    until(&shadow, "the length error", || !text(&shadow, "#aw-body-error").is_empty()).await;
    assert_eq!(text(&shadow, "#aw-body-error"), "Too short: at least 2 characters (currently 1).");

    type_into(&shadow, "#aw-website", "ftp://files.example");
    focus_and_leave(&shadow, "#aw-website");
    until(&shadow, "the website error", || !text(&shadow, "#aw-website-error").is_empty()).await;
    assert_eq!(text(&shadow, "#aw-website-error"), "Please enter a valid web address (http:// or https://)");

    // An untouched empty field is not flagged by leaving it.
    focus_and_leave(&shadow, "#aw-author");
    assert!(text(&shadow, "#aw-author-error").is_empty());

    // Near the limit, a counter appears and is announced.
    type_into(&shadow, "#aw-body", &"a".repeat(4600));
    until(&shadow, "the counter", || exists(&shadow, "#aw-body-count")).await;
    assert_eq!(text(&shadow, "#aw-body-count"), "4600 / 5000");
    assert!(find(&shadow, "#aw-body").get_attribute("aria-describedby").unwrap().contains("aw-body-count"));
}

/// Fires a bare pointer event (`pointerdown`, `pointerup`) at `target`, bubbling.
fn pointer(target: &web_sys::EventTarget, name: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    target.dispatch_event(&web_sys::Event::new_with_event_init_dict(name, &init).unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn a_blur_while_the_pointer_is_pressed_waits_for_its_release() {
    clear_storage();
    let (_el, shadow) = widget("en", &thread("pointer")).await;
    type_into(&shadow, "#aw-email", "not-an-address");
    // Pressing the submit button takes focus from the field: an error shown
    // then would move the button from under the pointer, and lose the click.
    pointer(&find(&shadow, ".aw-form button[type=submit]"), "pointerdown");
    gloo_timers::future::TimeoutFuture::new(0).await;
    focus_and_leave(&shadow, "#aw-email");
    gloo_timers::future::TimeoutFuture::new(100).await;
    assert!(text(&shadow, "#aw-email-error").is_empty(), "no error while the pointer is pressed");
    pointer(&web_sys::window().unwrap(), "pointerup");
    until(&shadow, "the email error after the release", || !text(&shadow, "#aw-email-error").is_empty()).await;
    assert_eq!(text(&shadow, "#aw-email-error"), "You have entered an incorrect email address!");
}

#[wasm_bindgen_test]
async fn a_hidden_control_character_is_named_before_anything_is_sent() {
    clear_storage();
    let (_el, shadow) = widget("fr", &thread("hidden")).await;
    // A right-to-left override would show "Admin" for what is stored as "nimdA".
    type_into(&shadow, "#aw-author", "\u{202E}nimdA");
    focus_and_leave(&shadow, "#aw-author");
    until(&shadow, "the author error", || !text(&shadow, "#aw-author-error").is_empty()).await;
    assert_eq!(
        text(&shadow, "#aw-author-error"),
        "Ce texte contient un caractère invisible non accepté (U+202E) : retirez-le."
    );
    type_into(&shadow, "#aw-author", "Admin");
    until(&shadow, "the author error to clear", || text(&shadow, "#aw-author-error").is_empty()).await;
}

#[wasm_bindgen_test]
async fn the_draft_survives_a_remount_and_leaves_after_a_successful_post() {
    clear_storage();
    let name = thread("draft");
    let (el, shadow) = widget("fr", &name).await;
    type_into(&shadow, "#aw-body", "Un commentaire\nsur deux lignes");
    type_into(&shadow, "#aw-author", "Aïcha");
    type_into(&shadow, "#aw-email", "aicha@example.org");
    gloo_timers::future::TimeoutFuture::new(500).await; // past the save debounce
    article_widget::disconnect(el.clone());
    article_widget::connect(el.clone());
    let shadow = settled(&el).await;
    reveal(&shadow, ".aw-comments-placeholder");
    until(&shadow, "the restored form", || exists(&shadow, "#aw-body")).await;
    let value = |sel: &str| js_sys::Reflect::get(&find(&shadow, sel), &"value".into()).unwrap().as_string().unwrap();
    assert_eq!(value("#aw-body"), "Un commentaire\nsur deux lignes");
    assert_eq!(value("#aw-author"), "Aïcha");
    assert_eq!(value("#aw-email"), "aicha@example.org");

    let posted = Events::listen(&el, "comment-posted");
    click(&shadow, ".aw-form button[type=submit]").await;
    until(&shadow, "the success notice", || text(&shadow, ".aw-status") == "Merci ! Votre commentaire est publié.")
        .await;
    assert_eq!(posted.count(), 1);
    assert_eq!(posted.last("publication").as_deref(), Some("published"));
    // The new comment is listed, its line break kept, and the form is empty.
    assert_eq!(text(&shadow, ".aw-comment-body"), "Un commentaire\nsur deux lignes");
    assert_eq!(text(&shadow, "#aw-comments-title"), "1\u{a0}commentaire");
    assert_eq!(value("#aw-body"), "");
    gloo_timers::future::TimeoutFuture::new(400).await;
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let kept: Vec<String> = (0..storage.length().unwrap()).filter_map(|i| storage.key(i).unwrap()).collect();
    // What stays is the reader's key (sent with each post, for first-time moderation).
    assert_eq!(kept, ["article-widget:reader-key"], "the draft is gone once the server has it");
}

#[wasm_bindgen_test]
async fn remember_me_prefills_the_next_draft() {
    clear_storage();
    let (_el, shadow) = widget("en", &thread("remember")).await;
    type_into(&shadow, "#aw-body", "First!");
    type_into(&shadow, "#aw-author", "Reader");
    type_into(&shadow, "#aw-email", "reader@example.org");
    click(&shadow, "#aw-remember").await;
    click(&shadow, ".aw-form button[type=submit]").await;
    until(&shadow, "the success notice", || text(&shadow, ".aw-status").starts_with("Thank you!")).await;
    let (_el2, other) = widget("en", &thread("remember-2")).await;
    let value = |sel: &str| js_sys::Reflect::get(&find(&other, sel), &"value".into()).unwrap().as_string().unwrap();
    assert_eq!(value("#aw-author"), "Reader");
    assert_eq!(value("#aw-email"), "reader@example.org");
    assert_eq!(value("#aw-body"), "");
    clear_storage();
}

#[wasm_bindgen_test]
async fn a_filled_honeypot_posts_nothing_but_looks_like_success() {
    clear_storage();
    let name = thread("honeypot");
    let (_el, shadow) = widget("fr", &name).await;
    type_into(&shadow, "#aw-body", "Achetez maintenant");
    type_into(&shadow, "#aw-author", "Bot");
    type_into(&shadow, "#aw-email", "bot@example.org");
    type_into(&shadow, "#aw-hp", "http://spam.example");
    click(&shadow, ".aw-form button[type=submit]").await;
    until(&shadow, "the notice", || !text(&shadow, ".aw-status").is_empty()).await;
    assert_eq!(
        text(&shadow, ".aw-status"),
        "Merci ! Votre commentaire a bien été reçu ; il sera publié après modération."
    );
    let posts = fetch_json(&fixture(&format!("/comments/{name}/posts"))).await;
    assert_eq!(js_sys::Reflect::get(&posts, &"posts".into()).unwrap(), JsValue::from(0));
}

#[wasm_bindgen_test]
async fn a_double_click_posts_once() {
    clear_storage();
    let name = thread("double");
    let (_el, shadow) = widget("en", &name).await;
    type_into(&shadow, "#aw-body", "Only once, please.");
    type_into(&shadow, "#aw-author", "Reader");
    type_into(&shadow, "#aw-email", "reader@example.org");
    // The second click lands in the same task, before the button is redrawn
    // disabled: the in-flight guard must stop it.
    click(&shadow, ".aw-form button[type=submit]").await;
    click_now(&shadow, ".aw-form button[type=submit]");
    until(&shadow, "the success notice", || text(&shadow, ".aw-status").starts_with("Thank you!")).await;
    let posts = fetch_json(&fixture(&format!("/comments/{name}/posts"))).await;
    assert_eq!(js_sys::Reflect::get(&posts, &"posts".into()).unwrap(), JsValue::from(1));
    assert_eq!(all(&shadow, ".aw-comment").len(), 1);
}

#[wasm_bindgen_test]
async fn no_endpoint_no_section() {
    let el = host(&[("article-src", &fixture(SEED))], "");
    let shadow = connect(&el).await;
    assert!(!exists(&shadow, ".aw-comments"));
}
