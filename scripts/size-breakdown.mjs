// Sums a `twiggy top -f csv` listing by what the code belongs to; used by
// scripts/size-breakdown.sh. Sizes are raw bytes before compression.
import { readFile } from 'node:fs/promises';

// First match wins.
const groups = [
  ['serde (deserializers, their errors)', /serde|Deserialize|Visitor|de::|Unexpected/],
  ['float formatting', /fmt::float|flt2dec|dragon|grisu|f64 as core.*Display/],
  ['Yew', /yew::|<yew|implicit_clone/],
  ['data (strings, stylesheet, tables)', /data segment/],
  ['feeds (XML reader, four formats)', /article_widget_core::(xml|feed)/],
  ['related stories (ranking, sidebar)', /article_widget_core::related|components::related/],
  ['comments (form, list, validation)', /comment_form|components::comments|article_widget_core::comment/],
  ['the rest of the widget', /article_widget/],
  ['hash maps', /hashbrown|indexmap/],
  ['allocation, Rc, Vec', /dlmalloc|__rdl_|__rust_|alloc::|Rc<|RawVec/],
  ['other formatting', /fmt::|Formatter|pad_integral/],
  ['JS bindings', /wasm_bindgen|js_sys|web_sys|gloo|import /],
];

const text = await readFile(process.argv[2], 'utf8');
const sums = new Map(groups.map(([name]) => [name, 0]));
let other = 0;
let total = 0;
for (const line of text.split('\n').slice(1)) {
  const match = line.match(/^(.*),(\d+),([\d.]+),[^,]*,[^,]*$/);
  if (!match) continue;
  const [, name, size] = match;
  if (/function names/.test(name)) continue; // the names kept for this report; not shipped
  total += Number(size);
  const group = groups.find(([, pattern]) => pattern.test(name));
  if (group) sums.set(group[0], sums.get(group[0]) + Number(size));
  else other += Number(size);
}
sums.set('other (core and std)', other);
console.log('raw bytes  share  part (a build with names, after wasm-opt -Oz)');
for (const [name, size] of [...sums].sort((a, b) => b[1] - a[1])) {
  console.log(`${String(size).padStart(9)}  ${(100 * size / total).toFixed(1).padStart(4)} %  ${name}`);
}
