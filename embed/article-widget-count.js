// article-widget-count.js: "12 commentaires" beside each headline of a
// listing page, without the article widget (no wasm): one small module
// script and one element per count.
//
//   <script type="module" src="https://cdn.example/article-widget/article-widget-count.js"></script>
//   <article-widget-count article="niger-us-withdrawal" counts-src="https://comments.example/api/counts">
//     Commentaires
//   </article-widget-count>
//   <article-widget-count article="123" wordpress-src="https://site.example/wp-json/">Commentaires</article-widget-count>
//
// Every count of the page is asked for at once: one request per counts
// server (the reference server's /api/counts, up to 100 articles a
// request), and for WordPress, which has no such batch, one request per
// post, for one comment, whose X-WP-Total header is the count. The element
// keeps its own text until the count arrives, and for good if it never
// does (server unreachable or slow, unknown article, a bad attribute). The
// count is written in the element's language (its own `lang` or the
// nearest ancestor's): "0 commentaire", "12 commentaires", "1 comment".
const BATCH = 100;
const TIMEOUT_MS = 10000;
const WORDS = { fr: ['commentaire', 'commentaires'], en: ['comment', 'comments'] };

// Elements waiting for a count, by request: "counts <src>" or "wp <root> <post>".
let waiting = new Map();
let scheduled = false;

const language = (el) => (/^fr\b/i.test(el.closest('[lang]')?.lang || navigator.language || '') ? 'fr' : 'en');

function show(el, n) {
  const lang = language(el);
  const one = new Intl.PluralRules(lang).select(n) === 'one';
  el.textContent = `${new Intl.NumberFormat(lang).format(n)}\u00a0${WORDS[lang][one ? 0 : 1]}`;
  el.dataset.count = n;
}

function fetchWithin(url) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  return fetch(url, { credentials: 'omit', signal: abort.signal }).finally(() => clearTimeout(timer));
}

function failed(what, error) {
  console.warn(`article-widget-count: no count from ${what}; the elements keep their text.`, error);
}

// One request for up to BATCH articles of one counts server.
async function countMany(src, articles) {
  const url = new URL(src, document.baseURI);
  url.searchParams.set('articles', [...articles.keys()].join(','));
  try {
    const answer = await fetchWithin(url);
    if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
    const { counts } = await answer.json();
    for (const [article, elements] of articles) {
      const n = counts?.[article];
      if (Number.isInteger(n) && n >= 0) elements.forEach((el) => show(el, n));
    }
  } catch (error) {
    failed(url.origin, error);
  }
}

async function countPost(root, post, elements) {
  const url = new URL(`wp/v2/comments?post=${encodeURIComponent(post)}&per_page=1&_fields=id`, root);
  try {
    const answer = await fetchWithin(url);
    const n = Number(answer.headers.get('X-WP-Total'));
    if (!answer.ok || !answer.headers.has('X-WP-Total') || !Number.isInteger(n) || n < 0) {
      throw new Error(`HTTP ${answer.status}, X-WP-Total ${answer.headers.get('X-WP-Total')}`);
    }
    elements.forEach((el) => show(el, n));
  } catch (error) {
    failed(url.origin, error);
  }
}

function flush() {
  scheduled = false;
  const batches = new Map();
  for (const [key, elements] of waiting) {
    const [kind, source, article] = key.split('\n');
    if (kind === 'wp') {
      countPost(source, article, elements);
      continue;
    }
    let list = batches.get(source);
    if (!list || list[list.length - 1].size >= BATCH) {
      list = [...(list || []), new Map()];
      batches.set(source, list);
    }
    list[list.length - 1].set(article, elements);
  }
  waiting = new Map();
  for (const [source, list] of batches) list.forEach((articles) => countMany(source, articles));
}

class ArticleWidgetCount extends HTMLElement {
  connectedCallback() {
    const article = (this.getAttribute('article') || '').trim();
    const counts = this.getAttribute('counts-src');
    const wordpress = this.getAttribute('wordpress-src');
    let key;
    if (!article || article.includes(',') || !counts === !wordpress) {
      console.error('article-widget-count: give `article` (an id without commas) and one of `counts-src` or `wordpress-src`', this);
      return;
    }
    try {
      key = counts
        ? `counts\n${new URL(counts, document.baseURI)}\n${article}`
        : `wp\n${new URL(wordpress.endsWith('/') ? wordpress : `${wordpress}/`, document.baseURI)}\n${article}`;
    } catch {
      console.error(`article-widget-count: ${counts || wordpress} is not a URL`, this);
      return;
    }
    waiting.set(key, [...(waiting.get(key) || []), this]);
    // Every element of the page connects before this runs: one batch.
    if (!scheduled) {
      scheduled = true;
      setTimeout(flush);
    }
  }
}

if (!customElements.get('article-widget-count')) customElements.define('article-widget-count', ArticleWidgetCount);
