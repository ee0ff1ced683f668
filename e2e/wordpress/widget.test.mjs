// The widget reading and writing a real WordPress, in headless Chromium, from
// a partner page on another origin (the widget's files served beside that
// page, the post, its comments and related posts from WordPress's REST
// API): the seed post drawn from its REST answer, its thread, related posts
// from the same site, comments posted and found in WordPress's database,
// every refusal in the widget's own words, the hostile post inert; then the
// plugin's shortcode and comment-section replacement on the site itself.
//
// Two sites: one with the plugin (anonymous comments switched on and off
// through its setting, the flood check off), one with only the
// `rest_allow_anonymous_comments` filter and WordPress's flood check on.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { startWordPress } from '../wordpress.mjs';
import { root, artifacts, serveStatic, launch, openPage } from '../harness.mjs';

const built = existsSync(path.join(root, 'dist/article-widget.js'));

/** A partner page: one `<article-widget>` with the attributes of its query string. */
const PARTNER = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Partenaire</title></head>
<body><main><h1>Un site partenaire</h1></main>
<script>
  const el = document.createElement('article-widget');
  for (const [name, value] of new URLSearchParams(location.search)) el.setAttribute(name, value);
  document.querySelector('main').append(el);
</script>
<script type="module" src="/article-widget.js"></script></body></html>`;

let partner;
let browser;
before(async () => {
  if (!built) return;
  await mkdir(artifacts, { recursive: true });
  partner = await serveStatic(path.join(root, 'dist'), { pages: { '/partner.html': PARTNER } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await partner?.close();
});

/** Opens the partner page with these widget attributes; records every request it makes. */
async function open(attributes, options = {}) {
  const page = await openPage(browser, null, options);
  page.requests = [];
  page.on('request', (request) => page.requests.push(request));
  await page.goto(`${partner.url}/partner.html?${new URLSearchParams(attributes)}`);
  return page;
}

/**
 * Runs `fn(shadowRoot, ...args)` in the page, once the widget shows `selector`
 * and its first view has handed over to Yew's (until then the shadow root holds
 * both, the second hidden, and a `querySelectorAll` would count twice).
 */
async function inWidget(page, selector, fn = (s, sel) => s.querySelector(sel)?.textContent, ...args) {
  await page.waitForFunction((sel) => {
    const shadow = document.querySelector('article-widget')?.shadowRoot;
    return shadow && !shadow.querySelector('[data-aw-prerendered]') && shadow.querySelector(sel);
  }, selector);
  return page.evaluate(
    ([source, sel, rest]) => new Function(`return (${source})`)()(document.querySelector('article-widget').shadowRoot, sel, ...rest),
    [fn.toString(), selector, args],
  );
}

const texts = (page, selector) => inWidget(page, selector, (s, sel) => [...s.querySelectorAll(sel)].map((e) => e.textContent.trim()));

/** Every request went to the partner page's origin or to WordPress: nothing to an outside host. */
function onlyLoopback(page, wp) {
  const outside = page.requests.map((r) => r.url()).filter((url) => !url.startsWith(partner.url) && !url.startsWith(wp.url));
  assert.deepEqual(outside, [], 'no request to another host');
}

const row = async (wp, content) => (await wp.query(
  `SELECT comment_ID AS id, comment_approved AS approved, comment_parent AS parent, comment_author AS author
   FROM wp_comments WHERE comment_content = '${content.replace(/'/g, "''")}'`,
))[0];

let typed = 0;
/** Fills the form (in the widget's shadow root) and submits it. */
async function post(page, body, { author = 'Awa Traoré', email = 'awa.traore@example.org' } = {}) {
  await page.locator('#aw-body').fill(body);
  await page.locator('#aw-author').fill(author);
  await page.locator('#aw-email').fill(email);
  await page.locator('.aw-form button[type=submit]').click();
}
const unique = (what) => `${what}, numéro ${++typed} (${Date.now()}).`;
const status = (page) => page.locator('.aw-status').textContent();

describe('a site with the plugin', { skip: !built && 'dist/ has no built widget (scripts/build.sh)' }, () => {
  let wp;
  const settings = (changes) => wp.php(`
    update_option('article_widget', array_merge(get_option('article_widget'), json_decode('${JSON.stringify(changes)}', true)));
    return get_option('article_widget');`);
  before(async () => {
    wp = await startWordPress({ plugin: true, flood: false });
    // As a site that lets the widget take comments would (the refusal has its own test).
    await settings({ anonymous_comments: true });
  });
  after(async () => { await wp?.stop(); });

  test('a partner page renders the post from WordPress REST: title, date, breadcrumb, author, picture, body, count, thread, related', async () => {
    const { article, comments } = wp.seed;
    const page = await open({ 'article-src': article.rest, lang: 'fr', loading: 'eager' });
    assert.equal(await inWidget(page, 'h1'), 'Les Etats-Unis acceptent de retirer leurs militaires du Niger');
    assert.deepEqual(await inWidget(page, 'time.aw-date', (s, sel) => [s.querySelector(sel).getAttribute('datetime'), s.querySelector(sel).textContent]),
      ['2024-04-19T14:05:00Z', 'Publié le 19 avril 2024']);
    assert.deepEqual(await texts(page, 'nav.aw-crumbs li'), ['Accueil', 'coopération']);
    assert.deepEqual(await inWidget(page, 'nav.aw-crumbs a', (s, sel) => [...s.querySelectorAll(sel)].map((a) => a.href)),
      [`${wp.url}/`, `${wp.url}/rubrique/afrique/cooperation/`]);
    assert.equal(await inWidget(page, '.aw-author'), 'Par Rédaction APA');
    assert.equal(await inWidget(page, '.aw-meta', (s) => s.querySelector('.aw-views')), null, 'WordPress counts no views: none shown');
    assert.equal(await inWidget(page, '.aw-comment-count'), '3\u00a0commentaires', 'from the comment list’s X-WP-Total');

    const lead = await inWidget(page, '.aw-lead');
    assert.match(lead, /^Les soldats américains présents au Niger .* nord du pays\.$/);
    const body = await texts(page, '.aw-body > p');
    assert.equal(body.length, 9, 'eight paragraphs and the signature; the lead shown once');
    assert.match(body[0], /^Le gouvernement a annoncé vendredi 19 avril/);
    assert.ok(body.every((p) => !p.includes('Les soldats américains présents')), 'not again in the body');
    assert.equal(body[8], 'LS/APA');
    const picture = await inWidget(page, '.aw-body > figure.aw-figure img', (s, sel) => {
      const img = s.querySelector(sel);
      return { src: img.getAttribute('src'), alt: img.alt, width: img.getAttribute('width') };
    });
    assert.deepEqual(picture, { src: `${wp.url}/wp-content/uploads/2024/04/${picture.src.split('/').pop()}`, alt: 'Dessin d’un drone au-dessus d’un hangar dans le désert', width: '1024' });
    assert.match(picture.src, /-1024x576\.jpg$/, 'the large size WordPress made');

    // The thread: Moussa Diallo's comment with Aïcha Maïga's reply under it;
    // the held comment and the spam nowhere.
    await inWidget(page, '.aw-comment-list');
    assert.equal(await inWidget(page, '#aw-comments-title'), '3\u00a0commentaires');
    const thread = await inWidget(page, '.aw-comment-list', (s) => [...s.querySelectorAll('.aw-comment-list > li')].map((li) => ({
      author: li.querySelector(':scope > .aw-comment .aw-comment-author').textContent,
      replies: [...li.querySelectorAll(':scope > .aw-replies > li > .aw-comment .aw-comment-author')].map((a) => a.textContent),
      label: li.querySelector(':scope > .aw-replies')?.getAttribute('aria-label') ?? null,
    })));
    assert.deepEqual(thread, [
      { author: 'Moussa Diallo', replies: ['Aïcha Maïga'], label: 'Réponses à Moussa Diallo' },
      { author: 'Diallo & Fils', replies: [], label: null },
    ]);
    const section = await inWidget(page, '.aw-comments', (s, sel) => s.querySelector(sel).textContent);
    assert.ok(!section.includes('attend la modération') && !section.includes('Pharmacie'), 'held and spam comments are not listed');
    assert.ok(section.includes('nos articles sur la coopération & l’analyse'), 'a comment’s HTML as its text, entities decoded');
    assert.equal(await inWidget(page, `#aw-comment-${comments.with_link} a.aw-comment-author`, (s, sel) => s.querySelector(sel).getAttribute('href')),
      'https://diallo-fils.example/');

    // Related posts: from the same site, ranked; never the article itself.
    const related = await inWidget(page, '.aw-related-list a', (s) => [...s.querySelectorAll('.aw-related-list a')].map((a) => ({
      href: a.getAttribute('href'), title: a.querySelector('.aw-related-title').textContent,
      thumb: a.querySelector('img.aw-related-thumb')?.getAttribute('src') ?? null,
    })));
    assert.equal(related.length, 5);
    // Featured images as thumbnails (the seed's stories that have one), from the site.
    assert.ok(related.some((r) => r.thumb), JSON.stringify(related));
    assert.ok(related.every((r) => r.thumb === null || r.thumb.startsWith(`${wp.url}/wp-content/uploads/`)), JSON.stringify(related));
    assert.ok(related.every((r) => r.href.startsWith(`${wp.url}/`)), JSON.stringify(related));
    assert.ok(related.every((r) => r.href !== article.link));
    assert.ok(related.some((r) => /drones d’Agadez|délégation du Pentagone|Niamey/.test(r.title)), JSON.stringify(related));

    onlyLoopback(page, wp);
    assert.ok(!page.requests.some((r) => /gravatar/.test(r.url())), 'no avatar unless asked');
    // The loader asked for the post as the widget does (with what it embeds), and the widget took that request over.
    const posts = page.requests.filter((r) => r.url().startsWith(`${wp.url}/wp-json/wp/v2/posts/${article.id}`));
    assert.deepEqual(posts.map((r) => new URL(r.url()).searchParams.get('_embed')), ['author,wp:term,wp:featuredmedia']);
    assert.deepEqual(page.problems, []);
    await page.locator('article-widget').screenshot({ path: path.join(artifacts, 'wordpress-fr.png') });
    await page.context().close();
  });

  test('in English, with a reply being written: the interface’s words, the form under the comment', async () => {
    const { comments } = wp.seed;
    const page = await open({ 'article-src': wp.seed.article.rest, lang: 'en', loading: 'eager' }, { viewport: { width: 1100, height: 900 } });
    assert.deepEqual(await texts(page, 'nav.aw-crumbs li'), ['Home', 'coopération']);
    assert.equal(await inWidget(page, '.aw-author'), 'By Rédaction APA');
    assert.equal(await inWidget(page, '.aw-comment-count'), '3 comments');
    const button = `#aw-reply-${comments.approved}`;
    await inWidget(page, button);
    assert.equal(await page.locator(button).textContent(), 'Reply');
    assert.equal(await page.locator(button).getAttribute('aria-label'), 'Reply to Moussa Diallo');
    await page.locator(button).click();
    await page.waitForFunction(() => document.querySelector('article-widget').shadowRoot.activeElement?.id === 'aw-body');
    assert.equal(await page.locator('#aw-form-title').textContent(), 'Reply to Moussa Diallo');
    assert.equal(await page.locator('.aw-reply-form button[type=button]').textContent(), 'Cancel reply');
    await page.keyboard.type('The base was handed over in August, according to the same statement.');
    await page.locator('#aw-author').fill('Ali');
    await page.locator('article-widget').screenshot({ path: path.join(artifacts, 'wordpress-en.png') });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the post by slug and by ?rest_route=; an unknown slug says the article is not found', async () => {
    const { article } = wp.seed;
    const bySlug = await open({ 'article-src': `${wp.url}/wp-json/wp/v2/posts?slug=${article.slug}`, lang: 'en' });
    assert.equal(await inWidget(bySlug, 'h1'), 'Les Etats-Unis acceptent de retirer leurs militaires du Niger');
    assert.equal(await inWidget(bySlug, '.aw-date'), 'Published April 19, 2024');
    await bySlug.context().close();

    const plain = await open({ 'article-src': `${wp.url}/?rest_route=/wp/v2/posts/${wp.seed.blocks.id}`, loading: 'eager' });
    assert.equal(await inWidget(plain, 'h1'), 'Solar mini-grids bring evening light to Sahel villages');
    assert.deepEqual(await inWidget(plain, '.aw-body', (s) => ({
      headings: [...s.querySelectorAll('.aw-body > h2')].map((h) => h.textContent),
      items: s.querySelectorAll('.aw-body > ul > li').length,
      quote: s.querySelector('.aw-body blockquote')?.textContent.slice(0, 30),
      cite: s.querySelector('.aw-quote figcaption')?.textContent,
      caption: s.querySelector('.aw-figure figcaption')?.textContent,
    })), {
      headings: ['Pay as you go'],
      items: 4,
      quote: 'Before, I closed the shop when',
      cite: 'Mariama Issoufou, shopkeeper in Tessaoua-Kouara',
      caption: 'A village solar station: panels, a battery shed and the first connected homes. Illustration: Le Quotidien du Sahel',
    });
    await inWidget(plain, '.aw-comments');
    await plain.context().close();

    const none = await open({ 'article-src': `${wp.url}/wp-json/wp/v2/posts?slug=no-such-story`, lang: 'fr' });
    assert.equal(await inWidget(none, '.aw-error', (s) => s.querySelector('.aw-error').dataset.code), 'not-found');
    assert.equal(await inWidget(none, '.aw-error-message'), 'Cet article est introuvable (erreur 404).');
    await none.context().close();
  });

  test('the links are the post’s permalink as WordPress gives it: the canonical link, relative links in the body, related stories', async () => {
    // A post whose address WordPress percent-encodes (a slug in Arabic script), under its category's path.
    const made = await wp.php(`
      $id = wp_insert_post(['post_title' => 'Dépêche : l’été à Niamey', 'post_name' => 'النيجر-صيف', 'post_status' => 'publish',
        'post_category' => [${wp.seed.categories.cooperation}],
        'post_content' => '<p>Lire <a href="suite/">la suite</a>, <a href="/rubrique/afrique/">la rubrique</a> et <a href="?replytocom=1#respond">la réponse</a>.</p>']);
      return ['id' => $id, 'link' => get_permalink($id), 'rest' => rest_url('wp/v2/posts/' . $id)];`);
    try {
      assert.match(made.link, /^http:\/\/127\.0\.0\.1:\d+\/afrique\/cooperation\/%d8%a7%d9%84%d9%86/, made.link);
      const rest = await (await fetch(made.rest)).json();
      assert.equal(rest.link, made.link, 'REST gives the permalink');
      const page = await open({ 'article-src': made.rest, lang: 'fr' });
      const shown = await inWidget(page, '.aw-canonical a', (s, sel) => ({
        href: s.querySelector(sel).getAttribute('href'),
        text: s.querySelector(sel).textContent,
        body: [...s.querySelectorAll('.aw-body a')].map((a) => a.getAttribute('href')),
        lead: s.querySelector('.aw-lead')?.textContent ?? null,
      }));
      assert.deepEqual(shown, {
        href: made.link,
        text: 'Lire l’article sur le site de l’éditeur',
        // Resolved against the post's own page, never the partner page that embeds it.
        body: [`${made.link}suite/`, `${wp.url}/rubrique/afrique/`, `${made.link}?replytocom=1#respond`],
        // WordPress's excerpt of so short a post is its whole text: said once, by the paragraph, with its links.
        lead: null,
      });
      // The address is the post's page on its site.
      const html = await (await fetch(shown.href)).text();
      assert.match(html, /<title>Dépêche : l’été à Niamey/);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    } finally {
      await wp.php(`return (bool) wp_delete_post(${made.id}, true);`);
    }

    // The seed article: its canonical link and every related story's link are WordPress's own.
    const { article } = wp.seed;
    const page = await open({ 'article-src': article.rest, lang: 'en', loading: 'eager' });
    assert.equal(await inWidget(page, '.aw-canonical a', (s, sel) => s.querySelector(sel).getAttribute('href')), article.link);
    assert.equal(await inWidget(page, '.aw-canonical a'), 'Read the article on the publisher’s site');
    const related = await inWidget(page, '.aw-related-list a', (s) => [...s.querySelectorAll('.aw-related-list a')].map((a) => a.getAttribute('href')));
    const links = (await (await fetch(wp.rest(`wp/v2/posts?include=${wp.seed.related.join(',')}&per_page=50&_fields=link`))).json()).map((p) => p.link);
    assert.equal(related.length, 5);
    assert.deepEqual(related.filter((href) => !links.includes(href)), [], 'each one a permalink WordPress gives');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a related-src on the element wins over WordPress’s related posts', async () => {
    const feed = JSON.parse(await readFile(path.join(root, 'dist/static/feeds/related.json'), 'utf8')).stories;
    const page = await open({
      'article-src': wp.seed.article.rest, lang: 'fr', loading: 'eager',
      'related-src': `${partner.url}/static/feeds/related.json`, 'related-order': 'as-is', 'related-limit': '3',
    });
    const related = await inWidget(page, '.aw-related-list a', (s) => [...s.querySelectorAll('.aw-related-list a')].map((a) => ({
      href: a.getAttribute('href'), title: a.querySelector('.aw-related-title').textContent,
    })));
    assert.deepEqual(related, feed.slice(0, 3).map((story) => ({ href: story.url, title: story.title })), 'the feed’s stories, in its order');
    // The comments still come from WordPress; its related posts are never asked for.
    await inWidget(page, '.aw-comment-list');
    const asked = page.requests.map((r) => r.url()).filter((url) => url.startsWith(wp.rest('wp/v2/posts?')));
    assert.deepEqual(asked, []);
    assert.ok(page.requests.some((r) => r.url() === `${partner.url}/static/feeds/related.json`));
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('comments closed while a reader writes: WordPress’s 403 in the widget’s words, the text kept, there again after a reload', async () => {
    const { blocks } = wp.seed;
    const close = (status) => wp.query(`UPDATE wp_posts SET comment_status = '${status}' WHERE ID = ${blocks.id}`);
    const page = await open({ 'article-src': blocks.rest, lang: 'fr', loading: 'eager' });
    await page.evaluate(() => document.addEventListener('article-widget:comment-failed', (e) => { window.__failed = e.detail; }));
    const body = unique('Écrit avant la fermeture');
    await inWidget(page, '.aw-form');
    await close('closed');
    try {
      await post(page, body);
      await page.waitForFunction(() => /fermés/.test(document.querySelector('article-widget').shadowRoot.querySelector('.aw-status').textContent));
      assert.equal(await status(page), 'Les commentaires sont fermés pour cet article.');
      const failed = await page.evaluate(() => window.__failed);
      assert.deepEqual([failed.code, failed.status], ['closed', 403]);
      assert.equal(await page.locator('#aw-body').inputValue(), body, 'the text stays, to copy');
      assert.equal(await page.locator('#aw-author').inputValue(), 'Awa Traoré');
      assert.equal(await page.locator('.aw-form button[type=submit]').isDisabled(), true, 'no retry the site would refuse');
      assert.equal(await row(wp, body), undefined);
      // The browser itself logs the 403; the widget logs nothing.
      assert.deepEqual(page.problems.filter((p) => !/status of 403/.test(p)), []);
    } finally {
      await close('open');
    }
    // The draft outlives the refusal: reopened, the page shows it again.
    await page.reload();
    await inWidget(page, '.aw-form');
    await page.waitForFunction((text) => document.querySelector('article-widget').shadowRoot.querySelector('#aw-body')?.value === text, body);
    assert.equal(await row(wp, body), undefined);
    await page.context().close();
  });

  test('the hostile post renders as inert text: no script, no javascript: link, no request elsewhere', async () => {
    const { hostile } = wp.seed;
    const page = await open({ 'article-src': hostile.rest, lang: 'fr', loading: 'eager' });
    assert.equal(await inWidget(page, 'h1'), 'Piège & « guillemets »');
    await inWidget(page, '.aw-comment-list');
    const seen = await inWidget(page, '.aw-article', (s) => ({
      body: [...s.querySelectorAll('.aw-body > *')].map((e) => e.textContent),
      links: [...s.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      // Where WordPress's HTML is drawn: the article and the comment list (the widget's own form and stylesheet are elsewhere).
      forbidden: [...s.querySelectorAll('.aw-article, .aw-comment-list')]
        .map((e) => e.querySelectorAll('script, style, iframe, object, embed, svg, form, input, button[formaction], base, meta, link').length)
        .reduce((a, b) => a + b, 0),
      handlers: [...s.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
      lead: s.querySelector('.aw-lead').textContent,
      comments: [...s.querySelectorAll('.aw-comment-body')].map((c) => c.textContent),
      authors: [...s.querySelectorAll('.aw-comment-author')].map((c) => c.textContent),
    }));
    assert.equal(await page.evaluate(() => window.__awHostile), undefined, 'nothing ran');
    assert.equal(await page.title(), 'Partenaire');
    assert.ok(seen.links.every((href) => /^https?:/.test(href)), JSON.stringify(seen.links));
    assert.ok(seen.links.includes('https://www.apanews.example/'), 'the safe link stays a link');
    assert.equal(seen.forbidden, 0, 'only the elements the widget draws');
    assert.deepEqual(seen.handlers, []);
    assert.equal(seen.body[0], 'Début du texte. Suite du texte.', 'the script’s code is not text');
    assert.ok(seen.body.includes('lien piégé, lien encodé, lien espacé et un lien sûr.'), JSON.stringify(seen.body));
    assert.ok(seen.body.includes('Texte dans un calque.'), 'the text of an unknown or dropped element stays');
    assert.ok(seen.body.includes('Du texte qui montre <script>alert(1)</script> sans rien exécuter.'), 'text that looks like markup is text');
    assert.equal(seen.lead, 'Un résumé en gras & fin.');
    assert.equal(seen.authors[0], 'Curieux gras');
    // WordPress's own filter removed the comment's <script> tags and kept their words: text, shown as text.
    assert.deepEqual(seen.comments, ['Regardez ceci window.__awHostile=’comment-script’', 'Réponse ici']);
    // The widget is not overlaid by anything the post carried.
    const box = await page.locator('h1').first().boundingBox();
    assert.ok(box && box.height > 0);
    onlyLoopback(page, wp);
    assert.deepEqual(page.problems.filter((p) => !/nonexistent\.png/.test(p)), []);
    await page.context().close();
  });

  test('posting: held for moderation and in WordPress’s database, with the Idempotency-Key the plugin announces; the same text again is a duplicate', async () => {
    await settings({ anonymous_comments: true });
    const page = await open({ 'article-src': wp.seed.article.rest, lang: 'fr', loading: 'eager' });
    const body = unique('Un avis de lectrice');
    await inWidget(page, '.aw-form');
    await post(page, body);
    await page.waitForFunction(() => /modération/.test(document.querySelector('article-widget').shadowRoot.querySelector('.aw-status').textContent));
    assert.equal(await status(page), 'Merci ! Votre commentaire a bien été reçu ; il sera publié après modération.');
    assert.deepEqual(await row(wp, body), { id: (await row(wp, body)).id, approved: '0', parent: '0', author: 'Awa Traoré' });
    const posts = page.requests.filter((r) => r.method() === 'POST');
    assert.equal(posts.length, 1);
    assert.match(posts[0].headers()['idempotency-key'], /^[0-9a-f-]{36}$/, 'the plugin says the site takes it');
    assert.equal(await page.locator('#aw-body').inputValue(), '', 'the draft is cleared');

    await post(page, body);
    await page.waitForFunction(() => /déjà été envoyé/.test(document.querySelector('article-widget').shadowRoot.querySelector('.aw-status').textContent));
    assert.equal(await page.locator('#aw-body').inputValue(), body, 'a refused draft stays');
    assert.equal(Number((await wp.query(`SELECT COUNT(*) AS n FROM wp_comments WHERE comment_content = '${body}'`))[0].n), 1);
    // The browser itself logs the 409; the widget logs nothing.
    assert.deepEqual(page.problems.filter((p) => !/status of 409/.test(p)), []);
    await page.context().close();
  });

  test('a reader WordPress knows is published at once: the widget says so and the comment joins the list', async () => {
    const page = await open({ 'article-src': wp.seed.article.rest, lang: 'fr', loading: 'eager' });
    const body = unique('Moussa revient');
    await inWidget(page, '.aw-comment-list');
    // WordPress approves a commenter with an approved comment already (Settings → Discussion, its default).
    await post(page, body, { author: 'Moussa Diallo', email: 'moussa.diallo@example.org' });
    await page.waitForFunction(() => /publié/.test(document.querySelector('article-widget').shadowRoot.querySelector('.aw-status').textContent));
    assert.equal(await status(page), 'Merci ! Votre commentaire est publié.');
    assert.equal((await row(wp, body)).approved, '1');
    const shown = await inWidget(page, '.aw-comment-list', (s) => [...s.querySelectorAll('.aw-comment-body')].map((b) => b.textContent));
    assert.ok(shown.includes(body), JSON.stringify(shown));
    assert.equal(await page.locator('#aw-body').inputValue(), '', 'the draft is cleared');
    assert.deepEqual(page.problems, []);
    await page.context().close();
    // The tests after count the seed's thread.
    await wp.php(`return wp_delete_comment(${(await row(wp, body)).id}, true);`);
  });

  test('a field WordPress refuses (an e-mail address longer than its column) is flagged on that field; the draft stays', async () => {
    const page = await open({ 'article-src': wp.seed.article.rest, lang: 'fr', loading: 'eager' });
    const body = unique('Adresse trop longue pour WordPress');
    const email = `${'a'.repeat(101 - '@example.org'.length)}@example.org`; // 101 characters: the widget takes up to 254
    await inWidget(page, '.aw-form');
    await post(page, body, { email });
    await page.waitForFunction(() => document.querySelector('article-widget').shadowRoot.querySelector('#aw-email')?.getAttribute('aria-invalid') === 'true');
    assert.equal(await page.locator('#aw-email-error').textContent(), 'Trop long : au plus 100 caractères.');
    assert.equal(await page.locator('#aw-body').inputValue(), body);
    assert.equal(await row(wp, body), undefined);
    assert.deepEqual(page.problems.filter((p) => !/status of 400/.test(p)), []);
    await page.context().close();
  });

  test('replying: the form opens under the comment with focus in it, Escape gives focus back, the reply is stored under its parent', async () => {
    await settings({ anonymous_comments: true });
    const { comments } = wp.seed;
    const page = await open({ 'article-src': wp.seed.article.rest, lang: 'fr', loading: 'eager' });
    const button = `#aw-reply-${comments.approved}`;
    await inWidget(page, button);
    assert.equal(await page.locator(button).getAttribute('aria-label'), 'Répondre à Moussa Diallo');
    assert.equal(await inWidget(page, `#aw-reply-${comments.reply}`, (s, sel) => !!s.querySelector(sel)), true, 'a reply can be answered (depth 2 of 5)');
    await page.locator(button).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('article-widget').shadowRoot.activeElement?.id === 'aw-body');
    const placed = await inWidget(page, '.aw-reply-form', (s, sel) => ({
      under: s.querySelector(sel).closest('li').querySelector(':scope > .aw-comment .aw-comment-author').textContent,
      title: s.querySelector('#aw-form-title').textContent,
      described: s.querySelector('#aw-body').getAttribute('aria-describedby'),
      bottom: s.querySelectorAll('.aw-form-section').length,
    }));
    assert.deepEqual(placed, { under: 'Moussa Diallo', title: 'Répondre à Moussa Diallo', described: 'aw-form-title', bottom: 1 });
    assert.equal(await page.locator(button).getAttribute('aria-expanded'), 'true');

    await page.keyboard.type('Brouillon de réponse');
    await page.keyboard.press('Escape');
    await page.waitForFunction((id) => document.querySelector('article-widget').shadowRoot.activeElement?.id === id, button.slice(1));
    assert.equal(await inWidget(page, '.aw-form-section', (s) => s.querySelector('.aw-form-section').closest('li')), null, 'the form is back at the end');
    assert.equal(await page.locator('#aw-body').inputValue(), 'Brouillon de réponse', 'with what was typed');

    await page.locator(button).click();
    const body = unique('Une réponse à Moussa');
    await post(page, body);
    await page.waitForFunction(() => /modération/.test(document.querySelector('article-widget').shadowRoot.querySelector('.aw-status')?.textContent));
    assert.equal((await row(wp, body)).parent, String(comments.approved));
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('comments closed: a notice in place of the form, the list still shown', async () => {
    const page = await open({ 'article-src': wp.seed.closed.rest, lang: 'fr', loading: 'eager' });
    assert.equal(await inWidget(page, '.aw-notice'), 'Les commentaires sont fermés pour cet article.');
    assert.deepEqual(await texts(page, '.aw-comment-author'), ['Ibrahim Sow']);
    assert.equal(await inWidget(page, '.aw-comments', (s) => s.querySelectorAll('.aw-form, .aw-reply').length), 0);
    await page.context().close();
  });

  test('readers without an account refused (the plugin says so): a notice, and the setting named in the console', async () => {
    await settings({ anonymous_comments: false });
    const page = await open({ 'article-src': wp.seed.article.rest, lang: 'en', loading: 'eager' });
    assert.equal(await inWidget(page, '.aw-notice'), 'This site does not accept comments from readers without an account.');
    await page.waitForFunction(() => true);
    assert.equal(page.problems.length, 1, page.problems.join('\n'));
    assert.match(page.problems[0], /rest_allow_anonymous_comments/);
    assert.match(page.problems[0], /Anonymous comments/);
    assert.equal(await inWidget(page, '.aw-comments', (s) => s.querySelectorAll('.aw-form, .aw-reply').length), 0);
    await page.context().close();
    await settings({ anonymous_comments: true });
  });

  test('on the site itself: the shortcode renders the widget for its post; the comment-section setting the comments alone', async () => {
    const link = await wp.php(`
      $id = wp_insert_post(['post_title' => 'Dépêche reprise', 'post_status' => 'publish',
        'post_content' => '[article_widget post="${wp.seed.article.id}" loading="eager"]']);
      return get_permalink($id);`);
    const page = await openPage(browser, link);
    assert.equal(await inWidget(page, 'h1'), 'Les Etats-Unis acceptent de retirer leurs militaires du Niger');
    assert.equal(await inWidget(page, '.aw-comment-count'), '3\u00a0commentaires');
    // WordPress's own theme lists the hostile post's title (with its `<img src=x>`) under "Recent posts": its 404 is not the widget's.
    assert.deepEqual(page.problems.filter((p) => !/status of 404/.test(p)), []);
    await page.context().close();

    await settings({ replace_comments: true });
    const own = await openPage(browser, wp.seed.closed.link);
    await own.waitForFunction(() => document.querySelector('#comments article-widget')?.shadowRoot?.querySelector('.aw-notice'));
    await own.waitForFunction(() => document.querySelector('#comments article-widget').shadowRoot.querySelector('.aw-comment-list'));
    const shown = await own.evaluate(() => {
      const s = document.querySelector('#comments article-widget').shadowRoot;
      return { article: !!s.querySelector('.aw-article, h1'), notice: s.querySelector('.aw-notice').textContent, authors: [...s.querySelectorAll('.aw-comment-author')].map((a) => a.textContent) };
    });
    assert.deepEqual(shown, { article: false, notice: 'Les commentaires sont fermés pour cet article.', authors: ['Ibrahim Sow'] });
    // WordPress's own theme lists the hostile post's title (with its `<img src=x>`) under "Recent posts": its 404 is not the widget's.
    assert.deepEqual(own.problems.filter((p) => !/status of 404/.test(p)), []);
    await own.context().close();
    await settings({ replace_comments: false });
  });

  test('avatars only when asked: then WordPress’s pictures, not before', async () => {
    const page = await open({ 'article-src': wp.seed.article.rest, lang: 'fr', loading: 'eager', 'comments-avatars': 'on' });
    await inWidget(page, '.aw-comment-list');
    const avatars = await inWidget(page, '.aw-avatar', (s) => [...s.querySelectorAll('.aw-avatar')].map((i) => i.getAttribute('src')));
    assert.equal(avatars.length, 3);
    assert.ok(avatars.every((src) => /^https?:\/\/[0-9a-z.]*gravatar\.com\/avatar\/[0-9a-f]{32}/.test(src)), JSON.stringify(avatars));
    await page.context().close();
  });
});

describe('a site with only the anonymous-comments filter, its flood check on', { skip: !built && 'dist/ has no built widget (scripts/build.sh)' }, () => {
  let wp;
  before(async () => { wp = await startWordPress({ anonymousComments: true }); });
  after(async () => { await wp?.stop(); });

  test('posting without the plugin: held, no Idempotency-Key header; a second comment at once gets the wait message', async () => {
    const page = await open({ 'article-src': wp.seed.article.rest, lang: 'fr', loading: 'eager' });
    const body = unique('Sans le plugin');
    await inWidget(page, '.aw-form');
    await post(page, body);
    await page.waitForFunction(() => /modération/.test(document.querySelector('article-widget').shadowRoot.querySelector('.aw-status').textContent));
    assert.equal((await row(wp, body)).approved, '0');
    const posts = page.requests.filter((r) => r.method() === 'POST');
    assert.equal(posts[0].headers()['idempotency-key'], undefined, 'WordPress’s CORS would refuse it');

    const next = unique('Aussitôt après');
    await post(page, next);
    await page.waitForFunction(() => /réessayer dans/.test(document.querySelector('article-widget').shadowRoot.querySelector('.aw-status').textContent));
    assert.equal(await status(page), 'Trop d’envois en peu de temps. Vous pourrez réessayer dans 15 secondes. Votre commentaire est conservé : vous pouvez réessayer.');
    assert.equal(await page.locator('.aw-form button[type=submit]').isDisabled(), true, 'until the wait is over');
    assert.equal(await page.locator('#aw-body').inputValue(), next);
    assert.equal(await row(wp, next), undefined);
    await page.context().close();
  });

  test('an answer lost on the way, then a retry that WordPress calls a duplicate: the comment was received, the draft goes', async () => {
    await new Promise((resolve) => setTimeout(resolve, 16_000)); // the flood interval of the test before
    const page = await open({ 'article-src': wp.seed.article.rest, lang: 'en', loading: 'eager' });
    const posted = [];
    page.on('console', () => {});
    await page.evaluate(() => document.addEventListener('article-widget:comment-posted', (e) => { window.__posted = e.detail; }));
    let lose = true;
    await page.route('**/wp-json/wp/v2/comments', async (route) => {
      if (route.request().method() !== 'POST' || !lose) return route.continue();
      lose = false;
      await route.fetch(); // WordPress stores it; the widget never hears back
      posted.push(true);
      return route.abort('connectionreset');
    });
    const body = unique('A reply lost on the way');
    await inWidget(page, '.aw-form');
    await post(page, body, { author: 'Ali', email: 'ali@example.org' });
    await page.waitForFunction(() => /kept/.test(document.querySelector('article-widget').shadowRoot.querySelector('.aw-status').textContent));
    assert.equal(posted.length, 1);
    assert.ok(await row(wp, body), 'stored although the answer was lost');
    await new Promise((resolve) => setTimeout(resolve, 16_000)); // past WordPress's flood interval
    await page.locator('.aw-form button[type=submit]').click();
    await page.waitForFunction(() => /already been received/.test(document.querySelector('article-widget').shadowRoot.querySelector('.aw-status').textContent));
    assert.equal(await page.locator('#aw-body').inputValue(), '', 'the draft goes');
    assert.deepEqual(await page.evaluate(() => window.__posted), { status: 409, publication: 'already-received', id: null });
    assert.equal(Number((await wp.query(`SELECT COUNT(*) AS n FROM wp_comments WHERE comment_content = '${body}'`))[0].n), 1);
    await page.context().close();
  });

  test('without the filter: login required, in the reader’s words, and the setting named in the console and the event', async () => {
    await rm(path.join(wp.run, 'wp-content/mu-plugins/mu-anonymous-comments.php'));
    await new Promise((resolve) => setTimeout(resolve, 16_000));
    const page = await open({ 'article-src': wp.seed.article.rest, lang: 'fr', loading: 'eager' });
    await page.evaluate(() => document.addEventListener('article-widget:comment-failed', (e) => { window.__failed = e.detail; }));
    const body = unique('Refusé sans compte');
    await inWidget(page, '.aw-form');
    await post(page, body);
    await page.waitForFunction(() => /sans compte/.test(document.querySelector('article-widget').shadowRoot.querySelector('.aw-status').textContent));
    assert.equal(await status(page), 'Ce site n’accepte pas les commentaires de lecteurs sans compte.');
    const failed = await page.evaluate(() => window.__failed);
    assert.equal(failed.code, 'login-required');
    assert.equal(failed.status, 401);
    assert.match(failed.detail, /rest_allow_anonymous_comments/);
    assert.ok(page.problems.some((p) => /Anonymous comments/.test(p) && /rest_allow_anonymous_comments/.test(p)), page.problems.join('\n'));
    assert.equal(await page.locator('#aw-body').inputValue(), body, 'the text stays for the reader');
    assert.equal(await row(wp, body), undefined);
    await page.context().close();
  });
});
