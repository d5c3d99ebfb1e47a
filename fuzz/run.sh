#!/usr/bin/env bash
# Fuzzes each target for SECONDS (default 600), then shrinks its corpus to the inputs
# that add coverage (`cargo fuzz cmin`), which is what gets committed and what
# `cargo test` replays (tests/fuzz_corpus.rs). A crash stops the run and leaves the
# input in fuzz/artifacts/TARGET/: fix it, then copy the input to fuzz/regressions/TARGET/.
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
    cargo fuzz run --debug-assertions "$target" -- \
        -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
        >"fuzz/logs/$target.log" 2>&1 || { tail -40 "fuzz/logs/$target.log"; exit 1; }
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "fuzz/logs/$target.log"
    grep -E '^#[0-9]+' "fuzz/logs/$target.log" | tail -1
    cargo fuzz cmin --debug-assertions "$target" >"fuzz/logs/$target.cmin.log" 2>&1
    echo "corpus: $(ls "fuzz/corpus/$target" | wc -l) inputs"
done
