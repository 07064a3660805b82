#!/usr/bin/env bash
# Converts NLM's baclofen photos (data/nlm-rximage/photos/*.jpg, 300 px wide,
# both faces on a millimetre ruler) into the WebP files the app serves
# (assets/photos/*.webp), the whole picture, uncropped and unscaled.
#
#   make photos        installs cwebp (Debian's `webp`) if missing, then this
#
# The output is committed: building the app needs no image tool. The same
# cwebp version with the same options writes the same bytes, so running
# this again changes nothing unless a photo or the options change; it checks
# the version (scripts/install.sh pins it) and fails on any other.
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned in scripts/install.sh too (CWEBP_VERSION); keep them equal.
readonly CWEBP_VERSION=1.2.4
# Lossy WebP at quality 85, slowest (best) method, no metadata: about 3 KB a
# photo with the imprint and the ruler still legible (quality 75 blurs the
# thin "G" of G / BN / 10).
readonly OPTIONS=(-q 85 -m 6 -metadata none -quiet)
readonly SRC=data/nlm-rximage/photos
readonly OUT=assets/photos

found="$(cwebp -version 2>/dev/null || true)"
if [[ "$found" != "$CWEBP_VERSION" ]]; then
  echo "scripts/photos.sh: needs cwebp $CWEBP_VERSION, found '${found:-none}' (run scripts/install.sh photos)" >&2
  exit 1
fi

mkdir -p "$OUT"
rm -f "$OUT"/*.webp
for jpg in "$SRC"/*.jpg; do
  name="$(basename "$jpg" .jpg)"
  cwebp "${OPTIONS[@]}" "$jpg" -o "$OUT/$name.webp"
done

total=0
count=0
for webp in "$OUT"/*.webp; do
  total=$((total + $(stat -c %s "$webp")))
  count=$((count + 1))
done
gz=$(cat "$OUT"/*.webp | gzip -9 | wc -c)
printf 'photos: %d files in %s, %d bytes (%d gzip -9 together)\n' "$count" "$OUT" "$total" "$gz"
