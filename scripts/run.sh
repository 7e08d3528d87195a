#!/usr/bin/env bash
# Set up and run the whole breachflow service on its embedded defaults (SQLite, a local Prefect
# server, files under ./data). Needs only Python 3.11+ and the package registries.
# Arguments go to `breachflow serve` (e.g. --port 8000 --prefect-port 4200).
set -euo pipefail
source "$(dirname "$0")/setup-venv.sh" ""
export BREACHFLOW_DATA_DIR="${BREACHFLOW_DATA_DIR:-$PWD/data}"
exec breachflow serve "$@"
