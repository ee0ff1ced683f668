// Prerenders the widgets of a page: loads the page in headless Chromium,
// takes each <article-widget>'s first view as the widget draws it
// (ArticleWidget.snapshot, on its article-widget:ready event), and writes the
// page's own HTML with that view inside each element, as a declarative shadow
// root. The article is then painted with the page, before the script runs,
// and reads without JavaScript; the widget takes over when it has loaded.
//
//   node scripts/prerender.mjs http://localhost:8080/ > prerendered.html
//
// The view's stylesheet is an inline <style>: a page with a strict
// Content-Security-Policy allows it by the hash this prints on stderr.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launch } from '../e2e/harness.mjs';

// The page at `url` with its widgets prerendered, and the CSP source that
// allows their stylesheet.
export async function prerender(browser, url, { timeout = 30000 } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__awViews = new Map();
      // At the ready event the article is drawn and the lazy sections are not yet.
      document.addEventListener('article-widget:ready', (e) => window.__awViews.set(e.target, window.ArticleWidget.snapshot(e.target)));
      document.addEventListener('article-widget:error', (e) => window.__awViews.set(e.target, null));
    });
    await page.goto(url);
    await page.waitForFunction(() => [...document.querySelectorAll('article-widget')].every((el) => window.__awViews.has(el)),
      null, { timeout });
    const views = await page.evaluate(() => [...document.querySelectorAll('article-widget')].map((el) => window.__awViews.get(el)));
    const response = await page.request.get(url);
    const source = await response.text();
    let index = 0;
    const html = source.replace(/<article-widget\b[^>]*>/g, (tag) => {
      const view = views[index++];
      return view ? tag + view : tag;
    });
    if (index !== views.length) throw new Error(`the page source has ${index} <article-widget> tags, the page ${views.length} elements`);
    const failed = views.filter((v) => !v).length;
    const style = views.find(Boolean)?.match(/<style>([\s\S]*?)<\/style>/)?.[1];
    const csp = style === undefined ? null : `'sha256-${createHash('sha256').update(style).digest('base64')}'`;
    return { html, csp, failed };
  } finally {
    await context.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [url, out] = process.argv.slice(2);
  if (!url) {
    console.error('usage: node scripts/prerender.mjs PAGE_URL [OUT_FILE]');
    process.exit(2);
  }
  const browser = await launch();
  try {
    const { html, csp, failed } = await prerender(browser, url);
    if (out) await writeFile(out, html);
    else process.stdout.write(html);
    if (failed) console.error(`${failed} widget(s) could not load their article: left as they were`);
    if (csp) console.error(`style-src for the prerendered views: ${csp}`);
  } finally {
    await browser.close();
  }
}
