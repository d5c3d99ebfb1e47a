//! Walking `content/`: every markdown file found (and read later, in parallel, with
//! [`Found::read`]), every other file noted as an asset, every folder listed; symbolic
//! links followed only while they stay inside the content folder.
//!
//! Hidden entries (`.gitbook/assets/`, `.gitbook.yaml`) hold no pages: their markdown is
//! skipped, and their other files are assets published only when a page links them (see
//! [`is_hidden`]). The folders of [`NEVER_PUBLISHED`] are not walked at all.

use std::path::{Path, PathBuf};

use super::Asset;
use crate::diagnostic::{Diagnostic, Position};

/// Hidden folders that are never published, not even a file a page links to: an
/// Obsidian vault's settings and trash, version control, a repository's own files.
pub(crate) const NEVER_PUBLISHED: [&str; 4] = [".obsidian", ".trash", ".git", ".github"];

/// The folder of [`NEVER_PUBLISHED`] that path `rel_path` (below `content/`) lies in.
pub(crate) fn never_published(rel_path: &str) -> Option<&'static str> {
    rel_path
        .split('/')
        .find_map(|part| NEVER_PUBLISHED.into_iter().find(|n| *n == part))
}

/// True for a path below `content/` with a hidden part (`.gitbook/assets/a.png`): a file
/// there is copied to the output only when a page links it, and markdown there is never
/// a page.
pub(crate) fn is_hidden(rel_path: &str) -> bool {
    rel_path
        .split('/')
        .any(|p| p.starts_with('.') && p != "." && p != "..")
}

/// A markdown file found by the walk, not read yet (reading happens in parallel).
pub(crate) struct Found {
    /// Path below `content/`, `/`-separated.
    pub(crate) rel_path: String,
    /// The path shown in diagnostics.
    pub(crate) path: PathBuf,
}

impl Found {
    /// Reads the file's bytes.
    pub(crate) fn read(self) -> Result<RawFile, Diagnostic> {
        match std::fs::read(&self.path) {
            Ok(bytes) => Ok(RawFile {
                rel_path: self.rel_path,
                path: self.path,
                bytes,
            }),
            Err(e) => Err(Diagnostic::error(
                &self.path,
                Position::FILE,
                format!("cannot read: {e}"),
            )),
        }
    }
}

/// A markdown file read from disk, before front matter and markdown are parsed.
pub(crate) struct RawFile {
    /// Path below `content/`, `/`-separated.
    pub(crate) rel_path: String,
    /// The path shown in diagnostics.
    pub(crate) path: PathBuf,
    /// The file's bytes.
    pub(crate) bytes: Vec<u8>,
}

/// What walking `content/` found.
#[derive(Default)]
pub(crate) struct Walked {
    /// Markdown files.
    pub(crate) files: Vec<Found>,
    /// Other files.
    pub(crate) assets: Vec<Asset>,
    /// Every folder below `content/`, not hidden ones.
    pub(crate) dirs: Vec<String>,
    /// Files other than markdown that cannot be read: path below `content/`, path shown.
    pub(crate) unreadable: Vec<(String, PathBuf)>,
}

/// Walks `content`: markdown files, other files, and every folder, sorted by name.
/// Hidden files come back as assets only; hidden folders are not listed.
pub(crate) fn walk(content: &Path, diagnostics: &mut Vec<Diagnostic>) -> Walked {
    let mut walked = Walked::default();
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error(content, Position::FILE, "there is no content folder")
                .with_help("create content/_index.md with a `title`, and write pages beside it"),
        );
        return walked;
    }
    let real_content = content
        .canonicalize()
        .unwrap_or_else(|_| content.to_path_buf());
    let mut walker = walkdir::WalkDir::new(content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !NEVER_PUBLISHED.contains(&&*e.file_name().to_string_lossy())
        });
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(content).to_path_buf();
                let diagnostic = match e.loop_ancestor() {
                    Some(ancestor) => Diagnostic::error(
                        path,
                        Position::FILE,
                        format!(
                            "this symbolic link loops back to {}, a folder that contains it",
                            ancestor.display()
                        ),
                    )
                    .with_help("remove the link: a folder cannot hold a link to itself or to a folder above it"),
                    None => Diagnostic::error(
                        path,
                        Position::FILE,
                        format!(
                            "cannot read: {}",
                            e.io_error().map_or(e.to_string(), ToString::to_string)
                        ),
                    ),
                };
                diagnostics.push(diagnostic);
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() {
            let inside = path
                .canonicalize()
                .is_ok_and(|target| target.starts_with(&real_content));
            if !inside {
                diagnostics.push(
                    Diagnostic::error(
                        path,
                        Position::FILE,
                        "this symbolic link points outside the content folder",
                    )
                    .with_help("copy what it points to into content/ instead of linking to it"),
                );
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if let Some(what) = special_file(entry.file_type()) {
            // Reading one would wait for a writer, or never end.
            diagnostics.push(
                Diagnostic::warning(
                    path,
                    Position::FILE,
                    format!("skipped: this is {what}, not a file"),
                )
                .with_help("move it out of content/"),
            );
            continue;
        }
        let rel = rel_string(path.strip_prefix(content).unwrap_or(path));
        let hidden = is_hidden(&rel);
        if !entry.file_type().is_dir() && !hidden && !rel.ends_with(".md") {
            // Found now, at the file, rather than when the build copies it. (Markdown is
            // read while loading, and one that cannot be is reported there.)
            if let Err(e) = std::fs::File::open(path) {
                diagnostics.push(
                    Diagnostic::error(path, Position::FILE, format!("cannot read: {e}"))
                        .with_help("make it readable (`chmod a+r`), or move it out of content/"),
                );
                walked.unreadable.push((rel, path.to_path_buf()));
                continue;
            }
        }
        if entry.file_type().is_dir() {
            if entry.depth() > 0 && !hidden {
                walked.dirs.push(rel);
            }
        } else if !rel.ends_with(".md") {
            walked.assets.push(Asset {
                rel_path: rel,
                source: path.to_path_buf(),
            });
        } else if !hidden {
            walked.files.push(Found {
                rel_path: rel,
                path: path.to_path_buf(),
            });
        }
    }
    walked
}

/// What a file that is neither a regular file nor a folder is, in words.
fn special_file(kind: std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        Some("a named pipe")
    } else if kind.is_socket() {
        Some("a socket")
    } else if kind.is_block_device() || kind.is_char_device() {
        Some("a device")
    } else {
        None
    }
}

/// A path below `content/` written with `/`, as documents name it.
pub(crate) fn rel_string(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
