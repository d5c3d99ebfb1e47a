//! Configuration: `site.toml` read once, validated, and resolved into [`SiteConfig`].
//!
//! Every key is optional. Unknown keys and bad values become diagnostics that name the
//! file, line and column and the closest known key, because a mistyped setting that is
//! silently ignored loses the author's intent.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, LineIndex, Position, did_you_mean, nearest};

/// Which occurrences of a glossary term a page links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum TermLinks {
    /// Only the first occurrence on each page (the default).
    #[default]
    First,
    /// Every occurrence.
    All,
    /// None: terms are not linked automatically.
    None,
}

/// `[glossary]` of site.toml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GlossaryConfig {
    /// Which occurrences of a term a page links.
    #[serde(default)]
    pub(crate) link: TermLinks,
    /// The section whose pages define terms (besides any `_index.md` with `glossary = true`).
    pub(crate) section: Option<String>,
}

/// `[markdown]` of site.toml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MarkdownConfig {
    /// Curly quotes, dashes and ellipses.
    #[serde(default = "yes")]
    pub(crate) smart_punctuation: bool,
    /// Colours for fenced code with a language. Off, a site whose many code blocks
    /// would cost it time builds as fast as one without any.
    #[serde(default = "yes")]
    pub(crate) highlight_code: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            smart_punctuation: true,
            highlight_code: true,
        }
    }
}

fn yes() -> bool {
    true
}

/// `[check]` of site.toml: the knowledge-health rules of `check` and `build`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CheckConfig {
    /// Suggest capitalised phrases used on three or more pages as glossary terms.
    #[serde(default = "yes")]
    pub(crate) suggest_terms: bool,
    /// Phrases never suggested as terms (names of people, firms, products).
    #[serde(default)]
    pub(crate) not_terms: Vec<String>,
    /// Warn about pages with neither an `owner` nor a `review_by` date.
    #[serde(default)]
    pub(crate) require_owner: bool,
    /// `check --external`: how many URLs are fetched at once.
    #[serde(default = "external_concurrency")]
    pub(crate) external_concurrency: usize,
    /// `check --external`: seconds before a URL that has not answered counts as failed.
    #[serde(default = "external_timeout")]
    pub(crate) external_timeout: u64,
    /// `check --external`: hours a URL that answered stays trusted without a new fetch.
    #[serde(default = "external_cache_hours")]
    pub(crate) external_cache_hours: u64,
}

fn external_concurrency() -> usize {
    8
}

fn external_timeout() -> u64 {
    10
}

fn external_cache_hours() -> u64 {
    24
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            suggest_terms: true,
            not_terms: Vec::new(),
            require_owner: false,
            external_concurrency: external_concurrency(),
            external_timeout: external_timeout(),
            external_cache_hours: external_cache_hours(),
        }
    }
}

/// `[health]` of site.toml: the generated health page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HealthConfig {
    /// Generate `health/` (orphans, stale pages by owner, glossary statistics).
    #[serde(default = "yes")]
    pub(crate) page: bool,
}

impl Default for HealthConfig {
    fn default() -> Self {
        HealthConfig { page: true }
    }
}

/// `[print]` of site.toml: the whole site as one page to print, `print/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PrintConfig {
    /// Generate `print/`, linked from every page's footer.
    #[serde(default = "yes")]
    pub(crate) page: bool,
    /// Most published pages the print page is made for: beyond, it would cost a large
    /// site more than the rest of its build (10,000 pages: a 68 MB page, the build twice
    /// as long), for a book nobody prints.
    #[serde(default = "print_max_pages")]
    pub(crate) max_pages: usize,
}

fn print_max_pages() -> usize {
    1000
}

impl Default for PrintConfig {
    fn default() -> Self {
        PrintConfig {
            page: true,
            max_pages: print_max_pages(),
        }
    }
}

/// The site's settings, as written in site.toml (all optional).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SiteConfig {
    /// The site's name; defaults to the home page's title, else the folder name.
    pub(crate) title: Option<String>,
    /// The home page's meta description.
    pub(crate) description: Option<String>,
    /// Absolute URL of the published site: only for sitemap.xml and canonical links.
    pub(crate) base_url: Option<String>,
    /// `<html lang>`.
    #[serde(default = "english")]
    pub(crate) language: String,
    /// A folder under `themes/`; the built-in theme when absent.
    pub(crate) theme: Option<String>,
    /// Glossary settings.
    #[serde(default)]
    pub(crate) glossary: GlossaryConfig,
    /// Markdown settings.
    #[serde(default)]
    pub(crate) markdown: MarkdownConfig,
    /// Knowledge-health rules.
    #[serde(default)]
    pub(crate) check: CheckConfig,
    /// The health page.
    #[serde(default)]
    pub(crate) health: HealthConfig,
    /// The page to print.
    #[serde(default)]
    pub(crate) print: PrintConfig,
    /// A free table handed to templates unchanged.
    #[serde(default)]
    pub(crate) extra: serde_json::Map<String, serde_json::Value>,
}

fn english() -> String {
    "en".to_string()
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: None,
            description: None,
            base_url: None,
            language: english(),
            theme: None,
            glossary: GlossaryConfig::default(),
            markdown: MarkdownConfig::default(),
            check: CheckConfig::default(),
            health: HealthConfig::default(),
            print: PrintConfig::default(),
            extra: serde_json::Map::new(),
        }
    }
}

/// What the command line asked for: where the site is, where it goes, and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holds `content/` and optionally `site.toml`, `themes/`).
    pub root: PathBuf,
    /// Where the site is written; `ROOT/output` by default.
    pub output: PathBuf,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Overrides `base_url` of site.toml.
    pub base_url: Option<String>,
    /// `check --external`: fetch every external URL the pages link to.
    pub external: bool,
    /// Built for `serve`'s preview: `base_url` is checked but not used, so no page links
    /// to the published site (the 404 page finds its root itself).
    pub preview: bool,
}

impl BuildOptions {
    /// Options for the site in `root`, writing to `ROOT/output`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            output: root.join("output"),
            root,
            drafts: false,
            base_url: None,
            external: false,
            preview: false,
        }
    }
}

/// `ROOT/rel`, written as an author would type it: `content/a.md`, not `./content/a.md`.
pub(crate) fn in_site(root: &Path, rel: impl AsRef<Path>) -> PathBuf {
    let path = root.join(rel);
    match path.strip_prefix(".") {
        Ok(inner) if !inner.as_os_str().is_empty() => inner.to_path_buf(),
        _ => path,
    }
}

/// Reads `ROOT/site.toml` (a missing file means all defaults) and applies the command
/// line's overrides. Problems are returned as diagnostics next to the best config we have.
pub(crate) fn load(options: &BuildOptions) -> (SiteConfig, Vec<Diagnostic>) {
    let path = in_site(&options.root, "site.toml");
    let mut diagnostics = Vec::new();
    let mut config = match std::fs::read_to_string(&path) {
        Ok(text) => match parse(&text) {
            Ok(config) => config,
            Err((pos, message, help)) => {
                diagnostics.push(
                    Diagnostic::error(shown("site.toml", options), pos, message)
                        .with_optional_help(help),
                );
                SiteConfig::default()
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => SiteConfig::default(),
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                shown("site.toml", options),
                Position::FILE,
                format!("cannot read site.toml: {e}"),
            ));
            SiteConfig::default()
        }
    };
    let (from_cli, written) = match &options.base_url {
        Some(url) => (true, Some(url.clone())),
        None => (false, config.base_url.take()),
    };
    if let Some(url) = written {
        match normalise_base_url(&url) {
            Ok(url) => config.base_url = Some(url),
            Err(message) => {
                let (path, pos) = if from_cli {
                    (PathBuf::from("--base-url"), Position::FILE)
                } else {
                    (
                        shown("site.toml", options),
                        key_position(&options.root, "base_url"),
                    )
                };
                diagnostics.push(
                    Diagnostic::error(path, pos, message)
                        .with_help("write it in full, e.g. https://example.org/playbook/"),
                );
            }
        }
    }
    if options.preview {
        config.base_url = None;
    }
    (config, diagnostics)
}

fn shown(name: &str, options: &BuildOptions) -> PathBuf {
    in_site(&options.root, name)
}

type ParseError = (Position, String, Option<String>);

/// Parses site.toml text; on failure, the position, message and help of the first error.
pub(crate) fn parse(text: &str) -> Result<SiteConfig, ParseError> {
    toml::from_str(text).map_err(|e| {
        let lines = LineIndex::new(text);
        let pos = e
            .span()
            .map_or(Position::FILE, |s| lines.position(text, s.start));
        let (message, help) = explain_serde_error(e.message());
        if help.is_some() || message.starts_with("unknown") {
            return (pos, message, help);
        }
        // A wrong type: name the key written on that line.
        let key = text
            .lines()
            .nth(pos.line.saturating_sub(1))
            .and_then(|l| l.split('=').next())
            .map(str::trim)
            .filter(|k| !k.is_empty() && !k.starts_with('['));
        match key {
            Some(key) => (
                pos,
                format!("`{key}` has the wrong type: {message}"),
                Some(key_help(key).to_string()),
            ),
            None => (pos, message, None),
        }
    })
}

/// Rewrites serde's "unknown field/variant `x`, expected one of `a`, `b`" into a short
/// message and a help line naming the closest known key.
pub(crate) fn explain_serde_error(message: &str) -> (String, Option<String>) {
    for kind in ["field", "variant"] {
        let prefix = format!("unknown {kind} `");
        let Some(rest) = message.strip_prefix(&prefix) else {
            continue;
        };
        let Some((name, expected)) = rest.split_once('`') else {
            continue;
        };
        // serde writes "expected one of `a`, `b`"; some deserialisers leave out the quotes.
        let known: Vec<&str> = if expected.contains('`') {
            expected.split('`').skip(1).step_by(2).collect()
        } else {
            expected
                .trim_start_matches(", expected one of ")
                .trim_start_matches(", expected ")
                .split(", ")
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .collect()
        };
        let what = if kind == "field" { "key" } else { "value" };
        let help = did_you_mean(&nearest(name, known.iter().copied(), 1), ("`", "`"))
            .or_else(|| (!known.is_empty()).then(|| format!("known: {}", known.join(", "))));
        return (format!("unknown {what} `{name}`"), help);
    }
    (message.to_string(), None)
}

fn key_help(key: &str) -> &'static str {
    match key {
        "smart_punctuation" | "highlight_code" | "suggest_terms" | "require_owner" | "page" => {
            "`true` or `false`"
        }
        "external_concurrency" | "external_timeout" | "external_cache_hours" | "max_pages" => {
            "a whole number, e.g. external_timeout = 10"
        }
        "not_terms" => "a list of strings, e.g. not_terms = [\"Acme Corp\"]",
        "link" => "one of \"first\", \"all\", \"none\"",
        "extra" | "glossary" | "markdown" | "check" | "health" | "print" => {
            "a table, e.g. [extra] on its own line, then keys below it"
        }
        _ => "a quoted string, e.g. title = \"Partnering Playbook\"",
    }
}

/// Where a key is written in `ROOT/site.toml` (line 1 when it is not, or there is none).
pub(crate) fn key_position(root: &Path, key: &str) -> Position {
    std::fs::read_to_string(in_site(root, "site.toml"))
        .map(|text| crate::content::frontmatter::key_position(&text, key, 1))
        .unwrap_or(Position::FILE)
}

fn normalise_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!("base_url `{url}` is not an absolute http(s) URL"));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_the_closest_known_one() {
        let err = parse("title = \"x\"\ndescriptoin = \"y\"\n").unwrap_err();
        assert_eq!(err.0, Position::new(2, 1));
        assert_eq!(err.1, "unknown key `descriptoin`");
        assert_eq!(err.2.as_deref(), Some("did you mean `description`?"));
    }

    #[test]
    fn bad_glossary_mode_suggests_a_valid_one() {
        let err = parse("[glossary]\nlink = \"frist\"\n").unwrap_err();
        assert_eq!(err.0.line, 2);
        assert_eq!(err.2.as_deref(), Some("did you mean `first`?"));
    }

    #[test]
    fn every_key_is_optional() {
        let c = parse("").unwrap();
        assert_eq!(c.language, "en");
        assert_eq!(c.glossary.link, TermLinks::First);
        assert!(c.markdown.smart_punctuation);
        assert!(c.print.page);
    }

    #[test]
    fn an_unknown_print_key_names_the_known_one() {
        let err = parse("[print]\npages = false\n").unwrap_err();
        assert_eq!(err.0, Position::new(2, 1));
        assert_eq!(err.1, "unknown key `pages`");
        assert_eq!(err.2.as_deref(), Some("did you mean `page`?"));
        let err = parse("[print]\npage = \"no\"\n").unwrap_err();
        assert!(err.1.starts_with("`page` has the wrong type"), "{}", err.1);
    }
}
