//! `playbook build` and `check` on real sites: what pages exist, what they show, and what
//! the output folder looks like before and after.

mod common;

use common::TestSite;

#[test]
fn builds_one_page_per_file_with_pretty_urls() {
    let site = TestSite::fixture("basic");
    site.build();
    for path in [
        "index.html",
        "404.html",
        "style.css",
        "tips/index.html",
        "tips/secure-executive-sponsorship/index.html",
        "tips/build-trust/index.html",
        "tips/measure/index.html",
        "roles/index.html",
        "roles/collaborative-leader/index.html",
        "roles/collaborative-leader/catalyst/index.html",
        "guides/index.html",
        "guides/first-guide/index.html",
        "glossary/index.html",
        "glossary/north-star/index.html",
        "tags/index.html",
        "tags/governance/index.html",
        "tips/img/matrix.png",
    ] {
        assert!(site.output().join(path).is_file(), "missing {path}");
    }
    assert!(
        !site.output().join("sitemap.xml").exists(),
        "no sitemap without base_url"
    );
}

#[test]
fn pages_show_breadcrumbs_toc_and_previous_next() {
    let site = TestSite::fixture("basic");
    site.build();
    let trust = site.page("tips/build-trust/index.html");
    assert_eq!(
        trust.texts(".breadcrumbs li"),
        ["Home", "Tips", "Build trust early"]
    );
    assert_eq!(
        trust.texts("h1"),
        ["Build trust early"],
        "the leading # heading repeats the title and is dropped"
    );
    assert_eq!(
        trust.texts(".pager .prev"),
        ["Previous Secure executive sponsorship"]
    );
    assert_eq!(trust.texts(".pager .next"), ["Next Measure what matters"]);
    let first = site.page("tips/secure-executive-sponsorship/index.html");
    assert!(first.texts(".pager .prev").is_empty());
    assert_eq!(
        first.texts(".toc a"),
        ["Why it matters", "Why it matters", "Custom anchor"]
    );
    assert_eq!(
        first.attrs(".toc a", "href"),
        ["#why-it-matters", "#why-it-matters-1", "#my-anchor"]
    );
    assert_eq!(
        first.attrs(".content h2", "id"),
        [
            "why-it-matters",
            "why-it-matters-1",
            "my-anchor",
            "footnotes-label"
        ]
    );
    let catalyst = site.page("roles/collaborative-leader/catalyst/index.html");
    assert_eq!(
        catalyst.texts(".breadcrumbs li"),
        [
            "Home",
            "Roles",
            "The collaborative leader",
            "Entrepreneurial catalyst"
        ]
    );
    assert_eq!(
        catalyst.attrs("nav.sidebar a[aria-current=page]", "href"),
        ["./"]
    );
}

#[test]
fn markdown_extensions_render() {
    let site = TestSite::fixture("basic");
    site.build();
    let page = site.page("tips/secure-executive-sponsorship/index.html");
    assert_eq!(page.texts(".content table th"), ["Sponsor", "Level"]);
    assert_eq!(
        page.attrs(".content input[type=checkbox][checked]", "type")
            .len(),
        1
    );
    assert_eq!(page.texts(".content del"), ["Old advice"]);
    // Footnotes are collected at the end, each linked both ways.
    assert_eq!(page.texts(".content .footnotes li").len(), 1);
    assert_eq!(page.attrs(".content .footnote-ref a", "href"), ["#fn-1"]);
    assert_eq!(
        page.attrs(".content .footnotes li a.footnote-back", "href"),
        ["#fnref-1"]
    );
    assert_eq!(
        page.texts(".content .callout-warning .callout-title"),
        ["Warning"]
    );
    assert!(
        page.texts(".content blockquote").is_empty(),
        "a callout is not a plain quote"
    );
    let meta = page.texts(".meta");
    assert!(
        meta[0].contains("Owner: Alliance office") && meta[0].contains("2025-01-15"),
        "{meta:?}"
    );
}

#[test]
fn sections_list_their_pages_in_weight_order_and_folders_without_index_are_sections() {
    let site = TestSite::fixture("basic");
    site.build();
    let tips = site.page("tips/index.html");
    assert_eq!(
        tips.texts(".listing > li > a"),
        [
            "Secure executive sponsorship",
            "Build trust early",
            "Measure what matters"
        ]
    );
    let guides = site.page("guides/index.html");
    assert_eq!(guides.texts("h1"), ["Guides"]);
    assert_eq!(guides.texts(".listing > li > a"), ["First guide"]);
    let roles = site.page("roles/index.html");
    assert_eq!(
        roles.texts(".listing > .entry-section > a"),
        ["The collaborative leader"]
    );
    let glossary = site.page("glossary/index.html");
    assert_eq!(glossary.texts(".letters a"), ["E", "N"]);
    assert_eq!(glossary.texts("dt"), ["Executive sponsor", "North Star"]);
    let home = site.page("index.html");
    assert_eq!(home.attrs("html", "lang"), ["en-GB"]);
    assert_eq!(home.texts("title"), ["Fixture Playbook"]);
}

#[test]
fn tags_get_pages_and_an_index() {
    let site = TestSite::fixture("basic");
    site.build();
    let index = site.page("tags/index.html");
    assert_eq!(
        index.texts(".tag-cloud a"),
        ["governance", "measurement", "sponsorship", "trust"],
        "a tag is named as first written; tags are listed by slug"
    );
    let governance = site.page("tags/governance/index.html");
    assert_eq!(
        governance.texts(".listing > li > a"),
        ["Alliance manager", "Secure executive sponsorship"],
        "by title"
    );
    assert_eq!(
        governance.texts(".listing .in-section"),
        ["in Roles", "in Tips"]
    );
    assert_eq!(
        governance.texts(".listing p"),
        [
            "Keeps the alliance on track.",
            "Find a sponsor before you pick a partner."
        ]
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::fixture("basic");
    site.build();
    assert!(!site.output().join("tips/draft-idea").exists());
    assert!(
        !site
            .page("tips/index.html")
            .texts(".listing a")
            .contains(&"A draft idea".to_string())
    );
    let run = site.run(&["build", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.output().join("tips/draft-idea/index.html").is_file());
}

#[test]
fn a_site_theme_template_overrides_just_that_template() {
    let site = TestSite::fixture("basic").file(
        "themes/default/templates/term.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"custom-term\">{{ page.title }}</p>{% endblock content %}",
    );
    site.build();
    let term = site.page("glossary/north-star/index.html");
    assert_eq!(term.texts(".custom-term"), ["North Star"]);
    let tip = site.page("tips/build-trust/index.html");
    assert_eq!(
        tip.texts(".breadcrumbs li").len(),
        3,
        "other templates are still the built-in ones"
    );
}

#[test]
fn a_page_template_field_picks_another_template() {
    let site = TestSite::fixture("basic")
        .file(
            "themes/default/templates/wide.html",
            "{% extends \"page.html\" %}{% block title %}WIDE {{ page.title }}{% endblock title %}",
        )
        .file(
            "content/tips/05-wide.md",
            "---\ntitle: Wide\ntemplate: wide.html\n---\nText.\n",
        );
    site.build();
    assert_eq!(
        site.page("tips/wide/index.html").texts("title"),
        ["WIDE Wide"]
    );
    site.write(
        "content/tips/05-wide.md",
        "---\ntitle: Wide\ntemplate: wid.html\n---\nText.\n",
    );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let d = common::find(&diags, "template `wid.html` not found");
    assert_eq!(d["line"], 3);
    assert_eq!(d["help"], "did you mean `wide.html`?");
}

#[test]
fn a_bare_content_folder_builds_with_the_built_in_theme() {
    let site = TestSite::empty().file(
        "content/notes/hello.md",
        "# Hello\n\nA page with no front matter.\n",
    );
    site.build();
    let page = site.page("notes/hello/index.html");
    assert_eq!(page.texts("h1"), ["Hello"]);
    assert_eq!(
        page.attrs("link[rel=stylesheet]", "href"),
        ["../../style.css"]
    );
    assert!(site.output().join("style.css").is_file());
    assert!(site.output().join("index.html").is_file());
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let site = TestSite::fixture("basic");
    site.build();
    let before = site.snapshot();
    assert!(before.len() > 20);
    site.write(
        "content/tips/02-build-trust.md",
        "---\ntitle: Build trust early\n---\n[[No such page]]\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("output was left as it was"),
        "{}",
        run.stderr
    );
    assert_eq!(site.snapshot(), before);
    let parent_entries: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.contains(".old-"))
        .collect();
    assert!(parent_entries.is_empty(), "left behind {parent_entries:?}");
}

#[test]
fn a_rebuild_replaces_the_output_and_removes_stale_pages() {
    let site = TestSite::fixture("basic");
    site.build();
    std::fs::remove_file(
        site.root()
            .join("content/roles/collaborative-leader/01-catalyst.md"),
    )
    .unwrap();
    site.write(
        "content/roles/collaborative-leader/_index.md",
        "---\ntitle: The collaborative leader\n---\n\nFive roles, one leader.\n",
    );
    site.build();
    assert!(
        !site
            .output()
            .join("roles/collaborative-leader/catalyst")
            .exists()
    );
    assert!(
        site.output()
            .join("roles/collaborative-leader/index.html")
            .is_file()
    );
}

#[test]
fn check_writes_nothing() {
    let site = TestSite::fixture("basic");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("checked "), "{}", run.stdout);
    assert!(!site.output().exists());
}

#[test]
fn refuses_output_folders_that_would_destroy_the_site() {
    let site = TestSite::fixture("basic");
    std::fs::write(site.root().join("notes.txt"), "mine").unwrap();
    for output in [
        ".",
        "content",
        "content/out",
        "..",
        "missing/../content",
        "themes/x",
        "notes.txt",
    ] {
        let run = site.run(&["build", "--output", output]);
        assert_eq!(run.code, 2, "--output {output} is misuse");
        assert!(
            run.stderr.contains("refusing to build into"),
            "{output}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("help: "), "{output}: {}", run.stderr);
    }
    let json = site.run(&["build", "--output", ".", "--format", "json"]);
    let d: serde_json::Value = serde_json::from_str(json.stdout.trim()).unwrap();
    assert_eq!(d["severity"], "error");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .starts_with("refusing to build into")
    );
    assert_eq!(
        std::fs::read_to_string(site.root().join("notes.txt")).unwrap(),
        "mine"
    );
    std::fs::create_dir_all(site.root().join("mine")).unwrap();
    std::fs::write(site.root().join("mine/keep.txt"), "precious").unwrap();
    let run = site.run(&["build", "--output", "mine"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("was not written by playbook"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.root().join("mine/keep.txt")).unwrap(),
        "precious"
    );
    assert!(site.root().join("content/_index.md").is_file());
}

#[test]
fn base_url_adds_a_sitemap_and_canonical_links() {
    let site = TestSite::fixture("basic");
    let run = site.run(&["build", "--base-url", "https://example.org/playbook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sitemap = std::fs::read_to_string(site.output().join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://example.org/playbook/tips/build-trust/</loc>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("<loc>https://example.org/playbook/</loc>"));
    assert!(!sitemap.contains("draft-idea"));
    let page = site.page("tips/build-trust/index.html");
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        ["https://example.org/playbook/tips/build-trust/"]
    );
    assert_eq!(
        page.attrs("a.site-title", "href"),
        ["../../"],
        "page links stay relative"
    );
    let not_found = site.page("404.html");
    assert_eq!(
        not_found.attrs("link[rel=stylesheet]", "href"),
        ["https://example.org/playbook/style.css"]
    );
}

#[test]
fn json_diagnostics_are_one_object_a_line() {
    let site = TestSite::fixture("invalid_broken_wiki_link");
    let run = site.run(&["build", "--format", "json"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["path", "line", "column", "severity", "message", "help"]
    );
}

#[test]
fn github_annotations_put_each_problem_on_its_line() {
    let site = TestSite::fixture("invalid_broken_wiki_link");
    let (_, diags) = site.check();
    let run = site.run(&["check", "--format", "github"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        diags.len(),
        "one annotation a problem: {}",
        run.stdout
    );
    assert!(diags.len() > 1, "the broken link and the health warnings");
    for (line, v) in lines.iter().zip(&diags) {
        let kind = match v["severity"].as_str().unwrap() {
            "suggestion" => "notice",
            other => other,
        };
        let want = format!(
            "::{kind} file={},line={},col={},title=playbook::{}%0Ahelp: ",
            v["path"].as_str().unwrap(),
            v["line"],
            v["column"],
            v["message"].as_str().unwrap()
        );
        assert!(line.starts_with(&want), "{line}\nwanted {want}");
    }
    assert!(lines[0].starts_with("::error file=content/trust.md,line=7,col=9,"));
    assert!(run.stderr.contains("1 error"), "a summary: {}", run.stderr);
}

#[test]
fn misuse_exits_with_status_2() {
    let site = TestSite::fixture("basic");
    assert_eq!(site.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(site.run(&["frobnicate"]).code, 2);
    assert_eq!(site.run(&[]).code, 2);
    assert_eq!(site.run(&["--help"]).code, 0);
}

#[test]
fn review_dates_in_the_past_warn_without_failing() {
    let site = TestSite::fixture("basic").file(
        "content/tips/05-old.md",
        "---\ntitle: Old\nowner: Ops\nreview_by: 2020-01-01\n---\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("content/tips/05-old.md:4:1: warning: this page was due for review on 2020-01-01 (owner: Ops)"), "{}", run.stderr);
}

#[test]
fn new_creates_a_page_that_builds_and_never_overwrites() {
    let site = TestSite::fixture("basic");
    let run = site.run(&["new", "tips", "Agree a joint scorecard"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.trim(),
        format!(
            "created {}",
            std::path::Path::new("content/tips/05-agree-a-joint-scorecard.md").display()
        )
    );
    let text = std::fs::read_to_string(
        site.root()
            .join("content/tips/05-agree-a-joint-scorecard.md"),
    )
    .unwrap();
    assert!(
        text.starts_with("---\ntitle: \"Agree a joint scorecard\"\n"),
        "{text}"
    );
    site.build();
    assert!(
        site.output()
            .join("tips/agree-a-joint-scorecard/index.html")
            .is_file()
    );
    let again = site.run(&["new", "tips", "Agree a joint scorecard"]);
    assert_eq!(
        again.code, 1,
        "a second page with the same slug would clash"
    );
    assert!(
        again
            .stderr
            .contains("already has the slug `agree-a-joint-scorecard`"),
        "{}",
        again.stderr
    );
    let next = site.run(&["new", "tips", "Review the scorecard"]);
    assert_eq!(
        next.stdout.trim(),
        format!(
            "created {}",
            std::path::Path::new("content/tips/06-review-the-scorecard.md").display()
        )
    );
    let run = site.run(&["new", "playbooks", "Quarterly review"]);
    assert_eq!(run.code, 0);
    assert!(
        site.root()
            .join("content/playbooks/quarterly-review.md")
            .is_file()
    );
    let bad = site.run(&["new", "../outside", "X"]);
    assert_eq!(bad.code, 2, "a section outside content/ is misuse");
    assert!(!site.root().join("../outside").exists());
}

#[test]
fn sections_sort_by_title_or_newest_date_when_asked() {
    let site = TestSite::empty()
        .file(
            "content/news/_index.md",
            "---\ntitle: News\nsort_by: date\n---\n",
        )
        .file(
            "content/news/a.md",
            "---\ntitle: Older\ndate: 2024-01-02\n---\n",
        )
        .file(
            "content/news/b.md",
            "---\ntitle: Newest\ndate: 2025-06-30\n---\n",
        )
        .file("content/news/c.md", "---\ntitle: Undated\n---\n")
        .file(
            "content/words/_index.md",
            "---\ntitle: Words\nsort_by: title\n---\n",
        )
        .file("content/words/01-zebra.md", "---\ntitle: zebra\n---\n")
        .file("content/words/02-apple.md", "---\ntitle: Apple\n---\n")
        .file("content/words/03-mango.md", "---\ntitle: mango\n---\n");
    site.build();
    assert_eq!(
        site.page("news/index.html").texts(".listing > li > a"),
        ["Newest", "Older", "Undated"]
    );
    assert_eq!(
        site.page("words/index.html").texts(".listing > li > a"),
        ["Apple", "mango", "zebra"]
    );
    assert_eq!(
        site.page("words/apple/index.html").texts(".pager .next"),
        ["Next mango"]
    );
}

#[test]
fn a_slug_field_sets_the_url_and_a_bad_one_is_fixed_in_the_help() {
    let site = TestSite::fixture("basic").file(
        "content/tips/05-x.md",
        "---\ntitle: X\nslug: joint-scorecard\n---\nSee [[tips/joint-scorecard]].\n",
    );
    site.build();
    assert!(
        site.output()
            .join("tips/joint-scorecard/index.html")
            .is_file()
    );
    site.write(
        "content/tips/05-x.md",
        "---\ntitle: X\nslug: Joint Scorecard\n---\n",
    );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let d = common::find(&diags, "`slug` `Joint Scorecard` is not usable in a URL");
    assert_eq!(
        (d["line"].as_u64(), d["help"].as_str()),
        (Some(3), Some("write `slug: joint-scorecard`"))
    );
}

#[test]
fn files_with_spaces_unicode_and_url_characters_in_their_names_work() {
    let site = TestSite::fixture("basic")
        .file("content/tips/img/my plan #2 (100%).txt", "plan")
        .file("content/tips/img/Straße.txt", "street")
        .file("content/tips/05-files.md", "---\ntitle: Files\n---\n[plan](<img/my plan %232 (100%25).txt>) and [street](img/Straße.txt).\n");
    site.build();
    let page = site.page("tips/files/index.html");
    let hrefs = page.attrs(".content a", "href");
    assert_eq!(
        hrefs,
        [
            "../img/my%20plan%20%232%20(100%25).txt",
            "../img/Stra%C3%9Fe.txt"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(site.output().join("tips/img/my plan #2 (100%).txt")).unwrap(),
        "plan"
    );
    assert_eq!(
        std::fs::read_to_string(site.output().join("tips/img/Straße.txt")).unwrap(),
        "street"
    );
}

#[test]
fn deep_sections_nest_in_breadcrumbs_navigation_and_urls() {
    let site = TestSite::empty()
        .file(
            "content/a/b/c/d/leaf.md",
            "---\ntitle: Leaf\n---\nBack to [[a]].\n",
        )
        .file("content/a/_index.md", "---\ntitle: A\n---\n");
    site.build();
    let leaf = site.page("a/b/c/d/leaf/index.html");
    assert_eq!(
        leaf.texts(".breadcrumbs li"),
        ["Home", "A", "B", "C", "D", "Leaf"]
    );
    assert_eq!(
        leaf.texts("nav.sidebar li.open > .nav-row > a"),
        ["A", "B", "C", "D"]
    );
    assert_eq!(leaf.texts("nav.sidebar [aria-current=page]"), ["Leaf"]);
    assert_eq!(leaf.href_of(".content a", "a"), "../../../../");
    assert!(
        site.output().join("a/b/c/index.html").is_file(),
        "folders without _index.md get a listing"
    );
}

#[test]
fn a_folder_of_drafts_appears_nowhere_and_a_draft_intro_keeps_its_listing() {
    let site = TestSite::fixture("basic")
        .file(
            "content/ideas/one.md",
            "---\ntitle: Idea\ndraft: true\n---\n",
        )
        .file(
            "content/roles/_index.md",
            "---\ntitle: Roles\ndraft: true\n---\n",
        );
    site.build();
    assert!(!site.output().join("ideas").exists());
    assert!(
        !site
            .page("index.html")
            .texts("nav.sidebar .nav-tree a")
            .contains(&"Ideas".to_string())
    );
    let roles = site.page("roles/index.html");
    assert_eq!(
        roles.texts(".listing > .entry-page > a"),
        ["Alliance manager"]
    );
}

#[test]
fn navigation_shows_a_window_of_a_long_section() {
    let mut site = TestSite::empty().file("content/long/_index.md", "---\ntitle: Long\n---\n");
    for n in 1..=40 {
        site = site.file(
            &format!("content/long/{n:02}-page-{n:02}.md"),
            &format!("---\ntitle: Page {n:02}\n---\nText.\n"),
        );
    }
    site.build();
    let page = site.page("long/page-20/index.html");
    let shown = page.texts("nav.sidebar li li > a");
    assert!(shown.len() <= 14, "{shown:?}");
    assert!(shown.contains(&"Page 20".to_string()));
    assert_eq!(
        page.texts("nav.sidebar li.more > a"),
        ["13 earlier pages", "15 more pages"]
    );
    assert_eq!(
        page.attrs("nav.sidebar li.more > a", "href"),
        ["../", "../"]
    );
    let first = site.page("long/page-01/index.html");
    assert_eq!(first.texts("nav.sidebar li.more > a"), ["28 more pages"]);
    assert_eq!(
        site.page("long/index.html")
            .texts(".listing > li > a")
            .len(),
        40,
        "the listing has them all"
    );
}

#[test]
fn long_section_listings_continue_on_numbered_pages() {
    let mut site =
        TestSite::empty().file("content/long/_index.md", "---\ntitle: Long\n---\nIntro.\n");
    for n in 1..=120 {
        site = site.file(
            &format!("content/long/{n:03}-page-{n:03}.md"),
            &format!("---\ntitle: Page {n:03}\n---\nText.\n"),
        );
    }
    site = site.file(
        "content/elsewhere.md",
        "---\ntitle: Elsewhere\n---\nSee [the third page](/long/page/3/).\n",
    );
    site.build();
    let first = site.page("long/index.html");
    assert_eq!(first.texts(".listing > li > a").len(), 50);
    assert_eq!(first.texts(".listing > li > a")[0], "Page 001");
    assert_eq!(first.attrs(".pagination a[rel=next]", "href"), ["page/2/"]);
    assert_eq!(first.texts(".pagination [aria-current]"), ["1"]);
    let third = site.page("long/page/3/index.html");
    let expected: Vec<String> = (101..=120).map(|n| format!("Page {n:03}")).collect();
    assert_eq!(third.texts(".listing > li > a"), expected);
    assert_eq!(
        third.attrs(".listing > li > a", "href")[0],
        "../../page-101/"
    );
    assert_eq!(third.attrs(".pagination a[rel=prev]", "href"), ["../2/"]);
    assert!(third.attrs(".pagination a[rel=next]", "href").is_empty());
    assert_eq!(
        third.attrs("link[rel=stylesheet]", "href"),
        ["../../../style.css"]
    );
    assert_eq!(
        site.page("elsewhere/index.html")
            .href_of(".content a", "the third page"),
        "../long/page/3/"
    );
}

/// A git checkout as the output folder (a `gh-pages` branch, say) keeps its `.git` across
/// builds, whether a repository's folder or a worktree's `.git` file; a folder that holds
/// nothing else counts as empty.
#[test]
fn a_git_repository_at_the_output_root_is_kept() {
    let site = TestSite::fixture("basic");
    let out = site.root().join("output");
    std::fs::create_dir_all(out.join(".git/refs/heads")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    site.build();
    assert!(out.join("index.html").is_file());
    for _ in 0..2 {
        site.build();
        assert_eq!(
            std::fs::read_to_string(out.join(".git/HEAD")).unwrap(),
            "ref: refs/heads/gh-pages\n"
        );
        assert!(out.join(".git/refs/heads").is_dir());
        assert!(out.join("tips/build-trust/index.html").is_file());
    }
    // A worktree: `.git` is a file naming the repository.
    std::fs::remove_dir_all(out.join(".git")).unwrap();
    std::fs::write(out.join(".git"), "gitdir: /elsewhere/.git/worktrees/site\n").unwrap();
    site.build();
    assert_eq!(
        std::fs::read_to_string(out.join(".git")).unwrap(),
        "gitdir: /elsewhere/.git/worktrees/site\n"
    );
    // Nothing else of the old output is kept.
    std::fs::write(out.join("stale.html"), "old").unwrap();
    site.build();
    assert!(!out.join("stale.html").exists());
}
