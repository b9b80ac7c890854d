#!/usr/bin/env bash
# Checks what the test suites need from the machine besides Rust and Pebble, and says what is
# missing and which tests need it.
#
#   scripts/check-test-deps.sh            check only; exit 1 when something is missing
#   scripts/check-test-deps.sh --install  also install what is missing (apt-get, groupadd,
#                                         useradd; needs root), then check again
#
# What and why:
#   python3      the health-check example's workload (`python3 -m http.server`)
#   kill         an executable `kill` (Debian package procps): the real-Pebble fixture stops
#                each daemon with it; without one, daemons and their services keep running
#   GNU tar      the db-backup example archives with `tar -czf` and lists with `tar -tzf`
#   gzip         what `tar -z` runs
#   root         tests that chown files or run commands as another user (pebble_exec,
#                pebble_files_*, layer_macro): Pebble can only do that as root
#   nobody       user 65534 and group nogroup 65534: the other user those tests use
#   /bin/sh, sleep, id, test, true, false, cat, pwd
#                workloads, checks and exec commands in the suites (coreutils, a POSIX shell)
set -euo pipefail

install=0
case "${1:-}" in
  --install) install=1 ;;
  "") ;;
  *)
    echo "usage: $0 [--install]" >&2
    exit 2
    ;;
esac

missing=()   # human-readable problems
packages=()  # Debian packages that would fix some of them
need_group=0
need_user=0

check() {
  missing=()
  packages=()
  need_group=0
  need_user=0
  if ! type -P python3 >/dev/null; then
    missing+=("python3: not on PATH (the health-check example's workload runs python3 -m http.server)")
    packages+=(python3)
  fi
  if ! type -P kill >/dev/null; then
    missing+=("kill: no kill executable on PATH (the real-Pebble fixture stops each daemon with it)")
    packages+=(procps)
  fi
  if ! type -P tar >/dev/null || ! tar --version 2>/dev/null | head -n 1 | grep -q 'GNU tar'; then
    missing+=("tar: GNU tar is not on PATH (the db-backup example runs tar -czf and tar -tzf)")
    packages+=(tar)
  fi
  if ! type -P gzip >/dev/null; then
    missing+=("gzip: not on PATH (tar -z runs it)")
    packages+=(gzip)
  fi
  local tool
  for tool in sh sleep id test true false cat pwd; do
    if ! type -P "$tool" >/dev/null; then
      missing+=("$tool: not on PATH (workloads and exec commands in the suites use it)")
      packages+=(coreutils)
    fi
  done
  if [ "$(getent group nogroup | cut -d: -f3)" != 65534 ]; then
    missing+=("group nogroup with gid 65534 is missing (tests run commands and chown files as nobody:nogroup)")
    need_group=1
  fi
  if [ "$(getent passwd nobody | cut -d: -f3)" != 65534 ]; then
    missing+=("user nobody with uid 65534 is missing (tests run commands and chown files as nobody:nogroup)")
    need_user=1
  fi
  if [ "$(id -u)" != 0 ]; then
    missing+=("not root (uid $(id -u)): Pebble can change file owners and run commands as another user only as root; pebble_exec, pebble_files_* and layer_macro tests need it")
  fi
}

check
if [ "$install" = 1 ] && [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "check-test-deps: --install needs root" >&2
  else
    if [ "${#packages[@]}" -gt 0 ]; then
      if type -P apt-get >/dev/null; then
        mapfile -t unique < <(printf '%s\n' "${packages[@]}" | sort -u)
        echo "check-test-deps: installing ${unique[*]}" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
          "${unique[@]}" >&2
      else
        echo "check-test-deps: no apt-get here; install these by hand: ${packages[*]}" >&2
      fi
    fi
    if [ "$need_group" = 1 ]; then
      groupadd --gid 65534 nogroup >&2
    fi
    if [ "$need_user" = 1 ]; then
      useradd --uid 65534 --gid 65534 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin nobody >&2
    fi
    check
  fi
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "check-test-deps: the test suites need what this machine lacks:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  [ "$install" = 1 ] || echo "  (scripts/check-test-deps.sh --install installs what it can)" >&2
  exit 1
fi
echo "check-test-deps: python3, kill, GNU tar, gzip, coreutils, nobody:nogroup (65534) and root: all present" >&2
