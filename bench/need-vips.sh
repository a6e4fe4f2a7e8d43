#!/usr/bin/env bash
# Sourced by the benches whose reference is vipsthumbnail: installs it from Debian's packages when missing (a root
# shell on the bench machine), or says how to.
if ! command -v vipsthumbnail > /dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq --no-install-recommends libvips-tools > /dev/null \
      || { apt-get update -qq && apt-get install -y -qq --no-install-recommends libvips-tools > /dev/null; }
  else
    echo "needs vipsthumbnail: sudo apt-get install libvips-tools" >&2
    exit 1
  fi
fi
