// What the build does after trunk, as its post-build hook (Trunk.toml):
//
// 1. When the build has split points (the `split` feature: `trunk build
//    --release --features split`, which scripts/build.sh runs), the wasm
//    cargo linked is cut by wasm-split-cli into the main module (the
//    article, its loading and error states) and one module per section (the
//    comment section, the related sidebar) plus the code they share; then
//    wasm-bindgen makes the JS glue for the main module and wasm-opt shrinks
//    each module. They replace trunk's own in the staging directory, under
//    the same names, beside `__wasm_split.js`, which fetches the parts from
//    its own URL (any path prefix, any origin). Without split points trunk's
//    output is kept.
// 2. In a release build, the loader, the glue and `__wasm_split.js` are
//    bundled and minified by esbuild into the one `article-widget.js`: a
//    page that includes it waits for no second script before the wasm and
//    the article are on their way. The count embed for listing pages
//    (article-widget-count.js, no wasm, nothing to bundle) is minified in
//    place.
//
//   node scripts/post-build.mjs            (from trunk: TRUNK_* variables set)
//   node scripts/post-build.mjs RAW.wasm OUT-DIR [--profile release|debug]
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NAME = 'article-widget-embed';
const PLACEHOLDER_MODULE = '__wasm_split_placeholder__';
// The features the Rust target emits; wasm-opt must accept them all.
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];

/**
 * A wasm binary's import section, read by hand: where it lies (the byte
 * range of its body) and its entries, each with its module, its field name
 * and the byte range of what follows them (the kind and its description).
 */
function importSection(bytes) {
  let at = 8; // magic and version
  const uleb = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return result;
    }
  };
  const name = () => {
    const length = uleb();
    const text = Buffer.from(bytes.subarray(at, at + length)).toString('utf8');
    at += length;
    return text;
  };
  const limits = () => {
    const flags = bytes[at++];
    uleb();
    if (flags & 1) uleb();
  };
  while (at < bytes.length) {
    const sectionStart = at;
    const id = bytes[at++];
    const size = uleb();
    const end = at + size;
    if (id === 2) {
      const entries = [];
      const count = uleb();
      for (let i = 0; i < count; i++) {
        const module = name();
        const field = name();
        const described = at;
        const kind = bytes[at++];
        if (kind === 0) uleb(); // function: type index
        else if (kind === 1) { at++; limits(); } // table: reftype, limits
        else if (kind === 2) limits(); // memory
        else if (kind === 3) at += 2; // global: valtype, mutability
        else if (kind === 4) { at++; uleb(); } // tag
        else throw new Error(`unknown import kind ${kind}`);
        entries.push({ module, field, description: bytes.subarray(described, at) });
      }
      return { sectionStart, end, entries };
    }
    at = end;
  }
  return { sectionStart: bytes.length, end: bytes.length, entries: [] };
}

/** The import modules a wasm binary names. */
export function importModules(bytes) {
  return new Set(importSection(bytes).entries.map((entry) => entry.module));
}

function uleb128(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}

const vec = (buffer) => Buffer.concat([uleb128(buffer.length), buffer]);

/** Short names, one per index: a … z, A … Z, then a0, a1, … (valid identifiers). */
export function shortName(index) {
  const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const rest = `${first}0123456789`;
  let name = first[index % first.length];
  for (let n = Math.floor(index / first.length); n > 0; n = Math.floor((n - 1) / rest.length)) {
    name += rest[(n - 1) % rest.length];
  }
  return name;
}

/**
 * Gives the main module's imports from its JS glue short names, in the
 * wasm and in the glue alike. wasm-bindgen names each one after its
 * binding and a hash (`__wbg_setAttribute_f75317b2b5cabfb4`): 243 of them,
 * about 8 KB in the wasm and as much again in the glue, of hex digits that
 * barely compress, all of it before the title can show.
 */
async function shortenImportNames(wasmPath, gluePath, glueModule) {
  const bytes = await readFile(wasmPath);
  const section = importSection(bytes);
  let glue = await readFile(gluePath, 'utf8');
  let index = 0;
  const entries = section.entries.map((entry) => {
    if (entry.module !== glueModule) return entry;
    const short = shortName(index++);
    // The glue names each import once, as a key of its imports object.
    const key = new RegExp(`(?<![\\w$])${entry.field}(?![\\w$])`, 'g');
    const uses = glue.match(key)?.length ?? 0;
    if (uses !== 1 || !glue.includes(`${entry.field}: function`)) {
      throw new Error(`the glue names ${entry.field} ${uses} times, not once as a key: not renamed`);
    }
    glue = glue.replace(key, short);
    return { ...entry, field: short };
  });
  const body = Buffer.concat([
    uleb128(entries.length),
    ...entries.map((e) => Buffer.concat([vec(Buffer.from(e.module)), vec(Buffer.from(e.field)), e.description])),
  ]);
  const rebuilt = Buffer.concat([
    bytes.subarray(0, section.sectionStart),
    Buffer.from([2]),
    vec(body),
    bytes.subarray(section.end),
  ]);
  await writeFile(wasmPath, rebuilt);
  await writeFile(gluePath, glue);
  return index;
}

function run(command, args) {
  execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
}

async function split(raw, out, profile) {
  const work = path.join(path.dirname(raw), 'wasm-split');
  const cut = path.join(work, 'cut');
  const bound = path.join(work, 'bound');
  await rm(work, { recursive: true, force: true });
  await mkdir(cut, { recursive: true });
  await mkdir(bound, { recursive: true });
  run('wasm-split-cli', ['--target', 'web', '--out-name', NAME, raw, cut]);
  // --keep-lld-exports: the parts import the main module's table, memory and
  // shared functions by the names the linker gave them.
  run('wasm-bindgen', ['--target', 'web', '--keep-lld-exports', '--no-typescript', '--out-name', NAME,
    '--out-dir', bound, path.join(cut, `${NAME}.wasm`)]);
  const renamed = await shortenImportNames(path.join(bound, `${NAME}_bg.wasm`), path.join(bound, `${NAME}.js`), `./${NAME}_bg.js`);
  console.log(`[post-build] gave the main module's ${renamed} imports from its glue short names`);
  const modules = [[path.join(bound, `${NAME}_bg.wasm`), `${NAME}_bg.wasm`]];
  for (const file of (await readdir(cut)).sort()) {
    if (/^(split|chunk)_.*\.wasm$/.test(file)) modules.push([path.join(cut, file), file]);
  }
  for (const [from, file] of modules) {
    // The producers and target-features sections name the toolchain for
    // linkers; a browser reads neither (about 150 bytes gzip a module).
    if (profile === 'release') {
      run('wasm-opt', ['-Oz', ...FEATURES, '--strip-producers', '--strip-target-features', from, '-o', path.join(out, file)]);
    } else {
      await copyFile(from, path.join(out, file));
    }
  }
  await copyFile(path.join(bound, `${NAME}.js`), path.join(out, `${NAME}.js`));
  await copyFile(path.join(cut, '__wasm_split.js'), path.join(out, '__wasm_split.js'));
  return modules.map(([, file]) => file);
}

async function main() {
  let [raw, out] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const profileFlag = process.argv.indexOf('--profile');
  let profile = profileFlag > 0 ? process.argv[profileFlag + 1] : process.env.TRUNK_PROFILE || 'release';
  if (!raw) {
    if (!process.env.TRUNK_STAGING_DIR) throw new Error('usage: post-build.mjs RAW.wasm OUT-DIR (or run from trunk)');
    out = process.env.TRUNK_STAGING_DIR;
    profile = process.env.TRUNK_PROFILE;
    const target = process.env.CARGO_TARGET_DIR || path.join(root, 'target');
    raw = path.join(target, 'wasm32-unknown-unknown', profile, `${NAME.replace(/-/g, '_')}.wasm`);
  }
  if (importModules(await readFile(raw)).has(PLACEHOLDER_MODULE)) {
    const files = await split(raw, out, profile);
    console.log(`[post-build] split: ${files.join(', ')}`);
  }
  if (profile === 'release') await bundle(out);
}

const MINIFY = { allowOverwrite: true, format: 'esm', minify: true, target: 'es2020', legalComments: 'none', logLevel: 'warning' };

/** The loader with everything it imports, minified, in its own place. */
async function bundle(out) {
  const loader = path.join(out, 'article-widget.js');
  await build({
    ...MINIFY,
    entryPoints: [loader],
    outfile: loader,
    bundle: true,
    // wasm-bindgen's glue names `./__wasm_split.js` twice among the wasm's
    // imports (the same module both times): harmless.
    logOverride: { 'duplicate-object-key': 'silent' },
  });
  // In it now: the glue, the split loader and the glue's snippets (`inline_js`).
  for (const file of [`${NAME}.js`, '__wasm_split.js', 'snippets']) await rm(path.join(out, file), { force: true, recursive: true });
  console.log('[post-build] bundled the loader, the glue and the split loader into article-widget.js');
  const count = path.join(out, 'article-widget-count.js');
  await build({ ...MINIFY, entryPoints: [count], outfile: count });
  console.log('[post-build] minified article-widget-count.js');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`[post-build] ${error.message}`);
    process.exit(1);
  });
}
