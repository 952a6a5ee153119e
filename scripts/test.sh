#!/usr/bin/env bash
# `npm test`: every test of the project, against real PostgreSQL, DuckDB, Jupyter and headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC
bash scripts/ensure-system.sh
npx tsc --noEmit -p .
npx vitest run "$@"
