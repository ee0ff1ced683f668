// Benchmark of the reference server under hostile and heavy clients (not a
// test: loopback only, bounded in time, figures printed, nothing asserted).
//
//   scripts/bench-attack.sh                       (builds the release server, then runs this)
//   node scripts/bench-attack.mjs SERVER-BINARY [part…]
//
// Parts (all by default):
//   connections  1,100 idle connections against the usual 1,024 open files,
//                then 200 half-sent 200 KB headers: is /healthz answered, and
//                how much memory does the server hold?
//   related      a 10,000-story feed, 64 clients asking /related at once:
//                the server's peak memory (VmHWM).
//   compression  /healthz latency while 8 clients fetch a 1.6 MB page of
//                comments (brotli accepted).
import http from 'node:http';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtemp, writeFile, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = process.argv[2] || path.join(root, 'target/release/article-widget-server');
const parts = process.argv.slice(3).length ? process.argv.slice(3) : ['connections', 'related', 'compression'];
const ARTICLE = 'niger-us-withdrawal';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function start(args, { openFiles } = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'aw-attack-'));
  const argv = ['--listen', '127.0.0.1:0', '--db', path.join(dir, 'c.db'), '--articles', path.join(root, 'static/articles'),
    '--rate-limit', '0', ...args];
  const child = openFiles
    ? spawn('sh', ['-c', `ulimit -n ${openFiles} && exec "$0" "$@"`, bin, ...argv], { stdio: ['ignore', 'pipe', 'ignore'] })
    : spawn(bin, argv, { stdio: ['ignore', 'pipe', 'ignore'] });
  const line = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  const url = new URL(line.replace('listening on ', '').trim());
  if (url.hostname !== '127.0.0.1') throw new Error('loopback only');
  return { dir, child, port: Number(url.port), stop: () => child.kill('SIGKILL') };
}

/** Resident and peak memory of a process, in MB. */
async function memory(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(status.match(new RegExp(`${name}:\\s+(\\d+)`))?.[1] ?? NaN);
  return { rss: (kb('VmRSS') / 1024).toFixed(1), peak: (kb('VmHWM') / 1024).toFixed(1) };
}

function get(port, pathname, { agent, headers = {}, timeout = 10000 } = {}) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const done = (status, bytes) => resolve({ status, bytes, ms: Number(process.hrtime.bigint() - started) / 1e6 });
    const req = http.get({ host: '127.0.0.1', port, path: pathname, agent, headers, timeout }, (res) => {
      let bytes = 0;
      res.on('data', (c) => { bytes += c.length; });
      res.on('end', () => done(res.statusCode, bytes));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => done(0, 0));
  });
}

function post(port, pathname, body) {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathname, method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
};

function connect(port, send) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => { if (send) socket.write(send); resolve(socket); });
    socket.on('error', () => resolve(socket));
  });
}

async function connections() {
  console.log('\n## connections (server limited to 1,024 open files)');
  const server = await start([], { openFiles: 1024 });
  const idle = [];
  for (let i = 0; i < 1100; i++) idle.push(await connect(server.port));
  await sleep(500);
  const closed = idle.filter((s) => s.destroyed || s.readyState !== 'open').length;
  const health = await get(server.port, '/healthz', { timeout: 5000 });
  console.log(`1,100 idle connections held: /healthz ${health.status || 'no answer'} in ${health.ms.toFixed(1)} ms;`
    + ` ${closed} closed by the server so far; memory ${JSON.stringify(await memory(server.child.pid))}`);
  idle.forEach((s) => s.destroy());
  await sleep(300);

  const before = await memory(server.child.pid);
  const big = `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100 * 1024)}`;
  const started = Date.now();
  const heads = await Promise.all(Array.from({ length: 200 }, () => connect(server.port, big)));
  await sleep(1000);
  const held = await memory(server.child.pid);
  const answers = await Promise.all(heads.map((s) => new Promise((resolve) => {
    let text = '';
    s.on('data', (d) => { text += d; });
    s.on('close', () => resolve(text.slice(9, 12)));
    setTimeout(() => { resolve('open'); s.destroy(); }, 5000);
  })));
  const count = answers.reduce((m, a) => ({ ...m, [a]: (m[a] || 0) + 1 }), {});
  console.log(`200 half-sent 200 KB headers: answers ${JSON.stringify(count)} within ${Date.now() - started} ms;`
    + ` memory before ${JSON.stringify(before)}, 1 s after sending ${JSON.stringify(held)}`);
  server.stop();
}

async function related() {
  console.log('\n## related (10,000-story feed, 64 clients)');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'aw-feed-'));
  const words = ['niger', 'sahel', 'armée', 'élections', 'marché', 'énergie', 'solaire', 'santé', 'école', 'pluie', 'récolte',
    'football', 'dette', 'banque', 'frontière', 'port', 'route', 'minerai', 'uranium', 'coton', 'cacao', 'climat'];
  const pick = (i, n) => Array.from({ length: n }, (_, k) => words[(i * 7 + k * 13) % words.length]).join(' ');
  const stories = Array.from({ length: 10000 }, (_, i) => ({
    id: `story-${i}`, title: `Dépêche ${i} : ${pick(i, 6)}`, url: `https://news.example/s/${i}`,
    published_at: new Date(Date.UTC(2024, 0, 1) + i * 60000).toISOString(), category: words[i % words.length],
    excerpt: `${pick(i + 3, 30)}.`,
  }));
  const feed = path.join(dir, 'feed.json');
  await writeFile(feed, JSON.stringify({ stories }));
  const server = await start(['--related-feed', feed]);
  const idle = await memory(server.child.pid);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const orders = ['relevance', 'date', 'as-is'];
  const started = Date.now();
  const latencies = [];
  let failures = 0;
  await Promise.all(Array.from({ length: 64 }, async (_, c) => {
    for (let i = 0; i < 10; i++) {
      const r = await get(server.port, `/api/articles/${ARTICLE}/related?limit=${1 + ((c + i) % 20)}&order=${orders[(c + i) % 3]}`, { agent });
      if (r.status === 200) latencies.push(r.ms); else failures += 1;
    }
  }));
  agent.destroy();
  console.log(`640 requests in ${Date.now() - started} ms (${failures} failed), p50 ${percentile(latencies, 50).toFixed(1)} ms,`
    + ` p99 ${percentile(latencies, 99).toFixed(1)} ms; memory idle ${JSON.stringify(idle)}, after ${JSON.stringify(await memory(server.child.pid))}`);
  server.stop();
}

async function compression() {
  console.log('\n## compression (8 clients fetching a 1.6 MB page, brotli accepted)');
  const server = await start([]);
  // 100 comments of 5,000 characters (CJK and accented words, 15 KB each).
  const syllables = ['新闻', '评论', '读者', '尼日尔', '撤军', '美国', '选举', '市场', '天气', '学校', '能源', '军队', '政府'];
  let seed = 7;
  const next = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed; };
  for (let i = 0; i < 100; i++) {
    let body = '';
    while ([...body].length < 4990) body += `${syllables[next() % syllables.length]}${next() % 9 ? '' : '，'}`;
    body = [...body].slice(0, 5000).join('');
    const status = await post(server.port, `/api/articles/${ARTICLE}/comments`, JSON.stringify({
      author: `Lecteur ${i}`, email: `r${i}@example.org`, body, started_at: '2024-01-01T00:00:00Z',
    }));
    if (status !== 201) throw new Error(`seeding failed: ${status}`);
  }
  const page = `/api/articles/${ARTICLE}/comments?limit=100`;
  const plain = await get(server.port, page);
  const brotli = await get(server.port, page, { headers: { 'accept-encoding': 'br' } });
  console.log(`page: ${(plain.bytes / 1e6).toFixed(2)} MB, ${(brotli.bytes / 1e3).toFixed(0)} KB with brotli`);

  const healthz = async (ms) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const samples = [];
    const end = Date.now() + ms;
    while (Date.now() < end) { samples.push((await get(server.port, '/healthz', { agent })).ms); await sleep(10); }
    agent.destroy();
    return samples;
  };
  const quiet = await healthz(1000);
  let running = true;
  const pages = [];
  const readers = Array.from({ length: 8 }, async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    while (running) pages.push((await get(server.port, page, { agent, headers: { 'accept-encoding': 'br, gzip' } })).ms);
    agent.destroy();
  });
  await sleep(500);
  const loaded = await healthz(5000);
  running = false;
  await Promise.all(readers);
  console.log(`/healthz alone: p50 ${percentile(quiet, 50).toFixed(2)} ms; with 8 readers of the page:`
    + ` p50 ${percentile(loaded, 50).toFixed(2)} ms, p99 ${percentile(loaded, 99).toFixed(2)} ms (${loaded.length} samples);`
    + ` page p50 ${percentile(pages, 50).toFixed(0)} ms, ${pages.length} pages in 5.5 s`);
  server.stop();
}

console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
for (const part of parts) {
  await { connections, related, compression }[part]();
}
