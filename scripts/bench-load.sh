#!/usr/bin/env bash
# Load-time benchmark (not a test): the demo page with the widget (script
# alone, with hints, prerendered) against the same page as static HTML and
# with Isso, unthrottled and on Lighthouse's mobile profile, in headless
# Chromium, then Lighthouse on a plain host page; writes BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/build.sh
cargo build --release -p article-widget-server
exec node scripts/bench-load.mjs
