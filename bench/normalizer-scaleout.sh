#!/usr/bin/env bash
# image-normalizer scale-out on this machine: 1, 2 and 3 instances in one consumer group drain the same backlog
# (the corpus' originals), images/s each; the goal is the curve's shape within the cores, not a speed-up.
# Usage: bench/normalizer-scaleout.sh [--rounds N] [--instances N]
set -euo pipefail
exec "$(dirname "$0")/run.sh" io.imagelake.bench.NormalizerScaleOut --corpus bench/.corpus "$@"
