// Load benchmark of the reference server (not a test): GET and POST at a few
// concurrency levels over loopback, bounded in requests and time. Prints
// requests per second and p50/p99 latency, then checks that the rows stored
// equal the posts acknowledged.
//
//   scripts/load.sh            (builds the release server, then runs this)
//   node scripts/load.mjs [server-binary]
import http from 'node:http';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = process.argv[2] || path.join(root, 'target/release/article-widget-server');
const LEVELS = [1, 8, 32];
const MAX_REQUESTS = 3000; // per level and method
const MAX_SECONDS = 5; // per level and method
const ARTICLE = '/api/articles/niger-us-withdrawal/comments';

const db = path.join(await mkdtemp(path.join(os.tmpdir(), 'aw-load-')), 'load.db');
const server = spawn(bin, ['--listen', '127.0.0.1:0', '--db', db, '--articles', path.join(root, 'static/articles'), '--rate-limit', '0'],
  { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, RUST_LOG: 'error' } });
const line = await new Promise((resolve) => createInterface({ input: server.stdout }).once('line', resolve));
const base = new URL(line.replace('listening on ', '').trim());
if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname)) throw new Error('loopback only');

function request(agent, method, body, key) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.request({
      host: base.hostname, port: base.port, path: ARTICLE + (method === 'GET' ? '?limit=20' : ''), method, agent,
      headers: method === 'POST' ? { 'content-type': 'application/json', 'idempotency-key': key } : {},
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    req.end(body);
  });
}

let sequence = 0;
async function run(method, concurrency) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = [];
  const statuses = {};
  let issued = 0;
  const deadline = Date.now() + MAX_SECONDS * 1000;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (issued < MAX_REQUESTS && Date.now() < deadline) {
      issued += 1;
      const n = sequence++;
      const body = method === 'POST'
        ? JSON.stringify({ author: `Load ${n % 50}`, email: 'load@example.org', body: `Load comment number ${n}`, started_at: '2024-01-01T00:00:00Z' })
        : undefined;
      const { status, ms } = await request(agent, method, body, `load-${n}`);
      statuses[status] = (statuses[status] || 0) + 1;
      latencies.push(ms);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pick = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { method, concurrency, requests: latencies.length, rps: latencies.length / seconds, p50: pick(0.5), p99: pick(0.99), statuses };
}

const rows = [];
// POST first, so the GET lines read a table of thousands of comments.
for (const method of ['POST', 'GET']) {
  for (const c of LEVELS) rows.push(await run(method, c));
}
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
console.log('| method | concurrency | requests | req/s | p50 ms | p99 ms | statuses |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.method} | ${r.concurrency} | ${r.requests} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${Object.entries(r.statuses).map(([s, n]) => `${s}×${n}`).join(' ')} |`);
}
const acknowledged = rows.filter((r) => r.method === 'POST').reduce((n, r) => n + (r.statuses[201] || 0), 0);
const page = await new Promise((resolve) => http.get(new URL(`${ARTICLE}?limit=1`, base), (res) => {
  let text = '';
  res.on('data', (c) => { text += c; });
  res.on('end', () => resolve(JSON.parse(text)));
}));
server.kill('SIGTERM');
console.log(`stored rows: ${page.total}, acknowledged posts: ${acknowledged}: ${page.total === acknowledged ? 'equal' : 'MISMATCH'}`);
if (page.total !== acknowledged) process.exit(1);
