#!/usr/bin/env bash
# Runs the pause example charm as Juju would, against a real Pebble, and shows what it did:
# a thin wrapper over `cargo charm run` (see `cargo charm run --help`).
#
# `cargo charm run` builds the charm, copies it as `dispatch` into a charm directory, starts
# `pebble run --hold` for its container (installing the pinned Pebble with `go install` when
# there is none), answers the hook tools itself from a state file, and runs install,
# pause-pebble-ready, config-changed (timeout 60 -> 30) and config-changed again (nothing to
# do), with a report after each event: exit code, status, logs, Pebble changes, plan.
#
# Needs only cargo and go (for Pebble). The pause service runs `sleep 3600` instead of /pause
# (the charm's `command` option), since this machine has no google/pause image.
set -euo pipefail
cd "$(dirname "$0")/.."

exec cargo run --quiet -p cargo-charm -- charm run -p pause --config "command=sleep 3600" \
  install pebble-ready config-changed timeout=30 config-changed "$@"
