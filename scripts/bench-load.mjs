// Load-time benchmark (not a test): the demo host page with the widget (A),
// the same page with the widget's first view prerendered into it (A′, made
// by scripts/prerender.mjs), and the same page with the same article as
// plain static HTML and a plain HTML comment form (B, the floor), in
// headless Chromium, alternating A A′ B A A′ B … after a warm-up, cache
// disabled. Prints a table and writes BENCHMARKS.md.
//
//   scripts/bench-load.sh          (builds the release widget and server first)
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../e2e/harness.mjs';
import { prerender } from './prerender.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS || 20);

// B: the demo page with the widget replaced by what it shows, as static HTML.
async function writeFloor() {
  const article = JSON.parse(await readFile(path.join(root, 'static/articles/niger-us-withdrawal.json'), 'utf8'));
  const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = article.body.filter((b) => b.type === 'paragraph').map((b) => `<p>${esc(b.text)}</p>`).join('\n');
  const staticArticle = `<div id="main-widget" class="floor">
  <article>
    <nav aria-label="Fil d’Ariane"><a href="https://www.apanews.example/">Accueil</a> › <a href="https://www.apanews.example/cooperation/">coopération</a></nav>
    <h1 id="floor-title">${esc(article.title)}</h1>
    <p><time datetime="${article.published_at}">Publié le 19 avril 2024</time> · 9 vues · 0 commentaire · 2 min de lecture</p>
    <p><strong>${esc(article.lead)}</strong></p>
    ${body}
    <p>${esc(article.signature)}</p>
  </article>
  <section>
    <h2>Laisser un commentaire</h2>
    <form id="floor-form" method="post" action="/api/articles/niger-us-withdrawal/comments">
      <label for="c">Commentaire</label><textarea id="c" name="body" required></textarea>
      <label for="n">Nom</label><input id="n" name="author" required>
      <label for="e">Adresse e-mail</label><input id="e" name="email" type="email" required>
      <label for="w">Site web</label><input id="w" name="website" type="url">
      <button type="submit">Publier le commentaire</button>
    </form>
  </section>
</div>`;
  const index = await readFile(path.join(root, 'dist/index.html'), 'utf8');
  const floor = index
    .replace(/<article-widget[\s\S]*?<\/article-widget>/, staticArticle)
    .replace(/<script[^>]*article-widget\.js[^>]*><\/script>/, '')
    .replace(/<link[^>]*preload[^>]*>/g, '');
  if (floor.includes('<article-widget') || floor.includes('article-widget')) throw new Error('could not build the static floor page');
  await writeFile(path.join(root, 'dist/floor.html'), floor);
}

async function startServer() {
  const db = path.join(await mkdtemp(path.join(os.tmpdir(), 'aw-bench-')), 'c.db');
  const child = spawn(path.join(root, 'target/release/article-widget-server'), ['--listen', '127.0.0.1:0', '--dist', path.join(root, 'dist'),
    '--articles', path.join(root, 'static/articles'), '--db', db, '--rate-limit', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const line = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  return { url: line.replace('listening on ', '').trim(), stop: () => child.kill('SIGTERM') };
}

// In the page: the time (ms since navigation start) of the first animation
// frame after the title, and after the comment form, are in the document.
// The widget's comment section loads when it nears the viewport: as soon as
// its placeholder exists, it is scrolled into view, as a reader going
// straight to the comments would.
const probe = () => {
  window.__marks = {};
  const find = (selector) => document.querySelector(selector)
    || document.querySelector('#main-widget')?.shadowRoot?.querySelector(selector);
  const tick = () => {
    const placeholder = document.querySelector('#main-widget')?.shadowRoot?.querySelector('.aw-comments-placeholder');
    if (placeholder && !window.__scrolled) {
      window.__scrolled = true;
      placeholder.scrollIntoView();
    }
    for (const [name, selector] of [['title', '#floor-title, h1.aw-title'], ['form', '#floor-form, .aw-form']]) {
      if (!window.__marks[name] && find(selector)) {
        requestAnimationFrame(() => { window.__marks[name] = performance.now(); });
      }
    }
    if (!(window.__marks.title && window.__marks.form)) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};

function kind(response) {
  const type = response.request().resourceType();
  const url = response.url();
  if (url.endsWith('.wasm')) return 'wasm';
  if (type === 'document') return 'document';
  if (type === 'script') return 'script';
  if (type === 'stylesheet') return 'css';
  if (type === 'fetch' || type === 'xhr') return 'fetch';
  if (type === 'image') return 'image';
  return 'other';
}

async function measure(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Performance.enable');
  const bytes = {};
  let requests = 0;
  const pending = [];
  page.on('requestfinished', (request) => {
    requests += 1;
    pending.push((async () => {
      const response = await request.response();
      if (!response) return;
      const sizes = await request.sizes().catch(() => null);
      const transferred = sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0;
      const k = kind(response);
      bytes[k] = (bytes[k] || 0) + transferred;
    })());
  });
  await page.addInitScript(probe);
  await page.goto(url);
  await page.waitForFunction(() => window.__marks?.title && window.__marks?.form, null, { timeout: 30000 });
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  const marks = await page.evaluate(() => window.__marks);
  const metrics = (await cdp.send('Performance.getMetrics')).metrics; // JS heap only: the wasm memory is not in it
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  await context.close();
  return { title: marks.title, form: marks.form, bytes, requests, heap };
}

// Keystroke → validation message, live on a flagged field, in the page.
async function keystrokeLatency(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.evaluate(() => document.querySelector('#main-widget').shadowRoot.querySelector('.aw-comments-placeholder')?.scrollIntoView());
  await page.locator('#main-widget #aw-email').fill('a');
  await page.locator('#main-widget #aw-body').focus(); // leaving the field flags it
  await page.locator('#main-widget #aw-email-error').filter({ hasText: 'incorrecte' }).waitFor();
  const times = await page.evaluate(async () => {
    const shadow = document.querySelector('#main-widget').shadowRoot;
    const input = shadow.querySelector('#aw-email');
    const error = shadow.querySelector('#aw-email-error');
    const out = [];
    for (let i = 0; i < 30; i++) {
      // Alternate between a valid and an invalid address: each keystroke changes the message.
      const value = i % 2 ? 'a' : 'a@b.example';
      // From the input event to the message changed in the DOM (observed,
      // not polled, so the figure is not rounded to frames).
      const changed = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          observer.disconnect();
          resolve(performance.now());
        });
        observer.observe(error, { childList: true, characterData: true, subtree: true });
      });
      const start = performance.now();
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      out.push((await changed) - start);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return out;
  });
  await context.close();
  return times;
}

// Related ranking of 10 000 inline candidates, in the page: from mount to
// the ranked sidebar drawn (JSON to Rust, ranking, rendering).
async function rankingInPage(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('#main-widget h1').waitFor();
  const times = await page.evaluate(async () => {
    const words = ['niger', 'mali', 'sahel', 'niamey', 'armée', 'soldats', 'coopération', 'drones', 'économie', 'football', 'musique', 'santé', 'climat', 'marché', 'élections', 'frontière', 'diplomatie', 'russie', 'washington', 'paris'];
    let seed = 7;
    const pick = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return words[seed % words.length]; };
    const phrase = (n) => Array.from({ length: n }, pick).join(' ');
    const stories = Array.from({ length: 10000 }, (_, i) => ({ id: `s${i}`, title: phrase(8), url: `https://news.example/${i}`, excerpt: phrase(24), category: 'sécurité' }));
    const article = await (await fetch('static/articles/niger-us-withdrawal.json')).json();
    const out = [];
    for (let run = 0; run < 7; run++) {
      const div = document.createElement('div');
      document.body.prepend(div);
      const start = performance.now();
      await ArticleWidget.mount(div, { article, related: stories, loading: 'eager' }).ready;
      await new Promise((resolve) => {
        const check = () => (div.shadowRoot?.querySelector('.aw-related-link') ? resolve() : requestAnimationFrame(check));
        check();
      });
      out.push(performance.now() - start);
      div.remove();
    }
    return out;
  });
  await context.close();
  return times;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const spread = (xs, format = (x) => x.toFixed(0)) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${format(s[0])}–${format(s[s.length - 1])}`;
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

await writeFloor();
const server = await startServer();
const browser = await launch();
const pages = {
  A: `${server.url}/`,
  P: `${server.url}/prerendered.html`,
  B: `${server.url}/floor.html`,
};
const runs = { A: [], P: [], B: [] };
try {
  await writeFile(path.join(root, 'dist/prerendered.html'), (await prerender(browser, pages.A)).html);
  for (const url of Object.values(pages)) await measure(browser, url);
  for (let i = 0; i < RUNS; i++) {
    for (const [name, url] of Object.entries(pages)) runs[name].push(await measure(browser, url));
  }
  const A = pages.A;
  var keystrokes = await keystrokeLatency(browser, A);
  var ranking = await rankingInPage(browser, A);
} finally {
  await browser.close();
  server.stop();
}

const col = (r, f) => r.map(f);
const row = (name, f, format = (x) => `${x.toFixed(0)} ms`) => {
  const [a, p, b] = [median(col(runs.A, f)), median(col(runs.P, f)), median(col(runs.B, f))];
  const ratio = (x) => (b > 0 ? (x / b).toFixed(2) : '–');
  const cell = (m, r) => `${format(m)} (${spread(col(r, f), format)})`;
  return `| ${name} | ${cell(a, runs.A)} | ${cell(p, runs.P)} | ${cell(b, runs.B)} | ${ratio(a)} | ${ratio(p)} |`;
};
const kinds = ['document', 'script', 'wasm', 'css', 'fetch', 'image', 'other'];
const total = (r) => kinds.reduce((n, k) => n + (r.bytes[k] || 0), 0);
const lines = [
  '| metric (median, range) | A: with the widget | A′: first view prerendered | B: static floor | A/B | A′/B |',
  '|---|---|---|---|---|---|',
  row('title painted', (r) => r.title),
  row('comment form painted', (r) => r.form),
  ...kinds.map((k) => row(`bytes: ${k}`, (r) => r.bytes[k] || 0, kb)),
  row('bytes: total', total, kb),
  row('requests', (r) => r.requests, (x) => `${x}`),
  row('JS heap after render', (r) => r.heap, (x) => `${(x / 2 ** 20).toFixed(1)} MB`),
];
const cpu = os.cpus()[0]?.model.trim();
const header = `${RUNS} runs each, alternating, after one warm-up each, cache disabled; ${os.cpus().length} × ${cpu}, `
  + `${Math.round(os.totalmem() / 2 ** 30)} GiB, Chromium headless, ${new Date().toISOString().slice(0, 10)}.`;
const extra = [
  `Keystroke → validation message changed in the DOM (live, on a flagged field), in the page: median ${median(keystrokes).toFixed(1)} ms `
  + `(${keystrokes.length} keystrokes, ${Math.min(...keystrokes).toFixed(1)}–${Math.max(...keystrokes).toFixed(1)} ms).`,
  `Related ranking of 10 000 candidates in the page, from mount to the sidebar drawn (JSON to Rust, ranking, `
  + `rendering): median ${median(ranking).toFixed(0)} ms (${ranking.length} runs, ${spread(ranking)} ms).`,
];
const titleRatio = (r) => (median(col(r, (x) => x.title)) / median(col(runs.B, (x) => x.title))).toFixed(2);
const report = `Title painted, against the static floor (goal ≤ 1.3): **${titleRatio(runs.P)}×** with the first view `
  + `prerendered into the page (scripts/prerender.mjs), **${titleRatio(runs.A)}×** with the script alone.\n\n${header}\n\n${lines.join('\n')}\n\n${extra.join('\n\n')}\n`;
console.log(report);
const md = await readFile(path.join(root, 'BENCHMARKS.md'), 'utf8').catch(() => '');
const marker = '<!-- bench-load -->';
const section = `${marker}\n${report}${marker}`;
const updated = md.includes(marker)
  ? md.replace(new RegExp(`${marker}[\\s\\S]*${marker}`), section)
  : `${md}\n${section}\n`;
await writeFile(path.join(root, 'BENCHMARKS.md'), updated);
