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
// Every count of the page is asked for at once: the elements that connect
// in one task (a parsed page, a page of results an infinite scroll appends)
// make one request per counts server (the reference server's /api/counts),
// split only past the server's cap of 100 articles or 4,000 characters of
// ids. WordPress has no such batch: one request per post, for one comment,
// whose X-WP-Total header is the count. An element keeps its own text until
// its count arrives, and for good if it never does (a server unreachable,
// failing or slower than 8 s, an unknown article, a bad attribute, which the
// console names). The count is written in the element's language, found as
// the widget finds its own: the nearest `lang` (the element's or an
// ancestor's), then the page's, then the browser's, the first that is
// French or English; English otherwise. Counts already answered are kept
// for the page's life, so an element added again asks nothing.
//
// Plain JavaScript rather than a wasm module: the whole job is one fetch and
// a few text nodes, which the widget's 170 KB of Rust would not do better.

/** The reference server's limits (server/src/counts.rs): ids a request, characters an id. */
const BATCH = 100;
const MAX_ID = 200;
/** Characters of ids in one request, so that its URL stays under what proxies accept. */
const MAX_QUERY = 4000;
const TIMEOUT_MS = 8000;
const WORDS = {
  fr: { one: 'commentaire', many: 'de commentaires', other: 'commentaires' },
  en: { one: 'comment', other: 'comments' },
};
const LANGUAGE = /^(en|fr)(-[a-z\d]{1,8})*$/i;

/** What each count is, by key ("counts <src> <id>" or "wp <root> <post>"): its elements, then its number. */
const entries = new Map();
/** Entries waiting for the next request. */
let queue = [];
/** Each element's own text (its fallback) and the key it counts under. */
const own = new WeakMap();

function locale(el) {
  const tags = [el.closest('[lang]')?.lang, document.documentElement.lang, ...(navigator.languages || [])];
  for (const tag of tags) {
    if (!LANGUAGE.test(tag || '')) continue;
    try {
      return Intl.getCanonicalLocales(tag)[0];
    } catch {
      return tag.slice(0, 2).toLowerCase();
    }
  }
  return 'en';
}

/** Intl's number format and plural rules, built once a language (each costs time the first time). */
const formats = new Map();

function write(el, n) {
  const tag = locale(el);
  if (!formats.has(tag)) formats.set(tag, [new Intl.NumberFormat(tag), new Intl.PluralRules(tag), WORDS[tag.slice(0, 2)]]);
  const [number, plural, words] = formats.get(tag);
  el.textContent = `${number.format(n)}\u00a0${words[plural.select(n)] || words.other}`;
  el.dataset.count = n;
}

function answered(entry, n) {
  entry.count = n;
  for (const el of entry.elements) if (own.get(el).key === entry.key) write(el, n);
  entry.elements.clear();
}

function failed(list, where, error) {
  for (const entry of list) entries.delete(entry.key);
  console.warn(`article-widget-count: no count from ${where}; the elements keep their text.`, error);
}

/** A GET within TIMEOUT_MS, body included; `read` turns the answer into what is wanted. */
async function ask(url, read) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
  try {
    const answer = await fetch(url, { credentials: 'omit', signal: abort.signal });
    if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
    return await read(answer);
  } finally {
    clearTimeout(timer);
  }
}

const isCount = (n) => Number.isSafeInteger(n) && n >= 0;

/** One request for a batch of articles of one counts server; an article it does not know keeps its text. */
async function countMany(src, list) {
  const url = new URL(src);
  url.searchParams.set('articles', list.map((entry) => entry.id).join(','));
  try {
    const counts = await ask(url, async (answer) => (await answer.json())?.counts);
    if (typeof counts !== 'object' || !counts) throw new Error('no `counts` in the answer');
    for (const entry of list) {
      const n = Object.prototype.hasOwnProperty.call(counts, entry.id) ? counts[entry.id] : null;
      if (isCount(n)) answered(entry, n);
      else entries.delete(entry.key);
    }
  } catch (error) {
    failed(list, url.origin, error);
  }
}

/** The number of a WordPress post's approved comments: X-WP-Total of a one-comment page. */
async function countPost(entry) {
  const url = new URL(entry.src);
  if (url.searchParams.has('rest_route')) url.searchParams.set('rest_route', '/wp/v2/comments');
  else url.pathname = `${url.pathname.replace(/\/?$/, '/')}wp/v2/comments`;
  url.searchParams.set('post', entry.id);
  url.searchParams.set('per_page', '1');
  url.searchParams.set('_fields', 'id');
  try {
    const n = await ask(url, (answer) => {
      const total = answer.headers.get('X-WP-Total');
      if (!/^\d+$/.test(total || '')) throw new Error(`X-WP-Total: ${total}`);
      return Number(total);
    });
    answered(entry, n);
  } catch (error) {
    failed([entry], url.origin, error);
  }
}

function flush() {
  const batches = new Map();
  for (const entry of queue) {
    if (entry.wordpress) {
      countPost(entry);
      continue;
    }
    const list = batches.get(entry.src) || [[]];
    let last = list[list.length - 1];
    const chars = last.reduce((sum, e) => sum + e.id.length + 1, 0);
    if (last.length >= BATCH || (last.length && chars + entry.id.length > MAX_QUERY)) list.push((last = []));
    last.push(entry);
    batches.set(entry.src, list);
  }
  queue = [];
  for (const [src, list] of batches) for (const batch of list) countMany(src, batch);
}

/** The element's count key, or why it has none. */
function keyOf(el) {
  const id = (el.getAttribute('article') || '').trim();
  const counts = el.getAttribute('counts-src');
  const wordpress = el.getAttribute('wordpress-src');
  if (!counts === !wordpress) return { error: 'give one of `counts-src` or `wordpress-src`' };
  if (!id || id.length > MAX_ID || /[,\p{Cc}]/u.test(id)) {
    return { error: `\`article\` must be an id of 1 to ${MAX_ID} characters, without commas or control characters` };
  }
  if (wordpress && !/^[1-9]\d{0,18}$/.test(id)) return { error: '`article` must be a WordPress post id (a number)' };
  let src;
  try {
    src = new URL(counts || wordpress, document.baseURI);
  } catch {
    src = {};
  }
  if (!/^https?:$/.test(src.protocol)) return { error: `${counts ? '`counts-src`' : '`wordpress-src`'} must be an http(s) URL` };
  return { key: `${wordpress ? 'wp' : 'counts'} ${src} ${id}`, src: src.href, id, wordpress: !!wordpress };
}

function request(el) {
  if (!own.has(el)) own.set(el, { fallback: el.textContent });
  const found = keyOf(el);
  own.get(el).key = found.key;
  if (found.error) {
    console.error(`article-widget-count: ${found.error}; the element keeps its text.`, el);
    return;
  }
  let entry = entries.get(found.key);
  if (!entry) {
    entry = { ...found, elements: new Set() };
    entries.set(found.key, entry);
    queue.push(entry);
    // Every element connected in this task joins the same request.
    if (queue.length === 1) setTimeout(flush);
  }
  if (entry.count !== undefined) write(el, entry.count);
  else entry.elements.add(el);
}

class ArticleWidgetCount extends HTMLElement {
  static get observedAttributes() {
    return ['article', 'counts-src', 'wordpress-src'];
  }

  connectedCallback() {
    request(this);
  }

  // An element a page reuses for another article (a virtual list) shows its
  // own text again until the new count arrives.
  attributeChangedCallback() {
    const mine = own.get(this);
    if (!mine) return; // not connected yet: connectedCallback reads the attributes
    if (this.dataset.count !== undefined) this.textContent = mine.fallback;
    delete this.dataset.count;
    mine.key = undefined;
    if (this.isConnected) request(this);
  }
}

if (!customElements.get('article-widget-count')) customElements.define('article-widget-count', ArticleWidgetCount);
