//! Folders written for other tools go in as they are: one fixture per convention
//! (Obsidian, GitBook, mdBook, GitHub README folders, Zola), each with an `EXPECTED.md`
//! beside its `content/` that lists the pages, URLs, titles, files and diagnostics a
//! correct build gives. This test reads those lists and holds the binary to them:
//! `check` on the fixture reports exactly the listed errors (and the listed warnings and
//! notes), and once the files that hold those problems are deleted, `build` succeeds and
//! writes every listed page at its URL with its title.

mod common;

use std::collections::BTreeSet;

use common::TestSite;
use serde_json::Value;

/// The lines of `EXPECTED.md` this test reads; the rest is prose for people.
#[derive(Debug, Default)]
struct Expected {
    /// `content/x.md`, URL (`""` for home), title.
    pages: Vec<(String, String, String)>,
    /// Severity, `content/x.md`, line, column, rest of the line.
    diagnostics: Vec<(String, String, usize, usize, String)>,
    /// Field names `check` notes as kept for templates.
    kept_fields: Vec<String>,
    /// Files below the output root that must be there.
    copied: Vec<String>,
    /// Paths below `content/` that must not reach the output (non-markdown).
    not_published: Vec<String>,
    /// Files whose removal leaves a site without errors.
    problem_files: Vec<String>,
    /// Old URL, new URL.
    redirects: Vec<(String, String)>,
}

impl Expected {
    fn read(fixture: &str) -> Expected {
        let path = format!(
            "{}/tests/fixtures/{fixture}/EXPECTED.md",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(path).expect("EXPECTED.md");
        let mut expected = Expected::default();
        let mut section = "";
        for line in text.lines() {
            if let Some(heading) = line.strip_prefix("## ") {
                section = heading.trim();
                continue;
            }
            let Some(item) = line.strip_prefix("- ") else {
                continue;
            };
            match section {
                "Pages" if item.starts_with("content/") && item.contains(" | title: ") => {
                    let (file, rest) = item.split_once(" -> ").expect(item);
                    let (url, title) = rest.split_once(" | title: ").expect(item);
                    let url = url.trim().trim_start_matches('/').to_string();
                    expected.pages.push((file.into(), url, title.trim().into()));
                }
                "Diagnostics"
                    if ["error ", "warning ", "note "]
                        .iter()
                        .any(|p| item.starts_with(p)) =>
                {
                    let (severity, rest) = item.split_once(' ').expect(item);
                    if severity == "note" {
                        let field = rest.split('`').nth(1).expect(item);
                        expected.kept_fields.push(field.to_string());
                        continue;
                    }
                    // `content/A note.md:4:1 what`: the file name may hold spaces.
                    let end = rest.find(".md:").expect(item) + 3;
                    let (file, rest) = (rest[..end].to_string(), &rest[end + 1..]);
                    let (place, message) = rest.split_once(' ').expect(item);
                    let (line, column) = place.split_once(':').expect(item);
                    let (line, column) = (line.parse().expect(item), column.parse().expect(item));
                    expected.diagnostics.push((
                        severity.into(),
                        file,
                        line,
                        column,
                        message.into(),
                    ));
                }
                "Files copied" => expected.copied.push(without_comment(item).to_string()),
                "Not published" => {
                    let file = without_comment(item);
                    if let Some(file) = file.strip_prefix("content/")
                        && !file.ends_with(".md")
                    {
                        expected.not_published.push(file.to_string());
                    }
                }
                "Problem files" => {
                    let file = item.split(" (").next().unwrap().trim();
                    expected.problem_files.push(file.to_string());
                }
                "Redirects" if item.contains(" -> ") => {
                    let (from, rest) = item.split_once(" -> ").expect(item);
                    let to = rest.split(" (").next().unwrap().trim();
                    expected.redirects.push((from.trim().into(), to.into()));
                }
                _ => {}
            }
        }
        assert!(!expected.pages.is_empty(), "{fixture}: no pages listed");
        expected
    }
}

/// `a (1).png (linked twice)` without its closing remark: `a (1).png`.
fn without_comment(item: &str) -> &str {
    match (item.ends_with(')'), item.rfind(" (")) {
        (true, Some(at)) => item[..at].trim(),
        _ => item.trim(),
    }
}

/// The messages of the errors among `diags`.
fn error_messages(diags: &[Value]) -> Vec<&str> {
    diags
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["message"].as_str().unwrap())
        .collect()
}

/// `content/x.md` as the binary names it in diagnostics.
fn place(d: &Value) -> (String, usize, usize) {
    let path = d["path"].as_str().unwrap().to_string();
    let path = path
        .split_once("content/")
        .map_or(path.clone(), |(_, p)| format!("content/{p}"));
    (
        path,
        d["line"].as_u64().unwrap() as usize,
        d["column"].as_u64().unwrap() as usize,
    )
}

fn holds_to_its_expectations(fixture: &str) {
    let expected = Expected::read(fixture);
    let site = TestSite::fixture(fixture);
    std::fs::remove_file(site.root().join("EXPECTED.md")).unwrap();

    // With its problem files: exactly the listed errors, and the listed warnings and notes.
    let (code, diags) = site.check();
    assert_eq!(code, 1, "{fixture}: the problem files fail the check");
    let errors: BTreeSet<(String, usize, usize)> = diags
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(place)
        .collect();
    let want_errors: BTreeSet<(String, usize, usize)> = expected
        .diagnostics
        .iter()
        .filter(|d| d.0 == "error")
        .map(|d| (d.1.clone(), d.2, d.3))
        .collect();
    let all: Vec<String> = diags
        .iter()
        .map(|d| format!("{:?} {}: {}", place(d), d["severity"], d["message"]))
        .collect();
    assert_eq!(errors, want_errors, "{fixture}: errors\n{}", all.join("\n"));
    for (severity, file, line, column, message) in &expected.diagnostics {
        let found = diags.iter().any(|d| {
            d["severity"] == severity.as_str() && place(d) == (file.clone(), *line, *column)
        });
        assert!(
            found,
            "{fixture}: no {severity} at {file}:{line}:{column} ({message})\n{}",
            all.join("\n")
        );
    }
    for field in &expected.kept_fields {
        let noted = diags.iter().any(|d| {
            d["severity"] == "note"
                && d["message"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("field `{field}`"))
        });
        assert!(
            noted,
            "{fixture}: no note for field `{field}`\n{}",
            all.join("\n")
        );
    }

    // Without them: a build with every page at its URL, under its title.
    for file in &expected.problem_files {
        std::fs::remove_file(site.root().join(file)).unwrap();
    }
    let run = site.run(&["build", "--format", "json"]);
    assert_eq!(
        run.code, 0,
        "{fixture}: build\n{}{}",
        run.stdout, run.stderr
    );
    for (file, url, title) in &expected.pages {
        let page = site.page(&format!("{url}index.html"));
        let h1 = page.texts("main h1");
        assert_eq!(
            h1.first().map(|t| t.trim()),
            Some(title.as_str()),
            "{fixture}: {file} at /{url}"
        );
    }
    for file in &expected.copied {
        assert!(
            site.output().join(file).is_file(),
            "{fixture}: {file} is not copied"
        );
    }
    for file in &expected.not_published {
        assert!(
            !site.output().join(file).exists(),
            "{fixture}: {file} is published"
        );
    }
    assert!(
        !site.output().join("summary").exists(),
        "{fixture}: SUMMARY.md is no page"
    );
    let hidden = expected
        .copied
        .iter()
        .any(|f| f.starts_with('.') || f.contains("/."));
    assert_eq!(
        site.output().join(".nojekyll").is_file(),
        hidden,
        "{fixture}: a site with hidden folders has a .nojekyll for GitHub Pages, others none"
    );
    for (from, to) in &expected.redirects {
        let html = std::fs::read_to_string(site.output().join(from).join("index.html"))
            .unwrap_or_else(|e| panic!("{fixture}: no redirect at {from}: {e}"));
        let depth = from.trim_end_matches('/').split('/').count();
        let href = format!("{}{to}", "../".repeat(depth));
        assert!(
            html.contains(&format!("url={href}")),
            "{fixture}: {from} does not send to {href}:\n{html}"
        );
    }
}

#[test]
fn an_obsidian_vault_goes_in_as_it_is() {
    holds_to_its_expectations("import_obsidian");
}

#[test]
fn a_gitbook_space_goes_in_as_it_is() {
    holds_to_its_expectations("import_gitbook");
}

#[test]
fn an_mdbook_book_goes_in_as_it_is() {
    holds_to_its_expectations("import_mdbook");
}

#[test]
fn a_github_folder_of_readmes_goes_in_as_it_is() {
    holds_to_its_expectations("import_github");
}

#[test]
fn a_zola_site_goes_in_as_it_is() {
    holds_to_its_expectations("import_zola");
}

#[test]
fn a_summary_orders_and_names_the_navigation_and_is_no_page() {
    let site = TestSite::empty()
        .file(
            "content/SUMMARY.md",
            "# Summary\n\n[Welcome](README.md)\n\n- [Zebra first](zebra.md)\n- [Middle](middle/README.md)\n  - [Inside](middle/inside.md)\n- [Later]()\n- [Alpha last](alpha.md)\n",
        )
        .file("content/README.md", "# Book\n")
        .file("content/alpha.md", "# Alpha\n")
        .file("content/zebra.md", "Text without a heading.\n")
        .file("content/middle/README.md", "# Middle part\n")
        .file("content/middle/inside.md", "# Inside\n")
        .file("content/stray.md", "# Stray\n");
    site.build();
    let page = site.page("alpha/index.html");
    let nav = page.texts("nav.sidebar .nav-tree a");
    let nav: Vec<&str> = nav.iter().map(|t| t.trim()).collect();
    assert_eq!(
        nav,
        ["Zebra first", "Middle", "Inside", "Alpha last", "Stray"],
        "the summary's order and titles; pages it leaves out come after"
    );
    assert_eq!(
        site.page("zebra/index.html").texts("main h1"),
        ["Zebra first"],
        "a page titled by its file name takes the summary's title"
    );
    assert_eq!(
        site.page("alpha/index.html").texts("main h1"),
        ["Alpha"],
        "its own heading stays its title"
    );
    assert!(!site.output().join("summary").exists());

    site.write(
        "content/SUMMARY.md",
        "- [Gone](gone.md)\n- [Alpha](alpha.md)\n",
    );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let d = common::find(&diags, "SUMMARY.md lists `gone.md`, which does not exist");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(3))
    );
}

#[test]
fn folder_pages_are_index_readme_or_a_folder_note_and_two_are_an_error() {
    let site = TestSite::empty()
        .file("content/README.md", "# Handbook\n")
        .file("content/a/index.md", "# A index\n")
        .file("content/b/readme.md", "# B readme\n")
        .file("content/b/page.md", "# B page\n")
        .file("content/Projects.md", "# Projects note\n")
        .file("content/Projects/one.md", "# One\n");
    site.build();
    assert_eq!(site.page("index.html").texts("main h1"), ["Handbook"]);
    assert_eq!(site.page("a/index.html").texts("main h1"), ["A index"]);
    assert_eq!(site.page("b/index.html").texts("main h1"), ["B readme"]);
    assert_eq!(
        site.page("projects/index.html").texts("main h1"),
        ["Projects note"]
    );
    for gone in ["readme", "a/index", "b/readme", "projects/projects"] {
        assert!(
            !site.output().join(gone).exists(),
            "{gone}/ is not a page of its own"
        );
    }
    site.write("content/a/README.md", "# A readme\n");
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let d = common::find(&diags, "has two folder pages");
    assert!(
        d["path"].as_str().unwrap().ends_with("content/a/README.md"),
        "{d}"
    );
    assert_eq!(
        d["message"],
        "`a` has two folder pages, `index.md` and `README.md`"
    );
}

#[test]
fn fields_of_other_tools_shape_the_page() {
    let site = TestSite::empty()
        .file("content/_index.md", "---\ntitle: Home\n---\n")
        .file(
            "content/Meeting Cadence.md",
            "---\npermalink: rhythm/cadence\ncssclasses: [wide, cards]\ncreated: 2025-07-30T22:58:44+02:00\nmodified: 2025-08-12T09:15:00+02:00\nstatus: draft-ish\n---\nText.\n",
        )
        .file("content/Hidden.md", "---\npublish: false\n---\nNot here.\n")
        .file("content/old.md", "+++\nredirect_to = \"rhythm/cadence/\"\n+++\n")
        .file("content/zola.md", "\n\n+++\ntitle = \"Zola page\"\naliases = [\"/legacy/zola/\"]\n[taxonomies]\ntags = [\"governance\"]\n+++\nBody.\n");
    site.build();
    let page = site.page("rhythm/cadence/index.html");
    assert_eq!(page.attrs("body", "class"), ["kind-page wide cards"]);
    assert_eq!(
        page.attrs(".meta time", "datetime")
            .first()
            .map(String::as_str),
        Some("2025-08-12")
    );
    let moved = std::fs::read_to_string(site.output().join("meeting-cadence/index.html")).unwrap();
    assert!(moved.contains("url=../rhythm/cadence/"), "{moved}");
    let old = std::fs::read_to_string(site.output().join("old/index.html")).unwrap();
    assert!(old.contains("url=../rhythm/cadence/"), "{old}");
    let alias = std::fs::read_to_string(site.output().join("legacy/zola/index.html")).unwrap();
    assert!(alias.contains("url=../../zola/"), "{alias}");
    assert!(!site.output().join("hidden").exists(), "publish: false");
    let zola = site.page("zola/index.html");
    assert_eq!(
        zola.texts("main h1"),
        ["Zola page"],
        "front matter after blank lines"
    );
    assert!(!zola.texts("main").concat().contains("+++"));
    assert!(site.output().join("tags/governance/index.html").is_file());

    // A permalink to a folder without a page makes the note that folder's page; `/` is home.
    std::fs::remove_file(site.root().join("content/_index.md")).unwrap();
    site.write("content/Start.md", "---\npermalink: /\n---\n# Welcome\n");
    site.write(
        "content/Bases/Intro.md",
        "---\npermalink: bases\n---\n# About bases\n",
    );
    site.write("content/Bases/Other.md", "# Other\n");
    site.write(
        "content/Taken.md",
        "---\npermalink: rhythm/cadence\n---\n# Taken\n",
    );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let clash = common::find(&diags, "this would be written to rhythm/cadence/index.html");
    assert_eq!(
        clash["line"], 2,
        "at the `permalink` that chose the address: {clash}"
    );
    std::fs::remove_file(site.root().join("content/Taken.md")).unwrap();
    site.build();
    assert_eq!(site.page("index.html").texts("main h1"), ["Welcome"]);
    assert_eq!(
        site.page("bases/index.html").texts("main h1"),
        ["About bases"]
    );
    assert!(
        site.page("bases/index.html")
            .texts("main a")
            .iter()
            .any(|t| t.contains("Other"))
    );

    let (code, diags) = site.check();
    assert_eq!(code, 0);
    let note = common::find(&diags, "field `status`");
    assert_eq!(
        (note["severity"].as_str(), note["line"].as_u64()),
        (Some("note"), Some(6))
    );
    let run = site.run(&["check"]);
    assert!(
        run.stdout.contains("3 × field `permalink` understood"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("field `publish` understood"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_template_the_theme_lacks_is_one_error_at_its_first_use() {
    let page = "+++\ntitle = \"T\"\ntemplate = \"theme.html\"\n+++\n";
    let site = TestSite::empty()
        .file("content/themes/a/index.md", page)
        .file("content/themes/b/index.md", page)
        .file("content/themes/c/index.md", page);
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let errors: Vec<&Value> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(
        errors[0]["message"],
        "template `theme.html` not found in the theme (3 pages name it; this is the first)"
    );
    assert!(
        errors[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("themes/a/index.md")
    );
    assert_eq!(errors[0]["line"], 3);
    assert!(
        errors[0]["help"]
            .as_str()
            .unwrap()
            .starts_with("add `templates/theme.html`"),
        "many pages naming it is no slip for `term.html`: {}",
        errors[0]["help"]
    );
}

#[test]
fn a_page_with_a_front_matter_error_still_has_its_links_checked_and_is_linkable() {
    let site = TestSite::empty()
        .file(
            "content/_index.md",
            "---\ntitle: Home\n---\nSee [[Broken page]].\n",
        )
        .file(
            "content/broken.md",
            "---\ntitle: Broken page\nweight: high\ntags: [a, b\n---\nA link to [[Nowhere]].\n",
        );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let errors: Vec<(String, u64)> = diags
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["message"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    // The syntax error, at its cause, and the body's own broken link; the page keeps the
    // title its header gives, so the home page's link to it still finds it.
    assert_eq!(
        errors,
        [
            ("this `[` is never closed".to_string(), 4),
            ("[[Nowhere]] matches no page".to_string(), 6)
        ]
    );

    // With readable YAML, each wrong field is reported and the rest is read: the title
    // still names the page, and the body's links are checked in the same run.
    site.write(
        "content/broken.md",
        "---\ntitle: Broken page\nweight: high\ndraft: yes\n---\nA link to [[Nowhere]].\n",
    );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let mut errors: Vec<u64> = diags
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    errors.sort();
    assert_eq!(errors, [3, 4, 6], "{diags:#?}");
    assert!(
        !diags
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("[[Broken page]]"))
    );
}

#[test]
fn a_folder_whose_only_markdown_is_its_index_is_a_page_among_its_parents_pages() {
    let site = TestSite::empty()
        .file(
            "content/_index.md",
            "+++\ntitle = \"Blog\"\nsort_by = \"date\"\n+++\n",
        )
        .file(
            "content/older.md",
            "+++\ntitle = \"Older\"\ndate = 2024-01-01\n+++\n",
        )
        .file(
            "content/kickoff/index.md",
            "+++\ntitle = \"Kickoff\"\ndate = 2025-07-14\n+++\n![Agenda](agenda.png)\n",
        )
        .file("content/kickoff/agenda.png", "png")
        .file(
            "content/links.md",
            "+++\ntitle = \"Links\"\n+++\n[a](kickoff/) [b](@/kickoff/index.md) [[Kickoff]]\n",
        );
    site.build();
    let home = site.page("index.html");
    let listed = home.texts("main li a");
    let listed: Vec<&str> = listed.iter().map(|t| t.trim()).collect();
    assert_eq!(
        listed,
        ["Kickoff", "Older", "Links"],
        "newest first, as a page"
    );
    let kickoff = site.page("kickoff/index.html");
    assert_eq!(kickoff.attrs("main img", "src"), ["agenda.png"]);
    let links = site.page("links/index.html");
    assert_eq!(
        links.attrs(".content a", "href"),
        ["../kickoff/", "../kickoff/", "../kickoff/"]
    );
}

#[test]
fn addresses_are_checked_before_anything_is_written() {
    let site = TestSite::empty()
        .file("content/_index.md", "# Home\n")
        .file("content/q.md", "# Q\n")
        .file(
            "content/p.md",
            "---\naliases: [\"/./q/\", \"/q/\", \"/old/p/\"]\n---\n# P\n",
        )
        .file("content/-.md", "# Dash\n")
        .file("content/s.md", "---\npermalink: style.css\n---\n# S\n");
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let all: Vec<String> = diags
        .iter()
        .map(|d| {
            let text = |key: &str| d[key].as_str().unwrap().to_string();
            format!(
                "{} {}:{} {}",
                text("severity"),
                text("path"),
                d["line"],
                text("message")
            )
        })
        .collect();
    let has = |text: &str| all.iter().any(|d| d.contains(text));
    assert!(
        has("error content/-.md:1 this file's name has no letter or digit"),
        "{all:#?}"
    );
    assert!(
        has("needs a folder style.css/, where the theme's static/style.css is a file"),
        "{all:#?}"
    );
    assert!(
        has("warning content/p.md:2 alias `/q/` is the address of a page"),
        "{all:#?}"
    );
    std::fs::remove_file(site.root().join("content/-.md")).unwrap();
    std::fs::remove_file(site.root().join("content/s.md")).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        site.page("q/index.html").texts("main h1"),
        ["Q"],
        "no alias overwrites a page"
    );
    let old = std::fs::read_to_string(site.output().join("old/p/index.html")).unwrap();
    assert!(old.contains("url=../../p/"));
}

#[test]
fn a_link_to_a_page_kept_out_by_publish_says_which_field_to_remove() {
    let site = TestSite::empty()
        .file("content/a.md", "# A\n\nSee [[B]] and [[C]].\n")
        .file("content/b.md", "---\npublish: false\n---\n# B\n")
        .file("content/c.md", "---\npublished: no\n---\n# C\n");
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    assert_eq!(
        common::find(&diags, "[[B]] links to a draft")["help"],
        "remove `publish: false` from that page, or build with --drafts"
    );
    assert_eq!(
        common::find(&diags, "[[C]] links to a draft")["help"],
        "remove `published: false` from that page, or build with --drafts"
    );
}

#[test]
fn a_vault_linked_in_as_content_is_never_written_into() {
    let vault = tempfile::tempdir().unwrap();
    std::fs::write(vault.path().join("Note.md"), "# Note\n").unwrap();
    let site = TestSite::empty();
    std::os::unix::fs::symlink(vault.path(), site.root().join("content")).unwrap();
    site.build();
    assert!(site.output().join("note/index.html").is_file());
    let inside = vault.path().join("out");
    let run = site.run(&["build", "--output", inside.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("it lies inside content/"),
        "{}",
        run.stderr
    );
    let names: Vec<_> = std::fs::read_dir(vault.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["Note.md"], "nothing written into the vault");
}

#[test]
fn a_redirect_to_must_lead_to_a_page_and_not_in_a_circle() {
    let site = TestSite::empty()
        .file("content/a.md", "+++\nredirect_to = \"b/\"\n+++\n")
        .file("content/b.md", "+++\nredirect_to = \"/a\"\n+++\n")
        .file("content/c.md", "+++\nredirect_to = \"nowhere/\"\n+++\n")
        .file(
            "content/d.md",
            "+++\nredirect_to = \"https://example.org/\"\n+++\n",
        );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let errors: Vec<(&str, &str)> = diags
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| (d["path"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        [
            (
                "content/a.md",
                "`redirect_to` leads round in a circle back to this page"
            ),
            (
                "content/b.md",
                "`redirect_to` leads round in a circle back to this page"
            ),
            (
                "content/c.md",
                "`redirect_to` leads to /nowhere/, which is no page of this site"
            ),
        ]
    );
}

#[test]
fn a_summary_entry_for_a_file_that_is_no_page_is_no_error() {
    let site = TestSite::empty()
        .file(
            "content/SUMMARY.md",
            "- [Intro](README.md)\n- [Chart](img/chart.png)\n- [Summary](SUMMARY.md)\n- [Gone](gone.md)\n",
        )
        .file("content/README.md", "# Book\n")
        .file("content/img/chart.png", "png");
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let errors = error_messages(&diags);
    assert_eq!(errors, ["SUMMARY.md lists `gone.md`, which does not exist"]);
}

#[test]
fn an_obsidian_template_folder_is_left_out_and_a_link_into_it_says_so() {
    let site = TestSite::empty()
        .file(
            "content/.obsidian/templates.json",
            "{\n  \"folder\": \"Templates\"\n}\n",
        )
        .file(
            "content/Templates/Daily.md",
            "---\ncreated: {{date}}\n---\n# {{title}}\n",
        )
        .file("content/Home.md", "# Home\n\nStart from [[Daily]].\n");
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let errors = error_messages(&diags);
    assert_eq!(
        errors,
        [
            "[[Daily]] links to `Templates/Daily.md`, a note of the vault's template folder, which is not published"
        ],
        "the template's placeholders are no error: it is not read"
    );
    site.write("content/Home.md", "# Home\n");
    site.build();
    assert!(!site.output().join("templates").exists());
    let run = site.run(&["check"]);
    assert!(
        run.stdout
            .contains("1 note in `Templates/`, Obsidian's template folder"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_redirect_is_not_searched_or_in_the_sitemap_and_the_sitemap_has_the_last_change() {
    let site = TestSite::empty()
        .file("site.toml", "base_url = \"https://example.org/\"\n")
        .file(
            "content/a.md",
            "---\ntitle: Alpha\ndate: 2025-01-01\nlastmod: 2025-03-04\n---\nText.\n",
        )
        .file(
            "content/old.md",
            "+++\ntitle = \"Oldpage\"\nredirect_to = \"a/\"\n+++\n",
        );
    site.build();
    let sitemap = std::fs::read_to_string(site.output().join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://example.org/a/</loc><lastmod>2025-03-04</lastmod>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("/old/"), "{sitemap}");
    let search: String = std::fs::read_dir(site.output().join("search"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(search.contains("Alpha") && !search.contains("Oldpage"));
}

#[test]
fn nothing_in_an_obsidian_comment_is_published_anywhere() {
    let site = TestSite::empty()
        .file(
            "content/Charter.md",
            "# Charter\n\nPublic text %%Legal still wants the veto%% goes on.\n\n%%\nThe real margin is 12 percent.\n[[Nowhere]]\n%%\n\n%%note to self%% Visible line.\n\n`%%kept in code%%`\n",
        );
    site.build();
    let mut all = String::new();
    for entry in walkdir::WalkDir::new(site.output()) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            all += &String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap());
        }
    }
    for secret in [
        "Legal still wants",
        "real margin",
        "note to self",
        "Nowhere",
    ] {
        assert!(!all.contains(secret), "`{secret}` is published");
    }
    let page = site.page("charter/index.html");
    let paragraphs = page.texts(".content p");
    let paragraphs: Vec<String> = paragraphs
        .iter()
        .map(|p| {
            p.replace('\u{ad}', "")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(paragraphs[0], "Public text goes on.");
    assert!(
        paragraphs.iter().any(|p| p == "Visible line."),
        "{paragraphs:?}"
    );
    assert!(
        page.texts(".content code")
            .iter()
            .any(|c| c == "%%kept in code%%")
    );
    assert!(
        page.texts(".content pre").is_empty(),
        "no comment turned into a code block"
    );
}

#[test]
fn obsidian_highlights_are_marked_and_code_and_comparisons_are_not() {
    let site = TestSite::empty().file(
        "content/Note.md",
        "# Note\n\nBoth sides ==measure the same three numbers== each quarter; a == b stays.\n\n`==code==`\n\n```\n==fenced==\n```\n",
    );
    site.build();
    let page = site.page("note/index.html");
    assert_eq!(
        page.texts(".content mark"),
        ["measure the same three numbers"]
    );
    let text = page.texts(".content p").concat();
    assert!(
        text.contains("a == b stays") && !text.contains("==measure"),
        "{text}"
    );
    assert_eq!(
        page.texts(".content code").first().map(String::as_str),
        Some("==code==")
    );
    assert!(page.texts(".content pre").concat().contains("==fenced=="));
}
