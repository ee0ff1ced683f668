// Prerenders the widgets of a page: loads the page in headless Chromium,
// takes each <article-widget>'s first view as the widget draws it
// (ArticleWidget.snapshot, on its article-widget:ready event), and writes the
// page's own HTML with that view inside each element, as a declarative shadow
// root. The article is then painted with the page, before the script runs,
// and reads without JavaScript; the widget takes over when it has loaded.
//
//   node scripts/prerender.mjs [--locale fr-FR] [--timezone Africa/Niamey] [--keep-preloads] PAGE_URL [OUT_FILE]
//
// Preload hints for the widget's files and articles (<link rel="preload">,
// <link rel="modulepreload">) are taken out of a page that gets a view:
// with the article already in the page they only compete with its first
// paint (30 to 45 ms of the demo's, measured). --keep-preloads keeps them.
//
// The browser's locale and time zone are those a widget falls back on when
// neither it, its article nor the page names a language, and the zone in
// which it writes timestamps: give the readers' own. The page runs in a
// browser without its sandbox (as root it cannot have one): prerender your
// own pages, not someone else's.
//
// The page source is read with an HTML parser (parse5), so a tag in a
// comment, a script or an attribute is never taken for a widget; each
// widget of the source is matched with the one the browser drew by its
// attributes. A widget that already has a view, or could not load its
// article, is left as it is. The view's stylesheet is an inline <style>: a
// page with a strict Content-Security-Policy allows it by the hash this
// prints on stderr.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'parse5';
import { launch } from '../e2e/harness.mjs';

// The <article-widget> elements of a parsed document, in document order
// (not inside <template> contents, which the browser does not draw either).
function widgetsOf(node, out = []) {
  if (node.tagName === 'article-widget') out.push(node);
  for (const child of node.childNodes || []) widgetsOf(child, out);
  return out;
}

const attributesKey = (pairs) => JSON.stringify([...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

// The <link> elements of a parsed document that preload one of `urls`
// (absolute, resolved against `base`).
function preloadsOf(node, urls, base, out = []) {
  if (node.tagName === 'link') {
    const attr = (name) => node.attrs.find((a) => a.name === name)?.value;
    const rel = (attr('rel') || '').toLowerCase().split(/\s+/);
    const href = attr('href');
    if ((rel.includes('preload') || rel.includes('modulepreload')) && href && urls.has(new URL(href, base).href)) out.push(node);
  }
  for (const child of node.childNodes || []) preloadsOf(child, urls, base, out);
  return out;
}

// The page at `url` with its widgets prerendered: { html, csp, views,
// skipped, preloads }. `csp` is the style-src source that allows the views'
// stylesheet; `preloads` counts the hints taken out.
export async function prerender(browser, url, { timeout = 30000, locale, timezoneId, keepPreloads = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale, timezoneId });
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__awViews = new Map();
      // At the ready event the article is drawn and the lazy sections are not yet.
      document.addEventListener('article-widget:ready', (e) => window.__awViews.set(e.target, window.ArticleWidget.snapshot(e.target)));
      document.addEventListener('article-widget:error', (e) => window.__awViews.set(e.target, null));
    });
    const response = await page.goto(url);
    if (!response?.ok()) throw new Error(`${url} answered ${response?.status() ?? 'nothing'}`);
    const source = await response.text();
    await page.waitForFunction(() => [...document.querySelectorAll('article-widget')].every((el) => window.__awViews.has(el)),
      null, { timeout });
    const drawn = await page.evaluate(() => [...document.querySelectorAll('article-widget')].map((el) => ({
      attributes: el.getAttributeNames().map((name) => [name, el.getAttribute(name)]),
      view: window.__awViews.get(el),
    })));
    // The widget's own files (next to the loader) and the articles it fetched.
    const widgetFiles = await page.evaluate(() => {
      const loader = [...document.scripts].find((s) => /(^|\/)article-widget\.js(\?|$)/.test(s.src))?.src;
      const files = loader ? ['article-widget-embed.js', 'article-widget-embed_bg.wasm'].map((f) => new URL(f, loader).href) : [];
      const articles = [...document.querySelectorAll('article-widget[article-src]')]
        .map((el) => new URL(el.getAttribute('article-src'), document.baseURI).href);
      return [...files, ...articles];
    });

    const splices = [];
    let skipped = 0;
    const tree = parse(source, { sourceCodeLocationInfo: true });
    for (const widget of widgetsOf(tree)) {
      const key = attributesKey(widget.attrs.map(({ name, value }) => [name, value]));
      const match = drawn.findIndex((d) => d && attributesKey(d.attributes) === key);
      const view = match >= 0 ? drawn[match].view : null;
      if (match >= 0) drawn[match] = null;
      const hasView = widget.childNodes.some((c) => c.tagName === 'template' && c.attrs.some((a) => a.name === 'shadowrootmode'));
      if (!view || hasView || !widget.sourceCodeLocation?.startTag) {
        skipped += 1;
        continue;
      }
      splices.push({ at: widget.sourceCodeLocation.startTag.endOffset, cut: 0, text: view });
    }
    const views = splices.length;
    if (views && !keepPreloads) {
      for (const link of preloadsOf(tree, new Set(widgetFiles), response.url())) {
        const { startOffset, endOffset } = link.sourceCodeLocation;
        splices.push({ at: startOffset, cut: endOffset - startOffset, text: '' });
      }
    }
    let html = source;
    for (const { at, cut, text } of splices.sort((a, b) => b.at - a.at)) {
      html = html.slice(0, at) + text + html.slice(at + cut);
    }
    const style = splices.find((s) => s.text)?.text.match(/<style>([\s\S]*?)<\/style>/)?.[1];
    const csp = style === undefined ? null : `'sha256-${createHash('sha256').update(style).digest('base64')}'`;
    return { html, csp, views, skipped, preloads: splices.length - views };
  } finally {
    await context.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name) => {
    const at = args.indexOf(name);
    return at >= 0 ? args.splice(at, 2)[1] : undefined;
  };
  const locale = option('--locale');
  const timezoneId = option('--timezone');
  const keepPreloads = args.includes('--keep-preloads');
  if (keepPreloads) args.splice(args.indexOf('--keep-preloads'), 1);
  const [url, out] = args;
  if (!url || url.startsWith('--')) {
    console.error('usage: node scripts/prerender.mjs [--locale TAG] [--timezone ZONE] [--keep-preloads] PAGE_URL [OUT_FILE]');
    process.exit(2);
  }
  const browser = await launch();
  try {
    const { html, csp, views, skipped, preloads } = await prerender(browser, url, { locale, timezoneId, keepPreloads });
    if (out) await writeFile(out, html);
    else process.stdout.write(html);
    console.error(`${views} widget view(s) prerendered${skipped ? `, ${skipped} left as they were (no article drawn, or a view already there)` : ''}`
      + `${preloads ? `; ${preloads} preload hint(s) for the widget taken out` : ''}`);
    if (csp) console.error(`style-src for the prerendered views: ${csp}`);
  } finally {
    await browser.close();
  }
}
