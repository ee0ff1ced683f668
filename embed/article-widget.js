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
import init, { connect, disconnect, mount, remount, snapshot } from './article-widget-embed.js';

const ready = init({ module_or_path: new URL('article-widget-embed_bg.wasm', import.meta.url) });
ready.catch((error) => console.error('article-widget: the widget could not start', error));
let started = false;
ready.then(() => { started = true; }, () => {});

// Resolves once the page has painted (or after 100 ms, as in a background tab).
const painted = new Promise((resolve) => {
  requestAnimationFrame(() => setTimeout(resolve));
  setTimeout(resolve, 100);
});

// Attributes whose change redraws the widget with the new settings.
const SETTINGS = [
  'article-src', 'lang', 'theme', 'loading', 'related-src', 'related-limit', 'related-order',
  'related-campaign', 'comments-endpoint', 'comments-credentials', 'comments-csrf-meta', 'moderation-notice',
];

class ArticleWidgetElement extends HTMLElement {
  static get observedAttributes() { return SETTINGS; }

  connectedCallback() {
    this.connectedOnce = true;
    // A view already on screen (prerendered into the page) stays there while
    // the page paints: the widget takes over after, not competing with it.
    const when = this.shadowRoot ? Promise.all([ready, painted]) : ready;
    when.then(() => this.isConnected && connect(this), () => {});
  }

  disconnectedCallback() {
    // A move within the page disconnects then reconnects at once: only a
    // removal that lasts unmounts.
    ready.then(() => this.isConnected || disconnect(this), () => {});
  }

  attributeChangedCallback(name, before, after) {
    // The first values arrive before the element is connected: nothing to redo.
    if (!this.connectedOnce || before === after || this.remountQueued) return;
    this.remountQueued = true; // several changes in one go: one remount
    ready.then(() => {
      this.remountQueued = false;
      if (this.isConnected) remount(this);
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
      const handle = ready.then(() => mount(element, config));
      return Object.freeze({
        ready: handle,
        unmount: () => handle.then((h) => h.unmount()),
      });
    },
    // The article as drawn, as a declarative shadow root (<template
    // shadowrootmode="open">…</template>) a page can carry inside the element
    // to paint it before the script runs; null until the article is drawn.
    // Call it from the article-widget:ready listener.
    snapshot: (element) => (started && element instanceof Element ? snapshot(element) ?? null : null),
    ready,
  });
}
