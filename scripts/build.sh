#!/usr/bin/env bash
# Release build of the files a publisher hosts (and the demo) into dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/setup.sh
# The release build is split by section (src/components/lazy.rs): the
# `split` feature marks the split points, and the linker keeps the
# relocations wasm-split-cli needs to cut the module (the post-build hook in
# Trunk.toml runs scripts/post-build.mjs).
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C link-arg=--emit-relocs"
trunk build --release --features split
node scripts/precompress.mjs dist
