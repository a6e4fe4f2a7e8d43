#!/usr/bin/env bash
# Normalizer throughput: the silver rendition of real photos versus vipsthumbnail (long edge 1024,
# JPEG q85, metadata stripped) on the same files, single-threaded and on all cores, in one run.
# Usage: bench/normalizer-throughput.sh [--rounds N] [--threads N]
set -euo pipefail
if ! command -v vipsthumbnail > /dev/null; then
  # the reference, from Debian's packages (a root shell on the bench machine installs it)
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq --no-install-recommends libvips-tools > /dev/null \
      || { apt-get update -qq && apt-get install -y -qq --no-install-recommends libvips-tools > /dev/null; }
  else
    echo "needs vipsthumbnail: sudo apt-get install libvips-tools" >&2
    exit 1
  fi
fi
exec "$(dirname "$0")/run.sh" io.imagelake.bench.NormalizerThroughput --corpus bench/.corpus/originals "$@"
