// Prints the size of what a publisher hosts, raw, gzip and brotli, file by
// file, and fails when a gzip size is over its budget in size-budget.json:
// the first view (what is fetched before the title can show: the loader
// bundle and the main wasm), each part loaded later (the comment section,
// the related sidebar, the code they share), and the total; and the count
// embed for listing pages, which a page loads alone. A part with no budget
// fails too: every file a publisher hosts is counted.
//
//   node scripts/size-report.mjs [dist-dir]       (after scripts/build.sh)
import { readFile, readdir } from 'node:fs/promises';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(process.argv[2] || path.join(root, 'dist'));
const budget = JSON.parse(await readFile(path.join(root, 'size-budget.json'), 'utf8')).gzip_bytes;

// What each file a publisher hosts is; the first view's come first.
const FIRST_VIEW = [
  ['article-widget.js', 'loader (with the glue, when bundled)'],
  ['article-widget-embed.js', 'JS glue (unbundled build)'],
  ['__wasm_split.js', 'split loader (unbundled build)'],
  ['article-widget-embed_bg.wasm', 'wasm: the first view (no Yew)'],
];
const PART = [
  [/^split_app\.wasm$/, 'wasm: Yew and the app (once the title is on screen)'],
  [/^split_comments\.wasm$/, 'wasm: the comment section'],
  [/^split_related\.wasm$/, 'wasm: the related sidebar'],
  [/^split_wordpress\.wasm$/, 'wasm: a WordPress post read (only for one)'],
  [/^chunk_\d+\.wasm$/, 'wasm: shared by the app and the sections'],
];

async function size(file) {
  const bytes = await readFile(file);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}
const add = (sum, s) => { for (const k of Object.keys(sum)) sum[k] += s[k]; };
const zero = () => ({ raw: 0, gzip: 0, brotli: 0 });

const names = await readdir(dist);
const rows = [];
const firstView = zero();
const total = zero();
for (const [name, what] of FIRST_VIEW) {
  if (!names.includes(name)) continue;
  const s = await size(path.join(dist, name));
  add(firstView, s);
  add(total, s);
  rows.push([name, what, s]);
}
rows.push(['first view', 'fetched before the title shows', firstView, budget.first_view]);
const parts = names.filter((n) => PART.some(([pattern]) => pattern.test(n))).sort();
// Shared chunks are numbered (and cut) by the splitter as it sees fit: one
// budget for them all, summed.
const chunks = zero();
for (const name of parts) {
  const s = await size(path.join(dist, name));
  add(total, s);
  const chunk = /^chunk_/.test(name);
  if (chunk) add(chunks, s);
  rows.push([name, PART.find(([pattern]) => pattern.test(name))[1], s, chunk ? undefined : budget.parts?.[name] ?? null]);
}
rows.push(['chunks', 'the shared chunks, summed', chunks, budget.parts?.chunks ?? null]);
rows.push(['total', 'everything a publisher hosts', total, budget.total]);
// The count embed for listing pages (no wasm) is a page's only file where
// it shows counts without the widget: budgeted on its own, not in the total.
rows.push(['article-widget-count.js', 'comment counts, listing pages (alone)',
  await size(path.join(dist, 'article-widget-count.js')), budget.count_embed ?? null]);
// Compiled into the wasm: shown for information, not added to the total.
rows.push(['widget.css', 'stylesheet, source (in the wasm)', await size(path.join(root, 'src/widget.css'))]);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(10);
console.log(`${'file'.padEnd(30)}${'raw'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}  budget (gzip)   what`);
const over = [];
for (const [name, what, s, limit] of rows) {
  let verdict = '';
  if (limit === null) {
    verdict = 'NO BUDGET';
    over.push(`${name} has no budget in size-budget.json`);
  } else if (limit !== undefined) {
    verdict = s.gzip <= limit ? `${limit} ok` : `${limit} OVER`;
    if (s.gzip > limit) over.push(`${name}: ${s.gzip} bytes gzip, budget ${limit}`);
  }
  console.log(`${name.padEnd(30)}${kb(s.raw)}${kb(s.gzip)}${kb(s.brotli)}  ${verdict.padEnd(15)} ${what}`);
}
if (over.length) {
  console.log(`over budget:\n  ${over.join('\n  ')}`);
  process.exit(1);
}
console.log('every file within its budget');
