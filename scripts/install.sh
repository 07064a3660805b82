#!/usr/bin/env bash
# Installs what pillid's build and tests need, skipping whatever is already
# there at the right version. Called by the Makefile:
#
#   scripts/install.sh build   rustup's wasm32 target, trunk, wasm-bindgen-cli,
#                              the npm tools in tools/ (wasm-opt; axe-core,
#                              Fuse.js and Lighthouse for the tests and
#                              benchmarks), each pinned in tools/package.json
#   scripts/install.sh test    all of the above, plus rustfmt and clippy, and
#                              Debian's chromium, chromium-driver and the
#                              OpenSSL headers the WebDriver client links to
#   scripts/install.sh photos  Debian's webp (cwebp), for `make photos` only:
#                              the converted photos are committed
#   scripts/install.sh icons   Debian's librsvg2-bin (rsvg-convert), for
#                              `make icons` only: the PNG icons are committed
#
# Everything comes from a package registry (crates.io, npm, Debian); trunk
# itself is run with --offline so it never downloads a tool of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

# trunk 0.22 needs a newer rustc than this project's toolchain (1.95).
readonly TRUNK_VERSION=0.21.14
readonly WASM_TARGET=wasm32-unknown-unknown
readonly APT_PACKAGES=(chromium chromium-driver libssl-dev pkg-config procps)
# cwebp, which converts NLM's photos (scripts/photos.sh checks the same
# version): Debian 12's webp package.
readonly CWEBP_VERSION=1.2.4
# rsvg-convert, which renders the PNG icons (scripts/icons.sh checks the
# same version): Debian 12's librsvg2-bin package.
readonly RSVG_VERSION=2.54.7

say() { printf '==> %s\n' "$*"; }
die() { printf 'scripts/install.sh: %s\n' "$*" >&2; exit 1; }

# The version of a package in Cargo.lock: the single source of truth for
# wasm-bindgen (the CLI must match the crate exactly).
locked_version() {
  awk -v name="$1" '
    $0 == "name = \"" name "\"" { getline; gsub(/^version = "|"$/, ""); print; exit }
  ' Cargo.lock
}

# What `prog --version` prints as its second word, or nothing.
installed_version() {
  command -v "$1" >/dev/null 2>&1 || return 0
  "$1" --version 2>/dev/null | awk '{ print $2; exit }'
}

install_rust_parts() {
  command -v rustup >/dev/null 2>&1 || die "rustup not found: install Rust with rustup first"
  if ! rustup target list --installed | grep -qx "$WASM_TARGET"; then
    say "adding the $WASM_TARGET target"
    rustup target add "$WASM_TARGET"
  fi
}

install_lint_parts() {
  local component
  for component in rustfmt clippy; do
    if ! rustup component list --installed | grep -q "^$component"; then
      say "adding rustup component $component"
      rustup component add "$component"
    fi
  done
}

install_trunk() {
  if [[ "$(installed_version trunk)" == "$TRUNK_VERSION" ]]; then
    return
  fi
  say "installing trunk $TRUNK_VERSION (a long compile, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
}

install_wasm_bindgen() {
  local wanted pinned
  wanted="$(locked_version wasm-bindgen)"
  [[ -n "$wanted" ]] || die "no wasm-bindgen in Cargo.lock"
  pinned="$(sed -n 's/^wasm_bindgen *= *"\(.*\)"/\1/p' Trunk.toml)"
  [[ "$pinned" == "$wanted" ]] ||
    die "Trunk.toml pins wasm_bindgen = \"$pinned\" but Cargo.lock has wasm-bindgen $wanted: make them agree"
  if [[ "$(installed_version wasm-bindgen)" == "$wanted" ]]; then
    return
  fi
  say "installing wasm-bindgen-cli $wanted (to match Cargo.lock)"
  cargo install wasm-bindgen-cli --version "$wanted" --force
}

install_npm_tools() {
  command -v npm >/dev/null 2>&1 || die "npm not found: install Node.js and npm first"
  # npm ci leaves its own copy of the lock file in node_modules; when that
  # is newer than the committed one, the install is current.
  if [[ -x tools/node_modules/.bin/wasm-opt && -x tools/node_modules/.bin/lighthouse &&
        tools/node_modules/.package-lock.json -nt tools/package-lock.json ]]; then
    return
  fi
  say "installing the npm tools in tools/ (npm ci)"
  (cd tools && npm ci --no-audit --no-fund)
  local pinned found
  pinned="$(sed -n 's/^wasm_opt *= *"\(.*\)"/\1/p' Trunk.toml)"
  found="$(tools/node_modules/.bin/wasm-opt --version | sed -n 's/.*(\(version_[0-9]*\)).*/\1/p')"
  [[ "$pinned" == "$found" ]] ||
    die "Trunk.toml pins wasm_opt = \"$pinned\" but tools/ has $found: make them agree"
}

install_apt_packages() {
  local missing=() package
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  [[ ${#missing[@]} -eq 0 ]] && return
  local sudo=()
  [[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
  say "installing Debian packages: ${missing[*]}"
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
}

install_cwebp() {
  if [[ "$(cwebp -version 2>/dev/null || true)" != "$CWEBP_VERSION" ]]; then
    install_apt_packages webp
  fi
  local found
  found="$(cwebp -version 2>/dev/null || true)"
  [[ "$found" == "$CWEBP_VERSION" ]] ||
    die "the photos need cwebp $CWEBP_VERSION (Debian's webp), but this system has '${found:-none}'"
}

# What `rsvg-convert --version` says: "rsvg-convert version 2.54.7".
rsvg_version() {
  rsvg-convert --version 2>/dev/null | awk '{ print $3; exit }' || true
}

install_rsvg_convert() {
  if [[ "$(rsvg_version)" != "$RSVG_VERSION" ]]; then
    install_apt_packages librsvg2-bin
  fi
  local found
  found="$(rsvg_version)"
  [[ "$found" == "$RSVG_VERSION" ]] ||
    die "the icons need rsvg-convert $RSVG_VERSION (Debian's librsvg2-bin), but this system has '${found:-none}'"
}

case "${1:-}" in
  build)
    install_rust_parts
    install_npm_tools
    install_wasm_bindgen
    install_trunk
    ;;
  test)
    install_apt_packages "${APT_PACKAGES[@]}"
    install_rust_parts
    install_lint_parts
    install_npm_tools
    install_wasm_bindgen
    install_trunk
    ;;
  photos)
    install_cwebp
    ;;
  icons)
    install_rsvg_convert
    ;;
  *)
    die "usage: scripts/install.sh build|test|photos|icons"
    ;;
esac
