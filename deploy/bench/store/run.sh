#!/usr/bin/env bash
# Builds the local stack's wire server (deploy/local) and the bench, then runs the store benchmark.
# Options pass through: --backends=h2,journal --partners=10000 --duration=20 --warmup=5
# --find-rate=50 --page-rate=100 --write-rate=20 --work=target/bench-run (see ../README.md).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cd "$root"
if [[ "${PP_SKIP_BUILD:-0}" != "1" ]]; then
  ./mvnw -B -q -pl deploy/local -am package -DskipTests
  ./mvnw -B -q -f deploy/bench/store/pom.xml package -DskipTests
fi
cd "$here"
exec java -Xmx${BENCH_XMX:-1g} -cp "target/classes:target/lib/*" org.partnerportal.bench.StoreBench --repo="$root" "$@"
