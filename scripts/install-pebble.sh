#!/usr/bin/env bash
# Installs a Pebble release with the Go toolchain, unless that release is installed already.
#
#   scripts/install-pebble.sh [TAG]      TAG defaults to $PEBBLE_TAG, else the pinned v1.32.1
#
# Prints the directory holding that release's `pebble` binary on stdout (for PATH, or
# `PEBBLE_BIN=<dir>/pebble`), and says on stderr which binary it is.
#
# Where releases go (`go install` honours GOBIN; without it, the first GOPATH entry's bin):
#   pinned tag       $GOBIN/pebble                         (the usual `go install` place, on PATH)
#   any other tag    $GOBIN/pebble-versions/<tag>/pebble   (side by side, one directory each)
#
# A release that is already there is found without Go: `pebble` on PATH, then the two places
# above (with GOBIN, GOPATH and ~/go/bin read from the environment). Go is needed only to build.
#
# `go install github.com/canonical/pebble/cmd/pebble@TAG` first asks the module proxy for the
# module's version list (to look for a deprecation notice); the proxy reachable from our build
# machines refuses that list while serving the tags themselves. So the tag is resolved inside a
# throw-away module (`go get ...@TAG`, checksums verified as usual) and built with `go install`
# from there.
set -euo pipefail

PINNED_TAG=v1.32.1
tag="${1:-${PEBBLE_TAG:-$PINNED_TAG}}"
case "$tag" in
  v[0-9]*.[0-9]*.[0-9]*) ;;
  *)
    echo "install-pebble: $tag is not a Pebble release tag (such as v1.26.0)" >&2
    exit 2
    ;;
esac

# The release a binary reports, or nothing. `pebble version --client` prints just the tag.
version_of() {
  [ -x "$1" ] && "$1" version --client 2>/dev/null | head -n 1
}

# The directory where `go install` puts binaries, from the environment alone.
env_gobin() {
  if [ -n "${GOBIN:-}" ]; then
    echo "$GOBIN"
  else
    local gopath="${GOPATH:-$HOME/go}"
    echo "${gopath%%:*}/bin"
  fi
}

# Where `tag` is installed under `gobin`.
target_dir() {
  if [ "$tag" = "$PINNED_TAG" ]; then
    echo "$1"
  else
    echo "$1/pebble-versions/$tag"
  fi
}

found() {
  echo "install-pebble: pebble $tag is $1/pebble" >&2
  echo "$1"
  exit 0
}

# 1. Already installed: no Go needed.
if on_path="$(type -P pebble)" && [ "$(version_of "$on_path")" = "$tag" ]; then
  found "$(dirname "$on_path")"
fi
gobin="$(env_gobin)"
for dir in "$gobin" "$gobin/pebble-versions/$tag"; do
  if [ "$(version_of "$dir/pebble")" = "$tag" ]; then
    found "$dir"
  fi
done

# 2. Build it.
if ! type -P go >/dev/null; then
  echo "install-pebble: pebble $tag is not installed and there is no Go toolchain to build it;" \
    "install Go (as new as the go line of that tag's go.mod: 1.26.5 for the pinned v1.32.1), or put pebble $tag on PATH or in $(target_dir "$gobin")" >&2
  exit 1
fi
# Go's own settings (`go env -w GOBIN=...`) count too.
gobin="$(go env GOBIN)"
if [ -z "$gobin" ]; then
  gopath="$(go env GOPATH)"
  gobin="${gopath%%:*}/bin"
fi
dir="$(target_dir "$gobin")"
if [ "$(version_of "$dir/pebble")" = "$tag" ]; then
  found "$dir"
fi
mkdir -p "$dir"
echo "install-pebble: building pebble $tag into $dir" >&2
build() {
  GOBIN="$dir" go install "github.com/canonical/pebble/cmd/pebble@${tag}" >&2 2>/dev/null && return
  local work
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  (
    cd "$work"
    go mod init pebble-install >/dev/null 2>&1
    go get "github.com/canonical/pebble/cmd/pebble@${tag}" >&2
    GOBIN="$dir" go install github.com/canonical/pebble/cmd/pebble >&2
  )
}
if ! build; then
  rmdir "$dir" 2>/dev/null || true
  echo "install-pebble: cannot build pebble $tag (see the go output above)" >&2
  exit 1
fi
got="$(version_of "$dir/pebble")"
if [ "$got" != "$tag" ]; then
  echo "install-pebble: built $dir/pebble but it reports ${got:-no version}, not $tag" >&2
  exit 1
fi
found "$dir"
