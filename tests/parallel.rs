//! The parallel build makes exactly what a serial one makes: every stage runs on rayon's
//! threads, and nothing in the output may depend on which thread finished first.

mod common;

use std::fmt::Write;
use std::process::Command;

use common::TestSite;

/// A site big enough to spread over threads: 240 pages in nested sections (one listing
/// runs to several pages), glossary terms in the prose, tags, wiki links and relative
/// links between pages, and the bundled playbook beside them.
fn busy_site() -> TestSite {
    let site = TestSite::empty();
    let bundled = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    common::copy_dir(&bundled, &site.root().join("content"));
    let terms = ["Bench plan", "Bench map", "Bench metric", "Bench tier"];
    for (n, term) in terms.iter().enumerate() {
        site.write(
            &format!("content/glossary/bench-term-{n}.md"),
            &format!("---\ntitle: {term}\ndescription: What {term} means.\n---\n\n{term}.\n"),
        );
    }
    let tags = ["alpha", "beta", "gamma", "delta", "epsilon"];
    for n in 0..240 {
        let folder = match n % 3 {
            0 => "bench/one".to_string(),
            1 => "bench/two/deeper".to_string(),
            _ => "bench".to_string(),
        };
        let mut body = String::new();
        for k in 0..4 {
            let _ = writeln!(
                body,
                "## Part {k}\n\nThe {} shapes page {n}; see [[Bench page {}]] and [[Bench page {}]].\n",
                terms[(n + k) % terms.len()].to_lowercase(),
                (n * 7 + k) % 240,
                (n * 13 + k + 1) % 240,
            );
        }
        site.write(
            &format!("content/{folder}/page-{n:03}.md"),
            &format!(
                "---\ntitle: Bench page {n}\ndescription: Page {n} of the bench.\ntags: [{}, {}]\n---\n\n{body}",
                tags[n % 5],
                tags[(n / 5) % 5]
            ),
        );
    }
    site
}

fn build_with_threads(
    site: &TestSite,
    threads: &str,
) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let out = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .arg("build")
        .current_dir(site.root())
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("run playbook");
    assert!(
        out.status.success(),
        "build with {threads} threads failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    site.snapshot()
}

#[test]
fn a_parallel_build_is_byte_identical_to_a_serial_one() {
    let site = busy_site();
    let serial = build_with_threads(&site, "1");
    assert!(serial.len() > 400, "{} files", serial.len());
    assert!(
        serial
            .keys()
            .any(|p| p.ends_with("bench/page/2/index.html")),
        "the long listing should run to a second page"
    );
    for threads in ["2", "8"] {
        let parallel = build_with_threads(&site, threads);
        assert_eq!(
            serial.keys().collect::<Vec<_>>(),
            parallel.keys().collect::<Vec<_>>(),
            "the same files with {threads} threads"
        );
        for (path, bytes) in &serial {
            assert!(
                parallel[path] == *bytes,
                "{} differs with {threads} threads",
                path.display()
            );
        }
    }
}
