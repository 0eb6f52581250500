#!/usr/bin/env bash
# Gateway overhead: the same request direct to a (stand-in) service and through the packaged gateway,
# open loop at a fixed rate; prints p50/p99/max and throughput for both and the difference.
# Options pass through: --rate=200 --duration=30 --warmup=15 --mode=interleaved|sequential
# --gateway-xmx=256m --target-ms=2 (see ../README.md). PP_SKIP_BUILD=1 uses the jar as it is.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cd "$root"
if [[ "${PP_SKIP_BUILD:-0}" != "1" || ! -f gateway/target/quarkus-app/quarkus-run.jar ]]; then
  ./mvnw -B -q -pl gateway -am install -DskipTests
fi
exec java -Xmx${BENCH_XMX:-512m} "$here/GatewayBench.java" --gateway-jar=gateway/target/quarkus-app/quarkus-run.jar \
  --work="$here/target/bench-run" "$@"
