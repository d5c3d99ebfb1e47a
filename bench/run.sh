#!/usr/bin/env bash
# The project's benchmark: generates the synthetic corpora (bench/corpus.py), measures full
# builds (bench/build.py: build cold and warm, check, peak memory, average page size) and
# `playbook serve` edit-to-reload (bench/reload.py) at 1,000 and 10,000 pages. Prints two
# tables to paste into an issue. Loopback only.
#
# usage: bash bench/run.sh [PAGES...]     (default: 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work="${BENCH_DIR:-target/bench}"
mkdir -p "$work"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
# The first group that `$1` (an extended regex) captures in `$line`.
pick() { sed -E "s/.*$1.*/\\1/" <<<"$line"; }
for n in "${sizes[@]}"; do
  python3 bench/corpus.py "$n" "$work/corpus-$n" > /dev/null
done
echo "| pages | build (cold) | build (warm, median of 5) | check (median of 5) | peak memory | average page |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  line=$(python3 bench/build.py target/release/playbook "$work/corpus-$n" 5)
  echo "| $n | $(pick 'build cold ([0-9]+) ms') ms | $(pick 'build warm median ([0-9]+) ms') ms | $(pick 'check median ([0-9]+) ms') ms | $(pick 'peak memory ([0-9]+) MB') MB | $(pick 'averaging ([0-9.]+) KB') KB |"
done
echo
echo "| pages | serve start | edit-to-reload (median of 15) | worst | serve peak memory |"
echo "|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  line=$(python3 bench/reload.py target/release/playbook "$work/corpus-$n" 15)
  echo "| $n | $(pick 'startup ([0-9]+) ms') ms | $(pick 'median ([0-9.]+) ms') ms | $(pick 'worst ([0-9.]+) ms') ms | $(pick 'peak memory ([0-9]+) MB') MB |"
done
