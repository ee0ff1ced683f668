// End to end: a reader fixes their own comment, in headless Chromium on the
// demo page, against the real reference server. Within the window "edit"
// and "delete" show on the reader's own comment (and only there: a second
// device has no token and sees no button); the edit is validated like a new
// comment, saved and marked "edited", from the keyboard, with focus where
// the reader expects it, and axe finds nothing; deleting asks once more;
// when the window closes the buttons go. A forged token, a window the
// server closed earlier than the browser thinks, and a lost connection each
// get a clear message, and the text being edited stays in the box.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { startServer, launch, openPage, reveal, root, focusGoesTo } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const bin = process.env.AW_SERVER_BIN || path.join(root, 'target/debug/article-widget-server');
const exported = (db) => JSON.parse(execFileSync(bin, ['--db', db, 'export', 'niger-us-withdrawal'], { encoding: 'utf8' })).comments;
const W = '#main-widget';
const shadowText = (page, selector) => page.evaluate(
  ([w, s]) => document.querySelector(w).shadowRoot.querySelector(s)?.textContent ?? null, [W, selector]);

async function waitText(page, selector, text, timeout = 10000) {
  await page.waitForFunction(
    ([w, s, t]) => document.querySelector(w).shadowRoot.querySelector(s)?.textContent === t,
    [W, selector, text], { timeout },
  ).catch(async () => assert.equal(await shadowText(page, selector), text, selector));
}

async function axe(page, what) {
  const result = await new AxeBuilder({ page }).include(W).exclude(`${W} > [slot=ad]`).analyze();
  const violations = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  assert.deepEqual(violations, [], what);
}

/** Posts a comment from the demo page's form, as a reader would. */
async function postFromPage(page, body) {
  await reveal(page, W);
  await page.locator(`${W} .aw-empty`).waitFor();
  await page.locator(`${W} #aw-body`).fill(body);
  await page.locator(`${W} #aw-author`).fill('Mariam');
  await page.locator(`${W} #aw-email`).fill('mariam@example.org');
  await page.waitForTimeout(2100); // a person takes a moment; faster is treated as a bot
  await page.locator(`${W} .aw-form button[type=submit]`).click();
  await waitText(page, '.aw-form .aw-status', 'Merci ! Votre commentaire est publié.');
}

/** The grants the widget keeps, by storage key (a line each: id, token, end, a tab apart). */
const grants = (page) => page.evaluate(() => Object.fromEntries(Object.keys(localStorage)
  .filter((k) => k.startsWith('article-widget:own:'))
  .map((k) => [k, localStorage.getItem(k).split('\n').filter(Boolean).map((line) => {
    const [id, token, until] = line.split('\t');
    return { id, token, until };
  })])));

test('within the window: edit from the keyboard (validated, marked edited), reload, a second device sees no button, delete', async () => {
  const server = await startServer();
  try {
    const page = await openPage(browser, `${server.url}/`);
    await postFromPage(page, 'Premier jet, avec une fote.');
    const own = page.locator(`${W} .aw-comment-own`);
    await own.waitFor();
    assert.equal(await own.locator('.aw-own-actions button').allTextContents().then((t) => t.join('|')), 'Modifier|Supprimer');
    assert.match(await own.locator('.aw-note').textContent(), /^Vous pouvez le modifier ou le supprimer jusqu’à \d{1,2}:\d{2}\.$/);
    const id = (await own.getAttribute('id')).replace('aw-comment-', '');

    // The token is kept for this comment list, never in a URL.
    const kept = Object.values(await grants(page));
    assert.equal(kept.length, 1);
    assert.equal(kept[0].length, 1);
    const { token } = kept[0][0];
    const changes = [];
    page.on('request', (r) => { if (r.method() === 'PATCH' || r.method() === 'DELETE') changes.push(r); });

    // From the keyboard: Enter on "Modifier" opens the editor with the text, focused; Escape closes it
    // and gives focus back to "Modifier".
    await own.getByRole('button', { name: 'Modifier' }).focus();
    await page.keyboard.press('Enter');
    const editor = own.getByLabel('Modifier votre commentaire');
    await editor.waitFor();
    assert.equal(await editor.inputValue(), 'Premier jet, avec une fote.');
    await page.waitForFunction((w) => document.querySelector(w).shadowRoot.activeElement?.id === 'aw-edit-body', W);
    await axe(page, 'the editor open');
    await page.keyboard.press('Escape');
    await page.waitForFunction(([w, id]) => document.querySelector(w).shadowRoot.activeElement?.id === `aw-edit-${id}`, [W, id]);
    assert.equal(await own.locator('.aw-comment-body').textContent(), 'Premier jet, avec une fote.');

    // An empty text is refused before anything is sent, with the form's own message, and focused.
    await page.keyboard.press('Enter');
    await editor.waitFor();
    await editor.fill('   ');
    await own.getByRole('button', { name: 'Enregistrer' }).click();
    assert.equal(await own.locator('.aw-field-error').textContent(), 'S\'il vous plaît entrez votre commentaire!');
    assert.equal(await editor.getAttribute('aria-invalid'), 'true');
    assert.equal(await focusGoesTo(page, W, 'aw-edit-body'), 'aw-edit-body');
    assert.equal(changes.length, 0);
    await axe(page, 'the editor with an error');

    // Saved: published again, marked "modifié", focus back on "Modifier".
    await editor.fill('Premier jet, sans faute.');
    await page.keyboard.press('Tab'); // to "Enregistrer"
    await page.keyboard.press('Enter');
    await waitText(page, '.aw-own-notice', 'Votre commentaire est modifié.');
    assert.equal(await own.locator('.aw-comment-body').textContent(), 'Premier jet, sans faute.');
    assert.equal(await own.locator('.aw-edited').textContent(), 'modifié');
    await page.waitForFunction(([w, id]) => document.querySelector(w).shadowRoot.activeElement?.id === `aw-edit-${id}`, [W, id]);
    assert.equal(changes.length, 1);
    assert.equal(changes[0].headers()['x-edit-token'], token);
    assert.ok(!changes[0].url().includes(token), 'the token is not in the URL');
    const rows = exported(server.db);
    assert.deepEqual([rows[0].body, rows[0].status, Boolean(rows[0].edited_at)], ['Premier jet, sans faute.', 'published', true]);

    // After a reload the buttons are still there (the grant is kept), and the comment says "modifié".
    await page.reload();
    await reveal(page, W);
    await own.waitFor();
    assert.equal(await own.locator('.aw-edited').textContent(), 'modifié');

    // In English: the same tools, in English.
    await page.evaluate((w) => document.querySelector(w).setAttribute('lang', 'en'), W);
    await reveal(page, W);
    await page.waitForFunction((w) => document.querySelector(w).shadowRoot.querySelector('.aw-comment-own .aw-edited')?.textContent === 'edited', W);
    assert.equal(await own.locator('.aw-own-actions button').allTextContents().then((t) => t.join('|')), 'Edit|Delete');
    assert.match(await own.locator('.aw-note').textContent(), /^You can edit or delete it until \d{1,2}:\d{2}\s?[AP]M\.$/);
    await page.evaluate((w) => document.querySelector(w).setAttribute('lang', 'fr'), W);
    await reveal(page, W);
    await page.waitForFunction((w) => document.querySelector(w).shadowRoot.querySelector('.aw-comment-own .aw-edited')?.textContent === 'modifié', W);

    // A second device (another browser profile): the comment, no button.
    const other = await openPage(browser, `${server.url}/`);
    await reveal(other, W);
    await other.locator(`${W} .aw-comment`).waitFor();
    assert.equal(await other.locator(`${W} .aw-comment-body`).textContent(), 'Premier jet, sans faute.');
    assert.equal(await other.locator(`${W} .aw-comment-own`).count(), 0);
    assert.equal(await other.locator(`${W} .aw-comment .aw-own-actions`).count(), 0);
    assert.equal(await other.locator(`${W} .aw-comment button`).allTextContents().then((t) => t.join('|')), 'Répondre');
    await other.context().close();

    // Delete: asked once more (focus on the answer), cancel keeps it; confirmed, it is gone here and on the server.
    await own.getByRole('button', { name: 'Supprimer' }).click();
    assert.equal(await own.locator('.aw-own-question').textContent(), 'Supprimer définitivement votre commentaire ?');
    await page.waitForFunction((w) => document.querySelector(w).shadowRoot.activeElement?.id === 'aw-delete-yes', W);
    await axe(page, 'the question');
    await own.getByRole('button', { name: 'Annuler' }).click();
    assert.equal(exported(server.db).length, 1);
    await own.getByRole('button', { name: 'Supprimer' }).click();
    await own.getByRole('button', { name: 'Oui, supprimer' }).click();
    await waitText(page, '.aw-own-notice', 'Votre commentaire est supprimé.');
    assert.equal(await page.locator(`${W} .aw-comment`).count(), 0);
    assert.equal(await shadowText(page, '#aw-comments-title'), '0\u00a0commentaire');
    await page.waitForFunction((w) => document.querySelector(w).shadowRoot.activeElement?.id === 'aw-comments-title', W);
    assert.equal(changes.length, 2);
    assert.equal(changes[1].headers()['x-edit-token'], token);
    assert.equal(exported(server.db).length, 0);
    assert.deepEqual(Object.values(await grants(page)), [], 'the grant is forgotten');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  } finally {
    await server.stop();
  }
});

test('when the window closes the buttons go; a forged token, a window closed early or a lost connection get a message and keep the text', async () => {
  // A window of 6 seconds.
  const server = await startServer({ args: ['--edit-window', '0.1'] });
  try {
    const page = await openPage(browser, `${server.url}/`);
    await postFromPage(page, 'Un avis éphémère.');
    const own = page.locator(`${W} .aw-comment-own`);
    await own.waitFor();
    // Without a reload or a click, the buttons go when the window closes.
    await page.waitForFunction((w) => !document.querySelector(w).shadowRoot.querySelector('.aw-comment-own'), W, { timeout: 12000 });
    assert.equal(await page.locator(`${W} .aw-own-actions`).count(), 0);
    assert.equal(await page.locator(`${W} .aw-comment-body`).textContent(), 'Un avis éphémère.');
    assert.deepEqual(Object.values(await grants(page)), [], 'a closed grant is forgotten');

    // Another comment posted from this browser, whose grant the browser is
    // then told lasts an hour more (a clock that is behind), and a forged
    // grant for the first one.
    const late = await page.evaluate(async (base) => {
      const answer = await fetch(`${base}/api/articles/niger-us-withdrawal/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ author: 'Awa', email: 'awa@example.org', body: 'Posté à côté.', started_at: '2024-01-01T00:00:00Z' }),
      });
      return answer.json();
    }, server.url);
    assert.ok(late.edit?.token, 'the server answers a post with a grant');
    const first = exported(server.db).find((c) => c.body === 'Un avis éphémère.');
    const endpoint = `${server.url}/api/articles/niger-us-withdrawal/comments`;
    await page.evaluate(([endpoint, firstId, id, token]) => {
      const until = new Date(Date.now() + 3600e3).toISOString();
      localStorage.setItem(`article-widget:own:${endpoint}`,
        `${id}\t${token}\t${until}\n${firstId}\t${'f'.repeat(64)}\t${until}\n`);
    }, [endpoint, String(first.id), late.comment.id, late.edit.token]);
    await page.waitForTimeout(6500); // the server's window for the second comment closes
    await page.reload();
    await reveal(page, W);
    await page.locator(`${W} .aw-comment-own`).nth(1).waitFor();
    assert.equal(await page.locator(`${W} .aw-comment-own`).count(), 2);

    // Comment 1 with a forged token. First the connection fails: said, the text stays, the
    // buttons too; then the server refuses the token: said, the text still in the box,
    // nothing more can be sent; closed, the comment has no buttons and is unchanged.
    const mine = page.locator(`${W} .aw-comment-own`).first();
    await mine.getByRole('button', { name: 'Modifier' }).click();
    const editor = mine.getByLabel('Modifier votre commentaire');
    await editor.fill('Pirate.');
    await page.route('**/api/articles/niger-us-withdrawal/comments/*', (route) => route.abort('connectionrefused'));
    await mine.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForFunction((w) => /conservé/.test(document.querySelector(w).shadowRoot.querySelector('.aw-own-error')?.textContent ?? ''), W);
    assert.equal(await mine.locator('.aw-own-error').textContent(),
      'Le serveur des commentaires est injoignable. Votre commentaire est conservé : vous pouvez réessayer.');
    assert.equal(await editor.inputValue(), 'Pirate.');
    assert.equal(await mine.getByRole('button', { name: 'Enregistrer' }).isEnabled(), true, 'a lost connection may be retried');
    await page.unroute('**/api/articles/niger-us-withdrawal/comments/*');
    await mine.getByRole('button', { name: 'Enregistrer' }).click();
    await waitText(page, '.aw-own-error', 'Ce commentaire ne peut pas être modifié ni supprimé depuis ce navigateur.');
    assert.equal(await editor.inputValue(), 'Pirate.', 'the text stays in the box');
    assert.equal(await mine.getByRole('button', { name: 'Enregistrer' }).isDisabled(), true);
    await axe(page, 'a refused edit');
    await mine.getByRole('button', { name: 'Annuler' }).click();
    assert.equal(await page.locator(`${W} .aw-comment-own`).count(), 1);
    assert.equal(await page.locator(`${W} .aw-comment-body`).first().textContent(), 'Un avis éphémère.');
    assert.equal(await focusGoesTo(page, W, 'aw-comments-title'), 'aw-comments-title');

    // The second, with its own token but after the server's window: refused, said, nothing deleted.
    const second = page.locator(`${W} .aw-comment-own`);
    await second.getByRole('button', { name: 'Supprimer' }).click();
    await second.getByRole('button', { name: 'Oui, supprimer' }).click();
    await waitText(page, '.aw-own-error', 'Le délai pour modifier ou supprimer ce commentaire est écoulé.');
    assert.equal(exported(server.db).length, 2, 'nothing was deleted');
    await second.getByRole('button', { name: 'Annuler' }).click();
    assert.equal(await page.locator(`${W} .aw-comment-own`).count(), 0);
    assert.deepEqual(Object.values(await grants(page)), [], 'refused grants are forgotten');
    assert.deepEqual(page.problems.filter((p) => !/403|ERR_CONNECTION_REFUSED|Failed to load resource/.test(p)), []);
    await page.context().close();
  } finally {
    await server.stop();
  }
});
