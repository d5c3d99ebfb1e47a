//! Real-browser checks of what a reader does: search with the keyboard, glossary
//! tooltips on focus. Drives Debian's chromium with playwright-core (tests/browser/).
//!
//! `.ci/run` installs both. On a machine without them, `build.rs` sets `cfg(no_browser)`
//! and every test here is reported as ignored, with the reason; on CI (`CI` set) a
//! missing browser fails them instead.

mod common;

use std::path::Path;
use std::process::Command;

use common::TestSite;

/// Fails, saying what to install, when the browser or its driver is missing: a test here
/// runs only where `build.rs` found both, or on CI, which must have them.
fn require_browser() {
    let module =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules/playwright-core");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        module.is_dir() && Path::new(&chromium).exists(),
        "the browser tests need {chromium} and `npm ci --prefix tests/browser` (bash .ci/run installs both)"
    );
}

/// Builds the basic fixture and runs one scenario of `tests/browser/check.js` on it.
fn scenario(name: &str) {
    require_browser();
    let site = TestSite::fixture("basic");
    site.build();
    run(name, &[site.output().as_os_str()]);
}

/// Runs axe-core on `pages` (paths in the built output of `site`), in light and dark mode.
fn axe(site: &TestSite, pages: &[&str]) {
    let out = site.output();
    let mut args = vec![out.as_os_str()];
    args.extend(pages.iter().map(std::ffi::OsStr::new));
    run("axe", &args);
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
#[cfg_attr(
    no_browser,
    ignore = "needs chromium and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn search_finds_a_page_and_enter_opens_it() {
    scenario("search");
}

#[test]
#[cfg_attr(
    no_browser,
    ignore = "needs chromium and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn with_scripts_off_a_term_shows_its_definition_on_keyboard_focus() {
    scenario("term");
}

#[test]
#[cfg_attr(
    no_browser,
    ignore = "needs chromium and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn terms_and_links_show_a_preview_on_hover_and_focus() {
    scenario("popover");
}

#[test]
#[cfg_attr(
    no_browser,
    ignore = "needs chromium and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn on_a_touch_screen_a_first_tap_shows_the_definition_and_a_second_opens_it() {
    scenario("touch");
}

#[test]
#[cfg_attr(
    no_browser,
    ignore = "needs chromium and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn the_dark_mode_choice_is_remembered_across_pages() {
    scenario("dark");
}

#[test]
#[cfg_attr(
    no_browser,
    ignore = "needs chromium and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn a_page_brought_back_by_the_back_button_shows_the_dark_mode_pick_made_since() {
    scenario("back");
}

#[test]
#[cfg_attr(
    no_browser,
    ignore = "needs chromium and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn the_sidebar_marks_the_current_page_and_sections_collapse() {
    scenario("sidebar");
}

#[test]
#[cfg_attr(
    no_browser,
    ignore = "needs chromium and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn a_phone_gets_a_menu_button_and_a_desktop_three_columns() {
    scenario("phone");
}

/// axe-core on the bundled playbook: the home page, a section, a tip, a term, the
/// glossary, a tag, the health page and the print page.
#[test]
#[cfg_attr(
    no_browser,
    ignore = "needs chromium and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn the_bundled_playbook_has_no_serious_accessibility_violations() {
    require_browser();
    let site = TestSite::bundled();
    site.build();
    axe(
        &site,
        &[
            "index.html",
            "tips/index.html",
            "tips/secure-executive-sponsorship/index.html",
            "glossary/north-star/index.html",
            "glossary/index.html",
            "tags/trust/index.html",
            "health/index.html",
            "print/index.html",
        ],
    );
}

/// axe-core on the pages of other tools' constructs: embeds and players, callouts of
/// every kind, footnotes and tags, hints and includes.
#[test]
#[cfg_attr(
    no_browser,
    ignore = "needs chromium and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn pages_with_embeds_callouts_and_footnotes_have_no_serious_accessibility_violations() {
    require_browser();
    let site = TestSite::fixture("syntax");
    site.build();
    axe(
        &site,
        &[
            "notes/embeds/index.html",
            "notes/callouts/index.html",
            "notes/footnotes/index.html",
            "notes/directives/index.html",
        ],
    );
}

#[test]
#[cfg_attr(
    no_browser,
    ignore = "needs chromium and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn a_moved_page_s_old_address_opens_it_from_disk() {
    require_browser();
    let site = TestSite::empty().file(
        "content/notes/Embed files.md",
        "---\npermalink: embeds\n---\n# Embed files\n\nText.\n",
    );
    site.build();
    let out = site.output();
    let args = [
        out.as_os_str(),
        std::ffi::OsStr::new("notes/embed-files/index.html"),
        std::ffi::OsStr::new("Embed files · "),
    ];
    run("redirect", &args);
}

/// axe-core on a page of highlighted code and one of formulas, in light and dark mode;
/// then the formulas are drawn with the theme's own math font, and code colours change
/// with the colour scheme.
#[test]
#[cfg_attr(
    no_browser,
    ignore = "needs chromium and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn code_and_math_are_accessible_and_drawn_with_the_shipped_font() {
    require_browser();
    let site = TestSite::fixture("code_and_math");
    assert_eq!(site.run(&["build"]).code, 0);
    axe(&site, &["code/index.html", "formulas/index.html"]);
    run("math", &[site.output().as_os_str()]);
}

#[test]
#[cfg_attr(
    no_browser,
    ignore = "needs chromium and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn links_work_when_the_site_is_opened_from_disk() {
    scenario("disk");
}

#[test]
#[cfg_attr(
    no_browser,
    ignore = "needs chromium and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn the_404_page_works_at_any_depth_of_a_site_hosted_under_a_sub_path() {
    scenario("notfound");
}

#[test]
#[cfg_attr(
    no_browser,
    ignore = "needs chromium and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn a_served_page_updates_itself_when_its_file_is_saved() {
    require_browser();
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

/// Mermaid diagrams as a reader sees them: axe-core finds nothing serious, and every
/// label stands out from the shape under it, in light and dark mode.
#[test]
#[cfg_attr(
    no_browser,
    ignore = "needs chromium and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn diagram_labels_are_readable_in_both_colour_schemes() {
    require_browser();
    let site = TestSite::fixture("basic");
    site.build();
    let page = "guides/first-guide/index.html";
    axe(&site, &[page]);
    let out = site.output();
    run("diagrams", &[out.as_os_str(), std::ffi::OsStr::new(page)]);
}

/// The basic fixture with what a reader's frame must cope with: a 40-page section of
/// pages long enough to scroll, and a page of a wide table, code and diagram.
fn reading_site() -> TestSite {
    let mut site = TestSite::fixture("basic").file(
        "content/long/_index.md",
        "---\ntitle: Long\nweight: 50\n---\nForty pages.\n",
    );
    let paragraph = "A paragraph long enough to wrap over several lines of the page, so that forty of them make a page that scrolls well past the first screen. ";
    for n in 1..=40 {
        site = site.file(
            &format!("content/long/{n:02}-page-{n:02}.md"),
            &format!(
                "---\ntitle: Page {n:02}\n---\n{}\n",
                format!("{}\n\n", paragraph.repeat(3)).repeat(12)
            ),
        );
    }
    let columns: Vec<String> = (1..=9).map(|n| format!("Column number {n}")).collect();
    let table = format!(
        "| {} |\n|{}\n| {} |\n",
        columns.join(" | "),
        "---|".repeat(9),
        columns.join(" | ")
    );
    let nodes: Vec<String> = (1..=12).map(|n| format!("S{n}[Step number {n}]")).collect();
    site.file(
        "content/wide.md",
        &format!(
            "---\ntitle: Wide things\n---\n{table}\n```text\nstart{}end\nstart\n```\n\n```mermaid\nflowchart LR\n  {}\n```\n",
            " ".repeat(300),
            nodes.join(" --> ")
        ),
    )
}

#[test]
#[cfg_attr(
    no_browser,
    ignore = "needs chromium and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn the_sidebar_reaches_every_page_stays_in_view_and_scrolls_on_its_own() {
    require_browser();
    let site = reading_site();
    site.build();
    run("longnav", &[site.output().as_os_str()]);
}

#[test]
#[cfg_attr(
    no_browser,
    ignore = "needs chromium and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn a_phone_gets_one_header_row_search_behind_a_button_and_wide_content_that_scrolls_in_place() {
    require_browser();
    let site = reading_site();
    site.build();
    run("phonebar", &[site.output().as_os_str()]);
}

#[test]
#[cfg_attr(
    no_browser,
    ignore = "needs chromium and the npm packages of tests/browser: bash .ci/run installs them"
)]
fn listings_show_cards_counts_and_numbers_readable_in_both_schemes() {
    require_browser();
    let site = reading_site();
    site.build();
    run("listings", &[site.output().as_os_str()]);
    axe(
        &site,
        &[
            "index.html",
            "roles/index.html",
            "long/page-35/index.html",
            "wide/index.html",
        ],
    );
}

/// The print page, printed by chromium to a PDF and read back with `pdftotext`: every
/// chapter's title in order, no internal address after a link, an external one's URL.
#[test]
#[cfg_attr(
    any(no_browser, no_pdftotext),
    ignore = "needs chromium, the npm packages of tests/browser and pdftotext (poppler-utils): bash .ci/run installs them"
)]
fn the_print_page_prints_every_page_in_order_with_only_external_urls_shown() {
    require_browser();
    assert!(
        Command::new("pdftotext").arg("-v").output().is_ok(),
        "the print test needs pdftotext (poppler-utils; bash .ci/run installs it)"
    );
    let site = TestSite::fixture("basic").file(
        "content/tips/05-keep-going.md",
        "---\ntitle: Keep going\n---\n\nSee [trust](02-build-trust.md) and [the study](https://example.org/study).\n",
    );
    site.build();
    let out = site.output();
    run(
        "print",
        &[
            out.as_os_str(),
            std::ffi::OsStr::new("https://example.org/study"),
        ],
    );
}
