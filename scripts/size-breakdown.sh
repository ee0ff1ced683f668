#!/usr/bin/env bash
# Where the wasm's bytes go (a report, not a test): builds the shipped wasm
# as trunk does (wasm-bindgen, then wasm-opt -Oz) but keeps the function
# names, and sums twiggy's sizes by what the code belongs to. Installs twiggy
# (pinned in versions.env) if it is missing.
#
#   scripts/size-breakdown.sh                    the shipped build
#   scripts/size-breakdown.sh --immediate-abort  the same with std rebuilt with
#       -Cpanic=immediate-abort (needs -Zbuild-std, which stable Rust only
#       takes with RUSTC_BOOTSTRAP=1): what that would save, measured, not shipped
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
source scripts/versions.env
scripts/setup.sh >/dev/null
if [ "$(twiggy --version 2>/dev/null | awk '{print $2}')" != "$TWIGGY_VERSION" ]; then
  cargo install --locked twiggy --version "$TWIGGY_VERSION"
fi

out=target/size-breakdown
rm -rf "$out" && mkdir -p "$out"
if [ "${1:-}" = "--immediate-abort" ]; then
  rustup component add rust-src >/dev/null
  RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" \
    cargo build --release -p article-widget-embed --target "$RUST_TARGET" \
    -Zbuild-std=std,panic_abort --target-dir target/immediate-abort
  wasm=target/immediate-abort/$RUST_TARGET/release/article_widget_embed.wasm
else
  cargo build --release -p article-widget-embed --target "$RUST_TARGET"
  wasm=target/$RUST_TARGET/release/article_widget_embed.wasm
fi
wasm-bindgen --target web --out-dir "$out" "$wasm"
features="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue"
# shellcheck disable=SC2086
wasm-opt -Oz $features "$out/article_widget_embed_bg.wasm" -o "$out/shipped.wasm"
# shellcheck disable=SC2086
wasm-opt -Oz -g $features "$out/article_widget_embed_bg.wasm" -o "$out/named.wasm"
echo "wasm as shipped: $(stat -c%s "$out/shipped.wasm") bytes, $(gzip -9c "$out/shipped.wasm" | wc -c) gzip"
twiggy top -n 1000000 -f csv "$out/named.wasm" > "$out/top.csv"
node scripts/size-breakdown.mjs "$out/top.csv"
