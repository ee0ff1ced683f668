// End to end against the real reference server: the demo page posts a real
// comment to SQLite; a server that goes away mid-session loses nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startServer, launch, openPage, reveal, root } from './harness.mjs';

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
