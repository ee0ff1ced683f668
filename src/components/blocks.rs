//! One block of the article body, drawn as the element it is.

use article_widget_core::{Block, Inline};
use yew::prelude::*;

use crate::dom::resolve_http_url;

/// `base`: the address that relative links and image sources resolve against.
pub fn block_view(block: &Block, base: &str) -> Html {
    match block {
        Block::Paragraph { text } => html! { <p dir="auto">{ inline(text, base) }</p> },
        Block::Heading { text, level } => {
            let tag = match level {
                3 => "h3",
                4 => "h4",
                _ => "h2",
            };
            html! { <@{tag} class="aw-subhead" dir="auto">{ text }</@> }
        }
        Block::Quote { text, cite } => html! {
            <figure class="aw-quote">
                <blockquote dir="auto"><p>{ inline(text, base) }</p></blockquote>
                if let Some(cite) = cite {
                    <figcaption dir="auto">{ cite }</figcaption>
                }
            </figure>
        },
        Block::List { ordered, items } => {
            let items = items.iter().map(|item| html! { <li dir="auto">{ inline(item, base) }</li> });
            if *ordered {
                html! { <ol class="aw-list">{ for items }</ol> }
            } else {
                html! { <ul class="aw-list">{ for items }</ul> }
            }
        }
        Block::Image { src, alt, caption, credit, width, height } => {
            let src = resolve_http_url(src, base);
            if src.is_none() && caption.is_none() {
                return html! {};
            }
            html! {
                <figure class="aw-figure">
                    if let Some(src) = src {
                        <img {src} alt={alt.clone()} loading="lazy" decoding="async"
                             width={width.map(|w| w.to_string())} height={height.map(|h| h.to_string())} />
                    }
                    if caption.is_some() || credit.is_some() {
                        <figcaption dir="auto">
                            { caption.clone().unwrap_or_default() }
                            if let Some(credit) = credit {
                                <span class="aw-credit">{ credit }</span>
                            }
                        </figcaption>
                    }
                </figure>
            }
        }
    }
}

/// Text and its links: each run a text node, a link only when its address
/// resolves to http(s) (anything else shows as its words), line breaks as
/// `<br>`.
fn inline(text: &Inline, base: &str) -> Html {
    html! {
        { for text.0.iter().map(|span| {
            let words = lines(&span.text);
            match span.href.as_deref().and_then(|h| resolve_http_url(h, base)) {
                Some(href) => html! { <a {href} rel="noopener">{ words }</a> },
                None => words,
            }
        }) }
    }
}

/// Text with its line breaks drawn.
fn lines(text: &str) -> Html {
    if !text.contains('\n') {
        return html! { { text } };
    }
    html! {
        { for text.split('\n').enumerate().map(|(i, line)| html! {
            <>
                if i > 0 { <br /> }
                { line }
            </>
        }) }
    }
}
