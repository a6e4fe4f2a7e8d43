#!/usr/bin/env bash
# Ingest throughput: uploads through the gateway (gateway -> ingest-api -> S3 + Kafka ack) versus
# PUTs of the same bytes straight to the same S3 server, 16 concurrent clients each, in one run.
# Usage: bench/ingest-throughput.sh [--rounds N] [--concurrency N]
set -euo pipefail
cd "$(dirname "$0")/.."
. devstack/bin/find-jdk.sh
lake_find_jdk
bench/corpus.sh
./mvnw -q -B -DskipTests package -pl bench -am
exec "$JAVA_HOME/bin/java" -Xmx2g -cp "bench/target/classes:$(cat bench/target/bench.classpath)" \
  io.imagelake.bench.IngestThroughput --corpus bench/.corpus "$@"
