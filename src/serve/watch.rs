//! Watching the site folder: which changed paths matter (a pure function, so it is
//! tested on its own), and a debounced stream of changes, so that a burst of saves (a
//! `git checkout` of 500 files) gives one rebuild.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::event::{EventKind, ModifyKind};
use notify::{RecursiveMode, Watcher};

/// What a changed path is to the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Change {
    /// Not part of the site: the output folder, `.git`, editor swap and backup files.
    Ignored,
    /// A file of the theme's `static/` folder.
    Static,
    /// A file under `content/`.
    Content,
    /// A template of the theme.
    Template,
    /// `site.toml`.
    Config,
    /// A file outside `content/` that a page includes (`{{#include ../src/main.rs}}`).
    Included,
}

/// Classifies `path` (absolute, or relative to the same base as `root`).
pub(crate) fn classify(root: &Path, output: &Path, path: &Path) -> Change {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let editor_litter = name.starts_with(".#")
        || name.starts_with(".~")
        || name.ends_with('~')
        || name == "4913"
        || name == ".DS_Store"
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".crdownload"]
            .iter()
            .any(|ext| name.ends_with(ext));
    if editor_litter || path.starts_with(output) {
        return Change::Ignored;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return Change::Ignored;
    };
    let parts: Vec<&str> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect();
    if let ["content", rest @ ..] = parts.as_slice() {
        // A file in a hidden folder that is published when linked (`.gitbook/assets/`),
        // and the vault setting that says which notes are templates, are content.
        let rel = rest.join("/");
        let linkable = rest.last().is_some_and(|name| !name.starts_with('.'))
            && !rel.ends_with(".md")
            && crate::content::never_published(&rel).is_none();
        if rel == ".obsidian/templates.json" || (crate::content::is_hidden(&rel) && linkable) {
            return Change::Content;
        }
    }
    if parts.iter().any(|p| p.starts_with('.')) {
        return Change::Ignored; // .git, hidden folders: never part of the site
    }
    match parts.as_slice() {
        ["site.toml"] => Change::Config,
        ["content", ..] => Change::Content,
        ["themes", _, "static", _, ..] => Change::Static,
        // Anything else under themes/ (a template, or a theme folder created, renamed or
        // removed) may change any page.
        ["themes", ..] => Change::Template,
        _ => Change::Ignored,
    }
}

/// A batch of changes that arrived together.
#[derive(Debug, Clone, Default)]
pub(crate) struct Batch {
    /// The paths that matter, with what they are.
    pub(crate) paths: Vec<(PathBuf, Change)>,
    /// What the watcher could not do (watch a new folder past the system's limit), one
    /// line each, for the author to hear of.
    pub(crate) problems: Vec<String>,
}

/// A watch on `content/`, `themes/` and `site.toml` of a site folder, and on the files
/// elsewhere in it that pages include.
pub(crate) struct Watch {
    watcher: notify::RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    output: PathBuf,
    /// Included files outside `content/` and `themes/`, watched through their folders.
    included: HashSet<PathBuf>,
    folders: HashSet<PathBuf>,
}

impl Watch {
    /// Starts watching; changes from now on are seen, even before the first `next_batch`.
    pub(crate) fn start(root: &Path, output: &Path) -> notify::Result<Watch> {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let (tx, rx) = channel();
        let mut watcher = notify::recommended_watcher(tx)?;
        // The root itself only shallowly: it may hold output/, target/ and other large trees.
        watcher.watch(&root, RecursiveMode::NonRecursive)?;
        for dir in ["content", "themes"] {
            if root.join(dir).is_dir() {
                watcher.watch(&root.join(dir), RecursiveMode::Recursive)?;
            }
        }
        let output = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
        Ok(Watch {
            watcher,
            rx,
            root,
            output,
            included: HashSet::new(),
            folders: HashSet::new(),
        })
    }

    /// Also watches `files` (absolute, canonical folders) that are in the site folder but
    /// not already watched; each is watched through its folder, so a save by rename is
    /// seen. Files stay watched for the rest of the session.
    pub(crate) fn also_watch(&mut self, files: &[PathBuf]) {
        for file in files {
            let Ok(rel) = file.strip_prefix(&self.root) else {
                continue;
            };
            let watched = matches!(
                rel.components().next(),
                Some(Component::Normal(top)) if top == "content" || top == "themes"
            );
            if watched || file.starts_with(&self.output) || !self.included.insert(file.clone()) {
                continue;
            }
            if let Some(folder) = file.parent()
                && folder != self.root
                && self.folders.insert(folder.to_path_buf())
            {
                let _ = self.watcher.watch(folder, RecursiveMode::NonRecursive);
            }
        }
    }

    /// The next debounced batch of relevant changes; `None` when watching has stopped.
    pub(crate) fn next_batch(&mut self) -> Option<Batch> {
        let batch = next_batch(&self.rx, &self.root, &self.output, &self.included)?;
        // A folder created after the start (content/, themes/) needs a watch of its own.
        for dir in ["content", "themes"] {
            let path = self.root.join(dir);
            if batch.paths.iter().any(|(p, _)| p == &path) && path.is_dir() {
                let _ = self.watcher.watch(&path, RecursiveMode::Recursive);
            }
        }
        Some(batch)
    }

    /// The watched folder, as the watcher reports paths in it.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }
}

/// Waits for a change, then keeps collecting until the folder has been quiet for a
/// moment (or a burst has gone on too long), and returns what mattered.
fn next_batch(
    rx: &Receiver<notify::Result<notify::Event>>,
    root: &Path,
    output: &Path,
    included: &HashSet<PathBuf>,
) -> Option<Batch> {
    loop {
        let batch = collect(rx, root, output, included)?;
        if !batch.paths.is_empty() || !batch.problems.is_empty() {
            return Some(batch);
        }
    }
}

fn collect(
    rx: &Receiver<notify::Result<notify::Event>>,
    root: &Path,
    output: &Path,
    included: &HashSet<PathBuf>,
) -> Option<Batch> {
    const QUIET: Duration = Duration::from_millis(30);
    const LONGEST: Duration = Duration::from_millis(1000);
    let mut batch = Batch::default();
    let first = rx.recv().ok()?;
    let started = Instant::now();
    let mut add = |event: notify::Result<notify::Event>| {
        // Reads (the build's own, too) and metadata touches change nothing.
        let relevant = |kind: &EventKind| {
            matches!(
                kind,
                EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any
            ) || matches!(kind, EventKind::Modify(m) if !matches!(m, ModifyKind::Metadata(_)))
        };
        let event = match event {
            Ok(event) => event,
            Err(e) => {
                let problem = match e.kind {
                    notify::ErrorKind::MaxFilesWatch => format!(
                        "the system's limit on watched folders is reached: changes in {} \
                         and other new folders are not seen until serve is restarted; raise \
                         it with `sysctl fs.inotify.max_user_watches=524288`",
                        e.paths
                            .first()
                            .map_or("a new folder".into(), |p| p.display().to_string())
                    ),
                    _ => format!("watching for changes failed: {e}"),
                };
                if !batch.problems.contains(&problem) {
                    batch.problems.push(problem);
                }
                return;
            }
        };
        if let Some(event) = Some(event).filter(|e| relevant(&e.kind)) {
            for path in event.paths {
                let change = match included.contains(&path) {
                    true => Change::Included,
                    false => classify(root, output, &path),
                };
                if change != Change::Ignored && !batch.paths.iter().any(|(p, _)| p == &path) {
                    batch.paths.push((path, change));
                }
            }
        }
    };
    add(first);
    while started.elapsed() < LONGEST {
        match rx.recv_timeout(QUIET) {
            Ok(event) => add(event),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
    Some(batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str) -> Change {
        classify(
            Path::new("/site"),
            Path::new("/site/output"),
            Path::new(path),
        )
    }

    #[test]
    fn content_templates_static_and_config_are_told_apart() {
        assert_eq!(kind("/site/content/tips/a.md"), Change::Content);
        assert_eq!(kind("/site/content/tips/img/a.png"), Change::Content);
        assert_eq!(
            kind("/site/themes/default/templates/page.html"),
            Change::Template
        );
        assert_eq!(
            kind("/site/themes/default/templates/partials/nav.html"),
            Change::Template
        );
        assert_eq!(
            kind("/site/themes/default/static/style.css"),
            Change::Static
        );
        assert_eq!(kind("/site/site.toml"), Change::Config);
        assert_eq!(
            kind("/site/content/.gitbook/assets/a b.png"),
            Change::Content
        );
        assert_eq!(
            kind("/site/content/.obsidian/templates.json"),
            Change::Content
        );
    }

    #[test]
    fn output_git_and_editor_files_are_ignored() {
        for path in [
            "/site/output/index.html",
            "/site/.git/index",
            "/site/content/.a.md.swp",
            "/site/content/a.md~",
            "/site/content/.#a.md",
            "/site/content/4913",
            "/site/content/.hidden/a.md",
            "/site/content/.obsidian/workspace.json",
            "/site/content/.trash/a.png",
            "/site/content/.gitbook/.DS_Store",
            "/site/README.md",
            "/elsewhere/content/a.md",
            "/site/target/debug/x",
        ] {
            assert_eq!(kind(path), Change::Ignored, "{path}");
        }
    }
}
