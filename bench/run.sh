#!/usr/bin/env bash
# The project's benchmark: generates the synthetic corpora (bench/corpus.py) and measures
# `playbook serve` edit-to-reload and peak memory at 1,000 and 10,000 pages
# (bench/reload.py). Prints a table to paste into an issue. Loopback only.
#
# usage: bash bench/run.sh [PAGES...]     (default: 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work="${BENCH_DIR:-target/bench}"
mkdir -p "$work"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
echo "| pages | first build | edit-to-reload (median of 15) | worst | serve peak memory |"
echo "|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  python3 bench/corpus.py "$n" "$work/corpus-$n" > /dev/null
  line=$(python3 bench/reload.py target/release/playbook "$work/corpus-$n" 15)
  startup=$(sed -E 's/startup ([0-9]+) ms.*/\1/' <<<"$line")
  median=$(sed -E 's/.*median ([0-9.]+) ms.*/\1/' <<<"$line")
  worst=$(sed -E 's/.*worst ([0-9.]+) ms.*/\1/' <<<"$line")
  peak=$(sed -E 's/.*peak memory ([0-9]+) MB.*/\1/' <<<"$line")
  echo "| $n | $startup ms | $median ms | $worst ms | $peak MB |"
done
