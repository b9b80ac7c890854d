#!/usr/bin/env bash
# Runs every test suite: unit, doc, trybuild UI, real-Pebble integration and example tests,
# and cargo-charm's packing tests checked by the real charmcraft. Installs the pinned Pebble
# with `go install`, charmcraft from PyPI in a virtualenv and Rust's musl target (which
# `cargo charm pack` builds for) first when they are missing.
# Extra arguments go to `cargo test`.
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

# `cargo charm pack` links charms statically with musl by default (no-op when installed).
rustup target add "$(uname -m)-unknown-linux-musl" >&2

if venv="$(bash scripts/install-charmcraft.sh)"; then
  export CHARMCRAFT_VENV="$venv"
elif [ "${CHARM_TEST_REQUIRE_PEBBLE:-}" = 1 ]; then
  echo "cannot install charmcraft and CHARM_TEST_REQUIRE_PEBBLE=1" >&2
  exit 1
else
  echo "warning: cannot install charmcraft; the packing checks will skip" >&2
fi

cargo test --workspace "$@"
