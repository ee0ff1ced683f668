#!/usr/bin/env bash
# Trunk post-build hook: gives the files a publisher hosts their final names.
#   article-widget.js           the loader, the one script host pages include
#   article-widget-bindings.js  wasm-bindgen's JS glue (trunk names it after the package)
#   article-widget_bg.wasm      the widget
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
mv "$dir/article-widget.js" "$dir/article-widget-bindings.js"
cp "${TRUNK_SOURCE_DIR:-.}/src/loader.js" "$dir/article-widget.js"
