//! What each fuzz target does with its input. Shared by the `cargo fuzz` targets
//! (`fuzz/fuzz_targets/`) and by `tests/fuzz_corpus.rs`, which replays the seeds and
//! every input that once crashed Playbook on every `cargo test`, so a fixed crash stays
//! fixed.
//!
//! Each function panics only when Playbook misbehaves: a panic inside Playbook, or a
//! diagnostic that points outside the file it names.

#![allow(dead_code)] // each target uses one function of the harness

use std::path::{Path, PathBuf};

use playbook::BuildOptions;
use playbook::content::frontmatter;
use playbook::diagnostic::{Diagnostic, LineIndex, Position};
use playbook::graph::Index;
use playbook::pipeline;
use playbook::session::Session;

/// The front matter splitter and the YAML and TOML parsers, on any text, as a page's
/// header and as a section intro's.
pub fn front_matter(data: &[u8]) {
    // As a build reads a file: line endings made `\n`, a byte-order mark dropped.
    let text = playbook::content::normalize(String::from_utf8_lossy(data).into_owned());
    let lines = LineIndex::new(&text);
    let split = match frontmatter::split(&text) {
        Ok(split) => split,
        Err(e) => return inside(&text, e.pos, &e.message),
    };
    assert!(split.header.end <= split.body_start && split.body_start <= text.len());
    for is_section in [false, true] {
        let (_, errors) = frontmatter::parse(&text, &lines, &split, is_section);
        for e in errors {
            inside(&text, e.pos, &e.message);
        }
    }
}

/// The markdown passes (wiki links, glossary linking, heading anchors, callouts) on any
/// page body, in a small site that has terms, headings and a draft to link to. The first
/// byte picks how the glossary links terms.
pub fn markdown(data: &[u8]) {
    let Some((&mode, body)) = data.split_first() else {
        return;
    };
    let mode = ["first", "all", "none"][usize::from(mode) % 3];
    let body = String::from_utf8_lossy(body);
    let mut files: Vec<(&str, String)> = LINKED_SITE
        .iter()
        .map(|(p, t)| (*p, t.to_string()))
        .collect();
    files.push(("site.toml", format!("[glossary]\nlink = \"{mode}\"\n")));
    files.push((
        "content/tips/fuzzed.md",
        format!("---\ntitle: Fuzzed\n---\n{body}"),
    ));
    let root = scratch(&files);
    let options = BuildOptions::new(root);
    // The build's own first stages, without the theme's templates and the writing.
    let ((site, theme), mut diagnostics) = pipeline::load(&options);
    let (names, found) = pipeline::index(&site, &theme);
    diagnostics.extend(found);
    let (_, found) = pipeline::pages(&Index::new(&site, &names), pipeline::Scope::OnePerTemplate);
    diagnostics.extend(found);
    check_positions(&diagnostics);
}

/// A whole build, in memory, of a small site made from the input: the input is cut at
/// NUL bytes into files; the first byte of each piece picks the file's path (pages,
/// section intros, glossary terms, site.toml, an asset, a theme template), the rest is
/// its text. A first piece that is empty builds with drafts.
pub fn site(data: &[u8]) {
    const PATHS: [&str; 12] = [
        "site.toml",
        "content/_index.md",
        "content/a.md",
        "content/tips/_index.md",
        "content/tips/01-build-trust.md",
        "content/tips/02-b c#?%.md",
        "content/glossary/_index.md",
        "content/glossary/north-star.md",
        "content/glossary/relationship-currencies.md",
        "content/deep/er/x.md",
        "content/tips/img/plan.png",
        "themes/default/templates/page.html",
    ];
    let mut pieces = data.split(|&b| b == 0);
    let drafts = pieces.next().is_some_and(<[u8]>::is_empty);
    let files: Vec<(&str, Vec<u8>)> = pieces
        .filter_map(|piece| piece.split_first())
        .map(|(&at, text)| (PATHS[usize::from(at) % PATHS.len()], text.to_vec()))
        .collect();
    let mut options = BuildOptions::new(scratch(&files));
    options.drafts = drafts;
    let (report, files) = Session::new(options).build();
    check_positions(&report.diagnostics);
    assert_eq!(
        report.errors() == 0,
        files.is_some(),
        "a build makes a site exactly when it has no errors"
    );
}

/// A small site whose pages the fuzzed page can link to.
const LINKED_SITE: [(&str, &str); 7] = [
    (
        "content/_index.md",
        "---\ntitle: Home\n---\nWelcome to the playbook.\n",
    ),
    (
        "content/tips/_index.md",
        "---\ntitle: Tips\n---\nTips for partners.\n",
    ),
    (
        "content/tips/01-build-trust.md",
        "---\ntitle: Build trust\naliases: [trust]\n---\n## Shared goals {#goals}\n\nText.\n\n## Shared goals\n",
    ),
    (
        "content/tips/02-draft.md",
        "---\ntitle: Draft idea\ndraft: true\n---\nNot yet.\n",
    ),
    (
        "content/glossary/_index.md",
        "---\ntitle: Glossary\nglossary: true\n---\nThe terms.\n",
    ),
    (
        "content/glossary/north-star.md",
        "---\ntitle: North Star\naliases: [north stars]\ndescription: The shared goal.\n---\nDefined.\n",
    ),
    (
        "content/glossary/executive-sponsor.md",
        "---\ntitle: Executive sponsor\naliases: [sponsor]\ndescription: A senior backer.\n---\nDefined.\n",
    ),
];

/// Panics when `pos` is not a place in `text` (line 0 means the whole file).
fn inside(text: &str, pos: Position, what: &str) {
    if pos.line == 0 {
        return;
    }
    let line = text.split('\n').nth(pos.line - 1);
    let line = line.unwrap_or_else(|| panic!("{what}: line {} is past the end", pos.line));
    let width = line.trim_end_matches('\r').chars().count();
    assert!(
        pos.column >= 1 && pos.column <= width + 1,
        "{what}: column {} of line {} ({width} characters)",
        pos.column,
        pos.line
    );
}

/// Panics when a diagnostic names a place that its file does not have.
fn check_positions(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        if let Ok(bytes) = std::fs::read(&d.path) {
            let text = playbook::content::normalize(String::from_utf8_lossy(&bytes).into_owned());
            let pos = Position {
                line: d.line,
                column: d.column,
            };
            inside(&text, pos, &d.message);
        }
    }
}

/// Makes this thread's scratch folder hold exactly `files`, and returns it. One folder
/// per thread, emptied and refilled for each input: a fresh temporary folder each time
/// would make the file system, not Playbook, the thing being measured.
fn scratch(files: &[(&str, impl AsRef<[u8]>)]) -> PathBuf {
    thread_local! {
        static SCRATCH: tempfile::TempDir = tempfile::Builder::new()
            .prefix("playbook-fuzz")
            .tempdir_in(memory_backed())
            .expect("a temporary folder");
    }
    let root = SCRATCH.with(|dir| dir.path().to_path_buf());
    for dir in ["content", "themes", "site.toml"] {
        let path = root.join(dir);
        let _ = std::fs::remove_dir_all(&path).or_else(|_| std::fs::remove_file(&path));
    }
    for (rel, bytes) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
        std::fs::write(path, bytes).expect("a file");
    }
    root
}

/// A memory-backed folder when the machine has one.
fn memory_backed() -> PathBuf {
    let shm = Path::new("/dev/shm");
    match shm.is_dir() {
        true => shm.to_path_buf(),
        false => std::env::temp_dir(),
    }
}
