#!/usr/bin/env bash
# Fuzzes each target for SECONDS (default 600), starting from the committed seeds
# (fuzz/seeds/TARGET/) and what earlier runs on this machine found (fuzz/corpus/TARGET/,
# a cache kept out of git), then shrinks that corpus to the inputs that add coverage
# (`cargo fuzz cmin`). `cargo test --test fuzz_corpus -- --ignored` replays it. A crash
# stops the run and leaves the input in fuzz/artifacts/TARGET/: fix it, then copy the
# input to fuzz/regressions/TARGET/, which every `cargo test` replays.
#
#   bash fuzz/run.sh [SECONDS]        TARGETS="site" bash fuzz/run.sh 60
#
# cargo fuzz needs nightly compiler flags; RUSTC_BOOTSTRAP lets the stable toolchain
# (the only one this machine has) accept them.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
export RUSTC_BOOTSTRAP=1
mkdir -p fuzz/logs
for target in ${TARGETS:-front_matter markdown site}; do
    echo "== $target: ${seconds}s"
    mkdir -p "fuzz/corpus/$target"
    cargo fuzz run --debug-assertions "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
        -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
        >"fuzz/logs/$target.log" 2>&1 || { tail -40 "fuzz/logs/$target.log"; exit 1; }
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "fuzz/logs/$target.log"
    grep -E '^#[0-9]+' "fuzz/logs/$target.log" | tail -1
    cargo fuzz cmin --debug-assertions "$target" >"fuzz/logs/$target.cmin.log" 2>&1
    echo "corpus: $(ls "fuzz/corpus/$target" | wc -l) inputs"
done
