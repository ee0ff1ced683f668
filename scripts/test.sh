#!/usr/bin/env bash
# Runs every test: core unit tests, the widget in headless Chromium
# (wasm-pack test), the release build with its size budget, and the
# end-to-end tests on the demo pages. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/setup.sh

step() { printf '\n=== %s\n' "$*"; }

step "core: native unit tests"
cargo test -p article-widget-core

step "widget: browser tests (wasm-pack test, headless Chromium)"
port=8787
node tests/support/fixture-server.mjs "$port" &
fixtures=$!
trap 'kill $fixtures 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/status/200" >/dev/null && break; sleep 0.1; done
AW_FIXTURE_URL="http://127.0.0.1:$port" wasm-pack test --headless --chrome

step "reference server: unit, API (checked against openapi.json) and kill -9 durability tests"
cargo test -p article-widget-server

step "release build (trunk) and size budget"
scripts/build.sh
node scripts/size-report.mjs

step "end to end: demo pages in headless Chromium"
node --test e2e/
