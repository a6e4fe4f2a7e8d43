#!/usr/bin/env bash
# Normalizer throughput: the silver rendition of real photos versus vipsthumbnail (long edge 1024,
# JPEG q85, metadata stripped) on the same files, single-threaded and on all cores, in one run.
# Usage: bench/normalizer-throughput.sh [--rounds N] [--threads N]
set -euo pipefail
. "$(dirname "$0")/need-vips.sh"
exec "$(dirname "$0")/run.sh" io.imagelake.bench.NormalizerThroughput --corpus bench/.corpus/originals "$@"
