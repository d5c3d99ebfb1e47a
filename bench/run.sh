#!/usr/bin/env bash
# The project's benchmark: generates the synthetic corpora (bench/corpus.py), measures full
# builds (bench/build.py: build cold and warm, check, peak memory, average page size),
# times Hugo, Zola and mdBook on the same corpus when they are on the PATH
# (bench/others.py), and measures `playbook serve` edit-to-reload (bench/reload.py), at
# 1,000 and 10,000 pages. Prints three tables to paste into an issue. Loopback only.
#
# usage: bash bench/run.sh [PAGES...]     (default: 1000 10000)
#        RUNS=N (default 5) sets how many warm runs each median is taken over.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work="${BENCH_DIR:-target/bench}"
runs="${RUNS:-5}"
mkdir -p "$work"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
# The first group that `$1` (an extended regex) captures in `$line`.
pick() { sed -E "s/.*$1.*/\\1/" <<<"$line"; }
for n in "${sizes[@]}"; do
  python3 bench/corpus.py "$n" "$work/corpus-$n" > /dev/null
done

echo "| pages | build (cold) | build (warm, median of $runs) | check (median of $runs) | peak memory | average page |"
echo "|---:|---:|---:|---:|---:|---:|"
declare -A ours
for n in "${sizes[@]}"; do
  line=$(python3 bench/build.py target/release/playbook "$work/corpus-$n" "$runs")
  ours[$n]=$(pick 'build warm median ([0-9]+) ms')
  echo "| $n | $(pick 'build cold ([0-9]+) ms') ms | ${ours[$n]} ms | $(pick 'check median ([0-9]+) ms') ms | $(pick 'peak memory ([0-9]+) MB') MB | $(pick 'averaging ([0-9.]+) KB') KB |"
done

echo
echo "| generator | pages | build (warm, median of $runs) | against Playbook | build (cold) | peak memory |"
echo "|---|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  echo "| Playbook $(target/release/playbook --version | awk '{print $2}') | $n | ${ours[$n]} ms | 1.0x | | |"
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    if [[ $line == *stopped* ]]; then
      echo "| $(pick '^([A-Za-z]+ [0-9.?]+);') | $n | $(pick '(over [0-9]+ s)'), stopped | | | |"
      continue
    fi
    warm=$(pick 'build warm median ([0-9]+) ms')
    ratio=$(awk -v a="$warm" -v b="${ours[$n]}" 'BEGIN { if (a >= b) printf "%.1fx slower", a / b; else printf "%.1fx faster", b / a }')
    echo "| $(pick '^([A-Za-z]+ [0-9.?]+);') | $n | $warm ms | $ratio | $(pick 'build cold ([0-9]+) ms') ms | $(pick 'peak memory ([0-9]+) MB') MB |"
  done < <(python3 bench/others.py "$work/corpus-$n" "$runs")
done

echo
echo "| pages | serve start | edit-to-reload (median of 15) | worst | serve peak memory |"
echo "|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  line=$(python3 bench/reload.py target/release/playbook "$work/corpus-$n" 15)
  echo "| $n | $(pick 'startup ([0-9]+) ms') ms | $(pick 'median ([0-9.]+) ms') ms | $(pick 'worst ([0-9.]+) ms') ms | $(pick 'peak memory ([0-9]+) MB') MB |"
done
