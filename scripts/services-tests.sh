#!/usr/bin/env bash
# Concurrency and multi-process tests, against the PostgreSQL and Redis servers.
# Locally they are skipped (with a notice) when the servers do not answer; in CI
# (CI=true) that fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

database_url=${PARCOURS_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
redis_url=${PARCOURS_TEST_REDIS_URL:-redis://127.0.0.1:6379/9}

if ! .venv/bin/python scripts/services_up.py "$database_url" "$redis_url"; then
  if [ "${CI:-}" = "true" ]; then
    echo "CI needs PostgreSQL and Redis for these tests." >&2
    exit 1
  fi
  echo "Skipped the PostgreSQL/Redis tests: the servers do not answer (see above)."
  exit 0
fi
DATABASE_URL=$database_url REDIS_URL=$redis_url .venv/bin/pytest tests/services -p no:cacheprovider
