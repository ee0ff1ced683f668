// Shared by the end-to-end tests: a static server for the release build in
// dist/, and a headless Chromium driven by playwright-core.
import { createServer } from 'node:http';
import { readFile, mkdtemp } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const artifacts = path.join(root, 'e2e', 'artifacts');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.css': 'text/css; charset=utf-8',
};

/**
 * Serves `dir` on an ephemeral loopback port, under `prefix` (as a CDN would
 * under a versioned path). `pages` adds in-memory HTML pages by path.
 * Resolves to { url, close }; `url` ends before the prefix.
 */
export function serveStatic(dir = path.join(root, 'dist'), { prefix = '/', pages = {} } = {}) {
  const server = createServer(async (req, res) => {
    let { pathname } = new URL(req.url, 'http://localhost');
    if (pathname === '/favicon.ico') {
      res.writeHead(204).end(); // Chromium asks every origin for one
      return;
    }
    if (pages[pathname]) {
      res.writeHead(200, { 'content-type': types['.html'] }).end(pages[pathname]);
      return;
    }
    if (!pathname.startsWith(prefix)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    pathname = `/${pathname.slice(prefix.length)}`;
    const file = path.join(dir, decodeURIComponent(pathname.endsWith('/') ? `${pathname}index.html` : pathname));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': types[path.extname(file)] || 'application/octet-stream',
        'access-control-allow-origin': '*',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/**
 * The reference server (built by the test command) serving dist/ and the
 * API, on an ephemeral port with a fresh database unless `db` is given.
 * Resolves to { url, db, stop() }; stop() sends SIGTERM and waits.
 */
export async function startServer({ db, listen = '127.0.0.1:0', args = [] } = {}) {
  const bin = process.env.AW_SERVER_BIN || path.join(root, 'target/debug/article-widget-server');
  const dbPath = db || path.join(await mkdtemp(path.join(os.tmpdir(), 'aw-e2e-')), 'comments.db');
  const child = spawn(bin, [
    '--listen', listen, '--dist', path.join(root, 'dist'), '--articles', path.join(root, 'static/articles'),
    '--db', dbPath, '--rate-limit', '0', ...args,
  ], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, RUST_LOG: 'warn' } });
  const line = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
    createInterface({ input: child.stdout }).once('line', resolve);
  });
  const url = line.replace('listening on ', '').trim();
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return { url, db: dbPath, stop, child };
}

export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: chromiumArgs,
  });
}

/**
 * Scrolls a widget's comment section (or its placeholder) into view, as a
 * reader scrolling down would: sections load when they come near.
 */
export async function reveal(page, hostSelector) {
  await page.waitForFunction((sel) => document.querySelector(sel)?.shadowRoot?.querySelector('.aw-comments-placeholder, .aw-comments'), hostSelector);
  await page.evaluate((sel) => document.querySelector(sel).shadowRoot.querySelector('.aw-comments-placeholder, .aw-comments').scrollIntoView(), hostSelector);
}

/**
 * Waits until the widget at `hostSelector` shows the article it drew
 * itself: its app's root, neither hidden nor a first view, has the title.
 * (Yew's app is drawn hidden behind the first view and takes its place a
 * moment later: meanwhile the shadow root holds both.)
 */
export async function drawn(page, hostSelector = '#main-widget') {
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.shadowRoot?.querySelector('.aw-mount:not([hidden]):not([data-aw-prerendered]) h1'),
    hostSelector,
  );
}

/**
 * Waits (up to 5 s) until the element with `id` in the shadow root of the
 * widget at `hostSelector` has the focus (the widget moves it a task or
 * more after the action), then says which has it: its id, or null.
 */
export async function focusGoesTo(page, hostSelector, id) {
  await page.waitForFunction(([w, i]) => document.querySelector(w).shadowRoot.activeElement?.id === i, [hostSelector, id], { timeout: 5000 }).catch(() => {});
  return page.evaluate((w) => document.querySelector(w).shadowRoot.activeElement?.id ?? null, hostSelector);
}

/** A new page that records console errors and uncaught exceptions. */
export async function openPage(browser, url, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') page.problems.push(msg.text()); });
  page.on('pageerror', (error) => page.problems.push(String(error)));
  if (url) await page.goto(url);
  return page;
}
