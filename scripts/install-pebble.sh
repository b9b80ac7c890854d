#!/usr/bin/env bash
# Installs the pinned Pebble release with the Go toolchain when `pebble` is not on PATH.
#
# Prints the directory holding the `pebble` binary on stdout (for PATH).
#
# `go install github.com/canonical/pebble/cmd/pebble@TAG` first asks the module proxy for the
# module's version list (to look for a deprecation notice); the proxy reachable from our build
# machines refuses that list while serving the pinned version itself. So the same pinned tag is
# resolved inside a throw-away module (`go get ...@TAG`, checksums verified as usual) and built
# with `go install` from there.
set -euo pipefail

PEBBLE_TAG="${PEBBLE_TAG:-v1.32.1}"
gobin="$(go env GOPATH)/bin"

if command -v pebble >/dev/null 2>&1 && pebble version --client 2>/dev/null | grep -qx "$PEBBLE_TAG"; then
  dirname "$(command -v pebble)"
  exit 0
fi
if [ -x "$gobin/pebble" ] && "$gobin/pebble" version --client 2>/dev/null | grep -qx "$PEBBLE_TAG"; then
  echo "$gobin"
  exit 0
fi

if ! go install "github.com/canonical/pebble/cmd/pebble@${PEBBLE_TAG}" >&2 2>/dev/null; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (
    cd "$work"
    go mod init pebble-install >/dev/null 2>&1
    go get "github.com/canonical/pebble/cmd/pebble@${PEBBLE_TAG}" >&2
    go install github.com/canonical/pebble/cmd/pebble >&2
  )
fi
"$gobin/pebble" version --client >&2
echo "$gobin"
