//! Which file is a folder's page: its `_index.md` (Zola, Hugo), else `index.md`, else
//! `README.md` (GitHub, GitLab, GitBook, mdBook), else a note `X.md` beside the folder
//! `X/` (Obsidian's folder notes). Two of the first three in one folder is an error.
//!
//! A folder whose only markdown is its `index.md` or `README.md` (a Hugo or Zola page
//! bundle: a page with its images beside it) is one page, not a section: it sits among
//! its parent folder's pages, at the folder's address.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::walk::Found;
use crate::diagnostic::{Diagnostic, Position};

/// The rank of a file name as a folder page, lower first; `None` for other files.
fn rank(name: &str) -> Option<u8> {
    match name {
        "_index.md" => Some(0),
        "index.md" => Some(1),
        _ if name.eq_ignore_ascii_case("readme.md") => Some(2),
        _ => None,
    }
}

/// The folder whose page `rel_path` is, when it is one: `tips` for `tips/README.md`
/// and for the folder note `tips.md`.
pub(crate) fn folder_of(rel_path: &str) -> &str {
    let (dir, name) = rel_path.rsplit_once('/').unwrap_or(("", rel_path));
    match rank(name) {
        Some(_) => dir,
        None => rel_path.strip_suffix(".md").unwrap_or(rel_path),
    }
}

/// What a markdown file is to its folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Role {
    /// The folder's page: the section's intro.
    FolderPage,
    /// The only markdown of its folder (`post/index.md`): a page at the folder's address.
    Bundle,
}

/// The files that are folder pages or bundles, and an error for each second page of a
/// folder.
pub(crate) fn pick(files: &[Found]) -> (HashMap<String, Role>, Vec<Diagnostic>) {
    let mut by_dir: HashMap<&str, Vec<(u8, &Found)>> = HashMap::new();
    let mut dirs: BTreeSet<&str> = BTreeSet::from([""]);
    let mut markdown_under: HashMap<&str, usize> = HashMap::new();
    for file in files {
        let (dir, name) = file
            .rel_path
            .rsplit_once('/')
            .unwrap_or(("", &file.rel_path));
        if let Some(rank) = rank(name) {
            by_dir.entry(dir).or_default().push((rank, file));
        }
        let mut up = dir;
        while !up.is_empty() {
            dirs.insert(up);
            *markdown_under.entry(up).or_default() += 1;
            up = up.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
    }
    let names: HashSet<&str> = files.iter().map(|f| f.rel_path.as_str()).collect();
    let (mut pages, mut errors) = (HashMap::new(), Vec::new());
    for dir in dirs {
        match by_dir.get_mut(dir) {
            Some(candidates) => {
                candidates.sort_by(|a, b| (a.0, &a.1.rel_path).cmp(&(b.0, &b.1.rel_path)));
                let (rank, first) = candidates[0];
                // `_index.md` says "section" in Zola and Hugo whatever the folder holds.
                let alone = !dir.is_empty() && rank > 0 && markdown_under.get(dir) == Some(&1);
                let role = if alone {
                    Role::Bundle
                } else {
                    Role::FolderPage
                };
                pages.insert(first.rel_path.clone(), role);
                for (_, other) in &candidates[1..] {
                    errors.push(second_page(dir, first, other));
                }
            }
            None if !dir.is_empty() => {
                let note = format!("{dir}.md");
                if names.contains(note.as_str()) {
                    pages.insert(note, Role::FolderPage);
                }
            }
            None => {}
        }
    }
    (pages, errors)
}

fn second_page(dir: &str, first: &Found, other: &Found) -> Diagnostic {
    let folder = if dir.is_empty() { "content/" } else { dir };
    let name = |f: &Found| {
        f.rel_path
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string()
    };
    Diagnostic::error(
        &other.path,
        Position::new(1, 1),
        format!(
            "`{folder}` has two folder pages, `{}` and `{}`",
            name(first),
            name(other)
        ),
    )
    .with_help(format!(
        "`{}` is the folder's page (`_index.md` comes before `index.md`, then `README.md`): merge `{}` into it, or rename it",
        name(first),
        name(other)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(paths: &[&str]) -> Vec<Found> {
        paths
            .iter()
            .map(|p| Found {
                rel_path: p.to_string(),
                path: p.into(),
            })
            .collect()
    }

    #[test]
    fn the_first_of_index_readme_or_a_folder_note_is_the_page() {
        let files = found(&[
            "README.md",
            "a/index.md",
            "a/README.md",
            "b/README.md",
            "c.md",
            "c/x.md",
            "d.md",
            "e/_index.md",
            "e.md",
        ]);
        let (pages, errors) = pick(&files);
        let mut pages: Vec<(&str, Role)> = pages.iter().map(|(p, r)| (p.as_str(), *r)).collect();
        pages.sort();
        use Role::{Bundle, FolderPage};
        assert_eq!(
            pages,
            [
                ("README.md", FolderPage),
                ("a/index.md", FolderPage),
                ("b/README.md", Bundle),
                ("c.md", FolderPage),
                ("e/_index.md", FolderPage)
            ],
            "`b/` holds only its README: a page bundle; `a/` has two pages, `e/` says `_index.md`"
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, std::path::Path::new("a/README.md"));
        assert_eq!(folder_of("c.md"), "c");
        assert_eq!(folder_of("a/b/Readme.md"), "a/b");
    }
}
