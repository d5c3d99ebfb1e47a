//! `playbook serve`: builds the site into memory, serves it over HTTP, rebuilds on every
//! change and tells open pages to reload.
//!
//! Three parts that know nothing of each other's insides: the build (a
//! [`Session`]: the same build as `playbook build`, remembering it so that an edit to a
//! page re-renders only what depends on it), the watcher ([`watch`]), and
//! the HTTP side ([`http`]). What they share is one explicit [`Shared`]: the site being
//! served, the last build's problems, and the open reload streams. The site is swapped
//! whole, so no request ever sees half a build, and `output/` is never touched.

mod http;
pub(crate) mod watch;

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use anyhow::Context;

use crate::Report;
use crate::config::BuildOptions;
use crate::output::SiteFiles;
use crate::session::{Changed, Session};
pub(crate) use watch::Change;

/// How to serve.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    /// What to build.
    pub(crate) build: BuildOptions,
    /// The address to listen on (127.0.0.1 unless asked otherwise).
    pub(crate) bind: IpAddr,
    /// The port; when `None`, 1111 or the next free one.
    pub(crate) port: Option<u16>,
}

/// What the server tells whoever runs it (the command line prints these).
#[derive(Debug)]
pub(crate) enum Event<'a> {
    /// The first build finished and the server listens at `url`.
    Listening {
        /// Where to point a browser.
        url: String,
        /// Ports that were taken, when none was asked for and the default was busy.
        taken: Vec<u16>,
        /// The first build's report.
        report: &'a Report,
    },
    /// Something the author should know that is not about the site (changes in a folder
    /// go unseen).
    Warning(&'a str),
    /// A rebuild after changes to these paths.
    Rebuilt {
        /// What changed, relative to the site folder.
        changed: &'a [String],
        /// The rebuild's report; with errors, the previous site is still served.
        report: &'a Report,
    },
}

/// What the watcher and the HTTP side share.
pub(crate) struct Shared {
    site: RwLock<Arc<Served>>,
    /// The build state pages are told about, and the open reload streams: one lock, so a
    /// stream opening during a rebuild gets either the old state and the news, or the new.
    news: Mutex<News>,
    /// This machine's name, lowercase: a Host header may name it besides localhost and
    /// IP addresses.
    hostname: String,
}

/// A site being served, with the generation its pages carry: one value, so a request
/// never pairs the pages of one build with the number of another.
#[derive(Default)]
pub(crate) struct Served {
    /// The site's files.
    pub(crate) files: SiteFiles,
    /// Which good build made them.
    pub(crate) generation: u64,
}

#[derive(Default)]
struct News {
    /// Counts good builds; a page built from an older one reloads when it reconnects.
    generation: u64,
    /// The last build's errors as JSON, when it failed.
    problems: Option<String>,
    clients: Vec<Sender<String>>,
}

impl Shared {
    fn new(site: SiteFiles) -> Shared {
        Shared {
            site: RwLock::new(Arc::new(Served {
                files: site,
                generation: 0,
            })),
            news: Mutex::new(News::default()),
            hostname: hostname(),
        }
    }

    /// The site being served (a snapshot: a rebuild swaps in a new one).
    pub(crate) fn site(&self) -> Arc<Served> {
        self.site.read().map(|s| Arc::clone(&s)).unwrap_or_default()
    }

    /// A new reload stream, primed with the current state: the generation (a page that
    /// is older reloads) and the errors, if the last build failed.
    pub(crate) fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = channel();
        if let Ok(mut news) = self.news.lock() {
            let _ = tx.send(message("generation", &news.generation.to_string()));
            let _ = tx.send(match &news.problems {
                Some(json) => message("errors", json),
                None => message("ok", "{}"),
            });
            news.clients.push(tx);
        }
        rx
    }

    /// Takes a build's outcome: a good site replaces the one served and pages reload (or
    /// swap their stylesheets); a failed one leaves it and pages show the problems.
    fn update(&self, report: &Report, files: Option<SiteFiles>, css_only: bool) {
        let Ok(mut news) = self.news.lock() else {
            return;
        };
        let events: Vec<String> = match files {
            Some(files) => {
                news.generation += 1;
                if let Ok(mut site) = self.site.write() {
                    *site = Arc::new(Served {
                        files,
                        generation: news.generation,
                    });
                }
                news.problems = None;
                vec![
                    message("ok", "{}"),
                    message(
                        if css_only { "css" } else { "reload" },
                        &news.generation.to_string(),
                    ),
                ]
            }
            None => {
                let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
                let json = serde_json::to_string(&errors).unwrap_or_else(|_| "[]".to_string());
                news.problems = Some(json.clone());
                vec![message("errors", &json)]
            }
        };
        news.clients
            .retain(|c| events.iter().all(|e| c.send(e.clone()).is_ok()));
    }
}

/// Hands the memory a rebuild freed back to the system. The allocator keeps freed pages
/// for reuse on each thread that freed them, and a long preview session of a large site
/// would otherwise grow with every full rebuild (measured at 10,000 pages: 570 MB after
/// start, 1,030 MB after three edits to site.toml without this, 810 MB with it).
fn release_free_memory() {
    // SAFETY: mi_collect only frees memory the allocator holds unused; it touches no live
    // allocation, and may be called from any thread.
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// Turns transparent huge pages off for this process. Every connection has a thread, and
/// the allocator asks for huge pages for each thread's memory, so on systems that grant
/// them each open tab cost 2 MB (measured: 200 reload streams took the server from 28 to
/// 212 MB; 49 MB without huge pages). A preview server gains nothing from them.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE sets a flag of this process and reads no memory.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// This machine's name, lowercase (empty when it has none).
fn hostname() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: gethostname writes at most buf.len() bytes into buf.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return String::new();
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase()
}

fn message(event: &str, data: &str) -> String {
    format!("event: {event}\ndata: {data}\n\n")
}

/// Builds, listens, and rebuilds on change until the process is stopped. `on_event` is
/// called for the first build and every rebuild.
pub(crate) fn serve(options: &ServeOptions, mut on_event: impl FnMut(Event)) -> anyhow::Result<()> {
    // Each open connection (a reload stream per open tab) holds a file descriptor; the
    // usual soft limit of 1,024 is far below what the system allows this process.
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    no_huge_pages();
    // Watch first, so no change made after the first build can go unseen.
    let mut watch = watch::Watch::start(&options.build.root, &options.build.output)?;
    let mut session = Session::new(options.build.clone());
    let (report, files) = session.build();
    watch.also_watch(&session.included_files());
    let state = Arc::new(Shared::new(files.clone().unwrap_or_default()));
    if files.is_none() {
        state.update(&report, None, false);
    }
    let (server, addr) = bind(options)?;
    // A browser reaches 0.0.0.0 (or ::) at loopback; IPv6 needs brackets, which
    // SocketAddr's own formatting adds.
    let shown = match addr.ip() {
        ip if ip.is_unspecified() && ip.is_ipv6() => {
            SocketAddr::new(std::net::Ipv6Addr::LOCALHOST.into(), addr.port())
        }
        ip if ip.is_unspecified() => {
            SocketAddr::new(std::net::Ipv4Addr::LOCALHOST.into(), addr.port())
        }
        _ => addr,
    };
    let http_state = Arc::clone(&state);
    std::thread::Builder::new()
        .name("accept".into())
        .spawn(move || {
            // A server that stops accepting must not leave a process that looks alive.
            let stopped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                dispatch(&server, &http_state)
            }));
            let why = match stopped {
                Ok(()) => "the listening socket was closed",
                Err(_) => "the server failed",
            };
            eprintln!("error: playbook serve stopped answering requests: {why}");
            std::process::exit(1);
        })
        .context("cannot start the server's thread")?;
    let taken: Vec<u16> = match options.port {
        None => (DEFAULT_PORT..addr.port()).collect(),
        Some(_) => Vec::new(),
    };
    on_event(Event::Listening {
        url: format!("http://{shown}/"),
        taken,
        report: &report,
    });
    while let Some(batch) = watch.next_batch() {
        for problem in &batch.problems {
            on_event(Event::Warning(problem));
        }
        if batch.paths.is_empty() {
            continue;
        }
        let started = Instant::now();
        let css_only = batch
            .paths
            .iter()
            .all(|(p, c)| *c == Change::Static && p.extension().is_some_and(|e| e == "css"));
        let content: Vec<std::path::PathBuf> = batch.paths.iter().map(|(p, _)| p.clone()).collect();
        let changed = match batch.paths.iter().all(|(_, c)| *c == Change::Content) {
            true => Changed::Content(&content),
            false => Changed::Other,
        };
        let (mut report, files) = session.update(changed);
        report.elapsed = started.elapsed();
        watch.also_watch(&session.included_files());
        let changed: Vec<String> = batch
            .paths
            .iter()
            .map(|(p, _)| {
                p.strip_prefix(watch.root())
                    .unwrap_or(p)
                    .display()
                    .to_string()
            })
            .collect();
        state.update(&report, files, css_only);
        release_free_memory();
        on_event(Event::Rebuilt {
            changed: &changed,
            report: &report,
        });
    }
    Ok(())
}

/// How many requests are answered at once, at most: each open tab holds one for its
/// reload stream. Past it, a request is answered 503 at once.
const MAX_HANDLERS: usize = 1024;

/// Answers each request on a thread of its own. At most [`MAX_HANDLERS`] at once; when the
/// system cannot make another thread (a thread or memory limit), the request gets 503
/// and the server goes on listening.
fn dispatch(server: &tiny_http::Server, state: &Arc<Shared>) {
    let busy = Arc::new(AtomicUsize::new(0));
    for request in server.incoming_requests() {
        if busy.load(Ordering::Acquire) >= MAX_HANDLERS {
            http::unavailable(request);
            continue;
        }
        busy.fetch_add(1, Ordering::AcqRel);
        let done = Handling(Arc::clone(&busy));
        // Shared with the thread so that, when it cannot be made, the request comes back.
        let slot = Arc::new(Mutex::new(Some(request)));
        let (taken, state) = (Arc::clone(&slot), Arc::clone(state));
        let spawned = std::thread::Builder::new()
            .name("request".into())
            .stack_size(512 * 1024)
            .spawn(move || {
                let _done = done;
                let request = taken.lock().unwrap_or_else(|p| p.into_inner()).take();
                if let Some(request) = request {
                    http::handle(request, &state);
                }
            });
        if spawned.is_err() {
            let request = slot.lock().unwrap_or_else(|p| p.into_inner()).take();
            if let Some(request) = request {
                http::unavailable(request);
            }
        }
    }
}

/// One request being answered; counted down when its thread ends (or is never made).
struct Handling(Arc<AtomicUsize>);

impl Drop for Handling {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The port `serve` tries first.
pub(crate) const DEFAULT_PORT: u16 = 1111;

/// Listens on the asked port, or from 1111 on the first free one when none was asked.
fn bind(options: &ServeOptions) -> anyhow::Result<(tiny_http::Server, SocketAddr)> {
    let ports: Vec<u16> = match options.port {
        Some(port) => vec![port],
        None => (DEFAULT_PORT..DEFAULT_PORT + 20).collect(),
    };
    let mut last = None;
    for port in ports {
        let addr = SocketAddr::new(options.bind, port);
        match tiny_http::Server::http(addr) {
            Ok(server) => {
                let addr = server.server_addr().to_ip().unwrap_or(addr);
                return Ok((server, addr));
            }
            Err(e) => last = Some((port, e)),
        }
    }
    let (port, e) = last.expect("at least one port was tried");
    match options.port {
        Some(_) => anyhow::bail!(
            "cannot listen on {}:{port}: {e}\n  help: choose another --port, or leave --port out to take a free one",
            options.bind
        ),
        None => {
            anyhow::bail!("no free port from 1111 to {port}: {e}\n  help: choose one with --port")
        }
    }
}
