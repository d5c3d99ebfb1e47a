//! Links to other sites, for `check --external`: every distinct `http(s)` URL the pages
//! link to is fetched once (HEAD, then GET when HEAD is refused), by at most
//! `[check] external_concurrency` threads, each URL bounded by `[check] external_timeout`.
//! A URL that fails becomes a warning at every place it is used, so CI annotates each
//! line. Successes are remembered in a cache file in the site folder for
//! `[check] external_cache_hours`, so a weekly run does not ask the same servers again;
//! failures are always asked again. The cache is a convenience, never a reason to fail:
//! unreadable, it is rebuilt; unwritable, it is a warning.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use ureq::http::Response;
use ureq::{Agent, Body, ResponseExt};

use crate::config::CheckConfig;
use crate::content::Site;
use crate::diagnostic::{Diagnostic, Position};
use crate::markdown::Leads;

const USER_AGENT: &str = concat!("playbook/", env!("CARGO_PKG_VERSION"), " (link checker)");

/// A place a URL is used: the page's file and the link's position in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Use {
    /// The page's file, as diagnostics name it.
    pub(crate) path: PathBuf,
    /// Where the link starts.
    pub(crate) position: Position,
}

/// What a run found.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// A warning for each place a failing URL is used (and one when the cache could not
    /// be written).
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// How many distinct URLs were fetched, trusted from the cache, and failed.
    pub(crate) counts: Counts,
}

/// How many distinct URLs (fragments aside) a run handled, for the summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Fetched this time.
    pub checked: usize,
    /// Trusted from the cache without a fetch.
    pub cached: usize,
    /// Fetched and failed.
    pub failed: usize,
}

/// Every external URL the published pages link to, as written, with the places it is used.
pub(crate) fn gather(site: &Site, leads: &[Leads]) -> BTreeMap<String, Vec<Use>> {
    let mut urls: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    for (id, doc) in site.published() {
        for (url, position) in &leads[id].external {
            urls.entry(url.clone()).or_default().push(Use {
                path: doc.path.clone(),
                position: *position,
            });
        }
    }
    urls
}

/// Fetches each distinct URL (its `#fragment` dropped) that the cache does not vouch
/// for, and warns at every use of those that fail.
pub(crate) fn check(
    urls: &BTreeMap<String, Vec<Use>>,
    config: &CheckConfig,
    cache_file: &Path,
) -> Outcome {
    let mut uses: BTreeMap<String, Vec<&Use>> = BTreeMap::new();
    for (url, places) in urls {
        uses.entry(normalise(url)).or_default().extend(places);
    }
    let now = unix_now();
    let ttl = config.external_cache_hours.saturating_mul(3600);
    let old = Cache::read(cache_file);
    let fresh = |url: &str| old.ok.get(url).filter(|&&at| now.saturating_sub(at) < ttl);
    let (cached, stale): (Vec<&str>, Vec<&str>) = uses
        .keys()
        .map(String::as_str)
        .partition(|url| fresh(url).is_some());
    let timeout = Duration::from_secs(config.external_timeout.max(1));
    let verdicts = fetch_all(&stale, config.external_concurrency, timeout);

    let mut outcome = Outcome::default();
    outcome.counts.checked = stale.len();
    outcome.counts.cached = cached.len();
    // URLs no page links to any more are dropped from the cache.
    let mut next = Cache::default();
    for url in cached {
        next.ok.insert(url.to_string(), old.ok[url]);
    }
    for (url, verdict) in stale.iter().zip(verdicts) {
        let Err(failure) = verdict else {
            next.ok.insert(url.to_string(), now);
            continue;
        };
        outcome.counts.failed += 1;
        for place in &uses[*url] {
            outcome.diagnostics.push(
                Diagnostic::warning(&place.path, place.position, &failure.message)
                    .with_help(&failure.help),
            );
        }
    }
    if (!stale.is_empty() || next != old)
        && let Err(e) = next.write(cache_file)
    {
        outcome.diagnostics.push(
            Diagnostic::warning(
                cache_file,
                Position::FILE,
                format!("cannot write the cache of external links: {e}"),
            )
            .with_help(
                "the next `check --external` fetches every link again; make the folder writable",
            ),
        );
    }
    outcome
}

/// Why a URL failed, as the user reads it.
#[derive(Debug)]
struct Failure {
    message: String,
    help: String,
}

/// Fetches `urls` on at most `concurrency` threads; a verdict for each, in order.
fn fetch_all(urls: &[&str], concurrency: usize, timeout: Duration) -> Vec<Result<(), Failure>> {
    let agent: Agent = Agent::config_builder()
        .http_status_as_error(false)
        .save_redirect_history(true)
        .timeout_connect(Some(timeout))
        .timeout_global(Some(timeout))
        .user_agent(USER_AGENT)
        .build()
        .into();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let at = next.fetch_add(1, Ordering::Relaxed);
            let Some(url) = urls.get(at) else {
                return done;
            };
            done.push((at, fetch(&agent, url, timeout)));
        }
    };
    let mut verdicts: Vec<(usize, Result<(), Failure>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..concurrency.clamp(1, urls.len().max(1)))
            .map(|_| scope.spawn(work))
            .collect();
        let joined = workers
            .into_iter()
            .map(|w| w.join().expect("a link checker panicked"));
        joined.flatten().collect()
    });
    verdicts.sort_by_key(|(at, _)| *at);
    verdicts.into_iter().map(|(_, verdict)| verdict).collect()
}

/// HEAD first; GET when HEAD is refused or fails in a way a GET might not.
fn fetch(agent: &Agent, url: &str, timeout: Duration) -> Result<(), Failure> {
    let head = agent.head(url).call();
    let retry = match &head {
        Ok(response) if response.status().as_u16() < 400 => return Ok(()),
        // Asking again at once would only make it worse.
        Ok(response) => response.status().as_u16() != 429,
        Err(e) => !conclusive(e),
    };
    let answer = if retry { agent.get(url).call() } else { head };
    match answer {
        Ok(response) if response.status().as_u16() < 400 => Ok(()),
        Ok(response) => Err(status_failure(url, &response)),
        Err(e) => Err(transport_failure(url, &e, timeout)),
    }
}

/// Errors a GET would only repeat: a timeout (which would cost as long again), a host
/// that does not exist, a refused connection, a bad certificate, a malformed URL.
fn conclusive(e: &ureq::Error) -> bool {
    use ureq::Error;
    if host_not_found(e) || tls_failed(e) {
        return true;
    }
    match e {
        Error::Timeout(_) | Error::BadUri(_) | Error::TooManyRedirects => true,
        Error::Io(io) => io.kind() == std::io::ErrorKind::ConnectionRefused,
        _ => false,
    }
}

/// ureq says `HostNotFound` when a name resolves to no address, but passes on the
/// system resolver's failure (the usual case) as std's I/O error.
fn host_not_found(e: &ureq::Error) -> bool {
    match e {
        ureq::Error::HostNotFound => true,
        ureq::Error::Io(io) => io.to_string().contains("failed to lookup address"),
        _ => false,
    }
}

/// ureq's own TLS errors, and those of rustls during the handshake, which reach us as
/// I/O errors of invalid data.
fn tls_failed(e: &ureq::Error) -> bool {
    match e {
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => true,
        ureq::Error::Io(io) => {
            io.kind() == std::io::ErrorKind::InvalidData && io.get_ref().is_some()
        }
        _ => false,
    }
}

fn status_failure(url: &str, response: &Response<Body>) -> Failure {
    let status = response.status();
    let answered = match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    };
    if status.as_u16() == 429 {
        return Failure {
            message: format!("{url} is rate limited ({answered}); try again later"),
            help: "the server asked for fewer requests: run `playbook check --external` again \
                   later, or lower `[check] external_concurrency` in site.toml"
                .to_string(),
        };
    }
    let redirected = response
        .get_redirect_history()
        .is_some_and(|history| history.len() > 1);
    let (moved, help) = match (redirected, status.as_u16()) {
        (true, _) => (
            format!(" (after a redirect to {})", response.get_uri()),
            "the page moved and its new address is broken: update the link or remove it",
        ),
        (false, 401 | 403) => (
            String::new(),
            "the page refuses this request (a login, or a block on link checkers): if it \
             opens in a browser, keep the link; otherwise update or remove it",
        ),
        (false, 500..) => (
            String::new(),
            "the server failed: if it keeps failing, update the link or remove it",
        ),
        (false, _) => (
            String::new(),
            "update the link to where the page is now, or remove it",
        ),
    };
    Failure {
        message: format!("{url} answered {answered}{moved}"),
        help: help.to_string(),
    }
}

fn transport_failure(url: &str, e: &ureq::Error, timeout: Duration) -> Failure {
    use ureq::Error;
    let secs = timeout.as_secs();
    let (message, help) = match e {
        Error::Timeout(_) => (
            format!(
                "{url} did not answer within {secs} {}",
                if secs == 1 { "second" } else { "seconds" }
            ),
            format!(
                "if the site is only slow, raise `[check] external_timeout` in site.toml \
                 (now {secs}); if it is gone, update the link or remove it"
            ),
        ),
        _ if host_not_found(e) => (
            format!("{url}: the host name does not resolve"),
            "check the address for a typo; if the site is gone, remove the link or link to \
             an archived copy"
                .to_string(),
        ),
        Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => (
            format!("{url}: the server refused the connection"),
            "the site is down or the address (host or port) is wrong: update the link or \
             remove it"
                .to_string(),
        ),
        _ if tls_failed(e) => (
            format!(
                "{url}: the secure connection failed ({})",
                e.to_string().trim_start_matches("io: ")
            ),
            "the site's certificate or TLS setup is broken: tell its owners, or update the \
             link or remove it"
                .to_string(),
        ),
        Error::TooManyRedirects => (
            format!("{url} redirects too many times"),
            "link to the page's final address instead".to_string(),
        ),
        Error::BadUri(_) | Error::Http(_) => (
            format!("{url} is not a valid URL ({e})"),
            "fix the link's address".to_string(),
        ),
        _ => (
            format!("{url} could not be fetched ({e})"),
            "update the link or remove it, or try again later".to_string(),
        ),
    };
    Failure { message, help }
}

fn without_fragment(url: &str) -> &str {
    url.split_once('#').map_or(url, |(url, _)| url)
}

/// A URL as a browser would request it: without its `#fragment`, the scheme and host in
/// lower case (`HTTP://Example.org/` is `http://example.org/`), and spaces, quotes and
/// non-ASCII characters of the path and query percent-encoded (`Müller.html` is
/// `M%C3%BCller.html`), as browsers send them.
fn normalise(url: &str) -> String {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    const UNSAFE: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'<')
        .add(b'>')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b'|')
        .add(b'\\')
        .add(b'^');
    let url = without_fragment(url.trim());
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let (host, path) = rest.split_at(split);
    format!(
        "{}://{}{}",
        scheme.to_ascii_lowercase(),
        host.to_ascii_lowercase(),
        utf8_percent_encode(path, UNSAFE)
    )
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

const CACHE_VERSION: u32 = 1;

/// The cache file: each URL that answered, with when (seconds since 1970).
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Cache {
    version: u32,
    ok: BTreeMap<String, u64>,
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            version: CACHE_VERSION,
            ok: BTreeMap::new(),
        }
    }
}

impl Cache {
    /// The cache at `path`; empty when there is none or it cannot be read.
    fn read(path: &Path) -> Cache {
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Cache>(&bytes).ok())
            .filter(|cache| cache.version == CACHE_VERSION)
            .unwrap_or_default()
    }

    /// Writes the cache whole or not at all, in a folder git ignores.
    fn write(&self, path: &Path) -> std::io::Result<()> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        // As pytest does: the folder ignores itself, in whatever repository it lands.
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            std::fs::write(
                &ignore,
                "# playbook's cache: nothing here belongs in git.\n*\n",
            )?;
        }
        let temp = path.with_extension(format!("json.{}.tmp", std::process::id()));
        std::fs::write(&temp, serde_json::to_vec_pretty(self)?)?;
        std::fs::rename(&temp, path).inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_are_dropped_before_fetching() {
        assert_eq!(without_fragment("https://a.org/x#y"), "https://a.org/x");
        assert_eq!(without_fragment("https://a.org/x"), "https://a.org/x");
        assert_eq!(
            normalise("HTTP://Example.ORG/Müller a.html?q=ä#top"),
            "http://example.org/M%C3%BCller%20a.html?q=%C3%A4"
        );
        assert_eq!(normalise("https://a.org"), "https://a.org");
        assert_eq!(
            normalise("https://a.org/x%20y"),
            "https://a.org/x%20y",
            "encoded stays"
        );
    }

    #[test]
    fn a_corrupt_or_foreign_cache_reads_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.json");
        std::fs::write(&path, "{ not json").unwrap();
        assert_eq!(Cache::read(&path), Cache::default());
        std::fs::write(&path, r#"{"version": 99, "ok": {"https://a.org/": 1}}"#).unwrap();
        assert_eq!(Cache::read(&path), Cache::default());
        let mut cache = Cache::default();
        cache.ok.insert("https://a.org/".into(), 7);
        cache.write(&path).unwrap();
        assert_eq!(Cache::read(&path), cache);
    }
}
