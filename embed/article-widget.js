// article-widget.js: the one script a host page includes.
//
//   <script type="module" src="https://cdn.example/article-widget/article-widget.js"></script>
//   <article-widget article-src="/api/articles/42" lang="fr">
//     <a href="https://publisher.example/42">Lire l’article</a>
//   </article-widget>
//
// It loads the wasm next to it (whatever the path or origin), defines the
// <article-widget> element, and exposes window.ArticleWidget.mount(element,
// config) for pages that mount by hand. Until the wasm runs, and if it
// cannot run at all, the element shows its own children (the fallback link).
//
// Everything the first view needs starts at once, when this script runs:
// the wasm (compiled while it streams in), the widget's JS glue, and the
// article of every <article-widget article-src> already in the page, which
// the widget then takes over in flight instead of asking for it only once
// the wasm has started. (The release build bundles the glue into this file.)
const wasm = fetch(new URL('article-widget-embed_bg.wasm', import.meta.url));
wasm.catch(() => {}); // reported through `ready`
const articles = prefetchArticles();
const ready = import('./article-widget-embed.js').then(async (glue) => {
  await glue.default({ module_or_path: wasm });
  for (const [url, request] of articles) glue.inFlight(url, request.response, request.controller, request.started);
  // Starting the wasm (instantiating it, compiling the functions it first
  // calls) is one task, drawing the widgets another: on a slow phone each
  // is a long task already, and together they block input twice as long.
  await nextTask();
  return glue;
});
ready.catch((error) => console.error('article-widget: the widget could not start', error));
let started = null; // the glue, once the wasm runs
ready.then((glue) => { started = glue; }, () => {});

// The same request the widget would make (GET, `Accept: application/json`,
// the browser's default credentials), for each distinct address; its
// deadline runs from now, as if the widget had sent it.
function prefetchArticles() {
  const requests = new Map();
  for (const element of document.querySelectorAll('article-widget[article-src]')) {
    // An inline article wins over article-src: nothing to fetch.
    if ([...element.children].some((c) => c.localName === 'script' && c.type.trim().toLowerCase() === 'application/json')) continue;
    let url;
    try {
      url = new URL(element.getAttribute('article-src').trim(), document.baseURI);
    } catch {
      continue; // the widget says what is wrong with it
    }
    if (!/^https?:$/.test(url.protocol) || url.username || url.password) continue;
    url = withEmbed(url);
    if (requests.has(url.href)) continue;
    const controller = new AbortController();
    const response = fetch(url, { headers: { Accept: 'application/json' }, signal: controller.signal });
    response.catch(() => {}); // the widget reports it, if it takes it
    requests.set(url.href, { response, controller, started: Date.now() });
  }
  return requests;
}

// Resolves in a later task, soon (a message to ourselves: not clamped
// like a timer, not held back like one in a busy page).
function nextTask() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

// A WordPress post is asked with its author, terms and picture, unless its
// address already chooses what to embed: the address the widget asks for
// (core's wordpress::article_url; the two are tested to agree).
function withEmbed(url) {
  const route = url.searchParams.get('rest_route') ?? '';
  const wordpress = url.pathname.includes('/wp-json/') || route.startsWith('/wp/');
  if (!wordpress || url.searchParams.has('_embed')) return url;
  const embedded = new URL(url);
  embedded.search = `${url.search || '?'}${url.search.length > 1 ? '&' : ''}_embed=author,wp:term,wp:featuredmedia`;
  return embedded;
}

// Resolves once the page has painted (or after 100 ms, as in a background tab).
const painted = new Promise((resolve) => {
  requestAnimationFrame(() => setTimeout(resolve));
  setTimeout(resolve, 100);
});

// Attributes whose change redraws the widget with the new settings.
const SETTINGS = [
  'article-src', 'lang', 'theme', 'loading', 'mode', 'related-src', 'related-limit', 'related-order',
  'related-campaign', 'comments-endpoint', 'comments-credentials', 'comments-csrf-meta', 'moderation-notice',
  'comments-avatars',
];

class ArticleWidgetElement extends HTMLElement {
  static get observedAttributes() { return SETTINGS; }

  connectedCallback() {
    this.connectedOnce = true;
    // A view already on screen (prerendered into the page) stays there while
    // the page paints: the widget takes over after, not competing with it.
    const when = Promise.all(this.shadowRoot ? [ready, painted] : [ready]);
    when.then(([glue]) => this.isConnected && glue.connect(this), () => {});
  }

  disconnectedCallback() {
    // A move within the page disconnects then reconnects at once: only a
    // removal that lasts unmounts.
    ready.then((glue) => this.isConnected || glue.disconnect(this), () => {});
  }

  attributeChangedCallback(name, before, after) {
    // The first values arrive before the element is connected: nothing to redo.
    if (!this.connectedOnce || before === after || this.remountQueued) return;
    this.remountQueued = true; // several changes in one go: one remount
    ready.then((glue) => {
      this.remountQueued = false;
      if (this.isConnected) glue.remount(this);
    }, () => {});
  }
}

if (!customElements.get('article-widget')) {
  customElements.define('article-widget', ArticleWidgetElement);
}

if (!window.ArticleWidget) {
  window.ArticleWidget = Object.freeze({
    // Returns at once; the widget appears when the wasm is ready.
    mount(element, config) {
      if (!(element instanceof Element)) {
        const error = new TypeError('ArticleWidget.mount(element, config): the first argument must be an element');
        console.error(`article-widget: ${error.message}`);
        const failed = Promise.reject(error);
        failed.catch(() => {});
        return Object.freeze({ ready: failed, unmount: () => Promise.resolve() });
      }
      const handle = ready.then((glue) => glue.mount(element, config));
      return Object.freeze({
        ready: handle,
        unmount: () => handle.then((h) => h.unmount()),
      });
    },
    // The article as drawn, as a declarative shadow root (<template
    // shadowrootmode="open">…</template>) a page can carry inside the element
    // to paint it before the script runs; null until the article is drawn.
    // Call it from the article-widget:ready listener.
    snapshot: (element) => (started && element instanceof Element ? started.snapshot(element) ?? null : null),
    ready: ready.then(() => {}),
  });
}
