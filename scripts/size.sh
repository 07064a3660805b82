#!/usr/bin/env bash
# Prints the size of the app's .wasm and .js in dist/, raw and as a
# browser downloads them (gzip -9), plus the total.
set -euo pipefail
dist="${1:-dist}"
shopt -s nullglob
files=("$dist"/*.wasm "$dist"/*.js)
if [[ ${#files[@]} -eq 0 ]]; then
  echo "scripts/size.sh: no .wasm or .js in $dist/: run \`make dist\` first" >&2
  exit 1
fi
total_raw=0 total_gz=0
printf '%-48s %10s %10s\n' "file" "bytes" "gzip -9"
for f in "${files[@]}"; do
  raw=$(wc -c <"$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz))
  printf '%-48s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-48s %10d %10d\n' "total" "$total_raw" "$total_gz"
