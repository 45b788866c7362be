#!/usr/bin/env bash
# Renders assets/icon/chiso.svg into the PNG files the .deb installs and the
# .ico that build.rs embeds in chiso.exe. The outputs are committed, so a build
# needs neither tool; run this after changing the SVG.
# Needs rsvg-convert (librsvg2-bin) and ImageMagick's convert.
set -euo pipefail
cd "$(dirname "$0")/../assets/icon"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for size in 16 24 32 48 64 128 256; do
  # Each size rendered from the vector, not scaled down from 256: sharper edges.
  rsvg-convert -w "$size" -h "$size" chiso.svg -o "$tmp/$size.png"
done
for size in 48 128 256; do
  cp "$tmp/$size.png" "chiso-$size.png"
done
# ImageMagick stores 256 px as PNG and the small sizes as bitmaps, as Windows expects.
convert "$tmp"/{16,24,32,48,64,128,256}.png chiso.ico
ls -l chiso.svg chiso-*.png chiso.ico
