#!/usr/bin/env bash
# Measures what `cargo charm pack` costs and produces, for docs/benchmarks.md:
#
# 1. cold build: `cargo charm pack -p pause` in an empty target directory, RUNS times;
# 2. one-line edit: change one string in examples/pause/src/lib.rs (restored at the end) and
#    pack again, RUNS times, in the target directory of the last cold build;
# 3. the stripped size of pause's dispatch, and its peak RSS (GNU time's %M) for
#    pause-pebble-ready with the layer already in the plan and for update-status, 5 runs
#    each, against a real Pebble with fake hook tools;
# 4. dispatch time: the hook benchmark (cargo bench -p charm-tests --bench hooks) with the
#    bench charm also built as pack builds it (its profile, musl; BENCH_PACKED_CHARM), so
#    both builds are timed side by side (skip with BENCH_HOOKS=0).
#
# Prints each run, then the median and the range. Wall times depend on what else the machine
# runs; CPU time (user + sys, children included) much less. Usage: bash scripts/bench-pack.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
runs="${1:-3}"
pebble_bin="$(bash scripts/install-pebble.sh)/pebble"
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time, Debian package time)" >&2; exit 1; }

cargo build --quiet -p cargo-charm
cargo_charm="${CARGO_TARGET_DIR:-$root/target}/debug/cargo-charm"
work="$(mktemp -d -t bench-pack-XXXXXX)"
lib="examples/pause/src/lib.rs"
cp "$lib" "$work/lib.rs"
pebble_pid=""
cleanup() {
  cp "$work/lib.rs" "$root/$lib"
  if [ -n "$pebble_pid" ]; then kill "$pebble_pid" 2>/dev/null || true; wait "$pebble_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Median and range of the numbers on stdin.
summary() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "median %s (%s-%s, %d runs)\n", m, a[1], a[NR], NR}'; }

# Runs `cargo charm pack -p pause` with target dir $1; prints "wall cpu".
pack() {
  CARGO_TARGET_DIR="$1" /usr/bin/time -f "%e %U %S" -o "$work/time" \
    "$cargo_charm" charm pack -p pause -o "$work/out" >/dev/null 2>"$work/pack.log" || { cat "$work/pack.log" >&2; exit 1; }
  awk '{printf "%s %.1f\n", $1, $2 + $3}' "$work/time"
}

echo "== cold build (empty target directory), wall s / CPU s"
: >"$work/cold"
for i in $(seq "$runs"); do
  rm -rf "$work/target"
  pack "$work/target" | tee -a "$work/cold"
done
echo "cold wall: $(cut -d' ' -f1 "$work/cold" | summary)"
echo "cold CPU:  $(cut -d' ' -f2 "$work/cold" | summary)"

echo "== one-line edit, wall s / CPU s"
: >"$work/edit"
for i in $(seq "$runs"); do
  sed -i "s/Status::waiting(\"waiting for Pebble[^\"]*\")/Status::waiting(\"waiting for Pebble $i\")/" "$lib"
  pack "$work/target" | tee -a "$work/edit"
done
cp "$work/lib.rs" "$lib"
echo "edit wall: $(cut -d' ' -f1 "$work/edit" | summary)"
echo "edit CPU:  $(cut -d' ' -f2 "$work/edit" | summary)"

dispatch="$work/target/$(uname -m)-unknown-linux-musl/charm/pause"
echo "== size: $(stat -c %s "$dispatch") bytes stripped ($(awk "BEGIN {printf \"%.2f\", $(stat -c %s "$dispatch") / 1048576}") MiB)"

echo "== peak RSS of dispatch (KiB)"
export PEBBLE="$work/pebble"
mkdir -p "$PEBBLE" "$work/tools" "$work/containers/pause" "$work/charm"
cp "$dispatch" "$work/charm/dispatch"
PEBBLE_PERSIST=never "$pebble_bin" run --hold --create-dirs >"$work/pebble.log" 2>&1 &
pebble_pid=$!
for _ in $(seq 200); do [ -S "$PEBBLE/.pebble.socket" ] && "$pebble_bin" version >/dev/null 2>&1 && break; sleep 0.05; done
ln -s "$PEBBLE/.pebble.socket" "$work/containers/pause/pebble.socket"
for tool in status-set juju-log is-leader application-version-set status-get; do
  printf '#!/bin/sh\nexit 0\n' >"$work/tools/$tool"
done
printf '#!/bin/sh\necho %s\n' "'{\"command\": \"sleep 600\", \"timeout\": \"60\"}'" >"$work/tools/config-get"
chmod +x "$work/tools/"*
hook() {
  (cd "$work/charm" && env -i PATH="$work/tools:/usr/bin:/bin" JUJU_DISPATCH_PATH="hooks/$1" \
    JUJU_WORKLOAD_NAME=pause JUJU_UNIT_NAME=pause/0 JUJU_MODEL_NAME=bench \
    CHARM_CONTAINERS_DIR="$work/containers" /usr/bin/time -f "%M" -o "$work/rss" ./dispatch) &&
    cat "$work/rss"
}
hook pause-pebble-ready >/dev/null # adds the layer; the runs below find it in the plan
for event in pause-pebble-ready update-status; do
  echo "$event: $(for _ in 1 2 3 4 5; do hook "$event"; done | summary)"
done

if [ "${BENCH_HOOKS:-1}" != 0 ]; then
  echo "== dispatch time: the hook benchmark, bench charm also built with pack's profile"
  mapfile -t profile < <("$cargo_charm" charm profile)
  target="$(uname -m)-unknown-linux-musl"
  cargo build --quiet -p charm-tests --bin bench_pause_charm --profile charm --target "$target" "${profile[@]}"
  BENCH_PACKED_CHARM="${CARGO_TARGET_DIR:-$root/target}/$target/charm/bench_pause_charm" \
    cargo bench --quiet -p charm-tests --bench hooks
fi
