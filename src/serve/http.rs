//! The HTTP side of `serve`: answers requests from the site held in memory, streams the
//! reload signal, and never reads a file that is not part of the built site.

use std::io::{Cursor, Read, Write};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Request, Response, StatusCode};

use super::Shared;

/// Where pages find the reload script and the reload stream.
pub(crate) const SCRIPT_URL: &str = "/__playbook/livereload.js";
const EVENTS_URL: &str = "/__playbook/events";
const SCRIPT: &str = include_str!("livereload.js");

/// What a request path asks for.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A file of the site, by its output path.
    File(String),
    /// A folder asked for without its trailing slash: redirect to it.
    Folder(String),
    /// The reload stream.
    Events,
    /// The reload script.
    Script,
    /// Nothing of the site.
    NotFound,
    /// A path no file could have: `..`, NUL, backslashes, bad encoding.
    Bad,
}

/// Whether a request's `Host` names this machine: localhost (and `*.localhost`), an IP
/// address, or the machine's own name (`hostname`, also with `.local`). A page of
/// another site that points a name of its own at this machine (DNS rebinding) sends
/// that name, and gets nothing. Requests without a Host (HTTP/1.0) come from no browser.
pub(crate) fn host_allowed(host: Option<&str>, hostname: &str) -> bool {
    let Some(host) = host else {
        return true;
    };
    let host = host.trim().to_ascii_lowercase();
    // `[::1]:4000`, `127.0.0.1:4000`, `name:4000`, or any of them without the port.
    let name = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((v6, port)) if port.is_empty() || is_port(port) => {
                return v6.parse::<std::net::Ipv6Addr>().is_ok();
            }
            _ => return false,
        },
        None => match host.rsplit_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return false,
            None => &host,
        },
    };
    let name = name.strip_suffix('.').unwrap_or(name);
    name.parse::<std::net::Ipv4Addr>().is_ok()
        || name == "localhost"
        || name.ends_with(".localhost")
        || (!hostname.is_empty()
            && (name == hostname || name.strip_suffix(".local") == Some(hostname)))
}

fn is_port(text: &str) -> bool {
    text.strip_prefix(':')
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        || (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
}

/// Maps a request URL to what it asks for, refusing anything that could climb out.
pub(crate) fn target(url: &str, has: impl Fn(&str) -> bool) -> Target {
    // A raw control character (a CR or LF would split the `Location` of a redirect).
    if url.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Target::Bad;
    }
    let path = url.split(['?', '#']).next().unwrap_or_default();
    match path {
        EVENTS_URL => return Target::Events,
        SCRIPT_URL => return Target::Script,
        _ => {}
    }
    let Ok(decoded) = percent_decode_str(path).decode_utf8() else {
        return Target::Bad;
    };
    if !decoded.starts_with('/') || decoded.contains(['\0', '\\']) {
        return Target::Bad;
    }
    let rel = &decoded[1..];
    if rel.split('/').any(|part| part == ".." || part == ".") || rel.starts_with('/') {
        return Target::Bad;
    }
    let file = crate::graph::file_of(rel);
    if has(&file) {
        Target::File(file)
    } else if !rel.is_empty() && !rel.ends_with('/') && has(&format!("{rel}/index.html")) {
        let query = url.find('?').map_or("", |i| &url[i..]);
        Target::Folder(format!("{path}/{query}"))
    } else {
        Target::NotFound
    }
}

/// The Content-Type of an output path.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "pdf" => "application/pdf",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values are ASCII")
}

/// Answers one request.
pub(crate) fn handle(request: Request, state: &Shared) {
    if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        let response = Response::from_string("only GET and HEAD\n")
            .with_status_code(StatusCode(405))
            .with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string());
    if !host_allowed(host.as_deref(), &state.hostname) {
        let _ = respond(
            request,
            403,
            "text/plain; charset=utf-8",
            format!(
                "playbook serve answers only to localhost, IP addresses and this machine's \
                 name, not to {}: open it at one of those\n",
                host.unwrap_or_default()
            )
            .into_bytes(),
        );
        return;
    }
    let site = state.site();
    let outcome = match target(request.url(), |p| site.files.files.contains_key(p)) {
        Target::Events => return stream_events(request, state),
        Target::Script => respond(
            request,
            200,
            "text/javascript; charset=utf-8",
            SCRIPT.as_bytes().to_vec(),
        ),
        Target::Folder(location) => request
            .respond(Response::empty(StatusCode(301)).with_header(header("Location", &location))),
        Target::Bad => respond(
            request,
            400,
            "text/plain; charset=utf-8",
            b"bad request\n".to_vec(),
        ),
        Target::File(path) => match (site.files.shared(&path), site.files.read(&path)) {
            (Some(bytes), _) => {
                respond_shared(request, content_type(&path), bytes, site.generation)
            }
            (None, Some(Ok(bytes))) => {
                let kind = content_type(&path);
                let body = if kind.starts_with("text/html") {
                    inject(&bytes, site.generation)
                } else {
                    bytes.into_owned()
                };
                respond(request, 200, kind, body)
            }
            _ => not_found(request, &site),
        },
        Target::NotFound => not_found(request, &site),
    };
    let _ = outcome; // the browser went away: nothing to do
}

fn not_found(request: Request, site: &super::Served) -> std::io::Result<()> {
    let body = match site.files.read("404.html") {
        // Shown at any address: its links are written from the site's root, which is
        // this server's root.
        Some(Ok(bytes)) => inject(&with_base(&bytes), site.generation),
        // Before the first good build there is no 404.html; still carry the reload script,
        // so the tab shows the errors and reloads once they are fixed.
        _ => inject(
            b"<!doctype html><title>Not found</title><body><h1>Not found</h1></body>",
            site.generation,
        ),
    };
    respond(request, 404, "text/html; charset=utf-8", body)
}

/// 503 with a `Retry-After`: the server is answering as many requests as it can.
pub(crate) fn unavailable(request: Request) {
    let response = Response::from_string("busy: too many requests at once; try again\n")
        .with_status_code(StatusCode(503))
        .with_header(header("Retry-After", "1"))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

fn respond(request: Request, status: u16, kind: &str, body: Vec<u8>) -> std::io::Result<()> {
    let response = Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"));
    request.respond(response)
}

/// Part of a generated file, shared with the site held in memory rather than copied:
/// a hundred readers of a large page hold one copy of it between them.
struct Part(Arc<Vec<u8>>, std::ops::Range<usize>);

impl AsRef<[u8]> for Part {
    fn as_ref(&self) -> &[u8] {
        &self.0[self.1.clone()]
    }
}

/// Answers with a generated file, a page with the reload script added before `</body>`,
/// streamed from the shared bytes.
fn respond_shared(
    request: Request,
    kind: &str,
    bytes: Arc<Vec<u8>>,
    generation: u64,
) -> std::io::Result<()> {
    let len = bytes.len();
    let (at, tag) = match kind.starts_with("text/html") {
        true => (
            bytes
                .windows(7)
                .rposition(|w| w == b"</body>")
                .unwrap_or(len),
            reload_tag(generation),
        ),
        false => (len, String::new()),
    };
    let total = len + tag.len();
    let body = Cursor::new(Part(Arc::clone(&bytes), 0..at))
        .chain(Cursor::new(tag.into_bytes()))
        .chain(Cursor::new(Part(bytes, at..len)));
    let headers = vec![
        header("Content-Type", kind),
        header("Cache-Control", "no-store"),
    ];
    request.respond(Response::new(
        StatusCode(200),
        headers,
        body,
        Some(total),
        None,
    ))
}

fn reload_tag(generation: u64) -> String {
    format!("<script src=\"{SCRIPT_URL}\" data-generation=\"{generation}\"></script>\n")
}

/// Adds the reload script to a page, just before `</body>`, with the generation of the
/// site the page comes from.
/// `html` with `<base href="/">` first in its head (the 404 page's own script then leaves
/// the base as it is).
fn with_base(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.find("<head>") {
        Some(at) => format!("{}<base href=\"/\">{}", &text[..at + 6], &text[at + 6..]).into_bytes(),
        None => html.to_vec(),
    }
}

fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = reload_tag(generation);
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// Server-sent events: the current state at once, then every reload signal.
fn stream_events(request: Request, state: &Shared) {
    let receiver: Receiver<String> = state.subscribe();
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        // A comment line every few seconds finds clients that went away.
        let message = match receiver.recv_timeout(Duration::from_secs(5)) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(url: &str) -> Target {
        target(url, |p| {
            [
                "index.html",
                "tips/index.html",
                "tips/a/index.html",
                "style.css",
                "img/my plan.png",
            ]
            .contains(&p)
        })
    }

    #[test]
    fn site_paths_map_to_output_files() {
        assert_eq!(t("/"), Target::File("index.html".into()));
        assert_eq!(t("/tips/a/?x=1"), Target::File("tips/a/index.html".into()));
        assert_eq!(t("/style.css"), Target::File("style.css".into()));
        assert_eq!(
            t("/img/my%20plan.png"),
            Target::File("img/my plan.png".into())
        );
        assert_eq!(t("/tips"), Target::Folder("/tips/".into()));
        assert_eq!(t("/tips?x=1"), Target::Folder("/tips/?x=1".into()));
        assert_eq!(t("/nope/"), Target::NotFound);
    }

    #[test]
    fn climbing_out_is_refused() {
        for url in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/tips/%2E%2E/%2e%2e/x",
            "/a\\b",
            "/%00",
            "/%5c..%5cx",
            "/./index.html",
            "//etc/passwd",
            "/%ff",
        ] {
            assert_eq!(t(url), Target::Bad, "{url}");
        }
        assert_eq!(
            t("/%252e%252e/x"),
            Target::NotFound,
            "double encoding is just a strange name"
        );
    }

    #[test]
    fn only_names_of_this_machine_are_answered() {
        for host in [
            "localhost",
            "localhost:4000",
            "LOCALHOST.:4000",
            "preview.localhost:4000",
            "127.0.0.1:4000",
            "192.168.1.20",
            "[::1]:4000",
            "[::1]",
            "mybox:4000",
            "mybox.local",
        ] {
            assert!(host_allowed(Some(host), "mybox"), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:4000",
            "localhost.evil.example",
            "127.0.0.1.nip.io:4000",
            "[::1]x",
            "[not-v6]:4000",
            "localhost:4000:5",
            "mybox.evil.example",
            "",
        ] {
            assert!(!host_allowed(Some(host), "mybox"), "{host}");
        }
        assert!(host_allowed(None, "mybox"), "HTTP/1.0 without Host");
        assert!(
            !host_allowed(Some("anything"), ""),
            "no hostname matches nothing"
        );
    }

    #[test]
    fn raw_control_characters_are_refused() {
        for url in ["/tips\r\nSet-Cookie: x=1", "/tips\n", "/tips\t", "/x\x7f"] {
            assert_eq!(t(url), Target::Bad, "{url:?}");
        }
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.WOFF2"), "font/woff2");
        assert_eq!(
            content_type("search/w-676f.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("sitemap.xml"), "application/xml");
    }
}
