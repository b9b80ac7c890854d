#!/usr/bin/env bash
# Runs the test suites against a real Pebble: unit, doc, trybuild UI, real-Pebble integration
# and example tests, and cargo-charm's packing tests checked by the real charmcraft (installed
# from PyPI in a virtualenv, with Rust's musl target that `cargo charm pack` builds for).
#
#   scripts/test.sh [--pebble TAG] [--real-pebble] [CARGO TEST ARGS...]
#
#   --pebble TAG    the Pebble release the real-Pebble tests start (default: the pinned one);
#                   installed with scripts/install-pebble.sh when missing, passed as PEBBLE_BIN
#                   (the Pebbles supported Juju releases ship are installed too, for the
#                   #[layer] cases, and passed as CHARM_TEST_PEBBLES)
#   --real-pebble   only the test files that start a real Pebble (those using the RealPebble
#                   fixture: pebble_*, parity_real, the dispatch suites and the examples'
#                   charm tests); the rest does not depend on the Pebble version
#
# Other arguments go to `cargo test`; the whole workspace is tested unless they pick packages
# (`-p NAME`, `--package`, `--manifest-path`, `--workspace`). A whole-workspace run then runs
# the Python interface-compatibility tests (tests/python/run.sh, which builds its venv). Examples:
#   scripts/test.sh -p charm-runtime --lib
#   scripts/test.sh --pebble v1.19.2 --real-pebble --no-fail-fast
#
# With CHARM_TEST_REQUIRE_PEBBLE=1 (as in CI) a Pebble that cannot be installed, or a missing
# tool the suites need (scripts/check-test-deps.sh), stops the run instead of a warning.
set -euo pipefail
cd "$(dirname "$0")/.."

tag=""
real_pebble=0
cargo_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --pebble)
      [ $# -ge 2 ] || { echo "test.sh: --pebble needs a tag such as v1.26.0" >&2; exit 2; }
      tag="$2"
      shift 2
      ;;
    --pebble=*)
      tag="${1#--pebble=}"
      shift
      ;;
    --real-pebble)
      real_pebble=1
      shift
      ;;
    *)
      cargo_args+=("$1")
      shift
      ;;
  esac
done
strict="${CHARM_TEST_REQUIRE_PEBBLE:-}"

if ! bash scripts/check-test-deps.sh; then
  if [ "$strict" = 1 ]; then
    echo "test.sh: missing test dependencies and CHARM_TEST_REQUIRE_PEBBLE=1" >&2
    exit 1
  fi
  echo "warning: the tests that need what is missing will fail" >&2
fi

if pebble_dir="$(bash scripts/install-pebble.sh ${tag:+"$tag"})"; then
  export PATH="$pebble_dir:$PATH"
  export PEBBLE_BIN="$pebble_dir/pebble"
elif [ "$strict" = 1 ]; then
  echo "test.sh: cannot install pebble ${tag} and CHARM_TEST_REQUIRE_PEBBLE=1" >&2
  exit 1
else
  echo "warning: cannot install pebble ${tag}; the real-Pebble tests will skip" >&2
fi

# The Pebble releases that supported Juju releases ship (charm_spec::juju::SHIPS, and
# docs/pebble-versions.md): tests/tests/layer_cases_pebble.rs adds every #[layer] case to each
# of them (CHARM_TEST_PEBBLES), and fails under CHARM_TEST_REQUIRE_PEBBLE=1 when one is
# missing.
shipped_pebbles=(v1.16.0 v1.19.2 v1.26.0)
pebbles=()
for shipped in "${shipped_pebbles[@]}"; do
  if dir="$(bash scripts/install-pebble.sh "$shipped")"; then
    pebbles+=("$dir/pebble")
  elif [ "$strict" = 1 ]; then
    echo "test.sh: cannot install pebble $shipped and CHARM_TEST_REQUIRE_PEBBLE=1" >&2
    exit 1
  else
    echo "warning: cannot install pebble $shipped; layers are not checked against it" >&2
  fi
done
export CHARM_TEST_PEBBLES="${pebbles[*]}"

if [ "$real_pebble" = 1 ]; then
  # The test files that start a real Pebble, in charm-tests and in the examples. One
  # `--workspace` run, so that features unify as in a full run and nothing is rebuilt.
  targets=()
  for file in tests/tests/*.rs examples/*/tests/*.rs; do
    if grep -q -E 'pebble_or_skip!|RealPebble' "$file"; then
      targets+=(--test "$(basename "$file" .rs)")
    fi
  done
  exec cargo test --workspace "${targets[@]}" "${cargo_args[@]}"
fi

# `cargo charm pack` links charms statically with musl by default (no-op when installed).
rustup target add "$(uname -m)-unknown-linux-musl" >&2

if venv="$(bash scripts/install-charmcraft.sh)"; then
  export CHARMCRAFT_VENV="$venv"
elif [ "$strict" = 1 ]; then
  echo "test.sh: cannot install charmcraft and CHARM_TEST_REQUIRE_PEBBLE=1" >&2
  exit 1
else
  echo "warning: cannot install charmcraft; the packing checks will skip" >&2
fi

selects_packages=0
for arg in "${cargo_args[@]}"; do
  case "$arg" in
    -p | -p* | --package | --package=* | --manifest-path | --manifest-path=* | --workspace)
      selects_packages=1
      ;;
    --) break ;;
  esac
done
if [ "$selects_packages" = 1 ]; then
  cargo test "${cargo_args[@]}"
else
  cargo test --workspace "${cargo_args[@]}"
  bash tests/python/run.sh -q
fi
