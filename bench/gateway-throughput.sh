#!/usr/bin/env bash
# The read path: small GETs (an image by id, a 404, a feed page) through the gateway against the same requests
# straight to catalog-service, in turns, in one run. Usage: bench/gateway-throughput.sh [--concurrency N] [--seconds N] [--turns N] [--warmup N]
exec "$(dirname "$0")/run.sh" io.imagelake.bench.GatewayThroughput "$@"
