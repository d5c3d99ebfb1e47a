//! A build that remembers, for `serve`: it keeps the last build's parsed site, link
//! index, rendered bodies and output, so that an edit to a page's prose re-renders only
//! what depends on it: that page, the pages whose backlinks or "Used in" lists change,
//! and the search index. Anything else (a new, deleted or renamed file, a changed title,
//! heading, tag or other front matter, a template or site.toml) rebuilds everything.
//! Either way the result equals a full build; `tests/incremental.rs` holds it to that.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant;

use crate::content::{self, DocId, Site};
use crate::graph::{self, Index, Links};
use crate::markdown::{self, Rendered};
use crate::output::{Body, SiteFiles};
use crate::render::OutputFile;
use crate::render::{self, Scope, Sink, Theme};
use crate::search::SearchIndex;
use crate::{BuildOptions, Diagnostic, Report, Stopwatch, sort};

/// Everything a full build produced, kept for the next edit.
struct State {
    site: Site,
    theme: Theme,
    links: Links,
    rendered: Vec<Rendered>,
    backlinks: Vec<Vec<DocId>>,
    used_in: Vec<Vec<DocId>>,
    search: SearchIndex,
    /// Diagnostics an edit to prose cannot change: config, loading, theme, index.
    fixed: Vec<Diagnostic>,
    files: SiteFiles,
}

/// A build session: [`Session::build`] once, then [`Session::update`] on every change.
pub struct Session {
    options: BuildOptions,
    state: Option<State>,
}

impl Session {
    /// A session for the site `options` describe.
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            state: None,
        }
    }

    /// A full build; remembered when it succeeds.
    pub fn build(&mut self) -> (Report, Option<SiteFiles>) {
        // Let go of the previous build first: two whole sites at once would double the peak.
        self.state = None;
        let (report, state) = full(&self.options, Scope::All, None);
        let files = state.as_ref().map(|s| s.files.clone());
        self.state = state;
        (report, files)
    }

    /// Rebuilds after a change: only the affected pages when every change is an edit to
    /// the prose of existing pages, everything otherwise.
    pub fn update(&mut self, changed: Changed) -> (Report, Option<SiteFiles>) {
        let Some(edits) = self.prose_edits(changed) else {
            return self.build();
        };
        let state = self.state.take().expect("prose_edits found a state");
        match incremental(state, &edits) {
            Ok((report, state)) => {
                let files = state.files.clone();
                self.state = Some(state);
                (report, Some(files))
            }
            // On any error, forget: the next change rebuilds in full from a clean slate.
            Err(report) => (*report, None),
        }
    }

    /// The documents an edit touches, when it is an edit to the prose of existing pages;
    /// `None` when a full build is needed.
    fn prose_edits(&self, changed: Changed) -> Option<Vec<(DocId, content::Doc)>> {
        let Changed::Content(paths) = changed else {
            return None;
        };
        let state = self.state.as_ref()?;
        let content = crate::config::in_site(&self.options.root, "content")
            .canonicalize()
            .ok()?;
        let by_path: std::collections::HashMap<&str, DocId> = state
            .site
            .docs
            .iter()
            .enumerate()
            .map(|(id, d)| (d.rel_path.as_str(), id))
            .collect();
        let mut edits: Vec<(DocId, content::Doc)> = Vec::new();
        for path in paths {
            let rel = content::rel_string(path.strip_prefix(&content).ok()?);
            let id = *by_path.get(rel.as_str())?;
            if edits.iter().any(|(e, _)| *e == id) {
                continue;
            }
            let doc = content::reload(&state.site, &self.options, id).ok()?;
            if !doc.same_shape(&state.site.docs[id]) {
                return None;
            }
            edits.push((id, doc));
        }
        (!edits.is_empty()).then_some(edits)
    }
}

/// What changed since the last build, as the watcher saw it.
#[derive(Debug, Clone, Copy)]
pub enum Changed<'a> {
    /// Only these files under `content/` (absolute paths).
    Content(&'a [PathBuf]),
    /// Anything else: templates, static files, site.toml.
    Other,
}

/// Every check of a full build, without the output: the pages are parsed, linked and
/// indexed as in a build, but only one page per template is rendered (which finds a
/// theme's errors) and there is no search index.
pub fn check(options: &BuildOptions) -> Report {
    full(options, Scope::OnePerTemplate, None).0
}

/// A full build that hands each page to `sink` as soon as it is rendered, for `build`;
/// returns the rest of the site's files (assets, theme files, search index).
pub fn build_to(
    options: &BuildOptions,
    sink: &(dyn Fn(OutputFile) + Sync),
) -> (Report, Option<SiteFiles>) {
    let (report, state) = full(options, Scope::All, Some(sink));
    (report, state.map(|s| s.files))
}

/// A full build that keeps what it made; for [`Scope::OnePerTemplate`], a check.
fn full(options: &BuildOptions, scope: Scope, sink: Sink) -> (Report, Option<State>) {
    let mut report = Report::default();
    let mut clock = Stopwatch::default();
    let (config, mut diagnostics) = crate::config::load(options);
    let (site, found) = content::load(options, config);
    diagnostics.extend(found);
    clock.lap("load");
    let theme = Theme::load(&site, &mut diagnostics);
    let (links, found) = Links::build(&site, theme.static_paths());
    diagnostics.extend(found);
    clock.lap("index");
    let index = Index::new(&site, &links);
    let rendered = crate::render_bodies(&index);
    clock.lap("markdown");
    let fixed = diagnostics.clone();
    let links_of: Vec<Vec<DocId>> = rendered.iter().map(|r| r.links.clone()).collect();
    let uses: Vec<Vec<usize>> = rendered.iter().map(|r| r.terms.clone()).collect();
    let backlinks = graph::backlinks(&site, &links_of);
    let used_in = graph::used_in(&index, &uses);
    clock.lap("graph");
    // The templates and the search index need only what is above: made side by side.
    let ((pages, diagnostics, took), search) = rayon::join(
        || {
            let started = Instant::now();
            let graph = (&backlinks[..], &used_in[..]);
            let (pages, diagnostics) = finish(
                &index,
                &theme,
                &rendered,
                graph,
                diagnostics,
                (scope, sink),
                None,
            );
            (pages, diagnostics, started.elapsed())
        },
        || {
            let started = Instant::now();
            (scope == Scope::All).then(|| {
                let mut search = SearchIndex::build(&site, &rendered);
                let files = search.files();
                (search, files, started.elapsed())
            })
        },
    );
    // `render` is the wall time of the two together; each one's own time follows it.
    clock.lap("render");
    clock.record("· templates", took);
    if let Some((_, _, took)) = &search {
        clock.record("· search", *took);
    }
    report.pages = site.published().count();
    report.links = rendered.iter().map(|r| r.links.len()).sum();
    report.terms = index.glossary().terms.len();
    report.diagnostics = diagnostics;
    if options.external {
        external(options, &site, &rendered, &mut report);
        clock.lap("external");
    }
    report.timings = clock.laps;
    report.elapsed = report.started.elapsed();
    // A check makes no search index and keeps nothing; a build with errors keeps nothing.
    let Some((search, search_files, _)) = search.filter(|_| report.errors() == 0) else {
        return (report, None);
    };
    // The prose was only needed for the search index, which now keeps what it needs.
    let mut rendered = rendered;
    for r in &mut rendered {
        r.text = String::new();
    }
    let files = SiteFiles::collect(
        pages.into_iter().chain(search_files).collect(),
        &site,
        &theme,
    );
    (
        report,
        Some(State {
            site,
            theme,
            links,
            rendered,
            backlinks,
            used_in,
            search,
            fixed,
            files,
        }),
    )
}

/// Re-renders the edited documents and what depends on them.
fn incremental(
    mut state: State,
    edits: &[(DocId, content::Doc)],
) -> Result<(Report, State), Box<Report>> {
    let mut report = Report::default();
    let mut clock = Stopwatch::default();
    let mut affected: BTreeSet<DocId> = BTreeSet::new();
    for (id, doc) in edits {
        state.site.docs[*id] = doc.clone();
        affected.insert(*id);
    }
    clock.lap("load");
    let index = Index::new(&state.site, &state.links);
    let glossary = index.glossary();
    for (id, _) in edits {
        let fresh = match state.site.docs[*id].published {
            true => markdown::render(&index, *id),
            false => Rendered::default(),
        };
        let old = &state.rendered[*id];
        // Pages gaining or losing this page as a backlink, terms gaining or losing a use.
        affected.extend(symmetric(&old.links, &fresh.links));
        affected.extend(
            symmetric(&old.terms, &fresh.terms)
                .into_iter()
                .map(|t| glossary.terms[t].doc),
        );
        graph::relink(
            &state.site,
            &mut state.backlinks,
            *id,
            &old.links,
            &fresh.links,
            Some(*id),
        );
        let own_term = glossary.term_of(*id);
        graph::relink(
            &state.site,
            &mut state.used_in,
            *id,
            &old.terms,
            &fresh.terms,
            own_term,
        );
        state.rendered[*id] = fresh;
    }
    clock.lap("markdown");
    let pages: Vec<DocId> = affected
        .into_iter()
        .filter(|&id| state.site.docs[id].published)
        .collect();
    clock.lap("graph");
    let graph = (&state.backlinks[..], &state.used_in[..]);
    let (written, diagnostics) = finish(
        &index,
        &state.theme,
        &state.rendered,
        graph,
        state.fixed.clone(),
        (Scope::All, None),
        Some(&pages),
    );
    clock.lap("templates");
    let edited: Vec<DocId> = edits.iter().map(|(id, _)| *id).collect();
    let (search_files, gone) = state.search.update(&state.site, &state.rendered, &edited);
    clock.lap("search");
    report.pages = state.site.published().count();
    report.links = state.rendered.iter().map(|r| r.links.len()).sum();
    report.terms = glossary.terms.len();
    report.rerendered = Some(pages.len());
    report.diagnostics = diagnostics;
    report.timings = clock.laps;
    report.elapsed = report.started.elapsed();
    if report.errors() > 0 {
        return Err(Box::new(report));
    }
    for path in gone {
        state.files.files.remove(&path);
    }
    for file in written.into_iter().chain(search_files) {
        state
            .files
            .files
            .insert(file.path, Body::Bytes(std::sync::Arc::new(file.contents)));
    }
    Ok((report, state))
}

/// The templates, for all pages or (with `only`) for some, and the diagnostics of the
/// whole build.
fn finish(
    index: &Index,
    theme: &Theme,
    rendered: &[Rendered],
    (backlinks, used_in): (&[Vec<DocId>], &[Vec<DocId>]),
    mut diagnostics: Vec<Diagnostic>,
    (scope, sink): (Scope, Sink),
    only: Option<&[DocId]>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    diagnostics.extend(rendered.iter().flat_map(|r| r.diagnostics.iter().cloned()));
    let today = content::Date::today();
    let found = crate::health::assess(index, rendered, backlinks, used_in, &today);
    diagnostics.extend(found.always);
    if scope == Scope::OnePerTemplate {
        diagnostics.extend(found.advice);
    }
    let graph = render::Graph {
        backlinks,
        used_in,
        health: &found.health,
    };
    let pages = match only {
        Some(docs) => render::render_pages(index, theme, rendered, &graph, docs, &mut diagnostics),
        None => render::render_site(
            index,
            theme,
            rendered,
            &graph,
            scope,
            sink,
            &mut diagnostics,
        ),
    };
    sort(&mut diagnostics);
    (pages, diagnostics)
}

/// `check --external`: fetches every URL of another site the pages link to, and adds
/// a warning at each use of those that fail.
fn external(options: &BuildOptions, site: &Site, rendered: &[Rendered], report: &mut Report) {
    use crate::health::external;
    let cache = crate::config::in_site(&options.root, ".playbook-cache/external-links.json");
    let urls = external::gather(site, rendered);
    let outcome = external::check(&urls, &site.config.check, &cache);
    report.diagnostics.extend(outcome.diagnostics);
    sort(&mut report.diagnostics);
    report.external = Some(outcome.counts);
}

/// What is in one list and not the other.
fn symmetric<T: Copy + Ord>(a: &[T], b: &[T]) -> Vec<T> {
    let a: BTreeSet<T> = a.iter().copied().collect();
    let b: BTreeSet<T> = b.iter().copied().collect();
    a.symmetric_difference(&b).copied().collect()
}
