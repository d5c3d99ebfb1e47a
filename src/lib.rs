//! Playbook: a static knowledge-site generator.
//!
//! A build is a short list of named stages, read top to bottom in `stages` below; each
//! is a function of `pipeline` over typed values, backed by a module of its own
//! (`content`, `graph`, `pages`, `markdown`, `health`, `render`, `search`, `output`).
//! `build` writes what the stages made, `check` stops short of it, and `serve` keeps it
//! (see `session`) to re-run only the stages an edit touches.
//!
//! Problems are collected as [`Diagnostic`]s across all stages; nothing is written when
//! there is an error.
#![warn(missing_docs)]

// The interface: the command line, the stages the fuzz harness runs, a preview session,
// and what they take and give. Everything else is the crate's own.
pub mod cli;
pub mod content;
pub mod diagnostic;
pub mod graph;
pub mod output;
pub mod pipeline;
pub mod session;

mod config;
mod health;
mod markdown;
mod pages;
mod render;
mod report;
mod search;
mod serve;

use graph::Index;
use pipeline::Built;
use render::{Inputs, Scope, Sink};
use report::{Run, Totals};

pub use config::BuildOptions;
pub use diagnostic::{Diagnostic, Severity};
pub use report::Report;

/// Builds the site and, when it has no errors, writes it to `options.output`.
pub fn build(options: &BuildOptions) -> anyhow::Result<Report> {
    output::check_target(&options.root, &options.output)?;
    // Pages go to the staging folder as they are rendered; when the build has errors,
    // the staging folder is dropped and the output stays as it was.
    let mut staging = output::Staging::create(&options.output)?;
    let cleared = staging.take_cleared();
    let (mut report, built) = stages(options, Scope::All, Some(&|file| staging.put(file)));
    report.notes = cleared;
    if let Some(built) = built {
        let written = report.time("write", || staging.swap_in(&built.files))?;
        report.files_written = written.files;
        report.notes.extend(written.notes);
    }
    Ok(report)
}

/// Runs every check of a build and writes nothing: the pages are parsed, linked and
/// indexed as in a build, but only one page per template is rendered (which finds a
/// theme's errors), there is no search index, and the health advice is reported.
pub fn check(options: &BuildOptions) -> anyhow::Result<Report> {
    Ok(stages(options, Scope::OnePerTemplate, None).0)
}

/// Builds the site in memory: the report, and the site's files unless there were errors.
pub fn build_in_memory(options: &BuildOptions) -> (Report, Option<output::SiteFiles>) {
    let (report, built) = stages(options, Scope::All, None);
    (report, built.map(|b| b.files))
}

/// The stages of every build, in order. Returns what they made, except when there were
/// errors, and never for a check.
pub(crate) fn stages(options: &BuildOptions, scope: Scope, sink: Sink) -> (Report, Option<Built>) {
    let mut run = Run::start();
    let (site, theme) = run.stage("load", pipeline::load(options));
    let names = run.stage("index", pipeline::index(&site, &theme));
    let fixed = run.diagnostics().to_vec();
    let index = Index::new(&site, &names);
    let mut pages = run.stage("pages", pipeline::pages(&index, scope));
    let graph = run.stage("graph", pipeline::graph(&index, &pages));
    let health = run.stage("health", pipeline::health(&index, &pages, &graph, scope));
    let inputs = Inputs {
        index: &index,
        theme: &theme,
        pages: &pages,
        graph: &graph,
        health: &health,
    };
    let (page_files, search) = run.side_by_side(
        "render",
        ("· templates", || pipeline::templates(&inputs, scope, sink)),
        ("· search", || pipeline::search(&site, &pages, scope)),
    );
    let external = options
        .external
        .then(|| run.stage("external", pipeline::external(options, &site, &pages)));
    // What came from other tools' conventions: `check`'s closing summary, only there.
    let imported = match scope {
        Scope::OnePerTemplate => health::summary(&site),
        Scope::All => Vec::new(),
    };
    let report = run.finish(Totals {
        external,
        imported,
        ..totals(&index, &pages)
    });
    let Some((search, search_files)) = search.filter(|_| report.errors() == 0) else {
        return (report, None);
    };
    // The search index keeps what it needs of the pages' text.
    pages.drop_texts();
    let files = page_files.into_iter().chain(search_files).collect();
    let files = output::SiteFiles::collect(files, &site, &theme, &pages);
    let built = Built {
        site,
        theme,
        names,
        pages,
        graph,
        search,
        fixed,
        files,
    };
    (report, Some(built))
}

/// The counts a report gives: published pages, links between them, glossary terms.
pub(crate) fn totals(index: &Index, pages: &pages::Pages) -> Totals {
    Totals {
        pages: index.site().published().count(),
        links: pages.refs.iter().map(|r| r.links.len()).sum(),
        terms: index.glossary().terms.len(),
        ..Totals::default()
    }
}
