// End to end: comment counts on a listing page (embed/article-widget-count.js)
// against the real reference server, in headless Chromium. Thirty headlines
// on a page of another origin cost one request; counts read "0 commentaire",
// "1 commentaire", "12 commentaires" in French and "0 comments", "1 comment",
// "12 comments" in English; an unknown article, or a server that cannot be
// reached, leaves the element's own text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, serveStatic, launch, openPage } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
  // 12 comments on one article, 1 on the other; the third article is unknown.
  const post = (article, i) => fetch(`${server.url}/api/articles/${article}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `${article}-${i}` },
    body: JSON.stringify({ author: `Lecteur ${i}`, email: `l${i}@example.org`, body: `Avis numéro ${i}.`, started_at: '2024-01-01T00:00:00Z' }),
  }).then((answer) => assert.equal(answer.status, 201));
  for (let i = 0; i < 12; i++) await post('niger-us-withdrawal', i);
  await post('sahel-solar-minigrids', 0);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const KNOWN = ['niger-us-withdrawal', 'sahel-solar-minigrids'];

/** A listing page: `n` headlines, each with a count element; ids cycle through the known ones and unknown ones. */
function listing({ lang, n, src }) {
  const items = Array.from({ length: n }, (_, i) => {
    const article = i < KNOWN.length ? KNOWN[i] : `archive-${i}`;
    return `<li><a href="/a/${article}">Titre ${i}</a>
      <article-widget-count id="c${i}" article="${article}" counts-src="${src}">Commentaires</article-widget-count></li>`;
  }).join('\n');
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>Liste</title>
    <script type="module" src="${server.url}/article-widget-count.js"></script></head>
    <body><ul>${items}</ul></body></html>`;
}

async function countsOf(page, n) {
  return page.evaluate((count) => Array.from({ length: count }, (_, i) => document.getElementById(`c${i}`).textContent.trim()), n);
}

test('thirty headlines, one request; French plurals; unknown articles keep their text', async () => {
  const site = await serveStatic(undefined, { pages: { '/liste.html': listing({ lang: 'fr', n: 30, src: `${server.url}/api/counts` }) } });
  try {
    const page = await openPage(browser, null);
    const asked = [];
    page.on('request', (request) => { if (request.url().includes('/api/')) asked.push(request.url()); });
    await page.goto(`${site.url}/liste.html`);
    await page.waitForFunction(() => document.getElementById('c0').dataset.count !== undefined);
    assert.equal(asked.length, 1, asked.join('\n'));
    const query = new URL(asked[0]).searchParams.get('articles').split(',');
    assert.equal(query.length, 30, 'every article of the page in the one request');
    const counts = await countsOf(page, 30);
    assert.equal(counts[0], '12\u00a0commentaires');
    assert.equal(counts[1], '1\u00a0commentaire');
    assert.deepEqual(new Set(counts.slice(2)), new Set(['Commentaires']), 'unknown articles: the fallback text');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  } finally {
    await site.close();
  }
});

test('English plurals, zero included, and the element’s own lang wins over the page’s', async () => {
  // A fresh article count of 0: the known article with no comment is made by rejecting… none: use a lang="en" block.
  const src = `${server.url}/api/counts`;
  const html = `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>List</title>
    <script type="module" src="${server.url}/article-widget-count.js"></script></head><body>
    <section lang="en">
      <article-widget-count id="c0" article="niger-us-withdrawal" counts-src="${src}">Comments</article-widget-count>
      <article-widget-count id="c1" article="sahel-solar-minigrids" counts-src="${src}">Comments</article-widget-count>
    </section>
    <article-widget-count id="c2" lang="en" article="niger-us-withdrawal" counts-src="${src}">Comments</article-widget-count>
    <article-widget-count id="c3" article="sahel-solar-minigrids" counts-src="${src}">Commentaires</article-widget-count>
    </body></html>`;
  const site = await serveStatic(undefined, { pages: { '/list.html': html } });
  try {
    const page = await openPage(browser, null);
    await page.goto(`${site.url}/list.html`);
    await page.waitForFunction(() => document.getElementById('c3').dataset.count !== undefined);
    assert.deepEqual(await countsOf(page, 4), ['12\u00a0comments', '1\u00a0comment', '12\u00a0comments', '1\u00a0commentaire']);
    await page.context().close();
  } finally {
    await site.close();
  }
});

test('zero: "0 commentaire" and "0 comments"', async () => {
  const empty = await startServer();
  try {
    const src = `${empty.url}/api/counts`;
    const html = `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Liste</title>
      <script type="module" src="${server.url}/article-widget-count.js"></script></head><body>
      <article-widget-count id="c0" article="niger-us-withdrawal" counts-src="${src}">Commentaires</article-widget-count>
      <article-widget-count id="c1" lang="en" article="niger-us-withdrawal" counts-src="${src}">Comments</article-widget-count>
      </body></html>`;
    const site = await serveStatic(undefined, { pages: { '/liste.html': html } });
    const page = await openPage(browser, `${site.url}/liste.html`);
    await page.waitForFunction(() => document.getElementById('c1').dataset.count !== undefined);
    assert.deepEqual(await countsOf(page, 2), ['0\u00a0commentaire', '0\u00a0comments']);
    await page.context().close();
    await site.close();
  } finally {
    await empty.stop();
  }
});

test('an unreachable counts server: every element keeps its text, nothing breaks', async () => {
  const gone = await startServer();
  await gone.stop();
  const site = await serveStatic(undefined, { pages: { '/liste.html': listing({ lang: 'fr', n: 5, src: `${gone.url}/api/counts` }) } });
  try {
    const page = await openPage(browser, null);
    const warned = [];
    page.on('console', (message) => { if (message.type() === 'warning') warned.push(message.text()); });
    await page.goto(`${site.url}/liste.html`);
    await page.waitForFunction((n) => n.length > 0, warned, { timeout: 15000 }).catch(() => {});
    await page.waitForTimeout(500);
    assert.ok(warned.some((w) => w.includes('article-widget-count: no count')), warned.join('\n'));
    assert.deepEqual(new Set(await countsOf(page, 5)), new Set(['Commentaires']));
    await page.context().close();
  } finally {
    await site.close();
  }
});

test('a bad attribute is named in the console and the element keeps its text', async () => {
  const html = `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Liste</title>
    <script type="module" src="${server.url}/article-widget-count.js"></script></head><body>
    <article-widget-count id="c0" article="a,b" counts-src="${server.url}/api/counts">Commentaires</article-widget-count>
    <article-widget-count id="c1" article="niger-us-withdrawal">Commentaires</article-widget-count>
    </body></html>`;
  const site = await serveStatic(undefined, { pages: { '/liste.html': html } });
  try {
    const page = await openPage(browser, `${site.url}/liste.html`);
    await page.waitForFunction(() => customElements.get('article-widget-count'));
    await page.waitForTimeout(300);
    assert.deepEqual(await countsOf(page, 2), ['Commentaires', 'Commentaires']);
    assert.equal(page.problems.filter((p) => p.includes('article-widget-count: give')).length, 2, page.problems.join('\n'));
    await page.context().close();
  } finally {
    await site.close();
  }
});
