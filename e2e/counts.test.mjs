// End to end: comment counts on a listing page (embed/article-widget-count.js,
// from the release build) in headless Chromium, against the real reference
// server. Thirty headlines on a page of another origin cost one request;
// counts read "0 commentaire", "1 commentaire", "12 commentaires" in French
// and "0 comments", "1 comment", "12 comments" in English; headlines an
// infinite scroll appends are counted in one more request; a page with more
// articles than the server takes in one request is split; an unknown
// article, a bad attribute, or a server that cannot be reached, fails, is
// slow or answers nonsense leaves the element's own text. The demo's
// listing page is counted and axe-clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import AxeBuilder from '@axe-core/playwright';
import { startServer, serveStatic, launch, openPage } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
  // 12 comments on one article, 1 on the other; every other id is unknown.
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

/** `n` list items, each a headline with a count element; the first two are the known articles. */
function items(n, src, { from = 0, known = KNOWN } = {}) {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const article = i < known.length ? known[i] : `archive-${i}`;
    return `<li><a href="/a/${article}">Titre ${i}</a>
      <article-widget-count id="c${i}" article="${article}" counts-src="${src}">Commentaires</article-widget-count></li>`;
  }).join('\n');
}

function page(body, { lang = 'fr' } = {}) {
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>Liste</title>
    <script type="module" src="${server.url}/article-widget-count.js"></script></head><body>${body}</body></html>`;
}

async function countsOf(p, ids) {
  return p.evaluate((list) => list.map((id) => document.getElementById(id).textContent.trim()), ids);
}
const range = (from, to) => Array.from({ length: to - from }, (_, i) => `c${from + i}`);

/** A page served from another origin than the counts, opened with the /api/ requests it makes recorded. */
async function listingPage(html) {
  const site = await serveStatic(undefined, { pages: { '/liste.html': html } });
  const p = await openPage(browser, null);
  p.asked = [];
  p.warned = [];
  p.on('request', (request) => { if (request.url().includes('/api/')) p.asked.push(request.url()); });
  p.on('console', (message) => { if (message.type() === 'warning') p.warned.push(message.text()); });
  await p.goto(`${site.url}/liste.html`);
  p.done = async () => {
    await p.context().close();
    await site.close();
  };
  return p;
}

const articlesAsked = (url) => new URL(url).searchParams.get('articles').split(',');

test('thirty headlines, one request; French plurals; unknown articles keep their text', async () => {
  const p = await listingPage(page(`<ul>${items(30, `${server.url}/api/counts`)}</ul>`));
  await p.waitForFunction(() => document.getElementById('c0').dataset.count !== undefined);
  assert.equal(p.asked.length, 1, p.asked.join('\n'));
  assert.equal(articlesAsked(p.asked[0]).length, 30, 'every article of the page in the one request');
  const counts = await countsOf(p, range(0, 30));
  assert.equal(counts[0], '12\u00a0commentaires');
  assert.equal(counts[1], '1\u00a0commentaire');
  assert.deepEqual(new Set(counts.slice(2)), new Set(['Commentaires']), 'unknown articles: the fallback text');
  // What a screen reader reads is the text itself.
  const snapshot = await p.locator('#c0').ariaSnapshot();
  assert.match(snapshot, /12\s+commentaires/);
  assert.deepEqual(p.problems, []);
  await p.done();
});

test('headlines added later (infinite scroll) are counted in one more request; counts already known ask nothing', async () => {
  const src = `${server.url}/api/counts`;
  const p = await listingPage(page(`<ul id="list">${items(5, src)}</ul>`));
  await p.waitForFunction(() => document.getElementById('c0').dataset.count !== undefined);
  assert.equal(p.asked.length, 1);
  // The next page of results: ten new headlines, one of them an article already counted.
  await p.evaluate(({ html }) => document.getElementById('list').insertAdjacentHTML('beforeend', html), {
    html: items(10, src, { from: 5 }).replace('article="archive-5"', 'article="niger-us-withdrawal"'),
  });
  assert.equal(await p.evaluate(() => document.getElementById('c5').textContent), '12\u00a0commentaires', 'a known count is written at once');
  await p.waitForFunction(() => document.querySelectorAll('article-widget-count').length === 15);
  await p.waitForTimeout(300);
  assert.equal(p.asked.length, 2, p.asked.join('\n'));
  assert.deepEqual(articlesAsked(p.asked[1]), Array.from({ length: 9 }, (_, i) => `archive-${i + 6}`));
  // An element reused for another article (a virtual list) shows its text again, then that article's count.
  await p.evaluate(() => document.getElementById('c7').setAttribute('article', 'sahel-solar-minigrids'));
  await p.waitForFunction(() => document.getElementById('c7').dataset.count === '1');
  assert.equal(await p.evaluate(() => document.getElementById('c7').textContent), '1\u00a0commentaire');
  await p.evaluate(() => document.getElementById('c0').setAttribute('article', 'archive-0'));
  await p.waitForTimeout(500);
  assert.equal(await p.evaluate(() => document.getElementById('c0').textContent), 'Commentaires', 'back to its own text for an unknown article');
  assert.deepEqual(p.problems, []);
  await p.done();
});

test('more articles than the server takes in one request: split, every count still shown', async () => {
  // 130 articles, the known ones last: the server's cap is 100 ids a request.
  const known = Array.from({ length: 130 }, (_, i) => (i === 128 ? KNOWN[0] : i === 129 ? KNOWN[1] : `archive-${i}`));
  const p = await listingPage(page(`<ul>${items(130, `${server.url}/api/counts`, { known })}</ul>`));
  await p.waitForFunction(() => ['c128', 'c129'].every((id) => document.getElementById(id).dataset.count !== undefined));
  assert.equal(p.asked.length, 2, p.asked.join('\n'));
  assert.deepEqual(p.asked.map((url) => articlesAsked(url).length), [100, 30]);
  assert.deepEqual(await countsOf(p, ['c128', 'c129']), ['12\u00a0commentaires', '1\u00a0commentaire']);
  assert.deepEqual(p.warned, [], 'no request refused');
  // Long ids: the query stays under 4,000 characters a request.
  const long = Array.from({ length: 40 }, (_, i) => (i === 39 ? KNOWN[0] : `${'x'.repeat(190)}-${i}`));
  const q = await listingPage(page(`<ul>${items(40, `${server.url}/api/counts`, { known: long })}</ul>`));
  await q.waitForFunction(() => document.getElementById('c39').dataset.count !== undefined);
  assert.ok(q.asked.length >= 2 && q.asked.every((url) => new URL(url).search.length < 4400), q.asked.map((u) => u.length).join(' '));
  await p.done();
  await q.done();
});

test('English plurals, and the nearest lang wins over the page’s', async () => {
  const src = `${server.url}/api/counts`;
  const p = await listingPage(page(`
    <section lang="en">
      <article-widget-count id="c0" article="niger-us-withdrawal" counts-src="${src}">Comments</article-widget-count>
      <article-widget-count id="c1" article="sahel-solar-minigrids" counts-src="${src}">Comments</article-widget-count>
    </section>
    <article-widget-count id="c2" lang="en-GB" article="niger-us-withdrawal" counts-src="${src}">Comments</article-widget-count>
    <article-widget-count id="c3" article="sahel-solar-minigrids" counts-src="${src}">Commentaires</article-widget-count>
    <div lang="de"><article-widget-count id="c4" article="niger-us-withdrawal" counts-src="${src}">Kommentare</article-widget-count></div>`));
  await p.waitForFunction(() => document.getElementById('c3').dataset.count !== undefined);
  assert.equal(p.asked.length, 1);
  // German is not spoken: the page's French, as the widget would.
  assert.deepEqual(await countsOf(p, range(0, 5)),
    ['12\u00a0comments', '1\u00a0comment', '12\u00a0comments', '1\u00a0commentaire', '12\u00a0commentaires']);
  await p.done();
});

test('zero: "0 commentaire" and "0 comments"', async () => {
  const empty = await startServer();
  try {
    const src = `${empty.url}/api/counts`;
    const p = await listingPage(page(`
      <article-widget-count id="c0" article="niger-us-withdrawal" counts-src="${src}">Commentaires</article-widget-count>
      <article-widget-count id="c1" lang="en" article="niger-us-withdrawal" counts-src="${src}">Comments</article-widget-count>`));
    await p.waitForFunction(() => document.getElementById('c1').dataset.count !== undefined);
    assert.deepEqual(await countsOf(p, ['c0', 'c1']), ['0\u00a0commentaire', '0\u00a0comments']);
    await p.done();
  } finally {
    await empty.stop();
  }
});

test('an unreachable counts server: every element keeps its text, nothing breaks', async () => {
  const gone = await startServer();
  await gone.stop();
  const p = await listingPage(page(`<ul>${items(5, `${gone.url}/api/counts`)}</ul>`));
  await p.waitForFunction(() => window.performance.getEntriesByType('resource').some((e) => e.name.includes('/api/counts')));
  await p.waitForTimeout(1000);
  assert.ok(p.warned.some((w) => w.includes('article-widget-count: no count')), p.warned.join('\n'));
  assert.deepEqual(new Set(await countsOf(p, range(0, 5))), new Set(['Commentaires']));
  assert.deepEqual(p.problems.filter((text) => !text.includes('Failed to load resource') && !text.includes('ERR_')), []);
  await p.done();
});

test('a slow, failing or nonsensical counts server: the text stays; large numbers are written in the language', async () => {
  // A counts server of our own on loopback: its answers are what is tested.
  const held = [];
  const fake = createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    const headers = { 'access-control-allow-origin': '*', 'content-type': 'application/json' };
    if (pathname === '/slow') held.push(res); // never answered
    else if (pathname === '/error') res.writeHead(503, headers).end('{"error":"unavailable"}');
    else if (pathname === '/html') res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end('<h1>Hello</h1>');
    else if (pathname === '/odd') res.writeHead(200, headers).end('{"counts":{"a":-1,"b":"12","c":1.5,"d":{"x":1},"__proto__":3}}');
    else res.writeHead(200, headers).end('{"counts":{"a":1000000,"b":1234}}');
  });
  await new Promise((resolve) => fake.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${fake.address().port}`;
  const el = (id, article, path, text = 'Commentaires', lang = '') =>
    `<article-widget-count id="${id}" ${lang} article="${article}" counts-src="${base}${path}">${text}</article-widget-count>`;
  try {
    const p = await listingPage(page([
      el('s', 'a', '/slow'), el('e', 'a', '/error'), el('h', 'a', '/html'),
      ...['a', 'b', 'c', 'd', '__proto__'].map((a) => el(`o-${a}`, a, '/odd')),
      el('big', 'a', '/big'), el('big2', 'b', '/big'), el('big3', 'a', '/big', 'Comments', 'lang="en"'),
    ].join('\n')));
    await p.waitForFunction(() => document.getElementById('big').dataset.count !== undefined);
    assert.deepEqual(await countsOf(p, ['big', 'big2', 'big3']),
      ['1\u202f000\u202f000\u00a0de commentaires', '1\u202f234\u00a0commentaires', '1,000,000\u00a0comments']);
    // An id the prototype knows is only an id: its own count.
    assert.equal(await countsOf(p, ['o-__proto__']).then(([text]) => text), '3\u00a0commentaires');
    // The slow server is given up after 8 s.
    await p.waitForTimeout(9000);
    assert.equal(p.warned.filter((w) => w.includes('article-widget-count: no count')).length, 3, p.warned.join('\n'));
    assert.ok(p.warned.some((w) => w.includes('no answer within 8 s')), p.warned.join('\n'));
    const ids = ['s', 'e', 'h', 'o-a', 'o-b', 'o-c', 'o-d'];
    assert.deepEqual(new Set(await countsOf(p, ids)), new Set(['Commentaires']));
    assert.equal(await p.evaluate(() => document.querySelectorAll('[data-count]').length), 4);
    await p.done();
  } finally {
    held.forEach((res) => res.destroy());
    await new Promise((resolve) => fake.close(resolve));
  }
});

test('bad attributes are named in the console, keep their text, and spoil no one else’s count', async () => {
  const src = `${server.url}/api/counts`;
  const bad = [
    `article="a,b" counts-src="${src}"`,
    'article="niger-us-withdrawal"',
    `article="niger-us-withdrawal" counts-src="${src}" wordpress-src="${server.url}/wp-json/"`,
    `article="${'y'.repeat(201)}" counts-src="${src}"`,
    `article="a&#7;b" counts-src="${src}"`,
    'article="niger-us-withdrawal" counts-src="javascript:alert(1)"',
    `article="niger" wordpress-src="${server.url}/wp-json/"`,
    `article="  " counts-src="${src}"`,
  ];
  const p = await listingPage(page([
    ...bad.map((attributes, i) => `<article-widget-count id="c${i}" ${attributes}>Commentaires</article-widget-count>`),
    `<article-widget-count id="ok" article="niger-us-withdrawal" counts-src="${src}">Commentaires</article-widget-count>`,
  ].join('\n')));
  await p.waitForFunction(() => document.getElementById('ok').dataset.count !== undefined);
  await p.waitForTimeout(300);
  assert.deepEqual(new Set(await countsOf(p, range(0, bad.length))), new Set(['Commentaires']));
  assert.equal(await countsOf(p, ['ok']).then(([text]) => text), '12\u00a0commentaires');
  assert.equal(p.problems.filter((text) => text.startsWith('article-widget-count: ')).length, bad.length, p.problems.join('\n'));
  assert.equal(p.asked.length, 1, p.asked.join('\n'));
  assert.deepEqual(articlesAsked(p.asked[0]), ['niger-us-withdrawal']);
  await p.done();
});

test('the demo’s listing page: counts in both languages from its own server, axe-clean', async () => {
  const p = await openPage(browser, `${server.url}/static/listing.html`);
  await p.waitForFunction(() => [...document.querySelectorAll('article-widget-count')].every((el) => el.dataset.count !== undefined));
  const texts = await p.evaluate(() => [...document.querySelectorAll('article-widget-count')].map((el) => el.textContent));
  assert.deepEqual(texts, ['12\u00a0commentaires', '1\u00a0comment']);
  const result = await new AxeBuilder({ page: p }).analyze();
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.help}`), []);
  assert.deepEqual(p.problems, []);
  await p.context().close();
});
