// The widget's first view prerendered into the page (scripts/prerender.mjs):
// painted before the wasm arrives, readable without JavaScript, replaced by
// the live widget without a layout shift.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, reveal } from './harness.mjs';
import { prerender } from '../scripts/prerender.mjs';

let server;
let browser;
let prerendered;

before(async () => {
  server = await startServer();
  browser = await launch();
  prerendered = await prerender(browser, `${server.url}/index.html`);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const TITLE = 'Les Etats-Unis acceptent de retirer leurs militaires du Niger';

// A page at the server's origin whose HTML is the prerendered demo page
// (or `html`, at `pathname`).
async function openPrerendered(options = {}, routes = async () => {}, { pathname = '/prerendered.html', html = prerendered.html } = {}) {
  const page = await openPage(browser, null, options);
  await page.route(`${server.url}${pathname}`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  await routes(page);
  await page.addInitScript(() => {
    window.__shifts = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(`${server.url}${pathname}`);
  return page;
}

const shadowState = (page) => page.evaluate(() => {
  const shadow = document.querySelector('#main-widget').shadowRoot;
  return {
    titles: [...shadow.querySelectorAll('h1')].map((h) => h.textContent),
    prerendered: !!shadow.querySelector('[data-aw-prerendered]'),
    hiddenMount: !!shadow.querySelector('.aw-mount[hidden]'),
  };
});

test('prerender puts one view per widget in the page, and the hash of its stylesheet', () => {
  assert.equal(prerendered.failed, 0);
  assert.equal(prerendered.html.match(/<template shadowrootmode="open">/g)?.length, 1);
  assert.match(prerendered.csp, /^'sha256-[A-Za-z0-9+/]+=*'$/);
});

test('without JavaScript the prerendered article is shown, styled, and the fallback link is not', async () => {
  const page = await openPrerendered({ javaScriptEnabled: false });
  const title = page.locator('#main-widget h1');
  assert.equal(await title.textContent(), TITLE);
  assert.ok(await title.isVisible());
  // The widget's stylesheet applies, not the host's 64px orange headings.
  assert.notEqual(await title.evaluate((h) => getComputedStyle(h).fontSize), '64px');
  assert.equal(await page.locator('#main-widget > a').isVisible(), false);
  await page.context().close();
});

test('the title is painted before the wasm arrives; the widget then takes over without a shift', async () => {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const page = await openPrerendered({}, (p) => p.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  }));
  // The wasm is held back: what the reader sees is the prerendered view.
  await page.locator('#main-widget h1').waitFor();
  assert.deepEqual(await shadowState(page), { titles: [TITLE], prerendered: true, hiddenMount: false });
  release();
  await page.waitForFunction(() => !document.querySelector('#main-widget').shadowRoot.querySelector('[data-aw-prerendered]'));
  assert.deepEqual(await shadowState(page), { titles: [TITLE], prerendered: false, hiddenMount: false });
  // The live widget drew the same article in its place: nothing moved.
  const shifts = await page.evaluate(() => new Promise((resolve) => {
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.__shifts)));
  }));
  assert.ok(shifts < 0.001, `layout shift ${shifts}`);
  // The live widget answers: its comment form validates.
  await reveal(page, '#main-widget');
  await page.locator('#main-widget #aw-email').fill('pas-une-adresse');
  await page.locator('#main-widget #aw-body').focus();
  await page.locator('#main-widget #aw-email-error').filter({ hasText: 'incorrecte' }).waitFor();
  // A view taken now has the form, inert: nothing typed into it could be kept.
  const view = await page.evaluate(() => ArticleWidget.snapshot(document.querySelector('#main-widget')));
  assert.match(view, /^<template shadowrootmode="open">/);
  assert.match(view, /<form[^>]* inert=""/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('when the live widget cannot load the article, the prerendered one stays', async () => {
  const page = await openPrerendered({}, async (p) => {
    await p.route('**/api/articles/**', (route) => route.fulfill({ status: 503, body: 'down' }));
    await p.addInitScript(() => document.addEventListener('article-widget:error', (e) => { window.__error = e.detail.code; }));
  });
  await page.waitForFunction(() => window.__error);
  const state = await shadowState(page);
  assert.deepEqual(state.titles, [TITLE]);
  assert.equal(state.prerendered, true);
  assert.ok(await page.locator('#main-widget h1').isVisible());
  await page.context().close();
});

test('under a strict CSP, the hash prerender prints lets the first view be styled, with no violation', async () => {
  const csp = await prerender(browser, `${server.url}/static/csp.html`);
  const html = csp.html.replace("style-src 'self'", `style-src 'self' ${csp.csp}`);
  assert.notEqual(html, csp.html);
  const weight = (page) => page.evaluate(() => getComputedStyle(document.querySelector('#main-widget').shadowRoot.querySelector('h1')).fontWeight);
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const page = await openPrerendered({}, async (p) => {
    await p.route('**/*.wasm', async (route) => { await held; await route.continue(); });
    await p.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
  }, { pathname: '/static/prerendered-csp.html', html });
  await page.locator('#main-widget h1').waitFor();
  assert.equal(await weight(page), '800', 'the prerendered view is styled before the wasm runs');
  release();
  await page.waitForFunction(() => !document.querySelector('#main-widget').shadowRoot.querySelector('[data-aw-prerendered]'));
  assert.equal(await weight(page), '800');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
