#!/usr/bin/env bash
# Near-duplicate detection quality (precision/recall per Hamming distance k) on real photos.
exec "$(dirname "$0")/run.sh" io.imagelake.bench.DedupeQuality bench/.corpus/originals bench/.corpus/distractors
