// Writes NAME.br and NAME.gz beside every text and wasm file of a build, at
// the highest settings, once: servers (the reference server, a CDN) send
// them as they are instead of compressing on every request.
//
//   node scripts/precompress.mjs [dist-dir]
import { readdir, readFile, writeFile, stat } from 'node:fs/promises';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import path from 'node:path';

const dir = path.resolve(process.argv[2] || 'dist');
const KINDS = /\.(wasm|js|mjs|html|css|json|xml|svg)$/;

async function* files(folder) {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (KINDS.test(entry.name)) yield full;
  }
}

let count = 0;
for await (const file of files(dir)) {
  if ((await stat(file)).size < 1024) continue;
  const bytes = await readFile(file);
  await writeFile(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  await writeFile(`${file}.gz`, gzipSync(bytes, { level: 9 }));
  count += 1;
}
console.log(`precompressed ${count} files in ${path.relative(process.cwd(), dir) || '.'}`);
