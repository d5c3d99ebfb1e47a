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
    run(name, &[site.output().as_os_str()]);
}

/// Runs scenario `name` of `tests/browser/check.js` with `args`; it must print "ok NAME".
fn run(name: &str, args: &[&std::ffi::OsStr]) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/check.js");
    let out = Command::new("node")
        .arg(script)
        .arg(name)
        .args(args)
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
fn with_scripts_off_a_term_shows_its_definition_on_keyboard_focus() {
    scenario("term");
}

#[test]
fn terms_and_links_show_a_preview_on_hover_and_focus() {
    scenario("popover");
}

#[test]
fn on_a_touch_screen_a_first_tap_shows_the_definition_and_a_second_opens_it() {
    scenario("touch");
}

#[test]
fn the_dark_mode_choice_is_remembered_across_pages() {
    scenario("dark");
}

#[test]
fn a_page_brought_back_by_the_back_button_shows_the_dark_mode_pick_made_since() {
    scenario("back");
}

#[test]
fn the_sidebar_marks_the_current_page_and_sections_collapse() {
    scenario("sidebar");
}

#[test]
fn a_phone_gets_a_menu_button_and_a_desktop_three_columns() {
    scenario("phone");
}

/// axe-core on the bundled playbook: the home page, a tip, a term, the glossary and the
/// health page.
#[test]
fn the_bundled_playbook_has_no_serious_accessibility_violations() {
    if !browser_ready() {
        return;
    }
    let site = TestSite::bundled();
    site.build();
    let out = site.output();
    let pages = [
        "index.html",
        "tips/secure-executive-sponsorship/index.html",
        "glossary/north-star/index.html",
        "glossary/index.html",
        "health/index.html",
    ];
    let mut args = vec![out.as_os_str()];
    args.extend(pages.iter().map(std::ffi::OsStr::new));
    run("axe", &args);
}

#[test]
fn links_work_when_the_site_is_opened_from_disk() {
    scenario("disk");
}

#[test]
fn the_404_page_works_at_any_depth_of_a_site_hosted_under_a_sub_path() {
    scenario("notfound");
}

#[test]
fn a_served_page_updates_itself_when_its_file_is_saved() {
    if !browser_ready() {
        return;
    }
    let site = TestSite::fixture("basic");
    let mut server = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(["serve", "--port", "0"])
        .current_dir(site.root())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(server.stdout.take().unwrap()));
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    std::thread::spawn(move || lines.for_each(drop)); // keep reading, or the server's pipe fills

    let url = first
        .split(" at ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .unwrap_or_default()
        .to_string();
    let file = site
        .root()
        .join("content/tips/01-secure-executive-sponsorship.md");
    let result = std::panic::catch_unwind(|| run("live", &[url.as_ref(), file.as_os_str()]));
    let _ = server.kill();
    let _ = server.wait();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}
