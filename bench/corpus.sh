#!/usr/bin/env bash
# The benchmark corpus: real photos and artwork from Debian's wallpaper packages (JPEGs only),
# fetched with apt-get download (no install) into bench/.corpus (git-ignored).
set -euo pipefail
cd "$(dirname "$0")"
corpus=.corpus

# Distinct pictures that only serve as non-duplicates in the dedupe benchmark (JPEG and PNG): other
# desktops' wallpapers, one picture per file (not GNOME's light/dark pairs or sway's resized copies).
if [ ! -d "$corpus/distractors" ] || [ -z "$(ls -A "$corpus/distractors" 2>/dev/null)" ]; then
  mkdir -p "$corpus/distractor-debs" "$corpus/distractor-extracted" "$corpus/distractors"
  (
    cd "$corpus/distractor-debs"
    apt-get download lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 ukui-wallpapers 2>/dev/null \
      || { apt-get update -qq && apt-get download lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 ukui-wallpapers; }
  )
  for deb in "$corpus"/distractor-debs/*.deb; do dpkg -x "$deb" "$corpus/distractor-extracted"; done
  find "$corpus/distractor-extracted" -type f \( -iname '*.jpg' -o -iname '*.png' \) -exec cp {} "$corpus/distractors/" \;
  echo "distractors: $(ls "$corpus/distractors" | wc -l) pictures"
fi

if [ -d "$corpus/originals" ] && [ -n "$(ls -A "$corpus/originals" 2>/dev/null)" ]; then
  exit 0
fi
mkdir -p "$corpus/debs" "$corpus/extracted" "$corpus/originals"
(
  cd "$corpus/debs"
  apt-get download mate-backgrounds plasma-workspace-wallpapers 2>/dev/null \
    || { apt-get update -qq && apt-get download mate-backgrounds plasma-workspace-wallpapers; }
)
for deb in "$corpus"/debs/*.deb; do dpkg -x "$deb" "$corpus/extracted"; done
# regular files only (the packages also ship symlinks to the same pictures)
find "$corpus/extracted" -type f \( -iname '*.jpg' -o -iname '*.jpeg' \) | while read -r f; do
  cp "$f" "$corpus/originals/$(echo "$f" | sed 's#.*/extracted/##; s#/#_#g')"
done
echo "corpus: $(ls "$corpus/originals" | wc -l) JPEGs, $(du -sh "$corpus/originals" | cut -f1)"
