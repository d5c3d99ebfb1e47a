//! Link resolution: from what an author wrote (`[[Target#Heading]]`, `../x.md#a`,
//! `/tips/x/`, `@/tips/x.md`, `img/a.png`, `[[a.png]]`) to a relative URL that works from
//! the linking page, or to an error that says what was wrong and what was probably meant
//! (made in `missing`).

use std::borrow::Cow;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use super::missing::{Form, suggest};
use super::paths::{Found, join, nearest_to, parent_dir};
use super::{AssetId, Index, UrlTarget, normalise};
use crate::content::{DocId, SectionId};

/// A link that resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// The URL to write, relative to the linking page.
    pub(crate) href: String,
    /// The document linked to, when it is one (for backlinks).
    pub(crate) doc: Option<DocId>,
    /// The file linked to, when it is one (a hidden one is published only when linked).
    pub(crate) file: Option<AssetId>,
}

impl Resolved {
    /// A link that leaves the site (or goes nowhere), written as it is.
    fn unchanged(dest: &str) -> Self {
        Resolved {
            href: dest.to_string(),
            doc: None,
            file: None,
        }
    }
}

/// A link that did not resolve: the message and the nearest fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LinkError {
    /// What is wrong.
    pub(crate) message: String,
    /// What was probably meant.
    pub(crate) help: Option<String>,
}

impl LinkError {
    pub(super) fn new(message: String, help: Option<String>) -> Self {
        LinkError { message, help }
    }
}

/// Characters escaped in a URL path (everything but unreserved characters and `/`).
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

/// The URL of site path `to` as seen from a page whose own URL is `from`.
///
/// `from` is a site path too: a folder (`tips/x/`) or a file (`404.html`). The result is
/// relative (`../../roles/y/`), so the output works under any path prefix.
pub(crate) fn relative_url(from: &str, to: &str) -> String {
    // Millions of calls on a large site (every link of every page), so no vectors: the
    // folder parts are prefixes ending in `/`, compared a whole segment at a time.
    let from_dir = &from[..from.rfind('/').map_or(0, |i| i + 1)];
    let to_dir = &to[..to.rfind('/').map_or(0, |i| i + 1)];
    let mut common = 0;
    for segment in from_dir.split_inclusive('/') {
        match to_dir[common..].starts_with(segment) {
            true => common += segment.len(),
            false => break,
        }
    }
    let ups = from_dir[common..].bytes().filter(|&b| b == b'/').count();
    let rest = &to[common..];
    let mut url = String::with_capacity(3 * ups + rest.len() + 2);
    for _ in 0..ups {
        url.push_str("../");
    }
    url.extend(utf8_percent_encode(rest, PATH));
    if url.is_empty() {
        url.push_str("./");
    }
    url
}

/// A relative URL written on the page whose URL is `from`, rewritten to reach the same
/// place from the page whose URL is `to` (an embedded part of one page shown on
/// another). `None` when it needs no change: it leaves the site, starts at the root, or
/// the two pages share a folder.
pub(crate) fn rebase_url(href: &str, from: &str, to: &str) -> Option<String> {
    let folder = |url: &str| url[..url.rfind('/').map_or(0, |i| i + 1)].to_string();
    let from_dir = folder(from);
    if from_dir == folder(to) || href.starts_with('/') || is_external(href) {
        return None;
    }
    let (target, fragment) = site_path_of(href, from)?;
    let mut url = relative_url(to, &target);
    if let Some(fragment) = fragment {
        url.push('#');
        url.push_str(fragment);
    }
    Some(url)
}

/// The site path a relative URL written on the page whose URL is `from` leads to, and
/// its fragment: `../y/#a` on `tips/x/` is `tips/y/` and `a`. `None` when it climbs
/// above the site's root.
pub(crate) fn site_path_of<'h>(href: &'h str, from: &str) -> Option<(String, Option<&'h str>)> {
    let from_dir = &from[..from.rfind('/').map_or(0, |i| i + 1)];
    let (path, fragment) = split_fragment(href);
    let target = match path {
        "" => from.to_string(),
        path => join(from_dir, &percent_decode_str(path).decode_utf8_lossy())?,
    };
    Some((target, fragment))
}

/// `Note` for `Note.md` (any case of `.md`).
fn strip_md(name: &str) -> Option<&str> {
    let at = name.len().checked_sub(3)?;
    let (stem, ext) = (name.get(..at)?, name.get(at..)?);
    ext.eq_ignore_ascii_case(".md").then_some(stem)
}

/// Splits `a#b` into `("a", Some("b"))`.
fn split_fragment(text: &str) -> (&str, Option<&str>) {
    match text.split_once('#') {
        Some((a, b)) => (a, Some(b)),
        None => (text, None),
    }
}

/// True for `https:`, `mailto:`, `//host` and other links that leave the site.
pub(crate) fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    let scheme_len = dest.find(':').filter(|&i| {
        i > 0
            && dest[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    scheme_len.is_some_and(|i| dest[..1].chars().all(|c| c.is_ascii_alphabetic()) && i > 1)
}

impl Index<'_> {
    /// Resolves `[[target]]` written on document `from`: a page or folder by name (the
    /// nearest one when several share it), else a file by name.
    pub(crate) fn resolve_wiki(&self, from: DocId, target: &str) -> Result<Resolved, LinkError> {
        // In a table the label separator is written `\|` (as in Obsidian); the parser
        // leaves the backslash at the end of the target.
        let target = target.strip_suffix('\\').unwrap_or(target);
        let (name, fragment) = split_fragment(target);
        let written = format!("[[{target}]]");
        if name.trim().is_empty() {
            return self.link_to_doc(from, from, fragment, &written);
        }
        let from_dir = parent_dir(&self.site.docs[from].rel_path);
        // `[[../Partners/Retro]]`, `[[./Retro]]`: a path from the note's own folder, as
        // Obsidian writes links with "relative path to file".
        if name.starts_with("./") || name.starts_with("../") {
            let found = join(from_dir, name).and_then(|path| {
                let with_md = format!("{path}.md");
                self.find_path(&path).or_else(|| self.find_path(&with_md))
            });
            return match found {
                Some(found) => self.link_to_found(from, found, fragment, None, &written),
                None => Err(self.no_page(&written, name)),
            };
        }
        match self.pages_named(from_dir, name).as_slice() {
            [UrlTarget::Doc(to)] => self.link_to_doc(from, *to, fragment, &written),
            [UrlTarget::Section(section)] => {
                self.link_to_listing(from, *section, fragment, &written)
            }
            [] | [UrlTarget::File] => match self.find_file_by_name(from_dir, name) {
                // Obsidian ignores a fragment on an image; a PDF's (`#page=3`) works.
                Ok(Some(file)) => Ok(self.link_to_file(
                    from,
                    file,
                    fragment.filter(|_| name.to_lowercase().ends_with(".pdf")),
                )),
                Ok(None) => Err(self.no_page(&written, name)),
                Err(tied) => Err(self.ambiguous_files(&written, &tied, Form::Wiki)),
            },
            many => Err(self.ambiguous(&written, many)),
        }
    }

    /// The pages and folders wiki-link name `name` matches (`Note.md` as `Note`): drafts
    /// only when no published page has the name, a note rather than a folder of the same
    /// name, and of several the nearest to folder `from_dir`.
    fn pages_named(&self, from_dir: &str, name: &str) -> Vec<UrlTarget> {
        let lookup = |name: &str| {
            self.names
                .names
                .get(&normalise(name))
                .map(Vec::as_slice)
                .unwrap_or_default()
        };
        let mut found = lookup(name);
        if found.is_empty()
            && let Some(stem) = strip_md(name)
        {
            found = lookup(stem);
        }
        // A draft that shares a name with a published page does not make a link ambiguous.
        let mut matches: Vec<UrlTarget> = found
            .iter()
            .copied()
            .filter(|t| self.is_published(*t))
            .collect();
        if matches.is_empty() {
            matches = found.to_vec();
        }
        if matches.iter().any(|t| matches!(t, UrlTarget::Doc(_))) {
            matches.retain(|t| matches!(t, UrlTarget::Doc(_)));
        }
        if matches.len() < 2 {
            return matches;
        }
        // A page named so by its title or file wins over one that only has it as an
        // alias, as in Obsidian, where a note's file name is what a link finds.
        let wanted = normalise(strip_md(name).unwrap_or(name));
        let by_alias_only = |t: &UrlTarget| match t {
            UrlTarget::Doc(id) => {
                let doc = &self.site.docs[*id];
                normalise(&doc.title) != wanted
                    && normalise(doc.file_stem()) != wanted
                    && doc.meta.aliases.iter().any(|a| normalise(a) == wanted)
            }
            _ => false,
        };
        if matches.iter().any(|t| !by_alias_only(t)) {
            matches.retain(|t| !by_alias_only(t));
        }
        if matches.len() < 2 {
            return matches;
        }
        nearest_to(from_dir, matches.iter().map(|&t| (t, self.location(t))))
    }

    fn is_published(&self, target: UrlTarget) -> bool {
        match target {
            UrlTarget::Doc(id) => self.site.docs[id].published,
            UrlTarget::Section(id) => self.site.sections[id].published,
            UrlTarget::File => true,
        }
    }

    /// A link to what a path found: a page and its heading `anchor`, a folder, or a file
    /// (which keeps `file_fragment`, as a PDF's `#page=3`).
    fn link_to_found(
        &self,
        from: DocId,
        found: Found,
        anchor: Option<&str>,
        file_fragment: Option<&str>,
        written: &str,
    ) -> Result<Resolved, LinkError> {
        match found {
            Found::Doc(to) => self.link_to_doc(from, to, anchor, written),
            Found::Section(section) => self.link_to_section(from, section, anchor, written),
            Found::File(file) => Ok(self.link_to_file(from, file, file_fragment)),
        }
    }

    /// A link to a folder: its page, or its listing when it has none.
    fn link_to_section(
        &self,
        from: DocId,
        section: SectionId,
        fragment: Option<&str>,
        written: &str,
    ) -> Result<Resolved, LinkError> {
        let folder = &self.site.sections[section];
        if !folder.published {
            return Err(LinkError::new(
                format!(
                    "{written} links to the folder {}/, whose pages are all drafts",
                    folder.rel_dir
                ),
                Some("publish one of its pages, or build with --drafts".to_string()),
            ));
        }
        match folder.index.filter(|&i| self.site.docs[i].published) {
            Some(to) => self.link_to_doc(from, to, fragment, written),
            None => self.link_to_listing(from, section, fragment, written),
        }
    }

    /// A link to the listing of a section that has no published page of its own.
    fn link_to_listing(
        &self,
        from: DocId,
        section: SectionId,
        fragment: Option<&str>,
        written: &str,
    ) -> Result<Resolved, LinkError> {
        if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
            return Err(LinkError::new(
                format!(
                    "{written}: the listing of \"{}\" has no heading `{fragment}`",
                    self.site.sections[section].title
                ),
                Some(
                    "a folder without a page of its own (`_index.md`, `index.md`, `README.md`, or a note beside it with its name) has no headings"
                        .to_string(),
                ),
            ));
        }
        Ok(self.href_to(from, &self.site.sections[section].url, None))
    }

    /// Resolves the destination of a markdown link or image written on document `from`:
    /// relative to the page's file, from `content/` when it starts with `/` or Zola's
    /// `@/`, percent-encoded or not. External URLs come back unchanged, with no document.
    pub(crate) fn resolve_href(&self, from: DocId, dest: &str) -> Result<Resolved, LinkError> {
        if dest.is_empty() || is_external(dest) {
            return Ok(Resolved::unchanged(dest));
        }
        let written = format!("`{dest}`");
        let (path, fragment) = split_fragment(dest);
        let path = path.split('?').next().unwrap_or_default();
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        // `#step-2%3A-agree` means the heading "Step 2: Agree".
        let anchor: Option<Cow<str>> = fragment.map(|f| percent_decode_str(f).decode_utf8_lossy());
        let anchor = anchor.as_deref();
        if decoded.is_empty() {
            return self.link_to_doc(from, from, anchor, &written);
        }
        let doc_dir = parent_dir(&self.site.docs[from].rel_path);
        let (form, dir, relative) = if let Some(rest) = decoded.strip_prefix("@/") {
            (Form::Zola, "", rest)
        } else if let Some(rest) = decoded.strip_prefix('/') {
            (Form::Root, "", rest)
        } else {
            (Form::Relative(doc_dir), doc_dir, &*decoded)
        };
        let Some(target) = join(dir, relative) else {
            return Err(LinkError::new(
                format!("{written} points outside the content folder"),
                Some("link only to files inside content/".to_string()),
            ));
        };
        let mut found = self.find_path(&target);
        let bare = relative.trim_start_matches("./");
        if found.is_none() && matches!(form, Form::Relative(_)) && !target.ends_with(".md") {
            // As Obsidian finds attachments: a path from the vault's root, or a name alone
            // (`![](diagram.png)` for `Attachments/diagram.png`).
            if let Some(&file) = self.names.files.get(bare) {
                found = Some(Found::File(file));
            } else if !bare.contains('/') {
                match self.find_file_by_name(doc_dir, bare) {
                    Ok(file) => found = file.map(Found::File),
                    Err(tied) => return Err(self.ambiguous_files(&written, &tied, form)),
                }
            }
        }
        if found.is_none() && matches!(form, Form::Relative(_)) && target.ends_with(".md") {
            // As Obsidian writes markdown links to notes: a path from the vault's root, or
            // the shortest name that finds the note (`Onboarding%20Guide.md`).
            if let Some(&doc) = self.names.paths.get(bare) {
                found = Some(Found::Doc(doc));
            } else if !bare.contains('/')
                && let [UrlTarget::Doc(doc)] = self.pages_named(doc_dir, bare).as_slice()
                && self.site.docs[*doc]
                    .file_stem()
                    .eq_ignore_ascii_case(strip_md(bare).unwrap_or(bare))
            {
                found = Some(Found::Doc(*doc));
            }
        }
        match found {
            Some(found) => self.link_to_found(from, found, anchor, fragment, &written),
            None if form == Form::Root => {
                self.resolve_site_url(from, relative, anchor, &target, dest)
            }
            None => Err(self.missing(dest, &target, form)),
        }
    }

    /// Resolves a root-relative link that names no file (`/tips/x/`), checked against
    /// every URL of the site.
    fn resolve_site_url(
        &self,
        from: DocId,
        path: &str,
        fragment: Option<&str>,
        target: &str,
        dest: &str,
    ) -> Result<Resolved, LinkError> {
        let candidates = [
            path.to_string(),
            format!("{path}/"),
            path.strip_suffix("index.html").unwrap_or(path).to_string(),
        ];
        for candidate in &candidates {
            match self.names.urls.get(candidate.as_str()) {
                Some(UrlTarget::Doc(to)) => {
                    return self.link_to_doc(from, *to, fragment, &format!("`{dest}`"));
                }
                Some(_) => return Ok(self.href_to(from, candidate, fragment)),
                None => {}
            }
        }
        Err(self.missing(dest, target, Form::Root))
    }

    /// A link to document `to` (and its heading `fragment`), checked.
    fn link_to_doc(
        &self,
        from: DocId,
        to: DocId,
        fragment: Option<&str>,
        written: &str,
    ) -> Result<Resolved, LinkError> {
        let target = &self.site.docs[to];
        if !target.published {
            return Err(LinkError::new(
                format!("{written} links to a draft: {}", target.path.display()),
                Some(format!(
                    "remove `{}` from that page, or build with --drafts",
                    target.draft_field()
                )),
            ));
        }
        let anchor = match fragment {
            // `#` alone is the top of the page.
            None | Some("") => None,
            // An Obsidian block reference (`#^exit-clause`) to a block the page has.
            Some(block) if block.starts_with('^') && has_block(target.body(), &block[1..]) => {
                Some(block)
            }
            Some(fragment) => {
                // An Obsidian heading path (`#Decision rights#Vetoes`) ends at its heading.
                let last = fragment.rsplit('#').next().unwrap_or(fragment);
                match target
                    .outline
                    .find_anchor(fragment)
                    .or_else(|| target.outline.find_anchor(last))
                {
                    Some(anchor) => Some(anchor),
                    None => return Err(self.no_heading(written, to, fragment)),
                }
            }
        };
        let mut href = if to == from && anchor.is_some() {
            String::new()
        } else {
            relative_url(&self.site.docs[from].url, &target.url)
        };
        if let Some(anchor) = anchor {
            href.push('#');
            // `^` may not stand in a URL; the browser decodes `%5E` to find the id.
            match anchor.strip_prefix('^') {
                Some(block) => href.push_str(&format!("%5E{block}")),
                None => href.push_str(anchor),
            }
        }
        Ok(Resolved {
            href,
            doc: Some(to),
            file: None,
        })
    }

    /// A link to a file below `content/`, at its place in the output.
    fn link_to_file(&self, from: DocId, file: AssetId, fragment: Option<&str>) -> Resolved {
        let path = &self.site.assets[file].rel_path;
        Resolved {
            file: Some(file),
            ..self.href_to(from, path, fragment)
        }
    }

    fn href_to(&self, from: DocId, site_path: &str, fragment: Option<&str>) -> Resolved {
        let mut href = relative_url(&self.site.docs[from].url, site_path);
        if let Some(fragment) = fragment {
            href.push('#');
            href.push_str(fragment);
        }
        Resolved {
            href,
            doc: None,
            file: None,
        }
    }

    /// The names closest to `name`, at most one per page and three in all, never `name`
    /// itself.
    pub(super) fn nearest_names(&self, name: &str) -> Vec<String> {
        let mut seen = Vec::new();
        let close = self
            .names
            .titles
            .nearest(name, 10)
            .into_iter()
            .filter(|n| {
                let doc = self.names.title_owners[n.as_str()];
                let first = !seen.contains(&doc);
                seen.push(doc);
                first
            })
            .collect();
        let mut close = suggest(close, name);
        close.truncate(3);
        close
    }
}

/// True when `body` marks a block `^id` (at the end of a line, as Obsidian writes it).
fn has_block(body: &str, id: &str) -> bool {
    body.lines()
        .any(|line| crate::markdown::block_id(line).is_some_and(|(_, found)| found == id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_climb_only_as_far_as_needed() {
        assert_eq!(relative_url("tips/a/", "roles/b/"), "../../roles/b/");
        assert_eq!(relative_url("tips/a/", "tips/b/"), "../b/");
        assert_eq!(relative_url("tips/a/", "tips/ab/"), "../ab/");
        assert_eq!(relative_url("tips/ab/", "tips/a/x.png"), "../a/x.png");
        assert_eq!(relative_url("tips/a/", "tips/img/x.png"), "../img/x.png");
        assert_eq!(relative_url("", "tips/"), "tips/");
        assert_eq!(relative_url("tips/a/", ""), "../../");
        assert_eq!(relative_url("", ""), "./");
        assert_eq!(relative_url("404.html", "style.css"), "style.css");
        assert_eq!(relative_url("tips/", "tips/"), "./");
        assert_eq!(
            relative_url("a/", "a/my plan #2.png"),
            "my%20plan%20%232.png"
        );
    }

    #[test]
    fn rebased_urls_reach_the_same_place() {
        let rebase = |href, from, to| rebase_url(href, from, to);
        assert_eq!(
            rebase("../b/", "tips/a/", "roles/x/y/").as_deref(),
            Some("../../../tips/b/")
        );
        assert_eq!(
            rebase("#top", "tips/a/", "roles/x/").as_deref(),
            Some("../../tips/a/#top")
        );
        assert_eq!(
            rebase("img/a%20b.png", "tips/a/", "x/").as_deref(),
            Some("../tips/a/img/a%20b.png")
        );
        assert_eq!(rebase("../b/", "tips/a/", "tips/a/"), None);
        assert_eq!(rebase("https://x.org/", "tips/a/", "x/"), None);
    }

    #[test]
    fn external_links_are_recognised() {
        for url in ["https://x.org", "mailto:a@b.c", "//cdn.x/y", "tel:123"] {
            assert!(is_external(url), "{url}");
        }
        for url in ["img/a.png", "../a.md", "/tips/", "#top", "a:b.md"] {
            assert!(!is_external(url), "{url}");
        }
    }
}
