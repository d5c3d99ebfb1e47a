//! The stages of a build, one function each, from typed values to typed values; each
//! returns what it made and the problems it found. `lib.rs` calls them in order
//! (`stages`), `serve`'s session calls the ones an edit touches again, and the fuzz
//! harness calls the first ones on fuzzed sites.
//!
//! ```text
//! load       site.toml, content/, the theme     -> Site, Theme
//! index      every name, path, URL, tag, term   -> NameIndex
//! pages      each page's markdown, in order     -> Pages (bodies, refs, texts, leads)
//! graph      refs inverted                      -> Graph (backlinks, "Used in")
//! health     the health rules                   -> Health
//! templates  tera, fed typed views              -> the pages' files
//! search     a sharded client-side index        -> SearchIndex and its files
//! external   check --external only: fetch URLs  -> Counts
//! (write)    `build` only: staged, swapped in   -> the output folder
//! ```

use crate::config::BuildOptions;
use crate::content::{self, Site};
use crate::diagnostic::Diagnostic;
use crate::graph::{Graph, Index, NameIndex};
use crate::health::{self, Health, external::Counts};
use crate::markdown::Highlighter;
use crate::output::SiteFiles;
use crate::pages::Pages;
pub use crate::render::Scope;
use crate::render::{self, Inputs, OutputFile, Sink, Theme};
use crate::search::SearchIndex;

/// What a stage made, and the problems it found.
pub type Staged<T> = (T, Vec<Diagnostic>);

/// Reads site.toml, walks and parses `content/`, and loads the theme.
pub fn load(options: &BuildOptions) -> Staged<(Site, Theme)> {
    let (config, mut diagnostics) = crate::config::load(options);
    let (site, found) = content::load(options, config);
    diagnostics.extend(found);
    let theme = Theme::load(&site, &mut diagnostics);
    ((site, theme), diagnostics)
}

/// Indexes every name a link can use, every output path (with the theme's files), the
/// tags and the glossary; reports what collides.
pub fn index(site: &Site, theme: &Theme) -> Staged<NameIndex> {
    NameIndex::build(site, theme.static_paths())
}

/// Renders every published page's markdown, each after the pages it embeds. A check
/// ([`Scope::OnePerTemplate`]) writes no page, so its code is not highlighted.
pub fn pages(index: &Index, scope: Scope) -> Staged<Pages> {
    let highlighter = match scope {
        Scope::All => Highlighter::default(),
        Scope::OnePerTemplate => Highlighter::skipping(),
    };
    let pages = Pages::render(index, highlighter);
    let found = pages.diagnostics().cloned().collect();
    (pages, found)
}

/// Inverts what the pages link to and which terms they use.
pub(crate) fn graph(index: &Index, pages: &Pages) -> Staged<Graph> {
    (Graph::invert(index, &pages.refs), Vec::new())
}

/// Applies the health rules as of today. A build reports what the rules always report;
/// `check` ([`Scope::OnePerTemplate`]) adds the advice (orphans, dead ends, ...).
pub(crate) fn health(index: &Index, pages: &Pages, graph: &Graph, scope: Scope) -> Staged<Health> {
    let findings = health::assess(index, pages, graph, &content::Date::today());
    let mut found = findings.always;
    if scope == Scope::OnePerTemplate {
        found.extend(findings.advice);
    }
    (findings.health, found)
}

/// Renders the site's pages through the theme: every page, or for `check` one page of
/// each template. With a `sink`, each page goes there as soon as it is made.
pub(crate) fn templates(inputs: &Inputs, scope: Scope, sink: Sink) -> Staged<Vec<OutputFile>> {
    let mut found = Vec::new();
    let files = render::render_site(inputs, scope, sink, &mut found);
    (files, found)
}

/// The search index and its files; `check` makes none.
pub(crate) fn search(
    site: &Site,
    pages: &Pages,
    scope: Scope,
) -> Staged<Option<(SearchIndex, Vec<OutputFile>)>> {
    let made = (scope == Scope::All).then(|| {
        let mut search = SearchIndex::build(site, &pages.texts);
        let files = search.files();
        (search, files)
    });
    (made, Vec::new())
}

/// `check --external`: fetches every URL of another site the pages link to (through the
/// cache in `.playbook-cache/`), and warns at each use of those that fail.
pub(crate) fn external(options: &BuildOptions, site: &Site, pages: &Pages) -> Staged<Counts> {
    let cache = crate::config::in_site(&options.root, ".playbook-cache/external-links.json");
    let urls = health::external::gather(site, &pages.leads);
    let outcome = health::external::check(&urls, &site.config.check, &cache);
    (outcome.counts, outcome.diagnostics)
}

/// Everything a build made, kept by `serve` for the next edit.
pub(crate) struct Built {
    /// The site as loaded.
    pub(crate) site: Site,
    /// Its theme.
    pub(crate) theme: Theme,
    /// Every name, path and URL.
    pub(crate) names: NameIndex,
    /// Every page's rendered markdown (texts dropped once search had them).
    pub(crate) pages: Pages,
    /// Backlinks and "Used in" lists.
    pub(crate) graph: Graph,
    /// The search index, to update for edited pages.
    pub(crate) search: SearchIndex,
    /// The diagnostics of `load` and `index`, which an edit to prose cannot change.
    pub(crate) fixed: Vec<Diagnostic>,
    /// Every file of the built site.
    pub(crate) files: SiteFiles,
}
