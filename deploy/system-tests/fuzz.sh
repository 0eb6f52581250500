#!/usr/bin/env bash
# The fuzzer's long form: FuzzIT alone, with many more requests per (operation, caller) than the
# short form in `./mvnw -B verify`, against a whole stack of its own (started and stopped here).
# It prints what it sent (per operation, caller, kind of input and status) and what it found;
# the same text is left in deploy/system-tests/target/fuzz-report.txt.
#
#   deploy/system-tests/fuzz.sh                 # 40 tries, the fixed seed
#   FUZZ_TRIES=100 FUZZ_SEED=42 PP_PORT_BASE=21000 deploy/system-tests/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
tries="${FUZZ_TRIES:-40}"
seed="${FUZZ_SEED:-20261129}"
base="${PP_PORT_BASE:-20000}"
rm -f deploy/system-tests/target/fuzz-report.txt
# -am builds the services the stack runs; -Dtest/-Dit.test keep every other test out of this run
./mvnw -B -pl deploy/system-tests -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=FuzzIT -Dit.failIfNoSpecifiedTests=false \
  -Dpp.fuzz.tries="$tries" -Dpp.fuzz.seed="$seed" -Dpp.system.port-base="$base" "$@" \
  || status=$?
cat deploy/system-tests/target/fuzz-report.txt 2>/dev/null || echo "no report: the run did not get as far as fuzzing"
exit "${status:-0}"
