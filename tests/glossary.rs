//! Glossary auto-linking, "Used in" lists, and the warnings and errors around terms.

mod common;

use common::{TestSite, find};

const RULES: &str = "tips/rules/index.html";

/// (link text, href) of every auto-linked term in the page's content.
fn term_links(site: &TestSite, page: &str) -> Vec<(String, String)> {
    let page = site.page(page);
    page.texts(".content a.term")
        .into_iter()
        .zip(page.attrs(".content a.term", "href"))
        .collect()
}

fn with_mode(mode: &str) -> TestSite {
    let site = TestSite::fixture("glossary")
        .file("site.toml", &format!("[glossary]\nlink = \"{mode}\"\n"));
    site.build();
    site
}

#[test]
fn the_longest_term_wins_and_only_the_first_occurrence_is_linked_by_default() {
    let site = TestSite::fixture("glossary");
    site.build();
    let links = term_links(&site, RULES);
    assert_eq!(
        links[0],
        (
            "Agile governance".into(),
            "../../glossary/agile-governance/".into()
        )
    );
    assert_eq!(
        links[1],
        ("governance".into(), "../../glossary/governance/".into())
    );
    assert_eq!(
        links[2],
        (
            "executive sponsor".into(),
            "../../glossary/executive-sponsor/".into()
        )
    );
    assert_eq!(
        links[3],
        ("sponsor".into(), "../../glossary/sponsor/".into())
    );
    let mut targets: Vec<&String> = links.iter().map(|(_, href)| href).collect();
    let count = targets.len();
    targets.sort();
    targets.dedup();
    assert_eq!(targets.len(), count, "each term is linked once: {links:?}");
}

#[test]
fn plural_aliases_capitals_and_other_scripts_match_in_all_mode() {
    let site = with_mode("all");
    let links = term_links(&site, RULES);
    let href_of = |text: &str| -> String {
        links
            .iter()
            .find(|(t, _)| t == text)
            .unwrap_or_else(|| panic!("{text:?} not linked in {links:?}"))
            .1
            .clone()
    };
    assert_eq!(
        href_of("executive sponsors"),
        "../../glossary/executive-sponsor/"
    );
    assert_eq!(
        href_of("Executive Sponsor"),
        "../../glossary/executive-sponsor/"
    );
    assert_eq!(
        href_of("EXECUTIVE SPONSOR"),
        "../../glossary/executive-sponsor/"
    );
    assert_eq!(href_of("north stars"), "../../glossary/north-star/");
    assert_eq!(
        href_of("Relationship currency"),
        "../../glossary/relationship-currencies/"
    );
    assert_eq!(href_of("Ecosystems"), "../../glossary/ecosystem/");
    assert_eq!(href_of("Straße"), "../../glossary/stra%C3%9Fe/");
    assert_eq!(href_of("quarterly business review"), "../../glossary/qbr/");
    assert_eq!(
        href_of("sponsor’s"[..7].to_string().as_str()),
        "../../glossary/sponsor/"
    );
    assert!(
        !links
            .iter()
            .any(|(t, _)| t.to_lowercase().starts_with("sponsorship")),
        "part of a word is not a term: {links:?}"
    );
}

#[test]
fn headings_code_links_and_alt_text_are_never_linked() {
    let site = with_mode("all");
    let page = site.page(RULES);
    assert!(page.texts(".content h2 a.term").is_empty());
    assert!(page.texts(".content code a, .content pre a").is_empty());
    assert!(
        page.texts(".content a a").is_empty(),
        "no link inside a link"
    );
    assert_eq!(
        page.texts(".content a[href='../more/']"),
        ["a link about governance"]
    );
    assert_eq!(page.attrs(".content img", "alt"), ["An ecosystem diagram"]);
    assert_eq!(page.texts(".content pre"), ["ecosystem in a code block"]);
}

#[test]
fn a_term_is_never_linked_on_its_own_page() {
    let site = with_mode("all");
    let links = term_links(&site, "glossary/governance/index.html");
    assert!(!links.iter().any(|(_, h)| h == "./"), "{links:?}");
    assert_eq!(
        links,
        [(
            "agile governance".to_string(),
            "../agile-governance/".to_string()
        )]
    );
}

#[test]
fn no_links_in_none_mode_but_uses_are_still_listed() {
    let site = with_mode("none");
    assert!(term_links(&site, RULES).is_empty());
    let used = site
        .page("glossary/governance/index.html")
        .texts(".used-in li > a");
    assert_eq!(used, ["Rules of linking"]);
}

#[test]
fn term_links_carry_the_definition_for_a_tooltip() {
    let site = TestSite::fixture("glossary");
    site.build();
    let page = site.page(RULES);
    let titles = page.attrs(
        ".content a.term[href='../../glossary/north-star/']",
        "title",
    );
    // The term, then its definition: the browser's tooltip shows both lines and the
    // theme's popover reads them.
    assert_eq!(
        titles,
        ["North Star\nThe shared goal both partners steer by."]
    );
}

#[test]
fn term_pages_list_where_they_are_used_and_terms_do_not_count_as_backlinks() {
    let site = TestSite::fixture("glossary");
    site.build();
    let term = site.page("glossary/steering-committee/index.html");
    assert_eq!(term.texts(".used-in li > a"), ["More uses"]);
    assert!(
        term.texts(".backlinks li").is_empty(),
        "an auto-linked term is not a backlink"
    );
    let rules = site.page(RULES);
    assert_eq!(rules.texts(".backlinks li > a"), ["More uses"]);
    assert_eq!(
        rules.texts(".backlinks .summary"),
        ["A second page using terms, and linking back."]
    );
}

#[test]
fn an_unused_term_is_a_warning_naming_its_file() {
    let site = TestSite::fixture("glossary").file(
        "content/glossary/orphan.md",
        "---\ntitle: Orphan term\ndescription: Nobody says this.\n---\n",
    );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 0, "a warning does not fail the build");
    let d = find(&diags, "\"Orphan term\" is used on no other page");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["path"], "content/glossary/orphan.md");
}

#[test]
fn two_terms_claiming_the_same_word_is_an_error() {
    let site = TestSite::fixture("glossary").file(
        "content/glossary/patron.md",
        "---\ntitle: Patron\naliases: [patrons, executive sponsors]\ndescription: x\n---\n",
    );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let d = find(
        &diags,
        "\"executive sponsors\" is already a glossary term or alias",
    );
    assert_eq!(d["path"], "content/glossary/patron.md");
    assert_eq!(d["line"], 3);
}

#[test]
fn a_wiki_link_to_a_missing_term_is_an_error() {
    let site = TestSite::fixture("glossary").file(
        "content/tips/03-x.md",
        "---\ntitle: X\n---\nSee [[Relationship currencys]].\n",
    );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    assert_eq!(
        find(&diags, "matches no page")["help"],
        "did you mean [[relationship currency]]?",
        "one suggestion per page: its closest name"
    );
}

#[test]
fn the_glossary_index_lists_every_term_a_to_z_with_definitions() {
    let site = TestSite::fixture("glossary");
    site.build();
    let index = site.page("glossary/index.html");
    let terms = index.texts("dt");
    assert!(terms.len() >= 20);
    let mut sorted = terms.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(terms, sorted);
    assert_eq!(
        index.texts(".letters a").first().map(String::as_str),
        Some("A")
    );
    assert!(
        index
            .texts("dd")
            .contains(&"The shared goal both partners steer by.".to_string())
    );
}

#[test]
fn the_bundled_playbook_builds_clean_and_uses_every_term() {
    let site = TestSite::bundled();
    site.build();
    let glossary = site.page("glossary/index.html");
    let terms = glossary.attrs("dt a", "href");
    assert!(terms.len() >= 30, "only {} terms", terms.len());
    for href in terms {
        let page = site.page(&format!(
            "glossary/{}index.html",
            href.trim_start_matches("./")
        ));
        assert!(
            !page.texts(".used-in li").is_empty(),
            "{href} is used nowhere"
        );
    }
}

/// Issue 20, item 9: an author's own raw `<a>` (inline or as an HTML block around
/// markdown), and a `<textarea>`, keep their text: a term link there would nest links or
/// show up as markup in the box.
#[test]
fn text_inside_an_authors_raw_links_and_controls_is_never_linked() {
    let site = TestSite::fixture("glossary")
        .file("site.toml", "[glossary]\nlink = \"all\"\n")
        .file(
            "content/tips/03-raw.md",
            "---\ntitle: Raw\n---\nSee <a href=\"https://example.com\">our ecosystem map</a>.\n\n\
             <textarea>Describe the ecosystem</textarea>\n\n\
             <a href=\"https://example.com/block\">\n\nThe ecosystem block.\n\n</a>\n\n\
             The ecosystem outside.\n",
        );
    site.build();
    let page = site.page("tips/raw/index.html");
    assert!(
        page.texts(".content a a").is_empty(),
        "no link inside a link"
    );
    assert_eq!(page.texts(".content textarea"), ["Describe the ecosystem"]);
    let html = std::fs::read_to_string(site.output().join("tips/raw/index.html")).unwrap();
    assert!(
        html.contains("<textarea>Describe the ecosystem</textarea>"),
        "{html}"
    );
    // Outside them, the term is linked as ever.
    assert_eq!(page.texts(".content a.term"), ["ecosystem"]);
}
