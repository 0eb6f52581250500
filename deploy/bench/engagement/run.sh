#!/usr/bin/env bash
# Builds engagement-service and the bench, then runs the dashboard benchmark.
# Options pass through: --partners=10000 --events=50 --links-per-partner=50 --comms-per-partner=5
# --runs=5 --backend=memory|h2 --service-xmx=256m --mongo-uri=... (see ../README.md).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cd "$root"
if [[ "${PP_SKIP_BUILD:-0}" != "1" ]]; then
  ./mvnw -B -q -pl engagement-service -am package -DskipTests
  ./mvnw -B -q -f deploy/bench/engagement/pom.xml package -DskipTests
fi
cd "$here"
exec java -Xmx${BENCH_XMX:-4g} -cp "target/classes:target/lib/*" org.partnerportal.bench.DashboardBench "$@"
