//! `playbook serve` for real: a server process on a free loopback port, real file edits,
//! real HTTP requests, a client reading the reload stream. Every wait is bounded.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use common::TestSite;
use common::server::{PATIENCE, Server, next, wait_for};

#[test]
fn an_edit_reloads_the_page_and_serves_the_new_text() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    let (status, head, body) = server.get("/tips/build-trust/");
    assert_eq!(status, 200);
    assert!(
        head.contains("Content-Type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(
        body.contains("/__playbook/livereload.js"),
        "served pages carry the reload script"
    );
    let events = server.events();
    site.write("content/tips/02-build-trust.md", "---\ntitle: Build trust early\ndescription: Trust is the currency of an alliance.\ntags: [trust]\n---\n\n## Why it matters\n\nFreshly written words.\n\nSee [[Secure executive sponsorship#Custom anchor]] and [[sponsorship first|the first tip]], and [[Alliance manager#choosing-a-manager]].\n");
    assert_eq!(next(&events).as_deref(), Some("ok"));
    assert_eq!(next(&events).as_deref(), Some("reload"));
    assert!(
        server
            .get("/tips/build-trust/")
            .2
            .contains("Freshly written words.")
    );
    let line = wait_for(&server.lines, |l| l.contains("rebuilt in")).unwrap();
    assert!(
        line.starts_with("content/tips/02-build-trust.md: rebuilt in "),
        "{line}"
    );
}

#[test]
fn a_broken_edit_shows_the_error_and_keeps_serving_the_last_good_site() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    let events = server.events();
    site.write(
        "content/tips/09-broken.md",
        "---\ntitle: Broken\n---\nSee [[Nowhere]].\n",
    );
    assert_eq!(next(&events).as_deref(), Some("errors"));
    let (status, _, _) = server.get("/tips/build-trust/");
    assert_eq!(status, 200, "the last good site is still served");
    assert_eq!(server.get("/tips/broken/").0, 404);
    let late = server.events_after_error();
    assert_eq!(
        late.as_deref(),
        Some("errors"),
        "a page opened now sees the errors too"
    );
    assert!(
        wait_for(&server.lines, |l| l.contains(
            "content/tips/09-broken.md:4:5: error: [[Nowhere]] matches no page"
        ))
        .is_some()
    );
    std::fs::remove_file(site.root().join("content/tips/09-broken.md")).unwrap();
    assert_eq!(next(&events).as_deref(), Some("ok"));
    assert_eq!(next(&events).as_deref(), Some("reload"));
}

impl Server {
    /// The first event after the generation that a newly opened stream receives.
    fn events_after_error(&self) -> Option<String> {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET /__playbook/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        BufReader::new(stream)
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| l.strip_prefix("event: ").map(str::to_string))
            .find(|e| e != "generation")
    }
}

#[test]
fn a_stylesheet_change_swaps_styles_without_a_reload() {
    let site = TestSite::fixture("basic").file("themes/default/static/extra.css", "a {}");
    let server = Server::start(&site);
    let events = server.events();
    site.write("themes/default/static/extra.css", "a { color: red }");
    assert_eq!(next(&events).as_deref(), Some("ok"));
    assert_eq!(next(&events).as_deref(), Some("css"));
    let (status, head, body) = server.get("/extra.css");
    assert_eq!((status, body.as_str()), (200, "a { color: red }"));
    assert!(head.contains("Content-Type: text/css"), "{head}");
}

#[test]
fn a_burst_of_changes_gives_one_rebuild() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    let events = server.events();
    for n in 0..500 {
        site.write(
            &format!("content/burst/page-{n}.md"),
            &format!("---\ntitle: Burst {n}\n---\nText.\n"),
        );
    }
    assert_eq!(next(&events).as_deref(), Some("ok"));
    assert_eq!(next(&events).as_deref(), Some("reload"));
    // On a busy machine the writes may pause long enough to split the burst in two.
    let deadline = std::time::Instant::now() + PATIENCE;
    while server.get("/burst/page-499/").0 != 200 {
        assert!(
            std::time::Instant::now() < deadline,
            "the last page never appeared"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    let rebuilds = std::iter::from_fn(|| server.lines.try_recv().ok())
        .filter(|l| l.contains("rebuilt in"))
        .count();
    assert!(rebuilds <= 2, "{rebuilds} rebuilds for one burst");
}

#[test]
fn only_files_of_the_site_are_served() {
    let site = TestSite::fixture("basic").file("secret.txt", "do not serve");
    let server = Server::start(&site);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/tips/..%5c..%5csecret.txt",
        "/%00",
        "/content/_index.md",
        "/site.toml",
        "/secret.txt",
        "/%252e%252e/secret.txt",
    ] {
        let (status, _, body) = server.get(path);
        assert!(status == 400 || status == 404, "{path} gave {status}");
        assert!(
            !body.contains("do not serve") && !body.contains("Fixture home\ndescription"),
            "{path} leaked a file"
        );
    }
    let (status, _, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(
        body.contains("Page not found"),
        "the site's own 404 page is served"
    );
    let (status, head, _) = server.request("POST", "/tips/build-trust/");
    assert_eq!(status, 405);
    assert!(head.contains("Allow: GET, HEAD"), "{head}");
    let (status, _, body) = server.request("HEAD", "/tips/build-trust/");
    assert_eq!((status, body.as_str()), (200, ""));
    let long = format!("/{}", "a".repeat(20_000));
    assert_eq!(server.get(&long).0, 414, "URI Too Long");
    let (status, head, _) = server.get("/tips");
    assert_eq!(status, 301);
    assert!(head.contains("Location: /tips/"), "{head}");
    for (path, kind) in [
        ("/style.css", "text/css"),
        ("/playbook.js", "text/javascript"),
        ("/tips/img/matrix.png", "image/png"),
        ("/files/checklist.pdf", "application/pdf"),
    ] {
        let (status, head, _) = server.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(
            head.contains(&format!("Content-Type: {kind}")),
            "{path}: {head}"
        );
    }
    // An asset swapped for a link to a file outside the site after the build.
    let asset = site.root().join("content/files/checklist.pdf");
    std::fs::remove_file(&asset).unwrap();
    std::os::unix::fs::symlink(site.root().join("secret.txt"), &asset).unwrap();
    let (status, _, body) = server.get("/files/checklist.pdf");
    assert!(
        !body.contains("do not serve"),
        "a swapped-in link leaked a file ({status})"
    );
}

#[test]
fn the_404_page_links_from_the_server_root_at_any_depth_and_never_to_the_published_site() {
    let site = TestSite::fixture("basic");
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &format!("base_url = \"https://example.org/playbook/\"\n{toml}"),
    );
    let server = Server::start(&site);
    for path in ["/no/such/page/", "/tips/missing/deeper/", "/missing"] {
        let (status, _, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        let html = scraper::Html::parse_document(&body);
        let attrs = |css: &str, attr: &str| -> Vec<String> {
            let sel = scraper::Selector::parse(css).unwrap();
            html.select(&sel)
                .filter_map(|e| e.value().attr(attr).map(str::to_string))
                .collect()
        };
        assert_eq!(attrs("head > base", "href"), ["/"], "{path}");
        assert_eq!(
            attrs("link[rel=stylesheet]", "href"),
            ["./style.css"],
            "{path}"
        );
        assert!(
            !body.contains("example.org"),
            "{path}: the preview links to the published site"
        );
    }
    let (status, _, body) = server.get("/tips/build-trust/");
    assert_eq!(status, 200);
    assert!(!body.contains("<base"), "only the 404 page gets a base");
}

#[test]
fn serve_never_touches_the_output_folder() {
    let site = TestSite::fixture("basic");
    site.build();
    let before = site.snapshot();
    let server = Server::start(&site);
    let events = server.events();
    site.write(
        "content/tips/05-new.md",
        "---\ntitle: New\n---\nNew page.\n",
    );
    assert_eq!(next(&events).as_deref(), Some("ok"));
    assert_eq!(server.get("/tips/new/").0, 200);
    drop(server);
    assert_eq!(
        site.snapshot(),
        before,
        "output/ is exactly as build left it"
    );
    assert!(
        !before
            .keys()
            .any(|p| String::from_utf8_lossy(&before[p]).contains("livereload"))
    );
}

#[test]
fn a_taken_port_is_reported_when_asked_for_and_skipped_otherwise() {
    let blocker = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = blocker.local_addr().unwrap().port().to_string();
    let site = TestSite::fixture("basic");
    let out = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(["serve", "--port", &port])
        .current_dir(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains(&format!("cannot listen on 127.0.0.1:{port}"))
    );
}

#[test]
fn saves_by_rename_and_renamed_or_deleted_folders_are_seen() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    let events = server.events();
    // An editor that writes a temporary file and renames it over the page.
    let page = site.root().join("content/tips/03-measure.md");
    let text = std::fs::read_to_string(&page)
        .unwrap()
        .replace("Back to", "Saved by rename: back to");
    let temp = site.root().join("content/tips/.03-measure.md.tmp");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &page).unwrap();
    assert_eq!(next(&events).as_deref(), Some("ok"));
    assert_eq!(next(&events).as_deref(), Some("reload"));
    assert!(server.get("/tips/measure/").2.contains("Saved by rename"));
    // A folder renamed: its pages move.
    let roles = site.root().join("content/roles");
    std::fs::rename(
        roles.join("collaborative-leader"),
        roles.join("collaborators"),
    )
    .unwrap();
    assert_eq!(next(&events).as_deref(), Some("ok"));
    assert_eq!(next(&events).as_deref(), Some("reload"));
    assert_eq!(server.get("/roles/collaborators/catalyst/").0, 200);
    assert_eq!(server.get("/roles/collaborative-leader/catalyst/").0, 404);
    // A folder deleted: its pages go.
    std::fs::remove_dir_all(roles.join("collaborators")).unwrap();
    assert_eq!(next(&events).as_deref(), Some("ok"));
    assert_eq!(next(&events).as_deref(), Some("reload"));
    assert_eq!(server.get("/roles/collaborators/catalyst/").0, 404);
}

/// mdBook's `{{#include ../src/…}}` names a file outside `content/`: `serve` watches it
/// too, so an edit to the code shows in the page that includes it. Other files beside it
/// stay unwatched.
#[test]
fn an_edit_to_an_included_file_outside_content_reloads_the_page() {
    let site = TestSite::empty()
        .file("src/listing.rs", "fn first() {}\n")
        .file("src/other.rs", "fn untouched() {}\n")
        .file(
            "content/index.md",
            "# Home\n\n```rust\n{{#include ../src/listing.rs}}\n```\n",
        );
    let server = Server::start(&site);
    assert!(server.get("/").2.contains("first"));
    let events = server.events();
    site.write("src/listing.rs", "fn second_version() {}\n");
    assert_eq!(next(&events).as_deref(), Some("ok"));
    assert_eq!(next(&events).as_deref(), Some("reload"));
    assert!(server.get("/").2.contains("second_version"));
    let line = wait_for(&server.lines, |l| l.contains("rebuilt in")).unwrap();
    assert!(line.starts_with("src/listing.rs: rebuilt in "), "{line}");
    // A save by rename is seen too.
    let temp = site.root().join("src/.listing.rs.tmp");
    std::fs::write(&temp, "fn third_by_rename() {}\n").unwrap();
    std::fs::rename(&temp, site.root().join("src/listing.rs")).unwrap();
    assert_eq!(next(&events).as_deref(), Some("ok"));
    assert_eq!(next(&events).as_deref(), Some("reload"));
    assert!(server.get("/").2.contains("third_by_rename"));
    // A file nobody includes changes nothing.
    site.write("src/other.rs", "fn changed() {}\n");
    assert!(
        events
            .recv_timeout(std::time::Duration::from_millis(800))
            .is_err(),
        "an edit to a file no page includes rebuilt the site"
    );
}

#[test]
fn a_new_page_reaches_the_shared_navigation_tree_and_a_prose_edit_keeps_it() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    let version = |page: &str| {
        let body = server.get(page).2;
        let at = body.find("nav.js?v=").expect("the page loads nav.js");
        body[at..at + 17].to_string()
    };
    let (status, _, tree) = server.get("/nav.js");
    assert_eq!(status, 200);
    assert!(!tree.contains("A new tip"));
    let before = version("/tips/build-trust/");
    let events = server.events();
    site.write(
        "content/tips/05-new-tip.md",
        "---\ntitle: A new tip\n---\nText.\n",
    );
    assert_eq!(next(&events).as_deref(), Some("ok"));
    assert_eq!(next(&events).as_deref(), Some("reload"));
    assert!(server.get("/nav.js").2.contains("A new tip"));
    let after = version("/tips/build-trust/");
    assert_ne!(before, after, "pages load the new tree by a new address");
    site.write(
        "content/tips/05-new-tip.md",
        "---\ntitle: A new tip\n---\nOther text.\n",
    );
    assert_eq!(next(&events).as_deref(), Some("ok"));
    assert_eq!(next(&events).as_deref(), Some("reload"));
    assert!(server.get("/tips/new-tip/").2.contains("Other text."));
    let (status, _, tree) = server.get("/nav.js");
    assert_eq!(status, 200, "a page's edit keeps the tree");
    assert!(tree.contains("A new tip"));
    assert_eq!(version("/tips/new-tip/"), after);
}
