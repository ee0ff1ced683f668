#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, serve and test the
# widget, and skips whatever is already there. Safe to run any number of times.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/versions.env

log() { printf '[setup] %s\n' "$*"; }
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# Version consistency: the lock file and Trunk.toml must agree with versions.env.
lock_wb=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock 2>/dev/null || true)
if [ -n "$lock_wb" ] && [ "$lock_wb" != "$WASM_BINDGEN_VERSION" ]; then
  echo "[setup] Cargo.lock has wasm-bindgen $lock_wb but scripts/versions.env pins $WASM_BINDGEN_VERSION" >&2
  exit 1
fi
must_contain() { # FILE TEXT
  grep -qF "$2" "$1" || { echo "[setup] $1 must contain $2 (scripts/versions.env)" >&2; exit 1; }
}
must_contain Trunk.toml "wasm_bindgen = \"$WASM_BINDGEN_VERSION\""
must_contain Trunk.toml "wasm_opt = \"version_$BINARYEN_VERSION\""
must_contain package.json "\"binaryen\": \"$BINARYEN_VERSION.0.0\""

if rustup target list --installed | grep -qx "$RUST_TARGET"; then
  log "rust target $RUST_TARGET: present"
else
  log "adding rust target $RUST_TARGET"; rustup target add "$RUST_TARGET"
fi
# The test command's gates: cargo fmt --check and cargo clippy.
for component in rustfmt clippy; do
  if rustup component list --installed | grep -q "^$component"; then
    log "rust component $component: present"
  else
    log "adding rust component $component"; rustup component add "$component"
  fi
done

# cargo_tool BINARY VERSION-STRING INSTALL-ARGS...
cargo_tool() {
  local bin=$1 want=$2; shift 2
  if command -v "$bin" >/dev/null 2>&1 && "$bin" --version 2>/dev/null | grep -q "$want"; then
    log "$bin $want: present"
  else
    log "installing $bin $want (cargo install, several minutes)"
    cargo install "$@"
  fi
}
# wasm-bindgen-cli without --locked: one of its locked dependencies is not on
# the registry reachable here.
cargo_tool wasm-bindgen "$WASM_BINDGEN_VERSION" wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
cargo_tool wasm-pack "$WASM_PACK_VERSION" wasm-pack --version "$WASM_PACK_VERSION"
# trunk 0.22 declares a newer rustc than the machine's; it builds and runs fine.
cargo_tool trunk "$TRUNK_VERSION" --locked trunk --version "$TRUNK_VERSION" --ignore-rust-version
# wasm-split-cli prints no version: cargo's list of installed crates says it.
if cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_CLI_VERSION:"; then
  log "wasm-split-cli $WASM_SPLIT_CLI_VERSION: present"
else
  log "installing wasm-split-cli $WASM_SPLIT_CLI_VERSION (cargo install, a few minutes)"
  cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_CLI_VERSION" --features build-binary
fi

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  log "chromium + chromedriver: present"
else
  log "installing chromium + chromium-driver (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# Debian's gettext: xgettext, msgcmp and msgfmt check and build the WordPress
# plugin's translations (scripts/wordpress-plugin-zip.sh).
if command -v msgfmt >/dev/null 2>&1 && command -v xgettext >/dev/null 2>&1 && command -v msgcmp >/dev/null 2>&1; then
  log "gettext: present"
else
  log "installing gettext (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends gettext >/dev/null
fi

# Node.js 20 or newer (playwright-core 1.65 needs it; Debian 12's own is 18).
node_major=$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/')
if [ -z "$node_major" ] || [ "$node_major" -lt 20 ]; then
  echo "[setup] Node.js 20 or newer is needed (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

# Node packages (playwright-core): reinstalled when package-lock.json changes.
if cmp -s package-lock.json node_modules/.setup-stamp 2>/dev/null; then
  log "node packages: present"
else
  log "installing node packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.setup-stamp
fi

# The crates of Cargo.lock, for every target: trunk builds offline
# (Trunk.toml), so on a fresh machine the wasm build would find none.
cargo fetch --locked --quiet
log "crates: fetched"
log "done"
