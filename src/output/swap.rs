//! Swapping a finished staging folder in for the output folder, and clearing up after a
//! build that was interrupted while doing so.
//!
//! Three ways, most atomic first:
//! - **exchange**: one `renameat2(RENAME_EXCHANGE)` swaps the two folders, so there is
//!   always a complete `output/`; the old site, now in the staging folder's place, is
//!   removed after;
//! - **two renames**, where the file system cannot exchange: the old output aside, the
//!   new one in; an interruption between them leaves no `output/`, which the next build
//!   puts back before anything else;
//! - **contents**, when the output folder is a mount point (a Docker volume, a tmpfs, an
//!   NFS share) and cannot be renamed: the build stages inside it, moves the old entries
//!   into a folder beside the staging folder and the new ones up. An interruption leaves
//!   a site mixed from both builds, which the next build replaces; nothing is lost.
//!
//! Leftovers carry the id of the process that made them; one whose process is gone is
//! cleared (or restored) by the next build. Removing never follows a symbolic link.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use super::{KEPT, MARKER, stays};

/// Where a build stages: beside the output folder, or inside it when it is a mount point.
pub(super) fn staging_dir(output: &Path, parent: &Path, name: &str) -> PathBuf {
    let pid = std::process::id();
    if is_mount_point(output, parent) {
        output.join(format!("{INSIDE_STAGING}{pid}"))
    } else {
        parent.join(format!(".{name}{BESIDE_STAGING}{pid}"))
    }
}

const BESIDE_STAGING: &str = ".staging-";
const BESIDE_OLD: &str = ".old-";
const INSIDE_STAGING: &str = ".playbook-staging-";
const INSIDE_OLD: &str = ".playbook-old-";

/// A folder another file system (or a bind mount) is mounted on: rename cannot move it,
/// nor anything into it from outside. The kernel says so (statx, Linux 5.8 and later);
/// elsewhere, a folder on another device than its parent's.
fn is_mount_point(output: &Path, parent: &Path) -> bool {
    if let Some(root) = mount_root(output) {
        return root;
    }
    use std::os::unix::fs::MetadataExt;
    match (fs::symlink_metadata(output), fs::metadata(parent)) {
        (Ok(out), Ok(par)) => out.is_dir() && out.dev() != par.dev(),
        _ => false,
    }
}

#[cfg(target_os = "linux")]
fn mount_root(path: &Path) -> Option<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let path = CString::new(path.as_os_str().as_bytes()).ok()?;
    // SAFETY: statx fills the zeroed struct; the path is NUL-terminated.
    let mut buf: libc::statx = unsafe { std::mem::zeroed() };
    let rc = unsafe {
        libc::statx(
            libc::AT_FDCWD,
            path.as_ptr(),
            libc::AT_SYMLINK_NOFOLLOW,
            libc::STATX_BASIC_STATS,
            &mut buf,
        )
    };
    let flag = libc::STATX_ATTR_MOUNT_ROOT as u64;
    (rc == 0 && buf.stx_attributes_mask & flag != 0).then_some(buf.stx_attributes & flag != 0)
}

#[cfg(not(target_os = "linux"))]
fn mount_root(_: &Path) -> Option<bool> {
    None
}

/// Swaps the finished `staging` folder in for `output`. An error means the output is as
/// it was; what could not be removed after the swap is returned as a note (the next
/// build removes it), so a build that fails never has replaced the output.
pub(super) fn swap(
    staging: &Path,
    output: &Path,
    parent: &Path,
    name: &str,
) -> anyhow::Result<Vec<String>> {
    // Last line of defence: only a folder playbook wrote (or none) is ever replaced.
    let staged_inside = staging.parent() == Some(output);
    let ours = |dir: &Path| ours(dir, staging.file_name().filter(|_| staged_inside));
    if fs::symlink_metadata(output).is_ok() && !(output.is_dir() && ours(output)) {
        bail!(
            "refusing to replace {}: it was not written by playbook",
            output.display()
        );
    }
    if staged_inside {
        // Staged inside a mount point (dropping the staging folder removes it on error).
        return swap_contents(staging, output);
    }
    if fs::symlink_metadata(output).is_err() {
        fs::rename(staging, output)
            .with_context(|| format!("cannot move the new site into {}", output.display()))?;
        return Ok(Vec::new());
    }
    match exchange(staging, output) {
        // The old site is where the staging folder was.
        Ok(()) => Ok(retire(staging, output)),
        Err(e) if e.raw_os_error() == Some(libc::EBUSY) => {
            // A mount point on the same device (a bind mount): swap what is inside.
            let inside = output.join(format!("{INSIDE_STAGING}{}", std::process::id()));
            fs::rename(staging, &inside)
                .with_context(|| format!("cannot move the new site into {}", output.display()))?;
            swap_contents(&inside, output).inspect_err(|_| {
                let _ = remove_tree(&inside);
            })
        }
        Err(e) if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) => {
            two_renames(staging, output, parent, name)
        }
        Err(e) => {
            Err(e).with_context(|| format!("cannot swap the new site in for {}", output.display()))
        }
    }
}

/// Whether `dir` was written by playbook (it has the marker) or holds nothing but what
/// stays ([`stays`]) and, when given, the staging folder of this build.
pub(super) fn ours(dir: &Path, staging: Option<&std::ffi::OsStr>) -> bool {
    dir.join(MARKER).is_file()
        || fs::read_dir(dir).is_ok_and(|mut entries| {
            entries.all(|e| {
                e.is_ok_and(|e| stays(&e.file_name()) || Some(e.file_name().as_os_str()) == staging)
            })
        })
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths for the duration of the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from_raw_os_error(libc::EINVAL))
}

/// The old output aside, the new one in; back as it was when the second rename fails.
fn two_renames(
    staging: &Path,
    output: &Path,
    parent: &Path,
    name: &str,
) -> anyhow::Result<Vec<String>> {
    let old = parent.join(format!(".{name}{BESIDE_OLD}{}", std::process::id()));
    fs::rename(output, &old).with_context(|| format!("cannot move {} aside", output.display()))?;
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        return Err(e)
            .with_context(|| format!("cannot move the new site into {}", output.display()));
    }
    Ok(retire(&old, output))
}

/// Moves the old output's entries into a folder inside it and the staged ones up.
/// The marker is replaced, not moved out, so the folder is marked as ours throughout.
fn swap_contents(staging: &Path, output: &Path) -> anyhow::Result<Vec<String>> {
    let old = output.join(format!("{INSIDE_OLD}{}", std::process::id()));
    fs::create_dir(&old).with_context(|| format!("cannot create {}", old.display()))?;
    let keep = |name: &std::ffi::OsStr| {
        name == MARKER
            || stays(name)
            || Some(name) == staging.file_name()
            || Some(name) == old.file_name()
    };
    let mut moved = Vec::new();
    for entry in
        fs::read_dir(output).with_context(|| format!("cannot read {}", output.display()))?
    {
        let name = entry?.file_name();
        if keep(&name) {
            continue;
        }
        if let Err(e) = fs::rename(output.join(&name), old.join(&name)) {
            // Put back what was moved: the output is as it was.
            for name in moved {
                let _ = fs::rename(old.join(&name), output.join(&name));
            }
            let _ = fs::remove_dir(&old);
            return Err(e).with_context(|| {
                format!("cannot move the old site aside in {}", output.display())
            });
        }
        moved.push(name);
    }
    // From here on the output is the new site, however far this gets.
    let mut notes = Vec::new();
    for entry in
        fs::read_dir(staging).with_context(|| format!("cannot read {}", staging.display()))?
    {
        let name = entry?.file_name();
        if let Err(e) = fs::rename(staging.join(&name), output.join(&name)) {
            notes.push(format!(
                "cannot move {} into {}: {e}",
                name.to_string_lossy(),
                output.display()
            ));
        }
    }
    notes.extend(retire(staging, output));
    notes.extend(retire(&old, output));
    Ok(notes)
}

/// Removes the old site after a swap, keeping its `.git` for the new one. What cannot be
/// removed is left for the next build, with a note saying so.
fn retire(old: &Path, output: &Path) -> Vec<String> {
    let kept = old.join(KEPT);
    let kept_there = fs::symlink_metadata(&kept).is_ok();
    if kept_there
        && fs::symlink_metadata(output.join(KEPT)).is_err()
        && let Err(e) = fs::rename(&kept, output.join(KEPT))
    {
        return vec![format!(
            "cannot move {} back into {}: {e}; move it yourself",
            kept.display(),
            output.display()
        )];
    }
    if kept_there && fs::symlink_metadata(&kept).is_ok() {
        return vec![format!(
            "left {} as it was: it holds a {KEPT} and {} has one too",
            old.display(),
            output.display()
        )];
    }
    match remove_tree(old) {
        Ok(()) => Vec::new(),
        Err(e) => vec![format!(
            "cannot remove the previous output {}: {e}; the next build tries again",
            old.display()
        )],
    }
}

/// Clears what interrupted builds into `output` left, before this one stages: a staging
/// folder is removed, and an old output is put back when there is no `output/` (the
/// build stopped between its two renames), otherwise removed. Returns what it did.
pub(super) fn recover(output: &Path, parent: &Path, name: &str) -> Vec<String> {
    let mut notes = Vec::new();
    let beside = format!(".{name}");
    for (dir, prefix) in [(parent, beside.as_str()), (output, "")] {
        let Ok(entries) = fs::read_dir(dir) else {
            continue;
        };
        let mut leftovers: Vec<(PathBuf, Leftover)> = entries
            .flatten()
            .filter_map(|e| {
                let file = e.file_name();
                let kind = leftover(file.to_str()?.strip_prefix(prefix)?, dir == output)?;
                Some((e.path(), kind))
            })
            .collect();
        leftovers.sort();
        for (path, kind) in leftovers {
            let note = match kind {
                Leftover::Old if dir == parent && fs::symlink_metadata(output).is_err() => {
                    match fs::rename(&path, output) {
                        Ok(()) => format!(
                            "put back {}, which an interrupted build had moved aside",
                            output.display()
                        ),
                        Err(e) => format!(
                            "cannot put back {} from {}: {e}",
                            output.display(),
                            path.display()
                        ),
                    }
                }
                Leftover::Old if dir == output => {
                    restore_entries(&path, output);
                    finish_leftover(&path, output)
                }
                _ => finish_leftover(&path, output),
            };
            notes.push(note);
        }
    }
    notes
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Leftover {
    Staging,
    Old,
}

/// What a file name (after `.output`, or at the output's root) says it is, when the
/// process that made it is gone.
fn leftover(rest: &str, inside: bool) -> Option<Leftover> {
    let (staging, old) = if inside {
        (INSIDE_STAGING, INSIDE_OLD)
    } else {
        (BESIDE_STAGING, BESIDE_OLD)
    };
    let (kind, pid) = if let Some(pid) = rest.strip_prefix(staging) {
        (Leftover::Staging, pid)
    } else {
        (Leftover::Old, rest.strip_prefix(old)?)
    };
    let pid: i32 = pid.parse().ok().filter(|p| *p > 0)?;
    (!alive(pid)).then_some(kind)
}

fn alive(pid: i32) -> bool {
    if pid == std::process::id() as i32 {
        return true;
    }
    // SAFETY: signal 0 only checks that the process exists.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Moves back each entry of an interrupted contents swap whose name the output lacks.
fn restore_entries(old: &Path, output: &Path) {
    for entry in fs::read_dir(old).into_iter().flatten().flatten() {
        let target = output.join(entry.file_name());
        if fs::symlink_metadata(&target).is_err() {
            let _ = fs::rename(entry.path(), target);
        }
    }
}

fn finish_leftover(path: &Path, output: &Path) -> String {
    match retire(path, output).pop() {
        Some(note) => note,
        None => format!("removed {}, left by an interrupted build", path.display()),
    }
}

/// Removes a folder we own, in parallel (a site has thousands of files), never following
/// a symbolic link: the folder is opened without following one and emptied through that
/// handle (the `remove_dir_all` crate, which removes what is inside by `openat` and
/// `unlinkat`, as std does). When a link (or a file) stands where the folder was, the link
/// itself is removed and what it points to is left alone.
pub(super) fn remove_tree(dir: &Path) -> io::Result<()> {
    use remove_dir_all::RemoveDir;
    use std::os::unix::fs::OpenOptionsExt;
    let opened = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_DIRECTORY)
        .open(dir);
    let mut handle = match opened {
        Ok(handle) => handle,
        Err(e) if matches!(e.raw_os_error(), Some(libc::ELOOP | libc::ENOTDIR)) => {
            return fs::remove_file(dir);
        }
        Err(e) => return Err(e),
    };
    handle.remove_dir_contents(Some(dir))?;
    fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The old output moved aside may be a link (or be swapped for one): removing it
    /// removes the link, never what it points to.
    #[test]
    fn removing_a_tree_never_follows_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir_all(elsewhere.join("sub")).unwrap();
        fs::write(elsewhere.join("keep.txt"), "mine").unwrap();
        fs::write(elsewhere.join("sub/keep.txt"), "mine").unwrap();
        let old = dir.path().join(".output.old-1");
        std::os::unix::fs::symlink(&elsewhere, &old).unwrap();
        remove_tree(&old).unwrap();
        assert!(fs::symlink_metadata(&old).is_err(), "the link is gone");
        assert!(elsewhere.join("keep.txt").is_file());
        assert!(elsewhere.join("sub/keep.txt").is_file());
        // A real folder, with a link inside to a folder outside: the link goes, the
        // folder it points to stays full.
        let real = dir.path().join(".output.old-2");
        fs::create_dir_all(real.join("a/b")).unwrap();
        fs::write(real.join("a/b/page.html"), "x").unwrap();
        std::os::unix::fs::symlink(&elsewhere, real.join("a/link")).unwrap();
        remove_tree(&real).unwrap();
        assert!(!real.exists());
        assert!(elsewhere.join("sub/keep.txt").is_file());
    }

    /// A leftover is only one whose process is gone, and only with our names.
    #[test]
    fn leftovers_are_named_by_a_process_that_is_gone() {
        let me = std::process::id();
        assert_eq!(leftover(&format!(".staging-{me}"), false), None);
        assert_eq!(
            leftover(".staging-99999999", false),
            Some(Leftover::Staging)
        );
        assert_eq!(leftover(".old-99999999", false), Some(Leftover::Old));
        assert_eq!(
            leftover(".playbook-old-99999999", true),
            Some(Leftover::Old)
        );
        assert_eq!(leftover(".playbook-old-99999999", false), None);
        assert_eq!(leftover(".old-1x", false), None);
        assert_eq!(leftover(".old-", false), None);
        assert_eq!(leftover(".old-0", false), None);
        assert_eq!(leftover(".old-1", false), None, "init is alive");
    }
}
