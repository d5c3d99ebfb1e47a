//! Output: writes a built site to a staging folder beside the target and swaps it in
//! only when every file was written, so a failed build (or a full disk) leaves the
//! previous output exactly as it was. Nothing outside the output folder is ever removed.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, bail};
use rayon::prelude::*;

use crate::content::Site;
use crate::render::{OutputFile, Source, Theme};

/// The file that marks a folder as written by playbook, so a rebuild may replace it.
pub const MARKER: &str = ".playbook-output";

/// An output folder playbook will not build into: misuse of `--output`, not a problem of
/// the site, so the command line reports it with exit status 2.
#[derive(Debug)]
pub struct Refusal {
    /// The output folder as given.
    pub output: PathBuf,
    /// Why not.
    pub message: String,
    /// What to do instead.
    pub help: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for Refusal {}

/// Refuses output folders whose replacement would destroy the site or someone's files:
/// the site folder itself, one that holds `content/`, one inside `content/` or `themes/`,
/// a file, and an existing non-empty folder playbook did not write.
pub fn check_target(root: &Path, output: &Path) -> anyhow::Result<()> {
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
        if real.starts_with(root.join(name)) {
            return refuse(
                format!("it lies inside {name}/, which the site is built from"),
                elsewhere,
            );
        }
    }
    if real.exists() && !real.is_dir() {
        return refuse(
            "it is a file, not a folder".into(),
            "choose a folder for --output".into(),
        );
    }
    if real.is_dir() && !real.join(MARKER).exists() {
        let empty = fs::read_dir(&real)
            .with_context(|| format!("cannot read {}", real.display()))?
            .next()
            .is_none();
        if !empty {
            return refuse(
                "it is not empty and was not written by playbook".into(),
                "empty or remove it yourself, or choose another --output".into(),
            );
        }
    }
    Ok(())
}

/// Writes `files`, the site's assets and the theme's static files into a staging folder,
/// then swaps it in for `output`. Returns the number of files written.
pub fn write(
    output: &Path,
    files: &[OutputFile],
    site: &Site,
    theme: &Theme,
) -> anyhow::Result<usize> {
    let output = absolute(output)?;
    let parent = output
        .parent()
        .context("the output folder has no parent folder")?
        .to_path_buf();
    fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let name = output
        .file_name()
        .context("the output folder has no name")?
        .to_string_lossy()
        .into_owned();
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let result = fill(&staging, files, site, theme);
    let count = match result {
        Ok(count) => count,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e.context(format!("nothing was changed in {}", output.display())));
        }
    };
    swap(&staging, &output, &parent, &name)?;
    Ok(count)
}

fn fill(staging: &Path, files: &[OutputFile], site: &Site, theme: &Theme) -> anyhow::Result<usize> {
    if staging.exists() {
        fs::remove_dir_all(staging)
            .with_context(|| format!("cannot clear {}", staging.display()))?;
    }
    fs::create_dir_all(staging).with_context(|| format!("cannot create {}", staging.display()))?;
    let mut jobs: Vec<(PathBuf, Payload)> = Vec::new();
    for (path, source) in &theme.static_files {
        jobs.push((staging.join(path), Payload::Theme(source)));
    }
    for asset in &site.assets {
        jobs.push((staging.join(&asset.rel_path), Payload::Copy(&asset.source)));
    }
    for file in files {
        jobs.push((staging.join(&file.path), Payload::Bytes(&file.contents)));
    }
    jobs.push((
        staging.join(MARKER),
        Payload::Bytes(b"This folder is written by playbook build and replaced on every build.\n"),
    ));
    jobs.par_iter()
        .try_for_each(|(path, payload)| write_one(path, payload))?;
    Ok(jobs.len() - 1)
}

enum Payload<'a> {
    Bytes(&'a [u8]),
    Copy(&'a Path),
    Theme(&'a Source),
}

fn write_one(path: &Path, payload: &Payload) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let result = match payload {
        Payload::Bytes(bytes) => fs::write(path, bytes),
        Payload::Copy(from) => fs::copy(from, path).map(drop),
        Payload::Theme(Source::BuiltIn(bytes)) => fs::write(path, bytes),
        Payload::Theme(Source::Disk(from)) => fs::copy(from, path).map(drop),
    };
    result.with_context(|| format!("cannot write {}", path.display()))
}

/// Moves the old output aside, the staging folder in, and then deletes the old output.
fn swap(staging: &Path, output: &Path, parent: &Path, name: &str) -> anyhow::Result<()> {
    // Last line of defence: only a folder playbook wrote (or none) is ever moved aside.
    let ours = |dir: &Path| {
        dir.join(MARKER).is_file()
            || fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
    };
    if output.exists() && !(output.is_dir() && ours(output)) {
        let _ = fs::remove_dir_all(staging);
        bail!(
            "refusing to replace {}: it was not written by playbook",
            output.display()
        );
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let had_output = output.exists();
    if had_output {
        fs::rename(output, &old)
            .with_context(|| format!("cannot move {} aside", output.display()))?;
    }
    if let Err(e) = fs::rename(staging, output) {
        if had_output {
            let _ = fs::rename(&old, output);
        }
        let _ = fs::remove_dir_all(staging);
        return Err(e)
            .with_context(|| format!("cannot move the new site into {}", output.display()));
    }
    if had_output {
        fs::remove_dir_all(&old)
            .with_context(|| format!("cannot remove the previous output {}", old.display()))?;
    }
    Ok(())
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
