// The test WordPress itself (scripts/wordpress.sh, e2e/wordpress.mjs), over
// real HTTP: what the widget's WordPress tests rely on is there and behaves as
// a real site does — REST posts by id and by slug, `_embed`, the comment list
// and its X-WP-Total, held and spam comments kept out, pretty permalinks,
// anonymous comments refused without the filter and held with it — and
// `stop()` leaves no process behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { startWordPress } from '../wordpress.mjs';

let wp;
before(async () => { wp = await startWordPress(); });
after(async () => { await wp?.stop(); });

const json = async (url, init) => {
  const response = await fetch(url, init);
  return { response, body: await response.json() };
};

test('a post by id: the seed article, its dates, excerpt, lead and permalink', async () => {
  const { article } = wp.seed;
  const { response, body } = await json(wp.rest(`wp/v2/posts/${article.id}`));
  assert.equal(response.status, 200);
  assert.equal(body.title.rendered, 'Les Etats-Unis acceptent de retirer leurs militaires du Niger');
  assert.equal(body.date_gmt, '2024-04-19T14:05:00', 'UTC, without a zone, as WordPress writes it');
  assert.equal(body.date, '2024-04-19T15:05:00', 'the site is in Niamey (UTC+1)');
  assert.equal(body.modified_gmt, body.date_gmt);
  assert.equal(body.slug, 'les-etats-unis-acceptent-de-retirer-leurs-militaires-du-niger');
  assert.equal(body.link, `${wp.url}/afrique/cooperation/les-etats-unis-acceptent-de-retirer-leurs-militaires-du-niger/`);
  assert.match(body.excerpt.rendered, /^<p>Les soldats américains présents au Niger .*Agadez, dans le nord du pays\.<\/p>/);
  const paragraphs = [...body.content.rendered.matchAll(/<p>(.*?)<\/p>/gs)].map((m) => m[1]);
  assert.equal(paragraphs.length, 10, 'the lead, eight paragraphs, the signature');
  assert.match(paragraphs[0], /^Les soldats américains présents au Niger/, 'the lead repeated as the first paragraph');
  assert.match(paragraphs[2], /Kurt Campbell/);
  assert.match(paragraphs[2], /l&rsquo;acceptation|l’acceptation/, 'apostrophes as WordPress renders them');
  assert.equal(paragraphs[9], 'LS/APA');
  assert.deepEqual(body.categories, [wp.seed.categories.cooperation]);
  assert.equal(body.tags.length, 6);
  assert.equal(body.comment_status, 'open');
  assert.equal(body.featured_media, article.featured_media);
  assert.equal(response.headers.get('access-control-allow-origin'), null, 'no Origin, no CORS answer');
});

test('a post by slug is an array; an unknown slug is an empty array with 200; ?rest_route= works too', async () => {
  const { article } = wp.seed;
  const bySlug = await json(wp.rest(`wp/v2/posts?slug=${article.slug}`));
  assert.equal(bySlug.response.status, 200);
  assert.ok(Array.isArray(bySlug.body));
  assert.deepEqual(bySlug.body.map((p) => p.id), [article.id]);

  const none = await json(wp.rest('wp/v2/posts?slug=no-such-story'));
  assert.equal(none.response.status, 200);
  assert.deepEqual(none.body, []);

  const plain = await json(`${wp.url}/?rest_route=/wp/v2/posts/${article.id}`);
  assert.equal(plain.response.status, 200);
  assert.equal(plain.body.id, article.id);

  const missing = await json(wp.rest('wp/v2/posts/999999'));
  assert.equal(missing.response.status, 404);
  assert.equal(missing.body.code, 'rest_post_invalid_id');
});

test('_embed brings the author, the category hierarchy, the tags and the featured image with its sizes', async () => {
  const { article, categories } = wp.seed;
  const { body } = await json(wp.rest(`wp/v2/posts/${article.id}?_embed`));
  const embedded = body._embedded;
  assert.equal(embedded.author[0].name, 'Rédaction APA');
  const [cats, tags] = embedded['wp:term'];
  assert.deepEqual(cats.map((c) => [c.name, c.taxonomy]), [['coopération', 'category']]);
  assert.equal(cats[0].link, `${wp.url}/rubrique/afrique/cooperation/`);
  // The parent is not embedded: a breadcrumb needs /wp/v2/categories/{parent}.
  const parent = await json(wp.rest(`wp/v2/categories/${categories.afrique}`));
  assert.equal(parent.body.name, 'Afrique');
  assert.deepEqual(tags.map((t) => t.name).sort(), ['Niamey', 'Niger', 'Russie', 'Sahel', 'coopération militaire', 'États-Unis']);
  const media = embedded['wp:featuredmedia'][0];
  assert.equal(media.id, article.featured_media);
  assert.equal(media.mime_type, 'image/jpeg');
  assert.equal(media.alt_text, 'Dessin d’un drone au-dessus d’un hangar dans le désert');
  assert.equal(media.media_details.width, 1200);
  assert.ok(media.media_details.sizes.thumbnail, 'WordPress made the thumbnail sizes');
  const image = await fetch(media.media_details.sizes.medium.source_url);
  assert.equal(image.status, 200);
  assert.equal(image.headers.get('content-type'), 'image/jpeg');

  // Entities: a category name with "&", as WordPress stores it.
  const security = await json(wp.rest(`wp/v2/categories/${categories.securite}`));
  assert.equal(security.body.name, 'Défense &amp; sécurité');
});

test('the comment list: approved comments and their thread, X-WP-Total readable cross-origin, held and spam absent', async () => {
  const { article, comments } = wp.seed;
  const { response, body } = await json(wp.rest(`wp/v2/comments?post=${article.id}&per_page=100&order=asc`), {
    headers: { origin: 'https://partner.example' },
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('x-wp-total'), '3');
  assert.equal(response.headers.get('access-control-allow-origin'), 'https://partner.example');
  assert.match(response.headers.get('access-control-expose-headers'), /X-WP-Total/);
  assert.deepEqual(body.map((c) => c.id), [comments.approved, comments.reply, comments.with_link]);
  assert.equal(body[1].parent, comments.approved, 'the reply is threaded under its parent');
  assert.equal(body[0].parent, 0);
  assert.equal(body[0].author_name, 'Moussa Diallo');
  assert.equal(body[2].author_name, 'Diallo &amp; Fils');
  assert.match(body[2].content.rendered, /<a href="https:\/\/www\.apanews\.example\/cooperation\/"[^>]*>/);
  assert.match(body[0].author_avatar_urls['48'], /gravatar\.com\/avatar\/[0-9a-f]{32}/, 'md5(email), an outside host');
  assert.ok(!('author_email' in body[0]), 'no e-mail for anonymous readers');
  for (const hidden of [comments.pending, comments.spam]) {
    assert.ok(!body.some((c) => c.id === hidden));
    const single = await fetch(wp.rest(`wp/v2/comments/${hidden}`));
    assert.equal(single.status, 401, 'a held or spam comment is not readable by id either');
  }
  const rows = await wp.query(`SELECT comment_ID, comment_approved FROM wp_comments WHERE comment_post_ID = ${article.id} ORDER BY comment_ID`);
  assert.deepEqual(rows.map((r) => r.comment_approved), ['1', '1', '0', 'spam', '1'], 'the database holds all five');
});

test('the other seeded posts: closed comments, hostile HTML kept as stored, related stories, no drafts', async () => {
  const { closed, hostile, blocks, related } = wp.seed;
  const closedPost = await json(wp.rest(`wp/v2/posts/${closed.id}`));
  assert.equal(closedPost.body.comment_status, 'closed');
  const closedComments = await fetch(wp.rest(`wp/v2/comments?post=${closed.id}`));
  assert.equal(closedComments.headers.get('x-wp-total'), '1');

  const bad = await json(wp.rest(`wp/v2/posts/${hostile.id}`));
  for (const needle of ['<script>', 'onerror=', 'href="javascript:', '<iframe', '<style>', 'onmouseover=', '<svg onload', 'data:text/html']) {
    assert.ok(bad.body.content.rendered.includes(needle), `the hostile post still carries ${needle}`);
  }
  assert.match(bad.body.title.rendered, /<script>/);
  const badComments = await json(wp.rest(`wp/v2/comments?post=${hostile.id}&order=asc`));
  assert.equal(badComments.body.length, 2);
  assert.doesNotMatch(badComments.body[0].content.rendered, /<script|onerror|javascript:/, 'a reader’s comment went through KSES');
  assert.match(badComments.body[1].content.rendered, /<script>/, 'an administrator’s did not');

  const english = await json(wp.rest(`wp/v2/posts/${blocks.id}?_embed`));
  for (const tag of ['<h2', '<blockquote', '<cite>', '<ul>', '<figure', '<figcaption']) {
    assert.ok(english.body.content.rendered.includes(tag), `the block post has ${tag}`);
  }
  assert.equal(english.body.modified_gmt, '2024-05-03T10:00:00');

  const all = await fetch(wp.rest('wp/v2/posts?per_page=100'));
  assert.equal(all.headers.get('x-wp-total'), String(4 + related.length), 'published posts only: no draft, no private post');
  const sahel = await json(wp.rest(`wp/v2/posts?categories=${wp.seed.categories.cooperation}&exclude=${wp.seed.article.id}&_embed`));
  assert.ok(sahel.body.length >= 3, 'stories sharing the seed article’s category');
  assert.ok(sahel.body.every((p) => p.id !== wp.seed.article.id));
  const withImages = (await json(wp.rest('wp/v2/posts?per_page=100&_embed'))).body.filter((p) => p.featured_media);
  assert.ok(withImages.length >= 6, 'several stories have a featured image');
  const svg = withImages.find((p) => p._embedded['wp:featuredmedia'][0].mime_type === 'image/svg+xml');
  assert.equal((await fetch(svg._embedded['wp:featuredmedia'][0].source_url)).status, 200);
});

test('pretty permalinks, the theme’s page, the feed, and WordPress in French', async () => {
  const page = await fetch(wp.seed.article.link);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /<html lang="fr-FR"/);
  assert.match(html, /Les Etats-Unis acceptent de retirer leurs militaires du Niger/);
  assert.match(html, /id="comments"/, 'the theme’s comment section');
  assert.equal(page.headers.get('access-control-allow-origin'), null, 'HTML pages send no CORS headers');
  const feed = await fetch(`${wp.url}/feed/`);
  assert.equal(feed.status, 200);
  assert.match(feed.headers.get('content-type'), /rss/);
  const home = await json(wp.rest(''));
  assert.equal(home.body.name, 'APA news (test)');
});

test('an anonymous REST comment is refused without the filter (401 rest_comment_login_required)', async () => {
  const { response, body } = await json(wp.rest('wp/v2/comments'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://partner.example' },
    body: JSON.stringify({ post: wp.seed.article.id, author_name: 'Awa', author_email: 'awa@example.org', content: 'Bonjour' }),
  });
  assert.equal(response.status, 401);
  assert.equal(body.code, 'rest_comment_login_required');
  const preflight = await fetch(wp.rest('wp/v2/comments'), {
    method: 'OPTIONS',
    headers: { origin: 'https://partner.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' },
  });
  const allowed = preflight.headers.get('access-control-allow-headers').toLowerCase();
  assert.match(allowed, /content-type/);
  assert.doesNotMatch(allowed, /idempotency-key/, 'WordPress alone does not allow the header');
});

test('with only the anonymous-comments filter, a first-time commenter’s REST comment is held (201, hold)', async () => {
  const open = await startWordPress({ anonymousComments: true });
  try {
    const { response, body } = await json(open.rest('wp/v2/comments'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ post: open.seed.article.id, author_name: 'Awa', author_email: 'awa@example.org', content: 'Merci pour cet article.' }),
    });
    assert.equal(response.status, 201);
    assert.equal(body.status, 'hold');
    const [row] = await open.query(`SELECT comment_approved, comment_author FROM wp_comments WHERE comment_ID = ${body.id}`);
    assert.deepEqual(row, { comment_approved: '0', comment_author: 'Awa' });
    const again = await json(open.rest('wp/v2/comments'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ post: open.seed.article.id, author_name: 'Awa', author_email: 'awa@example.org', content: 'Un autre avis.' }),
    });
    assert.equal(again.response.status, 400);
    assert.equal(again.body.code, 'comment_flood', 'the flood check is on by default');
  } finally {
    await open.stop();
  }
});

test('stop() ends every process of the instance by its PIDs and removes its directory', async () => {
  const { run, url } = wp;
  const pids = (await readFile(`${run}/pids`, 'utf8')).trim().split('\n');
  assert.ok(pids.length >= 3, 'MariaDB, php -S and its workers');
  await wp.stop();
  await assert.rejects(fetch(url), 'nothing listens any more');
  await assert.rejects(stat(run));
  const left = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    if (environ.split('\0').includes(`AW_WP_RUN=${run}`)) left.push(pid);
  }
  assert.deepEqual(left, []);
});
