# Sourced by ./lake and .ci/run: exports JAVA_HOME of a JDK 25+ or stops with a clear message.
# Order: $JAVA_HOME if it is 25+, then the system JVM directory (/usr/lib/jvm), newest first.
lake_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

lake_find_jdk() {
  local candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(lake_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME; return 0
    fi
  fi
  for candidate in $(ls -d /usr/lib/jvm/*/ /opt/java/*/ /opt/jdk*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    major=$(lake_java_major "$candidate")
    if [ "${major:-0}" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"; return 0
    fi
  done
  echo "ImageLake needs a JDK 25 or newer (Trino 476 needs 24+); none found." >&2
  echo "Set JAVA_HOME to one, or install one under /usr/lib/jvm (e.g. Temurin 25)." >&2
  return 1
}
