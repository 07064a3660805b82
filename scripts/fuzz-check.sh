#!/usr/bin/env bash
# Builds pillid's fuzz targets (fuzz/, a crate of its own) and runs each one
# briefly on its seed corpus, failing on any crash, hang or broken invariant,
# so the targets cannot rot. `make test` calls it.
#
#   query        typed text (+ picked shape/colour) -> pillid::matcher::identify
#   spl_import   any bytes -> spl::parse_spl + import_label + merge into the
#                embedded database
#
# Stable Rust is enough: `cargo fuzz ... --sanitizer none` (-s none) needs no
# nightly flag; libFuzzer's coverage instrumentation uses stable -C options.
# (AddressSanitizer, cargo-fuzz's default, needs nightly; pillid is
# #![forbid(unsafe_code)], so it would add little.)
#
# Fuzz for long, from the repository root (Ctrl-C stops; new inputs collect
# in fuzz/corpus/<target>/, crashes in fuzz/artifacts/<target>/):
#
#   cargo fuzz run -s none query fuzz/corpus/query fuzz/seeds/query \
#       -- -max_total_time=3600
#   cargo fuzz run -s none spl_import fuzz/corpus/spl_import \
#       fuzz/seeds/spl_import tests/fixtures/spl \
#       -- -dict=fuzz/spl_import.dict -max_total_time=3600
#
# or, with this script's settings and a random seed:
#
#   FUZZ_SECONDS=3600 FUZZ_RUNS=-1 FUZZ_SEED=0 scripts/fuzz-check.sh
#
# Reproduce a crash: cargo fuzz run -s none <target> fuzz/artifacts/<target>/crash-…
# then add the input to fuzz/seeds/<target>/ and a test to tests/.
#
# Environment: FUZZ_RUNS (inputs per target, -1 = no limit; default 100000),
# FUZZ_SECONDS (time cap per target; default 60), FUZZ_SEED (libFuzzer seed;
# default 1, so a check is reproducible; 0 = random).
set -euo pipefail
cd "$(dirname "$0")/.."

# The cargo-fuzz release this script was written against.
readonly CARGO_FUZZ_VERSION=0.13.2
readonly RUNS="${FUZZ_RUNS:-100000}"
readonly SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
readonly SEED="${FUZZ_SEED:-1}"
# Longest any single input may take, in seconds: anything slower is a bug
# (a typed query is answered in microseconds, a label parsed in milliseconds).
readonly INPUT_TIMEOUT=10

say() { printf '==> %s\n' "$*"; }
die() { printf 'scripts/fuzz-check.sh: %s\n' "$*" >&2; exit 1; }

install_cargo_fuzz() {
  local found=""
  if cargo fuzz --version >/dev/null 2>&1; then
    found="$(cargo fuzz --version | awk '{ print $2; exit }')"
  fi
  [[ "$found" == "$CARGO_FUZZ_VERSION" ]] && return
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --force
}

# libfuzzer-sys compiles libFuzzer (C++) with the cc crate.
install_cxx() {
  command -v c++ >/dev/null 2>&1 && return
  local sudo=()
  [[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
  say "installing g++ (libFuzzer is C++)"
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y g++
}

# run_target NAME SEED_DIR... [-- EXTRA_LIBFUZZER_FLAGS...]
run_target() {
  local name="$1"
  shift
  local dirs=() extra=()
  while [[ $# -gt 0 && "$1" != "--" ]]; do
    dirs+=("$1")
    shift
  done
  [[ $# -gt 0 ]] && shift
  extra=("$@")
  # New inputs go to a scratch corpus (the first directory), never into the
  # committed seeds.
  local scratch
  scratch="$(mktemp -d)"
  mkdir -p "fuzz/artifacts/$name"
  say "fuzzing $name: ${RUNS} runs or ${SECONDS_PER_TARGET} s, seed ${SEED}"
  local status=0
  cargo fuzz run --sanitizer none "$name" "$scratch" "${dirs[@]}" -- \
    -runs="$RUNS" -max_total_time="$SECONDS_PER_TARGET" -seed="$SEED" \
    -timeout="$INPUT_TIMEOUT" -artifact_prefix="fuzz/artifacts/$name/" \
    -print_final_stats=1 "${extra[@]}" || status=$?
  rm -rf "$scratch"
  [[ $status -eq 0 ]] ||
    die "fuzz target $name failed (exit $status); the input is in fuzz/artifacts/$name/"
}

install_cxx
install_cargo_fuzz
say "building the fuzz targets (cargo fuzz build --sanitizer none)"
cargo fuzz build --sanitizer none
run_target query fuzz/seeds/query
run_target spl_import fuzz/seeds/spl_import tests/fixtures/spl -- -dict=fuzz/spl_import.dict
say "fuzz check passed"
