#!/usr/bin/env bash
# Creates the virtualenv of the interface-compatibility tests, .venv-interfaces/ at the
# repository root, with exactly the packages pinned in tests/python/requirements.txt (from
# PyPI). Idempotent: a venv built from the same requirements and Python is kept as it is.
# Prints the venv's python on success; exits non-zero, saying why, when it cannot build it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/.venv-interfaces"
requirements="$here/requirements.txt"
python="${PYTHON:-python3}"

if ! command -v "$python" >/dev/null; then
  echo "setup.sh: no $python on PATH (Python >= 3.10 is needed)" >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
  echo "setup.sh: $("$python" --version 2>&1) is too old (Python >= 3.10 is needed)" >&2
  exit 1
fi

# The stamp names what the venv was built from; a different one means rebuild.
stamp="$venv/.built-from"
want="$(sha256sum "$requirements" | cut -d' ' -f1) $("$python" -c 'import sys; print(sys.version)' | head -1)"
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "$venv/bin/python"
  exit 0
fi

rm -rf "$venv"
if ! "$python" -m venv "$venv" >&2; then
  # Debian's own python3 ships venv's pip bootstrap in a separate package.
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup.sh: installing python3-venv" >&2
    apt-get update -qq >&2 && apt-get install -y -qq python3-venv >&2
    rm -rf "$venv"
    "$python" -m venv "$venv" >&2
  else
    echo "setup.sh: '$python -m venv' failed; install python3-venv" >&2
    exit 1
  fi
fi

"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
  --requirement "$requirements" >&2
"$venv/bin/python" -m pip check --disable-pip-version-check >&2

# Every installed distribution must be pinned, and every pin installed at its version.
"$venv/bin/python" "$here/check_pins.py" "$requirements" >&2

echo "$want" >"$stamp"
echo "$venv/bin/python"
