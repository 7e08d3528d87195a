# Sourced by scripts/run.sh and scripts/test.sh: a virtualenv in .venv with breachflow installed.
# Re-installs only when pyproject.toml changed since the last install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

pick_python() {
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 14))'; then
      echo "$candidate"; return 0
    fi
  done
  echo "breachflow needs Python 3.11 to 3.13 (python3.11 on the PATH)" >&2
  return 1
}

extras="${1:-}"
if [ ! -x .venv/bin/python ]; then
  "$(pick_python)" -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)${extras:+-$extras}"
if [ ! -f "$stamp" ]; then
  echo "Installing breachflow${extras:+ with [$extras]} into .venv ..."
  # The full pip output goes to a log, shown only when the install fails.
  if ! { .venv/bin/python -m pip install --upgrade pip &&
         .venv/bin/python -m pip install -e ".${extras:+[$extras]}"; } > .venv/install.log 2>&1; then
    cat .venv/install.log >&2
    echo "Installing breachflow failed (log above, also in .venv/install.log)." >&2
    exit 1
  fi
  rm -f .venv/.installed-*
  touch "$stamp"
fi
# The translation catalogs (.po -> .mo; breachflow would also compile a missing one on first use).
.venv/bin/python -c 'from locales.catalogs import compile_all; compile_all()'
export PATH="$PWD/.venv/bin:$PATH"
