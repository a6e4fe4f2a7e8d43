#!/usr/bin/env bash
# The stats API on the gold marts against the same aggregation on the raw catalog, the first and the
# incremental refresh's cost, and the marts' freshness under steady writes, in one run.
# Usage: bench/marts-query.sh [--images N] [--tenants N] [--queries N] [--raw-queries N] [--steady 3m]
# The embedded Mongo server keeps its documents on the heap: 1M catalog documents want LAKE_MONGO_HEAP=12g.
export LAKE_MONGO_HEAP=${LAKE_MONGO_HEAP:-12g}
exec "$(dirname "$0")/run.sh" io.imagelake.bench.MartsQuery "$@"
