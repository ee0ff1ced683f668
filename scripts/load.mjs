// Load benchmark of the reference server (not a test): SQLite and
// PostgreSQL, one and two instances, 1/8/32 clients, POST and GET, on an
// article holding 1,000 and 100,000 comments. Loopback only, bounded in
// requests and time per line. Prints req/s, median and p99, the latency of
// the first and the last page alone, and checks that every acknowledged
// post was stored.
//
//   scripts/load.sh       (builds the release server, starts a private PostgreSQL, runs this)
//   node scripts/load.mjs SERVER-BINARY   (with AW_TEST_POSTGRES_URL set)
import http from 'node:http';
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = process.argv[2] || path.join(root, 'target/release/article-widget-server');
const pgServer = process.env.AW_TEST_POSTGRES_URL;
if (!pgServer) throw new Error('AW_TEST_POSTGRES_URL is not set: run scripts/load.sh');
// AW_LOAD_QUICK=1: a short run that only checks the script works.
const QUICK = process.env.AW_LOAD_QUICK === '1';
const LEVELS = QUICK ? [1, 8] : [1, 8, 32];
const SIZES = QUICK ? [100, 1000] : [1000, 100000];
const MAX_REQUESTS = QUICK ? 200 : 2000; // per line
const MAX_SECONDS = QUICK ? 1 : 4; // per line
const ARTICLE_ID = 'niger-us-withdrawal';
const ARTICLE = `/api/articles/${ARTICLE_ID}/comments`;
const PAGE = 20;

const tmp = await mkdtemp(path.join(os.tmpdir(), 'aw-load-'));
const children = new Set();
process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); });

function psql(url, sql) {
  return execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qtAc', sql], { encoding: 'utf8' }).trim();
}

let databases = 0;
function freshPostgres() {
  const name = `aw_load_${process.pid}_${databases++}`;
  psql(pgServer, `CREATE DATABASE ${name}`);
  return pgServer.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
}

async function startServer(databaseUrl) {
  const child = spawn(bin, ['--listen', '127.0.0.1:0', '--database-url', databaseUrl,
    '--articles', path.join(root, 'static/articles'), '--rate-limit', '0'],
  { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, RUST_LOG: 'error' } });
  children.add(child);
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
  const base = new URL(line.replace('listening on ', '').trim());
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname)) throw new Error('loopback only');
  return { child, base };
}

function stop(server) {
  server.child.kill('SIGTERM');
  children.delete(server.child);
}

function request(agent, base, method, pathAndQuery, body, key) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.request({
      host: base.hostname, port: base.port, path: pathAndQuery, method, agent,
      headers: method === 'POST' ? { 'content-type': 'application/json', 'idempotency-key': key } : {},
    }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6, text }));
    });
    req.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6, text: '' }));
    req.end(body);
  });
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

let sequence = 0;
// One line: `concurrency` clients, spread over the instances as a proxy would.
async function run(servers, method, concurrency, lastAfter) {
  const agents = servers.map(() => new http.Agent({ keepAlive: true, maxSockets: concurrency }));
  const latencies = [];
  const statuses = {};
  let issued = 0;
  let acknowledged = 0;
  const deadline = Date.now() + MAX_SECONDS * 1000;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (issued < MAX_REQUESTS && Date.now() < deadline) {
      const n = sequence++;
      const which = issued % servers.length;
      issued += 1;
      let result;
      if (method === 'POST') {
        const body = JSON.stringify({ author: `Load ${n % 50}`, email: 'load@example.org', body: `Load comment number ${n}`, started_at: '2024-01-01T00:00:00Z' });
        result = await request(agents[which], servers[which].base, 'POST', ARTICLE, body, `load-${n}`);
        if (result.status === 201) acknowledged += 1;
      } else {
        // Half the readers open the article (first page), half are at its end (last page).
        const query = n % 2 === 0 ? `?limit=${PAGE}` : `?limit=${PAGE}&after=${lastAfter}`;
        result = await request(agents[which], servers[which].base, 'GET', ARTICLE + query);
      }
      statuses[result.status] = (statuses[result.status] || 0) + 1;
      latencies.push(result.ms);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  for (const a of agents) a.destroy();
  latencies.sort((a, b) => a - b);
  return { method, concurrency, requests: latencies.length, rps: latencies.length / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), statuses, acknowledged };
}

// The first and the last page alone: the median of 50 requests, one at a time.
async function pageLatency(server, query) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times = [];
  for (let i = 0; i < 50; i++) {
    const r = await request(agent, server.base, 'GET', ARTICLE + query);
    if (r.status !== 200) throw new Error(`GET ${query}: ${r.status} ${r.text}`);
    times.push(r.ms);
  }
  agent.destroy();
  times.sort((a, b) => a - b);
  return quantile(times, 0.5);
}

// A PostgreSQL database holding `size` published comments on the article
// (ids 1..size), its schema made by the server itself.
async function seededPostgres(size) {
  const url = freshPostgres();
  const server = await startServer(url);
  stop(server);
  psql(url, `INSERT INTO comments (article_id, author, email, body, status, created_at, client)
    SELECT '${ARTICLE_ID}', 'Seed ' || (g % 50), 'seed@example.org', 'Seeded comment number ' || g, 'published',
           now() - make_interval(secs => ${size} - g), '127.0.0.1'
    FROM generate_series(1, ${size}) g`);
  psql(url, 'VACUUM ANALYZE comments');
  return url;
}

const lines = [];
const pages = [];
let mismatches = 0;
for (const size of SIZES) {
  const seed = await seededPostgres(size);
  for (const backend of ['sqlite', 'postgres']) {
    for (const instances of [1, 2]) {
      // A fresh copy of the seed for each configuration, through `migrate`.
      const url = backend === 'postgres' ? freshPostgres() : `sqlite://${path.join(tmp, `load-${size}-${instances}.db`)}`;
      execFileSync(bin, ['migrate', '--from', seed, '--to', url],
        { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, RUST_LOG: 'error' } });
      const servers = [];
      for (let i = 0; i < instances; i++) servers.push(await startServer(url));
      const lastAfter = size - PAGE;
      if (instances === 1) {
        pages.push({ backend, size, first: await pageLatency(servers[0], `?limit=${PAGE}`), last: await pageLatency(servers[0], `?limit=${PAGE}&after=${lastAfter}`) });
      }
      let acknowledged = 0;
      for (const method of ['GET', 'POST']) {
        for (const c of LEVELS) {
          const r = await run(servers, method, c, lastAfter);
          acknowledged += r.acknowledged;
          lines.push({ backend, instances, size, ...r });
          process.stderr.write('.');
        }
      }
      const total = JSON.parse((await request(undefined, servers[0].base, 'GET', `${ARTICLE}?limit=1`)).text).total;
      if (total !== size + acknowledged) {
        mismatches += 1;
        console.error(`\n${backend} ×${instances}, ${size}: ${total} stored, ${size} seeded + ${acknowledged} acknowledged`);
      }
      for (const s of servers) stop(s);
    }
  }
}
process.stderr.write('\n');

const cpus = os.cpus();
console.log(`machine: ${cpus.length} × ${cpus[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${psql(pgServer, 'SHOW server_version')} PostgreSQL`);
console.log('\nFirst and last page alone (median of 50 requests, one at a time, 20 comments a page):\n');
console.log('| backend | comments on the article | first page ms | last page ms |');
console.log('|---|---|---|---|');
for (const p of pages) console.log(`| ${p.backend} | ${p.size} | ${p.first.toFixed(2)} | ${p.last.toFixed(2)} |`);
console.log('\nUnder load (GET: half first pages, half last pages; POST: new comments on the same article):\n');
console.log('| backend | instances | comments | method | clients | requests | req/s | p50 ms | p99 ms | statuses |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of lines) {
  console.log(`| ${r.backend} | ${r.instances} | ${r.size} | ${r.method} | ${r.concurrency} | ${r.requests} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${Object.entries(r.statuses).map(([s, n]) => `${s}×${n}`).join(' ')} |`);
}
console.log(mismatches === 0 ? '\nevery acknowledged post is stored: counts equal' : `\n${mismatches} configurations lost or added comments`);
await rm(tmp, { recursive: true, force: true });
process.exit(mismatches === 0 ? 0 : 1);
