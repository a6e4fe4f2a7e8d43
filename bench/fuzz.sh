#!/usr/bin/env bash
# Fuzzing, the long mode: every *FuzzTest (Jazzer, coverage-guided) for --duration each, instead of the suite's 5 s.
# Each keeps its corpus in <module>/.cifuzz-corpus (git-ignored) from run to run; a finding is written beside its
# test as a regression input (src/test/resources/<package>/<Class>Inputs/<method>/), which every later run of the
# suite replays. Ends with two RESULT lines per fuzz test: its findings (goal 0, with its executions) and its slowest
# input (goal: within the decode deadline, 20 s).
# Usage: bench/fuzz.sh [--duration 10m]
set -euo pipefail
cd "$(dirname "$0")/.."
. devstack/bin/find-jdk.sh
lake_find_jdk
duration=10m
if [ "${1:-}" = "--duration" ]; then duration=$2; fi
./mvnw -q -B -DskipTests install -pl ingest-api,image-normalizer -am
log=$(mktemp)
status=0
./mvnw -B test-compile surefire:test@fuzz -pl ingest-api,image-normalizer -Dlake.fuzz.duration="$duration" > "$log" 2>&1 \
  || status=$?
# per fuzz test: the executions libFuzzer reports ("Done N runs in S second(s)") and whether it failed
awk '
  /^\[INFO\] Running / { test = $3 }
  /^Done [0-9]+ runs in/ { runs[test] += $2; secs[test] += $5 }
  /^Slowest unit: [0-9]+ s/ { if ($3 > slowest[test]) slowest[test] = $3 }
  /Tests run: .*in / && /FAILURE/ { failed[$NF] = 1 }
  END {
    for (t in runs) {
      n = split(t, parts, "."); name = parts[n]
      printf "RESULT fuzz-%s value=%d goal=<=0 %s (%d executions in %d s)\n", name, (t in failed), \
        (t in failed) ? "fail" : "pass", runs[t], secs[t]
      # one input decoded for longer than the decode deadline (20 s) is a hang the deadline did not stop
      printf "RESULT fuzz-%s-slowest-input-seconds value=%d goal=<=20 %s\n", name, slowest[t], \
        (slowest[t] <= 20) ? "pass" : "fail"
    }
  }' "$log"
if [ "$status" != 0 ]; then
  echo "a fuzz test found something: its input is under src/test/resources/…/*Inputs/; the log: $log" >&2
fi
exit "$status"
