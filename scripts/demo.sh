#!/usr/bin/env bash
# Runs the pause example charm as Juju would, against a real Pebble, and shows what it did.
#
# 1. builds examples/pause and copies its binary to a charm directory as `dispatch`;
# 2. starts `pebble run --hold` (as Juju does) in a temporary directory, installing the pinned
#    Pebble with scripts/install-pebble.sh when it is missing, and exposes its socket where
#    the charm looks for container `pause` (CHARM_CONTAINERS_DIR/pause/pebble.socket);
# 3. puts fake hook tools on PATH: shell scripts that log each call, `config-get` answering
#    from a JSON file;
# 4. runs `dispatch` for install, pause-pebble-ready, config-changed (timeout 60 -> 30) and
#    config-changed again (nothing to do), with the JUJU_* variables Juju sets, printing the
#    exit code and the hook tools each one called;
# 5. prints Pebble's plan, services and changes, then stops Pebble.
#
# Needs only cargo and go (for Pebble). The pause service runs `sleep 3600` instead of /pause
# (set through the charm's `command` option), since this machine has no google/pause image.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

pebble_bin="$(bash scripts/install-pebble.sh)/pebble"

echo "==> building examples/pause"
cargo build --quiet -p pause
target_dir="${CARGO_TARGET_DIR:-$root/target}"

work="$(mktemp -d -t charm-demo-XXXXXX)"
pebble_pid=""
cleanup() {
  if [ -n "$pebble_pid" ]; then
    kill -TERM "$pebble_pid" 2>/dev/null || true
    wait "$pebble_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

charm_dir="$work/charm"
tools_dir="$work/tools"
containers_dir="$work/containers"
export PEBBLE="$work/pebble"
mkdir -p "$charm_dir" "$tools_dir" "$containers_dir/pause" "$PEBBLE"
cp "$target_dir/debug/pause" "$charm_dir/dispatch"

echo "==> starting pebble ($("$pebble_bin" version --client)) in $PEBBLE"
PEBBLE_PERSIST=never "$pebble_bin" run --hold --create-dirs >"$work/pebble.log" 2>&1 &
pebble_pid=$!
for _ in $(seq 200); do
  [ -S "$PEBBLE/.pebble.socket" ] && "$pebble_bin" version >/dev/null 2>&1 && break
  if ! kill -0 "$pebble_pid" 2>/dev/null; then
    cat "$work/pebble.log" >&2
    exit 1
  fi
  sleep 0.05
done
ln -s "$PEBBLE/.pebble.socket" "$containers_dir/pause/pebble.socket"

# Fake hook tools: every tool logs its name and arguments; config-get prints config.json.
cat >"$tools_dir/fake-tool" <<'EOF'
#!/bin/sh
tool="$(basename "$0")"
printf '%s' "$tool" >>"$DEMO_CALLS"
for arg in "$@"; do printf ' %s' "$arg" >>"$DEMO_CALLS"; done
echo >>"$DEMO_CALLS"
case "$tool" in
  config-get) cat "$DEMO_CONFIG" ;;
  is-leader) echo true ;;
esac
EOF
chmod +x "$tools_dir/fake-tool"
for tool in config-get status-set status-get juju-log is-leader action-get action-set \
  action-log action-fail application-version-set; do
  ln -s fake-tool "$tools_dir/$tool"
done
export DEMO_CALLS="$work/calls.log" DEMO_CONFIG="$work/config.json"

config() {
  printf '{"command": "sleep 3600", "timeout": "%s"}\n' "$1" >"$DEMO_CONFIG"
}

# Runs dispatch for hook $1 (with extra VAR=value arguments) as Juju would.
dispatch() {
  local hook="$1"
  shift
  : >"$DEMO_CALLS"
  echo
  echo "==> $hook"
  local code=0
  (
    cd "$charm_dir"
    env PATH="$tools_dir:$PATH" \
      JUJU_DISPATCH_PATH="hooks/$hook" JUJU_HOOK_NAME="$hook" \
      JUJU_UNIT_NAME=pause/0 JUJU_MODEL_NAME=demo \
      JUJU_MODEL_UUID=00000000-0000-4000-8000-000000000000 JUJU_VERSION=3.6.8 \
      JUJU_CHARM_DIR="$charm_dir" CHARM_DIR="$charm_dir" \
      CHARM_CONTAINERS_DIR="$containers_dir" "$@" ./dispatch
  ) || code=$?
  echo "exit code: $code"
  echo "hook tools called:"
  sed 's/^/  /' "$DEMO_CALLS"
}

config 60
dispatch install
dispatch pause-pebble-ready JUJU_WORKLOAD_NAME=pause
config 30
dispatch config-changed
dispatch config-changed

echo
echo "==> pebble plan"
"$pebble_bin" plan
echo
echo "==> pebble services"
"$pebble_bin" services
echo
echo "==> pebble changes"
"$pebble_bin" changes
