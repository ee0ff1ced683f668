// A small HTTP server the browser tests talk to over real HTTP: the demo
// articles, the test fixtures, and the failures a real server can have.
//
//   node tests/support/fixture-server.mjs [port]     (default 8787)
//
// GET /articles/NAME.json   static/articles/NAME.json or tests/fixtures/NAME.json
// GET /img/NAME.svg        static/img/NAME.svg
// GET /feeds/NAME.EXT       static/feeds/NAME.EXT or tests/fixtures/feeds/NAME.EXT, as
//                           stored (some are not UTF-8), with a type by extension or from feedTypes
// GET /status/CODE          answers CODE with a small JSON body
// GET /slow?ms=N            answers the seed article after N ms (default 3000)
// GET /malformed            200, JSON cut in the middle
// GET /incomplete           200, JSON with no title
// GET /html                 200, an HTML page (a CMS's "soft 404")
// GET /flaky/KEY            503 on the first request for KEY, the seed article after
// GET /comments/ID          the comments posted to ID ({comments, total}, offset/limit)
// POST /comments/ID         stores a comment once per Idempotency-Key, 201 published
// GET /comments/ID/posts    {"posts": N}: how many POSTs ID received
// Every answer allows any origin (the tests run on another port), images included.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const port = Number(process.argv[2] || process.env.PORT || 8787);
const seedPath = path.join(root, 'static/articles/niger-us-withdrawal.json');
const flakySeen = new Set();
// Feeds whose Content-Type says more than their extension: the character
// set where the header is what declares it (cyrillic.xml has no encoding in
// its XML declaration; gb2312.xml has it only there), Atom's own type.
const feedTypes = {
  'latin1.xml': 'application/rss+xml; charset=ISO-8859-1',
  'cyrillic.xml': 'text/xml; charset=windows-1251',
  'gb2312.xml': 'application/rss+xml',
  'video-thumbnails.xml': 'application/atom+xml; charset=utf-8',
  'mastodon.xml': 'application/rss+xml; charset=utf-8',
};
const threads = new Map(); // id -> { comments: [], byKey: Map, posts: 0 }
const thread = (id) => {
  if (!threads.has(id)) threads.set(id, { comments: [], byKey: new Map(), posts: 0 });
  return threads.get(id);
};
const readBody = (req) => new Promise((resolve) => {
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => resolve(body));
});

async function article(name) {
  if (!/^[a-z0-9-]+$/.test(name)) return null;
  for (const dir of ['static/articles', 'tests/fixtures']) {
    try {
      return await readFile(path.join(root, dir, `${name}.json`), 'utf8');
    } catch { /* try the next folder */ }
  }
  return null;
}

function send(res, status, body, type = 'application/json; charset=utf-8') {
  res.writeHead(status, {
    'content-type': type,
    'access-control-allow-origin': '*',
    // The test page is cross-origin isolated (COEP require-corp): images
    // from here load only if this server says they may, as CDNs do.
    'cross-origin-resource-policy': 'cross-origin',
    'access-control-allow-methods': 'GET, POST',
    'access-control-allow-headers': 'content-type, idempotency-key, x-csrf-token',
    'cache-control': 'no-store',
  });
  res.end(body);
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const parts = url.pathname.split('/').filter(Boolean);
  try {
    if (req.method === 'OPTIONS') return send(res, 204, '');
    if (parts[0] === 'comments' && parts.length === 3 && parts[2] === 'posts') {
      return send(res, 200, JSON.stringify({ posts: thread(parts[1]).posts }));
    }
    if (parts[0] === 'comments' && parts.length === 2) {
      const t = thread(parts[1]);
      if (req.method === 'POST') {
        t.posts += 1;
        const input = JSON.parse(await readBody(req));
        const key = req.headers['idempotency-key'];
        if (!t.byKey.has(key)) {
          const comment = {
            id: String(t.comments.length + 1), author: input.author, body: input.body,
            created_at: new Date().toISOString(), ...(input.website ? { website: input.website } : {}),
          };
          t.comments.push(comment);
          t.byKey.set(key, comment);
        }
        return send(res, 201, JSON.stringify({ comment: t.byKey.get(key), status: 'published' }));
      }
      const offset = Number(url.searchParams.get('offset') || 0);
      const limit = Number(url.searchParams.get('limit') || 20);
      return send(res, 200, JSON.stringify({ comments: t.comments.slice(offset, offset + limit), total: t.comments.length }));
    }
    if (parts[0] === 'articles' && parts.length === 2 && parts[1].endsWith('.json')) {
      const body = await article(parts[1].slice(0, -5));
      return body ? send(res, 200, body) : send(res, 404, '{"error":"not found"}');
    }
    if (parts[0] === 'feeds' && parts.length === 2 && /^[a-z0-9-]+\.(json|xml|html)$/.test(parts[1])) {
      for (const dir of ['static/feeds', 'tests/fixtures/feeds']) {
        try {
          // Bytes as stored: some samples are not UTF-8.
          const body = await readFile(path.join(root, dir, parts[1]));
          const ext = parts[1].split('.').pop();
          const type = feedTypes[parts[1]]
            || { json: 'application/feed+json', xml: 'application/rss+xml', html: 'text/html; charset=utf-8' }[ext];
          return send(res, 200, body, type);
        } catch { /* try the next folder */ }
      }
      return send(res, 404, '{"error":"no such feed"}');
    }
    if (parts[0] === 'img' && parts.length === 2 && /^[a-z0-9-]+\.svg$/.test(parts[1])) {
      return send(res, 200, await readFile(path.join(root, 'static/img', parts[1]), 'utf8'), 'image/svg+xml');
    }
    if (parts[0] === 'status' && parts.length === 2) {
      const code = Number(parts[1]);
      return send(res, code >= 200 && code <= 599 ? code : 400, JSON.stringify({ status: code }));
    }
    if (parts[0] === 'slow') {
      const ms = Math.min(Number(url.searchParams.get('ms') || 3000), 20000);
      await new Promise((r) => setTimeout(r, ms));
      return send(res, 200, await readFile(seedPath, 'utf8'));
    }
    if (parts[0] === 'malformed') return send(res, 200, '{"id": "cut", "title": "Coup');
    if (parts[0] === 'incomplete') {
      return send(res, 200, '{"id": "x", "published_at": "2024-01-01", "body": [{"type": "paragraph", "text": "t"}]}');
    }
    if (parts[0] === 'html') {
      return send(res, 200, '<!doctype html><title>Accueil</title><p>Page introuvable</p>', 'text/html');
    }
    if (parts[0] === 'flaky' && parts.length === 2) {
      if (!flakySeen.has(parts[1])) {
        flakySeen.add(parts[1]);
        return send(res, 503, '{"error":"try later"}');
      }
      return send(res, 200, await readFile(seedPath, 'utf8'));
    }
    send(res, 404, '{"error":"no such fixture"}');
  } catch (error) {
    send(res, 500, JSON.stringify({ error: String(error) }));
  }
});

server.listen(port, '127.0.0.1', () => console.log(`fixture server on http://127.0.0.1:${port}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
