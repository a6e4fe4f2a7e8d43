#!/usr/bin/env bash
# Ingest throughput: uploads through the gateway (gateway -> ingest-api -> S3 + Kafka ack) versus
# PUTs of the same bytes straight to the same S3 server, 16 concurrent clients each, in one run.
# Usage: bench/ingest-throughput.sh [--rounds N] [--warmup N] [--concurrency N]
exec "$(dirname "$0")/run.sh" io.imagelake.bench.IngestThroughput --corpus bench/.corpus "$@"
