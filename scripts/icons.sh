#!/usr/bin/env bash
# Renders the app's icon (assets/icon.svg) as the PNG icons the web app
# manifest lists, which a phone shows on its home screen and which
# Chromium requires (192 and 512 px) before it offers to install the app:
#
#   assets/icon-192.png            192 x 192, the icon as drawn
#   assets/icon-512.png            512 x 512, the icon as drawn
#   assets/icon-maskable-512.png   512 x 512, "maskable": the launcher crops
#                                  it to its own shape (circle, squircle...),
#                                  so the background fills the whole square
#                                  and the tablet sits inside the safe zone
#
#   make icons        installs rsvg-convert (Debian's librsvg2-bin) if
#                     missing, then this
#
# The output is committed: building the app needs no image tool. The same
# rsvg-convert version writes the same bytes (the SVG uses no font), so
# running this again changes nothing unless the SVG or the sizes change; it
# checks the version (scripts/install.sh pins it) and fails on any other.
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned in scripts/install.sh too (RSVG_VERSION); keep them equal.
readonly RSVG_VERSION=2.54.7
readonly SRC=assets/icon.svg
readonly OUT=assets
# The maskable icon: 512 px, the icon drawn at 384 px (75%) in the middle
# of a square of its own blue. A maskable icon's safe zone is the centred
# circle of radius 40% of its width (W3C "Maskable icon" safe zone); the
# tablet's circle, 23.25 of the SVG's 64 units in radius, then has a radius
# of 139.5 px, 27% of 512, well inside it.
readonly MASKABLE_SIZE=512
readonly MASKABLE_ICON=384
readonly MASKABLE_BACKGROUND="#0b5cad"

found="$(rsvg-convert --version 2>/dev/null | awk '{ print $3; exit }' || true)"
if [[ "$found" != "$RSVG_VERSION" ]]; then
  echo "scripts/icons.sh: needs rsvg-convert $RSVG_VERSION, found '${found:-none}' (run scripts/install.sh icons)" >&2
  exit 1
fi

for size in 192 512; do
  rsvg-convert --width "$size" --height "$size" "$SRC" --output "$OUT/icon-$size.png"
done
margin=$(((MASKABLE_SIZE - MASKABLE_ICON) / 2))
rsvg-convert --page-width "$MASKABLE_SIZE" --page-height "$MASKABLE_SIZE" \
  --left "$margin" --top "$margin" --width "$MASKABLE_ICON" --height "$MASKABLE_ICON" \
  --background-color "$MASKABLE_BACKGROUND" "$SRC" --output "$OUT/icon-maskable-$MASKABLE_SIZE.png"

for png in "$OUT"/icon-192.png "$OUT"/icon-512.png "$OUT/icon-maskable-$MASKABLE_SIZE.png"; do
  printf 'icons: %s, %d bytes\n' "$png" "$(stat -c %s "$png")"
done
