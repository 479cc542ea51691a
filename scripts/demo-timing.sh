#!/usr/bin/env bash
# Times `bridgework demo` on the release build at the default size and at
# the speed work's size, and prints the database sizes. Usage:
#   scripts/demo-timing.sh            # 120 x 52 and 1000 x 104
#   scripts/demo-timing.sh --short    # 120 x 52 only (a bounded mode for CI)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sizes=("120 52")
[[ "${1:-}" == "--short" ]] || sizes+=("1000 104")
for size in "${sizes[@]}"; do
  read -r members weeks <<<"$size"
  db="$dir/demo-$members-$weeks.sqlite3"
  start=$(date +%s.%N)
  target/release/bridgework --log-level warn --database "$db" demo \
    --members "$members" --weeks "$weeks" | head -1
  end=$(date +%s.%N)
  awk -v m="$members" -v w="$weeks" -v s="$start" -v e="$end" -v b="$(stat -c %s "$db")" \
    'BEGIN { printf "%s members x %s weeks: %.2f s wall, database %s bytes\n", m, w, e - s, b }'
done
