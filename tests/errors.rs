//! Invalid sites fail with the file, line, column and a help line the author can act on,
//! printed like a compiler's, and every error of a build is reported, not just the first.

mod common;

use common::{TestSite, find};
use serde_json::Value;

/// Checks the fixture fails with one diagnostic at `path:line:column` whose message and
/// help contain the given words; returns the human-readable output for further checks.
fn fails_with(
    fixture: &str,
    path: &str,
    line: u64,
    column: u64,
    message: &str,
    help: &str,
) -> String {
    let site = TestSite::fixture(fixture);
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1, "{fixture} should fail; got {diags:#?}");
    let here: Vec<&Value> = diags
        .iter()
        .filter(|d| d["line"] == line && d["path"] == path)
        .collect();
    assert_eq!(
        here.len(),
        1,
        "one problem at {path}:{line}, reported once: {diags:#?}"
    );
    let d: &Value = find(&diags, message);
    assert_eq!(d["path"], path, "{d:#}");
    assert_eq!(
        (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()),
        (line, column),
        "{d:#}"
    );
    assert_eq!(d["severity"], "error");
    let got_help = d["help"].as_str().unwrap_or_default();
    assert!(got_help.contains(help), "help {got_help:?} lacks {help:?}");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    let expected = format!("{path}:{line}:{column}: error: ");
    assert!(
        run.stderr.contains(&expected),
        "human output lacks {expected:?}:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("help: {got_help}")),
        "{}",
        run.stderr
    );
    assert!(
        !site.output().exists(),
        "a failed first build must not create the output"
    );
    run.stderr
}

#[test]
fn broken_wiki_link_names_file_line_and_the_closest_page() {
    fails_with(
        "invalid_broken_wiki_link",
        "content/trust.md",
        7,
        9,
        "[[Governance cadense]] matches no page",
        "did you mean [[Governance cadence]]?",
    );
}

#[test]
fn broken_relative_link_names_the_missing_file_and_the_closest_one() {
    fails_with(
        "invalid_broken_relative_link",
        "content/tips/tip.md",
        4,
        12,
        "`../roles/executive-sponsr.md` links to a page that does not exist",
        "did you mean `../roles/executive-sponsor.md`?",
    );
}

#[test]
fn broken_heading_anchor_suggests_the_real_heading() {
    fails_with(
        "invalid_broken_anchor",
        "content/tip.md",
        4,
        6,
        "has no heading `choosing-a-sponser`",
        "did you mean `#choosing-a-sponsor`?",
    );
    fails_with(
        "invalid_broken_anchor",
        "content/tip.md",
        5,
        1,
        "has no heading `Choosing the sponsor`",
        "#choosing-a-sponsor",
    );
}

#[test]
fn ambiguous_wiki_link_lists_the_candidates_and_how_to_pick_one() {
    let out = fails_with(
        "invalid_ambiguous_wiki_link",
        "content/start.md",
        4,
        16,
        "[[Overview]] matches 2 pages",
        "[[glossary/overview]] or [[tips/overview]]",
    );
    assert!(
        out.contains("glossary/overview.md") && out.contains("tips/overview.md"),
        "{out}"
    );
}

#[test]
fn unknown_front_matter_field_names_the_closest_known_field() {
    fails_with(
        "invalid_unknown_field",
        "content/tip.md",
        4,
        1,
        "unknown front matter field `tag`",
        "did you mean `tags`?",
    );
}

#[test]
fn unclosed_front_matter_points_at_the_opening_line() {
    fails_with(
        "invalid_unclosed_front_matter",
        "content/tip.md",
        1,
        1,
        "front matter opened with `---` on line 1 is never closed",
        "add a line `---`",
    );
}

#[test]
fn invalid_yaml_is_reported_at_its_line_in_the_file() {
    fails_with(
        "invalid_yaml",
        "content/tip.md",
        3,
        7,
        "this `[` is never closed",
        "close the list with `]`",
    );
}

#[test]
fn every_error_of_a_build_is_collected() {
    let site = TestSite::fixture("basic")
        .file("content/tips/05-a.md", "---\ntitle: A\nwieght: 3\n---\n")
        .file(
            "content/tips/06-b.md",
            "---\ntitle: B\n---\n[[Nowhere]] and [x](missing.md)\n",
        )
        .file("content/tips/07-c.md", "---\ntitle: C\nweight: high\n---\n")
        .file(
            "site.toml",
            "title = \"x\"\nbase_ulr = \"https://example.org\"\n",
        );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    find(&diags, "unknown front matter field `wieght`");
    find(&diags, "[[Nowhere]] matches no page");
    find(&diags, "`missing.md` links to a page that does not exist");
    let weight = find(&diags, "`weight` has the wrong type");
    assert_eq!(weight["line"], 3);
    let key = find(&diags, "unknown key `base_ulr`");
    assert_eq!(key["help"], "did you mean `base_url`?");
    assert_eq!(key["line"], 2);
    assert_eq!(diags.len(), 5, "{diags:#?}");
}

#[test]
fn positions_are_right_in_crlf_files_and_after_a_byte_order_mark() {
    let site = TestSite::fixture("basic").file(
        "content/tips/05-crlf.md",
        "\u{feff}---\r\ntitle: CRLF\r\n---\r\n\r\nText and [[Nowhere]].\r\n",
    );
    let (_, diags) = site.diagnostics();
    let d = find(&diags, "[[Nowhere]]");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(5), Some(10))
    );
}

#[test]
fn a_page_without_a_title_takes_its_file_name_and_an_empty_file_builds() {
    let site = TestSite::fixture("basic")
        .file("content/tips/05-no-title.md", "Just text.\n")
        .file("content/tips/Partner Map.md", "Text.\n")
        .file("content/tips/empty.md", "");
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 0, "{diags:?}");
    let d = find(&diags, "this file is empty");
    assert_eq!(
        (d["severity"].as_str(), d["line"].as_u64()),
        (Some("warning"), Some(1))
    );
    assert_eq!(
        site.page("tips/no-title/index.html").texts("h1"),
        ["No title"]
    );
    assert_eq!(
        site.page("tips/partner-map/index.html").texts("h1"),
        ["Partner Map"]
    );
    assert_eq!(site.page("tips/empty/index.html").texts("h1"), ["Empty"]);
}

#[test]
fn a_link_to_a_draft_says_so() {
    let site = TestSite::fixture("basic").file(
        "content/tips/05-x.md",
        "---\ntitle: X\n---\nSee [[A draft idea]].\n",
    );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let d = find(&diags, "links to a draft");
    assert!(d["help"].as_str().unwrap().contains("--drafts"));
    let run = site.run(&["check", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn two_pages_with_the_same_url_are_an_error() {
    let site =
        TestSite::fixture("basic").file("content/tips/Build-Trust.md", "---\ntitle: Other\n---\n");
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let d = find(
        &diags,
        "this would be written to tips/build-trust/index.html, as would",
    );
    assert!(
        d["message"].as_str().unwrap().contains("02-build-trust.md"),
        "{d:#}"
    );
    let d = find(&diags, "matches 2 pages");
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("[[tips/02-build-trust]]"),
        "{d:#}"
    );
}

#[test]
fn a_content_file_that_would_overwrite_a_generated_page_is_an_error() {
    let site = TestSite::fixture("basic")
        .file("content/index.html", "<p>mine</p>")
        .file("content/style.css", "body {}")
        // (`guides.md` beside `guides/` would be that folder's page, not a collision.)
        .file(
            "content/other.md",
            "---\ntitle: Guides page\nslug: guides\n---\n",
        );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let home = find(&diags, "this would be written to index.html, as would");
    assert_eq!(home["path"], "content/index.html");
    let css = find(
        &diags,
        "this would be written to style.css, as would the theme's static/style.css",
    );
    assert_eq!(css["path"], "content/style.css");
    let listing = find(&diags, "this would be written to guides/index.html");
    assert!(
        listing["message"]
            .as_str()
            .unwrap()
            .contains("listing of the folder"),
        "{listing:#}"
    );
}

#[test]
fn template_errors_name_the_template_file_and_line() {
    let site = TestSite::fixture("basic").file("themes/default/templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ page.nope }}\n{% endblock content %}\n");
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let d = &diags[0];
    assert!(
        d["path"]
            .as_str()
            .unwrap()
            .ends_with("themes/default/templates/page.html"),
        "{d:#}"
    );
    assert_eq!(d["line"], 3);
    let site = TestSite::fixture("basic").file("themes/default/templates/tag.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title | shout }}\n{% endblock content %}\n");
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    assert!(
        diags[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("themes/default/templates/tag.html"),
        "{diags:#?}"
    );
    assert_eq!(
        (diags[0]["line"].as_u64(), diags[0]["message"].as_str()),
        (Some(3), Some("Unknown filter `shout`"))
    );
    let site = TestSite::fixture("basic").file("themes/default/templates/page.html", "{% if %}\n");
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    assert!(
        diags[0]["path"].as_str().unwrap().ends_with("page.html"),
        "{diags:#?}"
    );
    assert_eq!(diags[0]["line"], 1);
}

#[test]
fn pages_that_embed_each_other_in_a_circle_are_one_error_naming_the_circle() {
    let site = TestSite::fixture("basic")
        .file(
            "content/a.md",
            "---\ntitle: Page A\n---\nIntro.\n\n![[Page B]]\n",
        )
        .file("content/b.md", "---\ntitle: Page B\n---\n![[Page C]]\n")
        .file(
            "content/c.md",
            "---\ntitle: Page C\n---\nText, then\n![[page a]]\n",
        );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1, "{diags:#?}");
    let circles: Vec<&Value> = diags
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("circle"))
        .collect();
    assert_eq!(circles.len(), 1, "one error for one circle: {diags:#?}");
    let d = circles[0];
    assert_eq!(
        (d["path"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("content/a.md"), Some(6), Some(1)),
        "{d:#}"
    );
    assert_eq!(
        d["message"],
        "these pages embed each other in a circle: Page A → Page B → Page C → Page A"
    );
    assert!(d["help"].as_str().unwrap().contains("[[...]]"), "{d:#}");
    // A page that embeds the circle without being on it is not named.
    let site = site.file("content/d.md", "---\ntitle: Page D\n---\n![[Page A]]\n");
    let (_, diags) = site.diagnostics();
    let named: Vec<&str> = diags
        .iter()
        .filter_map(|d| d["message"].as_str())
        .filter(|m| m.contains("circle"))
        .collect();
    assert_eq!(
        named,
        ["these pages embed each other in a circle: Page A → Page B → Page C → Page A"]
    );
}
