#!/usr/bin/env bash
# Benchmark of the reference server under hostile and heavy clients
# (loopback only, bounded): builds the release server, then prints what
# scripts/bench-attack.mjs measures. Parts: connections related compression.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release -p article-widget-server
exec node scripts/bench-attack.mjs target/release/article-widget-server "$@"
