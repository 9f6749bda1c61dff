#!/usr/bin/env bash
# Runs the benchmarks on demand (CI only builds them). Usage, from anywhere:
#   benchmarks/run.sh [all|cache|wire|cold|herd|footprint|fleet|versus|versus-tls]...
# Environment: JMH_OPTS (default "-f 1 -wi 3 -w 2s -i 8 -r 2s -prof gc -prof dev.commerceauth.benchmarks.CpuTimeProfiler"), COLD_ROUNDS (20), HERD_ROUNDS (20), FLEET_SECONDS (20 per run),
# VERSUS_ARGS (default "5 400 10": fetch rounds, fetches per round and side, cold-start rounds; JVM options for the
# cold-start children may follow),
# BUILD=0 to reuse an existing benchmarks/target/benchmarks.jar.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/benchmarks/target/benchmarks.jar"
results="$root/benchmarks/target/results"
jmh_opts=${JMH_OPTS:-"-f 1 -wi 3 -w 2s -i 8 -r 2s -prof gc -prof dev.commerceauth.benchmarks.CpuTimeProfiler"}
[ $# -eq 0 ] && set -- all
for what in "$@"; do
  case "$what" in
    all|cache|wire|cold|herd|footprint|fleet|versus|versus-tls) ;;
    *) echo "unknown benchmark: $what (all|cache|wire|cold|herd|footprint|fleet|versus|versus-tls)" >&2; exit 2 ;;
  esac
done
mkdir -p "$results"

if [ "${BUILD:-1}" != 0 ] || [ ! -f "$jar" ]; then
  echo "== building benchmarks/target/benchmarks.jar (mvn -B -q -pl benchmarks -am package -DskipTests)"
  (cd "$root" && mvn -B -q -pl benchmarks -am package -DskipTests > "$results/build.log" 2>&1) \
    || { cat "$results/build.log" >&2; exit 1; }
fi

jmh() { # name regex
  echo "== $1: java -jar benchmarks/target/benchmarks.jar $2 $jmh_opts"
  # shellcheck disable=SC2086
  java -jar "$jar" "$2" $jmh_opts -rf json -rff "$results/$1.json" | tee "$results/$1.txt" | sed -n '/^Benchmark /,$p'
  java -cp "$jar" dev.commerceauth.benchmarks.Ratios "$results/$1.json"
  echo
}

for what in "$@"; do
  case "$what" in
    cache) jmh cache-hit CacheHitBenchmark ;;
    wire) jmh wire-overhead WireOverheadBenchmark ;;
    cold) echo "== cold start"; java -cp "$jar" dev.commerceauth.benchmarks.ColdStartDriver "${COLD_ROUNDS:-20}"; echo ;;
    herd) echo "== herd"; java -cp "$jar" dev.commerceauth.benchmarks.HerdDriver "${HERD_ROUNDS:-20}"; echo ;;
    footprint) echo "== footprint"; "$root/benchmarks/footprint.sh"; echo ;;
    fleet) echo "== fleet"; java -cp "$jar" dev.commerceauth.benchmarks.FleetDriver "${FLEET_SECONDS:-20}"; echo ;;
    versus) echo "== versus Nimbus and Spring Security (issue 15 table): uptime $(uptime)"
      # shellcheck disable=SC2086
      java -cp "$jar" dev.commerceauth.benchmarks.VersusDriver ${VERSUS_ARGS:-5 400 10} | tee "$results/versus.txt"; echo ;;
    versus-tls) echo "== versus over https (a TLS front before the emulator): uptime $(uptime)"
      # shellcheck disable=SC2086
      java -Dversus.tls=true -cp "$jar" dev.commerceauth.benchmarks.VersusDriver ${VERSUS_ARGS:-5 400 10} | tee "$results/versus-tls.txt"; echo ;;
    all) BUILD=0 "$0" cache wire cold herd footprint fleet versus versus-tls ;;
  esac
done
