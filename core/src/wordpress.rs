//! WordPress as a source and a backend, the parts that need no browser:
//! where a site's REST API answers and the addresses the widget asks it
//! for; a post (its HTML already turned into text and blocks by the
//! browser's parser) made into an [`Article`]; and every answer WordPress
//! gives to a posted comment, reduced to the widget's own outcomes, which
//! the reader sees in the widget's words (WordPress's own texts are partly
//! English and carry entities: they are never shown).
//!
//! What a real WordPress 6.1 does, as tried on Debian's package: `date_gmt`
//! has no zone; `_embed` may name the relations wanted (5.4 and later);
//! `?slug=` answers a list; the comment list's `X-WP-Total` is readable
//! from other origins; anonymous REST comments are refused (401
//! `rest_comment_login_required`) unless the site allows them; flood is a
//! 400 `comment_flood` after 15 s; duplicates a 409 `comment_duplicate`.

use serde::Serialize;

use crate::comment::{CommentError, Field, Problem, Publication, ValidComment};
use crate::model::{Article, Block, Crumb};
use crate::time::Timestamp;
use crate::url::{parse_query, with_query};

/// The relations a post is asked with, when its address does not say
/// (`_embed=1` would bring every comment, with its author's avatar hash).
pub const EMBED: &str = "author,wp:term,wp:featuredmedia";

/// WordPress's default interval between two comments of one reader (its
/// `comment_flood_filter`), which its flood answer does not state.
pub const FLOOD_SECONDS: u32 = 15;

/// How deep replies nest when the site does not say (WordPress's default
/// "nested comments" depth), and on the reference server.
pub const DEFAULT_THREAD_DEPTH: u32 = 5;

/// Where a site's REST API answers: `https://site/wp-json/` with pretty
/// permalinks, or `https://site/?rest_route=` on any site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rest {
    /// `https://site/wp-json/`, or the address before `?rest_route=`.
    base: String,
    query_form: bool,
}

impl Rest {
    /// The REST API of the site that answered `url`, when `url` is a route of
    /// it: `…/wp-json/wp/v2/…` or `…?rest_route=/wp/v2/…`.
    pub fn of(url: &str) -> Option<Rest> {
        let (before_query, query) = url.split('#').next().unwrap_or(url).split_once('?').unwrap_or((url, ""));
        if let Some(at) = before_query.find("/wp-json/") {
            return Some(Rest { base: before_query[..at + "/wp-json/".len()].to_owned(), query_form: false });
        }
        let route = parse_query(query).into_iter().find(|(name, _)| name == "rest_route")?.1;
        let route = route.replace("%2F", "/").replace("%2f", "/");
        route.starts_with("/wp/").then(|| Rest { base: before_query.to_owned(), query_form: true })
    }

    /// The address of `route` (`wp/v2/comments`), with `query`.
    pub fn url(&self, route: &str, query: &[(&str, String)]) -> String {
        let mut params: Vec<(String, String)> = Vec::with_capacity(query.len() + 1);
        let address = if self.query_form {
            params.push(("rest_route".into(), format!("/{route}")));
            self.base.clone()
        } else {
            format!("{}{route}", self.base)
        };
        params.extend(query.iter().map(|(name, value)| ((*name).to_owned(), value.clone())));
        with_query(&address, &params)
    }

    /// The site's home page, as far as its REST address tells.
    pub fn home(&self) -> String {
        match self.base.strip_suffix("wp-json/") {
            Some(home) if !self.query_form => home.to_owned(),
            _ => {
                let end = self.base.rfind('/').map_or(self.base.len(), |n| n + 1);
                self.base[..end].to_owned()
            }
        }
    }

    /// The comment list of a post: what drafts are kept under, and where
    /// the widget reads comments.
    pub fn comments(&self, post: u64) -> String {
        self.url("wp/v2/comments", &[("post", post.to_string())])
    }
}

/// `url` as the widget requests it: a WordPress post asked with its
/// author, terms and picture (unless the address already chooses what to
/// embed); any other address as written.
pub fn article_url(url: &str) -> String {
    let query = url.split('#').next().unwrap_or(url).split_once('?').map_or("", |(_, q)| q);
    if Rest::of(url).is_none() || parse_query(query).iter().any(|(name, _)| name == "_embed") {
        return url.to_owned();
    }
    with_query(url, &[("_embed".into(), EMBED.into())])
}

/// A WordPress `date_gmt` (`2024-04-19T14:05:00`, UTC without a zone) as
/// a timestamp; one with a zone is taken as written.
pub fn gmt(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    Timestamp::parse(&format!("{text}Z")).or_else(|| Timestamp::parse(text))
}

/// What a site running the article-widget plugin announces on each post
/// (`article_widget`); a site without it gets WordPress's defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Support {
    /// The site accepts (and replays) an `Idempotency-Key`: without the
    /// plugin, WordPress's CORS refuses the header and nothing is sent.
    pub idempotency_key: bool,
    /// How deep replies nest (1: no threads).
    pub thread_depth: u32,
    /// Whether readers without an account may post now; unknown without the plugin.
    pub anonymous_comments: Option<bool>,
}

impl Default for Support {
    fn default() -> Support {
        Support { idempotency_key: false, thread_depth: DEFAULT_THREAD_DEPTH, anonymous_comments: None }
    }
}

/// A post's place on its site: what the comment section and the related
/// sidebar need to talk to WordPress about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    pub rest: Rest,
    pub post: u64,
    /// `comment_status` is `open` (or not said).
    pub comments_open: bool,
    pub support: Support,
    pub categories: Vec<u64>,
    pub tags: Vec<u64>,
}

/// A WordPress post, as read from its REST answer, its HTML already turned
/// into text and blocks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Post {
    pub id: u64,
    /// Its page on the site.
    pub link: Option<String>,
    pub date_gmt: Option<String>,
    pub modified_gmt: Option<String>,
    pub title: String,
    pub excerpt: Option<String>,
    pub body: Vec<Block>,
    /// Protected by a password: WordPress sends no content.
    pub protected: bool,
    pub author: Option<String>,
    /// Its first category.
    pub category: Option<Term>,
    pub featured: Option<Picture>,
}

/// A category or tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub name: String,
    pub link: Option<String>,
}

/// A featured image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    pub src: String,
    pub alt: String,
    pub caption: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// Why a post cannot be shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PostProblem {
    Protected,
    NoDate,
}

impl std::fmt::Display for PostProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PostProblem::Protected => f.write_str("the post is protected by a password"),
            PostProblem::NoDate => f.write_str("the post has no `date_gmt` (is it published?)"),
        }
    }
}

impl std::error::Error for PostProblem {}

/// The post as an article of the widget: the excerpt as its lead (shown
/// once: not again as the first paragraph, and not at all when WordPress
/// made it up from the text), the featured image first, a breadcrumb from
/// the site's home (`home`, a crumb without a label) to its category.
pub fn article(post: Post, home: Option<String>) -> Result<Article, PostProblem> {
    if post.protected {
        return Err(PostProblem::Protected);
    }
    let published_at = post.date_gmt.as_deref().and_then(gmt).ok_or(PostProblem::NoDate)?;
    let mut body = post.body;
    let mut lead = post.excerpt.filter(|e| !e.trim().is_empty());
    lead = lead_once(lead, &mut body);
    if body.is_empty() {
        // Only an excerpt: it is the text.
        body.extend(lead.take().map(|l| Block::Paragraph { text: l.into() }));
    }
    if let Some(picture) = post.featured {
        if !body.iter().take(2).any(|b| matches!(b, Block::Image { src, .. } if same_picture(src, &picture.src))) {
            let Picture { src, alt, caption, width, height } = picture;
            body.insert(0, Block::Image { src, alt, caption, credit: None, width, height });
        }
    }
    let mut breadcrumb = Vec::new();
    if let Some(term) = &post.category {
        breadcrumb.extend(home.map(|url| Crumb { label: String::new(), url: Some(url) }));
        breadcrumb.push(Crumb { label: term.name.clone(), url: term.link.clone() });
    }
    Ok(Article {
        id: post.id.to_string(),
        url: post.link,
        lang: None,
        breadcrumb,
        category: post.category.map(|t| t.name),
        title: post.title,
        published_at,
        updated_at: post.modified_gmt.as_deref().and_then(gmt),
        author: post.author.filter(|a| !a.trim().is_empty()),
        view_count: None,
        comment_count: None,
        lead,
        body,
        signature: None,
    })
}

/// Text with its white space collapsed, for comparing.
fn squeezed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The lead, shown once: a first paragraph that repeats it goes (the lead
/// written as excerpt and again as the opening, as news sites do), unless
/// it carries links, which the lead (text only) would lose: then the
/// paragraph stays and the lead goes (WordPress's excerpt of a short post
/// is its whole text); a lead that WordPress cut from the text itself
/// ("… […]") goes.
fn lead_once(lead: Option<String>, body: &mut Vec<Block>) -> Option<String> {
    let lead = lead?;
    let wanted = squeezed(&lead);
    if let Some(Block::Paragraph { text }) = body.first() {
        if squeezed(&text.plain()) == wanted {
            if text.has_links() {
                return None;
            }
            body.remove(0);
            return Some(lead);
        }
    }
    // WordPress's own excerpt: the text's first words, then an ellipsis.
    let cut = wanted.find(['…', '[']).map_or(wanted.as_str(), |n| &wanted[..n]).trim_end();
    let text: Vec<String> = body
        .iter()
        .take(8)
        .filter_map(|b| match b {
            Block::Paragraph { text } => Some(text.plain().into_owned()),
            _ => None,
        })
        .collect();
    let made_up = cut.chars().count() >= 20 && cut.len() < wanted.len() && squeezed(&text.join(" ")).starts_with(cut);
    (!made_up).then_some(lead)
}

/// The same image file, whatever size WordPress cut it to (`a-1024x576.jpg`).
fn same_picture(a: &str, b: &str) -> bool {
    fn stem(src: &str) -> &str {
        let path = src.split(['?', '#']).next().unwrap_or(src);
        let path = path.rsplit_once('.').map_or(path, |(stem, _)| stem);
        match path.rsplit_once('-') {
            Some((stem, size)) if size.split_once('x').is_some_and(|(w, h)| is_number(w) && is_number(h)) => stem,
            _ => path,
        }
    }
    fn is_number(s: &str) -> bool {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
    }
    stem(a) == stem(b)
}

/// The query for related posts: posts sharing a category or a tag with the
/// article (any one of them), the article excluded, with their picture and
/// terms, `count` of them, newest first.
pub fn related_url(rest: &Rest, post: u64, categories: &[u64], tags: &[u64], count: usize) -> String {
    let list = |ids: &[u64]| ids.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
    let mut query = vec![
        ("exclude", post.to_string()),
        ("per_page", count.clamp(1, 100).to_string()),
        ("_embed", "wp:featuredmedia,wp:term".to_owned()),
        ("_fields", "id,link,title,excerpt,date_gmt,_links,_embedded".to_owned()),
    ];
    if !categories.is_empty() {
        query.push(("categories", list(categories)));
    }
    if !tags.is_empty() {
        query.push(("tags", list(tags)));
    }
    if !categories.is_empty() && !tags.is_empty() {
        query.push(("tax_relation", "OR".to_owned()));
    }
    rest.url("wp/v2/posts", &query)
}

/// A comment as WordPress's `POST /wp/v2/comments` takes it.
#[derive(Debug, PartialEq, Serialize)]
pub struct NewComment<'a> {
    pub post: u64,
    #[serde(skip_serializing_if = "is_zero")]
    pub parent: u64,
    pub author_name: &'a str,
    pub author_email: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub author_url: &'a str,
    pub content: &'a str,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl<'a> NewComment<'a> {
    /// A valid comment on `post`, as WordPress takes it (a parent that is not
    /// a WordPress id is none).
    pub fn new(post: u64, comment: &'a ValidComment) -> NewComment<'a> {
        NewComment {
            post,
            parent: comment.parent().and_then(|p| p.parse().ok()).unwrap_or(0),
            author_name: comment.author(),
            author_email: comment.email(),
            author_url: comment.website().unwrap_or(""),
            content: comment.body(),
        }
    }
}

/// A created comment's `status`: published, or held (`hold`, and whatever
/// else a plugin may answer, such as `spam`: not visible, as far as the
/// reader knows, until a moderator lets it through).
pub fn publication(status: &str) -> Publication {
    if status == "approved" {
        Publication::Published
    } else {
        Publication::Pending
    }
}

/// The field limits of WordPress's comment table, which it answers with
/// `comment_*_column_length` (the widget's own limits are lower except for
/// the email address, 100 characters here, and the website, 200).
fn column(code: &str) -> Option<(Field, usize)> {
    Some(match code {
        "comment_author_column_length" => (Field::Author, 245),
        "comment_author_email_column_length" => (Field::Email, 100),
        "comment_author_url_column_length" => (Field::Website, 200),
        "comment_content_column_length" => (Field::Body, 65_525),
        _ => return None,
    })
}

/// A refused comment post, from WordPress's status, `code` and, for
/// `rest_invalid_param`, the parameters it names (`data.params`).
pub fn refusal(status: u16, code: &str, params: &[String]) -> CommentError {
    let field = |name: &str| match name {
        "content" => Some(Field::Body),
        "author_name" => Some(Field::Author),
        "author_email" => Some(Field::Email),
        "author_url" => Some(Field::Website),
        _ => None,
    };
    if let Some((field, max)) = column(code) {
        return CommentError::Invalid(vec![(field, Problem::TooLong { max, count: 0 })]);
    }
    match code {
        "comment_duplicate" => CommentError::Duplicate,
        "comment_flood" => CommentError::RateLimited { retry_after: FLOOD_SECONDS },
        "rest_comment_login_required" => CommentError::LoginRequired,
        "rest_comment_closed" => CommentError::Closed,
        "rest_comment_content_invalid" => CommentError::Invalid(vec![(Field::Body, Problem::Required)]),
        "rest_comment_author_data_required" => {
            CommentError::Invalid(vec![(Field::Author, Problem::Required), (Field::Email, Problem::Required)])
        }
        // In the form's order, which is the order focus takes.
        "rest_invalid_param" => CommentError::Invalid(
            Field::ALL
                .into_iter()
                .filter(|f| params.iter().any(|p| field(p) == Some(*f)))
                .map(|f| (f, Problem::Invalid))
                .collect(),
        ),
        "article_widget_idempotency_key_reused" => CommentError::KeyReused,
        _ => match status {
            429 => CommentError::RateLimited { retry_after: FLOOD_SECONDS },
            500..=599 => CommentError::Server { status },
            // Another request with this key is still being handled: try again.
            409 if code == "article_widget_idempotency_key_in_use" => CommentError::Server { status },
            _ => CommentError::Http { status },
        },
    }
}

/// The sentence for the developer console when a site refuses anonymous
/// comments: which setting changes that.
pub fn login_required_hint(site: &str) -> String {
    format!(
        "article-widget [comments]: the WordPress site {site} refuses comments from readers without an account \
         (401 rest_comment_login_required). To accept them from the widget, turn on \"Anonymous comments\" in \
         Settings → Article widget (the article-widget plugin), or add \
         add_filter('rest_allow_anonymous_comments', '__return_true'); to the site"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comment::{validate, NewComment as Typed};
    use crate::{Inline, Span};

    const SITE: &str = "https://news.example/wp-json/wp/v2/posts/4";

    #[test]
    fn rest_roots_of_both_forms_and_their_routes() {
        let pretty = Rest::of(SITE).unwrap();
        assert_eq!(
            pretty.url("wp/v2/comments", &[("post", "4".into())]),
            "https://news.example/wp-json/wp/v2/comments?post=4"
        );
        assert_eq!(pretty.home(), "https://news.example/");
        let sub = Rest::of("https://a.example/blog/wp-json/wp/v2/posts?slug=x%20y").unwrap();
        assert_eq!(sub.home(), "https://a.example/blog/");
        let query = Rest::of("https://a.example/blog/index.php?rest_route=/wp/v2/posts/4&_embed=1").unwrap();
        assert_eq!(
            query.url("wp/v2/comments", &[("post", "4".into())]),
            "https://a.example/blog/index.php?rest_route=/wp/v2/comments&post=4"
        );
        assert_eq!(query.home(), "https://a.example/blog/");
        assert_eq!(
            Rest::of("https://a.example/?rest_route=%2Fwp%2Fv2%2Fposts%2F4").unwrap().comments(4),
            "https://a.example/?rest_route=/wp/v2/comments&post=4"
        );
        assert_eq!(Rest::of("https://a.example/api/articles/4"), None);
        assert_eq!(Rest::of("https://a.example/?rest_route=/oembed/1.0"), None);
    }

    #[test]
    fn a_post_is_asked_with_what_it_shows_unless_its_address_chooses() {
        assert_eq!(article_url(SITE), format!("{SITE}?_embed=author,wp:term,wp:featuredmedia"));
        assert_eq!(
            article_url("https://n.example/wp-json/wp/v2/posts?slug=a-b#top"),
            "https://n.example/wp-json/wp/v2/posts?slug=a-b&_embed=author,wp:term,wp:featuredmedia#top"
        );
        assert_eq!(article_url(&format!("{SITE}?_embed=1")), format!("{SITE}?_embed=1"));
        assert_eq!(article_url("/api/articles/niger.json"), "/api/articles/niger.json");
    }

    #[test]
    fn dates_without_a_zone_are_utc() {
        assert_eq!(gmt("2024-04-19T14:05:00").unwrap().as_str(), "2024-04-19T14:05:00Z");
        assert_eq!(gmt("2024-04-19T14:05:00+01:00").unwrap().as_str(), "2024-04-19T14:05:00+01:00");
        assert_eq!(gmt("0000-00-00 00:00:00"), None);
        assert_eq!(gmt(""), None);
    }

    fn paragraph(text: &str) -> Block {
        Block::Paragraph { text: Inline::from(text) }
    }

    fn post() -> Post {
        Post {
            id: 4,
            link: Some("https://news.example/afrique/cooperation/niger/".into()),
            date_gmt: Some("2024-04-19T14:05:00".into()),
            modified_gmt: Some("2024-04-19T14:05:00".into()),
            title: "Les Etats-Unis acceptent".into(),
            excerpt: Some("Les soldats  américains\nprésents au Niger.".into()),
            body: vec![paragraph("Les soldats américains présents au Niger."), paragraph("Le gouvernement a annoncé.")],
            author: Some("Rédaction APA".into()),
            category: Some(Term { name: "coopération".into(), link: Some("https://news.example/rubrique/c/".into()) }),
            featured: Some(Picture {
                src: "https://news.example/up/drone.jpg".into(),
                alt: "Un drone".into(),
                caption: None,
                width: Some(1200),
                height: Some(675),
            }),
            ..Post::default()
        }
    }

    #[test]
    fn a_post_becomes_an_article_with_its_lead_once_and_its_picture_first() {
        let article = article(post(), Some("https://news.example/".into())).unwrap();
        assert_eq!(article.id, "4");
        assert_eq!(article.published_at.as_str(), "2024-04-19T14:05:00Z");
        assert_eq!(article.lead.as_deref(), Some("Les soldats  américains\nprésents au Niger."));
        assert!(matches!(&article.body[0], Block::Image { alt, width: Some(1200), .. } if alt == "Un drone"));
        assert_eq!(article.body[1], paragraph("Le gouvernement a annoncé."), "the repeated lead is gone");
        assert_eq!(article.body.len(), 2);
        let crumbs: Vec<(&str, Option<&str>)> =
            article.breadcrumb.iter().map(|c| (c.label.as_str(), c.url.as_deref())).collect();
        assert_eq!(
            crumbs,
            [("", Some("https://news.example/")), ("coopération", Some("https://news.example/rubrique/c/"))]
        );
        assert_eq!(
            (article.author.as_deref(), article.view_count, article.comment_count),
            (Some("Rédaction APA"), None, None)
        );
        assert_eq!(article.check(), Ok(()));
    }

    #[test]
    fn a_repeated_lead_with_links_in_the_text_keeps_the_paragraph_and_its_links() {
        let mut linked = post();
        let link = |text: &str, href: Option<&str>| Span { text: text.into(), href: href.map(Into::into) };
        let opening = Block::Paragraph {
            text: Inline(vec![
                link("Les soldats ", None),
                link("américains", Some("/rubrique/etats-unis/")),
                link(" présents au Niger.", None),
            ]),
        };
        linked.body[0] = opening.clone();
        linked.featured = None;
        let article = article(linked, None).unwrap();
        assert_eq!(article.lead, None, "said once, by the paragraph");
        assert_eq!(article.body[0], opening, "with its link");
        assert_eq!(article.body.len(), 2);
    }

    #[test]
    fn a_lead_made_up_by_wordpress_goes_and_a_different_one_stays() {
        let mut made_up = post();
        made_up.excerpt = Some("Les soldats américains présents au Niger. Le gouvernement […]".into());
        assert_eq!(article(made_up, None).unwrap().lead, None);
        let mut own = post();
        own.excerpt = Some("Un chapeau écrit à part.".into());
        let own = article(own, None).unwrap();
        assert_eq!(own.lead.as_deref(), Some("Un chapeau écrit à part."));
        assert_eq!(own.body.len(), 3, "nothing of the text goes");
    }

    #[test]
    fn the_featured_picture_is_not_shown_twice_and_odd_posts_are_explained() {
        let mut p = post();
        p.body.insert(
            0,
            Block::Image {
                src: "https://news.example/up/drone-1024x576.jpg".into(),
                alt: String::new(),
                caption: None,
                credit: None,
                width: None,
                height: None,
            },
        );
        let a = article(p, None).unwrap();
        assert_eq!(a.body.iter().filter(|b| matches!(b, Block::Image { .. })).count(), 1);
        assert!(a.breadcrumb.iter().all(|c| !c.label.is_empty()), "no home without its address");

        let mut only_excerpt = post();
        only_excerpt.body.clear();
        only_excerpt.featured = None;
        let a = article(only_excerpt, None).unwrap();
        assert_eq!((a.lead, a.body.len()), (None, 1));
        assert_eq!(article(Post { protected: true, ..post() }, None), Err(PostProblem::Protected));
        assert_eq!(article(Post { date_gmt: None, ..post() }, None), Err(PostProblem::NoDate));
    }

    #[test]
    fn related_posts_share_a_category_or_a_tag() {
        let rest = Rest::of(SITE).unwrap();
        assert_eq!(
            related_url(&rest, 4, &[3], &[16, 14], 20),
            "https://news.example/wp-json/wp/v2/posts?exclude=4&per_page=20&_embed=wp:featuredmedia,wp:term&_fields=id,link,title,excerpt,date_gmt,_links,_embedded&categories=3&tags=16,14&tax_relation=OR"
        );
        assert!(!related_url(&rest, 4, &[], &[2], 20).contains("tax_relation"));
    }

    #[test]
    fn a_comment_as_wordpress_takes_it() {
        let typed = Typed {
            author: "Awa".into(),
            email: "awa@example.org".into(),
            body: " Bonjour ".into(),
            parent: Some("12".into()),
            ..Typed::default()
        };
        let valid = validate(&typed).unwrap();
        let json = serde_json::to_string(&NewComment::new(4, &valid)).unwrap();
        assert_eq!(
            json,
            r#"{"post":4,"parent":12,"author_name":"Awa","author_email":"awa@example.org","content":"Bonjour"}"#
        );
        let top = validate(&Typed { parent: None, website: Some("https://a.example".into()), ..typed }).unwrap();
        assert_eq!(
            serde_json::to_string(&NewComment::new(4, &top)).unwrap(),
            r#"{"post":4,"author_name":"Awa","author_email":"awa@example.org","author_url":"https://a.example","content":"Bonjour"}"#
        );
    }

    #[test]
    fn every_answer_to_a_post_is_an_outcome_of_the_widget() {
        use CommentError::*;
        assert_eq!(
            (publication("approved"), publication("hold"), publication("spam")),
            (Publication::Published, Publication::Pending, Publication::Pending)
        );
        let none: &[String] = &[];
        assert_eq!(refusal(409, "comment_duplicate", none), Duplicate);
        assert_eq!(refusal(400, "comment_flood", none), RateLimited { retry_after: 15 });
        assert_eq!(refusal(429, "comment_flood", none), RateLimited { retry_after: 15 });
        assert_eq!(refusal(401, "rest_comment_login_required", none), LoginRequired);
        assert_eq!(refusal(403, "rest_comment_closed", none), Closed);
        assert_eq!(refusal(400, "rest_comment_content_invalid", none), Invalid(vec![(Field::Body, Problem::Required)]));
        assert_eq!(
            refusal(400, "rest_comment_author_data_required", none),
            Invalid(vec![(Field::Author, Problem::Required), (Field::Email, Problem::Required)])
        );
        assert_eq!(
            refusal(400, "rest_invalid_param", &["author_url".into(), "post".into(), "author_email".into()]),
            Invalid(vec![(Field::Email, Problem::Invalid), (Field::Website, Problem::Invalid)])
        );
        assert_eq!(refusal(400, "rest_invalid_param", &["parent".into()]), Invalid(Vec::new()));
        assert_eq!(
            refusal(400, "comment_author_email_column_length", none),
            Invalid(vec![(Field::Email, Problem::TooLong { max: 100, count: 0 })])
        );
        assert_eq!(
            refusal(400, "comment_content_column_length", none),
            Invalid(vec![(Field::Body, Problem::TooLong { max: 65_525, count: 0 })])
        );
        assert_eq!(refusal(409, "article_widget_idempotency_key_reused", none), KeyReused);
        assert_eq!(refusal(409, "article_widget_idempotency_key_in_use", none), Server { status: 409 });
        assert_eq!(refusal(403, "article_widget_origin_not_allowed", none), Http { status: 403 });
        assert_eq!(refusal(403, "rest_comment_invalid_post_id", none), Http { status: 403 });
        assert_eq!(refusal(503, "", none), Server { status: 503 });
        for error in [LoginRequired, Closed] {
            assert!(!error.retryable());
            for lang in crate::Lang::ALL {
                assert!(!error.message(lang).contains("rest_"), "WordPress's words never reach the reader");
            }
        }
        assert_eq!(Closed.message(crate::Lang::Fr), "Les commentaires sont fermés pour cet article.");
        let hint = login_required_hint("https://news.example/");
        assert!(hint.contains("rest_allow_anonymous_comments") && hint.contains("Anonymous comments"), "{hint}");
    }
}
