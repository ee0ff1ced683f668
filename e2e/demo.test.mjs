// End to end: the release build, served over HTTP, in headless Chromium,
// on the demo host pages a publisher would write.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { serveStatic, startServer, launch, openPage, reveal, drawn, artifacts, root } from './harness.mjs';

let server;
let browser;

before(async () => {
  await mkdir(artifacts, { recursive: true });
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const TITLE = 'Les Etats-Unis acceptent de retirer leurs militaires du Niger';

test('the demo page renders the seed article inside the shadow root', async () => {
  const page = await openPage(browser, `${server.url}/index.html`);
  await drawn(page);
  const inShadow = await page.evaluate(() => {
    const host = document.querySelector('#main-widget');
    return {
      title: host.shadowRoot?.querySelector('h1')?.textContent,
      lightDomTitle: host.querySelector('h1'),
      date: host.shadowRoot.querySelector('time.aw-date').textContent,
      views: host.shadowRoot.querySelector('.aw-views').textContent,
      comments: host.shadowRoot.querySelector('.aw-comment-count').textContent,
      ad: !!host.shadowRoot.querySelector('aside.aw-ad slot[name=ad]'),
    };
  });
  assert.equal(inShadow.title, TITLE);
  assert.equal(inShadow.lightDomTitle, null);
  assert.equal(inShadow.date, 'Publié le 19 avril 2024');
  assert.equal(inShadow.views, '9\u00a0vues');
  assert.equal(inShadow.comments, '0\u00a0commentaire');
  assert.ok(inShadow.ad, 'the host ad is slotted into the sidebar');
  // The fallback link is no longer shown once the article is there.
  assert.equal(await page.locator('#main-widget > a').isVisible(), false);
  assert.deepEqual(page.problems, []);
  await page.screenshot({ path: path.join(artifacts, 'demo-fr.png'), fullPage: true });
  await page.locator('#main-widget').screenshot({ path: path.join(artifacts, 'widget-fr.png') });
  await page.context().close();
});

test('the demo page’s two preload hints are what the widget takes: the wasm and the article asked for once each', async () => {
  const page = await openPage(browser, null);
  const asked = [];
  page.on('request', (request) => asked.push(request.url()));
  await page.goto(`${server.url}/index.html`);
  await drawn(page);
  const wasm = `${server.url}/article-widget-embed_bg.wasm`;
  const article = `${server.url}/api/articles/niger-us-withdrawal`;
  assert.deepEqual([asked.filter((u) => u === wasm).length, asked.filter((u) => u === article).length], [1, 1],
    `a hint the loader's request did not match would ask twice: ${asked.filter((u) => /\.wasm$|\/api\/articles\/[^/]+$/.test(u)).join(', ')}`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the host page's aggressive CSS does not change the widget", async () => {
  const probe = () => {
    const shadow = document.querySelector('#main-widget').shadowRoot;
    const props = ['font-family', 'font-size', 'font-weight', 'font-style', 'color', 'line-height',
      'letter-spacing', 'text-transform', 'text-decoration-line', 'margin-top', 'padding-top',
      'border-top-style', 'display', 'filter', 'background-color'];
    const out = {};
    for (const selector of ['.aw', 'nav.aw-crumbs a', 'h1', 'time.aw-date', '.aw-views', '.aw-lead',
      '.aw-body p', '.aw-signature', 'aside.aw-ad', 'article', '.aw-related-title', '.aw-related-link',
      '#aw-comments-title', '.aw-form label', '#aw-body', '#aw-author', '.aw-form button[type=submit]', '.aw-note']) {
      const el = shadow.querySelector(selector);
      if (!el) { out[selector] = 'missing'; continue; }
      const style = getComputedStyle(el);
      out[selector] = Object.fromEntries(props
        // The title's size follows the widget's width (container units).
        .filter((p) => !(selector === 'h1' && (p === 'font-size' || p === 'line-height')))
        .map((p) => [p, style.getPropertyValue(p)]));
    }
    return out;
  };
  const plain = await openPage(browser, `${server.url}/static/plain.html`);
  await plain.locator('#main-widget .aw-related-link').first().waitFor();
  await reveal(plain, '#main-widget');
  await plain.locator('#main-widget .aw-form').waitFor();
  const aggressive = await openPage(browser, `${server.url}/index.html`);
  await aggressive.locator('#main-widget .aw-related-link').first().waitFor();
  await reveal(aggressive, '#main-widget');
  await aggressive.locator('#main-widget .aw-form').waitFor();
  const [expected, actual] = [await plain.evaluate(probe), await aggressive.evaluate(probe)];
  assert.deepEqual(actual, expected);
  // The widget fills its element's box exactly: no indent, no overflow.
  const fit = await aggressive.evaluate(() => {
    const host = document.querySelector('#main-widget');
    const [h, w] = [host.getBoundingClientRect(), host.shadowRoot.querySelector('.aw').getBoundingClientRect()];
    return [Math.round(w.left - h.left), Math.round(w.width - h.width), Math.round(w.height - h.height)];
  });
  assert.deepEqual(fit, [0, 0, 0]);
  // And the host's own rules did apply to the host's own elements.
  const hostP = await aggressive.evaluate(() => getComputedStyle(document.querySelector('body p')).textTransform);
  assert.equal(hostP, 'uppercase');
  await plain.context().close();
  await aggressive.context().close();
});

test('two widgets, French light and English dark, on one page', async () => {
  const page = await openPage(browser, `${server.url}/static/two-widgets.html`);
  const widgets = page.locator('article-widget');
  assert.equal(await widgets.count(), 2);
  await drawn(page, '#widget-fr');
  await drawn(page, '#widget-en');
  const seen = await page.evaluate(() => [...document.querySelectorAll('article-widget')].map((w) => ({
    lang: w.shadowRoot.querySelector('.aw').lang,
    theme: w.shadowRoot.querySelector('.aw').dataset.theme,
    background: getComputedStyle(w.shadowRoot.querySelector('.aw')).backgroundColor,
    views: w.shadowRoot.querySelector('.aw-views').textContent,
  })));
  assert.deepEqual(seen.map((w) => [w.lang, w.theme]), [['fr', 'light'], ['en', 'dark']]);
  assert.notEqual(seen[0].background, seen[1].background);
  assert.equal(seen[1].views, '1,234\u00a0views');
  assert.deepEqual(page.problems, []);
  await page.screenshot({ path: path.join(artifacts, 'two-widgets.png'), fullPage: true });
  await widgets.nth(1).screenshot({ path: path.join(artifacts, 'widget-en-dark.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(artifacts, 'two-widgets-narrow.png'), fullPage: true });
  await page.context().close();
});

test('the sidebar sits beside the article when wide and below it when narrow', async () => {
  const page = await openPage(browser, `${server.url}/static/plain.html`);
  await drawn(page);
  const layout = () => page.evaluate(() => {
    const shadow = document.querySelector('#main-widget').shadowRoot;
    const a = shadow.querySelector('article').getBoundingClientRect();
    const s = shadow.querySelector('.aw-side').getBoundingClientRect();
    return { beside: s.left >= a.right - 1, below: s.top >= a.bottom - 1 };
  });
  assert.deepEqual(await layout(), { beside: true, below: false });
  await page.setViewportSize({ width: 400, height: 800 });
  assert.deepEqual(await layout(), { beside: false, below: true });
  await page.context().close();
});

test('the custom element mounts, unmounts on removal, and remounts', async () => {
  const page = await openPage(browser, `${server.url}/static/plain.html`);
  await drawn(page);
  const result = await page.evaluate(async () => {
    const el = document.querySelector('#main-widget');
    const parent = el.parentNode;
    el.remove();
    await new Promise((r) => setTimeout(r, 50));
    const afterRemove = el.shadowRoot.innerHTML;
    parent.appendChild(el);
    // The widget itself, not its first view (which Yew's app takes over a moment later).
    const drawn = () => el.shadowRoot.querySelector('h1') && !el.shadowRoot.querySelector('[data-aw-first-view]');
    for (let i = 0; i < 200 && !drawn(); i++) await new Promise((r) => setTimeout(r, 20));
    const remounted = el.shadowRoot.querySelectorAll('h1').length;
    // A move (remove and re-insert at once) keeps the same widget.
    const h1 = el.shadowRoot.querySelector('h1');
    parent.insertBefore(el, parent.firstChild);
    await new Promise((r) => setTimeout(r, 50));
    return { afterRemove, remounted, keptOnMove: el.shadowRoot.querySelector('h1') === h1 };
  });
  assert.deepEqual(result, { afterRemove: '<slot></slot>', remounted: 1, keptOnMove: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('ArticleWidget.mount from JavaScript, any number of times, and unmount', async () => {
  const page = await openPage(browser, `${server.url}/static/plain.html`);
  await drawn(page);
  const result = await page.evaluate(async () => {
    const div = document.createElement('div');
    document.body.append(div);
    const events = [];
    div.addEventListener('article-widget:ready', (e) => events.push(e.detail.id));
    const handle = ArticleWidget.mount(div, { articleSrc: 'articles/sahel-solar-minigrids.json', theme: 'dark' });
    ArticleWidget.mount(div, { articleSrc: 'articles/sahel-solar-minigrids.json' });
    await handle.ready;
    // The ready event follows the render (an effect): wait for both.
    for (let i = 0; i < 200 && !(div.shadowRoot.querySelector('h1') && events.length); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const rendered = div.shadowRoot.querySelectorAll('.aw').length;
    await handle.unmount();
    return { rendered, events, after: div.shadowRoot.innerHTML };
  });
  assert.deepEqual(result, { rendered: 1, events: ['sahel-solar-minigrids'], after: '<slot></slot>' });
  await page.context().close();
});

test('the fallback link stays when the wasm cannot load', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto(`${server.url}/static/plain.html`);
  const link = page.locator('#main-widget > a');
  await link.waitFor();
  await page.waitForTimeout(300);
  assert.equal(await link.isVisible(), true);
  assert.ok(problems.some((p) => p.includes('article-widget')), problems.join('\n'));
  await context.close();
});

test('a bad attribute shows a localized error box and one console error', async () => {
  const page = await openPage(browser, `${server.url}/static/plain.html`);
  await drawn(page);
  page.problems.length = 0;
  const result = await page.evaluate(async () => {
    const el = document.createElement('article-widget');
    el.setAttribute('artcle-src', 'articles/niger-us-withdrawal.json');
    el.setAttribute('lang', 'fr');
    const codes = [];
    el.addEventListener('article-widget:error', (e) => codes.push(e.detail.code));
    document.body.append(el);
    for (let i = 0; i < 200 && !el.shadowRoot?.querySelector('.aw-error'); i++) await new Promise((r) => setTimeout(r, 20));
    return { message: el.shadowRoot.querySelector('.aw-error-message').textContent, codes };
  });
  assert.equal(result.message, 'L’attribut « artcle-src » est inconnu. Vouliez-vous dire « article-src » ?');
  assert.deepEqual(result.codes, ['unknown-attribute']);
  assert.equal(page.problems.length, 1);
  assert.match(page.problems[0], /`artcle-src`/);
  await page.context().close();
});

test('the published files work from another origin and any path prefix', async () => {
  const cdn = await serveStatic(undefined, { prefix: '/vendor/article-widget/1.0.0/' });
  const base = `${cdn.url}/vendor/article-widget/1.0.0`;
  const publisher = await serveStatic(undefined, {
    prefix: '/nothing-here/',
    pages: {
      '/news/story.html': `<!doctype html><html lang="en"><title>Partner page</title>
        <script type="module" src="${base}/article-widget.js"></script>
        <article-widget article-src="${base}/static/articles/sahel-solar-minigrids.json" loading="eager"
            related-src="${base}/static/feeds/related.json">
          <a href="https://publisher.example/">Read the story</a>
        </article-widget>`,
    },
  });
  try {
    const page = await openPage(browser, null);
    const wasm = [];
    page.on('requestfinished', (request) => { if (request.url().endsWith('.wasm')) wasm.push(request.url()); });
    await page.goto(`${publisher.url}/news/story.html`);
    await drawn(page, 'article-widget');
    const src = await page.evaluate(() => document.querySelector('article-widget').shadowRoot.querySelector('img').src);
    assert.equal(src, `${base}/static/img/minigrid.svg`);
    // The sidebar's code, a module of its own, came from beside the loader too.
    await page.locator('article-widget .aw-related-link').first().waitFor();
    assert.ok(wasm.includes(`${base}/split_related.wasm`), wasm.join(' '));
    assert.ok(wasm.every((url) => url.startsWith(`${base}/`)), wasm.join(' '));
    assert.deepEqual(page.problems, []);
    await page.context().close();
  } finally {
    await cdn.close();
    await publisher.close();
  }
});

test('hostile data and failing sources in the release build: inert text, no panic', async () => {
  const hostile = JSON.parse(await readFile(path.join(root, 'tests/fixtures/hostile.json'), 'utf8'));
  const page = await openPage(browser, `${server.url}/static/plain.html`);
  await drawn(page);
  page.on('dialog', (dialog) => { page.problems.push(`dialog: ${dialog.message()}`); dialog.dismiss(); });
  const result = await page.evaluate(async (article) => {
    const settle = async (el) => {
      for (let i = 0; i < 300 && !el.shadowRoot?.querySelector('.aw-article, .aw-error'); i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      return el.shadowRoot;
    };
    const a = document.createElement('div');
    const b = document.createElement('div');
    document.body.append(a, b);
    await ArticleWidget.mount(a, { article, lang: 'fr' }).ready;
    await ArticleWidget.mount(b, { articleSrc: 'articles/does-not-exist.json', lang: 'en' }).ready;
    const [sa, sb] = [await settle(a), await settle(b)];
    await new Promise((r) => setTimeout(r, 200));
    return {
      title: sa.querySelector('h1').textContent,
      scripts: sa.querySelectorAll('script, svg, iframe').length,
      widthOk: sa.querySelector('.aw').scrollWidth <= a.getBoundingClientRect().width + 1,
      error: sb.querySelector('.aw-error').dataset.code,
    };
  }, hostile);
  assert.match(result.title, /<script>alert\(1\)<\/script>/);
  assert.equal(result.scripts, 0);
  assert.ok(result.widthOk, 'the 10 000-letter word widened the widget');
  assert.equal(result.error, 'not-found');
  // Only the widget's own report of the 404, and the browser's line for the
  // failed request: no panic ("unreachable"), no alert.
  const unexpected = page.problems.filter((p) => !p.startsWith('article-widget [not-found]') && !p.includes('404'));
  assert.deepEqual(unexpected, []);
  await page.context().close();
});

test('theme="auto" follows the reader\'s colour scheme', async () => {
  const background = async (colorScheme) => {
    const page = await openPage(browser, null, { colorScheme });
    await page.goto(`${server.url}/static/plain.html`);
    await drawn(page);
    const bg = await page.evaluate(() =>
      getComputedStyle(document.querySelector('#main-widget').shadowRoot.querySelector('.aw')).backgroundColor);
    await page.context().close();
    return bg;
  };
  assert.equal(await background('light'), 'rgb(255, 255, 255)');
  assert.equal(await background('dark'), 'rgb(22, 23, 27)');
});

test('changing an attribute redraws the widget; mount() without an element says so', async () => {
  const page = await openPage(browser, `${server.url}/static/plain.html`);
  await drawn(page);
  await page.evaluate(() => document.querySelector('#main-widget').setAttribute('lang', 'en'));
  await page.waitForFunction(() => document.querySelector('#main-widget').shadowRoot.querySelector('.aw-views')?.textContent === '9\u00a0views');
  const result = await page.evaluate(async () => {
    const handle = ArticleWidget.mount(null, {});
    return handle.ready.then(() => 'resolved', (e) => e.name);
  });
  assert.equal(result, 'TypeError');
  assert.deepEqual(page.problems, ['article-widget: ArticleWidget.mount(element, config): the first argument must be an element']);
  await page.context().close();
});
