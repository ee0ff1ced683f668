// End to end: the comment form in the release build, in headless Chromium,
// against a comment API scripted per test (Playwright request routing).
// Every outcome the API can have shows its own message, and no comment is
// ever lost or stored twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, reveal } from './harness.mjs';

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

const ENDPOINT = '/api/test/comments';

/**
 * A scripted comment API. `answers` is a list of functions, one per POST in
 * order (the last one repeats); each gets the request and returns
 * { status, body, headers } or 'abort'. It records every POST.
 */
async function scriptedApi(page, answers, { comments = [] } = {}) {
  const api = { posts: [], stored: new Map() };
  await page.route(`**${ENDPOINT}**`, async (route) => {
    const request = route.request();
    if (request.method() === 'GET') {
      return route.fulfill({ json: { comments, total: comments.length } });
    }
    const post = { key: request.headers()['idempotency-key'], body: request.postDataJSON(), headers: request.headers() };
    api.posts.push(post);
    const answer = await answers[Math.min(api.posts.length - 1, answers.length - 1)](post, api);
    if (answer === 'abort') return route.abort('connectionrefused');
    return route.fulfill({
      status: answer.status,
      headers: { 'content-type': 'application/json', ...(answer.headers || {}) },
      body: typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {}),
    });
  });
  return api;
}

/** Stores a comment once per key, as the real API does, and answers 201. */
const publish = (post, api) => {
  if (!api.stored.has(post.key)) {
    api.stored.set(post.key, { id: String(api.stored.size + 1), author: post.body.author, body: post.body.body, created_at: '2024-04-20T08:00:00Z' });
  }
  return { status: 201, body: { comment: api.stored.get(post.key), status: 'published' } };
};

/** A page with one widget whose comment section uses the scripted API. */
async function widgetPage(answers, { lang = 'fr', timeoutMs = 15000, page: existing, ...options } = {}) {
  const page = existing || await openPage(browser, null);
  const api = await scriptedApi(page, answers, options);
  await page.goto(`${server.url}/static/plain.html`);
  await mountWidget(page, { lang, timeoutMs });
  return { page, api };
}

async function mountWidget(page, { lang = 'fr', timeoutMs = 15000, extra = {} } = {}) {
  await page.evaluate(async ({ lang, timeoutMs, endpoint, extra }) => {
    document.querySelector('#main-widget').remove();
    const div = document.createElement('div');
    div.id = 'w';
    document.body.append(div);
    window.__events = [];
    for (const name of ['comment-posted', 'comment-failed']) {
      div.addEventListener(`article-widget:${name}`, (e) => window.__events.push({ name, ...e.detail }));
    }
    await ArticleWidget.mount(div, { articleSrc: 'articles/niger-us-withdrawal.json', lang, commentsEndpoint: endpoint, timeoutMs, ...extra }).ready;
  }, { lang, timeoutMs, endpoint: ENDPOINT, extra });
  await reveal(page, '#w');
  // The section's own form, not the one the first view draws ahead of the
  // section's code: a send from that one waits for the code, and these tests
  // are about what the section does with a send.
  await page.locator('#w .aw-comments:not([data-aw-ahead]) #aw-body').waitFor();
}

async function fill(page, { body = 'Un commentaire utile.', author = 'Aïcha', email = 'aicha@example.org' } = {}) {
  await page.locator('#w #aw-body').fill(body);
  await page.locator('#w #aw-author').fill(author);
  await page.locator('#w #aw-email').fill(email);
}

const status = (page) => page.locator('#w .aw-status');
const submit = (page) => page.locator('#w .aw-form button[type=submit]').click();
const events = (page) => page.evaluate(() => window.__events);

async function expectStatus(page, text) {
  await page.waitForFunction(
    (t) => document.querySelector('#w').shadowRoot.querySelector('.aw-status')?.textContent === t, text, { timeout: 8000 },
  ).catch(async () => assert.equal(await status(page).textContent(), text));
}

test('201: published, shown in the list, form cleared, event fired', async () => {
  const { page, api } = await widgetPage([publish]);
  await fill(page);
  await submit(page);
  await expectStatus(page, 'Merci ! Votre commentaire est publié.');
  assert.equal(await page.locator('#w .aw-comment-body').textContent(), 'Un commentaire utile.');
  assert.equal(await page.locator('#w #aw-body').inputValue(), '');
  assert.equal(api.posts.length, 1);
  assert.match(api.posts[0].key, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(api.posts[0].headers['content-type'], 'application/json');
  assert.ok(Date.parse(api.posts[0].body.started_at), 'started_at is sent');
  assert.deepEqual(await events(page), [{ name: 'comment-posted', status: 201, publication: 'published', id: '1' }]);
  await page.context().close();
});

test('202: awaiting moderation, not listed', async () => {
  const { page } = await widgetPage([() => ({
    status: 202, body: { comment: { id: '9', author: 'A', body: 'B', created_at: '2024-04-20T08:00:00Z' }, status: 'pending' },
  })]);
  await fill(page);
  await submit(page);
  await expectStatus(page, 'Merci ! Votre commentaire a bien été reçu ; il sera publié après modération.');
  assert.equal(await page.locator('#w .aw-comment').count(), 0);
  assert.equal((await events(page))[0].status, 202);
  await page.context().close();
});

test('422: the server\'s field errors show on those fields, focus on the first', async () => {
  const { page } = await widgetPage([() => ({ status: 422, body: { errors: { email: 'invalid', author: 'too_long' } } })], { lang: 'en' });
  await fill(page);
  await submit(page);
  await page.locator('#w .aw-summary-title').waitFor();
  assert.equal(await page.locator('#w #aw-email-error').textContent(), 'You have entered an incorrect email address!');
  assert.equal(await page.locator('#w #aw-author-error').textContent(), 'Too long: at most 100 characters.');
  assert.equal(await page.locator('#w .aw-summary-title').textContent(), '2 errors to fix:');
  const focused = await page.evaluate(() => document.querySelector('#w').shadowRoot.activeElement?.id);
  assert.equal(focused, 'aw-author');
  assert.deepEqual(await events(page), [{ name: 'comment-failed', code: 'invalid', status: 422, detail: '422, fields refused: author (too_long) email (invalid)' }]);
  await page.context().close();
});

const failures = [
  ['409 duplicate', () => ({ status: 409, body: {} }), 'Ce commentaire a déjà été envoyé. Votre commentaire est conservé : vous pouvez réessayer.', 'duplicate'],
  ['413 too large', () => ({ status: 413, body: {} }), 'Ce commentaire est trop volumineux pour le serveur. Votre commentaire est conservé : vous pouvez réessayer.', 'too-large'],
  ['503 server error', () => ({ status: 503, body: {} }), 'Le serveur des commentaires a rencontré une erreur (503). Votre commentaire est conservé : vous pouvez réessayer.', 'server'],
  ['403 refusal', () => ({ status: 403, body: {} }), 'Le serveur des commentaires a refusé la demande (403). Votre commentaire est conservé : vous pouvez réessayer.', 'http'],
  ['2xx with malformed JSON', () => ({ status: 201, body: '{"comment": ' }), 'Le serveur des commentaires a envoyé une réponse illisible. Votre commentaire est conservé : vous pouvez réessayer.', 'bad-response'],
  ['network or CORS failure', () => 'abort', 'Le serveur des commentaires est injoignable. Votre commentaire est conservé : vous pouvez réessayer.', 'network'],
];

for (const [name, answer, message, code] of failures) {
  test(`${name}: its own message, and the draft is kept`, async () => {
    const { page } = await widgetPage([answer]);
    await fill(page);
    await submit(page);
    await expectStatus(page, message);
    assert.equal(await page.locator('#w #aw-body').inputValue(), 'Un commentaire utile.');
    assert.equal((await events(page))[0].code, code);
    const saved = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('article-widget:draft:')).length);
    assert.equal(saved, 1);
    await page.context().close();
  });
}

test('429: tells how long to wait, blocks the button, then gives it back', async () => {
  const { page } = await widgetPage([() => ({ status: 429, headers: { 'retry-after': '2' }, body: {} })], { lang: 'en' });
  await fill(page);
  await submit(page);
  await expectStatus(page, 'Too many comments in a short time. You can try again in 2 seconds. Your comment is kept: you can try again.');
  assert.equal(await page.locator('#w .aw-form button[type=submit]').isDisabled(), true);
  await page.locator('#w .aw-form button[type=submit]:not([disabled])').waitFor({ timeout: 5000 });
  await page.context().close();
});

test('a slow server times out with its own message', async () => {
  const slow = () => new Promise((r) => setTimeout(() => r({ status: 201, body: {} }), 3000));
  const { page } = await widgetPage([slow], { timeoutMs: 1000 });
  await fill(page);
  await submit(page);
  await expectStatus(page, 'Le serveur des commentaires n’a pas répondu en 1 seconde. Votre commentaire est conservé : vous pouvez réessayer.');
  assert.equal((await events(page))[0].code, 'timeout');
  await page.context().close();
});

test('offline: waits, then posts by itself when the connection is back', async () => {
  const { page, api } = await widgetPage([publish]);
  await fill(page);
  await page.context().setOffline(true);
  await submit(page);
  await expectStatus(page, 'Vous êtes hors ligne. Il sera envoyé automatiquement dès le retour de la connexion.');
  assert.equal(api.posts.length, 0);
  await page.context().setOffline(false);
  await expectStatus(page, 'Merci ! Votre commentaire est publié.');
  assert.equal(api.posts.length, 1);
  await page.context().close();
});

test('a 500 then a retry: stored exactly once, with the same Idempotency-Key', async () => {
  const { page, api } = await widgetPage([() => ({ status: 500, body: {} }), publish]);
  await fill(page);
  await submit(page);
  await expectStatus(page, 'Le serveur des commentaires a rencontré une erreur (500). Votre commentaire est conservé : vous pouvez réessayer.');
  await submit(page);
  await expectStatus(page, 'Merci ! Votre commentaire est publié.');
  assert.equal(api.posts.length, 2);
  assert.equal(api.posts[0].key, api.posts[1].key);
  assert.equal(api.stored.size, 1);
  await page.context().close();
});

test('a reload after a failed post keeps the draft and its key', async () => {
  const { page, api } = await widgetPage([() => ({ status: 502, body: {} }), publish]);
  await fill(page, { body: 'Écrit avant\nle rechargement.' });
  await submit(page);
  await expectStatus(page, 'Le serveur des commentaires a rencontré une erreur (502). Votre commentaire est conservé : vous pouvez réessayer.');
  await page.reload();
  await mountWidget(page);
  assert.equal(await page.locator('#w #aw-body').inputValue(), 'Écrit avant\nle rechargement.');
  assert.equal(await page.locator('#w #aw-author').inputValue(), 'Aïcha');
  await submit(page);
  await expectStatus(page, 'Merci ! Votre commentaire est publié.');
  assert.equal(api.posts[0].key, api.posts[1].key, 'the retry after reload reuses the key');
  assert.equal(api.stored.size, 1);
  await page.context().close();
});

test('a double click posts once', async () => {
  const { page, api } = await widgetPage([(post, a) => new Promise((r) => setTimeout(() => r(publish(post, a)), 300))]);
  await fill(page);
  await page.locator('#w .aw-form button[type=submit]').dblclick();
  await expectStatus(page, 'Merci ! Votre commentaire est publié.');
  assert.equal(api.posts.length, 1);
  await page.context().close();
});

test('keyboard only: tab through the form, submit with Enter', async () => {
  const { page, api } = await widgetPage([publish], { lang: 'en' });
  await page.locator('#w #aw-body').focus();
  await page.keyboard.type('Typed without a mouse.');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Keyboard User');
  await page.keyboard.press('Tab');
  await page.keyboard.type('keys@example.org');
  await page.keyboard.press('Enter');
  await expectStatus(page, 'Thank you! Your comment is published.');
  assert.equal(api.posts.length, 1);
  assert.equal(api.posts[0].body.author, 'Keyboard User');
  await page.context().close();
});

test('the list: author links only for http(s), dates localized, line breaks kept, load more', async () => {
  const comments = Array.from({ length: 3 }, (_, i) => ({
    id: String(i + 1), author: `Lecteur ${i + 1}`, body: `Ligne ${i + 1}\nsuite`, created_at: '2024-04-19T10:00:00Z',
    website: ['https://lecteur.example', 'javascript:alert(1)', undefined][i],
  }));
  const page = await openPage(browser, null);
  await page.route(`**${ENDPOINT}**`, (route) => {
    const url = new URL(route.request().url());
    const offset = Number(url.searchParams.get('offset'));
    const limit = Number(url.searchParams.get('limit'));
    route.fulfill({ json: { comments: comments.slice(offset, offset + Math.min(limit, 2)), total: 3 } });
  });
  await page.goto(`${server.url}/static/plain.html`);
  await mountWidget(page);
  await page.locator('#w .aw-comment').nth(1).waitFor();
  assert.equal(await page.locator('#w #aw-comments-title').textContent(), '3\u00a0commentaires');
  const links = await page.locator('#w a.aw-comment-author').evaluateAll((as) => as.map((a) => [a.href, a.rel]));
  assert.deepEqual(links, [['https://lecteur.example/', 'nofollow ugc noopener']]);
  assert.equal(await page.locator('#w .aw-comment time').first().textContent(), '19 avril 2024');
  assert.equal(await page.locator('#w .aw-comment-body').first().textContent(), 'Ligne 1\nsuite');
  await page.locator('#w button', { hasText: 'Afficher plus de commentaires' }).click();
  await page.locator('#w .aw-comment').nth(2).waitFor();
  assert.equal(await page.locator('#w button', { hasText: 'Afficher plus de commentaires' }).count(), 0);
  await page.context().close();
});

test('the list: an error state with a working retry', async () => {
  const page = await openPage(browser, null);
  let calls = 0;
  await page.route(`**${ENDPOINT}**`, (route) => {
    calls += 1;
    if (calls === 1) return route.fulfill({ status: 500, json: {} });
    return route.fulfill({ json: { comments: [], total: 0 } });
  });
  await page.goto(`${server.url}/static/plain.html`);
  await mountWidget(page);
  await page.locator('#w .aw-list-error').waitFor();
  assert.equal(await page.locator('#w .aw-list-error p').textContent(),
    'Les commentaires n’ont pas pu être chargés. Le serveur des commentaires a rencontré une erreur (500).');
  await page.locator('#w .aw-list-error button').click();
  await page.locator('#w .aw-empty').waitFor();
  await page.context().close();
});

test('a reload while typing, before any submit, keeps the draft', async () => {
  const { page } = await widgetPage([publish]);
  await page.locator('#w #aw-body').fill('Tapé puis rechargé aussitôt');
  await page.reload();
  await mountWidget(page);
  assert.equal(await page.locator('#w #aw-body').inputValue(), 'Tapé puis rechargé aussitôt');
  await page.context().close();
});

test('configured headers and the CSRF token from a <meta> go with each post', async () => {
  const page = await openPage(browser, null);
  const api = await scriptedApi(page, [publish]);
  await page.goto(`${server.url}/static/plain.html`);
  await page.evaluate(() => {
    const meta = document.createElement('meta');
    meta.name = 'csrf-token';
    meta.content = 'tok-123';
    document.head.append(meta);
  });
  await mountWidget(page, { extra: { commentsCsrfMeta: 'csrf-token', commentsHeaders: { 'X-Site': 'demo' }, commentsCredentials: 'include' } });
  await fill(page);
  await submit(page);
  await expectStatus(page, 'Merci ! Votre commentaire est publié.');
  assert.equal(api.posts[0].headers['x-csrf-token'], 'tok-123');
  assert.equal(api.posts[0].headers['x-site'], 'demo');
  await page.context().close();
});

test('a moderation notice set by the host replaces the default', async () => {
  const page = await openPage(browser, null);
  await scriptedApi(page, [() => ({
    status: 202, body: { comment: { id: '3', author: 'A', body: 'B', created_at: '2024-04-20T08:00:00Z' }, status: 'pending' },
  })]);
  await page.goto(`${server.url}/static/plain.html`);
  await mountWidget(page, { extra: { moderationNotice: 'Merci, la rédaction relit chaque message.' } });
  await fill(page);
  await submit(page);
  await expectStatus(page, 'Merci, la rédaction relit chaque message.');
  await page.context().close();
});

/** Breaks storage before the page runs, then posts a comment: it must work, silently. */
async function postWithBrokenStorage(breakStorage) {
  const page = await openPage(browser, null);
  await page.addInitScript(breakStorage);
  const api = await scriptedApi(page, [publish]);
  await page.goto(`${server.url}/static/plain.html`);
  await mountWidget(page);
  await fill(page);
  await submit(page);
  await expectStatus(page, 'Merci ! Votre commentaire est publié.');
  assert.equal(api.posts.length, 1);
  assert.deepEqual(page.problems, []);
  await page.context().close();
}

test('no storage at all (blocked): the form still works, with no error', () => postWithBrokenStorage(() => {
  Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });
}));

test('a full storage quota: the form still works, with no error', () => postWithBrokenStorage(() => {
  Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };
}));

test('an error shown on leaving a field does not swallow the click on the button', async () => {
  const { page, api } = await widgetPage([publish], { lang: 'en' });
  await page.locator('#w #aw-body').fill('A fine comment.');
  await page.locator('#w #aw-author').fill('Reader');
  await page.locator('#w #aw-email').fill('not-an-address');
  await submit(page); // focus leaves the email field for the button
  await page.locator('#w .aw-summary-title').waitFor();
  assert.equal(await page.locator('#w .aw-summary-title').textContent(), '1 error to fix:');
  const focused = await page.evaluate(() => document.querySelector('#w').shadowRoot.activeElement?.id);
  assert.equal(focused, 'aw-email');
  assert.equal(api.posts.length, 0);
  await page.context().close();
});

test('409 "key reused": the earlier version got through; the next post sends this one under a new key', async () => {
  const { page, api } = await widgetPage([
    () => ({ status: 409, body: { error: 'idempotency_key_reused', message: 'used' } }),
    publish,
  ], { lang: 'en' });
  await fill(page);
  await submit(page);
  await expectStatus(page, 'An earlier version of this comment was already received. Post again to send this one.');
  assert.equal(await page.locator('#w #aw-body').inputValue(), 'Un commentaire utile.');
  await submit(page);
  await expectStatus(page, 'Thank you! Your comment is published.');
  assert.notEqual(api.posts[0].key, api.posts[1].key);
  assert.equal((await events(page))[0].code, 'key-reused');
  await page.context().close();
});

test('422 naming no field the form has: a message anyway, and the draft kept', async () => {
  const { page } = await widgetPage([() => ({ status: 422, body: { errors: { started_at: 'too_fast' } } })]);
  await fill(page);
  await submit(page);
  await expectStatus(page, 'Le serveur des commentaires a refusé ce commentaire sans dire pourquoi. Votre commentaire est conservé : vous pouvez réessayer.');
  assert.equal(await page.locator('#w #aw-body').inputValue(), 'Un commentaire utile.');
  await page.context().close();
});

test('posting between pages: "load more" still brings every comment, once', async () => {
  const page = await openPage(browser, null);
  const all = [1, 2, 3].map((i) => ({ id: String(i), author: `A${i}`, body: `Message ${i}`, created_at: '2024-04-19T10:00:00Z' }));
  await page.route(`**${ENDPOINT}**`, async (route) => {
    const request = route.request();
    if (request.method() === 'POST') {
      const comment = { id: '4', author: 'Moi', body: request.postDataJSON().body, created_at: '2024-04-20T10:00:00Z' };
      all.push(comment);
      return route.fulfill({ status: 201, json: { comment, status: 'published' } });
    }
    const url = new URL(request.url());
    const offset = Number(url.searchParams.get('offset'));
    return route.fulfill({ json: { comments: all.slice(offset, offset + 2), total: all.length } });
  });
  await page.goto(`${server.url}/static/plain.html`);
  await mountWidget(page, { extra: { commentsPageSize: 2 } });
  await page.locator('#w .aw-comment').nth(1).waitFor();
  await fill(page, { body: 'Mon message' });
  await submit(page);
  await expectStatus(page, 'Merci ! Votre commentaire est publié.');
  await page.locator('#w button', { hasText: 'Afficher plus de commentaires' }).click();
  await page.waitForFunction(() => document.querySelector('#w').shadowRoot.querySelectorAll('.aw-comment').length === 4);
  const bodies = await page.locator('#w .aw-comment-body').allTextContents();
  assert.deepEqual(bodies, ['Message 1', 'Message 2', 'Message 3', 'Mon message']);
  assert.equal(await page.locator('#w button', { hasText: 'Afficher plus de commentaires' }).count(), 0);
  await page.context().close();
});
