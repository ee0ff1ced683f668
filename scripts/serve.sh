#!/usr/bin/env bash
# Builds the widget and serves the demo at http://127.0.0.1:8080/ (trunk
# serve, rebuilding on change). Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/setup.sh
echo "Demo: http://127.0.0.1:8080/  (two widgets: http://127.0.0.1:8080/static/two-widgets.html)"
exec trunk serve "$@"
