#!/usr/bin/env bash
# Release build of the files a publisher hosts (and the demo) into dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/setup.sh
trunk build --release
node scripts/precompress.mjs dist
