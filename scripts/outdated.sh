#!/usr/bin/env bash
# Lists pillid's direct dependencies (Cargo.toml's [dependencies],
# [dev-dependencies] and target-specific ones, and those of the fuzz crate in
# fuzz/) that have a newer release on crates.io. `make outdated` runs it; it
# is checked before each release.
#
#   compatible  what `cargo update` would move Cargo.lock to, within the
#               version Cargo.toml asks for
#   newer       a release outside that requirement (a new major version, or
#               past an exact `=` pin): moving to it means editing Cargo.toml
#
# It only reports: it always exits 0 and never writes Cargo.lock (it asks
# `cargo update --dry-run`, which reads crates.io's index but changes nothing
# in the repository). Without a connection it says so and stops.
set -uo pipefail
cd "$(dirname "$0")/.."

# Seconds to wait for crates.io before giving up on a workspace.
readonly TIMEOUT="${OUTDATED_TIMEOUT:-120}"

report() {
  local manifest="$1" direct updates
  printf '==> %s\n' "$manifest"
  # The direct dependencies and their locked versions, on every target
  # (wasm-bindgen is a wasm32-only dependency), path dependencies left out.
  if ! direct="$(cargo tree --manifest-path "$manifest" --locked --depth 1 \
      --target all -e normal,build,dev --prefix none 2>&1)"; then
    printf 'cannot list the dependencies:\n%s\n\n' "$direct"
    return
  fi
  if ! updates="$(timeout "$TIMEOUT" cargo update --manifest-path "$manifest" \
      --dry-run --verbose 2>&1)"; then
    printf 'could not ask crates.io (offline?): nothing checked\n%s\n\n' "$updates"
    return
  fi
  # An exact pin (`name = "=1.2.3"` or `version = "=1.2.3"`) is on purpose.
  local pinned
  pinned="$(sed -n 's/^[[:space:]]*\([A-Za-z0-9_-]*\)[[:space:]]*=[[:space:]]*\({[^}]*version[[:space:]]*=[[:space:]]*\)\{0,1\}"=.*/\1/p' \
    "$manifest" | sort -u | tr '\n' ' ')"
  awk -v pinned=" $pinned" '
    # cargo tree: the first line is the package itself; "(*)" marks a
    # repeat; a path dependency shows its directory in parentheses.
    FNR == NR {
      if (FNR == 1 || $0 ~ /\(\/|\(\*\)/ || NF < 2) next
      sub(/^v/, "", $2)
      if (!($1 in locked)) { locked[$1] = $2; order[++n] = $1 }
      next
    }
    # cargo update --dry-run --verbose:
    #   Updating NAME vA -> vB [(available: vC)]
    #   Unchanged NAME vA (available: vC)
    ($1 == "Updating" || $1 == "Unchanged") && ($2 in locked) {
      v = $3; sub(/^v/, "", v)
      if (v != locked[$2]) next
      if ($1 == "Updating") { c = $5; sub(/^v/, "", c); compatible[$2] = c }
      if (match($0, /\(available: v[^)]*\)/)) {
        newer[$2] = substr($0, RSTART + 13, RLENGTH - 14)
      }
    }
    END {
      format = "%-22s %-10s %-11s %-10s %s\n"
      for (i = 1; i <= n; i++) {
        name = order[i]
        if (!(name in compatible) && !(name in newer)) continue
        if (!shown++) printf format, "crate", "locked", "compatible", "newer", ""
        note = ""
        if ((name in newer) && index(pinned, " " name " ")) {
          note = "pinned with = in Cargo.toml on purpose"
        } else if (name in newer) {
          note = "edit Cargo.toml to move"
        }
        printf format, name, locked[name], \
          (name in compatible) ? compatible[name] : "-", \
          (name in newer) ? newer[name] : "-", note
      }
      if (shown) {
        printf "%d of %d direct dependencies have a newer release", shown, n
        printf " (`cargo update` takes the compatible ones).\n"
      } else {
        printf "all %d direct dependencies are at their newest release.\n", n
      }
    }
  ' <(printf '%s\n' "$direct") <(printf '%s\n' "$updates")
  echo
}

report Cargo.toml
report fuzz/Cargo.toml
exit 0
