//! The command line: parses arguments, runs a command, prints what it found, and turns
//! the outcome into an exit code (0 success, 1 site errors, 2 misuse). The only module
//! that prints.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::BuildOptions;
use crate::diagnostic::printable;
use crate::{Diagnostic, Report};

/// Prints a line to standard output; a closed pipe (`playbook serve | head`) is not a
/// reason to stop, so errors are ignored.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// The same for standard error.
macro_rules! warn {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Playbook: turns a folder of markdown into a cross-linked static knowledge site.
#[derive(Debug, Parser)]
#[command(name = "playbook", version, about)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site [default: ROOT/output].
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// The published site's absolute URL (for sitemap.xml and canonical links).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Build into memory, serve on 127.0.0.1, rebuild on every change and reload the page.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// The port [default: 1111, or the next free one].
        #[arg(long)]
        port: Option<u16>,
        /// The address to listen on; 0.0.0.0 shows the site to the whole network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Run every check of a build and write nothing.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Also fetch every http(s) URL the pages link to and warn about those that fail.
        #[arg(long)]
        external: bool,
    },
    /// Write a new site: the bundled partnering playbook and a commented site.toml.
    Init {
        /// Where to write it [default: the current folder, which must have no content/].
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
    /// Create a new page with its front matter filled in.
    New {
        /// The section folder below content/ (e.g. `tips` or `roles/collaborative-leader`).
        section: String,
        /// The page's title.
        title: String,
        /// The site folder.
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
struct SiteArgs {
    /// The site folder (holds content/ and site.toml).
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Print how long each stage of the build took.
    #[arg(long)]
    timings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Like a compiler: `path:line:column: error: message`.
    Human,
    /// One JSON object a line: path, line, column, severity, message, help.
    Json,
    /// GitHub Actions annotations (`::warning file=…,line=…,col=…::…`), then the summary.
    Github,
}

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Build {
            site,
            output,
            base_url,
        } => {
            let mut options = options(&site);
            if let Some(output) = output {
                options.output = output;
            }
            options.base_url = base_url;
            conclude(crate::build(&options), &site, Some(&options.output))
        }
        Command::Serve {
            site,
            port,
            bind,
            open,
        } => serve(&site, port, bind, open),
        Command::Check { site, external } => {
            let mut options = options(&site);
            options.external = external;
            conclude(crate::check(&options), &site, None)
        }
        Command::Init { dir } => match crate::content::scaffold::init(&dir) {
            Ok(done) => {
                for kept in &done.kept {
                    warn!("kept {} as it was", tidy(kept).display());
                }
                let pages = done
                    .written
                    .iter()
                    .filter(|p| p.extension().is_some_and(|e| e == "md"))
                    .count();
                say!(
                    "wrote the partnering playbook ({pages} pages) and site.toml into {}",
                    tidy(&dir).display()
                );
                let cd = if dir == Path::new(".") {
                    String::new()
                } else {
                    format!("cd {} && ", tidy(&dir).display())
                };
                say!("next: {cd}playbook build   (then open output/index.html)");
                ExitCode::SUCCESS
            }
            Err(e) => {
                warn!("error: {e:#}");
                ExitCode::from(1)
            }
        },
        Command::New {
            section,
            title,
            root,
        } => {
            if let Err(e) = crate::content::scaffold::check_args(&section, &title) {
                warn!("error: {e}");
                return ExitCode::from(2);
            }
            match crate::content::scaffold::new_page(&root, &section, &title) {
                Ok(path) => {
                    say!("created {}", tidy(&path).display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    warn!("error: {e:#}");
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// Runs the preview server until Ctrl-C, printing one line per rebuild.
fn serve(site: &SiteArgs, port: Option<u16>, bind: std::net::IpAddr, open: bool) -> ExitCode {
    let options = crate::serve::ServeOptions {
        build: crate::BuildOptions {
            preview: true,
            ..options(site)
        },
        bind,
        port,
    };
    if !bind.is_loopback() {
        warn!("warning: listening on {bind}: anyone on your network can read this site");
    }
    let _ = ctrlc::set_handler(|| {
        warn!("\nstopped");
        std::process::exit(0);
    });
    let format = site.format;
    // Diagnostics are printed when they change, not again on every save.
    let mut shown: Vec<Diagnostic> = Vec::new();
    let result = crate::serve::serve(&options, |event| match event {
        crate::serve::Event::Listening { url, taken, report } => {
            print_diagnostics(report, format);
            shown = report.diagnostics.clone();
            if let (Some(first), Some(last)) = (taken.first(), taken.last()) {
                let ports = if first == last {
                    format!("port {first} is")
                } else {
                    format!("ports {first} to {last} are")
                };
                warn!("{ports} taken; using the next free one");
            }
            say!(
                "serving {} pages at {url} (Ctrl-C to stop); built in {} ms, {}",
                report.pages,
                report.elapsed.as_millis(),
                counts(report)
            );
            if open {
                let opener = if cfg!(target_os = "macos") {
                    "open"
                } else {
                    "xdg-open"
                };
                let _ = std::process::Command::new(opener).arg(&url).spawn();
            }
        }
        crate::serve::Event::Warning(problem) => warn!("warning: {}", printable(problem)),
        crate::serve::Event::Rebuilt { changed, report } => {
            if report.diagnostics != shown {
                print_diagnostics(report, format);
                shown = report.diagnostics.clone();
            }
            if site.timings {
                print_timings(report);
            }
            let what = match changed {
                [one] => one.clone(),
                [first, rest @ ..] => format!("{first} and {} more", rest.len()),
                [] => "a change".to_string(),
            };
            let ms = report.elapsed.as_millis();
            if report.errors() > 0 {
                warn!(
                    "{what}: build failed in {ms} ms ({}); still serving the last good site",
                    counts(report)
                );
            } else {
                let scope = match report.rerendered {
                    Some(n) => format!("{n} {} re-rendered", plural(n, "page")),
                    None => "full rebuild".to_string(),
                };
                say!("{what}: rebuilt in {ms} ms, {scope} ({})", counts(report));
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            warn!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn counts(report: &Report) -> String {
    let (errors, warnings) = (report.errors(), report.warnings());
    let mut counts = format!(
        "{} {}, {} {}",
        errors,
        plural(errors, "error"),
        warnings,
        plural(warnings, "warning")
    );
    let suggestions = report.suggestions();
    if suggestions > 0 {
        counts += &format!(", {suggestions} {}", plural(suggestions, "suggestion"));
    }
    let notes = report.notes();
    if notes > 0 {
        counts += &format!(", {notes} {}", plural(notes, "note"));
    }
    counts
}

fn print_timings(report: &Report) {
    for (stage, took) in &report.timings {
        warn!("{stage:>10}: {:>7.1} ms", took.as_secs_f64() * 1000.0);
    }
}

fn print_diagnostics(report: &Report, format: Format) {
    for d in &report.diagnostics {
        let mut d: Diagnostic = d.clone();
        d.path = tidy(&d.path);
        match format {
            Format::Json => say!("{}", d.to_json()),
            Format::Github => say!("{}", d.to_github()),
            Format::Human => warn!("{d}\n"),
        }
    }
}

fn options(args: &SiteArgs) -> BuildOptions {
    let mut options = BuildOptions::new(&args.root);
    options.drafts = args.drafts;
    options
}

/// Prints the diagnostics and a summary; the exit code follows from what was collected.
fn conclude(result: anyhow::Result<Report>, args: &SiteArgs, output: Option<&Path>) -> ExitCode {
    let format = args.format;
    let report = match result {
        Ok(report) => report,
        Err(e) => {
            // A refused output folder is misuse (2); an unwritable one, or any other I/O
            // failure, is an error of the build (1). Either way JSON output stays JSON.
            let refusal = e.downcast_ref::<crate::output::Refusal>();
            let unwritable = e.downcast_ref::<crate::output::Unwritable>();
            let (path, message, help) = match (refusal, unwritable) {
                (Some(r), _) => (r.output.as_path(), r.message.clone(), Some(&r.help)),
                (None, Some(u)) => (
                    output.unwrap_or(&args.root),
                    u.message.clone(),
                    Some(&u.help),
                ),
                (None, None) => (output.unwrap_or(&args.root), format!("{e:#}"), None),
            };
            let d = Diagnostic::error(path, crate::diagnostic::Position::FILE, &message)
                .with_optional_help(help.cloned());
            match (format, help) {
                (Format::Json, _) => say!("{}", d.to_json()),
                (Format::Github, _) => say!("{}", d.to_github()),
                (Format::Human, Some(help)) => warn!("error: {message}\n  help: {help}"),
                (Format::Human, None) => warn!("error: {message}"),
            }
            return ExitCode::from(if refusal.is_some() { 2 } else { 1 });
        }
    };
    if format == Format::Human && output.is_none() {
        print_check_report(&report);
        if args.timings {
            print_timings(&report);
        }
        return ExitCode::from(if report.errors() > 0 { 1 } else { 0 });
    }
    print_diagnostics(&report, format);
    for note in &report.notes {
        warn!("note: {note}");
    }
    if args.timings {
        print_timings(&report);
    }
    let errors = report.errors();
    if format != Format::Json {
        let counts = counts(&report);
        let ms = report.elapsed.as_millis();
        match (errors, output) {
            (0, Some(dir)) => say!(
                "built {} pages ({} links, {} files) into {} in {ms} ms; {counts}",
                report.pages,
                report.links,
                report.files_written,
                tidy(dir).display()
            ),
            (0, None) => say!(
                "checked {} pages ({} links) in {ms} ms; {counts}",
                report.pages,
                report.links
            ),
            (_, Some(dir)) => warn!(
                "build failed: {counts}; {} was left as it was",
                tidy(dir).display()
            ),
            (_, None) => warn!("check failed: {counts}"),
        }
    }
    ExitCode::from(if errors > 0 { 1 } else { 0 })
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// `./content/a.md` reads better as `content/a.md`.
fn tidy(path: &Path) -> PathBuf {
    path.strip_prefix(".").unwrap_or(path).to_path_buf()
}

/// `check`'s report for a person: a summary line, then the diagnostics grouped by file,
/// in colour on a terminal (anstream drops the colour when stdout is not a terminal or
/// `NO_COLOR` is set).
fn print_check_report(report: &Report) {
    use anstyle::{AnsiColor, Style};
    use std::io::Write as _;
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let colour = |severity: crate::Severity| {
        let c = match severity {
            crate::Severity::Error => AnsiColor::Red,
            crate::Severity::Warning => AnsiColor::Yellow,
            crate::Severity::Suggestion => AnsiColor::Cyan,
            crate::Severity::Note => AnsiColor::Blue,
        };
        Style::new().fg_color(Some(c.into())).bold()
    };
    let mut out = anstream::stdout().lock();
    let worst = report.diagnostics.iter().map(|d| d.severity).min();
    let tally = worst.map_or(
        Style::new().fg_color(Some(AnsiColor::Green.into())).bold(),
        colour,
    );
    let _ = writeln!(
        out,
        "checked {} pages, {} links, {} terms in {} ms: {tally}{}{tally:#}",
        report.pages,
        report.links,
        report.terms,
        report.elapsed.as_millis(),
        counts(report),
    );
    if let Some(e) = &report.external {
        let _ = writeln!(
            out,
            "external links: {} {} fetched, {} trusted from the cache, {} failed",
            e.checked,
            plural(e.checked, "URL"),
            e.cached,
            e.failed
        );
    }
    let mut by_file: std::collections::BTreeMap<&Path, Vec<&Diagnostic>> = Default::default();
    for d in &report.diagnostics {
        by_file.entry(&d.path).or_default().push(d);
    }
    for (path, mut found) in by_file {
        found.sort_by_key(|d| (d.line, d.column, d.severity));
        let shown = tidy(path).display().to_string();
        let _ = writeln!(out, "\n{bold}{}{bold:#}", printable(&shown));
        for d in found {
            let place = match d.line {
                0 => String::new(),
                line => format!("{line}:{}", d.column.max(1)),
            };
            let style = colour(d.severity);
            let _ = writeln!(
                out,
                "  {dim}{place:>7}{dim:#}  {style}{:<10}{style:#} {}",
                d.severity.as_str(),
                printable(&d.message)
            );
            if let Some(help) = &d.help {
                let help = printable(help);
                let _ = writeln!(out, "  {:>7}  {:<10} {dim}help:{dim:#} {help}", "", "");
            }
        }
    }
    if !report.imported.is_empty() {
        let _ = writeln!(
            out,
            "\n{bold}taken from the conventions of other tools{bold:#}"
        );
        for line in &report.imported {
            let _ = writeln!(out, "  {line}");
        }
    }
}
