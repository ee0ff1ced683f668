#!/usr/bin/env bash
# Load-time benchmark (not a test): the demo page with the widget against
# the same page as static HTML, in headless Chromium; writes BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/build.sh
cargo build --release -p article-widget-server
exec node scripts/bench-load.mjs
