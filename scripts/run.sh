#!/usr/bin/env bash
# Set up and run breachflow on its embedded defaults (SQLite, files under ./data).
# Needs only Python 3.11+ and the package registries.
set -euo pipefail
source "$(dirname "$0")/setup-venv.sh"
export BREACHFLOW_DATA_DIR="${BREACHFLOW_DATA_DIR:-$PWD/data}"
if breachflow --help | grep -q " serve "; then
  exec breachflow serve "$@"
fi
# Until the service exists: assess the sample breach and check the sample register.
breachflow register check examples/group-s.yaml
breachflow assess examples/demo-breach.json "$@"
