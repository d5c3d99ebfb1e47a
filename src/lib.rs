//! Playbook: a static knowledge-site generator.
//!
//! A build is a short pipeline of named stages, each a module of its own:
//!
//! ```text
//! config   site.toml                      -> SiteConfig
//! content  content/ walked and parsed     -> Site (docs, sections, assets)
//! graph    every name, path and URL       -> Index
//! markdown each page, links resolved      -> Rendered (html, toc, links)
//! render   tera templates, typed views    -> Vec<OutputFile>
//! search   a sharded client-side index    -> more OutputFiles
//! output   staged, then swapped in        -> the output folder
//! ```
//!
//! `serve` runs the same build into memory on every change and serves it over HTTP.
//!
//! Problems are collected as [`Diagnostic`]s across all stages; nothing is written when
//! there is an error.
#![warn(missing_docs)]

pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod graph;
pub mod health;
pub mod markdown;
pub mod output;
pub mod render;
pub mod search;
pub mod serve;
pub mod session;

use std::time::{Duration, Instant};

use rayon::prelude::*;

pub use config::BuildOptions;
pub use diagnostic::{Diagnostic, Severity};

/// What a build did and found.
#[derive(Debug)]
pub struct Report {
    /// Every problem found, errors first, then by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Published pages (section intros included).
    pub pages: usize,
    /// Links between pages.
    pub links: usize,
    /// Glossary terms.
    pub terms: usize,
    /// Files written to the output (0 for a check, or when there were errors).
    pub files_written: usize,
    /// Wall-clock time of the build.
    pub elapsed: Duration,
    /// When the build started.
    pub started: Instant,
    /// How long each stage took, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// For an incremental rebuild, how many pages were rendered again.
    pub rerendered: Option<usize>,
    /// For `check --external`, how many distinct URLs were fetched, cached and failed.
    pub external: Option<health::external::Counts>,
}

impl Default for Report {
    fn default() -> Self {
        Report {
            diagnostics: Vec::new(),
            pages: 0,
            links: 0,
            terms: 0,
            files_written: 0,
            elapsed: Duration::ZERO,
            started: Instant::now(),
            timings: Vec::new(),
            rerendered: None,
            external: None,
        }
    }
}

impl Report {
    /// The number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// The number of warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    /// The number of suggestions.
    pub fn suggestions(&self) -> usize {
        self.count(Severity::Suggestion)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Builds the site and, when it has no errors, writes it to `options.output`.
pub fn build(options: &BuildOptions) -> anyhow::Result<Report> {
    output::check_target(&options.root, &options.output)?;
    // Pages go to the staging folder as they are rendered; when the build has errors,
    // the staging folder is dropped and the output stays as it was.
    let staging = output::Staging::create(&options.output)?;
    let (mut report, files) = session::build_to(options, &|file| staging.put(file));
    if let Some(files) = files {
        let started = Instant::now();
        report.files_written = staging.finish(&files)?;
        report.timings.push(("write", started.elapsed()));
    }
    report.elapsed = report.started.elapsed();
    Ok(report)
}

/// Runs every check of a build and writes nothing.
pub fn check(options: &BuildOptions) -> anyhow::Result<Report> {
    Ok(session::check(options))
}

/// Builds the site in memory: the report, and the site's files unless there were errors.
pub fn build_in_memory(options: &BuildOptions) -> (Report, Option<output::SiteFiles>) {
    session::Session::new(options.clone()).build()
}

/// Every published document's markdown, rendered in parallel against the index.
pub(crate) fn render_bodies(index: &graph::Index) -> Vec<markdown::Rendered> {
    let docs = &index.site().docs;
    (0..docs.len())
        .into_par_iter()
        .map(|id| match docs[id].published {
            true => markdown::render(index, id),
            false => markdown::Rendered::default(),
        })
        .collect()
}

/// Times the stages of a build for `--timings`.
pub(crate) struct Stopwatch {
    last: Instant,
    pub(crate) laps: Vec<(&'static str, Duration)>,
}

impl Default for Stopwatch {
    fn default() -> Self {
        Stopwatch {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }
}

impl Stopwatch {
    pub(crate) fn lap(&mut self, stage: &'static str) {
        self.laps.push((stage, self.last.elapsed()));
        self.last = Instant::now();
    }

    /// The time of a stage that ran beside another, inside the last lap.
    pub(crate) fn record(&mut self, stage: &'static str, took: Duration) {
        self.laps.push((stage, took));
    }
}

pub(crate) fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (a.severity, &a.path, a.line, a.column).cmp(&(b.severity, &b.path, b.line, b.column))
    });
    diagnostics.dedup();
}
