// The widget's first view prerendered into the page (scripts/prerender.mjs):
// painted before the wasm arrives, readable without JavaScript, replaced by
// the live widget in the same place, kept when the article cannot be
// fetched again (unless it is gone).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { startServer, launch, openPage, reveal, root, focusGoesTo } from './harness.mjs';
import { prerender } from '../scripts/prerender.mjs';

let server;
let browser;
let prerendered;

// A page whose source mentions <article-widget> where no widget is: in a
// comment, in a script's string, and a `>` inside an attribute; and a
// second widget whose article does not exist.
const TRICKY = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Piège</title>
<script type="module" src="article-widget.js"></script></head>
<body>
<!-- <article-widget article-src="/nowhere"> (commented out) -->
<script>window.markup = '<article-widget article-src="/nowhere">';</script>
<article-widget id="a" article-src="/api/articles/niger-us-withdrawal" data-note="a > b"><a href="#">Lire l’article</a></article-widget>
<article-widget id="b" article-src="/api/articles/no-such-article"><a href="#">Lire l’autre article</a></article-widget>
</body></html>
`;
const trickyFile = path.join(root, 'dist', 'e2e-prerender-tricky.html');

before(async () => {
  server = await startServer();
  browser = await launch();
  prerendered = await prerender(browser, `${server.url}/index.html`);
  await writeFile(trickyFile, TRICKY);
});

after(async () => {
  await rm(trickyFile, { force: true });
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
  await page.goto(`${server.url}${pathname}`);
  return page;
}

// Holds back the wasm until release() is called.
function holdWasm() {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const routes = (page) => page.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  return { routes, release: () => release() };
}

const shadowState = (page) => page.evaluate(() => {
  const shadow = document.querySelector('#main-widget').shadowRoot;
  return {
    titles: [...shadow.querySelectorAll('h1')].map((h) => h.textContent),
    prerendered: !!shadow.querySelector('[data-aw-prerendered]'),
    hiddenMount: !!shadow.querySelector('.aw-mount[hidden]'),
  };
});

// In the page: where the title, the comment area and the widget are, now
// (window.__places()), and at the moment the prerendered view is replaced
// (window.__atSwap), before the lazy sections could react to the change.
const recordPlaces = () => {
  window.__places = () => {
    const shadow = document.querySelector('#main-widget').shadowRoot;
    const box = (el) => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height].map((n) => Math.round(n * 2) / 2); };
    const visible = (selector) => [...shadow.querySelectorAll(selector)].find((el) => el.getClientRects().length);
    return { title: box(visible('h1')), comments: box(visible('.aw-comments-area')), host: box(document.querySelector('#main-widget')) };
  };
  document.addEventListener('DOMContentLoaded', () => {
    const shadow = document.querySelector('#main-widget').shadowRoot;
    const observer = new MutationObserver(() => {
      if (!shadow.querySelector('[data-aw-prerendered]')) {
        observer.disconnect();
        window.__atSwap = window.__places();
      }
    });
    observer.observe(shadow, { childList: true });
    // The comment form the script draws ahead of the section's code, into
    // the prerendered view, before the swap.
    const ahead = new MutationObserver(() => {
      if (shadow.querySelector('[data-aw-prerendered] [data-aw-ahead]')) {
        ahead.disconnect();
        window.__atAhead = window.__places();
      }
    });
    ahead.observe(shadow, { childList: true, subtree: true });
  });
};

const tookOver = (page) => page.waitForFunction(() => !document.querySelector('#main-widget').shadowRoot.querySelector('[data-aw-prerendered]'));

/** Clicks the retry of the comment form drawn ahead, once the cause is gone: Yew takes over, both sections come, and the section's own form has `typed`. */
async function retryTakesOver(page, typed) {
  const w = (selector) => page.locator(`#main-widget ${selector}`);
  // From the keyboard: the focus, gone with the button, stays in the section.
  await w('[data-aw-ahead]').getByRole('button', { name: 'Réessayer' }).focus();
  await page.keyboard.press('Enter');
  await tookOver(page);
  await w('.aw-related-link').first().waitFor();
  await w('.aw-comments:not([data-aw-ahead]) .aw-form').waitFor();
  assert.equal(await w('#aw-body').inputValue(), typed);
  assert.equal(await focusGoesTo(page, '#main-widget', 'aw-comments-title'), 'aw-comments-title');
  assert.deepEqual(await shadowState(page), { titles: [TITLE], prerendered: false, hiddenMount: false });
}

test('prerender puts one view per widget in the page, takes out the preload hints for the widget, and gives the hash of its stylesheet', () => {
  assert.equal(prerendered.views, 1);
  assert.equal(prerendered.skipped, 0);
  // The demo page preloads the wasm and the article: with the article in
  // the page, those only compete with its first paint.
  assert.equal(prerendered.preloads, 2);
  assert.doesNotMatch(prerendered.html, /<link[^>]*preload/);
  assert.equal(prerendered.html.match(/<template shadowrootmode="open">/g)?.length, 1);
  assert.match(prerendered.csp, /^'sha256-[A-Za-z0-9+/]+=*'$/);
});

test('without JavaScript the prerendered article is shown, styled, with no empty space held, and the fallback link is not', async () => {
  const page = await openPrerendered({ javaScriptEnabled: false });
  const title = page.locator('#main-widget h1');
  assert.equal(await title.textContent(), TITLE);
  assert.ok(await title.isVisible());
  // The widget's stylesheet applies, not the host's 64px orange headings.
  assert.notEqual(await title.evaluate((h) => getComputedStyle(h).fontSize), '64px');
  assert.equal(await page.locator('#main-widget > a').isVisible(), false);
  // Placeholders for sections that never load hold no space.
  const held = await page.evaluate(() => [...document.querySelector('#main-widget').shadowRoot
    .querySelectorAll('.aw-comments-placeholder, .aw-related-placeholder')].map((p) => p.offsetHeight));
  assert.ok(held.length >= 1);
  assert.deepEqual(held, held.map(() => 0));
  await page.context().close();
});

test('the title is painted before the wasm arrives; the widget then takes its place, where it was, focus included', async () => {
  const wasm = holdWasm();
  const page = await openPrerendered({}, async (p) => {
    await wasm.routes(p);
    await p.addInitScript(recordPlaces);
  });
  // The wasm is held back: what the reader sees is the prerendered view.
  await page.locator('#main-widget h1').waitFor();
  assert.deepEqual(await shadowState(page), { titles: [TITLE], prerendered: true, hiddenMount: false });
  assert.equal(await page.evaluate(() => ArticleWidget.snapshot(document.querySelector('#main-widget'))), null);
  const before = await page.evaluate(() => window.__places());
  // A reader on the keyboard is on the first breadcrumb link.
  await page.locator('#main-widget nav.aw-crumbs a').first().focus();
  wasm.release();
  await tookOver(page);
  assert.deepEqual(await shadowState(page), { titles: [TITLE], prerendered: false, hiddenMount: false });
  // The comment form drawn ahead into the prerendered view moved nothing
  // above it (it may be a few pixels taller than the place held for the
  // section); the live widget then drew the same article in the same place.
  const { atAhead, atSwap } = await page.evaluate(() => ({ atAhead: window.__atAhead, atSwap: window.__atSwap }));
  assert.deepEqual(atAhead.title, before.title);
  assert.deepEqual(atAhead.comments.slice(0, 3), before.comments.slice(0, 3));
  assert.deepEqual(atSwap, atAhead);
  const focused = await page.evaluate(() => {
    const active = document.querySelector('#main-widget').shadowRoot.activeElement;
    return active && { text: active.textContent, inCrumbs: !!active.closest('nav.aw-crumbs') };
  });
  assert.deepEqual(focused, { text: 'Accueil', inCrumbs: true });
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

test('on a prerendered page the comment form comes with the script, ahead of the section’s code, and the section takes over what was typed', async () => {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const page = await openPrerendered({}, (p) => p.route('**/split_comments.wasm', async (route) => { await held; await route.continue(); }));
  // The snapshot carries no such form (read without the script it could not be sent).
  assert.doesNotMatch(prerendered.html, /data-aw-ahead/);
  const ahead = page.locator('#main-widget [data-aw-ahead]');
  await ahead.waitFor();
  await reveal(page, '#main-widget');
  await ahead.locator('#aw-body').fill('Tapé sur la page prérendue');
  await tookOver(page);
  // Yew took the prerendered view's place; the form moved with it, text kept.
  assert.equal(await ahead.locator('#aw-body').inputValue(), 'Tapé sur la page prérendue');
  release();
  await page.locator('#main-widget .aw-comments:not([data-aw-ahead]) .aw-form').waitFor();
  assert.equal(await page.locator('#main-widget #aw-body').inputValue(), 'Tapé sur la page prérendue');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('on a prerendered page whose widget code cannot be fetched, the article stays, each section says so (the comment form keeps what was typed), and a button tries again', async () => {
  const block = (route) => route.abort('connectionrefused');
  const page = await openPrerendered({}, (p) => p.route('**/split_app.wasm', block));
  const w = (selector) => page.locator(`#main-widget ${selector}`);
  await w('[data-aw-ahead] .aw-list-error').waitFor();
  await w('[data-aw-ahead] #aw-body').fill('Tapé sans le code du widget');
  assert.equal(await w('[data-aw-ahead] .aw-list-error p').textContent(), 'Les commentaires n’ont pas pu être chargés.');
  assert.equal(await w('.aw-related-error p').textContent(), 'Les articles liés sont indisponibles.');
  assert.deepEqual((await shadowState(page)).titles, [TITLE]);
  await page.unroute('**/split_app.wasm', block);
  await retryTakesOver(page, 'Tapé sans le code du widget');
  await page.context().close();
});

test('on a prerendered page whose article cannot be had again for now, the article stays, each section says so (the comment form keeps what was typed), and a button tries again', async () => {
  const down = (route) => route.fulfill({ status: 503, body: 'down' });
  const page = await openPrerendered({}, (p) => p.route('**/api/articles/niger-us-withdrawal', down));
  const w = (selector) => page.locator(`#main-widget ${selector}`);
  await w('[data-aw-prerendered] [data-aw-ahead] .aw-list-error').waitFor();
  await w('[data-aw-ahead] #aw-body').fill('Tapé pendant la panne');
  assert.equal(await w('[data-aw-prerendered] .aw-related-error p').textContent(), 'Les articles liés sont indisponibles.');
  assert.deepEqual(await shadowState(page), { titles: [TITLE], prerendered: true, hiddenMount: true });
  await page.unroute('**/api/articles/niger-us-withdrawal', down);
  await retryTakesOver(page, 'Tapé pendant la panne');
  await page.context().close();
});

test('a setting changed before the takeover redraws the widget without ever dropping the article', async () => {
  const wasm = holdWasm();
  const page = await openPrerendered({}, async (p) => {
    await wasm.routes(p);
    // Records whether the article ever stopped being shown.
    await p.addInitScript(() => {
      window.__gaps = 0;
      document.addEventListener('DOMContentLoaded', () => {
        const shadow = document.querySelector('#main-widget').shadowRoot;
        new MutationObserver(() => {
          if (!shadow.querySelector('[data-aw-prerendered] h1, .aw-mount:not([hidden]) h1')) window.__gaps += 1;
        }).observe(shadow, { subtree: true, childList: true, attributes: true });
      });
    });
  });
  await page.locator('#main-widget h1').waitFor();
  await page.evaluate(() => document.querySelector('#main-widget').setAttribute('theme', 'dark'));
  wasm.release();
  await tookOver(page);
  await page.locator('#main-widget .aw[data-theme="dark"] h1').waitFor();
  assert.equal(await page.evaluate(() => window.__gaps), 0);
  assert.deepEqual(await shadowState(page), { titles: [TITLE], prerendered: false, hiddenMount: false });
  await page.context().close();
});

test('when the article cannot be fetched again the prerendered one stays; when it is gone, the error shows', async () => {
  const outcome = async (status) => {
    const page = await openPrerendered({}, async (p) => {
      await p.route('**/api/articles/**', (route) => route.fulfill({ status, body: 'no' }));
      await p.addInitScript(() => document.addEventListener('article-widget:error', (e) => { window.__error = e.detail.code; }));
    });
    await page.waitForFunction(() => window.__error);
    const state = { ...(await shadowState(page)), code: await page.evaluate(() => window.__error) };
    state.errorBox = await page.locator('#main-widget .aw-error').isVisible();
    await page.context().close();
    return state;
  };
  assert.deepEqual(await outcome(503), { titles: [TITLE], prerendered: true, hiddenMount: true, code: 'http', errorBox: false });
  assert.deepEqual(await outcome(404), { titles: [], prerendered: false, hiddenMount: false, code: 'not-found', errorBox: true });
});

test('prerender reads the page as HTML: comments, scripts and attributes are not widgets, and nothing is added twice', async () => {
  const first = await prerender(browser, `${server.url}/e2e-prerender-tricky.html`);
  assert.equal(first.views, 1);
  assert.equal(first.skipped, 1, 'the widget whose article does not exist is left as it was');
  const at = first.html.indexOf('data-note="a > b">') + 'data-note="a > b">'.length;
  assert.ok(first.html.startsWith('<template shadowrootmode="open">', at));
  // Everything else is the source, byte for byte.
  const view = first.html.slice(at, first.html.indexOf('</template>', at) + '</template>'.length);
  assert.equal(first.html.replace(view, ''), TRICKY);
  // Without JavaScript: the first widget's article, the second's own link.
  const page = await openPrerendered({ javaScriptEnabled: false }, async () => {}, { pathname: '/tricky.html', html: first.html });
  assert.equal(await page.locator('#a h1').textContent(), TITLE);
  assert.ok(await page.locator('#b > a').isVisible());
  await page.context().close();
  // A page prerendered already gets no second view.
  await writeFile(trickyFile, first.html);
  const again = await prerender(browser, `${server.url}/e2e-prerender-tricky.html`);
  assert.equal(again.views, 0);
  assert.equal(again.html, first.html);
});

test('under a strict CSP, the hash prerender prints lets the first view be styled, with no violation', async () => {
  const csp = await prerender(browser, `${server.url}/static/csp.html`);
  const html = csp.html.replace("style-src 'self'", `style-src 'self' ${csp.csp}`);
  assert.notEqual(html, csp.html);
  const weight = (page) => page.evaluate(() => getComputedStyle(document.querySelector('#main-widget').shadowRoot.querySelector('h1')).fontWeight);
  const wasm = holdWasm();
  const page = await openPrerendered({}, async (p) => {
    await wasm.routes(p);
    await p.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
  }, { pathname: '/static/prerendered-csp.html', html });
  await page.locator('#main-widget h1').waitFor();
  assert.equal(await weight(page), '800', 'the prerendered view is styled before the wasm runs');
  wasm.release();
  await tookOver(page);
  assert.equal(await weight(page), '800');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
