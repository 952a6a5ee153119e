#!/usr/bin/env bash
# Runs a BigQuery emulator (local-bigquery: DuckDB behind BigQuery's REST API, SQL translated by sqlglot) in the
# foreground on 127.0.0.1:PORT, for any project id. Installs it into the git-ignored .venv-bigquery/ first when
# missing. Usage: bash scripts/bigquery-emulator.sh PORT [DATA_DIR]
# Why these pins: local-bigquery 0.4 needs duckdb 2.0, whose icu/spatial/ducklake extensions are fetched from
# the network at start (offline it fails); 0.3.2 on duckdb 1.5.5 runs with the extensions from PyPI wheels.
# bqemulator fails offline too (it downloads DuckDB's spatial extension).
set -euo pipefail

PORT="${1:?usage: bash scripts/bigquery-emulator.sh PORT [DATA_DIR]}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${BIGQUERY_EMULATOR_VENV:-$ROOT/.venv-bigquery}"
DATA_DIR="${2:-$VENV/data/$PORT}"
DUCKDB_VERSION=1.5.5
# DuckDB installs extensions under $HOME/.duckdb: a HOME inside the venv keeps them in the project.
EMULATOR_HOME="$VENV/home"

find_python() {
  if command -v python3.13 >/dev/null 2>&1 && python3.13 -c 'import sys' >/dev/null 2>&1; then
    command -v python3.13
    return
  fi
  local root
  root="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"
  for candidate in "$root"/versions/3.13*/bin/python3.13; do
    if [ -x "$candidate" ]; then
      echo "$candidate"
      return
    fi
  done
  echo "bigquery-emulator: needs Python 3.13 (python3.13 on PATH or under \$(pyenv root)/versions/3.13*); none found" >&2
  exit 1
}

install() {
  local python
  python="$(find_python)"
  echo "bigquery-emulator: installing local-bigquery into $VENV (with $python)" >&2
  rm -rf "$VENV"
  "$python" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet 'local-bigquery==0.3.2' "duckdb==$DUCKDB_VERSION" \
    "duckdb-extension-icu==$DUCKDB_VERSION" "duckdb-extension-ducklake==$DUCKDB_VERSION" \
    "duckdb-extension-spatial==$DUCKDB_VERSION" >&2
  mkdir -p "$EMULATOR_HOME"
  HOME="$EMULATOR_HOME" "$VENV/bin/python" - "$VENV" "$DUCKDB_VERSION" <<'PY'
import duckdb, glob, sys
venv, version = sys.argv[1], sys.argv[2]
files = glob.glob(f"{venv}/lib/python3.13/site-packages/duckdb_extension_*/extensions/v{version}/*.duckdb_extension")
if len(files) < 3:
    sys.exit(f"bigquery-emulator: expected the icu, ducklake and spatial extension files, found {files}")
connection = duckdb.connect()
for file in files:
    connection.install_extension(file)
PY
  touch "$VENV/.installed"
}

[ -f "$VENV/.installed" ] || install

mkdir -p "$DATA_DIR"
export HOME="$EMULATOR_HOME"
GRPC_PORT="${BIGQUERY_EMULATOR_GRPC_PORT:-$((PORT + 1))}"
echo "bigquery-emulator: serving on http://127.0.0.1:$PORT (gRPC $GRPC_PORT), data in $DATA_DIR" >&2
exec "$VENV/bin/local-bigquery" serve --host 127.0.0.1 --port "$PORT" --grpc-port "$GRPC_PORT" --project test --data-dir "$DATA_DIR"
