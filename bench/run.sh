#!/usr/bin/env bash
# Runs one benchmark main class: finds JDK 25, fetches the corpus, builds the bench module.
# Usage: bench/run.sh <main class> [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
. devstack/bin/find-jdk.sh
lake_find_jdk
bench/corpus.sh
./mvnw -q -B -DskipTests package -pl bench -am
main=$1
shift
exec "$JAVA_HOME/bin/java" -Xmx3g -Djava.awt.headless=true -cp "bench/target/classes:$(cat bench/target/bench.classpath)" "$main" "$@"
