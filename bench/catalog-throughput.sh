#!/usr/bin/env bash
# catalog-service projection (events/s) and feed reads (items/s) against raw insertMany/find on
# the same Mongo server, in one run; ends with RESULT catalog-projection-vs-insertMany (goal >= 0.5) and
# catalog-feed-vs-find (goal >= 0.7). Usage: bench/catalog-throughput.sh [--images N] [--feed-images N] [--page N]
exec "$(dirname "$0")/run.sh" io.imagelake.bench.CatalogThroughput "$@"
