//! A build that remembers, for `serve`: it keeps what the last build's stages made
//! (`pipeline::Built`), so that an edit to a page's prose re-runs only what depends on it: the
//! `pages` stage for that page and every page that embeds it, the link graph's lists
//! that gain or lose it, the health rules, the templates of the pages whose content or
//! lists changed, and the search index for that page. Anything else (a new, deleted or
//! renamed file, a changed title, heading, embed, tag or other front matter, a template
//! or site.toml) runs every stage again. Either way the result equals a full build;
//! `tests/incremental.rs` holds it to that.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use crate::content::{self, DocId};
use crate::graph::Index;
use crate::output::{Body, SiteFiles};
use crate::pipeline::{self, Built};
use crate::render::{self, Inputs, Scope};
use crate::report::{Run, Totals};
use crate::{BuildOptions, Report};

/// A build session: [`Session::build`] once, then [`Session::update`] on every change.
pub struct Session {
    options: BuildOptions,
    built: Option<Built>,
}

impl Session {
    /// A session for the site `options` describe.
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            built: None,
        }
    }

    /// A full build; remembered when it succeeds.
    pub fn build(&mut self) -> (Report, Option<SiteFiles>) {
        // Let go of the previous build first: two whole sites at once would double the peak.
        self.built = None;
        let (report, built) = crate::stages(&self.options, Scope::All, None);
        let files = built.as_ref().map(|b| b.files.clone());
        self.built = built;
        (report, files)
    }

    /// The files that the last good build's pages include with `{{#include …}}`, each once:
    /// `serve` watches them, wherever in the site folder they are.
    pub(crate) fn included_files(&self) -> Vec<PathBuf> {
        let Some(built) = &self.built else {
            return Vec::new();
        };
        let files: BTreeSet<&PathBuf> = built.pages.refs.iter().flat_map(|r| &r.includes).collect();
        files.into_iter().cloned().collect()
    }

    /// Rebuilds after a change: only the affected pages when every change is an edit to
    /// the prose of existing pages, everything otherwise.
    pub fn update(&mut self, changed: Changed) -> (Report, Option<SiteFiles>) {
        let Some(edits) = self.prose_edits(changed) else {
            return self.build();
        };
        let built = self.built.take().expect("prose_edits found a build");
        match incremental(built, edits) {
            Ok((report, built)) => {
                let files = built.files.clone();
                self.built = Some(built);
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
        let built = self.built.as_ref()?;
        let content = crate::config::in_site(&self.options.root, "content")
            .canonicalize()
            .ok()?;
        let by_path: HashMap<&str, DocId> = built
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
            let doc = content::reload(&built.site, &self.options, id).ok()?;
            if !doc.same_shape(&built.site.docs[id]) {
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

/// Re-runs the stages an edit to the prose of `edits` touches, on what the last build
/// made. With errors, the report alone: the session then forgets the build.
fn incremental(
    mut built: Built,
    edits: Vec<(DocId, content::Doc)>,
) -> Result<(Report, Built), Box<Report>> {
    let mut run = Run::start();
    run.keep(&built.fixed);
    let edited: Vec<DocId> = edits.iter().map(|(id, _)| *id).collect();
    for (id, doc) in edits {
        built.site.docs[id] = doc;
    }
    run.lap("load");
    let index = Index::new(&built.site, &built.names);
    let rerendered = built.pages.rerender(&index, &edited);
    run.keep(&built.pages.diagnostics().cloned().collect::<Vec<_>>());
    run.lap("pages");
    // Each re-rendered page shows new content; the pages it now links to or no longer
    // does, and the terms it now uses or no longer does, show new lists.
    let mut due: BTreeSet<DocId> = BTreeSet::new();
    for (id, before) in &rerendered {
        due.insert(*id);
        due.extend(
            built
                .graph
                .update(&index, *id, before, &built.pages.refs[*id]),
        );
    }
    run.lap("graph");
    let health = run.stage(
        "health",
        pipeline::health(&index, &built.pages, &built.graph, Scope::All),
    );
    let due: Vec<DocId> = due
        .into_iter()
        .filter(|&id| built.site.docs[id].published)
        .collect();
    let inputs = Inputs {
        index: &index,
        theme: &built.theme,
        pages: &built.pages,
        graph: &built.graph,
        health: &health,
    };
    let mut found = Vec::new();
    let page_files = render::render_pages(&inputs, &due, &mut found);
    run.stage("templates", ((), found));
    let texts_changed: Vec<DocId> = rerendered.iter().map(|(id, _)| *id).collect();
    let (search_files, gone) = built
        .search
        .update(&built.site, &built.pages.texts, &texts_changed);
    run.lap("search");
    let report = run.finish(Totals {
        rerendered: Some(due.len()),
        ..crate::totals(&index, &built.pages)
    });
    if report.errors() > 0 {
        return Err(Box::new(report));
    }
    built.pages.drop_texts();
    for path in gone {
        built.files.files.remove(&path);
    }
    for file in page_files.into_iter().chain(search_files) {
        let bytes = Body::Bytes(std::sync::Arc::new(file.contents));
        built.files.files.insert(file.path, bytes);
    }
    // An edit may link a file of a hidden folder or one only drafts used, or stop.
    built.files.choose_assets(&built.site, &built.pages);
    Ok((report, built))
}
