// Audits of the demo in headless Chromium against the real server: a strict
// Content-Security-Policy, axe-core inside the shadow root (rendered, with
// validation errors, with a posted comment), and Lighthouse.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
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

test('a strict Content-Security-Policy: the widget runs with no violation', async () => {
  const page = await openPage(browser, null);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${server.url}/static/csp.html`);
  await page.locator('#main-widget h1').waitFor();
  await page.locator('#main-widget .aw-related-link').first().waitFor();
  await reveal(page, '#main-widget');
  await page.locator('#main-widget #aw-body').fill('Sous CSP.');
  await page.locator('#main-widget .aw-form button[type=submit]').click();
  await page.locator('#main-widget .aw-summary-title').waitFor();
  // The stylesheet applied (constructed stylesheets are not inline styles).
  const styled = await page.evaluate(() => getComputedStyle(document.querySelector('#main-widget').shadowRoot.querySelector('h1')).fontWeight);
  assert.equal(styled, '800');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

/** axe-core on the widget (its shadow root included), the host's own ad left out. */
async function axe(page) {
  const result = await new AxeBuilder({ page }).include('#main-widget').exclude('#main-widget > [slot=ad]').analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(' ')} ${JSON.stringify(n.any[0]?.data ?? '')}`).join(', ')})`);
}

test('axe: no violation when rendered, with validation errors, and with a posted comment', async () => {
  for (const scheme of ['light', 'dark']) {
    const page = await openPage(browser, `${server.url}/`, { colorScheme: scheme });
    await page.locator('#main-widget .aw-related-link').first().waitFor();
    await reveal(page, '#main-widget');
    await page.locator('#main-widget #aw-body').waitFor();
    assert.deepEqual(await axe(page), [], `rendered (${scheme})`);

    await page.locator('#main-widget #aw-email').fill('pas-une-adresse');
    await page.locator('#main-widget .aw-form button[type=submit]').click();
    await page.locator('#main-widget .aw-summary-title').waitFor();
    assert.deepEqual(await axe(page), [], `with validation errors (${scheme})`);

    await page.locator('#main-widget #aw-body').fill(`Un commentaire accessible (${scheme}).`);
    await page.locator('#main-widget #aw-author').fill('Lectrice');
    await page.locator('#main-widget #aw-email').fill('lectrice@example.org');
    await page.waitForTimeout(2100);
    await page.locator('#main-widget .aw-form button[type=submit]').click();
    await page.locator('#main-widget .aw-comment').first().waitFor();
    assert.deepEqual(await axe(page), [], `with a posted comment (${scheme})`);
    await page.context().close();
  }
});
