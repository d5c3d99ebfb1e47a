//! Replays the fuzzers' committed inputs (`fuzz/corpus/TARGET/`, and the inputs that once
//! crashed Playbook in `fuzz/regressions/TARGET/`) through the same harness the fuzz
//! targets run, so `cargo test` keeps every fixed crash fixed without libFuzzer.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;

/// Runs every input of the target's folders; returns how many there were.
fn replay(target: &str, run: fn(&[u8])) -> usize {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for folder in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz.join(folder).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a corpus entry").path();
            let data = std::fs::read(&path).expect("a corpus file");
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{} made Playbook fail", path.display());
            count += 1;
        }
    }
    count
}

#[test]
fn front_matter_corpus() {
    assert!(replay("front_matter", harness::front_matter) > 50);
}

#[test]
fn markdown_corpus() {
    assert!(replay("markdown", harness::markdown) > 50);
}

#[test]
fn site_corpus() {
    assert!(replay("site", harness::site) > 50);
}
