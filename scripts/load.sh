#!/usr/bin/env bash
# Load benchmark of the reference server (loopback only, bounded): builds the
# release server, then prints req/s and p50/p99 for GET and POST.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release -p article-widget-server
exec node scripts/load.mjs target/release/article-widget-server
