import { serveStatic, launch, openPage } from './harness.mjs';
const server = await serveStatic();
const browser = await launch();
for (const lang of ['fr', 'en']) {
  const page = await openPage(browser, null, { viewport: { width: 900, height: 1000 } });
  await page.route('**/api/c**', (route) => route.fulfill({ json: { comments: [
    { id: '1', author: 'Moussa D.', website: 'https://moussa.example', body: 'Une décision attendue depuis des mois.\nReste à voir ce que deviendra la base d’Agadez.', created_at: '2024-04-19T16:20:00Z' },
    { id: '2', author: 'Claire', body: 'Merci pour cet article clair.', created_at: '2024-04-20T08:05:00Z' },
  ], total: 2 } }));
  await page.goto(`${server.url}/static/plain.html`);
  await page.evaluate(async (lang) => {
    document.querySelector('#main-widget').remove();
    const div = document.createElement('div'); div.id = 'w'; document.body.append(div);
    await ArticleWidget.mount(div, { articleSrc: 'articles/niger-us-withdrawal.json', lang, commentsEndpoint: '/api/c' }).ready;
  }, lang);
  await page.locator('#w .aw-comment').nth(1).waitFor();
  await page.locator('#w #aw-email').fill('pas-une-adresse');
  await page.locator('#w .aw-form button[type=submit]').click();
  await page.locator('#w .aw-summary-title').waitFor();
  await page.locator('#w .aw-comments').screenshot({ path: `/work/main/e2e/artifacts/comments-${lang}.png` });
  await page.context().close();
}
await browser.close(); await server.close();
