//! `playbook check --external` against a server on a loopback port, never the internet:
//! which URLs it reports and where, HEAD then GET, bounded concurrency, timeouts, and
//! the cache of successes.

mod common;

use std::collections::BTreeSet;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::TestSite;
use serde_json::Value;

/// What the test server saw.
#[derive(Default)]
struct Seen {
    /// `METHOD /path`, in the order the requests arrived.
    requests: Mutex<Vec<String>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

/// A site for links to point at, on 127.0.0.1; stopped when dropped.
struct Origin {
    base: String,
    seen: Arc<Seen>,
    server: Arc<tiny_http::Server>,
}

impl Drop for Origin {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

impl Origin {
    fn start() -> Origin {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let base = format!("http://{}", server.server_addr().to_ip().unwrap());
        let seen = Arc::new(Seen::default());
        let (s, state, b) = (server.clone(), seen.clone(), base.clone());
        std::thread::spawn(move || {
            for request in s.incoming_requests() {
                let (state, base) = (state.clone(), b.clone());
                std::thread::spawn(move || answer(request, &state, &base));
            }
        });
        Origin { base, seen, server }
    }

    /// Every request so far, forgotten.
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.seen.requests.lock().unwrap())
    }
}

/// The routes: /ok, /no-head (not to HEAD), /redirect (to /new-home), /redirect-broken
/// (to /nowhere), /slow, /rate, and /ok-N, which answers after 200 ms; anything else is
/// 404 Not Found.
fn answer(request: tiny_http::Request, seen: &Seen, base: &str) {
    let now = seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    seen.max_in_flight.fetch_max(now, Ordering::SeqCst);
    let method = request.method().to_string();
    let path = request.url().to_string();
    seen.requests
        .lock()
        .unwrap()
        .push(format!("{method} {path}"));
    let to = |target: &str| {
        tiny_http::Header::from_bytes("Location", format!("{base}{target}")).unwrap()
    };
    let response = match (method.as_str(), path.as_str()) {
        (_, "/ok" | "/new-home") => tiny_http::Response::empty(200),
        ("HEAD", "/no-head") => tiny_http::Response::empty(405),
        (_, "/no-head") => tiny_http::Response::empty(200),
        (_, "/redirect") => tiny_http::Response::empty(301).with_header(to("/new-home")),
        (_, "/redirect-broken") => tiny_http::Response::empty(302).with_header(to("/nowhere")),
        (_, "/rate") => tiny_http::Response::empty(429),
        (_, "/slow") => {
            std::thread::sleep(Duration::from_secs(3));
            tiny_http::Response::empty(200)
        }
        (_, p) if p.starts_with("/ok-") => {
            std::thread::sleep(Duration::from_millis(200));
            tiny_http::Response::empty(200)
        }
        _ => tiny_http::Response::empty(404),
    };
    seen.in_flight.fetch_sub(1, Ordering::SeqCst);
    let _ = request.respond(response);
}

/// `http://127.0.0.1:PORT` with nothing listening.
fn closed_port() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://{}", listener.local_addr().unwrap())
}

/// `https://127.0.0.1:PORT` of a server that answers every connection in plain HTTP, as
/// a site with broken TLS would.
fn plain_https() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            use std::io::{Read, Write};
            // Read the TLS greeting first and close only after the client has: closing
            // with unread bytes would reset the connection before our answer is read.
            let mut greeting = [0; 4096];
            let _ = stream.read(&mut greeting);
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let _ = stream.read_to_end(&mut Vec::new());
        }
    });
    url
}

/// Runs `playbook ARGS --format json` in the site, with no proxy in the way.
fn check(site: &TestSite, args: &[&str]) -> (i32, Vec<Value>) {
    let out = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(args)
        .args(["--format", "json"])
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("https_proxy")
        .env_remove("HTTPS_PROXY")
        .env_remove("all_proxy")
        .env_remove("ALL_PROXY")
        .output()
        .expect("run playbook");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let diags = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    (out.status.code().unwrap_or(-1), diags)
}

/// The diagnostics about links to `http://127.0.0.1:…`, as (path, line, column, message).
fn about_links(diags: &[Value]) -> BTreeSet<(String, u64, u64, String)> {
    diags
        .iter()
        .filter(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .starts_with("http://127.0.0.1:")
        })
        .map(|d| {
            assert_eq!(d["severity"], "warning", "{d}");
            (
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The 1-based line and column of the `nth` (from 0) `needle` in a page's file.
fn at(site: &TestSite, page: &str, needle: &str, nth: usize) -> (String, u64, u64) {
    let text = std::fs::read_to_string(site.root().join(page)).unwrap();
    let (offset, _) = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in {page}"));
    let line = text[..offset].matches('\n').count() + 1;
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let column = text[start..offset].chars().count() + 1;
    (page.to_string(), line as u64, column as u64)
}

fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}")
}

fn config(extra: &str) -> String {
    format!("[check]\nexternal_timeout = 1\nexternal_concurrency = 2\n{extra}")
}

#[test]
fn reports_each_failing_url_at_every_place_it_is_used() {
    let origin = Origin::start();
    let (base, closed) = (&origin.base, closed_port());
    let https = plain_https();
    let site = TestSite::empty()
        .file("site.toml", &config(""))
        .file(
            "content/one.md",
            &page(
                "One",
                &format!(
                    "See [fine]({base}/ok), [gone]({base}/missing) and, héhé, [gone again]({base}/missing#part).\n\
                     \n\
                     [No HEAD]({base}/no-head), [moved]({base}/redirect), [moved badly]({base}/redirect-broken).\n\
                     <{base}/slow> and [busy]({base}/rate) and [closed]({closed}/x).\n\
                     [secure]({https}/ok), where the server speaks plain HTTP.\n"
                ),
            ),
        )
        .file(
            "content/two.md",
            &page("Two", &format!("Also [gone]({base}/missing) here.\n")),
        );
    let (code, diags) = check(&site, &["check", "--external"]);
    assert_eq!(code, 0, "external failures are warnings: {diags:#?}");

    let with =
        |(path, line, column): (String, u64, u64), message: String| (path, line, column, message);
    let one = "content/one.md";
    let expected: BTreeSet<_> = [
        with(
            at(&site, one, "[gone](", 0),
            format!("{base}/missing answered 404 Not Found"),
        ),
        with(
            at(&site, one, "[gone again](", 0),
            format!("{base}/missing answered 404 Not Found"),
        ),
        with(
            at(&site, "content/two.md", "[gone](", 0),
            format!("{base}/missing answered 404 Not Found"),
        ),
        with(
            at(&site, one, "[moved badly](", 0),
            format!(
                "{base}/redirect-broken answered 404 Not Found (after a redirect to {base}/nowhere)"
            ),
        ),
        with(
            at(&site, one, "<http", 0),
            format!("{base}/slow did not answer within 1 second"),
        ),
        with(
            at(&site, one, "[busy](", 0),
            format!("{base}/rate is rate limited (429 Too Many Requests); try again later"),
        ),
        with(
            at(&site, one, "[closed](", 0),
            format!("{closed}/x: the server refused the connection"),
        ),
    ]
    .into_iter()
    .collect();
    assert_eq!(about_links(&diags), expected);
    let secure = common::find(&diags, "the secure connection failed");
    assert_eq!(
        (secure["line"].as_u64(), secure["column"].as_u64()),
        (
            Some(at(&site, one, "[secure](", 0).1),
            Some(at(&site, one, "[secure](", 0).2)
        )
    );
    assert!(
        secure["message"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{https}/ok: ")),
        "{secure}"
    );
    let slow = common::find(&diags, "did not answer");
    assert!(
        slow["help"]
            .as_str()
            .unwrap()
            .contains("[check] external_timeout"),
        "{slow}"
    );

    let requests = origin.take();
    let count = |r: &str| requests.iter().filter(|x| *x == r).count();
    assert_eq!(
        count("HEAD /missing"),
        1,
        "one fetch for three uses: {requests:?}"
    );
    assert_eq!(
        count("GET /missing"),
        1,
        "HEAD failed, so GET: {requests:?}"
    );
    assert_eq!(count("HEAD /ok"), 1, "{requests:?}");
    assert_eq!(count("GET /ok"), 0, "HEAD was enough: {requests:?}");
    assert_eq!(
        count("HEAD /new-home"),
        1,
        "the redirect was followed: {requests:?}"
    );
    let no_head: Vec<&String> = requests
        .iter()
        .filter(|r| r.ends_with("/no-head"))
        .collect();
    assert_eq!(no_head, ["HEAD /no-head", "GET /no-head"]);
    assert_eq!(count("HEAD /rate"), 1, "{requests:?}");
    assert_eq!(
        count("GET /rate"),
        0,
        "rate limited: not asked again at once"
    );
    assert_eq!(
        count("HEAD /slow") + count("GET /slow"),
        1,
        "a timeout is not retried"
    );

    let ignore = std::fs::read_to_string(site.root().join(".playbook-cache/.gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
}

#[test]
fn only_check_with_external_makes_requests() {
    let origin = Origin::start();
    let site = TestSite::empty().file("site.toml", &config("")).file(
        "content/one.md",
        &page(
            "One",
            &format!(
                "[fine]({}/ok), [gone]({}/missing)\n",
                origin.base, origin.base
            ),
        ),
    );
    let (code, diags) = check(&site, &["check"]);
    assert_eq!(code, 0, "{diags:#?}");
    assert!(about_links(&diags).is_empty());
    let (code, _) = check(&site, &["build"]);
    assert_eq!(code, 0);
    assert_eq!(origin.take(), Vec::<String>::new());
    assert!(!site.root().join(".playbook-cache").exists());
}

#[test]
fn never_fetches_more_urls_at_once_than_external_concurrency() {
    let origin = Origin::start();
    let links: String = (1..=8)
        .map(|n| format!("- [{n}]({}/ok-{n})\n", origin.base))
        .collect();
    let site = TestSite::empty()
        .file("site.toml", &config(""))
        .file("content/one.md", &page("One", &links));
    let (code, diags) = check(&site, &["check", "--external"]);
    assert_eq!(code, 0, "{diags:#?}");
    assert!(about_links(&diags).is_empty(), "{diags:#?}");
    assert_eq!(origin.take().len(), 8);
    assert_eq!(
        origin.seen.max_in_flight.load(Ordering::SeqCst),
        2,
        "external_concurrency = 2: two at a time, never more"
    );
}

#[test]
fn successes_are_cached_and_failures_fetched_again() {
    let origin = Origin::start();
    let base = &origin.base;
    let site = TestSite::empty().file("site.toml", &config("")).file(
        "content/one.md",
        &page(
            "One",
            &format!(
                "[a]({base}/ok) [b]({base}/redirect) [c]({base}/no-head) [d]({base}/missing)\n"
            ),
        ),
    );
    let everything = || {
        let mut r = origin.take();
        r.sort();
        r
    };
    let (code, _) = check(&site, &["check", "--external"]);
    assert_eq!(code, 0);
    let first = everything();
    assert!(first.contains(&"HEAD /ok".to_string()), "{first:?}");

    let (code, diags) = check(&site, &["check", "--external"]);
    assert_eq!(code, 0);
    assert_eq!(
        origin.take(),
        ["HEAD /missing", "GET /missing"],
        "only the failure again"
    );
    assert_eq!(about_links(&diags).len(), 1, "{diags:#?}");

    site.write("site.toml", &config("external_cache_hours = 0\n"));
    check(&site, &["check", "--external"]);
    assert_eq!(everything(), first, "a cache of 0 hours trusts nothing");

    site.write("site.toml", &config(""));
    let cache = site.root().join(".playbook-cache/external-links.json");
    std::fs::write(&cache, "{ this is not json").unwrap();
    let (code, diags) = check(&site, &["check", "--external"]);
    assert_eq!(code, 0, "{diags:#?}");
    assert!(
        !diags
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("cache")),
        "{diags:#?}"
    );
    assert_eq!(everything(), first, "a corrupt cache is ignored");
    let rebuilt: Value = serde_json::from_str(&std::fs::read_to_string(&cache).unwrap()).unwrap();
    let ok: Vec<&String> = rebuilt["ok"].as_object().unwrap().keys().collect();
    assert_eq!(ok.len(), 3, "successes only: {rebuilt}");
    assert!(!ok.iter().any(|u| u.ends_with("/missing")), "{rebuilt}");
    check(&site, &["check", "--external"]);
    assert_eq!(
        origin.take(),
        ["HEAD /missing", "GET /missing"],
        "and rebuilt"
    );
    // The person's report says what was fetched and what came from the cache.
    let human = site.run(&["check", "--external"]);
    origin.take();
    assert!(
        human.stdout.lines().nth(1)
            == Some("external links: 1 URL fetched, 3 trusted from the cache, 1 failed"),
        "{}",
        human.stdout
    );
}

#[test]
fn an_unwritable_cache_is_a_warning() {
    let origin = Origin::start();
    let site = TestSite::empty()
        .file("site.toml", &config(""))
        .file(
            "content/one.md",
            &page("One", &format!("[a]({}/ok)\n", origin.base)),
        )
        // A file where the cache folder should be.
        .file(".playbook-cache", "");
    let (code, diags) = check(&site, &["check", "--external"]);
    assert_eq!(code, 0, "{diags:#?}");
    let d = common::find(&diags, "cannot write the cache of external links");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["path"], ".playbook-cache/external-links.json");
}
