#!/usr/bin/env bash
# Builds the WordPress plugin from the repo: wordpress/article-widget/ (PHP,
# readme.txt) with the built widget from dist/ (scripts/build.sh first) in its
# widget/ folder, as target/wordpress/article-widget.zip — which a site owner
# unzips into wp-content/plugins/ (or uploads in Plugins → Add New).
#
#   scripts/wordpress-plugin-zip.sh                 build the zip
#   scripts/wordpress-plugin-zip.sh --dir DIR       copy the plugin folder into DIR/article-widget instead
#   scripts/wordpress-plugin-zip.sh --no-widget     without the widget files (a site that serves
#                                                   them from elsewhere: Settings → Article widget)
set -euo pipefail
cd "$(dirname "$0")/.."

dest_dir= widget=1
while [ $# -gt 0 ]; do
  case $1 in
    --dir) dest_dir=$2; shift ;;
    --no-widget) widget=0 ;;
    *) echo "usage: $0 [--dir DIR] [--no-widget]" >&2; exit 2 ;;
  esac
  shift
done

src=wordpress/article-widget
die() { echo "[plugin] $*" >&2; exit 1; }

# One version everywhere: the widget's (Cargo.toml), the plugin header, its
# constant and the readme's stable tag.
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
header=$(sed -n 's/^ \* Version: *//p' "$src/article-widget.php")
constant=$(sed -n "s/^const ARTICLE_WIDGET_VERSION = '\(.*\)';$/\1/p" "$src/article-widget.php")
stable=$(sed -n 's/^Stable tag: *//p' "$src/readme.txt")
for v in "$header" "$constant" "$stable"; do
  [ "$v" = "$version" ] || die "versions disagree: Cargo.toml $version, plugin header $header, ARTICLE_WIDGET_VERSION $constant, readme Stable tag $stable"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
plugin=$work/article-widget
mkdir -p "$plugin"
cp -R "$src/." "$plugin/"

# Translations: each languages/*.po is the source of the .mo WordPress loads
# (load_plugin_textdomain). Every string the PHP passes to WordPress's i18n
# functions, and the plugin header's name and description, must be translated
# in it (msgcmp), or the build stops; msgfmt --check compiles it.
command -v xgettext >/dev/null 2>&1 && command -v msgfmt >/dev/null 2>&1 \
  || die "xgettext and msgfmt are missing (Debian's gettext): run scripts/setup.sh"
quote() { sed "s/[\\']/\\\\&/g"; }
{
  printf '<?php\n// The plugin header, which WordPress translates in its list of plugins.\n'
  for field in 'Plugin Name' Description; do
    printf "__('%s', 'article-widget');\n" "$(sed -n "s/^ \\* $field: *//p" "$src/article-widget.php" | quote)"
  done
  # The block's name, description and keywords, which WordPress translates with these contexts.
  node -e 'const b = require(process.argv[1]); const q = (s) => JSON.stringify(s).slice(1, -1).replace(/\x27/g, "\\\x27");
    const line = (s, c) => console.log(`_x(\x27${q(s)}\x27, \x27${c}\x27, \x27article-widget\x27);`);
    line(b.title, "block title"); line(b.description, "block description"); (b.keywords || []).forEach((k) => line(k, "block keyword"));' \
    "$PWD/$src/block/block.json"
} >"$work/header.php"
xgettext --language=PHP --from-code=UTF-8 --add-comments=translators: --output="$work/article-widget.pot" \
  --keyword --keyword=__:1 --keyword=_e:1 --keyword=esc_html__:1 --keyword=esc_html_e:1 --keyword=esc_attr__:1 \
  --keyword=esc_attr_e:1 --keyword=_x:1,2c --keyword=_n:1,2 \
  "$work/header.php" $(cd "$src" && find . -name '*.php' | sort | sed "s|^\.|$src|")
for po in "$plugin"/languages/*.po; do
  [ -e "$po" ] || continue
  msgcmp "$po" "$work/article-widget.pot" 2>"$work/msgcmp.log" || {
    grep -v 'warning: this message is not used' "$work/msgcmp.log" >&2
    die "${po#"$plugin/"}: a string of the plugin is missing or untranslated (above)"
  }
  msgfmt --check --output-file="${po%.po}.mo" "$po"
done
# The built widget: the loader (the glue bundled in), the main wasm and the
# sections' modules beside it (split_*.wasm, chunk_*.wasm), and a glue or
# split loader if the build left them apart.
find "$plugin/widget" -mindepth 1 ! -name .htaccess -exec rm -rf {} +
if [ "$widget" = 1 ]; then
  for f in article-widget.js article-widget-embed_bg.wasm; do
    [ -f "dist/$f" ] || die "dist/$f is missing: run scripts/build.sh first (or --no-widget)"
  done
  find dist -maxdepth 1 -type f \( -name 'article-widget*.js' -o -name '*.wasm' -o -name '__wasm_split*.js' \) \
    -exec cp {} "$plugin/widget/" \;
fi

if [ -n "$dest_dir" ]; then
  mkdir -p "$dest_dir"
  rm -rf "${dest_dir:?}/article-widget"
  cp -R "$plugin" "$dest_dir/article-widget"
  echo "$dest_dir/article-widget"
  exit 0
fi

mkdir -p target/wordpress
out=$PWD/target/wordpress/article-widget.zip
rm -f "$out"
if command -v zip >/dev/null 2>&1; then
  (cd "$work" && zip -qrX "$out" article-widget)
else
  (cd "$work" && python3 -m zipfile -c "$out" article-widget)
fi
echo "$out ($(du -k "$out" | cut -f1) KB, plugin $version)"
