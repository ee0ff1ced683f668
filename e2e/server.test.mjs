// End to end against the real reference server: the demo page posts a real
// comment to SQLite; a server that goes away mid-session loses nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startServer, serveStatic, launch, openPage, reveal, root } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const bin = process.env.AW_SERVER_BIN || path.join(root, 'target/debug/article-widget-server');
const exported = (db) => JSON.parse(execFileSync(bin, ['--db', db, 'export', 'niger-us-withdrawal'], { encoding: 'utf8' }));
const statusText = (page) => page.evaluate(() => document.querySelector('#main-widget').shadowRoot.querySelector('.aw-status')?.textContent);

async function waitStatus(page, text) {
  await page.waitForFunction(
    (t) => document.querySelector('#main-widget').shadowRoot.querySelector('.aw-status')?.textContent === t,
    text, { timeout: 10000 },
  ).catch(async () => assert.equal(await statusText(page), text));
}

async function fill(page, body) {
  await page.locator('#main-widget #aw-body').fill(body);
  await page.locator('#main-widget #aw-author').fill('Mariam');
  await page.locator('#main-widget #aw-email').fill('mariam@example.org');
}

test('the demo page posts a real comment: in SQLite, and listed after a reload', async () => {
  const server = await startServer();
  try {
    const page = await openPage(browser, `${server.url}/`);
    await reveal(page, '#main-widget');
    await page.locator('#main-widget .aw-empty').waitFor();
    await fill(page, 'Publié pour de vrai.\nDeuxième ligne.');
    await page.waitForTimeout(2100); // a person takes a moment; faster is treated as a bot
    await page.locator('#main-widget .aw-form button[type=submit]').click();
    await waitStatus(page, 'Merci ! Votre commentaire est publié.');

    const rows = exported(server.db).comments;
    assert.equal(rows.length, 1);
    assert.deepEqual([rows[0].author, rows[0].email, rows[0].body, rows[0].status],
      ['Mariam', 'mariam@example.org', 'Publié pour de vrai.\nDeuxième ligne.', 'published']);

    await page.reload();
    await reveal(page, '#main-widget');
    await page.locator('#main-widget .aw-comment').waitFor();
    assert.equal(await page.locator('#main-widget .aw-comment-body').textContent(), 'Publié pour de vrai.\nDeuxième ligne.');
    assert.equal(await page.locator('#main-widget #aw-comments-title').textContent(), '1\u00a0commentaire');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  } finally {
    await server.stop();
  }
});

test('the server stops mid-session: the draft is kept, and posting works once it is back', async () => {
  const server = await startServer();
  const port = new URL(server.url).port;
  let restarted;
  try {
    const page = await openPage(browser, `${server.url}/`);
    await reveal(page, '#main-widget');
    await page.locator('#main-widget .aw-empty').waitFor();
    await fill(page, 'Écrit pendant une panne.');
    await page.waitForTimeout(2100);
    await server.stop();
    await page.locator('#main-widget .aw-form button[type=submit]').click();
    await waitStatus(page, 'Le serveur des commentaires est injoignable. Votre commentaire est conservé : vous pouvez réessayer.');
    assert.equal(await page.locator('#main-widget #aw-body').inputValue(), 'Écrit pendant une panne.');

    restarted = await startServer({ db: server.db, listen: `127.0.0.1:${port}` });
    await page.locator('#main-widget .aw-form button[type=submit]').click();
    await waitStatus(page, 'Merci ! Votre commentaire est publié.');
    assert.equal(exported(server.db).comments.length, 1);
    await page.context().close();
  } finally {
    await server.stop();
    await restarted?.stop();
  }
});

test('a publisher on another origin loads the widget from the server: with its origin listed, not without', async () => {
  // Pages are filled in once the server's address is known.
  const pages = {};
  const publisher = await serveStatic(undefined, { prefix: '/nothing-here/', pages });
  const stranger = await serveStatic(undefined, { prefix: '/nothing-here/', pages });
  const server = await startServer({ args: ['--cors-origin', publisher.url] });
  const article = `${server.url}/api/articles/niger-us-withdrawal`;
  pages['/story.html'] = `<!doctype html><html lang="fr"><title>Partenaire</title>
    <script type="module" src="${server.url}/article-widget.js"></script>
    <article-widget id="w" article-src="${article}" comments-endpoint="${article}/comments" loading="eager">
      <a href="https://publisher.example/">Lire l’article</a>
    </article-widget>`;
  try {
    const page = await openPage(browser, `${publisher.url}/story.html`);
    await page.locator('#w h1').waitFor();
    await page.locator('#w .aw-empty').waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();

    // Another origin: the browser refuses the module script, the fallback link stays.
    const refused = await openPage(browser, `${stranger.url}/story.html`);
    await refused.waitForFunction(() => document.readyState === 'complete');
    await refused.waitForTimeout(500);
    assert.equal(await refused.evaluate(() => document.querySelector('#w').shadowRoot), null);
    assert.equal(await refused.locator('#w a').textContent(), 'Lire l’article');
    assert.ok(refused.problems.some((p) => /CORS|Access-Control-Allow-Origin/i.test(p)), refused.problems.join('\n'));
    await refused.context().close();
  } finally {
    await server.stop();
    await publisher.close();
    await stranger.close();
  }
});

test('first-time moderation knows a returning reader by the key the browser keeps, not by a typed email', async () => {
  const server = await startServer({ args: ['--moderation', 'first-time'] });
  const post = async (page, body) => {
    await fill(page, body);
    await page.waitForTimeout(2100);
    await page.locator('#main-widget .aw-form button[type=submit]').click();
  };
  try {
    const reader = await openPage(browser, `${server.url}/`);
    await reveal(reader, '#main-widget');
    await reader.locator('#main-widget .aw-empty').waitFor();
    await post(reader, 'Ma première fois ici.');
    await waitStatus(reader, 'Merci ! Votre commentaire a bien été reçu ; il sera publié après modération.');
    const [first] = exported(server.db).comments;
    execFileSync(bin, ['--db', server.db, 'approve', String(first.id)]);

    // The same browser: known by its key, published at once.
    await post(reader, 'Et me revoici.');
    await waitStatus(reader, 'Merci ! Votre commentaire est publié.');

    // Another browser typing the same name and email: held.
    const copycat = await openPage(browser, `${server.url}/`);
    await reveal(copycat, '#main-widget');
    await copycat.locator('#main-widget .aw-comment').first().waitFor();
    await post(copycat, 'Je me fais passer pour Mariam.');
    await waitStatus(copycat, 'Merci ! Votre commentaire a bien été reçu ; il sera publié après modération.');

    const rows = exported(server.db).comments;
    assert.deepEqual(rows.map((c) => [c.author, c.email, c.status]), [
      ['Mariam', 'mariam@example.org', 'published'],
      ['Mariam', 'mariam@example.org', 'published'],
      ['Mariam', 'mariam@example.org', 'pending'],
    ]);
    const key = await reader.evaluate(() => JSON.parse(localStorage.getItem('article-widget:reader-key')));
    assert.match(key, /^[0-9a-f-]{36}$/);
    assert.ok(!JSON.stringify(rows).includes(key), 'the key itself is never stored, only its hash');
    assert.deepEqual([...reader.problems, ...copycat.problems], []);
    await reader.context().close();
    await copycat.context().close();
  } finally {
    await server.stop();
  }
});

test('pages follow the server\'s cursor: the second page is asked after the last comment seen', async () => {
  const server = await startServer();
  const endpoint = `${server.url}/api/articles/niger-us-withdrawal/comments`;
  try {
    for (let n = 1; n <= 25; n += 1) {
      const answer = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `seed-${n}` },
        body: JSON.stringify({ author: `Lectrice ${n}`, email: `l${n}@example.org`, body: `Commentaire numéro ${n}.`, started_at: '2024-01-01T00:00:00Z' }),
      });
      assert.equal(answer.status, 201);
    }
    // Listening before the page loads: the section's code may come early
    // enough for its first request to go out during the load.
    const page = await openPage(browser, null);
    const asked = [];
    page.on('request', (request) => { if (request.url().startsWith(endpoint) && request.method() === 'GET') asked.push(new URL(request.url())); });
    await page.goto(`${server.url}/`);
    await reveal(page, '#main-widget');
    const comments = page.locator('#main-widget .aw-comment');
    await page.waitForFunction(() => document.querySelector('#main-widget').shadowRoot.querySelectorAll('.aw-comment').length === 20);
    await page.locator('#main-widget button', { hasText: 'Afficher plus de commentaires' }).click();
    await page.waitForFunction(() => document.querySelector('#main-widget').shadowRoot.querySelectorAll('.aw-comment').length === 25);
    assert.equal(await comments.nth(24).locator('.aw-comment-body').textContent(), 'Commentaire numéro 25.');
    assert.equal(await page.locator('#main-widget #aw-comments-title').textContent(), '25\u00a0commentaires');
    assert.equal(await page.locator('#main-widget button', { hasText: 'Afficher plus de commentaires' }).count(), 0);

    const first = await (await fetch(`${endpoint}?limit=20`)).json();
    assert.equal(asked.length, 2, asked.join('\n'));
    assert.equal(asked[1].searchParams.get('after'), first.next);
    assert.equal(asked[1].searchParams.get('offset'), null);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  } finally {
    await server.stop();
  }
});
