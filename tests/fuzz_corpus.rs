//! Replays fuzzing inputs through the same harness the fuzz targets run
//! (`fuzz/harness.rs`), without libFuzzer.
//!
//! - By default: the hand-written seeds (`fuzz/seeds/TARGET/`) and every input that once
//!   broke Playbook (`fuzz/regressions/TARGET/`), so a fixed crash stays fixed. A second.
//! - Ignored by default: the corpus a local fuzzing run grew (`fuzz/corpus/TARGET/`, made
//!   by `bash fuzz/run.sh`, thousands of generated files, kept out of git). Replay it
//!   with `cargo test --test fuzz_corpus -- --ignored`.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;

/// What a fuzz target does with one input.
type Harness = fn(&[u8]);

const TARGETS: [(&str, Harness); 3] = [
    ("front_matter", harness::front_matter),
    ("markdown", harness::markdown),
    ("site", harness::site),
];

/// Runs every input in `fuzz/FOLDER/TARGET/`; returns how many there were.
fn replay(folder: &str, target: &str, run: Harness) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(folder)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut count = 0;
    for entry in entries {
        let path = entry.expect("a fuzzing input").path();
        let data = std::fs::read(&path).expect("a fuzzing input");
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(outcome.is_ok(), "{} made Playbook fail", path.display());
        count += 1;
    }
    count
}

#[test]
fn the_seeds_and_every_input_that_once_broke_playbook_pass() {
    for (target, run) in TARGETS {
        let seeds = replay("seeds", target, run);
        assert!(seeds >= 5, "fuzz/seeds/{target} has {seeds} inputs");
        replay("regressions", target, run);
    }
}

#[test]
#[ignore = "replays the local fuzzing corpus (fuzz/corpus/, made by bash fuzz/run.sh): cargo test --test fuzz_corpus -- --ignored"]
fn the_local_fuzzing_corpus_passes() {
    for (target, run) in TARGETS {
        let count = replay("corpus", target, run);
        assert!(
            count > 0,
            "fuzz/corpus/{target} is empty: run `bash fuzz/run.sh` to grow it"
        );
    }
}
