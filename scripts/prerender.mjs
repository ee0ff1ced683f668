// Prerenders the widgets of a page: loads the page in headless Chromium,
// takes each <article-widget>'s first view as the widget draws it
// (ArticleWidget.snapshot, on its article-widget:ready event), and writes the
// page's own HTML with that view inside each element, as a declarative shadow
// root. The article is then painted with the page, before the script runs,
// and reads without JavaScript; the widget takes over when it has loaded.
//
//   node scripts/prerender.mjs [--locale fr-FR] [--timezone Africa/Niamey] PAGE_URL [OUT_FILE]
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

// The page at `url` with its widgets prerendered: { html, csp, views, skipped }.
// `csp` is the style-src source that allows the views' stylesheet.
export async function prerender(browser, url, { timeout = 30000, locale, timezoneId } = {}) {
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

    const splices = [];
    let skipped = 0;
    for (const widget of widgetsOf(parse(source, { sourceCodeLocationInfo: true }))) {
      const key = attributesKey(widget.attrs.map(({ name, value }) => [name, value]));
      const match = drawn.findIndex((d) => d && attributesKey(d.attributes) === key);
      const view = match >= 0 ? drawn[match].view : null;
      if (match >= 0) drawn[match] = null;
      const hasView = widget.childNodes.some((c) => c.tagName === 'template' && c.attrs.some((a) => a.name === 'shadowrootmode'));
      if (!view || hasView || !widget.sourceCodeLocation?.startTag) {
        skipped += 1;
        continue;
      }
      splices.push([widget.sourceCodeLocation.startTag.endOffset, view]);
    }
    let html = source;
    for (const [offset, view] of splices.sort((a, b) => b[0] - a[0])) {
      html = html.slice(0, offset) + view + html.slice(offset);
    }
    const style = splices[0]?.[1].match(/<style>([\s\S]*?)<\/style>/)?.[1];
    const csp = style === undefined ? null : `'sha256-${createHash('sha256').update(style).digest('base64')}'`;
    return { html, csp, views: splices.length, skipped };
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
  const [url, out] = args;
  if (!url || url.startsWith('--')) {
    console.error('usage: node scripts/prerender.mjs [--locale TAG] [--timezone ZONE] PAGE_URL [OUT_FILE]');
    process.exit(2);
  }
  const browser = await launch();
  try {
    const { html, csp, views, skipped } = await prerender(browser, url, { locale, timezoneId });
    if (out) await writeFile(out, html);
    else process.stdout.write(html);
    console.error(`${views} widget view(s) prerendered${skipped ? `, ${skipped} left as they were (no article drawn, or a view already there)` : ''}`);
    if (csp) console.error(`style-src for the prerendered views: ${csp}`);
  } finally {
    await browser.close();
  }
}
