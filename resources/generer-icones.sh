#!/usr/bin/env bash
# Regenerates the application icons (PNG for Linux, ICO for Windows) with ImageMagick.
set -euo pipefail
cd "$(dirname "$0")"
FONTE=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
convert -size 1024x1024 xc:none \
  -fill '#1b4b91' -draw 'roundrectangle 64,64 960,960 180,180' \
  -fill '#ffffff' -draw 'roundrectangle 250,250 774,774 40,40' \
  -fill '#1b4b91' -draw 'rectangle 330,360 694,400' -draw 'rectangle 330,450 694,490' -draw 'rectangle 330,540 560,580' \
  -fill '#f0a500' -draw 'circle 660,640 660,720' \
  -fill '#ffffff' -stroke '#ffffff' -strokewidth 22 -draw "line 620,642 650,675" -draw "line 650,675 704,608" \
  icon-1024.png
convert icon-1024.png -resize 512x512 icon.png
for t in 16 24 32 48 64 128 256 512; do convert icon-1024.png -resize ${t}x${t} icons/${t}x${t}.png; done
convert icons/16x16.png icons/24x24.png icons/32x32.png icons/48x48.png icons/64x64.png icons/128x128.png icons/256x256.png icon.ico
rm icon-1024.png
