#!/usr/bin/env bash
# Related-stories ranking benchmark (not a test): 1 000 and 10 000 synthetic
# candidates, natively and in headless Chromium (wasm, release build).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
echo "native (release):"
cargo run --quiet --release -p article-widget-core --features bench --example rank_bench
wasm-pack test --headless --chrome --release --test bench_rank -- --include-ignored --nocapture 2>&1 \
  | sed -n '/browser (wasm/,/^| 10000/p'
