//! Diagnostics: what a build found wrong, as values.
//!
//! Every stage reports problems as [`Diagnostic`]s (file, line, column, message, help)
//! instead of printing or failing early, so a build can collect them all and the CLI can
//! print them together, like a compiler, and decide the exit code once at the end.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// How bad a problem is: errors fail the build; warnings and suggestions do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site is wrong; nothing is written.
    Error,
    /// Worth fixing, but the site is still built.
    Warning,
    /// Not wrong, but likely better otherwise (a phrase that looks like a missing term).
    Suggestion,
    /// Neither wrong nor to change: worth knowing (a field of another tool, kept).
    Note,
}

impl Severity {
    /// `error`, `warning`, `suggestion` or `note`, as printed.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Suggestion => "suggestion",
            Severity::Note => "note",
        }
    }
}

/// One problem, located in a file of the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file, as the user would type it (relative to where they ran the command when possible).
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column, counted in characters; 0 when the problem concerns the whole file.
    pub column: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// The nearest fix, when one is known.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at a position in a file.
    pub(crate) fn error(
        path: impl Into<PathBuf>,
        pos: Position,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, path.into(), pos, message.into())
    }

    /// A warning at a position in a file.
    pub(crate) fn warning(
        path: impl Into<PathBuf>,
        pos: Position,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, path.into(), pos, message.into())
    }

    /// A note at a position in a file.
    pub(crate) fn note(
        path: impl Into<PathBuf>,
        pos: Position,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Note, path.into(), pos, message.into())
    }

    /// A suggestion at a position in a file.
    pub(crate) fn suggestion(
        path: impl Into<PathBuf>,
        pos: Position,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Suggestion, path.into(), pos, message.into())
    }

    fn new(severity: Severity, path: PathBuf, pos: Position, message: String) -> Self {
        Diagnostic {
            path,
            line: pos.line,
            column: pos.column,
            severity,
            message,
            help: None,
        }
    }

    /// Adds a help line (the nearest fix).
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a help line only when there is one.
    pub(crate) fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// One JSON object on one line, for editors and CI (`--format json`).
    pub(crate) fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a diagnostic always serialises")
    }

    /// A GitHub Actions workflow command (`--format github`), which the pull request shows
    /// on the line it names: `::warning file=F,line=L,col=C,title=playbook::message`.
    pub(crate) fn to_github(&self) -> String {
        // The escaping of GitHub's own toolkit: `%`, CR and LF everywhere, and in the
        // properties also `:` and `,`, which separate them.
        let data = |s: &str| {
            s.replace('%', "%25")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        };
        let property = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Suggestion | Severity::Note => "notice",
        };
        let mut place = format!("file={}", property(&self.path.to_string_lossy()));
        if self.line > 0 {
            place += &format!(",line={},col={}", self.line, self.column.max(1));
        }
        let mut message = self.message.clone();
        if let Some(help) = &self.help {
            message += &format!("\nhelp: {help}");
        }
        format!("::{kind} {place},title=playbook::{}", data(&message))
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:column: error: message` then an indented `help:` line, like rustc and gcc.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = self.severity.as_str();
        write!(f, "{}", printable(&self.path.display().to_string()))?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column.max(1))?;
        }
        write!(f, ": {severity}: {}", printable(&self.message))?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {}", printable(help))?;
        }
        Ok(())
    }
}

/// `text` for a terminal: control characters that came from content (an escape that
/// would recolour or clear the screen, a carriage return that would overwrite the line)
/// written out as `\u{1b}`; line breaks stay.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return text.into();
    }
    text.chars()
        .map(|c| match c {
            '\n' => "\n".to_string(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect::<String>()
        .into()
}

/// A 1-based line and column in a file; `Position::FILE` for the file as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    /// 1-based line, 0 for "the whole file".
    pub line: usize,
    /// 1-based column in characters, 0 for "the whole file".
    pub column: usize,
}

impl Position {
    /// The whole file rather than a place in it.
    pub const FILE: Position = Position { line: 0, column: 0 };

    /// A line and column, both 1-based.
    pub fn new(line: usize, column: usize) -> Self {
        Position { line, column }
    }
}

/// Turns byte offsets of a file into line and column numbers.
///
/// Built once per file; lines end at `\n` (a `\r` before it is part of the line ending, so
/// CRLF files report the same positions as LF files).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// Where 1-based line `line` starts, if the text has it.
    pub(crate) fn offset_of_line(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    /// The position of byte `offset` of `text` (the same text the index was built from).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = text
            .get(start..offset)
            .map_or(1, |prefix| prefix.chars().count() + 1);
        Position::new(line, column)
    }
}

/// How many candidates [`nearest`] compares at most, so that a site with thousands of
/// names and thousands of broken links gets its suggestions in linear time.
const COMPARED: usize = 300;

/// How many characters of a name [`nearest`] compares: the comparison takes time in the
/// square of the length.
const CLIPPED: usize = 64;

fn clipped(text: &str) -> &str {
    &text[..text
        .char_indices()
        .nth(CLIPPED)
        .map_or(text.len(), |(i, _)| i)]
}

/// The closest of `candidates` to `wanted`, best first, at most `max` of them.
///
/// Case-insensitive; a candidate must be reasonably similar to be suggested at all, so a
/// help line never proposes something unrelated.
pub(crate) fn nearest<'a, I>(wanted: &str, candidates: I, max: usize) -> Vec<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let wanted = wanted.to_lowercase();
    let mut candidates: Vec<&str> = candidates.into_iter().collect();
    if candidates.len() > COMPARED {
        candidates = most_alike(&wanted, candidates.into_iter().map(|c| (c, Sketch::of(c))));
    }
    let wanted = clipped(&wanted);
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wanted, clipped(&c.to_lowercase())), c))
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    // Only candidates about as close as the best: a clear winner stands alone.
    let best = scored.first().map_or(0.0, |s| s.0);
    scored.retain(|s| s.0 >= best - 0.06);
    scored.dedup_by(|a, b| a.1.eq_ignore_ascii_case(b.1));
    scored
        .into_iter()
        .take(max)
        .map(|(_, c)| c.to_string())
        .collect()
}

/// Names to suggest from, prepared once (each with its [`Sketch`]), for sites with
/// thousands of names: see [`nearest`].
#[derive(Debug, Default)]
pub(crate) struct Suggestions {
    names: Vec<(String, Sketch)>,
}

impl Suggestions {
    pub(crate) fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut names: Vec<(String, Sketch)> = names
            .into_iter()
            .map(|n| (n.to_string(), Sketch::of(n)))
            .collect();
        names.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        names.dedup_by(|a, b| a.0 == b.0);
        Suggestions { names }
    }

    /// [`nearest`] among these names.
    pub(crate) fn nearest(&self, wanted: &str, max: usize) -> Vec<String> {
        let alike = match self.names.len() > COMPARED {
            true => most_alike(wanted, self.names.iter().map(|(n, s)| (n.as_str(), *s))),
            false => self.names.iter().map(|(n, _)| n.as_str()).collect(),
        };
        nearest(wanted, alike, max)
    }
}

/// What the cheap measure of likeness reads of a name, in lowercase: its set of
/// characters folded into 64 bits, its first four characters and its length.
#[derive(Debug, Clone, Copy)]
struct Sketch {
    chars: u64,
    start: [char; 4],
    len: usize,
}

impl Sketch {
    fn of(name: &str) -> Sketch {
        let mut sketch = Sketch {
            chars: 0,
            start: ['\0'; 4],
            len: 0,
        };
        for (i, c) in name.chars().flat_map(char::to_lowercase).enumerate() {
            sketch.chars |= 1 << (c as u32 % 64);
            if let Some(slot) = sketch.start.get_mut(i) {
                *slot = c;
            }
            sketch.len += 1;
        }
        sketch
    }

    /// Higher is more alike: the characters the two share against each one's, then a
    /// common start of up to four characters (what Jaro-Winkler rewards), then a close
    /// length.
    fn likeness(&self, other: &Sketch) -> (u32, usize, usize) {
        let shared = (self.chars & other.chars).count_ones();
        let share = shared * 1000 / self.chars.count_ones().max(1)
            + shared * 1000 / other.chars.count_ones().max(1);
        let start = (0..4)
            .take_while(|&i| self.start[i] == other.start[i] && self.start[i] != '\0')
            .count();
        (share, start, usize::MAX - self.len.abs_diff(other.len))
    }
}

/// The [`COMPARED`] candidates most like `wanted` by [`Sketch::likeness`], for the full
/// comparison; ties by name, so the choice does not depend on the order the candidates
/// came in. A few integer operations a candidate, where the full comparison takes time
/// in the square of the names' length.
fn most_alike<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = (&'a str, Sketch)>,
) -> Vec<&'a str> {
    let wanted = Sketch::of(wanted);
    let mut ranked: Vec<((u32, usize, usize), &str)> = candidates
        .map(|(n, sketch)| (wanted.likeness(&sketch), n))
        .collect();
    if ranked.len() > COMPARED {
        ranked.select_nth_unstable_by(COMPARED, |a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        ranked.truncate(COMPARED);
    }
    ranked.into_iter().map(|(_, n)| n).collect()
}

/// "did you mean `a`, `b` or `c`?" for a list of suggestions, or `None` when there are none.
pub(crate) fn did_you_mean(suggestions: &[String], quote: (&str, &str)) -> Option<String> {
    let quoted: Vec<String> = suggestions
        .iter()
        .map(|s| format!("{}{s}{}", quote.0, quote.1))
        .collect();
    match quoted.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [init @ .., last] => Some(format!("did you mean {} or {last}?", init.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn github_annotations_escape_what_would_end_a_field() {
        let d = Diagnostic::error(
            std::path::Path::new("content/a, b:c.md"),
            Position::new(3, 7),
            "100% sure:\nno",
        )
        .with_help("x, y");
        assert_eq!(
            d.to_github(),
            "::error file=content/a%2C b%3Ac.md,line=3,col=7,title=playbook::100%25 sure:%0Ano%0Ahelp: x, y"
        );
        let whole = Diagnostic::warning(std::path::Path::new("a.md"), Position::FILE, "w");
        assert_eq!(whole.to_github(), "::warning file=a.md,title=playbook::w");
    }

    use super::*;

    #[test]
    fn control_characters_from_content_are_written_out_for_the_terminal() {
        assert_eq!(printable("plain\nlines"), "plain\nlines");
        assert_eq!(
            printable("a\u{1b}[2Jb\rc\u{7}\u{9b}"),
            "a\\u{1b}[2Jb\\u{d}c\\u{7}\\u{9b}"
        );
        let d = Diagnostic::error(
            std::path::Path::new("x\u{1b}.md"),
            Position::new(1, 1),
            "no \u{1b}[31mred",
        )
        .with_help("\u{8}");
        assert_eq!(
            d.to_string(),
            "x\\u{1b}.md:1:1: error: no \\u{1b}[31mred\n  help: \\u{8}"
        );
    }

    #[test]
    fn suggestions_compare_only_names_close_in_length() {
        let mut names: Vec<String> = (0..5000).map(|i| format!("Page number {i}")).collect();
        names.push("Build trust early".into());
        names.extend((0..5000).map(|i| format!("A much longer page name, number {i}")));
        let suggestions = Suggestions::new(names.iter().map(String::as_str));
        assert_eq!(
            suggestions.nearest("Buld trust early", 1),
            ["Build trust early"]
        );
        assert_eq!(
            suggestions.nearest("Page numbr 4999", 1),
            ["Page number 4999"]
        );
        assert_eq!(
            suggestions.nearest("page number 20177", 1),
            ["Page number 2017"]
        );
        assert!(suggestions.nearest("", 3).is_empty());
        let few = Suggestions::new(["title", "tags"]);
        assert_eq!(few.nearest("tittle", 3), ["title"]);
    }

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\ncdé f\r\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position::new(1, 1));
        assert_eq!(idx.position(text, 3), Position::new(2, 1));
        let f = text.find('f').unwrap();
        assert_eq!(idx.position(text, f), Position::new(2, 5));
        assert_eq!(idx.position(text, text.len()), Position::new(3, 2));
    }

    #[test]
    fn nearest_ignores_unrelated_candidates() {
        let got = nearest("tittle", ["title", "tags", "weight"], 3);
        assert_eq!(got, vec!["title".to_string()]);
        assert!(nearest("zzz", ["title"], 3).is_empty());
    }

    #[test]
    fn display_reads_like_a_compiler() {
        let d = Diagnostic::error("content/a.md", Position::new(3, 7), "broken")
            .with_help("did you mean `b`?");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:7: error: broken\n  help: did you mean `b`?"
        );
    }
}
