//! Every page the default theme generates is valid HTML, as the Nu HTML Checker (the W3C
//! validator, `vnu.jar` from the `vnu-jar` npm package) reads it: every page of the bundled
//! playbook, the basic fixture and the unhealthy fixture (whose health page fills every list).
//!
//! `.ci/run` installs Java and the checker. On a machine without them, `build.rs` sets
//! `cfg(no_html_checker)` and the tests are reported as ignored, with the reason; on CI
//! (`CI` set) a missing checker fails them instead.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::TestSite;

/// The checker's jar; fails, saying what to install, when it or Java is missing.
fn checker() -> PathBuf {
    let jar = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    let java = Command::new("java").arg("-version").output().is_ok();
    assert!(
        jar.is_file() && java,
        "the HTML check needs java and `npm ci --prefix tests/browser` (bash .ci/run installs both)"
    );
    jar
}

/// Runs the checker on every `.html` file under `dir`; returns its error messages.
fn errors(jar: &Path, dir: &Path) -> Vec<String> {
    let out = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--skip-non-html", "--format", "json"])
        .arg(dir)
        .output()
        .expect("java runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
        panic!(
            "the checker's report is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    report["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| {
            format!(
                "{}:{}: {}",
                m["url"].as_str().unwrap_or("?").trim_start_matches("file:"),
                m["lastLine"],
                m["message"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

fn pages(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count()
}

#[test]
#[cfg_attr(
    no_html_checker,
    ignore = "needs java and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn every_page_of_the_bundled_playbook_and_the_fixture_is_valid_html() {
    let jar = checker();
    // The unhealthy fixture (without its one error) fills every list of the health page.
    let unhealthy = TestSite::fixture("unhealthy");
    std::fs::remove_file(unhealthy.root().join("content/glossary/charter-copy.md")).unwrap();
    // The syntax fixture has a page for each construct of other tools (embeds, callouts,
    // footnotes, tags, hints, includes).
    let sites = [
        TestSite::bundled(),
        TestSite::fixture("basic"),
        unhealthy,
        TestSite::fixture("syntax"),
    ];
    for site in sites {
        let run = site.run(&["build"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let out = site.output();
        assert!(pages(&out) > 10, "too few pages in {}", out.display());
        let found = errors(&jar, &out);
        assert!(found.is_empty(), "invalid HTML:\n{}", found.join("\n"));
    }
}

/// The check can fail: a page with a stray end tag is reported.
#[test]
#[cfg_attr(
    no_html_checker,
    ignore = "needs java and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn the_checker_reports_invalid_html() {
    let jar = checker();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.html"),
        "<!doctype html><html lang=en><title>x</title><p>a</div>",
    )
    .unwrap();
    let found = errors(&jar, dir.path());
    assert!(
        found.iter().any(|e| e.contains("bad.html")),
        "not reported: {found:?}"
    );
}

/// Pages with highlighted code, inline and display math, and a formula shown as source.
#[test]
#[cfg_attr(
    no_html_checker,
    ignore = "needs java and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn pages_with_code_and_math_are_valid_html() {
    let jar = checker();
    let site = TestSite::fixture("code_and_math");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // MathML Core, which browsers implement and math-core writes, makes `scriptlevel` a
    // global attribute of every MathML element; the checker's schema is MathML 3's, which
    // allows it on `mstyle` only. math-core puts it on the `mtable` of a matrix.
    let found: Vec<String> = errors(&jar, &site.output())
        .into_iter()
        .filter(|e| {
            !e.ends_with("Attribute “scriptlevel” not allowed on element “mtable” at this point.")
        })
        .collect();
    assert!(found.is_empty(), "invalid HTML:\n{}", found.join("\n"));
}
