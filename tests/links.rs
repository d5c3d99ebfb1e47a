//! Every kind of link resolves, and the built site works when served from a sub-path.

mod common;

use std::collections::{BTreeSet, VecDeque};
use std::io::Read;

use common::TestSite;

/// Serves `root` under `prefix` on a loopback port until the returned guard is dropped.
fn serve(
    root: std::path::PathBuf,
    prefix: &'static str,
) -> (
    String,
    std::thread::JoinHandle<()>,
    std::sync::Arc<tiny_http::Server>,
) {
    let server = std::sync::Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
    let addr = format!("http://{}", server.server_addr().to_ip().unwrap());
    let s = server.clone();
    let handle = std::thread::spawn(move || {
        for request in s.incoming_requests() {
            let path = request
                .url()
                .split(['?', '#'])
                .next()
                .unwrap_or("")
                .to_string();
            let file = path.strip_prefix(prefix).map(|rel| {
                let rel = percent_decode(rel);
                let mut file = root.join(rel);
                if file.is_dir() {
                    file = file.join("index.html");
                }
                file
            });
            let response = match file.filter(|f| f.is_file()) {
                Some(f) => tiny_http::Response::from_data(std::fs::read(f).unwrap()),
                None => tiny_http::Response::from_string("not found").with_status_code(404),
            };
            let _ = request.respond(response);
        }
    });
    (format!("{addr}{prefix}"), handle, server)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// Resolves a relative URL against the path of the page it is on.
fn join(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop(); // the page's own file name (empty for a folder URL)
    for seg in href.split('/') {
        match seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if href.ends_with('/') || href == "." || href.ends_with("/.") {
        format!("{}/", joined.trim_end_matches('/'))
    } else {
        joined
    }
}

fn get(url: &str) -> (u16, String) {
    match ureq::get(url).call() {
        Ok(mut r) => {
            let mut body = Vec::new();
            r.body_mut().as_reader().read_to_end(&mut body).unwrap();
            (200, String::from_utf8_lossy(&body).into_owned())
        }
        Err(ureq::Error::StatusCode(code)) => (code, String::new()),
        Err(e) => panic!("{url}: {e}"),
    }
}

#[test]
fn every_link_of_the_site_works_when_served_from_a_sub_path() {
    let site = TestSite::fixture("basic");
    site.build();
    let (base, _handle, server) = serve(site.output(), "/deep/prefix/");
    let base_path = base.splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap();
    let host = base.trim_end_matches(&base_path).to_string();
    let mut queue = VecDeque::from([base_path.clone()]);
    let mut seen = BTreeSet::new();
    let mut anchors_checked = 0;
    let mut pages = 0;
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let (status, body) = get(&format!("{host}{path}"));
        assert_eq!(status, 200, "{path} is linked but not served");
        if !(path.ends_with('/') || path.ends_with(".html")) {
            continue;
        }
        pages += 1;
        let html = scraper::Html::parse_document(&body);
        let sel = scraper::Selector::parse("a[href], link[href], img[src], script[src]").unwrap();
        for el in html.select(&sel) {
            let href = el.value().attr("href").or(el.value().attr("src")).unwrap();
            assert!(
                !href.starts_with('/'),
                "{path} has a root-relative URL {href}, which breaks under a sub-path"
            );
            if href.contains("://") || href.starts_with("mailto:") {
                continue;
            }
            let (target, fragment) = href
                .split_once('#')
                .map_or((href, None), |(a, b)| (a, Some(b)));
            let target_path = if target.is_empty() {
                path.clone()
            } else {
                join(&path, target)
            };
            assert!(
                target_path.starts_with(&base_path),
                "{path}: {href} climbs out of the site to {target_path}"
            );
            if let Some(id) = fragment {
                let (_, target_body) = get(&format!("{host}{target_path}"));
                let target_html = scraper::Html::parse_document(&target_body);
                let id_sel = scraper::Selector::parse(&format!("[id=\"{id}\"]")).unwrap();
                assert!(
                    target_html.select(&id_sel).next().is_some(),
                    "{path}: {href} points at a missing anchor"
                );
                anchors_checked += 1;
            }
            queue.push_back(target_path);
        }
    }
    server.unblock();
    assert!(pages >= 15, "crawled only {pages} pages");
    assert!(
        anchors_checked >= 3,
        "checked only {anchors_checked} anchors"
    );
    for must in [
        "tips/img/matrix.png",
        "files/checklist.pdf",
        "guides/first-guide/",
        "roles/collaborative-leader/catalyst/",
    ] {
        assert!(
            seen.contains(&format!("{base_path}{must}")),
            "never reached {must}"
        );
    }
}

#[test]
fn wiki_links_resolve_by_title_alias_file_name_and_path() {
    let site = TestSite::fixture("basic");
    site.build();
    let trust = site.page("tips/build-trust/index.html");
    let content = ".content a";
    assert_eq!(
        trust.href_of(content, "Secure executive sponsorship#Custom anchor"),
        "../secure-executive-sponsorship/#my-anchor"
    );
    assert_eq!(
        trust.href_of(content, "the first tip"),
        "../secure-executive-sponsorship/"
    );
    assert_eq!(
        trust.href_of(content, "Alliance manager#choosing-a-manager"),
        "../../roles/alliance-manager/#choosing-a-manager"
    );
    let catalyst = site.page("roles/collaborative-leader/catalyst/index.html");
    assert_eq!(catalyst.href_of(content, "roles"), "../../");
    assert_eq!(
        catalyst.href_of(content, "tips/build-trust"),
        "../../../tips/build-trust/"
    );
    let guide = site.page("guides/first-guide/index.html");
    assert_eq!(
        guide.href_of(content, "02-build-trust"),
        "../../tips/build-trust/"
    );
    let home = site.page("index.html");
    assert_eq!(
        home.href_of(content, "manager’s role"),
        "roles/alliance-manager/"
    );
}

#[test]
fn markdown_links_and_assets_are_rewritten_relative_to_the_page() {
    let site = TestSite::fixture("basic");
    site.build();
    let tip = site.page("tips/secure-executive-sponsorship/index.html");
    assert_eq!(
        tip.href_of(".content a", "link to the second tip"),
        "../build-trust/#why-it-matters"
    );
    assert_eq!(tip.href_of(".content a", "the roles"), "../../roles/");
    assert_eq!(tip.attrs(".content img", "src"), ["../img/matrix.png"]);
    assert_eq!(tip.attrs(".content img", "alt"), ["Sponsor matrix"]);
    let measure = site.page("tips/measure/index.html");
    assert_eq!(
        measure.href_of(".content a", "the first tip"),
        "../secure-executive-sponsorship/"
    );
    assert_eq!(
        measure.href_of(".content a", "guides"),
        "../../guides/first-guide/"
    );
    let manager = site.page("roles/alliance-manager/index.html");
    assert_eq!(
        manager.href_of(".content a", "checklist"),
        "../../files/checklist.pdf"
    );
    assert!(site.output().join("files/checklist.pdf").is_file());
    let home = site.page("index.html");
    assert_eq!(home.href_of(".content a", "glossary"), "glossary/");
}

#[test]
fn backlinks_list_the_pages_that_link_here() {
    let site = TestSite::fixture("basic");
    site.build();
    let tip = site.page("tips/secure-executive-sponsorship/index.html");
    let back = tip.texts(".backlinks li > a");
    for title in [
        "Build trust early",
        "Executive sponsor",
        "Fixture home",
        "Measure what matters",
        "North Star",
    ] {
        assert!(
            back.contains(&title.to_string()),
            "{title} missing from {back:?}"
        );
    }
    assert!(!back.contains(&"Secure executive sponsorship".to_string()));
}

#[test]
fn a_wiki_link_in_a_table_takes_an_escaped_label_separator() {
    let site = TestSite::fixture("basic").file(
        "content/tips/05-table.md",
        "---\ntitle: Table\n---\n| Page | Why |\n|---|---|\n| [[Build trust early\\|trust]] | it pays |\n",
    );
    site.build();
    let page = site.page("tips/table/index.html");
    assert_eq!(page.href_of(".content td a", "trust"), "../build-trust/");
}

#[test]
fn an_unreadable_wiki_link_is_a_warning_with_the_table_fix() {
    let site = TestSite::fixture("basic").file(
        "content/tips/05-table.md",
        "---\ntitle: Table\n---\n| Page | Why |\n|---|---|\n| [[Build trust early|trust]] | it pays |\n\n`[[in code]]` is fine.\n",
    );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 0);
    let d = common::find(&diags, "this `[[` does not make a wiki link");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(6), Some(3))
    );
    assert!(d["help"].as_str().unwrap().contains("\\|"));
    assert_eq!(diags.len(), 1, "code spans are left alone: {diags:#?}");
}

#[test]
fn links_to_described_pages_carry_a_preview_and_author_titles_are_kept() {
    let site = TestSite::fixture("basic").file(
        "content/tips/05-titled.md",
        "---\ntitle: Titled\n---\n[Own title](./02-build-trust.md \"Mine\") and [[02-build-trust]] and [[First guide]].\n",
    );
    site.build();
    let page = site.page("tips/titled/index.html");
    assert_eq!(
        page.attrs(".content a", "title"),
        [
            "Mine",
            "Build trust early\nTrust is the currency of an alliance."
        ],
        "the second link previews its page; the guide has no description, so no title"
    );
    assert_eq!(page.attrs(".content a", "href").len(), 3);
}
