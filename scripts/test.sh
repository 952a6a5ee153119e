#!/usr/bin/env bash
# `npm test`: every check of the project — types, lint and import rules, then every test (unit and integration)
# against real PostgreSQL, DuckDB, Jupyter, headless Chromium and a BigQuery emulator. Arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC
bash scripts/ensure-system.sh

if [ $# -gt 0 ]; then
  bash scripts/typecheck.sh
  npm run --silent lint
  exec npx vitest run "$@"
fi

# The BigQuery tests spend most of their time waiting on the emulator (a separate process): they run in a
# second vitest beside the checks and the rest of the suite, and both must pass. Their output follows the rest's.
bigquery_log="$(mktemp)"
npx vitest run --project integration test/bigquery >"$bigquery_log" 2>&1 &
bigquery=$!
trap 'kill "$bigquery" 2>/dev/null || true; rm -f "$bigquery_log"' EXIT

bash scripts/typecheck.sh
npm run --silent lint
status=0
TEST_BIGQUERY_BESIDE=1 npx vitest run || status=$?
bigquery_status=0
wait "$bigquery" || bigquery_status=$?
echo
echo "== BigQuery emulator tests (test/bigquery, run beside the rest) =="
cat "$bigquery_log"
if [ "$status" -ne 0 ] || [ "$bigquery_status" -ne 0 ]; then
  echo "npm test: failed (suite exit $status, BigQuery tests exit $bigquery_status)" >&2
  exit 1
fi
