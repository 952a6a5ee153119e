#!/usr/bin/env bash
# `npm test`: every check of the project — types, lint and import rules, then every test (unit and integration)
# against real PostgreSQL, DuckDB, Jupyter and headless Chromium. Arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC
bash scripts/ensure-system.sh
bash scripts/typecheck.sh
npm run --silent lint
npx vitest run "$@"
