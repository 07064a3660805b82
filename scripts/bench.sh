#!/usr/bin/env bash
# `make bench`: pillid against Fuse.js in one headless Chromium (see
# README.md, "Benchmark"). The Makefile first installs the tools and builds
# the app into dist/; this script then
#
#   1. builds the benchmark page (bench/) into target/bench-dist/ with trunk,
#      the app's release profile and the app's pinned tool versions;
#   2. runs the runner, tests/bench_browser.rs, which times the app's cold
#      load, runs both engines in the page, prints the table and writes it
#      into README.md between the bench:begin and bench:end markers;
#   3. runs pillid alone again under Chromium's CPU throttling (4× and 6×,
#      a mid-range and a low-end phone) and writes that table between the
#      bench-slow-cpu:begin and bench-slow-cpu:end markers;
#   4. runs Lighthouse on dist/ for a phone and a desktop
#      (scripts/lighthouse.mjs, also `make lighthouse` on its own), which
#      writes its scores between the lighthouse:begin and lighthouse:end
#      markers.
#
# PILLID_BENCH_SIZE, PILLID_BENCH_QUERIES and PILLID_BENCH_TYPED shrink the
# synthetic workload for a quick try (README.md is then left alone).
# PILLID_BENCH_ONLY picks the runner's tests by name: `slow_cpu` for step 3
# alone (minutes instead of the Fuse.js comparison's long run), `fusejs`
# for step 2 alone.
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$PWD/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

die() { printf 'scripts/bench.sh: %s\n' "$*" >&2; exit 1; }

[[ -f dist/index.html ]] || die "no dist/index.html: build the app first (make dist; make bench does it)"
[[ -f tools/node_modules/fuse.js/dist/fuse.min.mjs ]] ||
  die "Fuse.js is not installed in tools/: run make bench (it runs npm ci in tools/)"

# The app's tool pins (Trunk.toml), for the page's own trunk configuration.
pin() { sed -n "s/^$1 *= *\"\(.*\)\"/\1/p" Trunk.toml; }
TRUNK_TOOLS_WASM_BINDGEN="$(pin wasm_bindgen)"
TRUNK_TOOLS_WASM_OPT="$(pin wasm_opt)"
[[ -n "$TRUNK_TOOLS_WASM_BINDGEN" && -n "$TRUNK_TOOLS_WASM_OPT" ]] ||
  die "Trunk.toml does not pin wasm_bindgen and wasm_opt"
export TRUNK_TOOLS_WASM_BINDGEN TRUNK_TOOLS_WASM_OPT

trunk --offline=true --skip-version-check --config bench/Trunk.toml build

# With no PILLID_BENCH_ONLY the filter is empty: every ignored test runs.
cargo test --locked --test bench_browser -- --ignored --nocapture --test-threads=1 \
  "${PILLID_BENCH_ONLY:-}"

# Lighthouse only on a whole run: PILLID_BENCH_ONLY asks for one part.
if [[ -z "${PILLID_BENCH_ONLY:-}" ]]; then
  node scripts/lighthouse.mjs
fi
