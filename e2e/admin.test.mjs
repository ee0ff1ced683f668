// End to end: the moderation page (/admin) of the real reference server in
// headless Chromium, on a phone-sized screen and from the keyboard: a
// moderator made by the subcommand signs in, approves a pending comment
// that then appears in the widget on the demo page, rejects, acts in bulk,
// blocks an email; axe finds nothing, in French and English. And the
// attacks a browser can make: a form posted from another site, a session
// that expired, sign-in by brute force. (Forged CSRF tokens and session
// fixation are tested over HTTP in server/tests/admin.rs, on both backends.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { startServer, serveStatic, launch, openPage, reveal, root } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const bin = process.env.AW_SERVER_BIN || path.join(root, 'target/debug/article-widget-server');
const PASSWORD = 'correct horse battery staple';
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-FR' };

/** Runs `act` (a click, a key) and waits for the page it leads to. */
async function navigates(page, act) {
  await Promise.all([page.waitForEvent('framenavigated'), act()]);
  await page.waitForLoadState('load');
}

const exported = (db) => JSON.parse(execFileSync(bin, ['--db', db, 'export', 'niger-us-withdrawal'], { encoding: 'utf8' })).comments;
const statusOf = (db, author) => exported(db).find((c) => c.author === author)?.status;

function addModerator(db, name) {
  execFileSync(bin, ['--db', db, 'moderator', 'add', name, '--password-stdin'], { input: `${PASSWORD}\n` });
}

/** Posts a comment through the API, as a reader's browser does (not too fast: started a while ago). */
async function post(server, author, email, body) {
  const answer = await fetch(`${server.url}/api/articles/niger-us-withdrawal/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ author, email, body, started_at: '2024-01-01T00:00:00Z' }),
  });
  assert.equal(answer.status, 202, 'held for moderation');
}

async function axe(page, what) {
  const result = await new AxeBuilder({ page }).analyze();
  const violations = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  assert.deepEqual(violations, [], what);
}

/** Signs in from the keyboard only: the name field has focus, Tab to the password, Enter. */
async function signIn(page, url, name = 'amina', password = PASSWORD) {
  await page.goto(`${url}/admin`);
  assert.match(new URL(page.url()).pathname, /^\/admin\/login$/, 'no session: the sign-in page');
  // The browser gives the name field focus (autofocus) at its next frame, which on a slow
  // machine comes after the load event: typing before it would lose the first letters.
  await page.waitForFunction(() => document.activeElement?.id === 'name');
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await navigates(page, () => page.keyboard.press('Enter'));
}

/** The article of a comment in the queue, by its author. */
const row = (page, author) => page.locator('li.comment', { has: page.getByRole('heading', { name: new RegExp(author) }) });

test('a moderator signs in on a phone, approves (the widget shows it), rejects, acts in bulk, blocks; axe-clean in both languages', async () => {
  const server = await startServer({ args: ['--moderation', 'all'] });
  try {
    addModerator(server.db, 'amina');
    await post(server, 'Awa', 'awa@example.org', 'Un premier avis, en attente.');
    await post(server, 'Ali', 'ali@example.org', 'Hors sujet.');
    await post(server, 'Bintou', 'bintou@example.org', 'Troisième.');
    await post(server, 'Moussa', 'moussa@example.org', 'Quatrième.');

    const mod = await openPage(browser, null, phone);
    await mod.goto(`${server.url}/admin/login`);
    await axe(mod, 'the sign-in page');
    await signIn(mod, server.url);
    assert.equal(new URL(mod.url()).pathname, '/admin');
    assert.equal(await mod.locator('h1').textContent(), 'À modérer');
    await axe(mod, 'the queue');
    // Newest first, with the verdict of the spam check.
    const authors = await mod.locator('li.comment h2').allTextContents();
    assert.deepEqual(authors.map((a) => a.replace('Sélectionner', '').trim()), ['Moussa', 'Bintou', 'Ali', 'Awa']);
    assert.equal(await row(mod, 'Awa').locator('.verdict').textContent(), 'passé');
    // Nothing wider than the phone's screen.
    assert.ok(await mod.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');

    // Approve Awa's from the keyboard: focus the button, press Enter.
    await row(mod, 'Awa').getByRole('button', { name: /^Approuver/ }).focus();
    await navigates(mod, () => mod.keyboard.press('Enter'));
    assert.equal(await mod.locator('.notice').textContent(), '1 commentaire approuvé.');
    assert.equal(statusOf(server.db, 'Awa'), 'published');
    // The reader sees it in the widget on the demo page.
    const reader = await openPage(browser, `${server.url}/`);
    await reveal(reader, '#main-widget');
    await reader.locator('#main-widget .aw-comment').waitFor();
    assert.equal(await reader.locator('#main-widget .aw-comment-body').textContent(), 'Un premier avis, en attente.');
    await reader.context().close();

    // Reject one.
    await navigates(mod, () => row(mod, 'Ali').getByRole('button', { name: /^Refuser/ }).click());
    assert.equal(await mod.locator('.notice').textContent(), '1 commentaire refusé.');
    assert.equal(statusOf(server.db, 'Ali'), 'rejected');

    // Bulk: select all (the optional script) and spam the two left.
    await mod.getByLabel('Tout sélectionner').check();
    await mod.locator('#bulk').selectOption('spam');
    await navigates(mod, () => mod.getByRole('button', { name: 'Appliquer à la sélection' }).click());
    assert.equal(await mod.locator('.notice').textContent(), '2 commentaires classés indésirables.');
    assert.deepEqual([statusOf(server.db, 'Bintou'), statusOf(server.db, 'Moussa')], ['spam', 'spam']);
    assert.equal(await mod.locator('.empty').textContent(), 'Aucun commentaire ici.');

    // Block Moussa's email from the spam tab: his next comment goes to spam, and says why.
    await navigates(mod, () => mod.getByRole('link', { name: /^Indésirables/ }).first().click());
    await navigates(mod, () => row(mod, 'Moussa').getByRole('button', { name: /^Bloquer l’adresse e-mail/ }).click());
    assert.match(await mod.locator('.notice').textContent(), /^Adresse e-mail bloquée/);
    await post(server, 'Moussa bis', 'MOUSSA@example.org', 'Je reviens.');
    assert.equal(statusOf(server.db, 'Moussa bis'), 'spam');
    await mod.reload();
    assert.equal(await row(mod, 'Moussa bis').locator('.verdict').textContent(), 'adresse e-mail bloquée');

    // The blocks are listed (and can be lifted).
    await navigates(mod, () => mod.getByRole('link', { name: 'Blocages' }).click());
    assert.match(await mod.locator('main table').textContent(), /moussa@example\.org/);
    await axe(mod, 'the blocks');

    // The log says who did what; the page in English is axe-clean too.
    await mod.goto(`${server.url}/admin/log?lang=en`);
    const log = await mod.locator('main').textContent();
    for (const line of ['approved', 'rejected', 'marked as spam', 'blocked the address', 'signed in', 'amina']) {
      assert.ok(log.includes(line), `${line} in the log`);
    }
    await axe(mod, 'the log, in English');
    await mod.goto(`${server.url}/admin`);
    assert.equal(await mod.locator('h1').textContent(), 'To moderate', 'the language is remembered');
    await axe(mod, 'the queue, in English');
    assert.deepEqual(mod.problems, []);
    await mod.context().close();
  } finally {
    await server.stop();
  }
});

test('attacks from a browser: a form posted from another site, an expired session, brute force', async () => {
  // Sessions of 3 seconds.
  const server = await startServer({ args: ['--moderation', 'all', '--admin-session', '0.05'] });
  try {
    addModerator(server.db, 'amina');
    await post(server, 'Awa', 'awa@example.org', 'En attente.');
    const id = exported(server.db)[0].id;
    const mod = await openPage(browser, null, { locale: 'fr-FR' });
    await signIn(mod, server.url);
    assert.equal(new URL(mod.url()).pathname, '/admin');

    // Another site's page posts a form to the moderation page in the same browser: refused, nothing done.
    const evil = await serveStatic(undefined, { pages: { '/evil.html': `<!DOCTYPE html><html lang="en"><body>
      <form id="f" method="post" action="${server.url}/admin/comments">
        <input name="act" value="approve:${id}"><input name="csrf" value="guess">
      </form><script>document.getElementById('f').submit()</script></body></html>` } });
    const attack = await mod.context().newPage();
    const answer = attack.waitForResponse((r) => r.url() === `${server.url}/admin/comments`);
    await attack.goto(`${evil.url}/evil.html`);
    assert.equal((await answer).status(), 403);
    await attack.waitForLoadState('load');
    assert.match(await attack.locator('main').textContent(), /vient d’un autre site|comes from another site|pas connecté|not signed in/);
    assert.equal(exported(server.db)[0].status, 'pending');
    await attack.close();
    await evil.close();

    // The session expires: the next action does nothing and asks to sign in again.
    await mod.waitForTimeout(3500);
    await navigates(mod, () => row(mod, 'Awa').getByRole('button', { name: /^Approuver/ }).click());
    assert.equal(await mod.locator('h1').textContent(), 'Action refusée');
    assert.equal(exported(server.db)[0].status, 'pending');
    await mod.goto(`${server.url}/admin`);
    assert.equal(new URL(mod.url()).pathname, '/admin/login', 'the browser dropped the expired cookie too');

    // Brute force: five wrong passwords, then even the right one waits.
    for (let i = 0; i < 5; i++) {
      await signIn(mod, server.url, 'amina', `wrong password ${i}`);
      assert.equal(await mod.locator('.notice').textContent(), 'Nom ou mot de passe incorrect.');
    }
    await signIn(mod, server.url);
    assert.equal(await mod.locator('.notice').textContent(), 'Trop de tentatives de connexion. Réessayez dans 15 minutes.');
    assert.equal(new URL(mod.url()).pathname, '/admin/login');
    await mod.context().close();
  } finally {
    await server.stop();
  }
});
