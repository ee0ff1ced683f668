#!/usr/bin/env bash
# Load benchmark of the reference server (loopback only, bounded): builds the
# release server, starts a private PostgreSQL (scripts/postgres.sh), then
# prints req/s, median and p99 for SQLite and PostgreSQL, one and two
# instances, 1/8/32 clients, GET and POST, 1,000 and 100,000 comments.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release -p article-widget-server
exec scripts/postgres.sh run node scripts/load.mjs target/release/article-widget-server
