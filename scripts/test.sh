#!/usr/bin/env bash
# Set up and run every test. As root (CI) it installs what the tests need from Debian
# (PostgreSQL, chromium, poppler-utils); otherwise it says which tests it has to skip.
set -euo pipefail
source "$(dirname "$0")/setup-venv.sh" test

apt_packages=(postgresql chromium poppler-utils)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing from Debian: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "NOT root: cannot install ${missing[*]}; the tests needing them will be SKIPPED." >&2
  fi
fi

if [ -z "${BREACHFLOW_TEST_POSTGRES_URL:-}" ] && [ -x scripts/postgres.sh ]; then
  if exports=$(scripts/postgres.sh); then
    eval "$exports"
  else
    echo "No PostgreSQL server: the PostgreSQL tests will be SKIPPED." >&2
  fi
fi

ruff check .
mypy
# The tests start about a hundred Python processes (serve, workers, flow runs, the CLI): each
# would compile breachflow's modules again where bytecode is not written (a machine setting
# PYTHONDONTWRITEBYTECODE), about 0.3 s of CPU each. Compiled once here instead.
unset PYTHONDONTWRITEBYTECODE
python -m compileall -q -j 0 breachflow rules models flows notifiers documents intake locales examples
# Three test processes on two cores (BREACHFLOW_TEST_PROCESSES to change): the tests sharing one
# served service stay in one of them (xdist group "served") and mostly wait on it, so the
# other two keep both cores busy.
# A base folder of this run's own: pytest prunes old runs under the shared
# /tmp/pytest-of-USER, which would pull the data folder from under a concurrent run.
basetemp="$(mktemp -d "${TMPDIR:-/tmp}/breachflow-tests.XXXXXX")"
exec pytest -n "${BREACHFLOW_TEST_PROCESSES:-3}" --dist loadgroup --basetemp "$basetemp" "$@"
