# Sourced by ./mvnw, ./art32 and .ci/run: export JAVA_HOME pointing at a JDK >= 21.
# Order: JAVA_HOME when it is new enough, then javac on PATH, then the JDKs under /usr/lib/jvm.
art32_java_feature() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
art32_find_jdk() {
  local candidate version javac_path
  javac_path=$(command -v javac 2>/dev/null || true)
  [ -n "$javac_path" ] && javac_path=$(dirname "$(dirname "$(readlink -f "$javac_path")")")
  # find, not a glob: mvnw runs with globbing off (set -f).
  for candidate in "${JAVA_HOME:-}" "$javac_path" $(find /usr/lib/jvm -mindepth 1 -maxdepth 1 2>/dev/null | sort -r); do
    candidate=${candidate%/}
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    version=$(art32_java_feature "$candidate")
    if [ -n "$version" ] && [ "$version" -ge 21 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
if ART32_JDK=$(art32_find_jdk); then
  export JAVA_HOME="$ART32_JDK"
else
  echo "error: art32 needs a JDK 21 or newer; none found in JAVA_HOME, PATH or /usr/lib/jvm" >&2
  exit 3
fi
