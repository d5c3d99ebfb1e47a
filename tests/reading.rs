//! The frame around the pages, as built: the order of a section's contents, the shared
//! navigation tree, listings, and what a shared link, a long page and the header show.
//! What a person sees of them in a browser is in tests/browser.rs.

mod common;

use common::TestSite;
use serde_json::Value;

/// A section whose sub-section's weight puts it between two of its pages.
fn weighted() -> TestSite {
    TestSite::empty()
        .file(
            "content/roles/_index.md",
            "---\ntitle: Roles\n---\n# Roles\n\n## Who\n\nText.\n\n## How\n\nText.\n",
        )
        .file(
            "content/roles/manager.md",
            "---\ntitle: Manager\nweight: 10\n---\nText.\n",
        )
        .file(
            "content/roles/sponsor.md",
            "---\ntitle: Sponsor\nweight: 30\n---\nText.\n",
        )
        .file(
            "content/roles/leader/_index.md",
            "---\ntitle: Leader\nweight: 20\ndescription: Five roles.\n---\n",
        )
        .file(
            "content/roles/leader/coach.md",
            "---\ntitle: Coach\n---\nText.\n",
        )
        .file(
            "content/roles/leader/guide/_index.md",
            "---\ntitle: Guide\n---\n",
        )
        .file(
            "content/roles/leader/guide/scout.md",
            "---\ntitle: Scout\n---\nText.\n",
        )
}

#[test]
fn weights_place_sub_sections_among_pages_in_navigation_and_listings() {
    let site = weighted();
    site.build();
    let roles = site.page("roles/index.html");
    assert_eq!(
        roles.texts("nav.sidebar .nav-tree > ul > li.section > ul > li > a, nav.sidebar .nav-tree > ul > li.section > ul > li > .nav-row > a"),
        ["Manager", "Leader", "Sponsor"],
        "the sidebar, by weight"
    );
    assert_eq!(
        roles.texts(".contents .listing > li > a"),
        ["Manager", "Leader", "Sponsor"],
        "the listing, by weight"
    );
    assert_eq!(
        roles.texts(".contents .entry-section .count"),
        ["2 pages"],
        "a sub-section counts the pages of its own sub-sections"
    );
    assert_eq!(roles.texts(".contents > h2 .count"), ["4 pages"]);
    assert_eq!(roles.texts(".contents .entry-section p"), ["Five roles."]);
    assert_eq!(
        roles.texts("nav.toc a"),
        ["Who", "How"],
        "a section with headings has an \"On this page\""
    );
    let tree = nav_tree(&site);
    let roles_entry = &tree.as_array().unwrap()[0];
    let names: Vec<&str> = roles_entry[2]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e[0].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Manager", "Leader", "Sponsor"], "nav.js, by weight");
}

/// The tree `nav.js` hands the pages.
fn nav_tree(site: &TestSite) -> Value {
    let text = std::fs::read_to_string(site.output().join("nav.js")).expect("nav.js");
    let json = text
        .trim()
        .strip_prefix("window.playbookNav=")
        .and_then(|t| t.strip_suffix(';'))
        .unwrap_or_else(|| panic!("nav.js is {text:.80}"));
    serde_json::from_str(json).expect("nav.js holds JSON")
}

/// Every `[title, url]` of the tree, depth first.
fn flatten(tree: &Value, out: &mut Vec<(String, String)>) {
    for entry in tree.as_array().unwrap() {
        out.push((
            entry[0].as_str().unwrap().to_string(),
            entry[1].as_str().unwrap().to_string(),
        ));
        if let Some(children) = entry.get(2) {
            flatten(children, out);
        }
    }
}

#[test]
fn every_page_is_in_the_shared_navigation_tree_while_a_page_carries_a_window() {
    let mut site = TestSite::empty()
        .file("content/long/_index.md", "---\ntitle: Long\n---\n")
        .file("content/other/_index.md", "---\ntitle: Other\n---\n")
        .file("content/other/deep/_index.md", "---\ntitle: Deep\n---\n")
        .file(
            "content/other/deep/leaf.md",
            "---\ntitle: Leaf\n---\nText.\n",
        );
    for n in 1..=300 {
        site = site.file(
            &format!("content/long/{n:03}-page-{n:03}.md"),
            &format!("---\ntitle: Page {n:03}\n---\nText.\n"),
        );
    }
    site.build();
    let mut entries = Vec::new();
    flatten(&nav_tree(&site), &mut entries);
    for n in 1..=300 {
        let want = (format!("Page {n:03}"), format!("long/page-{n:03}/"));
        assert!(entries.contains(&want), "{want:?} is not in nav.js");
    }
    assert!(entries.contains(&("Leaf".into(), "other/deep/leaf/".into())));
    // Every page loads the tree by a URL that changes when the tree does.
    let nav = std::fs::read(site.output().join("nav.js")).unwrap();
    let page = site.page("long/page-150/index.html");
    let src = page.attrs("script[src*='nav.js']", "src");
    assert_eq!(src.len(), 1, "{src:?}");
    assert!(src[0].starts_with("../../nav.js?v="), "{src:?}");
    assert_eq!(page.attrs("nav.sidebar", "data-page"), ["long/page-150/"]);
    let own = page.texts("nav.sidebar a");
    assert!(
        own.iter().filter(|t| t.starts_with("Page ")).count() <= 12,
        "the page's own navigation stays a window: {own:?}"
    );
    site.write(
        "content/long/001-page-001.md",
        "---\ntitle: Renamed\n---\nText.\n",
    );
    site.build();
    assert_ne!(std::fs::read(site.output().join("nav.js")).unwrap(), nav);
    let again = site.page("long/page-150/index.html");
    assert_ne!(
        again.attrs("script[src*='nav.js']", "src"),
        src,
        "a cached old tree would be kept"
    );
    // The HTML of a page stays bounded: 300 pages in a section cost a page no more than
    // 30 do.
    let small = TestSite::empty().file("content/long/_index.md", "---\ntitle: Long\n---\n");
    let small = (1..=30).fold(small, |s, n| {
        s.file(
            &format!("content/long/{n:03}-page-{n:03}.md"),
            &format!("---\ntitle: Page {n:03}\n---\nText.\n"),
        )
    });
    small.build();
    let size = |s: &TestSite| {
        std::fs::metadata(s.output().join("long/page-015/index.html"))
            .unwrap()
            .len()
    };
    assert!(
        size(&site) < size(&small) * 3 / 2,
        "{} bytes at 300 pages against {} at 30",
        size(&site),
        size(&small)
    );
}

#[test]
fn a_shared_link_shows_title_and_description_and_every_page_has_an_icon() {
    let site = TestSite::fixture("basic").file(
        "site.toml",
        "title = \"Fixture Playbook\"\ndescription = \"A small site.\"\nbase_url = \"https://example.com/playbook/\"\n",
    );
    site.build();
    let tip = site.page("tips/build-trust/index.html");
    let meta = |page: &common::Page, key: &str| {
        let mut found = page.attrs(&format!("meta[property='{key}']"), "content");
        found.extend(page.attrs(&format!("meta[name='{key}']"), "content"));
        found
    };
    assert_eq!(meta(&tip, "og:title"), ["Build trust early"]);
    assert_eq!(meta(&tip, "og:type"), ["article"]);
    assert_eq!(meta(&tip, "og:site_name"), ["Fixture Playbook"]);
    assert_eq!(
        meta(&tip, "og:url"),
        ["https://example.com/playbook/tips/build-trust/"]
    );
    assert_eq!(meta(&tip, "twitter:card"), ["summary"]);
    assert_eq!(meta(&tip, "og:description").len(), 1);
    assert_eq!(
        meta(&tip, "og:description"),
        tip.attrs("meta[name=description]", "content")
    );
    let home = site.page("index.html");
    assert_eq!(
        meta(&home, "og:description"),
        home.attrs("meta[name=description]", "content")
    );
    assert_eq!(meta(&home, "og:type"), ["website"]);
    for (page, depth) in [
        ("index.html", "./"),
        ("tips/build-trust/index.html", "../../"),
        ("404.html", "https://example.com/playbook/"),
    ] {
        let icon = site.page(page).attrs("link[rel=icon]", "href");
        assert_eq!(icon, [format!("{depth}favicon.svg")], "{page}");
    }
    let svg = std::fs::read_to_string(site.output().join("favicon.svg")).expect("favicon.svg");
    assert!(svg.starts_with("<svg") && svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
}

#[test]
fn long_pages_say_how_long_they_take_and_lead_back_to_the_top() {
    let long = "Word ".repeat(1500);
    let site = TestSite::fixture("basic")
        .file(
            "content/long.md",
            &format!("---\ntitle: Long\n---\n{long}\n"),
        )
        .file("content/short.md", "---\ntitle: Short\n---\nA few words.\n");
    site.build();
    let page = site.page("long/index.html");
    assert_eq!(page.texts(".meta span:first-child"), ["7 min read"]);
    assert_eq!(page.attrs(".back-to-top a", "href"), ["#main"]);
    assert_eq!(page.attrs("main#main", "id").len(), 1);
    let short = site.page("short/index.html");
    assert_eq!(short.texts(".meta span:first-child"), ["1 min read"]);
    assert!(short.attrs(".back-to-top a", "href").is_empty());
}

#[test]
fn the_header_marks_the_part_of_the_site_a_page_is_in() {
    let site = TestSite::fixture("basic");
    site.build();
    let term = site.page("glossary/north-star/index.html");
    assert_eq!(
        term.attrs(".site-links a[aria-current]", "href"),
        ["../../glossary/"]
    );
    let glossary = site.page("glossary/index.html");
    assert_eq!(
        glossary.attrs(".site-links a[aria-current=page]", "href"),
        ["../glossary/"]
    );
    let tags = site.page("tags/trust/index.html");
    assert_eq!(tags.texts(".site-links a[aria-current]"), ["Tags"]);
    let tip = site.page("tips/build-trust/index.html");
    assert!(tip.texts(".site-links a[aria-current]").is_empty());
}

#[test]
fn the_home_page_lists_its_contents_under_a_heading_with_counts() {
    let site = TestSite::fixture("basic");
    site.build();
    let home = site.page("index.html");
    assert_eq!(
        home.texts(".contents > h2"),
        [format!("Contents {} pages", count_pages(&site))]
    );
    assert!(
        home.attrs("ol.listing.numbered", "class").is_empty(),
        "a home page's few pages are not numbered"
    );
    assert!(
        home.texts(".contents .entry-section .count")
            .iter()
            .all(|c| c.ends_with(" pages") || c == "1 page")
    );
}

/// Published pages of the site below its home: entries of nav.js.
fn count_pages(site: &TestSite) -> usize {
    let mut entries = Vec::new();
    flatten(&nav_tree(site), &mut entries);
    // Sections with a page of their own are entries but not pages of the count.
    let sections = nav_sections(&nav_tree(site));
    entries.len() - sections
}

fn nav_sections(tree: &Value) -> usize {
    tree.as_array()
        .unwrap()
        .iter()
        .map(|e| e.get(2).map_or(0, |c| 1 + nav_sections(c)))
        .sum()
}

#[test]
fn a_tag_on_many_pages_lists_them_on_numbered_pages() {
    let mut site = TestSite::empty();
    for n in 1..=120 {
        site = site.file(
            &format!("content/notes/{n:03}-note-{n:03}.md"),
            &format!("---\ntitle: Note {n:03}\ntags: [busy]\n---\nText.\n"),
        );
    }
    site.build();
    let first = site.page("tags/busy/index.html");
    assert_eq!(first.texts(".listing > li > a").len(), 50);
    assert_eq!(first.attrs(".pagination a[rel=next]", "href"), ["page/2/"]);
    let third = site.page("tags/busy/page/3/index.html");
    assert_eq!(third.texts(".listing > li > a").len(), 20);
    assert_eq!(third.texts(".listing > li > a")[0], "Note 101");
    assert_eq!(third.attrs("ol.listing", "start"), ["101"]);
    assert_eq!(
        third.attrs(".listing > li > a", "href")[0],
        "../../../../notes/note-101/"
    );
    assert_eq!(third.texts(".pagination [aria-current]"), ["3"]);
}
