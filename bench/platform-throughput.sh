#!/usr/bin/env bash
# The whole platform: real photos through the gateway to silver; sustained images/s against vipsthumbnail alone on
# the same cores, latency at 50 % and 80 % of that rate, the bottleneck stage, and an overload curve.
# Usage: bench/platform-throughput.sh [--rounds N] [--step-seconds N] [--seconds N] [--overload N] [--recovery N]
set -euo pipefail
. "$(dirname "$0")/need-vips.sh"
exec "$(dirname "$0")/run.sh" io.imagelake.bench.PlatformThroughput --corpus bench/.corpus "$@"
