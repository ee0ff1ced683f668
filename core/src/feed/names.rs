//! Which element is which, whatever prefix a feed gives its namespaces.
//!
//! The XML reader keeps names as written (`media:content`). Feeds almost
//! always use the usual prefixes, but not always: .NET writes Atom links in
//! RSS as `a10:link`, and a feed may bind Media RSS to `m:`. The prefixes a
//! feed declares on its root (and channel) are read here, beside the usual
//! ones for feeds that use a prefix without declaring it.

use crate::xml::Element;

/// The namespaces the reader understands beyond RSS itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Ns {
    Atom,
    Media,
    Itunes,
    Content,
    Dc,
}

const URIS: [(&str, Ns); 6] = [
    ("http://www.w3.org/2005/Atom", Ns::Atom),
    ("http://search.yahoo.com/mrss/", Ns::Media),
    ("http://search.yahoo.com/mrss", Ns::Media),
    ("http://www.itunes.com/dtds/podcast-1.0.dtd", Ns::Itunes),
    ("http://purl.org/rss/1.0/modules/content/", Ns::Content),
    ("http://purl.org/dc/elements/1.1/", Ns::Dc),
];

/// The usual prefixes, assumed when a feed uses them without declaring them.
const USUAL: [(&str, Ns); 6] = [
    ("media", Ns::Media),
    ("itunes", Ns::Itunes),
    ("content", Ns::Content),
    ("dc", Ns::Dc),
    ("atom", Ns::Atom),
    ("a10", Ns::Atom),
];

/// The prefixes of one document.
pub(super) struct Names {
    declared: Vec<(String, Ns)>,
    /// The namespace of unprefixed names (Atom in an Atom feed; none in RSS).
    default: Option<Ns>,
}

impl Names {
    /// The prefixes declared on these elements (the root, the channel).
    pub(super) fn declared_on(elements: &[&Element]) -> Names {
        let mut declared = Vec::new();
        let mut default = None;
        for element in elements {
            for (name, value) in &element.attributes {
                let Some(ns) = URIS.iter().find(|(uri, _)| uri == value).map(|(_, ns)| *ns) else { continue };
                match name.strip_prefix("xmlns") {
                    Some("") => default = Some(ns),
                    Some(prefix) => {
                        if let Some(prefix) = prefix.strip_prefix(':') {
                            declared.push((prefix.to_owned(), ns));
                        }
                    }
                    None => {}
                }
            }
        }
        Names { declared, default }
    }

    /// Whether `element` is `local` in namespace `ns`. Called for every
    /// child of every item: the local name is compared first, which rules
    /// out most elements without looking at prefixes.
    pub(super) fn is(&self, element: &Element, ns: Ns, local: &str) -> bool {
        let name = element.name.as_str();
        if !name.ends_with(local) {
            return false;
        }
        // `local` is ASCII, so this is a character boundary.
        match name[..name.len() - local.len()].strip_suffix(':') {
            Some(prefix) => self.namespace(prefix) == Some(ns),
            None => name.len() == local.len() && self.default == Some(ns),
        }
    }

    fn namespace(&self, prefix: &str) -> Option<Ns> {
        let declared = self.declared.iter().find(|(p, _)| p == prefix).map(|(_, ns)| *ns);
        declared.or_else(|| USUAL.iter().find(|(p, _)| *p == prefix).map(|(_, ns)| *ns))
    }

    /// The first child that is `local` in `ns`.
    pub(super) fn child<'a>(&self, element: &'a Element, ns: Ns, local: &str) -> Option<&'a Element> {
        element.elements().find(|e| self.is(e, ns, local))
    }
}

/// An element's text, trimmed, when there is any.
pub(super) fn non_empty_text(element: &Element) -> Option<String> {
    let text = element.text();
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}
