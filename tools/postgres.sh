#!/usr/bin/env bash
# Makes sure the local PostgreSQL answers on 127.0.0.1:5432, starting the Debian cluster if it
# is down. The PostgreSQL half of the tests always runs; only KOKEN_SKIP_POSTGRES=1 skips it.
set -euo pipefail

if [ -n "${KOKEN_SKIP_POSTGRES:-}" ] && [ "${KOKEN_SKIP_POSTGRES}" != 0 ]; then
  echo "KOKEN_SKIP_POSTGRES is set: the PostgreSQL tests will be skipped"
  exit 0
fi
if [ -n "${KOKEN_TEST_POSTGRES_URL:-}" ]; then
  echo "using PostgreSQL at KOKEN_TEST_POSTGRES_URL"
  exit 0
fi

ready() { pg_isready -q -h 127.0.0.1 -p 5432; }
if ready; then
  echo "PostgreSQL is running"
  exit 0
fi

echo "PostgreSQL is down: starting it"
version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$version" ]; then
  echo "error: no PostgreSQL cluster under /etc/postgresql. Install PostgreSQL, point" >&2
  echo "KOKEN_TEST_POSTGRES_URL at a server, or set KOKEN_SKIP_POSTGRES=1." >&2
  exit 1
fi
pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do
  ready && { echo "PostgreSQL is running"; exit 0; }
  sleep 1
done
echo "error: PostgreSQL does not answer on 127.0.0.1:5432 after 30 s." >&2
echo "Check /var/log/postgresql/, or set KOKEN_SKIP_POSTGRES=1 to skip the PostgreSQL tests." >&2
exit 1
