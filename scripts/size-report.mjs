// Prints the size of what a publisher hosts, raw, gzip and brotli, and fails
// when the gzip total is over the budget in size-budget.json.
//
//   node scripts/size-report.mjs [dist-dir]       (after `trunk build --release`)
import { readFile } from 'node:fs/promises';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(process.argv[2] || path.join(root, 'dist'));
const budget = JSON.parse(await readFile(path.join(root, 'size-budget.json'), 'utf8')).total_gzip_bytes;

const files = [
  ['wasm', path.join(dist, 'article-widget-embed_bg.wasm'), true],
  ['JS glue', path.join(dist, 'article-widget-embed.js'), true],
  ['JS loader', path.join(dist, 'article-widget.js'), true],
  // Compiled into the wasm: shown for information, not added to the total.
  ['CSS (in wasm)', path.join(root, 'src/widget.css'), false],
];

const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(10);
const rows = [];
const total = { raw: 0, gzip: 0, brotli: 0 };
for (const [label, file, counted] of files) {
  const bytes = await readFile(file);
  const size = {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
  if (counted) for (const k of Object.keys(total)) total[k] += size[k];
  rows.push([label, size]);
}
rows.push(['total', total]);

console.log(`${'file'.padEnd(16)}${'raw'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}`);
for (const [label, s] of rows) console.log(`${label.padEnd(16)}${kb(s.raw)}${kb(s.gzip)}${kb(s.brotli)}`);
const verdict = total.gzip <= budget ? 'within' : 'OVER';
console.log(`gzip total ${total.gzip} bytes, budget ${budget} bytes: ${verdict} budget`);
if (total.gzip > budget) process.exit(1);
