//! Paths below `content/` as links write them: the page, folder or file a path names, in
//! each form other tools use (`dir/`, `dir/README.md`, `dir/index.html`, `Note` for
//! `Note.md`); files found by name, as Obsidian finds attachments; and, of several pages
//! or files with one name, the one nearest the linking page.

use super::{AssetId, Index, UrlTarget};
use crate::content::{DocId, SectionId};

/// What a path below `content/` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Found {
    /// A markdown file.
    Doc(DocId),
    /// A folder: its page, or its listing when it has none.
    Section(SectionId),
    /// Any other file.
    File(AssetId),
}

/// File names that stand for their folder's page in a link: what Zola, Hugo, GitHub,
/// GitBook and mdBook call it, and the file mdBook writes for it.
const FOLDER_PAGE_NAMES: [&str; 4] = ["_index.md", "index.md", "readme.md", "index.html"];

impl Index<'_> {
    /// The page, folder or file at `path` (below `content/`, `/`-separated, as
    /// [`join`] makes it): the file itself; else the folder it names (`dir`, `dir/`,
    /// `dir/README.md`, whichever file is the folder's page); else `path.md`.
    pub(super) fn find_path(&self, path: &str) -> Option<Found> {
        let is_folder = path.is_empty() || path.ends_with('/');
        if !is_folder {
            if let Some(&doc) = self.names.paths.get(path) {
                return Some(Found::Doc(doc));
            }
            if let Some(&file) = self.names.files.get(path) {
                return Some(Found::File(file));
            }
        }
        let dir = path.trim_end_matches('/');
        let (parent, name) = dir.rsplit_once('/').unwrap_or(("", dir));
        let folder_dir = match FOLDER_PAGE_NAMES.contains(&name.to_ascii_lowercase().as_str()) {
            true => parent,
            false => dir,
        };
        if let Some(&section) = self.names.dirs.get(folder_dir) {
            return Some(Found::Section(section));
        }
        // A folder that is one page (a bundle: `post/index.md` and its images).
        if let Some(&doc) = self.names.bundles.get(folder_dir) {
            return Some(Found::Doc(doc));
        }
        if is_folder || path.ends_with(".md") {
            return None;
        }
        // `[x](Note%20Name)`, written for a preview that adds `.md` itself.
        let page = self.names.paths.get(&format!("{path}.md"))?;
        Some(Found::Doc(*page))
    }

    /// The file that `written` (a name, or the end of a path: `diagram.png`,
    /// `img/diagram.png`) names anywhere below `content/`, compared without regard to
    /// letter case, as Obsidian finds attachments. Of several, the one nearest folder
    /// `from_dir`; `Err` with the nearest when they tie. `Ok(None)` when none matches, or
    /// `written` climbs (`../`).
    pub(super) fn find_file_by_name(
        &self,
        from_dir: &str,
        written: &str,
    ) -> Result<Option<AssetId>, Vec<AssetId>> {
        let written = written.trim_start_matches("./").trim_start_matches('/');
        if written.is_empty() || written.split('/').any(|p| p == "..") {
            return Ok(None);
        }
        let name = written.rsplit('/').next().unwrap_or_default();
        let Some(ids) = self.names.file_names.get(&name.to_lowercase()) else {
            return Ok(None);
        };
        let lower = written.to_lowercase();
        let suffix = format!("/{lower}");
        let assets = &self.site.assets;
        let located = ids
            .iter()
            .map(|&id| (id, assets[id].rel_path.to_lowercase()))
            .filter(|(_, path)| *path == lower || path.ends_with(&suffix))
            .map(|(id, _)| (id, parent_dir(&assets[id].rel_path)));
        match nearest_to(from_dir, located).as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            many => Err(many.to_vec()),
        }
    }

    /// The folder a wiki-link target sits in, for the nearest-folder rule: a page's own
    /// folder; for a folder (its page or its listing), the folder that holds it.
    pub(super) fn location(&self, target: UrlTarget) -> &str {
        let sections = &self.site.sections;
        match target {
            UrlTarget::Doc(id) => {
                let doc = &self.site.docs[id];
                match doc.is_section_index {
                    true => parent_dir(&sections[doc.section].rel_dir),
                    false => parent_dir(&doc.rel_path),
                }
            }
            UrlTarget::Section(id) => parent_dir(&sections[id].rel_dir),
            UrlTarget::File => "",
        }
    }

    /// The site URL that differs from `path` (`Tips/plan/`) only in letter case.
    pub(super) fn url_case_variant(&self, path: &str) -> Option<&str> {
        let wanted = path.trim_end_matches('/').to_lowercase();
        self.names
            .urls
            .keys()
            .find(|url| url.trim_end_matches('/').to_lowercase() == wanted)
            .map(String::as_str)
    }

    /// The path of a page, file or folder that differs from `path` only in letter case
    /// (`.gitbook/assets/AddDevice.PNG` for `.gitbook/assets/adddevice.PNG`).
    pub(super) fn case_variant(&self, path: &str) -> Option<&str> {
        let wanted = path.trim_end_matches('/').to_lowercase();
        let with_md = format!("{wanted}.md");
        let site = self.site;
        let docs = site.docs.iter().map(|d| d.rel_path.as_str());
        let files = site.assets.iter().map(|a| a.rel_path.as_str());
        let dirs = site.sections.iter().skip(1).map(|s| s.rel_dir.as_str());
        docs.chain(files).chain(dirs).find(|p| {
            let lower = p.to_lowercase();
            lower == wanted || lower == with_md
        })
    }
}

/// Of several candidates, each in a folder, the ones nearest folder `from`: the fewest
/// folders up to a folder they share, then the fewest down from it. So a note in the
/// same folder comes first, then one in the parent folder, and so on up to the root;
/// more than one comes back when the nearest tie.
pub(super) fn nearest_to<'a, T: Copy>(
    from: &str,
    candidates: impl IntoIterator<Item = (T, &'a str)>,
) -> Vec<T> {
    let from: Vec<&str> = segments(from).collect();
    let mut best: Option<(usize, usize)> = None;
    let mut nearest = Vec::new();
    for (candidate, dir) in candidates {
        let to: Vec<&str> = segments(dir).collect();
        let shared = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
        let distance = (from.len() - shared, to.len() - shared);
        if best.is_none_or(|b| distance < b) {
            best = Some(distance);
            nearest.clear();
        }
        if best == Some(distance) {
            nearest.push(candidate);
        }
    }
    nearest
}

fn segments(dir: &str) -> impl Iterator<Item = &str> {
    dir.split('/').filter(|s| !s.is_empty())
}

/// The folder of a path below `content/`: `tips` for `tips/a.md`, `` for `a.md`.
pub(super) fn parent_dir(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// Joins a relative path onto a folder below `content/`; `None` if it climbs out.
pub(super) fn join(dir: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let mut joined = parts.join("/");
    if relative.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_stay_inside_content() {
        assert_eq!(join("tips", "../roles/a.md").as_deref(), Some("roles/a.md"));
        assert_eq!(
            join("tips", "./img/x.png").as_deref(),
            Some("tips/img/x.png")
        );
        assert_eq!(join("tips", "../").as_deref(), Some(""));
        assert_eq!(join("", "../x.md"), None);
    }

    #[test]
    fn the_nearest_folder_wins_and_ties_stay_ties() {
        let near = |from: &str, dirs: &[&str]| {
            nearest_to(from, dirs.iter().enumerate().map(|(i, d)| (i, *d)))
        };
        // Same folder, then one up, then further.
        assert_eq!(near("a/b", &["a/b", "a", ""]), [0]);
        assert_eq!(near("a/b", &["x", "a"]), [1]);
        assert_eq!(near("a/b/c", &["x", "a/y"]), [1]);
        // A folder below the shared one comes after the shared one itself.
        assert_eq!(near("a/b", &["a/c", "a"]), [1]);
        // Two folders as near as each other: a tie.
        assert_eq!(near("inbox", &["p/acme", "p/globex"]), [0, 1]);
        assert_eq!(near("", &["a", "b"]), [0, 1]);
    }
}
