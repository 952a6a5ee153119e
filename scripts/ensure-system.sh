#!/usr/bin/env bash
# Installs and starts what the tests need beyond npm: Debian's Chromium, Jupyter (for the tslab notebooks) and a
# running PostgreSQL. Idempotent and quiet when everything is already there.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v jupyter-nbconvert >/dev/null 2>&1 || need+=(jupyter-nbconvert python3-nbclient jupyter-client)
command -v psql >/dev/null 2>&1 || need+=(postgresql postgresql-client)
if [ ${#need[@]} -gt 0 ]; then
  echo "ensure-system: installing ${need[*]} from Debian's packages" >&2
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# PostgreSQL at 127.0.0.1:5432 (trust auth, database test) unless TEST_DATABASE_URL points elsewhere.
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    echo "ensure-system: starting PostgreSQL" >&2
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
  psql -h 127.0.0.1 -U postgres -d postgres -tAc "select 1 from pg_database where datname = 'test'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -d postgres -qc "create database test"
fi
