// End to end: the first view from a small first download. The release build
// is split by section: the page fetches the loader, the main wasm and the
// article all at once, and each section's code (the related sidebar, the
// comment section) only when the section comes near. A section whose code
// cannot be fetched says so in its own words, with a button that tries
// again, and the article stays.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startServer, launch, openPage, root, focusGoesTo } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const ARTICLE = '/api/articles/niger-us-withdrawal';
// The seed article with its body eight times over: its comment section
// starts far below its sidebar.
const LONG = '/long-article.json';

/** A host page with the widget below more than two screenfuls of text, so that its sections start far from the viewport. */
function hostPage({ attributes = '', src = ARTICLE } = {}) {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Hôte</title>
    <script type="module" src="/article-widget.js"></script></head><body>
    <div style="height: 2400px">Une page d’hôte.</div>
    <article-widget id="w" article-src="${src}" related-src="/static/feeds/related.xml"
        comments-endpoint="${ARTICLE}/comments" ${attributes}>
      <a href="https://publisher.example/">Lire l’article</a>
    </article-widget>
    <footer style="height: 600px">Pied de page</footer></body></html>`;
}

/** Opens `html` at /host.html on the server (so the widget's files and the API are same-origin). */
async function open(html, { before: prepare } = {}) {
  const page = await openPage(browser, null);
  page.requests = [];
  page.on('request', (request) => page.requests.push(new URL(request.url()).pathname));
  await page.route(`${server.url}/host.html`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  const seed = JSON.parse(await readFile(path.join(root, 'static/articles/niger-us-withdrawal.json'), 'utf8'));
  await page.route(`${server.url}${LONG}`, (route) => route.fulfill({ json: { ...seed, body: Array(8).fill(seed.body).flat() } }));
  await prepare?.(page);
  await page.goto(`${server.url}/host.html`);
  return page;
}

const shadow = (page, selector) => page.locator(`#w ${selector}`);
const scrollTo = (page, selector) => page.evaluate((sel) => document.querySelector('#w').shadowRoot.querySelector(sel).scrollIntoView(), selector);
const parts = (page) => page.requests.filter((p) => /\/(split|chunk)_[^/]*\.wasm$/.test(p));
// The comment section's own form: not the one the first view draws ahead of
// the section's code (marked data-aw-ahead until the section takes it over).
const OWN_FORM = '.aw-comments:not([data-aw-ahead]) .aw-form textarea';

/** Holds back the named parts' modules (`split_<name>.wasm`) until `release(name)`. */
function holdParts(...names) {
  const releases = {};
  const arrived = Object.fromEntries(names.map((name) => [name, new Promise((resolve) => { releases[name] = resolve; })]));
  return {
    before: async (page) => {
      for (const name of names) {
        await page.route(`**/split_${name}.wasm`, async (route) => { await arrived[name]; await route.continue(); });
      }
    },
    release: (name) => releases[name](),
  };
}
/** Waits until the button of the form drawn ahead works (Yew's module has come). */
const buttonWorks = (page) => page.waitForFunction(() => !document.querySelector('#w').shadowRoot.querySelector('[data-aw-ahead] button[type=submit]').disabled);
/** Types a comment into the form drawn ahead (`ahead`): its text, the name and the address. */
async function fillAhead(ahead, body, email = 'awa@example.org') {
  await ahead.locator('#aw-body').fill(body);
  await ahead.locator('#aw-author').fill('Awa');
  await ahead.locator('#aw-email').fill(email);
}
/**
 * Yew's module `held` back until now comes, the comment section's code is refused (`block`), and the
 * reader leaves with no keystroke: back, with the code allowed, the section's own form is there.
 */
async function leaveBeforeTheCode(page, ahead, held, block) {
  held.release('app');
  await buttonWorks(page);
  await ahead.locator('.aw-list-error').waitFor();
  await page.unroute('**/split_comments.wasm', block);
  await page.reload();
  await shadow(page, OWN_FORM).waitFor();
}
/** A host page (`prepare`d first) whose comment section's code is refused (the connection lost) until `allow()`, its form drawn ahead working. */
async function commentsCodeRefused(prepare) {
  const refuse = (route) => route.abort('connectionrefused');
  const page = await open(hostPage({ attributes: 'loading="eager"' }), {
    before: async (p) => {
      await prepare?.(p);
      await p.route('**/split_comments.wasm', refuse);
    },
  });
  const ahead = shadow(page, '.aw-comments[data-aw-ahead]');
  await ahead.locator('.aw-list-error').waitFor();
  await buttonWorks(page);
  return { page, ahead, allow: () => page.unroute('**/split_comments.wasm', refuse) };
}

test('the article is requested with the wasm, not after it; each section’s code comes when the section nears', async () => {
  const page = await open(hostPage({ src: LONG }), {
    // The main wasm is held back (3 s at most) until the article has been
    // requested: a loader that asked for the article only once the wasm ran
    // would not have asked by then.
    before: (p) => p.route('**/article-widget-embed_bg.wasm', async (route) => {
      for (let i = 0; i < 60 && !p.requests.includes(LONG); i++) await new Promise((r) => setTimeout(r, 50));
      p.articleBeforeWasm = p.requests.includes(LONG);
      await route.continue();
    }),
  });
  await shadow(page, 'h1').first().waitFor();
  assert.equal(page.articleBeforeWasm, true, 'the article was requested while the wasm was still on its way');
  assert.equal(page.requests.filter((p) => p === LONG).length, 1, 'one request for the article: the widget took over the loader’s');
  // Nothing of the sections yet: their code is not part of the first view.
  // Yew itself (the app, split_app.wasm, and the chunks it shares with the
  // sections) comes while the article is drawn without it.
  await page.waitForTimeout(300);
  assert.deepEqual(parts(page).filter((p) => /^\/split_/.test(p)), ['/split_app.wasm']);
  assert.equal(await shadow(page, '.aw-comments-placeholder').count(), 1);

  await scrollTo(page, '.aw-related-placeholder');
  await shadow(page, '.aw-related-link').first().waitFor();
  assert.ok(parts(page).includes('/split_related.wasm'), parts(page).join(' '));
  assert.ok(!parts(page).includes('/split_comments.wasm'), 'the comment section’s code waits for the comment section');

  await scrollTo(page, '.aw-comments-placeholder');
  await shadow(page, OWN_FORM).waitFor();
  assert.ok(parts(page).includes('/split_comments.wasm'), parts(page).join(' '));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the title needs only the first view’s code: Yew’s module is asked for once the article is on screen, not while it is on its way', async () => {
  // The article is held back for a second: nothing asks for Yew's module
  // meanwhile (on a phone's link it would share the connection with what
  // the title needs), and it comes once the title is drawn.
  const page = await open(hostPage(), {
    before: (p) => p.route(`${server.url}${ARTICLE}`, async (route) => {
      await new Promise((r) => setTimeout(r, 1000));
      p.appBeforeArticle = p.requests.includes('/split_app.wasm');
      await route.continue();
    }),
  });
  await shadow(page, 'h1').first().waitFor();
  assert.equal(page.appBeforeArticle, false, 'Yew’s module was not requested while the article was on its way');
  await page.waitForFunction(() => !document.querySelector('#w').shadowRoot.querySelector('[data-aw-first-view]'));
  assert.ok(page.requests.includes('/split_app.wasm'));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the article is drawn without Yew: if the app’s module cannot be fetched, the article stays, each section says so, and a button tries again', async () => {
  const block = (route) => route.abort('connectionrefused');
  const page = await open(hostPage({ attributes: 'loading="eager"' }), { before: (p) => p.route('**/split_app.wasm', block) });
  await shadow(page, '.aw-comments .aw-list-error').waitFor();
  assert.equal(await shadow(page, 'h1').count(), 1);
  assert.match(await shadow(page, 'h1').textContent(), /Niger/);
  assert.equal(await shadow(page, '.aw-comments .aw-list-error p').textContent(), 'Les commentaires n’ont pas pu être chargés.');
  assert.equal(await shadow(page, '.aw-related .aw-related-error p').textContent(), 'Les articles liés sont indisponibles.');
  assert.ok(page.problems.some((p) => /split_app|could not be loaded/i.test(p)), page.problems.join('\n'));

  await page.unroute('**/split_app.wasm', block);
  await shadow(page, '.aw-comments').getByRole('button', { name: 'Réessayer' }).click();
  await shadow(page, '.aw-form textarea').waitFor();
  await shadow(page, '.aw-related-link').first().waitFor();
  assert.equal(await shadow(page, 'h1').count(), 1);
  assert.equal(await shadow(page, '.aw-list-error').count(), 0);
  await page.context().close();
});

test('the article a first view had is its own widget’s: removed before Yew’s module came, it is not what a later widget of the same address shows', async () => {
  const block = (route) => route.abort('connectionrefused');
  const seed = JSON.parse(await readFile(path.join(root, 'static/articles/niger-us-withdrawal.json'), 'utf8'));
  let title = 'Première version';
  const page = await open(hostPage({ attributes: 'loading="eager"' }), {
    before: async (p) => {
      await p.route('**/split_app.wasm', block);
      await p.route(`${server.url}${ARTICLE}`, (route) => route.fulfill({ json: { ...seed, title } }));
    },
  });
  await shadow(page, '.aw-comments .aw-list-error').waitFor();
  assert.equal(await shadow(page, 'h1').textContent(), 'Première version');
  await page.evaluate(() => document.querySelector('#w').remove());

  title = 'Seconde version';
  await page.unroute('**/split_app.wasm', block);
  await page.evaluate((src) => {
    const widget = document.createElement('article-widget');
    widget.id = 'w';
    widget.setAttribute('article-src', src);
    document.body.append(widget);
  }, ARTICLE);
  // Drawn by Yew, which took over from this widget's own first view.
  await page.waitForFunction(() => {
    const shadowRoot = document.querySelector('#w').shadowRoot;
    return shadowRoot?.querySelector('h1') && !shadowRoot.querySelector('[data-aw-first-view]');
  });
  assert.equal(await shadow(page, 'h1').textContent(), 'Seconde version');
  await page.context().close();
});

test('a comment typed before Yew’s module came stays with its article when the page shows another one meanwhile: kept as its draft, never in the other article’s form', async () => {
  const held = holdParts('app');
  const page = await open(hostPage({ attributes: 'loading="eager"' }), { before: held.before });
  const body = shadow(page, '.aw-comments[data-aw-ahead] #aw-body');
  await body.waitFor();
  await body.fill('Pour l’article sur le Niger');
  // A single-page site shows another article, before Yew's module has come.
  const other = '/api/articles/sahel-solar-minigrids';
  await page.evaluate((src) => {
    const widget = document.querySelector('#w');
    widget.setAttribute('comments-endpoint', `${src}/comments`);
    widget.setAttribute('article-src', src);
  }, other);
  held.release('app');
  await shadow(page, OWN_FORM).waitFor();
  assert.match(await shadow(page, 'h1').textContent(), /Sahel/);
  assert.equal(await shadow(page, '#aw-body').inputValue(), '');
  const drafts = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes(':draft:'))
    .map((k) => [k, JSON.parse(localStorage.getItem(k)).body]));
  assert.deepEqual(drafts, [[`article-widget:draft:${server.url}${ARTICLE}/comments`, 'Pour l’article sur le Niger']]);
  await page.context().close();
});

test('a retry pressed from the keyboard after Yew’s module failed keeps the focus in its section through the takeover: on its heading once drawn', async () => {
  const block = (route) => route.abort('connectionrefused');
  const page = await open(hostPage({ attributes: 'loading="eager"' }), { before: (p) => p.route('**/split_app.wasm', block) });
  const retry = shadow(page, '.aw-related').getByRole('button', { name: 'Réessayer' });
  await retry.waitFor();
  await page.unroute('**/split_app.wasm', block);
  await retry.focus();
  await page.keyboard.press('Enter');
  await shadow(page, '.aw-related-link').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('#w').shadowRoot.querySelector('[data-aw-first-view]'));
  assert.equal(await focusGoesTo(page, '#w', 'aw-related-title'), 'aw-related-title');
  await page.context().close();
});

test('the article retried from the keyboard, after it could not be had, gives the focus to its title once drawn', async () => {
  let down = true;
  const page = await open(hostPage(), {
    before: (p) => p.route(`${server.url}${ARTICLE}`, (route) => (down ? route.fulfill({ status: 503, body: 'down' }) : route.continue())),
  });
  const retry = shadow(page, '.aw-error').getByRole('button', { name: 'Réessayer' });
  await retry.waitFor();
  down = false;
  await retry.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#w').shadowRoot.activeElement?.tagName === 'H1', null, { timeout: 5000 });
  assert.match(await shadow(page, 'h1').textContent(), /Niger/);
  await page.context().close();
});

test('a section that cannot load shows one markup, node for node, whether the first view or Yew draws it; the comment form drawn ahead stays with what was typed; the buttons work from the keyboard', async () => {
  const block = (route) => route.abort('connectionrefused');
  const page = await open(hostPage({ attributes: 'loading="eager"' }), {
    before: async (p) => {
      await p.route('**/split_app.wasm', block);
      await p.route('**/split_comments.wasm', block);
      await p.route('**/split_related.wasm', block);
    },
  });
  // The sidebar's error, as written by the first view, the only one on screen
  // (inside the view Yew's wrapper is missing), and as Yew draws it.
  const sidebar = () => page.evaluate(() => {
    const s = document.querySelector('#w').shadowRoot.querySelector('.aw-related');
    return s && { html: s.outerHTML, yew: s.parentElement.classList.contains('aw-raw') };
  });
  // The comment section's form, drawn ahead, takes the error in place of
  // the line saying the comments load; the reader can type meanwhile.
  const error = shadow(page, '.aw-comments[data-aw-ahead] .aw-list-error');
  await error.waitFor();
  assert.equal(await error.locator('p').textContent(), 'Les commentaires n’ont pas pu être chargés.');
  await shadow(page, '.aw-related .aw-related-error').waitFor();
  await shadow(page, '#aw-body').fill('Écrit avant le code');
  const first = await sidebar();
  assert.equal(first.yew, false, JSON.stringify(first));

  // Yew's module comes; the sections' own still cannot.
  await page.unroute('**/split_app.wasm', block);
  await error.getByRole('button', { name: 'Réessayer' }).click();
  let drawn = null;
  for (let i = 0; i < 200; i++) {
    drawn = await sidebar();
    if (drawn?.yew) break;
    await page.waitForTimeout(50);
  }
  assert.equal(drawn?.yew, true, JSON.stringify(drawn));
  assert.equal(drawn.html, first.html);
  assert.equal(await shadow(page, '.aw-related .aw-related-error').getAttribute('role'), 'status');
  await error.waitFor();
  assert.equal(await error.getAttribute('role'), 'alert');
  assert.equal(await shadow(page, '#aw-body').inputValue(), 'Écrit avant le code');

  // The retry buttons, caught by delegation, answer the keyboard as buttons do;
  // the section takes over what was typed.
  // The focus, gone with the button, follows to the section's heading.
  await page.unroute('**/split_comments.wasm', block);
  await error.getByRole('button', { name: 'Réessayer' }).focus();
  await page.keyboard.press('Enter');
  await shadow(page, OWN_FORM).waitFor();
  assert.equal(await shadow(page, '#aw-body').inputValue(), 'Écrit avant le code');
  assert.equal(await focusGoesTo(page, '#w', 'aw-comments-title'), 'aw-comments-title');
  await page.unroute('**/split_related.wasm', block);
  await shadow(page, '.aw-related').getByRole('button', { name: 'Réessayer' }).focus();
  await page.keyboard.press('Space');
  await shadow(page, '.aw-related-link').first().waitFor();
  assert.equal(await focusGoesTo(page, '#w', 'aw-related-title'), 'aw-related-title');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.querySelector('#w').shadowRoot.activeElement?.className), 'aw-related-link',
    'the next Tab goes on from the section');
  await page.context().close();
});

test('a reader who types before the comment section’s code has come keeps the text, the focus and the caret; the fields left are checked; the post says when they started', async () => {
  const held = holdParts('comments');
  const page = await open(hostPage({ attributes: 'loading="eager"' }), { before: held.before });
  const ahead = shadow(page, '.aw-comments[data-aw-ahead]');
  await ahead.waitFor();
  // The form reads as the section's own: labelled fields, the heading.
  assert.equal(await ahead.locator('#aw-form-title').textContent(), 'Laisser un commentaire');
  assert.equal(await ahead.locator('.aw-muted').textContent(), 'Chargement des commentaires…');
  const drawnAt = await ahead.getAttribute('data-aw-ahead');
  assert.ok(!Number.isNaN(Date.parse(drawnAt)), drawnAt);
  await ahead.locator('#aw-author').fill('Awa');
  await ahead.locator('#aw-email').fill('awa@');
  await ahead.locator('#aw-body').fill('Bonjour le monde');
  // The caret after "Bon", where the reader goes on typing.
  await page.evaluate(() => document.querySelector('#w').shadowRoot.querySelector('#aw-body').setSelectionRange(3, 3));
  assert.equal(await shadow(page, OWN_FORM).count(), 0);
  const where = () => page.evaluate(() => {
    const { top, left, width, height } = document.querySelector('#w').shadowRoot.querySelector('#aw-body').getBoundingClientRect();
    return [top, left, width, height].map(Math.round);
  });
  const before = await where();

  held.release('comments');
  await shadow(page, OWN_FORM).waitFor();
  const state = await page.evaluate(() => {
    const root = document.querySelector('#w').shadowRoot;
    const body = root.querySelector('#aw-body');
    return { focused: root.activeElement?.id, caret: [body.selectionStart, body.selectionEnd] };
  });
  assert.deepEqual(state, { focused: 'aw-body', caret: [3, 3] });
  assert.deepEqual(await where(), before, 'the field the reader is in did not move');
  await page.keyboard.type('X');
  assert.equal(await shadow(page, '#aw-body').inputValue(), 'BonXjour le monde');
  assert.equal(await shadow(page, '#aw-author').inputValue(), 'Awa');
  // The address was typed and left before the code came: it is checked now.
  assert.match(await shadow(page, '#aw-email-error').textContent(), /incorrecte/);
  await shadow(page, '#aw-email').fill('awa@example.org');

  const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/comments'));
  await shadow(page, '.aw-form').getByRole('button', { name: 'Publier le commentaire' }).click();
  const body = (await posted).postDataJSON();
  assert.equal(body.body, 'BonXjour le monde');
  assert.equal(new Date(body.started_at).getTime(), new Date(drawnAt).getTime(), 'the reader started no earlier than the form was drawn');
  await shadow(page, '.aw-status').filter({ hasText: 'Merci' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a reader who sends the form before the comment section’s code has come: the page stays, the form says the comment waits, and the section sends it when it comes', async () => {
  const held = holdParts('app', 'comments');
  const page = await open(hostPage({ attributes: 'loading="eager"' }), { before: held.before });
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST') posts.push(r); });
  const ahead = shadow(page, '.aw-comments[data-aw-ahead]');
  await ahead.waitFor();
  const button = ahead.getByRole('button', { name: 'Publier le commentaire' });
  // Before Yew's module, nothing could catch a send: the button waits.
  assert.equal(await button.isDisabled(), true);
  assert.equal(await button.getAttribute('aria-disabled'), 'true');
  await fillAhead(ahead, 'Envoyé avant le code');
  await ahead.locator('#aw-email').press('Enter');
  assert.equal(await ahead.locator('.aw-status').textContent(), '', 'a disabled button sends nothing');

  held.release('app');
  await buttonWorks(page);
  assert.equal(await button.getAttribute('aria-disabled'), null);
  // Enter in a field sends the form, as the button does.
  await ahead.locator('#aw-email').press('Enter');
  await ahead.locator('.aw-status').filter({ hasText: 'Votre commentaire sera envoyé dès que le formulaire sera prêt.' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/host.html', 'the page did not go anywhere');
  assert.equal(posts.length, 0);
  assert.equal(await shadow(page, OWN_FORM).count(), 0);

  const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/comments'));
  held.release('comments');
  const body = (await posted).postDataJSON();
  assert.deepEqual([body.body, body.author, body.email], ['Envoyé avant le code', 'Awa', 'awa@example.org']);
  await shadow(page, '.aw-comments:not([data-aw-ahead]) .aw-status').filter({ hasText: 'Merci' }).waitFor();
  assert.equal(await shadow(page, '#aw-body').inputValue(), '', 'the sent comment left the form');
  assert.equal(posts.length, 1, 'sent once');
  assert.equal(new URL(page.url()).pathname, '/host.html');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a form sent before the comment section’s code with a field wrong: the section says what is wrong and sends nothing', async () => {
  const held = holdParts('comments');
  const page = await open(hostPage({ attributes: 'loading="eager"' }), { before: held.before });
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST') posts.push(r); });
  const ahead = shadow(page, '.aw-comments[data-aw-ahead]');
  await ahead.waitFor();
  await buttonWorks(page);
  await fillAhead(ahead, 'Sans adresse valable', 'awa@');
  await ahead.getByRole('button', { name: 'Publier le commentaire' }).click();
  await ahead.locator('.aw-status').filter({ hasText: 'dès que le formulaire sera prêt' }).waitFor();

  held.release('comments');
  await shadow(page, OWN_FORM).waitFor();
  // The summary of what is wrong comes with a send, not with a field left.
  await shadow(page, '.aw-summary .aw-summary-title').waitFor();
  assert.match(await shadow(page, '#aw-email-error').textContent(), /incorrecte/);
  assert.equal(await shadow(page, '#aw-body').inputValue(), 'Sans adresse valable', 'nothing lost');
  assert.equal(posts.length, 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a send from the form drawn ahead where the section’s code could not be had tries again for it, and the comment goes when it comes', async () => {
  const { page, ahead, allow } = await commentsCodeRefused();
  await fillAhead(ahead, 'Envoyé malgré la panne');
  // The connection is back; the reader sends without pressing "Réessayer".
  await allow();
  const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/comments'));
  await ahead.getByRole('button', { name: 'Publier le commentaire' }).click();
  assert.equal((await posted).postDataJSON().body, 'Envoyé malgré la panne');
  await shadow(page, '.aw-comments:not([data-aw-ahead]) .aw-status').filter({ hasText: 'Merci' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/host.html');
  assert.deepEqual(page.problems.filter((p) => !/split_comments|fetch|could not be loaded|ERR_CONNECTION_REFUSED/i.test(p)), []);
  await page.context().close();
});

test('a reader who types in the form drawn ahead and leaves before the section’s code has come finds the comment again, unsent, in the section’s form', async () => {
  const held = holdParts('app');
  const block = (route) => route.abort('connectionrefused');
  const page = await open(hostPage({ attributes: 'loading="eager"' }), {
    before: async (p) => { await held.before(p); await p.route('**/split_comments.wasm', block); },
  });
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST') posts.push(r); });
  const ahead = shadow(page, '.aw-comments[data-aw-ahead]');
  await ahead.waitFor();
  // Typed before Yew's module has come (nothing of the widget's listens yet)…
  await fillAhead(ahead, 'Écrit avant le code, pas perdu');
  await ahead.locator('#aw-website').fill('https://awa.example.org/');
  await ahead.locator('#aw-website').fill('');
  // …the section's code cannot be had, and the reader leaves without another keystroke.
  await leaveBeforeTheCode(page, ahead, held, block);
  // Back: the section's own form has it (no form drawn ahead over a draft), and nothing went by itself.
  assert.deepEqual(await Promise.all(['#aw-body', '#aw-author', '#aw-email', '#aw-website'].map((id) => shadow(page, id).inputValue())),
    ['Écrit avant le code, pas perdu', 'Awa', 'awa@example.org', '']);
  assert.equal(posts.length, 0, 'not sent without the reader');
  const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/comments'));
  await shadow(page, '.aw-form button[type=submit]').click();
  assert.equal((await posted).postDataJSON().body, 'Écrit avant le code, pas perdu');
  await shadow(page, '.aw-status').filter({ hasText: 'Merci' }).waitFor();
  assert.deepEqual(page.problems.filter((p) => !/split_comments|fetch|could not be loaded|ERR_CONNECTION_REFUSED/i.test(p)), []);
  await page.context().close();
});

test('a reader who typed in the form drawn ahead before Yew’s module came and left the form finds the comment again on leaving, with no keystroke or focus since', async () => {
  const held = holdParts('app');
  const block = (route) => route.abort('connectionrefused');
  const page = await open(hostPage({ attributes: 'loading="eager"' }), {
    before: async (p) => { await held.before(p); await p.route('**/split_comments.wasm', block); },
  });
  const ahead = shadow(page, '.aw-comments[data-aw-ahead]');
  await ahead.waitFor();
  await fillAhead(ahead, 'Écrit, puis laissé là');
  // The focus leaves the form (a click on the page) before Yew's module comes.
  await page.locator('body > footer').click();
  await leaveBeforeTheCode(page, ahead, held, block);
  assert.deepEqual(await Promise.all(['#aw-body', '#aw-author', '#aw-email'].map((id) => shadow(page, id).inputValue())),
    ['Écrit, puis laissé là', 'Awa', 'awa@example.org']);
  await page.context().close();
});

test('the form drawn ahead leaves another tab’s draft alone: a click into it keeps nothing and removes nothing, and what is typed there is a comment of its own', async () => {
  const { page, ahead } = await commentsCodeRefused();
  const drafts = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes(':draft:'))
    .map((k) => [k, JSON.parse(localStorage.getItem(k))]));
  // Typed and wiped here: the draft this form kept comes and goes.
  await ahead.locator('#aw-body').fill('Un début');
  const [[name, mine]] = await drafts();
  await ahead.locator('#aw-body').fill('');
  assert.deepEqual(await drafts(), []);
  // Another tab of the article keeps a draft of its own meanwhile.
  const theirs = { body: 'Écrit dans l’autre onglet', author: 'Awa', email: 'awa@example.org', website: '', remember: false, key: 'other-tab', started_at: null };
  await page.evaluate(([k, v]) => localStorage.setItem(k, JSON.stringify(v)), [name, theirs]);
  await ahead.locator('#aw-author').click();
  await page.locator('body > footer').click();
  assert.deepEqual(await drafts(), [[name, theirs]], 'a focus alone removes no draft');
  // Typed here: a new comment, under a key neither this form's first nor the other tab's.
  await ahead.locator('#aw-body').fill('Écrit ici');
  const [[, now]] = await drafts();
  assert.equal(now.body, 'Écrit ici');
  assert.ok(![mine.key, 'other-tab'].includes(now.key), `a new key, not ${now.key}`);
  await page.context().close();
});

test('a reader with a remembered identity who only clicks into the form drawn ahead, or types and clears it, leaves no draft: the form is drawn ahead again on return', async () => {
  const { page, ahead } = await commentsCodeRefused((p) => p.addInitScript(() => localStorage.setItem('article-widget:identity',
    JSON.stringify({ author: 'Awa', email: 'awa@example.org', website: '' }))));
  await ahead.locator('#aw-body').click();
  await ahead.locator('#aw-author').fill('Awa T.');
  await ahead.locator('#aw-author').fill('');
  // Back, the section's code still out of reach: the form drawn ahead is there (no draft held it back).
  await page.reload();
  await ahead.locator('.aw-list-error').waitFor();
  assert.deepEqual(await Promise.all(['#aw-body', '#aw-author'].map((id) => ahead.locator(id).inputValue())), ['', '']);
  await page.context().close();
});

test('a reader with a remembered identity who opens the comment section and writes nothing leaves no draft: the form is drawn ahead again on return', async () => {
  const identity = { author: 'Awa', email: 'awa@example.org', website: '' };
  const page = await open(hostPage({ attributes: 'loading="eager"' }), {
    before: (p) => p.addInitScript((kept) => localStorage.setItem('article-widget:identity', kept), JSON.stringify(identity)),
  });
  // The section's own form, filled with the identity; a comment begun and wiped.
  const own = shadow(page, OWN_FORM);
  await own.fill('Un début');
  await own.fill('');
  assert.equal(await shadow(page, '.aw-comments #aw-author').inputValue(), 'Awa');
  // Back, the section's code out of reach: the form drawn ahead is there, so no draft of the identity alone held it back.
  await page.route('**/split_comments.wasm', (route) => route.abort('connectionrefused'));
  await page.reload();
  await shadow(page, '.aw-comments[data-aw-ahead] .aw-list-error').waitFor();
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('draft')).length), 0);
  await page.context().close();
});

test('what a reader types in the form drawn ahead is kept as they type: a send with the code still missing, then another tab of the article, has it', async () => {
  const { page, ahead } = await commentsCodeRefused();
  await fillAhead(ahead, 'Gardé en écrivant');
  await ahead.getByRole('button', { name: 'Publier le commentaire' }).click();
  // The page stays open (no pagehide); the same article in a second tab of the same browser.
  const other = await page.context().newPage();
  await other.route(`${server.url}/host.html`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: hostPage({ attributes: 'loading="eager"' }) }));
  await other.goto(`${server.url}/host.html`);
  await other.locator(`#w ${OWN_FORM}`).waitFor();
  assert.equal(await other.locator('#w #aw-body').inputValue(), 'Gardé en écrivant');
  assert.equal(await other.locator('#w #aw-author').inputValue(), 'Awa');
  await page.context().close();
});

test('the comment form drawn ahead is the section’s own form, node for node', async () => {
  const held = holdParts('comments');
  const page = await open(hostPage({ attributes: 'loading="eager"' }), { before: held.before });
  // Elements with their attributes (sorted) and texts, the form's section down.
  const tree = (selector) => page.evaluate((sel) => {
    const walk = (node) => {
      if (node.nodeType === Node.TEXT_NODE) return node.data;
      if (node.nodeType !== Node.ELEMENT_NODE) return null;
      // A boolean attribute as HTML writes it (`required`) or as Yew does (`required="required"`).
      const attributes = [...node.attributes].map((a) => `${a.name}=${a.value === a.name ? '' : a.value}`).sort();
      return [node.localName, attributes, [...node.childNodes].map(walk).filter((n) => n !== null && n !== '')];
    };
    return walk(document.querySelector('#w').shadowRoot.querySelector(sel));
  }, selector);
  await shadow(page, '.aw-comments[data-aw-ahead]').waitFor();
  // Once Yew's module has come (before it, the button waits: see below).
  await buttonWorks(page);
  const ahead = await tree('[data-aw-ahead] .aw-form-section');
  held.release('comments');
  await shadow(page, OWN_FORM).waitFor();
  const own = await tree('.aw-comments:not([data-aw-ahead]) .aw-form-section');
  assert.deepEqual(ahead, own);
  await page.context().close();
});

test('a comment section whose code cannot be fetched says so, and its button tries again', async () => {
  const block = (route) => route.abort('connectionrefused');
  const page = await open(hostPage({ attributes: 'loading="eager"' }), { before: (p) => p.route('**/split_comments.wasm', block) });
  const error = shadow(page, '.aw-comments .aw-list-error');
  await error.waitFor();
  assert.equal(await error.locator('p').textContent(), 'Les commentaires n’ont pas pu être chargés.');
  assert.equal(await error.getAttribute('role'), 'alert');
  // The article and the sidebar are untouched.
  assert.equal(await shadow(page, 'h1').count(), 1);
  await shadow(page, '.aw-related-link').first().waitFor();
  // The browser said why, once, in the console.
  assert.ok(page.problems.some((p) => /split_comments|fetch/i.test(p)), page.problems.join('\n'));

  await page.unroute('**/split_comments.wasm', block);
  await error.getByRole('button', { name: 'Réessayer' }).click();
  await shadow(page, OWN_FORM).waitFor();
  assert.equal(await shadow(page, '.aw-list-error').count(), 0);
  await page.context().close();
});

test('a sidebar whose code cannot be fetched (its shared chunk here) says so, and its button tries again', async () => {
  const block = (route) => route.abort('connectionrefused');
  const page = await open(hostPage({ attributes: 'loading="eager" lang="en"' }), {
    before: async (p) => {
      await p.route('**/split_comments.wasm', block);
      await p.route('**/chunk_*.wasm', block);
    },
  });
  const error = shadow(page, '.aw-related .aw-related-error');
  await error.waitFor();
  assert.equal(await error.locator('p').textContent(), 'Related stories are unavailable.');
  assert.equal(await shadow(page, '#aw-related-title').textContent(), 'Related stories');
  await shadow(page, '.aw-comments .aw-list-error').waitFor();

  await page.unroute('**/chunk_*.wasm', block);
  await error.getByRole('button', { name: 'Try again' }).click();
  await shadow(page, '.aw-related-link').first().waitFor();
  // The comment section's own code is still blocked: only its error remains.
  assert.equal(await shadow(page, '.aw-comments .aw-list-error').count(), 1);
  await page.unroute('**/split_comments.wasm', block);
  await shadow(page, '.aw-comments').getByRole('button', { name: 'Try again' }).click();
  await shadow(page, OWN_FORM).waitFor();
  await page.context().close();
});

test('start-up comes in short tasks: the article, the sidebar and the comment section each in a task of its own, and no Intl date formatter', async () => {
  const page = await open(hostPage({ attributes: 'loading="eager"' }), {
    before: (p) => p.addInitScript(() => {
      // A counter bumped once per task (a message to ourselves), read when
      // each part of the widget first appears in the document.
      window.__task = 0;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { window.__task += 1; channel.port2.postMessage(0); };
      channel.port2.postMessage(0);
      window.__seen = {};
      const watch = () => {
        const shadow = document.querySelector('#w')?.shadowRoot;
        // The comment section's own, not the form drawn ahead with the article.
        for (const [name, selector] of [['article', '.aw-article'], ['related', '.aw-related'], ['comments', '.aw-comments:not([data-aw-ahead])']]) {
          if (!(name in window.__seen) && shadow?.querySelector(selector)) window.__seen[name] = window.__task;
        }
      };
      new MutationObserver(watch).observe(document, { subtree: true, childList: true });
      // Shadow roots are not observed from the document: watch them too once there.
      const attach = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (init) {
        const root = attach.call(this, init);
        new MutationObserver(watch).observe(root, { subtree: true, childList: true });
        return root;
      };
      // The widget writes its dates itself: Intl's first date formatter is
      // the longest single task of a start-up on a slow phone.
      window.__dateFormatters = 0;
      const DateTimeFormat = Intl.DateTimeFormat;
      Intl.DateTimeFormat = function (...args) {
        window.__dateFormatters += 1;
        return new DateTimeFormat(...args);
      };
    }),
  });
  await shadow(page, OWN_FORM).waitFor();
  await shadow(page, '.aw-related-link').first().waitFor();
  const { seen, formatters } = await page.evaluate(() => ({ seen: window.__seen, formatters: window.__dateFormatters }));
  assert.ok(seen.related > seen.article, JSON.stringify(seen));
  assert.ok(seen.comments > seen.article, JSON.stringify(seen));
  assert.notEqual(seen.related, seen.comments, JSON.stringify(seen));
  assert.equal(formatters, 0, 'no Intl.DateTimeFormat built');
  await page.context().close();
});
