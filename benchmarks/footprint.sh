#!/usr/bin/env bash
# Footprint: total bytes of the runtime class path of sdk-core (its jar, sdk-generated's jar and
# every runtime dependency) versus the same SDK jars on the Kotlin line: Retrofit 3.0.0 with
# converter-gson 3.0.0 and OkHttp 4.12.0 (whose Kotlin standard library and okio 3 come in
# transitively); every other dependency keeps its version. Both class paths are resolved by Maven's
# dependency:build-classpath, not guessed, and both include the same sdk-core and sdk-generated jars.
#
# The Kotlin-line POM is written to a temporary directory at run time and has no reactor parent
# (the parent's enforcer bans it, and no committed pom.xml may name that line).
#
# Usage: benchmarks/footprint.sh            (from anywhere; needs Maven and network access to Central)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mvn_q=(mvn -B -q)
dep_plugin=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
next_major=3 # the Retrofit major on the Kotlin line

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
quiet() { "$@" > "$tmp/mvn.log" 2>&1 || { cat "$tmp/mvn.log" >&2; exit 1; }; }

# 1. The SDK as built: package sdk-core (and sdk-generated), then its runtime class path and the
#    coordinates on it. A relative output file is resolved against each module's directory.
quiet "${mvn_q[@]}" -f "$root/pom.xml" -pl sdk-core -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
  "$dep_plugin:build-classpath" "$dep_plugin:list" -DincludeScope=runtime \
  -Dmdep.outputFile=target/footprint-classpath.txt -DoutputFile=target/footprint-dependencies.txt
own_jars=$(ls "$root"/sdk-core/target/sdk-core-*.jar | grep -v -e '-sources' -e '-javadoc')
{ echo "$own_jars"; tr ':' '\n' < "$root/sdk-core/target/footprint-classpath.txt"; echo; } | sed '/^$/d' > "$tmp/kotlin-free.list"

# 2. The same code on the Kotlin line: a throw-away project with sdk-core's third-party runtime
#    dependencies, Retrofit and converter-gson moved to ${next_major}.0.0 and OkHttp to 4.12.0 (okio
#    is dropped: OkHttp 4 brings its own okio 3). Everything else keeps its version.
deps=$(awk '$1 ~ /^[^:]+:[^:]+:jar:/ {print $1}' "$root/sdk-core/target/footprint-dependencies.txt" | awk -F: -v major="$next_major" '
  $1 == "dev.commerceauth" || $1 == "com.squareup.okio" { next }
  $1 == "com.squareup.retrofit2" { $4 = major ".0.0" }
  $1 == "com.squareup.okhttp3" { $4 = "4.12.0" }
  { printf "    <dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version></dependency>\n", $1, $2, $4 }')
cat > "$tmp/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>footprint.probe</groupId>
  <artifactId>kotlin-line</artifactId>
  <version>1</version>
  <dependencies>
$deps
  </dependencies>
</project>
POM
quiet "${mvn_q[@]}" -f "$tmp/pom.xml" "$dep_plugin:build-classpath" -DincludeScope=runtime -Dmdep.outputFile="$tmp/kotlin.cp"
sdk_generated_jar=$(grep -o '[^:]*/sdk-generated[^:]*\.jar' "$root/sdk-core/target/footprint-classpath.txt" || true)
{ echo "$own_jars"; echo "$sdk_generated_jar"; tr ':' '\n' < "$tmp/kotlin.cp"; echo; } | sed '/^$/d' > "$tmp/kotlin.list"
echo "Kotlin-line dependencies (throw-away POM, not committed):"
sed -n 's:.*<groupId>\(.*\)</groupId><artifactId>\(.*\)</artifactId><version>\(.*\)</version>.*:  \1\:\2\:\3:p' "$tmp/pom.xml"
echo

# 3. Sum and print.
report() { # title list-file -> prints the jars, returns the total in $total
  echo "$1"
  total=0
  while read -r jar; do
    size=$(stat -c %s "$jar")
    total=$((total + size))
    printf '  %10d  %s\n' "$size" "$(basename "$jar")"
  done < "$2"
  printf '  %10d  total (%s KiB)\n\n' "$total" "$((total / 1024))"
}
report "sdk-core runtime class path (Kotlin-free: Retrofit 2.12 / OkHttp 3.14.9 / okio 1.17):" "$tmp/kotlin-free.list"
free_total=$total
report "same SDK jars on Retrofit ${next_major} / OkHttp 4.12 (with the Kotlin standard library, okio 3):" "$tmp/kotlin.list"
kotlin_total=$total
awk -v a="$free_total" -v b="$kotlin_total" 'BEGIN {
  printf "| class path | bytes | KiB |\n|---|---:|---:|\n"
  printf "| sdk-core as built (Kotlin-free) | %d | %d |\n", a, a / 1024
  printf "| same on Retrofit 3 / OkHttp 4 (Kotlin) | %d | %d |\n", b, b / 1024
  printf "ratio Kotlin-free / Kotlin line: %.2f (%.0f %% smaller)\n", a / b, 100 * (1 - a / b) }'
