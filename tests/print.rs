//! The print page, `print/`: the whole site as one document. Every page once, in the
//! navigation's order with the glossary last; ids unique across pages; every link inside
//! the document finds its target; links out of it are written from `print/`; and
//! `[print] page = false` turns the page and its footer link off.

mod common;

use std::collections::HashSet;

use common::TestSite;
use scraper::{ElementRef, Html, Selector};

/// The basic fixture, plus a page that shares a heading with another page, links to
/// that heading, to its own, to a tag's page and to another site.
fn site() -> TestSite {
    let site = TestSite::fixture("basic").file(
        "content/tips/05-keep-going.md",
        "---\ntitle: Keep going\ntags: [trust]\n---\n\n## Why it matters\n\n\
         Read [why trust matters](02-build-trust.md#why-it-matters), then [this reason](#why-it-matters),\n\
         the [trust tag](/tags/trust/) and [the outside study](https://example.org/study).\n\n\
         ## Next\n\nMore.\n",
    );
    site.build();
    site
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let sel = Selector::parse(css).unwrap();
    html.select(&sel).collect()
}

fn text(e: &ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn print_page(site: &TestSite) -> Html {
    let file = site.output().join("print/index.html");
    Html::parse_document(&std::fs::read_to_string(file).expect("print/index.html"))
}

/// Titles of the chapters, the appendix label left out.
fn chapter_titles(html: &Html) -> Vec<String> {
    select(html, "section.chapter > h1")
        .iter()
        .map(|h| text(h).trim_start_matches("Appendix: ").to_string())
        .collect()
}

#[test]
fn every_page_appears_once_in_navigation_order_with_the_glossary_last() {
    let site = site();
    let html = print_page(&site);
    let chapters = chapter_titles(&html);
    // The sidebar lists every section and page of this small site in navigation order.
    let home = site.page("index.html");
    let sidebar = Selector::parse("nav.sidebar .nav-tree a").unwrap();
    let glossary_items = Selector::parse("nav.sidebar li.section").unwrap();
    let mut in_glossary = HashSet::new();
    for li in home.html.select(&glossary_items) {
        let links: Vec<_> = li.select(&sidebar).collect();
        if links.first().is_some_and(|a| text(a) == "Glossary") {
            in_glossary.extend(links.iter().map(|a| text(a)));
        }
    }
    assert!(in_glossary.len() > 1, "no glossary in the sidebar");
    let nav: Vec<String> = home.html.select(&sidebar).map(|a| text(&a)).collect();
    let mut expected = vec!["Fixture home".to_string()];
    expected.extend(nav.iter().filter(|t| !in_glossary.contains(*t)).cloned());
    expected.extend(nav.iter().filter(|t| in_glossary.contains(*t)).cloned());
    assert_eq!(chapters, expected);
    assert!(chapters.contains(&"Keep going".to_string()));
    // Each once.
    let unique: HashSet<&String> = chapters.iter().collect();
    assert_eq!(unique.len(), chapters.len(), "{chapters:?}");
    // The draft stays out.
    assert!(!chapters.iter().any(|t| t.to_lowercase().contains("draft")));
    assert_eq!(
        select(&html, "section.chapter.appendix.part > h1 .appendix-label").len(),
        1
    );
}

#[test]
fn ids_are_unique_and_every_link_inside_the_document_finds_its_target() {
    let site = site();
    let html = print_page(&site);
    let ids: Vec<&str> = select(&html, "[id]")
        .iter()
        .map(|e| e.value().attr("id").unwrap())
        .collect();
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "repeated ids");
    let book = select(&html, "article.book a[href]");
    assert!(book.len() > 20);
    for a in &book {
        let href = a.value().attr("href").unwrap();
        if let Some(id) = href.strip_prefix('#') {
            assert!(unique.contains(id), "{href} ({}) has no target", text(a));
        } else {
            // Only other sites, files and pages the book does not hold (tags) are
            // outside it, and those are found from print/.
            let outside = href.starts_with("../tags/") || !href.ends_with('/');
            assert!(
                href.starts_with("https://")
                    || (outside && site.output().join("print").join(href).exists()),
                "{href} ({}) leaves the document",
                text(a)
            );
        }
    }
    // Both pages' "Why it matters" are there, apart, and the links reach the right one.
    let why: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| id.ends_with("--why-it-matters"))
        .collect();
    assert!(why.len() >= 2, "{why:?}");
    let chapter = select(&html, "section.chapter")
        .into_iter()
        .find(|s| text(&select_in(s, "h1")[0]) == "Keep going")
        .expect("the added page");
    let own = chapter.value().attr("id").unwrap();
    let href_of = |label: &str| {
        select_in(&chapter, "a")
            .into_iter()
            .find(|a| text(a) == label)
            .and_then(|a| a.value().attr("href").map(str::to_string))
            .unwrap_or_else(|| panic!("no link {label}"))
    };
    assert_eq!(href_of("this reason"), format!("#{own}--why-it-matters"));
    let other = href_of("why trust matters");
    assert!(other.ends_with("--why-it-matters") && other != format!("#{own}--why-it-matters"));
    assert_eq!(href_of("trust tag"), "../tags/trust/");
    assert_eq!(href_of("the outside study"), "https://example.org/study");
    // The image of a page in tips/ is found from print/.
    let srcs: Vec<&str> = select(&html, "article.book img[src]")
        .iter()
        .map(|i| i.value().attr("src").unwrap())
        .collect();
    for src in &srcs {
        assert!(
            site.output().join("print").join(src).is_file(),
            "{src} is not found from print/"
        );
    }
}

fn select_in<'a>(e: &ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let sel = Selector::parse(css).unwrap();
    e.select(&sel).collect()
}

#[test]
fn every_page_links_to_the_print_page_in_its_footer() {
    let site = site();
    let page = site.page("tips/build-trust/index.html");
    assert_eq!(
        page.href_of(".site-footer a", "Whole playbook (print)"),
        "../../print/"
    );
    let html = print_page(&site);
    assert_eq!(select(&html, ".cover h1").len(), 1);
    assert_eq!(
        select(&html, "nav.book-contents a[href^='#']").len(),
        chapter_titles(&html).len()
    );
}

#[test]
fn print_page_false_makes_no_page_and_no_link() {
    let site = TestSite::fixture("basic");
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("{toml}\n[print]\npage = false\n"));
    site.build();
    assert!(!site.output().join("print").exists());
    let page = site.page("tips/build-trust/index.html");
    assert!(
        !page
            .texts(".site-footer a")
            .iter()
            .any(|t| t.contains("print")),
        "{:?}",
        page.texts(".site-footer a")
    );
}

#[test]
fn a_content_folder_named_print_names_the_setting_that_frees_it() {
    let site = TestSite::fixture("basic").file("content/print/_index.md", "# Printing\n");
    let (code, diags) = site.diagnostics();
    assert_ne!(code, 0);
    let d = common::find(&diags, "print/index.html");
    assert!(
        d["help"].as_str().unwrap_or_default().contains("[print]"),
        "{d}"
    );
}

#[test]
fn a_site_with_more_pages_than_max_pages_gets_a_note_instead_of_the_page() {
    let site = TestSite::fixture("basic");
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("{toml}\n[print]\nmax_pages = 3\n"));
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.output().join("print").exists());
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(
        all.contains("no print page: the site has") && all.contains("max_pages = 3"),
        "{all}"
    );
    let page = site.page("tips/build-trust/index.html");
    assert!(
        !page
            .texts(".site-footer a")
            .iter()
            .any(|t| t.contains("print"))
    );
}
