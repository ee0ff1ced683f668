#!/usr/bin/env bash
# Runs every test: formatting and lint gates, core and widget unit tests,
# the widget in headless Chromium (wasm-pack test), the reference server,
# the release build with its size budget, the end-to-end tests on the demo
# pages, and the WordPress tests against a real WordPress. Installs what is
# missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/setup.sh
# Debian's WordPress, MariaDB and PHP for the WordPress step (apt, skipped when present).
scripts/wordpress.sh install

step() { printf '\n=== %s\n' "$*"; }

step "gates: formatting (rustfmt) and lints (clippy, every crate and target, natively and for wasm32)"
cargo fmt --all --check
cargo clippy --workspace --all-targets --all-features -- -D warnings
# Natively the browser crates only compile; their real target is wasm32.
# (core is linted natively: its dev-dependencies do not build for wasm32.)
cargo clippy --target wasm32-unknown-unknown -p article-widget -p article-widget-embed --all-targets -- -D warnings
# The split release build's own code (#[wasm_split] points) too.
cargo clippy --target wasm32-unknown-unknown -p article-widget -p article-widget-embed --all-targets --all-features -- -D warnings

step "core and widget: native unit tests"
cargo test -p article-widget-core --all-features
# The widget's pure parts (reducers, settings table) run natively too.
cargo test -p article-widget --lib

step "widget: browser tests (wasm-pack test, headless Chromium)"
# The fixture server's address is compiled into the tests: one port per checkout
# (AW_FIXTURE_PORT) lets two checkouts test at once.
port=${AW_FIXTURE_PORT:-8787}
log=$(mktemp)
node tests/support/fixture-server.mjs "$port" >"$log" 2>&1 &
fixtures=$!
trap 'kill $fixtures 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "fixture server on" "$log" && break; sleep 0.1; done
if ! kill -0 "$fixtures" 2>/dev/null || ! grep -q "fixture server on" "$log"; then
  echo "the fixture server did not start on port $port:" >&2
  cat "$log" >&2
  exit 1
fi
AW_FIXTURE_URL="http://127.0.0.1:$port" wasm-pack test --headless --chrome

step "reference server: unit, API (checked against openapi.json, on SQLite and on PostgreSQL), kill -9, two instances"
# A private PostgreSQL 15 (installed from Debian's packages if missing) for
# the duration of the server's tests, stopped on every exit path.
AW_REQUIRE_POSTGRES=1 scripts/postgres.sh run cargo test -p article-widget-server

step "release build (trunk) and size budget"
scripts/build.sh
node scripts/size-report.mjs

step "end to end: demo pages in headless Chromium"
node --test e2e/*.test.mjs

step "WordPress: the test site and the plugin, over HTTP (scripts/wordpress.sh starts and stops each instance)"
node --test e2e/wordpress/*.test.mjs
# Instances whose test process died without stopping them (a kill -9, a time-out).
scripts/wordpress.sh reap
