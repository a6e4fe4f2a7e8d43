#!/usr/bin/env bash
# Near-duplicate detection quality (precision/recall per Hamming distance k) on real photos.
set -euo pipefail
cd "$(dirname "$0")/.."
. devstack/bin/find-jdk.sh
lake_find_jdk
bench/corpus.sh
./mvnw -q -B -DskipTests package -pl bench -am
exec "$JAVA_HOME/bin/java" -Xmx3g -Djava.awt.headless=true -cp "bench/target/classes:$(cat bench/target/bench.classpath)" \
  io.imagelake.bench.DedupeQuality bench/.corpus/originals
