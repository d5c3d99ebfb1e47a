//! What a build did and found ([`Report`]), and the [`Run`] that fills it in as the
//! stages go: each stage's time and diagnostics, collected in order. The exit code is
//! decided once, from the finished report (see `cli`).

use std::time::{Duration, Instant};

use crate::diagnostic::{Diagnostic, Severity};
use crate::health::external::Counts;

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
    pub external: Option<Counts>,
    /// What was taken from the conventions of other tools, one line a kind ("173 pages
    /// take their title from the file name"), for `check`'s summary.
    pub imported: Vec<String>,
    /// What the write stage cleared up after interrupted builds, or left for the next
    /// build to remove, one a line.
    pub notes: Vec<String>,
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
            imported: Vec::new(),
            notes: Vec::new(),
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

    /// The number of notes.
    pub fn notes(&self) -> usize {
        self.count(Severity::Note)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Times a last step (writing the output) after the run finished.
    pub(crate) fn time<T>(&mut self, stage: &'static str, step: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let value = step();
        self.timings.push((stage, started.elapsed()));
        self.elapsed = self.started.elapsed();
        value
    }
}

/// A build under way: the report being filled in, and when the current stage began.
pub(crate) struct Run {
    report: Report,
    stage_started: Instant,
}

impl Run {
    pub(crate) fn start() -> Run {
        Run {
            report: Report::default(),
            stage_started: Instant::now(),
        }
    }

    /// Ends stage `name`, which made `value` and found `diagnostics`: records its time,
    /// keeps its diagnostics, and hands on its value.
    pub(crate) fn stage<T>(
        &mut self,
        name: &'static str,
        (value, found): (T, Vec<Diagnostic>),
    ) -> T {
        self.report.diagnostics.extend(found);
        self.lap(name);
        value
    }

    /// Ends stage `name`, which found nothing to report.
    pub(crate) fn lap(&mut self, name: &'static str) {
        self.report
            .timings
            .push((name, self.stage_started.elapsed()));
        self.stage_started = Instant::now();
    }

    /// Runs two independent stages side by side, as stage `name`; each one's own time is
    /// recorded after it, marked `·`.
    pub(crate) fn side_by_side<A: Send, B: Send>(
        &mut self,
        name: &'static str,
        (a_name, a): (&'static str, impl FnOnce() -> (A, Vec<Diagnostic>) + Send),
        (b_name, b): (&'static str, impl FnOnce() -> (B, Vec<Diagnostic>) + Send),
    ) -> (A, B) {
        let ((a, a_took), (b, b_took)) = rayon::join(|| timed(a), || timed(b));
        let (a, mut found) = a;
        let (b, more) = b;
        found.extend(more);
        self.report.diagnostics.extend(found);
        self.lap(name);
        self.report.timings.push((a_name, a_took));
        self.report.timings.push((b_name, b_took));
        (a, b)
    }

    /// The diagnostics so far.
    pub(crate) fn diagnostics(&self) -> &[Diagnostic] {
        &self.report.diagnostics
    }

    /// Adds diagnostics found earlier, by a build this one continues.
    pub(crate) fn keep(&mut self, diagnostics: &[Diagnostic]) {
        self.report.diagnostics.extend_from_slice(diagnostics);
    }

    /// The report, its diagnostics sorted: errors first, then by file and place.
    pub(crate) fn finish(self, totals: Totals) -> Report {
        let mut report = self.report;
        report.pages = totals.pages;
        report.links = totals.links;
        report.terms = totals.terms;
        report.external = totals.external;
        report.rerendered = totals.rerendered;
        report.imported = totals.imported;
        sort(&mut report.diagnostics);
        report.elapsed = report.started.elapsed();
        report
    }
}

/// The counts a report gives besides its diagnostics.
#[derive(Debug, Default)]
pub(crate) struct Totals {
    pub(crate) pages: usize,
    pub(crate) links: usize,
    pub(crate) terms: usize,
    pub(crate) external: Option<Counts>,
    pub(crate) rerendered: Option<usize>,
    pub(crate) imported: Vec<String>,
}

fn timed<T>(step: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    (step(), started.elapsed())
}

/// Errors first, then by file, line and column; the same problem found twice once.
pub(crate) fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (a.severity, &a.path, a.line, a.column).cmp(&(b.severity, &b.path, b.line, b.column))
    });
    diagnostics.dedup();
}
