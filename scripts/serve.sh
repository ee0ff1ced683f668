#!/usr/bin/env bash
# Serves the demo: the widget with a working comment backend.
#
#   scripts/serve.sh             development: trunk serve on http://127.0.0.1:8080/
#                                (rebuilds on change), /api proxied to the
#                                reference server on 127.0.0.1:8081
#   scripts/serve.sh --release   production-like: the release build served by the
#                                reference server alone, one process, one port (8080),
#                                and the demo page prerendered at /prerendered.html
#
# Comments go to data/comments.db (git-ignored). Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/setup.sh

if [ "${1:-}" = "--release" ]; then
  scripts/build.sh
  cargo build --release -p article-widget-server
  target/release/article-widget-server --listen 127.0.0.1:8080 --dist dist --db data/comments.db --articles static/articles &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT INT TERM
  until (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null; do
    kill -0 $server 2>/dev/null || exit 1
    sleep 0.2
  done
  # The demo page again, with the widget's first view prerendered into it.
  node scripts/prerender.mjs http://127.0.0.1:8080/ dist/prerendered.html \
    || echo "could not prerender the demo page; the rest of the demo is unaffected" >&2
  echo "Demo (release build): http://127.0.0.1:8080/   prerendered: http://127.0.0.1:8080/prerendered.html   two widgets: http://127.0.0.1:8080/static/two-widgets.html"
  wait $server
  exit $?
fi

cargo build -p article-widget-server
target/debug/article-widget-server --listen 127.0.0.1:8081 --db data/comments.db --articles static/articles &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT INT TERM
echo "Demo: http://127.0.0.1:8080/   two widgets: http://127.0.0.1:8080/static/two-widgets.html   (API on 127.0.0.1:8081)"
trunk serve "$@"
