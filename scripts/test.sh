#!/usr/bin/env bash
# Runs every test suite: unit, doc, trybuild UI, real-Pebble integration and example tests,
# then the Python interface-compatibility tests (tests/python/run.sh, which builds its venv).
# Installs the pinned Pebble with `go install` first when it is missing. Extra arguments go to
# `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

if pebble_dir="$(bash scripts/install-pebble.sh)"; then
  export PATH="$pebble_dir:$PATH"
elif [ "${CHARM_TEST_REQUIRE_PEBBLE:-}" = 1 ]; then
  echo "cannot install pebble and CHARM_TEST_REQUIRE_PEBBLE=1" >&2
  exit 1
else
  echo "warning: cannot install pebble; the real-Pebble tests will skip" >&2
fi

cargo test --workspace "$@"
bash tests/python/run.sh -q
