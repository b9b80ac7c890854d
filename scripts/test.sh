#!/usr/bin/env bash
# Runs every test suite: unit, doc, trybuild UI, real-Pebble integration and parity tests.
# Installs the pinned Pebble with `go install` first when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

pebble_dir="$(bash scripts/install-pebble.sh)"
export PATH="$pebble_dir:$PATH"

cargo test --workspace "$@"
