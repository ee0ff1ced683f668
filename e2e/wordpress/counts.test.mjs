// End to end: comment counts of WordPress posts on a listing page
// (embed/article-widget-count.js with `wordpress-src`), against the real
// test WordPress, in headless Chromium: the count is the X-WP-Total of the
// post's approved comments (held and spam ones are not counted), one small
// request per post since WordPress has no batch, by either form of its REST
// address (`/wp-json/` and `?rest_route=/`). A post id WordPress does not
// have reads "0" (WordPress answers an empty list for it, as it does for a
// post without comments: it cannot be told apart in one request).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWordPress } from '../wordpress.mjs';
import { serveStatic, launch, openPage, root } from '../harness.mjs';
import path from 'node:path';

let wp;
let browser;
let site;
before(async () => {
  wp = await startWordPress();
  browser = await launch();
  // The count script from the built widget, on a page of another origin.
  const src = `${wp.url}/wp-json/`;
  site = await serveStatic(path.join(root, 'dist'), { pages: { '/liste.html': `<!DOCTYPE html><html lang="fr"><head>
    <meta charset="utf-8"><title>Liste</title><script type="module" src="/article-widget-count.js"></script></head><body>
    <article-widget-count id="c0" article="${wp.seed.article.id}" wordpress-src="${src}">Commentaires</article-widget-count>
    <article-widget-count id="c1" article="${wp.seed.closed.id}" wordpress-src="${src}">Commentaires</article-widget-count>
    <article-widget-count id="c2" lang="en" article="${wp.seed.article.id}" wordpress-src="${src}">Comments</article-widget-count>
    <article-widget-count id="c3" article="999999" wordpress-src="${src}">Commentaires</article-widget-count>
    <article-widget-count id="c4" article="${wp.seed.article.id}" wordpress-src="${wp.url}/?rest_route=/">Commentaires</article-widget-count>
    </body></html>` } });
});
after(async () => {
  await site?.close();
  await browser?.close();
  await wp?.stop();
});

test('WordPress posts: counts from X-WP-Total, approved comments only, one request per post', async () => {
  const page = await openPage(browser, null);
  const asked = [];
  page.on('request', (r) => { if (r.url().startsWith(wp.url)) asked.push(r.url()); });
  await page.goto(`${site.url}/liste.html`);
  const ids = ['c0', 'c1', 'c2', 'c3', 'c4'];
  await page.waitForFunction((list) => list.every((id) => document.getElementById(id).dataset.count !== undefined), ids);
  await page.waitForTimeout(500);
  const texts = await page.evaluate((list) => list.map((id) => document.getElementById(id).textContent.trim()), ids);
  const approved = wp.seed.comments.approved_count;
  assert.deepEqual(texts, [`${approved}\u00a0commentaires`, '1\u00a0commentaire', `${approved}\u00a0comments`, '0\u00a0commentaire',
    `${approved}\u00a0commentaires`]);
  assert.equal(asked.length, 4, `one request per distinct post and address: ${asked.join('\n')}`);
  assert.ok(asked.some((url) => new URL(url).searchParams.get('rest_route') === '/wp/v2/comments'), asked.join('\n'));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
