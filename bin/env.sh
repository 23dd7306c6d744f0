# Sourced by the project's scripts: finds JDK 25 and puts it in JAVA_HOME and PATH.
# The machine's default java may be older; the build needs 25 (--release 25, java.lang.classfile).
find_jdk25() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* /usr/lib/jvm/jdk-25*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    if "$candidate/bin/java" -version 2>&1 | head -1 | grep -q '"25'; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}
JAVA_HOME=$(find_jdk25) || { echo "multiverse: JDK 25 not found (looked in JAVA_HOME and /usr/lib/jvm); install Temurin 25" >&2; exit 1; }
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
MULTIVERSE_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export MULTIVERSE_HOME
