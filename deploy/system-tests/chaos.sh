#!/usr/bin/env bash
# The long form of the fault-injection run (ChaosIT, see README.md): a few hundred partners through
# the whole journey while services, the gateway and once Kafka are killed and restarted; prints what
# it injected and what the books show, and leaves the report in target/chaos-report.txt.
#   deploy/system-tests/chaos.sh [--partners=300] [--threads=12] [--kills=12] [--fault-gap=PT20S]
#                             [--seed=N] [--port-base=20000]
# Without --seed each run draws its own (printed at the start and in a failure); the test command's
# short run has a fixed one (pp.chaos.seed in deploy/system-tests/pom.xml).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
partners=300 threads=12 kills=12 gap=PT20S seed=random base=20000
for arg in "$@"; do
  case "$arg" in
    --partners=*) partners="${arg#*=}" ;;
    --threads=*) threads="${arg#*=}" ;;
    --kills=*) kills="${arg#*=}" ;;
    --fault-gap=*) gap="${arg#*=}" ;;
    --seed=*) seed="${arg#*=}" ;;
    --port-base=*) base="${arg#*=}" ;;
    *) echo "unknown option $arg" >&2; sed -n '2,6p' "$0" >&2; exit 2 ;;
  esac
done
cd "$root"
# the reactor builds what the stack runs; only ChaosIT runs (no unit tests, no other system test)
exec ./mvnw -B -pl deploy/system-tests -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ChaosIT -Dfailsafe.failIfNoSpecifiedTests=false -Dpp.system.port-base="$base" \
  -Dpp.chaos.partners="$partners" -Dpp.chaos.threads="$threads" -Dpp.chaos.kills="$kills" \
  -Dpp.chaos.fault-gap="$gap" -Dpp.chaos.seed="$seed"
