// Load-time benchmark (not a test), in headless Chromium, on two profiles:
// unthrottled (a desktop viewport) and the one Lighthouse uses for mobile
// (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, 4× CPU slowdown,
// applied through the DevTools protocol, 412 × 823 viewport). Pages, all the
// demo host page with the seed article and its comment form, alternating
// A H P B I A H P B I … after a warm-up, cache disabled:
//
//   A  the widget, the script alone (what most hosts embed);
//   H  the same with the two preload hints README recommends;
//   P  the widget's first view prerendered into the page (scripts/prerender.mjs);
//   B  the article as static HTML and a plain HTML comment form (the floor);
//   I  the article as static HTML with Isso's comments (pinned in
//      scripts/versions.env, installed on demand into target/isso-venv,
//      served on loopback; its script from the same server as ours, with
//      the same compression).
//
// Each run records: the title painted (the frame after it is in the
// document), the comment section entering the viewport, the comment form
// interactive (the frame after a visible, non-inert form is in the
// document: the widget's form drawn ahead of its section's code takes
// typing) and sendable (the section's own form, which has taken it over),
// the bytes transferred before the title, everything transferred, and the
// longest main-thread task until the form is sendable (long tasks: over 50
// ms), for a reader who goes straight to the comments (as
// soon as the comment section or its placeholder exists, it is scrolled
// into view); then, on the mobile profile, for a reader who flicks down
// through the article (see `probe`). Then Lighthouse (mobile, its own simulated
// throttling) on static/host.html (a plain host page with content below
// the widget, the script alone, the README's snippet) and on its Isso
// counterpart. Prints the tables and writes BENCHMARKS.md.
//
//   scripts/bench-load.sh          (builds the release widget and server first)
//   RUNS=5 LIGHTHOUSE_RUNS=1 node scripts/bench-load.mjs    (quicker)
import { readFile, writeFile, mkdtemp, mkdir, copyFile, access } from 'node:fs/promises';
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createServer } from 'node:net';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, chromiumArgs } from '../e2e/harness.mjs';
import { prerender } from './prerender.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const RUNS = Number(process.env.RUNS || 10);
const LIGHTHOUSE_RUNS = Number(process.env.LIGHTHOUSE_RUNS || 3);

const PROFILES = {
  unthrottled: { viewport: { width: 1280, height: 900 } },
  mobile: {
    viewport: { width: 412, height: 823 },
    deviceScaleFactor: 1.75,
    isMobile: true,
    hasTouch: true,
    // Lighthouse's mobile figures (throttling.mobileSlow4G), applied as they are.
    network: { offline: false, latency: 150, downloadThroughput: (1638.4 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 },
    cpu: 4,
  },
};

const versions = Object.fromEntries((await readFile(path.join(root, 'scripts/versions.env'), 'utf8'))
  .split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split('=')));

/** The widget's preload hints in a page, quoted or not (the built pages are minified). */
const PRELOAD_HINTS = /<link\b[^>]*\brel=["']?(?:module)?preload\b[^>]*>/g;

const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The demo page with the widget replaced by `replacement` (static HTML), without the widget's script and hints. */
async function staticPage(replacement) {
  const index = await readFile(path.join(dist, 'index.html'), 'utf8');
  const page = index
    .replace(/<article-widget[\s\S]*?<\/article-widget>/, replacement)
    .replace(/<script[^>]*article-widget\.js[^>]*><\/script>/, '')
    .replace(PRELOAD_HINTS, '');
  if (page.includes('article-widget') || page.includes('preload')) throw new Error('could not take the widget out of the demo page');
  return page;
}

/** The article as the widget shows it, as static HTML (B and I). */
async function staticArticle() {
  const article = JSON.parse(await readFile(path.join(root, 'static/articles/niger-us-withdrawal.json'), 'utf8'));
  const body = article.body.filter((b) => b.type === 'paragraph').map((b) => `<p>${esc(b.text)}</p>`).join('\n');
  return `<article>
    <nav aria-label="Fil d’Ariane"><a href="https://www.apanews.example/">Accueil</a> › <a href="https://www.apanews.example/cooperation/">coopération</a></nav>
    <h1 id="floor-title">${esc(article.title)}</h1>
    <p><time datetime="${article.published_at}">Publié le 19 avril 2024</time> · 9 vues · 0 commentaire · 2 min de lecture</p>
    <p><strong>${esc(article.lead)}</strong></p>
    ${body}
    <p>${esc(article.signature)}</p>
  </article>`;
}

async function writePages(isso) {
  const article = await staticArticle();
  const index = await readFile(path.join(dist, 'index.html'), 'utf8');
  // A: the demo page without its preload hints; H: the demo page as it is.
  // The built page is minified (`rel=preload`, unquoted): a pattern that
  // misses the hints would measure H twice, as it did until 2026-11-29.
  const script = index.replace(PRELOAD_HINTS, '');
  if ((index.match(PRELOAD_HINTS) ?? []).length !== 2 || /preload/.test(script)) {
    throw new Error('the demo page should carry exactly two preload hints, and page A none');
  }
  await writeFile(path.join(dist, 'bench-script.html'), script);
  await writeFile(path.join(dist, 'floor.html'), await staticPage(`<div id="main-widget" class="floor">${article}
  <section id="floor-comments">
    <h2>Laisser un commentaire</h2>
    <form id="floor-form" method="post" action="/api/articles/niger-us-withdrawal/comments">
      <label for="c">Commentaire</label><textarea id="c" name="body" required></textarea>
      <label for="n">Nom</label><input id="n" name="author" required>
      <label for="e">Adresse e-mail</label><input id="e" name="email" type="email" required>
      <label for="w">Site web</label><input id="w" name="website" type="url">
      <button type="submit">Publier le commentaire</button>
    </form>
  </section></div>`));
  if (isso) {
    // Isso's snippet as its documentation gives it, where the comments go.
    await writeFile(path.join(dist, 'bench-isso.html'), await staticPage(`<div id="main-widget" class="floor">${article}
  <script data-isso="${isso.url}/" data-isso-lang="fr" src="bench-isso/embed.min.js"></script>
  <section id="isso-thread" data-title="Les Etats-Unis acceptent de retirer leurs militaires du Niger"></section></div>`));
    // And on the plain host page, in place of the widget (Lighthouse).
    const host = await readFile(path.join(dist, 'static/host.html'), 'utf8');
    await writeFile(path.join(dist, 'static/host-isso.html'), host
      .replace(/<script[^>]*article-widget\.js[^>]*><\/script>/, '')
      .replace(/<article-widget[\s\S]*?<\/article-widget>/, `${article}
    <script data-isso="${isso.url}/" data-isso-lang="fr" src="../bench-isso/embed.min.js"></script>
    <section id="isso-thread"></section>`));
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startServer() {
  const db = path.join(await mkdtemp(path.join(os.tmpdir(), 'aw-bench-')), 'c.db');
  const child = spawn(path.join(root, 'target/release/article-widget-server'), ['--listen', '127.0.0.1:0', '--dist', dist,
    '--articles', path.join(root, 'static/articles'), '--db', db, '--rate-limit', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const line = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  return { url: line.replace('listening on ', '').trim(), stop: () => child.kill('SIGTERM') };
}

/**
 * Isso, the pinned version, in its own venv (installed once), serving on a
 * free loopback port for pages of `origin`; its embed script is copied
 * next to our files and precompressed like them. Null (with the reason)
 * when it cannot be installed or started here.
 */
async function startIsso(origin) {
  const venv = path.join(root, 'target/isso-venv');
  const isso = path.join(venv, 'bin/isso');
  const version = versions.ISSO_VERSION;
  try {
    const installed = await access(isso).then(() => execFileSync(path.join(venv, 'bin/pip'), ['show', 'isso'], { encoding: 'utf8' }), () => '');
    if (!installed.includes(`Version: ${version}`)) {
      console.log(`installing Isso ${version} into target/isso-venv`);
      execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
      execFileSync(path.join(venv, 'bin/pip'), ['install', '--quiet', `isso==${version}`], { stdio: 'inherit' });
    }
  } catch (error) {
    return { reason: `Isso ${version} could not be installed (${error.message.split('\n')[0]})` };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'aw-isso-'));
  const port = await freePort();
  await writeFile(path.join(dir, 'isso.cfg'), `[general]
dbpath = ${dir}/comments.db
host = ${origin}
[server]
listen = http://127.0.0.1:${port}
[guard]
enabled = false
[moderation]
enabled = false
`);
  const child = spawn(isso, ['-c', path.join(dir, 'isso.cfg'), 'run'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) return { reason: `Isso exited (${child.exitCode}) before it listened` };
    try {
      if ((await fetch(`${url}/js/embed.min.js`)).ok) break;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  const script = Buffer.from(await (await fetch(`${url}/js/embed.min.js`)).arrayBuffer());
  await mkdir(path.join(dist, 'bench-isso'), { recursive: true });
  const file = path.join(dist, 'bench-isso/embed.min.js');
  await writeFile(file, script);
  await writeFile(`${file}.br`, brotliCompressSync(script, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  await writeFile(`${file}.gz`, gzipSync(script, { level: 9 }));
  return { url, version, stop: () => child.kill('SIGTERM') };
}

// In the page: marks (ms since navigation start) of the title painted, the
// comment section entering the viewport, the comment form interactive; the
// long tasks. Two readers: `jump` goes straight to the comments as soon as
// the comment section (or its placeholder) exists, the worst case for a
// section that loads when near; `scroll` looks at the title for a second,
// then scrolls down at 2000 px/s (a quick flick through the article) until
// the comment section is in view.
const MARKED = 'article-widget bench: marked';
const probe = ({ reader, MARKED }) => {
  window.__marks = {};
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch { /* no long task timing */ }
  const roots = () => [document, ...[...document.querySelectorAll('article-widget')].map((w) => w.shadowRoot).filter(Boolean)];
  // The first element matching `selector` that a reader can see and use.
  const usable = (selector) => {
    for (const root of roots()) {
      for (const el of root.querySelectorAll(selector)) {
        if (el.checkVisibility() && !el.closest('[inert]')) return el;
      }
    }
    return null;
  };
  const mark = (name) => {
    if (!(name in window.__marks)) {
      window.__marks[name] = null;
      requestAnimationFrame(() => { window.__marks[name] = performance.now(); });
    }
  };
  let observed = null;
  let last = null;
  const tick = (now) => {
    if (usable('#floor-title, h1.aw-title')) mark('title');
    const section = usable('.aw-comments-placeholder, .aw-comments, #floor-comments, #isso-thread');
    if (section && section !== observed) {
      // Watched until it is in view (the placeholder may give way to the section).
      observed = section;
      new IntersectionObserver((entries, io) => {
        const seen = entries.find((e) => e.isIntersecting);
        if (seen && !window.__marks.entered) window.__marks.entered = seen.time;
        if (seen) io.disconnect();
      }).observe(section);
    }
    if (!window.__marks.entered) {
      if (reader === 'jump' && section) section.scrollIntoView();
      if (reader === 'scroll' && window.__marks.title && now - window.__marks.title > 1000) {
        window.scrollBy(0, last ? (2000 * (now - last)) / 1000 : 0);
        last = now;
      }
    }
    if (usable('#floor-form, .aw-form, #isso-thread .isso-postbox textarea')) mark('form');
    // The widget's form drawn ahead of the comment section's code takes
    // typing at once but sends only once the section has taken it over.
    if (usable('#floor-form, .aw-comments:not([data-aw-ahead]) .aw-form, #isso-thread .isso-postbox textarea')) mark('sendable');
    if (!(window.__marks.title && window.__marks.sendable && window.__marks.entered)) requestAnimationFrame(tick);
    else console.debug(MARKED);
  };
  requestAnimationFrame(tick);
};

async function measure(browser, url, profile, reader = 'jump') {
  const { network, cpu, ...contextOptions } = PROFILES[profile];
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (network) await cdp.send('Network.emulateNetworkConditions', network);
  if (cpu) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  await page.addInitScript(probe, { reader, MARKED });
  // Waited for through the console, not by polling the page: Playwright's
  // polling runs a script of its own in the page every frame while the
  // widget starts. Measured apart (9 alternating loads each, twice), the
  // difference was within this machine's spread (the floor 92 against 87
  // and 99 against 96 ms, the script alone 209 against 184 ms), but the
  // page now runs nothing the benchmark put there but its marks.
  const marked = page.waitForEvent('console', { predicate: (message) => message.text() === MARKED, timeout: 60000 });
  await page.goto(url, { waitUntil: 'commit' });
  await marked;
  const result = await page.evaluate(() => {
    const { title, form, sendable, entered } = window.__marks;
    const navigation = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    const before = resources.filter((r) => r.responseEnd <= title).reduce((n, r) => n + r.transferSize, navigation.transferSize);
    const total = resources.reduce((n, r) => n + r.transferSize, navigation.transferSize);
    const code = resources.filter((r) => r.responseEnd <= title && /\.(js|wasm)(\?|$)/.test(r.name)).reduce((n, r) => n + r.transferSize, 0);
    const longest = window.__longTasks.filter(([start]) => start < sendable).reduce((m, [, d]) => Math.max(m, d), 0);
    return { title, form, sendable, entered, before, code, total, requests: resources.length + 1, longest };
  });
  await context.close();
  return {
    ...result,
    afterEntry: Math.max(0, result.form - result.entered),
    sendableAfterEntry: Math.max(0, result.sendable - result.entered),
  };
}

// Keystroke → validation message, live on a flagged field, in the page.
async function keystrokeLatency(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  // The section's place (in the first view, then the widget's), or the
  // section itself when it came at once.
  const place = '.aw-comments-placeholder, .aw-comments';
  await page.waitForFunction((sel) => document.querySelector('#main-widget')?.shadowRoot?.querySelector(sel), place);
  await page.evaluate((sel) => document.querySelector('#main-widget').shadowRoot.querySelector(sel)?.scrollIntoView(), place);
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

/** Lighthouse (mobile, its default; simulated throttling) on `url`, `runs` times: medians. */
async function lighthouseRuns(url, runs) {
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const results = [];
  for (let i = 0; i < runs; i++) {
    const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROMIUM || '/usr/bin/chromium', chromeFlags: chromiumArgs });
    try {
      const { lhr } = await lighthouse(url, { port: chrome.port, logLevel: 'error', onlyCategories: ['performance'] });
      const audit = (id) => lhr.audits[id].numericValue;
      results.push({
        performance: Math.round(lhr.categories.performance.score * 100),
        fcp: audit('first-contentful-paint'),
        lcp: audit('largest-contentful-paint'),
        tbt: audit('total-blocking-time'),
        cls: audit('cumulative-layout-shift'),
        longest: Math.max(0, ...(lhr.audits['long-tasks']?.details?.items ?? []).map((t) => t.duration)),
        version: lhr.lighthouseVersion,
      });
    } finally {
      await chrome.kill();
    }
  }
  return results;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const spread = (xs, format) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${format(s[0])}–${format(s[s.length - 1])}`;
};
const ms = (x) => `${x.toFixed(0)} ms`;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const server = await startServer();
const isso = await startIsso(server.url);
if (isso.reason) console.log(`Isso left out: ${isso.reason}`);
const browser = await launch();
const pages = {
  A: `${server.url}/bench-script.html`,
  H: `${server.url}/`,
  P: `${server.url}/prerendered.html`,
  B: `${server.url}/floor.html`,
  ...(isso.url ? { I: `${server.url}/bench-isso.html` } : {}),
};
const names = {
  A: 'A: script alone', H: 'H: script + hints', P: 'P: prerendered', B: 'B: static floor', I: `I: Isso ${isso.version ?? ''}`.trim(),
};
const runs = {};
let keystrokes;
let ranking;
let lighthouseFigures = {};
try {
  await writePages(isso.url ? isso : null);
  await writeFile(path.join(dist, 'prerendered.html'), (await prerender(browser, pages.H)).html);
  for (const profile of Object.keys(PROFILES)) {
    runs[profile] = Object.fromEntries(Object.keys(pages).map((k) => [k, []]));
    for (const url of Object.values(pages)) await measure(browser, url, profile);
    for (let i = 0; i < RUNS; i++) {
      for (const [name, url] of Object.entries(pages)) runs[profile][name].push(await measure(browser, url, profile));
    }
  }
  // The reader who flicks down through the article, on the mobile profile.
  runs.scroll = Object.fromEntries(Object.keys(pages).filter((k) => k !== 'H').map((k) => [k, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const name of Object.keys(runs.scroll)) runs.scroll[name].push(await measure(browser, pages[name], 'mobile', 'scroll'));
  }
  keystrokes = await keystrokeLatency(browser, pages.H);
  ranking = await rankingInPage(browser, pages.H);
  if (LIGHTHOUSE_RUNS > 0) {
    lighthouseFigures = { widget: await lighthouseRuns(`${server.url}/static/host.html`, LIGHTHOUSE_RUNS) };
    if (isso.url) lighthouseFigures.isso = await lighthouseRuns(`${server.url}/static/host-isso.html`, LIGHTHOUSE_RUNS);
  }
} finally {
  await browser.close();
  server.stop();
  isso.stop?.();
}

function rows(r) {
  const keys = Object.keys(r);
  const cell = (k, f, format) => `${format(median(r[k].map(f)))} (${spread(r[k].map(f), format)})`;
  const row = (label, f, format = ms) => `| ${label} | ${keys.map((k) => cell(k, f, format)).join(' | ')} |`;
  const head = [`| metric (median, range) | ${keys.map((k) => names[k]).join(' | ')} |`, `|---|${keys.map(() => '---').join('|')}|`];
  return { keys, row, head };
}

function scrollTable() {
  const { row, head } = rows(runs.scroll);
  return [
    ...head,
    row('comment section in view', (x) => x.entered),
    row('comment form interactive (takes typing)', (x) => x.form),
    row('form interactive after its section came into view', (x) => x.afterEntry),
    row('comment form sendable', (x) => x.sendable),
    row('form sendable after its section came into view', (x) => x.sendableAfterEntry),
  ].join('\n');
}

function table(profile) {
  const r = runs[profile];
  const { keys, row } = rows(r);
  const ratio = (k, f) => (median(r[k].map(f)) / median(r.B.map(f))).toFixed(2);
  return [
    `| metric (median, range) | ${keys.map((k) => names[k]).join(' | ')} |`,
    `|---|${keys.map(() => '---').join('|')}|`,
    row('title painted', (x) => x.title),
    `| title, against B | ${keys.map((k) => `${ratio(k, (x) => x.title)}×`).join(' | ')} |`,
    row('comment section in view', (x) => x.entered),
    row('comment form interactive (takes typing)', (x) => x.form),
    row('form interactive after its section came into view', (x) => x.afterEntry),
    row('comment form sendable', (x) => x.sendable),
    row('form sendable after its section came into view', (x) => x.sendableAfterEntry),
    row('bytes before the title', (x) => x.before, kb),
    row('JS + wasm before the title', (x) => x.code, kb),
    row('bytes in all', (x) => x.total, kb),
    row('requests', (x) => x.requests, (x) => `${x}`),
    row('longest task until the form is sendable', (x) => x.longest),
  ].join('\n');
}

const cpu = os.cpus()[0]?.model.trim();
const header = `${RUNS} runs a page and profile, alternating, after one warm-up each, cache disabled; ${os.cpus().length} × ${cpu}, `
  + `${Math.round(os.totalmem() / 2 ** 30)} GiB, Chromium headless, ${new Date().toISOString().slice(0, 10)}. `
  + (isso.url ? `Isso ${isso.version} from PyPI, served on loopback by its own server (isso run); its script from ours, compressed like ours.`
    : `Isso is left out: ${isso.reason}.`);
const titleRatio = (profile, k) => (median(runs[profile][k].map((x) => x.title)) / median(runs[profile].B.map((x) => x.title))).toFixed(2);
const summary = ['unthrottled', 'mobile'].map((p) => `${p}: title **${titleRatio(p, 'A')}×** the static floor with the script alone, `
  + `${titleRatio(p, 'H')}× with the hints, ${titleRatio(p, 'P')}× prerendered; comment form interactive `
  + `${median(runs[p].A.map((x) => x.afterEntry)).toFixed(0)} ms after its section came into view, sendable `
  + `${median(runs[p].A.map((x) => x.sendableAfterEntry)).toFixed(0)} ms after (script alone, reader going straight there`
  + (p === 'mobile' ? `; ${median(runs.scroll.A.map((x) => x.afterEntry)).toFixed(0)} ms for a reader flicking down)` : ')')
  + (runs[p].I ? `, on screen at ${median(runs[p].A.map((x) => x.form)).toFixed(0)} ms against Isso's ${median(runs[p].I.map((x) => x.form)).toFixed(0)} ms` : '')
  + '.').join('\n');
const lhLines = Object.entries(lighthouseFigures).map(([what, rs]) => {
  const m = (f) => median(rs.map(f));
  return `| ${what === 'widget' ? 'static/host.html (the widget, script alone)' : `static/host-isso.html (Isso ${isso.version})`} | ${m((x) => x.performance)} | `
    + `${m((x) => x.fcp).toFixed(0)} ms | ${m((x) => x.lcp).toFixed(0)} ms | ${m((x) => x.tbt).toFixed(0)} ms | ${m((x) => x.cls).toFixed(3)} | ${m((x) => x.longest).toFixed(0)} ms |`;
});
const lighthouseSection = lhLines.length ? `Lighthouse ${Object.values(lighthouseFigures)[0][0].version}, mobile (its simulated throttling), median of ${LIGHTHOUSE_RUNS}:

| page | performance | FCP | LCP | TBT | CLS | longest task |
|---|---|---|---|---|---|---|
${lhLines.join('\n')}
` : '';
const extra = [
  `Keystroke → validation message changed in the DOM (live, on a flagged field), in the page: median ${median(keystrokes).toFixed(1)} ms `
  + `(${keystrokes.length} keystrokes, ${Math.min(...keystrokes).toFixed(1)}–${Math.max(...keystrokes).toFixed(1)} ms).`,
  `Related ranking of 10 000 candidates in the page, from mount to the sidebar drawn (JSON to Rust, ranking, `
  + `rendering): median ${median(ranking).toFixed(0)} ms (${ranking.length} runs, ${spread(ranking, (x) => x.toFixed(0))} ms).`,
];
const report = `${summary}

${header}

Unthrottled (1280 × 900):

${table('unthrottled')}

Mobile profile (Lighthouse's: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, 4× CPU slowdown, through the DevTools protocol; 412 × 823):

${table('mobile')}

The same profile, with a reader who looks at the title for a second and then flicks down through the article at 2000 px/s until the comments are in view (the sections start loading 800 px ahead):

${scrollTable()}

${lighthouseSection}
${extra.join('\n\n')}
`;
console.log(report);
const md = await readFile(path.join(root, 'BENCHMARKS.md'), 'utf8').catch(() => '');
const marker = '<!-- bench-load -->';
const section = `${marker}\n${report}${marker}`;
const updated = md.includes(marker)
  ? md.replace(new RegExp(`${marker}[\\s\\S]*${marker}`), section)
  : `${md}\n${section}\n`;
await writeFile(path.join(root, 'BENCHMARKS.md'), updated);
