//! A small, tolerant XML reader for feeds (RSS, Atom): elements, attributes,
//! text, CDATA and entities; comments, processing instructions and DOCTYPE
//! are skipped. Built without recursion, so a hostile document cannot
//! exhaust the stack, and without a dependency, so the wasm stays small.
//! A document cut short or with mismatched tags is an error: a truncated
//! feed must not pass for a shorter one.

/// An element: its qualified name as written (`media:content`), its
/// attributes, and its children in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Element(Element),
    Text(String),
}

/// Why a document could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum XmlError {
    NoRoot,
    Unclosed(String),
    Mismatched { open: String, close: String },
    Malformed(usize),
    TooDeep,
}

impl std::fmt::Display for XmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            XmlError::NoRoot => f.write_str("no root element"),
            XmlError::Unclosed(name) => write!(f, "element <{name}> is not closed (document cut short?)"),
            XmlError::Mismatched { open, close } => write!(f, "</{close}> closes <{open}>"),
            XmlError::Malformed(at) => write!(f, "malformed markup at byte {at}"),
            XmlError::TooDeep => f.write_str("elements nested too deeply"),
        }
    }
}

impl std::error::Error for XmlError {}

const MAX_DEPTH: usize = 256;

impl Element {
    /// The local part of the name (`content` for `media:content`).
    pub fn local_name(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    /// Whether the local part of the name is `local` (ASCII), whatever the
    /// prefix: cheaper than comparing [`Element::local_name`].
    pub fn is_local(&self, local: &str) -> bool {
        let name = self.name.as_bytes();
        name.ends_with(local.as_bytes()) && (name.len() == local.len() || name[name.len() - local.len() - 1] == b':')
    }

    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element with this qualified name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// All text inside, child elements' included, in order.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut stack: Vec<std::slice::Iter<'_, Node>> = vec![self.children.iter()];
        while let Some(top) = stack.last_mut() {
            match top.next() {
                Some(Node::Text(t)) => out.push_str(t),
                Some(Node::Element(e)) => stack.push(e.children.iter()),
                None => {
                    stack.pop();
                }
            }
        }
        out
    }
}

/// Reads a document into its root element.
pub fn parse(input: &str) -> Result<Element, XmlError> {
    let bytes = input.as_bytes();
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            let end = input[i..].find('<').map_or(bytes.len(), |n| i + n);
            if let Some(parent) = stack.last_mut() {
                parent.children.push(Node::Text(decode_entities(&input[i..end])));
            }
            i = end;
            continue;
        }
        let rest = &input[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map(|n| n + 3).ok_or(XmlError::Malformed(i))?;
        } else if rest.starts_with("<![CDATA[") {
            let end = rest.find("]]>").ok_or(XmlError::Malformed(i))?;
            if let Some(parent) = stack.last_mut() {
                parent.children.push(Node::Text(rest[9..end].to_owned()));
            }
            i += end + 3;
        } else if rest.starts_with("<?") {
            i += rest.find("?>").map(|n| n + 2).ok_or(XmlError::Malformed(i))?;
        } else if rest.starts_with("<!") {
            i += skip_declaration(rest).ok_or(XmlError::Malformed(i))?;
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').ok_or(XmlError::Malformed(i))?;
            let name = after[..end].trim();
            let element = stack.pop().ok_or(XmlError::Malformed(i))?;
            if element.name != name {
                return Err(XmlError::Mismatched { open: element.name, close: name.to_owned() });
            }
            close(element, &mut stack, &mut root);
            i += 2 + end + 1;
        } else {
            let (element, self_closing, used) = open_tag(rest).ok_or(XmlError::Malformed(i))?;
            i += used;
            if self_closing {
                close(element, &mut stack, &mut root);
            } else {
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError::TooDeep);
                }
                stack.push(element);
            }
        }
    }
    if let Some(open) = stack.pop() {
        return Err(XmlError::Unclosed(open.name));
    }
    root.ok_or(XmlError::NoRoot)
}

fn close(element: Element, stack: &mut [Element], root: &mut Option<Element>) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(element)),
        None => {
            if root.is_none() {
                *root = Some(element);
            }
        }
    }
}

/// `<!DOCTYPE …>` with an optional internal subset in brackets.
fn skip_declaration(rest: &str) -> Option<usize> {
    let mut depth = 0;
    for (n, c) in rest.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            '>' if depth <= 0 => return Some(n + 1),
            _ => {}
        }
    }
    None
}

/// `<name attr="value" …>` or `<name … />`: the element, whether it closes
/// itself, and the bytes used.
fn open_tag(rest: &str) -> Option<(Element, bool, usize)> {
    let bytes = rest.as_bytes();
    let mut i = 1;
    let name_end = rest[i..].find(|c: char| c.is_whitespace() || c == '>' || c == '/')? + i;
    let name = rest[i..name_end].to_owned();
    if name.is_empty() {
        return None;
    }
    i = name_end;
    let mut attributes = Vec::new();
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => return Some((Element { name, attributes, children: Vec::new() }, false, i + 1)),
            b'/' if bytes.get(i + 1) == Some(&b'>') => {
                return Some((Element { name, attributes, children: Vec::new() }, true, i + 2))
            }
            _ => {}
        }
        let eq = rest[i..].find('=')? + i;
        let key = rest[i..eq].trim().to_owned();
        i = eq + 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let quote = *bytes.get(i)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let end = rest[i + 1..].find(quote as char)? + i + 1;
        attributes.push((key, decode_entities(&rest[i + 1..end])));
        i = end + 1;
    }
}

/// Replaces character references (`&#233;`, `&#xE9;`) and named entities:
/// XML's five and the HTML ones common in feeds. Unknown names stay as written.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // A reference is short: look for its `;` in the next few bytes only,
        // so a text full of lone `&` stays linear.
        let window = &rest.as_bytes()[1..rest.len().min(13)];
        let decoded = window.iter().position(|b| *b == b';').filter(|n| *n <= 10).and_then(|n| {
            let name = &rest[1..1 + n];
            let c = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = name.strip_prefix('#') {
                dec.parse().ok().and_then(char::from_u32)
            } else {
                named_entity(name)
            };
            c.map(|c| (c, n + 2))
        });
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "laquo" => '«',
        "raquo" => '»',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "agrave" => 'à',
        "acirc" => 'â',
        "ccedil" => 'ç',
        "ocirc" => 'ô',
        "icirc" => 'î',
        "ucirc" => 'û',
        "ugrave" => 'ù',
        "euml" => 'ë',
        "iuml" => 'ï',
        "Eacute" => 'É',
        "Agrave" => 'À',
        "copy" => '©',
        "euro" => '€',
        _ => return None,
    })
}

/// HTML (from a description or an `type="html"` title) to plain text: tags
/// removed (with what `script` and `style` hold), entities decoded, white
/// space collapsed.
pub fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    // Lowercased once (ASCII only, so byte offsets are the same), for finding
    // closing tags: each search starts where the last one ended, and a
    // search that fails ends the markup, so the work stays linear.
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(lt) = html[at..].find('<').map(|n| at + n) {
        text.push_str(&html[at..lt]);
        let rest = &lower[lt..];
        let close = if rest.starts_with("<script") {
            Some("</script>")
        } else if rest.starts_with("<style") {
            Some("</style>")
        } else {
            None
        };
        let end = match close {
            Some(tag) => rest.find(tag).map(|n| lt + n + tag.len()),
            None => rest.find('>').map(|n| lt + n + 1),
        };
        match end {
            Some(end) => {
                // A tag separates words ("a<br>b", "<p>a</p><p>b</p>"),
                // unless it only marks up a run of text ("<b>a</b>b",
                // Mastodon's "#<span>tag</span>").
                if !is_inline(&rest.as_bytes()[1..]) {
                    text.push(' ');
                }
                at = end;
            }
            None if close.is_some() => {
                // An unclosed script or style: nothing after it is text.
                at = html.len();
            }
            None => {
                // No ">" anywhere after: the rest, "<" included, is text.
                text.push_str(&html[lt..]);
                at = html.len();
            }
        }
    }
    text.push_str(&html[at..]);
    let decoded = decode_entities(&text);
    collapse_whitespace(&decoded)
}

/// Runs of white space as one space, none at either end.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether the tag that starts `tag` (after its `<`, a `/` allowed, names
/// in lower case) is an inline element, one that marks up a run of text
/// and does not separate words.
fn is_inline(tag: &[u8]) -> bool {
    let name = tag.strip_prefix(b"/").unwrap_or(tag);
    let end = name.iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(name.len());
    matches!(
        &name[..end],
        b"a" | b"abbr"
            | b"b"
            | b"bdi"
            | b"bdo"
            | b"cite"
            | b"code"
            | b"data"
            | b"dfn"
            | b"em"
            | b"font"
            | b"i"
            | b"kbd"
            | b"mark"
            | b"q"
            | b"s"
            | b"samp"
            | b"small"
            | b"span"
            | b"strong"
            | b"sub"
            | b"sup"
            | b"time"
            | b"u"
            | b"var"
            | b"wbr"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_elements_attributes_text_and_cdata() {
        let doc = parse(
            r#"<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x "y">]><!-- c --><rss a='1' b="&amp;2"><item><title><![CDATA[A <b>&amp;</b> B]]></title><link>https://x.example/?a=1&amp;b=2</link><media:content url="i.jpg"/></item></rss>"#,
        )
        .unwrap();
        assert_eq!(doc.name, "rss");
        assert_eq!(doc.attribute("b"), Some("&2"));
        let item = doc.child("item").unwrap();
        assert_eq!(item.child("title").unwrap().text(), "A <b>&amp;</b> B");
        assert_eq!(item.child("link").unwrap().text(), "https://x.example/?a=1&b=2");
        let media = item.child("media:content").unwrap();
        assert_eq!((media.local_name(), media.attribute("url")), ("content", Some("i.jpg")));
        assert!(media.is_local("content") && !media.is_local("ontent") && !media.is_local("a:content"));
        assert!(item.is_local("item") && !item.is_local("tem"));
    }

    #[test]
    fn truncated_or_mismatched_documents_are_errors() {
        assert_eq!(parse("<rss><item><title>x</title>"), Err(XmlError::Unclosed("item".into())));
        assert!(matches!(parse("<a><b></a>"), Err(XmlError::Mismatched { .. })));
        assert_eq!(parse(""), Err(XmlError::NoRoot));
        assert_eq!(parse("just text"), Err(XmlError::NoRoot));
        assert!(parse("<a attr=unquoted></a>").is_err());
        assert!(parse("<a><!-- never closed </a>").is_err());
        let deep = "<a>".repeat(10_000);
        assert_eq!(parse(&deep), Err(XmlError::TooDeep));
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("L&#8217;Afrique &#xE9;t&eacute; &amp;&amp; &unknown; & alone"),
            "L’Afrique été && &unknown; & alone"
        );
        assert_eq!(decode_entities("&#99999999999;"), "&#99999999999;");
    }

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            html_to_text("<p>Un <strong>gros</strong>&nbsp;titre&hellip;</p><script>alert(1)</script>"),
            "Un gros titre…"
        );
        assert_eq!(html_to_text("a<br>b"), "a b");
        assert_eq!(html_to_text("<p>a</p><p>b</p>"), "a b");
        // Inline markup, in either case, does not split a word.
        assert_eq!(html_to_text("<p><B>C</B>ap <a href=\"/t\">#<span>Sahel</span></a></p>"), "Cap #Sahel");
        assert_eq!(html_to_text("3 < 4 &lt;b&gt;"), "3 < 4 <b>");
        assert_eq!(html_to_text("<style>p{}</style>Texte"), "Texte");
        assert_eq!(html_to_text("a <script>never closed"), "a");
    }

    #[test]
    fn hostile_text_stays_linear() {
        let many_amps = "&".repeat(300_000);
        assert_eq!(decode_entities(&many_amps).len(), 300_000);
        let many_lts = "<".repeat(300_000);
        assert_eq!(html_to_text(&many_lts).len(), 300_000);
        let many_scripts = "<script>".repeat(50_000);
        assert_eq!(html_to_text(&many_scripts), "");
        // (Quadratic work on these inputs would take minutes: the suite's
        // running time shows it; no timed assertion here.)
    }
}
