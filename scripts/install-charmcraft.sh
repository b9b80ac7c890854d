#!/usr/bin/env bash
# Installs the pinned charmcraft from PyPI in a virtualenv, when it is not there already,
# for the tests that check packed charms with `charmcraft analyse` and compare our generated
# metadata with charmcraft's own generators.
#
# Prints the virtualenv's directory on stdout (for CHARMCRAFT_VENV). Needs python3 (3.10 or
# newer, with the venv module); everything else comes from PyPI. The virtualenv lives in the
# Cargo target directory (ignored by git), or at $CHARMCRAFT_VENV when set.
set -euo pipefail
cd "$(dirname "$0")/.."

CHARMCRAFT_VERSION="${CHARMCRAFT_VERSION:-4.5.0}"
venv="${CHARMCRAFT_VENV:-${CARGO_TARGET_DIR:-$PWD/target}/charmcraft-$CHARMCRAFT_VERSION}"

installed() {
  [ -x "$venv/bin/charmcraft" ] &&
    XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}" "$venv/bin/charmcraft" version 2>/dev/null |
      grep -qx "charmcraft $CHARMCRAFT_VERSION"
}

if ! installed; then
  echo "installing charmcraft $CHARMCRAFT_VERSION in $venv" >&2
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "charmcraft==$CHARMCRAFT_VERSION" >&2
  installed
fi
echo "$venv"
