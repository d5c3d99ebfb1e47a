//! Scaffolding, for the commands that write sources rather than a site:
//! `playbook new` (a page with its front matter filled in, numbered after its section's
//! `NN-` files) and `playbook init` (the bundled partnering playbook and a commented
//! site.toml, compiled into the binary). Neither ever overwrites a file.

use std::io::Write;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use super::{slugify, split_weight};
use crate::config::in_site;

/// Arguments of `new` that no file system state can make right.
pub(crate) fn check_args(section: &str, title: &str) -> Result<(), String> {
    let section = section.trim_matches('/');
    if section
        .split('/')
        .any(|p| p == ".." || p == "." || p.is_empty())
        && !section.is_empty()
    {
        return Err(format!(
            "the section `{section}` must be a folder below content/, e.g. `tips`"
        ));
    }
    if slugify(title).is_empty() {
        return Err(format!(
            "the title `{title}` has no letters or digits to make a file name from"
        ));
    }
    Ok(())
}

/// Writes `content/SECTION/SLUG.md` with its front matter, continuing the section's
/// `NN-` numbering when its files use one. Never overwrites.
pub(crate) fn new_page(root: &Path, section: &str, title: &str) -> anyhow::Result<PathBuf> {
    let title = title.trim();
    let section = section.trim_matches('/');
    let dir = in_site(root, "content").join(section);
    let slug = slugify(title);
    let mut numbers = Vec::new();
    let mut same_slug = None;
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let (weight, rest) = split_weight(name.trim_end_matches(".md"));
            if name.ends_with(".md") && slugify(rest) == slug {
                same_slug = Some(entry.path());
            }
            if let Some(n) = weight {
                let width = name.chars().take_while(char::is_ascii_digit).count();
                numbers.push((n, width));
            }
        }
    }
    let prefix = match numbers.iter().max() {
        Some(&(n, width)) => format!("{:0width$}-", n + 1),
        None => String::new(),
    };
    if let Some(existing) = same_slug {
        anyhow::bail!(
            "{} already has the slug `{slug}`; choose another title",
            existing.display()
        );
    }
    let path = dir.join(format!("{prefix}{slug}.md"));
    anyhow::ensure!(!path.exists(), "{} already exists", path.display());
    std::fs::create_dir_all(&dir)?;
    let quoted = serde_json::to_string(title)?;
    let text =
        format!("---\ntitle: {quoted}\ndescription: \"\"\ntags: []\n---\n\nWrite the page here.\n");
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// The bundled partnering playbook, compiled in so an installed binary can write it.
static PLAYBOOK: Dir = include_dir!("$CARGO_MANIFEST_DIR/content");
/// The commented site.toml that goes with it.
const SITE_TOML: &str = include_str!("../../site.toml");
/// Keeps builds out of version control.
const GITIGNORE: &str = "/output/\n";

/// What `init` wrote and what it left alone.
#[derive(Debug, Default)]
pub(crate) struct Init {
    /// Files written.
    pub(crate) written: Vec<PathBuf>,
    /// Files that already existed and were kept as they were.
    pub(crate) kept: Vec<PathBuf>,
}

/// Writes the bundled playbook into `dir/content/`, with `site.toml` and `.gitignore`
/// beside it. Refuses a folder that already has `content/`; keeps any other file that is
/// already there.
pub(crate) fn init(dir: &Path) -> anyhow::Result<Init> {
    let content = dir.join("content");
    anyhow::ensure!(
        !content.exists(),
        "{} already exists; run init in a new or empty folder",
        content.display()
    );
    let mut files: Vec<(PathBuf, &[u8])> = vec![
        (dir.join("site.toml"), SITE_TOML.as_bytes()),
        (dir.join(".gitignore"), GITIGNORE.as_bytes()),
    ];
    let mut stack = vec![&PLAYBOOK];
    while let Some(folder) = stack.pop() {
        stack.extend(folder.dirs());
        files.extend(
            folder
                .files()
                .map(|f| (content.join(f.path()), f.contents())),
        );
    }
    files.sort();
    let mut done = Init::default();
    for (path, bytes) in files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", parent.display()))?;
        }
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                file.write_all(bytes)
                    .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
                done.written.push(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => done.kept.push(path),
            Err(e) => anyhow::bail!("cannot write {}: {e}", path.display()),
        }
    }
    Ok(done)
}
