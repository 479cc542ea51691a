#!/usr/bin/env bash
# Proofs against the real server binary (examples/proof), each on a fresh
# temporary database: session logs from many members at once, kill -9 while
# writing, a backup while writing and its restore, and the resident memory a
# burst of logins leaves behind (read from /proc/<pid>/status).
#
#   scripts/proof.sh                 every proof at full size, release build
#   scripts/proof.sh ci              every proof, short, debug build (.ci/run)
#   scripts/proof.sh concurrent [--members 50 --logs 2000 --same-key 10]
#   scripts/proof.sh crash [--cycles 20 --members 10]
#   scripts/proof.sh backup [--members 10]
#   scripts/proof.sh login-burst [--logins 50 --bursts 3 --same-address --max-mib 100]
#   scripts/proof.sh <proof> --bin path/to/bridgework   (another build)
#
# Each prints its numbers and exits non-zero when a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
mode="${1:-all}"

if [ "$mode" = ci ]; then
    cargo build --quiet --bin bridgework --example proof
    exec "$target/debug/examples/proof" ci
fi

cargo build --quiet --release --bin bridgework --example proof
proof="$target/release/examples/proof"
if [ "$mode" = all ]; then
    "$proof" concurrent
    "$proof" crash --cycles 20
    "$proof" backup
    "$proof" login-burst
else
    exec "$proof" "$@"
fi
