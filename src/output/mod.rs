//! Output: writes a built site to a staging folder beside the target and swaps it in
//! only when every file was written, so a failed build (or a full disk) leaves the
//! previous output exactly as it was. Nothing outside the output folder is ever removed.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::content::{Site, is_hidden};
use crate::pages::Pages;
use crate::render::{OutputFile, Source, Theme};

mod swap;

/// The file that marks a folder as written by playbook, so a rebuild may replace it.
pub(crate) const MARKER: &str = ".playbook-output";

/// What a build keeps at the output's root from one build to the next: a git repository
/// or worktree (a `gh-pages` branch checked out as the output folder).
const KEPT: &str = ".git";

/// Names at the output's root that a build leaves where they are and that do not make
/// the folder someone else's: [`KEPT`], and the `lost+found` of a file system's root (an
/// output folder that is a mounted volume).
fn stays(name: &std::ffi::OsStr) -> bool {
    name == KEPT || name == "lost+found"
}

/// The file that tells GitHub Pages not to run Jekyll, which drops hidden folders.
const NOJEKYLL: &str = ".nojekyll";

/// An output folder playbook will not build into: misuse of `--output`, not a problem of
/// the site, so the command line reports it with exit status 2.
#[derive(Debug)]
pub(crate) struct Refusal {
    /// The output folder as given.
    pub(crate) output: PathBuf,
    /// Why not.
    pub(crate) message: String,
    /// What to do instead.
    pub(crate) help: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for Refusal {}

/// The output folder cannot be written (read-only, a full disk, a size limit): a problem
/// of the machine, not of the site or the command line, reported with what to do.
#[derive(Debug)]
pub(crate) struct Unwritable {
    /// What failed, and that nothing was changed.
    pub(crate) message: String,
    /// What to do about it.
    pub(crate) help: String,
}

impl std::fmt::Display for Unwritable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}\n  help: {}", self.message, self.help)
    }
}

impl std::error::Error for Unwritable {}

/// `error` (from writing into `output`) with the fix for its cause, when one is known.
fn unwritable(error: anyhow::Error, output: &Path) -> anyhow::Error {
    use std::io::ErrorKind;
    let elsewhere = "or build elsewhere with --output DIR";
    let help = match error
        .root_cause()
        .downcast_ref::<std::io::Error>()
        .map(|e| e.kind())
    {
        Some(ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem) => format!(
            "make {} and its parent folder writable for you, {elsewhere}",
            output.display()
        ),
        Some(ErrorKind::StorageFull | ErrorKind::QuotaExceeded) => {
            format!("free some space on the disk, {elsewhere}")
        }
        Some(ErrorKind::FileTooLarge) => {
            format!("a file size limit (`ulimit -f`) stopped the write: raise it, {elsewhere}")
        }
        _ => return error,
    };
    Unwritable {
        message: format!("{error:#}"),
        help,
    }
    .into()
}

/// Refuses output folders whose replacement would destroy the site or someone's files:
/// the site folder itself, one that holds `content/`, one inside `content/` or `themes/`,
/// a file, and an existing non-empty folder playbook did not write.
pub(crate) fn check_target(root: &Path, output: &Path) -> anyhow::Result<()> {
    let root = absolute(root)?;
    let real = absolute(output)?;
    let default = root.join("output");
    let refuse = |why: String, help: String| -> anyhow::Result<()> {
        Err(Refusal {
            output: output.to_path_buf(),
            message: format!("refusing to build into {}: {why}", real.display()),
            help,
        }
        .into())
    };
    let elsewhere = format!("use --output {}, or leave --output out", default.display());
    if root.starts_with(&real) {
        return refuse(
            "it holds the site itself, content/ and all".into(),
            elsewhere,
        );
    }
    if real.join("content").exists() {
        return refuse("it holds a content/ folder".into(), elsewhere);
    }
    for name in ["content", "themes"] {
        // Through symbolic links too: `content` may be a link to a vault elsewhere.
        let folder = root.join(name);
        let linked = folder.canonicalize().ok();
        let inside = real.starts_with(&folder)
            || linked.is_some_and(|linked| through_links(&real).starts_with(linked));
        if inside {
            return refuse(
                format!("it lies inside {name}/, which the site is built from"),
                elsewhere,
            );
        }
    }
    // A theme kept elsewhere and linked into themes/ is built from as well. (A link in
    // content/ must stay inside content/, or the build fails at it.)
    if let Ok(entries) = fs::read_dir(root.join("themes")) {
        for entry in entries.flatten() {
            if !entry.file_type().is_ok_and(|t| t.is_symlink()) {
                continue;
            }
            let Ok(target) = entry.path().canonicalize() else {
                continue;
            };
            if target.is_dir() && through_links(&real).starts_with(&target) {
                return refuse(
                    format!(
                        "it lies inside themes/{}, a link to {}, which the site is built from",
                        entry.file_name().to_string_lossy(),
                        target.display()
                    ),
                    elsewhere,
                );
            }
        }
    }
    if real.exists() && !real.is_dir() {
        return refuse(
            "it is a file, not a folder".into(),
            "choose a folder for --output".into(),
        );
    }
    if real.is_dir() {
        fs::read_dir(&real).with_context(|| format!("cannot read {}", real.display()))?;
    }
    if real.is_dir() && !swap::ours(&real, None) {
        return refuse(
            "it is not empty and was not written by playbook".into(),
            "empty or remove it yourself, or choose another --output".into(),
        );
    }
    Ok(())
}

/// `path` with the symbolic links of its longest existing part resolved (the rest does
/// not exist yet, so holds none).
fn through_links(path: &Path) -> PathBuf {
    let mut existing = path;
    let mut rest = Vec::new();
    while let Some(parent) = existing.parent() {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |p, part| p.join(part));
        }
        rest.extend(existing.file_name());
        existing = parent;
    }
    path.to_path_buf()
}

/// What one file of the built site holds.
#[derive(Debug, Clone)]
pub enum Body {
    /// Generated bytes (pages, search index, sitemap), shared: a preview session keeps
    /// them from build to build without copying.
    Bytes(std::sync::Arc<Vec<u8>>),
    /// A file under content/, copied as it is.
    Copy(PathBuf),
    /// A static file of the theme.
    Theme(Source),
}

/// The built site: every output path (`tips/x/index.html`) and what it holds. `build`
/// writes it to disk; `serve` answers requests from it without writing anything.
#[derive(Debug, Clone, Default)]
pub struct SiteFiles {
    /// Output path to contents, sorted.
    pub files: BTreeMap<String, Body>,
    /// The folders files are copied from (content/, the theme's folder), resolved: a file
    /// read later (by `serve`) must still be inside one of them, even if a link was
    /// swapped in.
    roots: Vec<PathBuf>,
}

impl SiteFiles {
    /// Gathers generated files, the site's assets and the theme's static files. A file in
    /// a hidden folder (`.gitbook/assets/`) comes only when a page links it (`refs`).
    pub(crate) fn collect(
        generated: Vec<OutputFile>,
        site: &Site,
        theme: &Theme,
        pages: &Pages,
    ) -> SiteFiles {
        let roots = site
            .root
            .join("content")
            .canonicalize()
            .ok()
            .into_iter()
            .chain(theme.folder.clone())
            .collect();
        let mut files = BTreeMap::new();
        for (path, source) in &theme.static_files {
            files.insert(path.clone(), Body::Theme(source.clone()));
        }
        for file in generated {
            files.insert(file.path, Body::Bytes(Arc::new(file.contents)));
        }
        let mut files = SiteFiles { files, roots };
        files.choose_assets(site, pages);
        files
    }

    /// Puts in the files of content/ that are published, and takes out those that are
    /// not (any more): a file in a hidden folder only when a page links it, any other
    /// unless only drafts use it ([`Pages::withheld`]). With a hidden one, a `.nojekyll`
    /// file for GitHub Pages.
    pub(crate) fn choose_assets(&mut self, site: &Site, pages: &Pages) {
        let linked: HashSet<usize> = pages
            .refs
            .iter()
            .flat_map(|r| r.files.iter().copied())
            .collect();
        for (id, asset) in site.assets.iter().enumerate() {
            let published = match is_hidden(&asset.rel_path) {
                true => linked.contains(&id),
                false => !pages.withheld.get(id).copied().unwrap_or(false),
            };
            match published {
                true => self
                    .files
                    .insert(asset.rel_path.clone(), Body::Copy(asset.source.clone())),
                false => self.files.remove(&asset.rel_path),
            };
        }
        // GitHub Pages runs Jekyll, which leaves out folders whose names start with `.`
        // (`.gitbook/assets/`) unless the site has a `.nojekyll` file.
        let hidden = self.files.keys().any(|p| p != NOJEKYLL && is_hidden(p));
        match hidden {
            true => self
                .files
                .insert(NOJEKYLL.to_string(), Body::Bytes(Arc::new(Vec::new()))),
            false => self.files.remove(NOJEKYLL),
        };
    }

    /// The bytes of one file.
    pub fn read(&self, path: &str) -> Option<std::io::Result<std::borrow::Cow<'_, [u8]>>> {
        Some(match self.files.get(path)? {
            Body::Bytes(bytes) => Ok(bytes.as_slice().into()),
            Body::Theme(Source::BuiltIn(bytes)) => Ok((*bytes).into()),
            Body::Copy(from) | Body::Theme(Source::Disk(from)) => {
                self.read_inside(from).map(Into::into)
            }
        })
    }

    /// The bytes of a generated file (a page, the search index), shared, not copied.
    pub(crate) fn shared(&self, path: &str) -> Option<Arc<Vec<u8>>> {
        match self.files.get(path)? {
            Body::Bytes(bytes) => Some(Arc::clone(bytes)),
            _ => None,
        }
    }

    /// Reads a source file, refusing one that now resolves outside the site's folders.
    fn read_inside(&self, from: &Path) -> std::io::Result<Vec<u8>> {
        let real = from.canonicalize()?;
        if !self.roots.iter().any(|root| real.starts_with(root)) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "outside the site",
            ));
        }
        fs::read(real)
    }
}

/// A build's output being written: a staging folder beside the output folder, filled
/// while the site renders (pages are written as soon as each is made, so a large site
/// is never held whole in memory), then swapped in by [`Staging::swap_in`]. Dropped
/// before that, it removes itself and the output folder stays as it was.
pub(crate) struct Staging {
    output: PathBuf,
    parent: PathBuf,
    name: String,
    dir: PathBuf,
    written: AtomicUsize,
    /// The first write that failed; the build then fails as a whole.
    failed: Mutex<Option<anyhow::Error>>,
    swapped: bool,
    /// What was cleared up after interrupted builds.
    cleared: Vec<String>,
}

/// What writing the site did.
#[derive(Debug)]
pub(crate) struct Written {
    /// Files written.
    pub(crate) files: usize,
    /// What of the previous output could not be removed, one a line.
    pub(crate) notes: Vec<String>,
}

impl Staging {
    /// An empty staging folder for `output`.
    pub(crate) fn create(output: &Path) -> anyhow::Result<Staging> {
        let output = absolute(output)?;
        Self::create_beside(output.clone()).map_err(|e| unwritable(e, &output))
    }

    fn create_beside(output: PathBuf) -> anyhow::Result<Staging> {
        check_writable(&output)?;
        let parent = output
            .parent()
            .context("the output folder has no parent folder")?
            .to_path_buf();
        fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let name = output
            .file_name()
            .context("the output folder has no name")?
            .to_string_lossy()
            .into_owned();
        let cleared = swap::recover(&output, &parent, &name);
        let dir = swap::staging_dir(&output, &parent, &name);
        if dir.exists() {
            fs::remove_dir_all(&dir).with_context(|| format!("cannot clear {}", dir.display()))?;
        }
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(Staging {
            output,
            parent,
            name,
            dir,
            written: AtomicUsize::new(0),
            failed: Mutex::new(None),
            swapped: false,
            cleared,
        })
    }

    /// What was cleared up after builds that were interrupted, one a line.
    pub(crate) fn take_cleared(&mut self) -> Vec<String> {
        std::mem::take(&mut self.cleared)
    }

    /// Writes one generated file now (from any thread). A failure is kept for
    /// [`swap_in`](Self::swap_in) to report.
    pub(crate) fn put(&self, file: OutputFile) {
        let path = self.dir.join(&file.path);
        let result = match path.parent() {
            Some(dir) => fs::create_dir_all(dir),
            None => Ok(()),
        }
        .and_then(|()| fs::write(&path, &file.contents))
        .with_context(|| format!("cannot write {}", path.display()));
        match result {
            Ok(()) => {
                self.written.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => {
                let mut failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
                failed.get_or_insert(e);
            }
        }
    }

    /// Writes the rest of the site, then swaps the staging folder in for the output
    /// folder.
    pub(crate) fn swap_in(mut self, site: &SiteFiles) -> anyhow::Result<Written> {
        let failed = self.failed.lock().unwrap_or_else(|p| p.into_inner()).take();
        match failed {
            Some(e) => Err(e),
            None => fill(&self.dir, site),
        }
        .with_context(|| format!("nothing was changed in {}", self.output.display()))
        .map_err(|e| unwritable(e, &self.output))?;
        let notes = swap::swap(&self.dir, &self.output, &self.parent, &self.name)?;
        self.swapped = true;
        Ok(Written {
            files: self.written.load(Ordering::Relaxed) + site.files.len(),
            notes,
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.swapped {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Fails unless this user can write in the output folder: after the swap, its old
/// contents could not be removed. Tried by writing a file, which also holds for root and
/// for an immutable folder, where permission bits say nothing.
fn check_writable(output: &Path) -> anyhow::Result<()> {
    if !output.is_dir() {
        return Ok(());
    }
    let probe = output.join(format!(".playbook-write-check-{}", std::process::id()));
    fs::write(&probe, b"").with_context(|| {
        format!(
            "cannot write in {}, so it cannot be replaced; nothing was changed in it",
            output.display()
        )
    })?;
    fs::remove_file(&probe).with_context(|| format!("cannot remove {}", probe.display()))
}

/// Writes the files of `site` and the marker into the staging folder.
fn fill(staging: &Path, site: &SiteFiles) -> anyhow::Result<()> {
    let marker = Body::Bytes(Arc::new(
        b"This folder is written by playbook build and replaced on every build.\n".to_vec(),
    ));
    let mut jobs: Vec<(&str, &Body)> = site.files.iter().map(|(p, b)| (p.as_str(), b)).collect();
    jobs.push((MARKER, &marker));
    // Folders first, each once, then the files in parallel.
    let folders: std::collections::BTreeSet<&str> = jobs
        .iter()
        .filter_map(|(path, _)| path.rsplit_once('/').map(|(dir, _)| dir))
        .collect();
    for folder in folders {
        let dir = staging.join(folder);
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    jobs.par_iter()
        .try_for_each(|(path, body)| write_one(&staging.join(path), body))
}

fn write_one(path: &Path, body: &Body) -> anyhow::Result<()> {
    let result = match body {
        Body::Bytes(bytes) => fs::write(path, bytes.as_slice()),
        Body::Theme(Source::BuiltIn(bytes)) => fs::write(path, bytes),
        Body::Copy(from) | Body::Theme(Source::Disk(from)) => fs::copy(from, path).map(drop),
    };
    result.with_context(|| format!("cannot write {}", path.display()))
}

/// `path` made absolute with `.` and `..` resolved and symlinks followed wherever the
/// path exists, the way the kernel would read it, so `starts_with` compares real places.
/// (`missing/../content` is `content`, not a folder beside it.)
fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    let path =
        std::path::absolute(path).with_context(|| format!("cannot resolve {}", path.display()))?;
    let mut real = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                real.pop();
            }
            Component::CurDir => {}
            other => {
                real.push(other);
                if let Ok(canonical) = real.canonicalize() {
                    real = canonical;
                }
            }
        }
    }
    Ok(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_dot_after_a_missing_folder_is_resolved() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("content")).unwrap();
        let sneaky = root.join("missing/../content");
        assert_eq!(absolute(&sneaky).unwrap(), root.join("content"));
        assert!(check_target(&root, &sneaky).is_err());
        assert!(check_target(&root, &root.join("missing/../output")).is_ok());
    }
}
