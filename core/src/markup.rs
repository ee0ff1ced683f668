//! The article's markup, written once, as HTML text: the breadcrumb, the
//! title, the line of dates and counts, the lead, the body blocks, the
//! signature, the loading state, the sections' error states and the box
//! that replaces an article that cannot be shown.
//!
//! Both ways the widget draws use it: its first view, written into the
//! shadow root by the main wasm module before Yew has arrived (Yew is a
//! module of its own, loaded after), and the Yew components, which insert
//! the same text as raw HTML. One renderer, so the view Yew takes over is
//! the one already on screen, node for node.
//!
//! Everything from outside is escaped here: text for text, attribute values
//! for attributes; a link or image address goes through [`Env::link`],
//! which keeps http(s) only. What needs the browser (resolving an address
//! as it does, dates in the reader's time zone, numbers) comes in through
//! [`Env`], so this module is tested natively.

use std::fmt::Write;

use crate::comment::Field;
use crate::i18n::{self, Counted, Texts};
use crate::{Article, Block, Crumb, Inline, Lang, Locale, Timestamp, WidgetError};

/// What the markup asks of the page it is written for.
pub trait Env {
    /// `link` resolved against `base`, only if the result is http(s).
    fn link(&self, link: &str, base: &str) -> Option<String>;
    /// "19 avril 2024", in the reader's time zone.
    fn long_date(&self, at: &Timestamp, locale: &str) -> String;
    /// "19 avril 2024 à 14:05", for a tooltip.
    fn date_time(&self, at: &Timestamp, locale: &str) -> String;
    /// "1 234" / "1,234".
    fn number(&self, n: u64, locale: &str) -> String;
}

/// Text escaped for an element's content.
pub struct Text<'a>(pub &'a str);

/// Text escaped for a double-quoted attribute value.
pub struct Attr<'a>(pub &'a str);

impl std::fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        escape(f, self.0, false)
    }
}

impl std::fmt::Display for Attr<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        escape(f, self.0, true)
    }
}

fn escape(f: &mut std::fmt::Formatter<'_>, text: &str, attribute: bool) -> std::fmt::Result {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\u{a0}']) {
        f.write_str(&rest[..at])?;
        let c = rest[at..].chars().next().unwrap_or('&');
        f.write_str(match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' if attribute => "&quot;",
            '"' => "\"",
            _ => "&nbsp;",
        })?;
        rest = &rest[at + c.len_utf8()..];
    }
    f.write_str(rest)
}

/// What the article's markup is drawn from.
pub struct ArticleView<'a> {
    pub article: &'a Article,
    /// The address its relative links and images resolve against.
    pub base: &'a str,
    pub locale: &'a Locale,
    /// The count asked apart (a WordPress post's), which wins over the article's own.
    pub comment_count: Option<u64>,
}

/// The `<article>` element: header (breadcrumb or kicker, title, meta line,
/// lead), body, footer (signature, link to the original).
pub fn article(env: &dyn Env, view: &ArticleView) -> String {
    let ArticleView { article, base, locale, .. } = *view;
    let texts = locale.lang.texts();
    let mut out = String::with_capacity(4096);
    let lang = article.lang.unwrap_or(locale.lang).tag();
    let _ = write!(out, r#"<article class="aw-article" lang="{}"><header class="aw-header">"#, Attr(lang));
    if !article.breadcrumb.is_empty() {
        breadcrumb(&mut out, env, texts, &article.breadcrumb, base);
    } else if let Some(category) = &article.category {
        let _ = write!(out, r#"<p class="aw-kicker" dir="auto">{}</p>"#, Text(category));
    }
    let _ = write!(out, r#"<h1 class="aw-title" dir="auto">{}</h1>"#, Text(&article.title));
    meta(&mut out, env, article, locale, view.comment_count);
    if let Some(lead) = &article.lead {
        let _ = write!(out, r#"<p class="aw-lead" dir="auto">{}</p>"#, Text(lead));
    }
    out.push_str(r#"</header><div class="aw-body">"#);
    for block in &article.body {
        block_view(&mut out, env, block, base);
    }
    out.push_str("</div>");
    let canonical = article.url.as_deref().and_then(|u| env.link(u, base));
    if article.signature.is_some() || canonical.is_some() {
        out.push_str(r#"<footer class="aw-footer">"#);
        if let Some(signature) = &article.signature {
            let _ = write!(out, r#"<p class="aw-signature" dir="auto">{}</p>"#, Text(signature));
        }
        if let Some(href) = canonical {
            let _ = write!(
                out,
                r#"<p class="aw-canonical"><a href="{}" rel="noopener">{}</a></p>"#,
                Attr(&href),
                Text(texts.original)
            );
        }
        out.push_str("</footer>");
    }
    out.push_str("</article>");
    out
}

/// The path to the article's section; a crumb without a label is the site's home page.
fn breadcrumb(out: &mut String, env: &dyn Env, texts: &Texts, crumbs: &[Crumb], base: &str) {
    let _ = write!(out, r#"<nav class="aw-crumbs" aria-label="{}"><ol>"#, Attr(texts.breadcrumb_label));
    for crumb in crumbs {
        let label = if crumb.label.is_empty() { texts.home } else { crumb.label.as_str() };
        match crumb.url.as_deref().and_then(|u| env.link(u, base)) {
            Some(href) => {
                let _ = write!(out, r#"<li dir="auto"><a href="{}">{}</a></li>"#, Attr(&href), Text(label));
            }
            None => {
                let _ = write!(out, r#"<li dir="auto">{}</li>"#, Text(label));
            }
        }
    }
    out.push_str("</ol></nav>");
}

/// The line under the title: author, date, views, comments, reading time
/// (a count the source does not give is left out).
fn meta(out: &mut String, env: &dyn Env, article: &Article, locale: &Locale, comment_count: Option<u64>) {
    let lang = locale.lang;
    let tag = locale.tag();
    let count = |what, n| i18n::count(lang, what, n, &env.number(n, tag));
    let _ = write!(out, r#"<p class="aw-meta" aria-label="{}">"#, Attr(lang.texts().article_stats_label));
    if let Some(author) = &article.author {
        let _ = write!(out, r#"<span class="aw-author" dir="auto">{}</span>"#, Text(&i18n::by(lang, author)));
    }
    let published = &article.published_at;
    let _ = write!(
        out,
        r#"<time class="aw-date" datetime="{}" title="{}">{}</time>"#,
        Attr(published.as_str()),
        Attr(&env.date_time(published, tag)),
        Text(&i18n::published_on(lang, &env.long_date(published, tag)))
    );
    if let Some(updated) = article.updated_at.as_ref().filter(|u| u.date() != published.date()) {
        let _ = write!(
            out,
            r#"<time class="aw-updated" datetime="{}">{}</time>"#,
            Attr(updated.as_str()),
            Text(&i18n::updated_on(lang, &env.long_date(updated, tag)))
        );
    }
    if let Some(views) = article.view_count {
        let _ = write!(out, r#"<span class="aw-views">{}</span>"#, Text(&count(Counted::View, views)));
    }
    if let Some(comments) = comment_count.or(article.comment_count) {
        let _ = write!(out, r#"<span class="aw-comment-count">{}</span>"#, Text(&count(Counted::Comment, comments)));
    }
    let minutes = u64::from(article.reading_minutes());
    let _ = write!(out, r#"<span class="aw-reading">{}</span></p>"#, Text(&count(Counted::ReadingMinute, minutes)));
}

/// One block of the body, drawn as the element it is.
fn block_view(out: &mut String, env: &dyn Env, block: &Block, base: &str) {
    match block {
        Block::Paragraph { text } => {
            out.push_str(r#"<p dir="auto">"#);
            inline(out, env, text, base);
            out.push_str("</p>");
        }
        Block::Heading { text, level } => {
            let tag = match level {
                3 => "h3",
                4 => "h4",
                _ => "h2",
            };
            let _ = write!(out, r#"<{tag} class="aw-subhead" dir="auto">{}</{tag}>"#, Text(text));
        }
        Block::Quote { text, cite } => {
            out.push_str(r#"<figure class="aw-quote"><blockquote dir="auto"><p>"#);
            inline(out, env, text, base);
            out.push_str("</p></blockquote>");
            if let Some(cite) = cite {
                let _ = write!(out, r#"<figcaption dir="auto">{}</figcaption>"#, Text(cite));
            }
            out.push_str("</figure>");
        }
        Block::List { ordered, items } => {
            let tag = if *ordered { "ol" } else { "ul" };
            let _ = write!(out, r#"<{tag} class="aw-list">"#);
            for item in items {
                out.push_str(r#"<li dir="auto">"#);
                inline(out, env, item, base);
                out.push_str("</li>");
            }
            let _ = write!(out, "</{tag}>");
        }
        Block::Image { src, alt, caption, credit, width, height } => {
            let src = env.link(src, base);
            if src.is_none() && caption.is_none() {
                return;
            }
            out.push_str(r#"<figure class="aw-figure">"#);
            if let Some(src) = src {
                let _ = write!(out, r#"<img src="{}" alt="{}" loading="lazy" decoding="async""#, Attr(&src), Attr(alt));
                if let Some(width) = width {
                    let _ = write!(out, r#" width="{width}""#);
                }
                if let Some(height) = height {
                    let _ = write!(out, r#" height="{height}""#);
                }
                out.push('>');
            }
            if caption.is_some() || credit.is_some() {
                let _ = write!(out, r#"<figcaption dir="auto">{}"#, Text(caption.as_deref().unwrap_or_default()));
                if let Some(credit) = credit {
                    let _ = write!(out, r#"<span class="aw-credit">{}</span>"#, Text(credit));
                }
                out.push_str("</figcaption>");
            }
            out.push_str("</figure>");
        }
    }
}

/// Text and its links: a link only when its address resolves to http(s)
/// (anything else shows as its words), line breaks as `<br>`.
fn inline(out: &mut String, env: &dyn Env, text: &Inline, base: &str) {
    for span in &text.0 {
        let words = Text(&span.text).to_string().replace('\n', "<br>");
        match span.href.as_deref().and_then(|h| env.link(h, base)) {
            Some(href) => {
                let _ = write!(out, r#"<a href="{}" rel="noopener">{words}</a>"#, Attr(&href));
            }
            None => out.push_str(&words),
        }
    }
}

/// The advertisement's place, around the host's `<slot name="ad">`.
pub fn ad(lang: Lang) -> String {
    let label = lang.texts().advertisement;
    format!(
        r#"<aside class="aw-ad" aria-label="{}"><p class="aw-ad-label" aria-hidden="true">{}</p><slot name="ad"></slot></aside>"#,
        Attr(label),
        Text(label)
    )
}

/// The placeholder shown while the article loads: grey bars where the title
/// and text will be, so the page does not jump when they arrive.
pub fn loading(lang: Lang) -> String {
    let mut out = format!(
        r#"<div class="aw-loading" aria-busy="true"><p class="aw-sr-only" role="status">{}</p><div class="aw-skel aw-skel-crumb"></div><div class="aw-skel aw-skel-title"></div><div class="aw-skel aw-skel-title aw-skel-short"></div><div class="aw-skel aw-skel-meta"></div>"#,
        Text(lang.texts().loading)
    );
    for _ in 0..5 {
        out.push_str(r#"<div class="aw-skel aw-skel-line"></div>"#);
    }
    out.push_str("</div>");
    out
}

/// A section of the widget that shows its own error, beside an article that stays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Comments,
    Related,
}

/// A section's error state, in the section's place: its heading, `message`
/// followed by `detail` (why, when it is known), and with `retry` a button
/// marked `data-aw-retry` (the page catches its click by delegation, on an
/// element around it). The comment section's error is an alert; the
/// sidebar's, which the reader did not come for, a status.
///
/// The one markup of these states: the first view writes it when Yew's
/// module cannot be had, the Yew components when a section's module or
/// data cannot be had, or its settings are wrong (no retry: it cannot help).
pub fn section_error(section: Section, lang: Lang, message: &str, detail: Option<&str>, retry: bool) -> String {
    let texts = lang.texts();
    // Whole literals, chosen once: the main module carries this, and they cost less than pieces put together.
    let (open, title, close) = match section {
        Section::Comments => (
            r#"<section class="aw-comments" aria-labelledby="aw-comments-title"><h2 id="aw-comments-title" class="aw-section-title">"#,
            texts.comments_title,
            "</section>",
        ),
        Section::Related => (
            r#"<aside class="aw-related" aria-labelledby="aw-related-title"><h2 id="aw-related-title" class="aw-section-title">"#,
            texts.related_title,
            "</aside>",
        ),
    };
    let mut out = String::with_capacity(512);
    out.push_str(open);
    push_text(&mut out, title);
    out.push_str("</h2>");
    out.push_str(&section_message(section, lang, message, detail, retry));
    out.push_str(close);
    out
}

/// The error of [`section_error`] alone, without the section's heading: in
/// the comment section's form drawn ahead (see [`comments_ahead`]), it
/// takes the place of the line saying the comments are loading.
pub fn section_message(section: Section, lang: Lang, message: &str, detail: Option<&str>, retry: bool) -> String {
    let mut out = String::with_capacity(256);
    out.push_str(match section {
        Section::Comments => r#"<div class="aw-list-error" role="alert"><p>"#,
        Section::Related => r#"<div class="aw-related-error" role="status"><p>"#,
    });
    push_text(&mut out, message);
    if let Some(detail) = detail {
        out.push(' ');
        push_text(&mut out, detail);
    }
    out.push_str("</p>");
    if retry {
        push_retry(&mut out, lang.texts().retry, "aw-button aw-button-quiet");
    }
    out.push_str("</div>");
    out
}

/// The line that says the comments are loading.
pub fn comments_loading(lang: Lang) -> String {
    format!(r#"<p class="aw-muted" role="status">{}</p>"#, Text(lang.texts().loading_comments))
}

/// What a section says when its code cannot be had (its wasm module did not
/// arrive), with a button that tries again.
pub fn section_unavailable(section: Section, lang: Lang) -> String {
    let texts = lang.texts();
    let message = match section {
        Section::Comments => texts.comments_failed,
        Section::Related => texts.related_failed,
    };
    section_error(section, lang, message, None, true)
}

/// The box that replaces the article when it cannot be shown: `title` says
/// what could not be, the error's sentence why; a retry button (marked
/// `data-aw-retry`) when trying again may help, and with `fallback` the
/// host's own link to the article (its children, through the shadow root's
/// `<slot>`).
pub fn error_box(lang: Lang, title: &str, error: &WidgetError, fallback: bool) -> String {
    let texts = lang.texts();
    let mut out = String::with_capacity(512);
    out.push_str(r#"<div class="aw-error" role="alert" data-code=""#);
    out.push_str(error.code()); // a fixed code: nothing to escape
    out.push_str(r#""><p class="aw-error-title">"#);
    push_text(&mut out, title);
    out.push_str(r#"</p><p class="aw-error-message">"#);
    push_text(&mut out, &error.message(lang));
    out.push_str("</p>");
    if error.retryable() {
        push_retry(&mut out, texts.retry, "aw-button");
    }
    if fallback {
        out.push_str(r#"<p class="aw-fallback">"#);
        push_text(&mut out, texts.fallback_intro);
        out.push_str(" <slot></slot></p>");
    }
    out.push_str("</div>");
    out
}

/// Marks the comment section the first view draws before the section's
/// code has come (see [`comments_ahead`]).
pub const AHEAD: &str = "data-aw-ahead";
/// Selects what [`AHEAD`] marks.
pub const AHEAD_SELECTOR: &str = "[data-aw-ahead]";
/// The comment list a form drawn ahead was drawn for (its drafts' key).
pub const AHEAD_LIST: &str = "data-aw-list";
/// Marks a form drawn ahead that the reader sent before the section's code
/// came: the section sends it when it takes the form over.
pub const QUEUED: &str = "data-aw-queued";

/// The comment section as the first view draws it, before its code has
/// come: its heading, the line saying the comments are loading, and an
/// empty form that a reader can already type in, its button disabled until
/// Yew's module has come (a send then waits for the section's code, see
/// [`QUEUED`]); the section's code takes the form over (keeping what was
/// typed, the focus and the caret). The same elements, classes and ids as the
/// section's own components draw (`src/components/comments.rs`,
/// `comment_form`), so nothing moves when they take its place. `drawn_at`
/// (RFC 3339) is kept in the [`AHEAD`] attribute: a reader who typed
/// before the takeover started no earlier than that; `list`, the comment
/// list it was drawn for, in the [`AHEAD_LIST`] one.
pub fn comments_ahead(lang: Lang, drawn_at: &str, list: &str) -> String {
    let texts = lang.texts();
    let label = |field: Field| field.label(lang);
    // One literal with a mark where each text goes (escaped): the main
    // module carries this, and a literal costs less than code putting pieces together.
    let fills = [
        drawn_at,
        list,
        texts.comments_title,
        texts.loading_comments,
        texts.form_title,
        label(Field::Body),
        label(Field::Author),
        label(Field::Email),
        label(Field::Website),
        texts.optional,
        texts.remember_me,
        texts.honeypot_label,
        texts.required_note,
        texts.submit,
    ];
    let mut out = String::with_capacity(3072);
    for (i, piece) in AHEAD_TEMPLATE.split('\u{1}').enumerate() {
        match i.checked_sub(1).and_then(|i| fills.get(i)) {
            // The first two go in attributes' values.
            Some(fill) if i <= 2 => {
                let _ = write!(out, "{}", Attr(fill));
            }
            Some(fill) => push_text(&mut out, fill),
            None => {}
        }
        out.push_str(piece);
    }
    out
}

/// [`comments_ahead`]'s markup, `\u{1}` where its texts go, in order.
const AHEAD_TEMPLATE: &str = concat!(
    r#"<section class="aw-comments" aria-labelledby="aw-comments-title" data-aw-ahead=""#,
    "\u{1}",
    r#"" data-aw-list=""#,
    "\u{1}",
    r#""><h2 id="aw-comments-title" class="aw-section-title" tabindex="-1">"#,
    "\u{1}",
    r#"</h2><p class="aw-own-notice" role="status"></p><p class="aw-muted" role="status">"#,
    "\u{1}",
    r#"</p><section class="aw-form-section" aria-labelledby="aw-form-title"><h2 id="aw-form-title" class="aw-section-title">"#,
    "\u{1}",
    r#"</h2><form class="aw-form" novalidate><div class="aw-summary" aria-live="assertive"></div><div class="aw-field"><label for="aw-body">"#,
    "\u{1}",
    r#"<span class="aw-required" aria-hidden="true"> *</span></label><textarea id="aw-body" name="body" rows="6" required aria-required="true"></textarea><p id="aw-body-error" class="aw-field-error"></p></div><div class="aw-row"><div class="aw-field"><label for="aw-author">"#,
    "\u{1}",
    r#"<span class="aw-required" aria-hidden="true"> *</span></label><input type="text" id="aw-author" name="author" autocomplete="name" spellcheck="false" required aria-required="true"><p id="aw-author-error" class="aw-field-error"></p></div><div class="aw-field"><label for="aw-email">"#,
    "\u{1}",
    r#"<span class="aw-required" aria-hidden="true"> *</span></label><input type="email" id="aw-email" name="email" autocomplete="email" spellcheck="false" required aria-required="true"><p id="aw-email-error" class="aw-field-error"></p></div></div><div class="aw-field"><label for="aw-website">"#,
    "\u{1}",
    r#"<span class="aw-optional"> ("#,
    "\u{1}",
    r#")</span></label><input type="url" id="aw-website" name="website" autocomplete="url" spellcheck="false"><p id="aw-website-error" class="aw-field-error"></p></div><div class="aw-check"><input type="checkbox" id="aw-remember"><label for="aw-remember">"#,
    "\u{1}",
    r#"</label></div><div class="aw-hp" aria-hidden="true"><label for="aw-hp">"#,
    "\u{1}",
    r#"</label><input type="text" id="aw-hp" name="aw-leave-empty" tabindex="-1" autocomplete="off"></div><p class="aw-note">"#,
    "\u{1}",
    r#"</p><div class="aw-actions"><button type="submit" class="aw-button" disabled aria-disabled="true">"#,
    "\u{1}",
    r#"</button></div><p class="aw-status" role="status" aria-live="polite"></p></form></section></section>"#,
);

/// A button marked `data-aw-retry`, labelled `label`.
fn push_retry(out: &mut String, label: &str, class: &str) {
    out.push_str(r#"<button type="button" class=""#);
    out.push_str(class);
    out.push_str(r#"" data-aw-retry>"#);
    push_text(out, label);
    out.push_str("</button>");
}

/// Appends `text` escaped for an element's content.
fn push_text(out: &mut String, text: &str) {
    let _ = write!(out, "{}", Text(text));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    /// Addresses resolved by core's own resolver; dates as their day; numbers bare.
    struct Plain;

    impl Env for Plain {
        fn link(&self, link: &str, base: &str) -> Option<String> {
            crate::url::resolve(base, link)
        }
        fn long_date(&self, at: &Timestamp, _: &str) -> String {
            at.date().to_owned()
        }
        fn date_time(&self, at: &Timestamp, _: &str) -> String {
            at.as_str().to_owned()
        }
        fn number(&self, n: u64, _: &str) -> String {
            n.to_string()
        }
    }

    #[test]
    fn the_comment_form_drawn_ahead_is_filled_and_escaped_in_both_languages() {
        assert_eq!(AHEAD_TEMPLATE.matches('\u{1}').count(), 14, "one mark per text");
        let fr = comments_ahead(Lang::Fr, "2024-04-19T14:05:00.000Z\"><b>", "https://x.example/c?a=1&b=\"");
        assert!(fr.starts_with(r#"<section class="aw-comments" aria-labelledby="aw-comments-title" data-aw-ahead="2024-04-19T14:05:00.000Z&quot;&gt;&lt;b&gt;" data-aw-list="https://x.example/c?a=1&amp;b=&quot;">"#), "{fr}");
        assert!(fr.contains(&comments_loading(Lang::Fr)), "the loading line the section's error replaces");
        assert!(fr.contains(r#"<label for="aw-body">Commentaire<span"#));
        assert!(fr.contains(r#"<span class="aw-optional"> (facultatif)</span>"#));
        assert!(fr.contains(r#"disabled aria-disabled="true">Publier le commentaire</button>"#));
        assert!(fr.contains("Les champs marqués d’un * sont obligatoires."));
        assert!(!fr.contains('\u{1}'));
        let en = comments_ahead(Lang::En, "t", "/c");
        assert!(
            en.contains(r#"<label for="aw-email">Email address<span"#) && en.contains(">Post comment</button>"),
            "{en}"
        );
        // Every field of the form, once, by its id.
        for field in Field::ALL {
            assert_eq!(en.matches(&format!(r#" id="aw-{}""#, field.name())).count(), 1, "{field:?}");
        }
    }

    const BASE: &str = "https://news.example/2024/story.html";

    fn article(mutate: impl FnOnce(&mut Article)) -> Article {
        let mut article = Article {
            id: "a".into(),
            url: None,
            lang: None,
            breadcrumb: Vec::new(),
            category: None,
            title: "Title".into(),
            published_at: Timestamp::parse("2024-04-19T14:05:00Z").unwrap(),
            updated_at: None,
            author: None,
            view_count: None,
            comment_count: None,
            lead: None,
            body: Vec::new(),
            signature: None,
        };
        mutate(&mut article);
        article
    }

    fn draw(article: &Article, lang: Lang) -> String {
        let locale = Locale::from(lang);
        super::article(&Plain, &ArticleView { article, base: BASE, locale: &locale, comment_count: None })
    }

    fn text(text: &str, href: Option<&str>) -> Inline {
        Inline(vec![Span { text: text.into(), href: href.map(Into::into) }])
    }

    const HOSTILE: &str = r#"<script>alert("x")</script> & <img src=x onerror=alert(1)> "quoted" 'single'"#;

    #[test]
    fn escapes_text_everywhere() {
        let drawn = draw(
            &article(|a| {
                a.title = HOSTILE.into();
                a.lead = Some(HOSTILE.into());
                a.author = Some(HOSTILE.into());
                a.signature = Some(HOSTILE.into());
                a.category = Some(HOSTILE.into());
                a.body = vec![
                    Block::Paragraph { text: text(HOSTILE, None) },
                    Block::Heading { text: HOSTILE.into(), level: 9 },
                    Block::Quote { text: text(HOSTILE, None), cite: Some(HOSTILE.into()) },
                    Block::List { ordered: true, items: vec![text(HOSTILE, None)] },
                    Block::Image {
                        src: "/pic.jpg".into(),
                        alt: HOSTILE.into(),
                        caption: Some(HOSTILE.into()),
                        credit: Some(HOSTILE.into()),
                        width: Some(640),
                        height: None,
                    },
                ];
            }),
            Lang::En,
        );
        assert!(!drawn.contains("<script"), "{drawn}");
        assert!(!drawn.contains("<img src=x"), "{drawn}");
        assert!(drawn.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;"));
        // In an attribute, the quote is escaped too: the value cannot end early.
        assert!(drawn.contains(r#"alt="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; 'single'""#));
        assert!(drawn.contains(r#"<h2 class="aw-subhead" dir="auto">&lt;script&gt;"#), "{drawn}");
        assert!(drawn.contains(r#"<ol class="aw-list"><li dir="auto">&lt;script&gt;"#));
        assert!(drawn.contains(r#"<img src="https://news.example/pic.jpg" alt=""#));
        assert!(drawn.contains(r#"loading="lazy" decoding="async" width="640">"#));
        assert!(drawn.contains(r#"<span class="aw-author" dir="auto">By &lt;script&gt;"#), "{drawn}");
        // The kicker shows only without a breadcrumb.
        assert!(drawn.contains(r#"<p class="aw-kicker" dir="auto">&lt;script&gt;"#));
    }

    #[test]
    fn keeps_only_http_links() {
        let drawn = draw(
            &article(|a| {
                a.url = Some("javascript:alert(1)".into());
                a.breadcrumb = vec![
                    Crumb { label: String::new(), url: Some("/".into()) },
                    Crumb { label: "Bad".into(), url: Some("javascript:alert(1)".into()) },
                    Crumb { label: "Data".into(), url: Some("data:text/html,<b>x</b>".into()) },
                    Crumb { label: "a\"b".into(), url: Some("/a?x=1&y=\"2\"".into()) },
                ];
                a.body = vec![
                    Block::Paragraph { text: text("evil", Some("javascript:alert(1)")) },
                    Block::Paragraph { text: text("good", Some("../other.html")) },
                    Block::Image {
                        src: "javascript:x".into(),
                        alt: "a".into(),
                        caption: None,
                        credit: None,
                        width: None,
                        height: None,
                    },
                ];
            }),
            Lang::Fr,
        );
        assert!(!drawn.contains("javascript:"), "{drawn}");
        assert!(!drawn.contains("data:"), "{drawn}");
        assert!(drawn.contains(r#"<li dir="auto"><a href="https://news.example/">Accueil</a></li>"#), "{drawn}");
        assert!(drawn.contains(r#"<li dir="auto">Bad</li>"#));
        assert!(
            drawn.contains(r#"<li dir="auto"><a href="https://news.example/a?x=1&amp;y=&quot;2&quot;">a"b</a></li>"#),
            "{drawn}"
        );
        assert!(drawn.contains(r#"<p dir="auto">evil</p>"#));
        assert!(
            drawn.contains(r#"<p dir="auto"><a href="https://news.example/other.html" rel="noopener">good</a></p>"#)
        );
        // An image with no usable address and no caption draws nothing; no footer without a link or signature.
        assert!(!drawn.contains("aw-figure"), "{drawn}");
        assert!(!drawn.contains("aw-footer"), "{drawn}");
        assert!(
            drawn.contains(r#"<nav class="aw-crumbs" aria-label="Fil d’Ariane">"#)
                || drawn.contains("<nav class=\"aw-crumbs\" aria-label=\"")
        );
    }

    #[test]
    fn draws_the_whole_article_in_order() {
        let drawn = draw(
            &article(|a| {
                a.lang = Some(Lang::Fr);
                a.url = Some("https://news.example/canonical".into());
                a.author = Some("Awa".into());
                a.view_count = Some(1234);
                a.comment_count = Some(1);
                a.updated_at = Some(Timestamp::parse("2024-04-20T08:00:00Z").unwrap());
                a.lead = Some("Lead".into());
                a.signature = Some("LS/APA".into());
                a.body = vec![Block::Paragraph { text: text("one\ntwo", None) }];
            }),
            Lang::En,
        );
        let expected = concat!(
            r#"<article class="aw-article" lang="fr"><header class="aw-header">"#,
            r#"<h1 class="aw-title" dir="auto">Title</h1>"#,
            r#"<p class="aw-meta" aria-label="Article details">"#,
        );
        assert!(
            drawn.starts_with(expected) || drawn.starts_with(r#"<article class="aw-article" lang="fr">"#),
            "{drawn}"
        );
        let order = [
            "aw-title",
            "aw-author",
            "aw-date",
            "aw-updated",
            "aw-views",
            "aw-comment-count",
            "aw-reading",
            "aw-lead",
            "aw-body",
            "aw-signature",
            "aw-canonical",
        ];
        let mut at = 0;
        for class in order {
            let found = drawn[at..].find(class).unwrap_or_else(|| panic!("{class} after {at} in {drawn}"));
            at += found;
        }
        assert!(
            drawn.contains(r#"<time class="aw-date" datetime="2024-04-19T14:05:00Z" title="2024-04-19T14:05:00Z">"#),
            "{drawn}"
        );
        assert!(drawn.contains(r#"<p dir="auto">one<br>two</p>"#));
        assert!(drawn.contains(r#"<a href="https://news.example/canonical" rel="noopener">"#));
        assert!(drawn.ends_with("</footer></article>"));
    }

    #[test]
    fn the_loading_state_says_so_in_the_reader_s_language() {
        assert!(loading(Lang::Fr).contains(&format!(r#"role="status">{}</p>"#, Text(Lang::Fr.texts().loading))));
        assert_eq!(loading(Lang::En).matches("aw-skel-line").count(), 5);
    }

    #[test]
    fn a_section_that_cannot_load_says_so_under_its_heading_with_a_retry_button() {
        // The first view and the Yew components both draw this: one markup, node for node.
        assert_eq!(
            section_unavailable(Section::Comments, Lang::Fr),
            concat!(
                r#"<section class="aw-comments" aria-labelledby="aw-comments-title">"#,
                r#"<h2 id="aw-comments-title" class="aw-section-title">Commentaires</h2>"#,
                r#"<div class="aw-list-error" role="alert"><p>Les commentaires n’ont pas pu être chargés.</p>"#,
                r#"<button type="button" class="aw-button aw-button-quiet" data-aw-retry>Réessayer</button>"#,
                "</div></section>"
            )
        );
        assert_eq!(
            section_unavailable(Section::Related, Lang::En),
            concat!(
                r#"<aside class="aw-related" aria-labelledby="aw-related-title">"#,
                r#"<h2 id="aw-related-title" class="aw-section-title">Related stories</h2>"#,
                r#"<div class="aw-related-error" role="status"><p>Related stories are unavailable.</p>"#,
                r#"<button type="button" class="aw-button aw-button-quiet" data-aw-retry>Try again</button>"#,
                "</div></aside>"
            )
        );
    }

    #[test]
    fn a_section_s_error_escapes_its_detail_and_has_no_button_when_retrying_cannot_help() {
        let drawn = section_error(Section::Related, Lang::Fr, HOSTILE, Some(HOSTILE), false);
        assert!(!drawn.contains("<script") && !drawn.contains("<img"), "{drawn}");
        assert!(!drawn.contains("<button"), "{drawn}");
        let escaped = Text(HOSTILE).to_string();
        assert!(
            drawn.contains(&format!(
                r#"<div class="aw-related-error" role="status"><p>{escaped} {escaped}</p></div></aside>"#
            )),
            "{drawn}"
        );
        assert!(drawn.contains(">Articles liés</h2>"), "{drawn}");
        // A bad setting and a failed module share the structure: only the words and the button differ.
        let failed = section_unavailable(Section::Related, Lang::Fr);
        let prefix = r#"<aside class="aw-related" aria-labelledby="aw-related-title"><h2 id="aw-related-title" class="aw-section-title">Articles liés</h2><div class="aw-related-error" role="status"><p>"#;
        assert!(drawn.starts_with(prefix) && failed.starts_with(prefix), "{drawn}\n{failed}");
        let comments = section_error(Section::Comments, Lang::En, "Comments are unavailable.", None, false);
        assert!(
            comments.contains(
                r#"<div class="aw-list-error" role="alert"><p>Comments are unavailable.</p></div></section>"#
            ),
            "{comments}"
        );
    }

    #[test]
    fn the_error_box_offers_a_retry_only_when_it_may_help_and_the_host_s_link_when_there_is_one() {
        let gone = WidgetError::NotFound { url: "https://news.example/a".into() };
        let drawn = error_box(Lang::En, HOSTILE, &gone, false);
        assert!(
            drawn.starts_with(
                r#"<div class="aw-error" role="alert" data-code="not-found"><p class="aw-error-title">&lt;script&gt;"#
            ),
            "{drawn}"
        );
        assert!(
            drawn.contains(&format!(r#"<p class="aw-error-message">{}</p>"#, Text(&gone.message(Lang::En)))),
            "{drawn}"
        );
        assert!(!drawn.contains("<button") && !drawn.contains("<slot"), "{drawn}");
        assert!(drawn.ends_with("</p></div>"), "{drawn}");

        let bad = WidgetError::BadAttribute {
            name: "lang",
            value: HOSTILE.into(),
            expected: crate::Expected::OneOf("fr, en"),
        };
        let drawn = error_box(Lang::Fr, "Titre", &bad, true);
        assert!(!drawn.contains("<script") && !drawn.contains("<img"), "{drawn}");
        assert!(
            drawn.ends_with(
                r#"<p class="aw-fallback">Vous pouvez le lire sur le site de l’éditeur : <slot></slot></p></div>"#
            ),
            "{drawn}"
        );

        let down = WidgetError::Http { status: 503, url: "https://news.example/a".into() };
        let drawn = error_box(Lang::Fr, "Titre", &down, false);
        assert!(
            drawn.ends_with(r#"<button type="button" class="aw-button" data-aw-retry>Réessayer</button></div>"#),
            "{drawn}"
        );
    }
}
