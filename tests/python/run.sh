#!/usr/bin/env bash
# Builds .venv-interfaces/ (tests/python/setup.sh), checks the drivers' lint and format
# (ruff), and runs the interface-compatibility tests against the pinned Python libraries.
# Fails, never skips, when the venv cannot be built. Extra arguments go to pytest.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="$(bash "$here/setup.sh")"
cd "$here"
"$python" -m ruff check --quiet .
"$python" -m ruff format --check --quiet .
exec "$python" -m pytest "$@"
