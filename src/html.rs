//! HTML from outside (a WordPress post's content, its title and excerpt,
//! its comments) read into the widget's own plain model by the browser's
//! own HTML parser, in an inert document: `DOMParser` makes a document that
//! has no window, so nothing in it runs or loads (no script, no `onerror`,
//! no image or frame request), and nothing of it is ever put in the page.
//! Only the text and a few attributes (`href`, `src`, `alt`, `width`,
//! `height`) are read; every other attribute, event handlers included, is
//! never looked at.
//!
//! What becomes what: `p` a paragraph, `h1`–`h6` a heading (2 to 4), `ul`
//! and `ol` a list, `blockquote` a quote (its `cite` the citation), `img`
//! (in a `figure`, with its `figcaption`) an image, `a` a link when its
//! address is http(s) or relative, `br` a line break. Scripts, styles,
//! frames, objects, media, SVG, MathML, form controls and the document's
//! head are dropped with what they hold; any other element (`div`,
//! `span`, `strong`, `form`, `table`, an unknown tag) is dropped and its
//! text kept where it stands.

use article_widget_core::{url, Block, Inline, Span};
use wasm_bindgen::JsCast;
use web_sys::{DomParser, Element, Node, SupportedType};

/// A line break (`<br>`) while text is gathered, made `\n` once white space
/// is collapsed (which would take a `\n` for a space).
const BREAK: char = '\u{2028}';

/// The blocks of an HTML fragment.
pub fn blocks(html: &str) -> Vec<Block> {
    let mut reader = Reader::default();
    if let Some(body) = parse(html) {
        reader.children(&body);
    }
    reader.end_paragraph();
    reader.blocks
}

/// The text of an HTML fragment (a title, an excerpt, a name, a comment):
/// tags gone, entities decoded, white space collapsed, paragraphs apart by
/// a blank line and line breaks kept; images, scripts and the like leave
/// nothing.
pub fn text(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return collapse(&[Span { text: html.to_owned(), href: None }]).0.into_iter().map(|s| s.text).collect();
    }
    let pieces: Vec<String> = blocks(html)
        .into_iter()
        .filter_map(|block| match block {
            Block::Paragraph { text } | Block::Quote { text, .. } => Some(text.plain().into_owned()),
            Block::Heading { text, .. } => Some(text),
            Block::List { items, .. } => Some(items.iter().map(|i| i.plain()).collect::<Vec<_>>().join("\n")),
            Block::Image { caption, .. } => caption,
        })
        .collect();
    pieces.join("\n\n")
}

/// The text of an HTML fragment on one line (a title, a name): as
/// [`text`], with its paragraphs and line breaks run together by a space
/// (an image between words leaves one space, not a paragraph break).
pub fn line(html: &str) -> String {
    text(html).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The fragment's `<body>` in a document of its own that nothing runs in.
fn parse(html: &str) -> Option<Element> {
    let document = DomParser::new().ok()?.parse_from_string(html, SupportedType::TextHtml).ok()?;
    document.body().map(Into::into)
}

/// What an element is to the reader.
enum Kind {
    /// Not text (code, styles, embedded content, controls): dropped whole.
    Dropped,
    /// Starts and ends a block of text (`div`, `section`, `tr` …).
    Boundary,
    Paragraph,
    Heading(u8),
    List(bool),
    Quote,
    Figure,
    Image,
    Link,
    Break,
    /// A table cell: its text flows on, a space apart from its neighbours'.
    Cell,
    /// Anything else: its text flows on (`span`, `strong`, unknown tags).
    Inline,
}

fn kind(name: &str) -> Kind {
    match name {
        "script" | "style" | "template" | "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "svg"
        | "math" | "canvas" | "video" | "audio" | "picture" | "source" | "track" | "map" | "head" | "title"
        | "meta" | "link" | "base" | "input" | "select" | "textarea" | "option" | "datalist" | "noembed" | "param"
        | "portal" => Kind::Dropped,
        "p" => Kind::Paragraph,
        "h1" | "h2" => Kind::Heading(2),
        "h3" => Kind::Heading(3),
        "h4" | "h5" | "h6" => Kind::Heading(4),
        "ul" => Kind::List(false),
        "ol" => Kind::List(true),
        "blockquote" => Kind::Quote,
        "figure" => Kind::Figure,
        "img" => Kind::Image,
        "a" => Kind::Link,
        "br" => Kind::Break,
        "td" | "th" => Kind::Cell,
        "div" | "section" | "article" | "main" | "header" | "footer" | "aside" | "nav" | "address" | "center"
        | "details" | "summary" | "dl" | "dt" | "dd" | "hgroup" | "pre" | "hr" | "table" | "caption" | "tr" | "li"
        | "fieldset" | "legend" | "figcaption" | "body" | "noscript" => Kind::Boundary,
        _ => Kind::Inline,
    }
}

#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    /// The paragraph being gathered.
    spans: Vec<Span>,
    /// The address of the link being read, if it is one the widget may show.
    link: Option<String>,
    /// Inside a `blockquote`: its `cite`, read apart.
    cite: Option<String>,
}

impl Reader {
    fn children(&mut self, node: &Node) {
        let children = node.child_nodes();
        for i in 0..children.length() {
            if let Some(child) = children.item(i) {
                self.node(&child);
            }
        }
    }

    fn node(&mut self, node: &Node) {
        match node.node_type() {
            Node::TEXT_NODE => {
                let text = node.node_value().unwrap_or_default();
                self.push(text);
            }
            Node::ELEMENT_NODE => {
                if let Some(element) = node.dyn_ref::<Element>() {
                    self.element(element);
                }
            }
            // Comments, processing instructions: nothing a reader reads.
            _ => {}
        }
    }

    fn push(&mut self, text: String) {
        match self.spans.last_mut() {
            Some(last) if last.href == self.link => last.text.push_str(&text),
            _ => self.spans.push(Span { text, href: self.link.clone() }),
        }
    }

    fn element(&mut self, element: &Element) {
        match kind(&element.local_name()) {
            Kind::Dropped => {}
            Kind::Inline => self.children(element),
            Kind::Break => self.push(BREAK.to_string()),
            Kind::Cell => {
                self.push(" ".into());
                self.children(element);
                self.push(" ".into());
            }
            Kind::Link => {
                let href = element.get_attribute("href").and_then(|h| url::safe_link(&h));
                // A link inside a link keeps the outer one (browsers do not nest them).
                let outer = self.link.clone();
                if outer.is_none() {
                    self.link = href;
                }
                self.children(element);
                self.link = outer;
            }
            Kind::Boundary | Kind::Paragraph => {
                self.end_paragraph();
                self.children(element);
                self.end_paragraph();
            }
            Kind::Heading(level) => {
                self.end_paragraph();
                let text = self.gather(element).plain().into_owned();
                if !text.is_empty() {
                    self.blocks.push(Block::Heading { text, level });
                }
            }
            Kind::List(ordered) => {
                self.end_paragraph();
                let mut items = Vec::new();
                self.list_items(element, &mut items);
                if !items.is_empty() {
                    self.blocks.push(Block::List { ordered, items });
                }
            }
            Kind::Quote => self.quote(element),
            Kind::Figure => self.figure(element),
            Kind::Image => {
                self.end_paragraph();
                self.blocks.push(image(element, None));
            }
        }
    }

    /// The text of `element` alone, as one paragraph's inline text; blocks
    /// found inside it (an image in a heading) come after.
    fn gather(&mut self, element: &Element) -> Inline {
        let mut inner = Reader { link: self.link.clone(), ..Reader::default() };
        inner.children(element);
        let text = collapse(&inner.spans);
        self.blocks.append(&mut inner.blocks);
        text
    }

    /// Every `li` of a list, its own text first and the items of a list
    /// nested in it after, flattened.
    fn list_items(&mut self, list: &Element, items: &mut Vec<Inline>) {
        let children = list.children();
        for i in 0..children.length() {
            let Some(child) = children.item(i) else { continue };
            match child.local_name().as_str() {
                "li" => {
                    let mut inner = Reader::default();
                    let mut nested = Vec::new();
                    let grand = child.child_nodes();
                    for j in 0..grand.length() {
                        let Some(node) = grand.item(j) else { continue };
                        match node.dyn_ref::<Element>().map(|e| e.local_name()) {
                            Some(name) if name == "ul" || name == "ol" => {
                                self.list_items(node.unchecked_ref(), &mut nested)
                            }
                            _ => inner.node(&node),
                        }
                    }
                    inner.end_paragraph();
                    let (text, mut rest) = one_text(inner.blocks);
                    if !text.plain().trim().is_empty() {
                        items.push(text);
                    }
                    items.append(&mut nested);
                    self.blocks.append(&mut rest);
                }
                "ul" | "ol" => self.list_items(&child, items),
                _ => {}
            }
        }
    }

    /// A quotation: its paragraphs as one text (a line between them), its
    /// `cite` as the citation; images in it come after.
    fn quote(&mut self, element: &Element) {
        self.end_paragraph();
        let mut inner = Reader::default();
        inner.quote_children(element);
        inner.end_paragraph();
        let cite = inner.cite.take().filter(|c| !c.is_empty());
        let (text, mut rest) = one_text(inner.blocks);
        if !text.0.is_empty() {
            self.blocks.push(Block::Quote { text, cite });
        }
        self.blocks.append(&mut rest);
    }

    fn quote_children(&mut self, element: &Element) {
        let children = element.child_nodes();
        for i in 0..children.length() {
            let Some(node) = children.item(i) else { continue };
            match node.dyn_ref::<Element>() {
                Some(e) if e.local_name() == "cite" && self.cite.is_none() => {
                    let text = self.gather(e).plain().into_owned();
                    self.cite = Some(text);
                }
                _ => self.node(&node),
            }
        }
    }

    /// A figure with one image is that image, captioned by its
    /// `figcaption`; any other figure (a gallery, a quotation, a table) is
    /// read as what it holds.
    fn figure(&mut self, element: &Element) {
        self.end_paragraph();
        let images = element.query_selector_all("img").map_or(0, |all| all.length());
        let img = element.query_selector("img").ok().flatten().filter(|_| images == 1);
        let Some(img) = img else {
            self.children(element);
            self.end_paragraph();
            return;
        };
        let caption = element.query_selector("figcaption").ok().flatten().map(|c| self.gather(&c).plain().into_owned());
        self.blocks.push(image(&img, caption.filter(|c| !c.is_empty())));
    }

    /// The paragraph gathered so far becomes a block, unless it is blank.
    fn end_paragraph(&mut self) {
        let spans = std::mem::take(&mut self.spans);
        let text = collapse(&spans);
        if !text.plain().trim().is_empty() {
            self.blocks.push(Block::Paragraph { text });
        }
    }
}

/// The text of blocks as one text, a line apart (a quotation's paragraphs,
/// a list item's), and the blocks that are not text (images), to follow it.
fn one_text(blocks: Vec<Block>) -> (Inline, Vec<Block>) {
    let mut spans: Vec<Span> = Vec::new();
    let mut rest = Vec::new();
    for block in blocks {
        let text = match block {
            Block::Paragraph { text } | Block::Quote { text, .. } => text,
            Block::Heading { text, .. } => Inline::from(text),
            Block::List { items, .. } => {
                let lines = items.into_iter().map(|i| i.0);
                let mut all = Vec::new();
                for (n, line) in lines.enumerate() {
                    if n > 0 {
                        append(&mut all, Span { text: "\n".into(), href: None });
                    }
                    line.into_iter().for_each(|span| append(&mut all, span));
                }
                Inline(all)
            }
            other => {
                rest.push(other);
                continue;
            }
        };
        if !spans.is_empty() {
            append(&mut spans, Span { text: "\n".into(), href: None });
        }
        for span in text.0 {
            append(&mut spans, span);
        }
    }
    (Inline(spans), rest)
}

/// An image block from an `img`: its source, alternative text and size;
/// a source the widget may not load is kept out (the block then shows its
/// caption, or nothing).
fn image(img: &Element, caption: Option<String>) -> Block {
    let size = |name| img.get_attribute(name).and_then(|v| v.trim().parse::<u32>().ok()).filter(|n| *n > 0);
    Block::Image {
        src: img.get_attribute("src").and_then(|s| url::safe_link(&s)).unwrap_or_default(),
        alt: collapse(&[Span { text: img.get_attribute("alt").unwrap_or_default(), href: None }]).plain().into_owned(),
        caption,
        credit: None,
        width: size("width"),
        height: size("height"),
    }
}

/// White space collapsed as HTML shows it (runs of spaces, tabs and line
/// ends as one space, none at either end), line breaks as `\n`, and
/// neighbouring runs with the same address merged; a space between a link
/// and plain text stays out of the link.
fn collapse(spans: &[Span]) -> Inline {
    let mut out: Vec<Span> = Vec::new();
    let mut space = false;
    let mut started = false;
    for span in spans {
        for c in span.text.chars() {
            if c == BREAK {
                // A line break swallows the spaces around it.
                push_char(&mut out, '\n', &span.href);
                space = false;
                started = false;
            } else if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
                space = started;
            } else {
                if space {
                    // Into the plain text on either side, when there is one.
                    let href = match out.last() {
                        Some(last) if last.href.is_none() => None,
                        _ => span.href.clone(),
                    };
                    push_char(&mut out, ' ', &href);
                    space = false;
                }
                push_char(&mut out, c, &span.href);
                started = true;
            }
        }
    }
    // No line break at either end.
    while out.first().is_some_and(|s| s.text.starts_with('\n')) {
        let first = &mut out[0];
        first.text.remove(0);
        if first.text.is_empty() {
            out.remove(0);
        }
    }
    while out.last().is_some_and(|s| s.text.ends_with('\n')) {
        let last = out.last_mut().map(|l| {
            l.text.pop();
            l.text.is_empty()
        });
        if last == Some(true) {
            out.pop();
        }
    }
    Inline(out)
}

/// Adds a run of text, merged into the last one when both have the same address.
fn append(spans: &mut Vec<Span>, span: Span) {
    match spans.last_mut() {
        Some(last) if last.href == span.href => last.text.push_str(&span.text),
        _ => spans.push(span),
    }
}

fn push_char(out: &mut Vec<Span>, c: char, href: &Option<String>) {
    match out.last_mut() {
        Some(last) if &last.href == href => last.text.push(c),
        _ => out.push(Span { text: c.to_string(), href: href.clone() }),
    }
}
