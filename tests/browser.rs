//! Real-browser checks of what a reader does: search with the keyboard, glossary
//! tooltips on focus. Drives Debian's chromium with playwright-core (tests/browser/).
//!
//! `.ci/run` installs both. Elsewhere, when chromium or the node module is missing, these
//! tests say so and pass, unless `CI` is set, where a missing browser is a failure.

mod common;

use std::path::Path;
use std::process::Command;

use common::TestSite;

fn browser_ready() -> bool {
    let module =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules/playwright-core");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let ready = module.is_dir() && Path::new(&chromium).exists();
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser tests: install chromium and `npm ci --prefix tests/browser`"
        );
        eprintln!(
            "SKIPPED: browser tests need chromium and `npm ci --prefix tests/browser` (bash .ci/run installs both)"
        );
    }
    ready
}

/// Builds the basic fixture and runs one scenario of `tests/browser/check.js` on it.
fn scenario(name: &str) {
    if !browser_ready() {
        return;
    }
    let site = TestSite::fixture("basic");
    site.build();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/check.js");
    let out = Command::new("node")
        .arg(script)
        .arg(name)
        .arg(site.output())
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{name}: {}{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout.trim(), format!("ok {name}"));
}

#[test]
fn search_finds_a_page_and_enter_opens_it() {
    scenario("search");
}

#[test]
fn a_glossary_term_shows_its_definition_on_keyboard_focus() {
    scenario("term");
}

#[test]
fn links_work_when_the_site_is_opened_from_disk() {
    scenario("disk");
}
