//! Link resolution: from what an author wrote (`[[Target#Heading]]`, `../x.md#a`,
//! `/tips/x/`, `img/a.png`) to a relative URL that works from the linking page, or to an
//! error that says what was wrong and what was probably meant.

use std::collections::HashMap;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use super::{Index, UrlTarget, normalise};
use crate::content::{DocId, SectionId};
use crate::diagnostic::{did_you_mean, nearest};

/// A link that resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// The URL to write, relative to the linking page.
    pub(crate) href: String,
    /// The document linked to, when it is one (for backlinks).
    pub(crate) doc: Option<DocId>,
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
    fn new(message: String, help: Option<String>) -> Self {
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
    /// Resolves `[[target]]` written on document `from`.
    pub(crate) fn resolve_wiki(&self, from: DocId, target: &str) -> Result<Resolved, LinkError> {
        // In a table the label separator is written `\|` (as in Obsidian); the parser
        // leaves the backslash at the end of the target.
        let target = target.strip_suffix('\\').unwrap_or(target);
        let (name, fragment) = split_fragment(target);
        let written = format!("[[{target}]]");
        if name.trim().is_empty() {
            return self.link_to_doc(from, from, fragment, &written);
        }
        let found = self
            .names
            .names
            .get(&normalise(name))
            .map(Vec::as_slice)
            .unwrap_or_default();
        // A draft that shares a name with a published page does not make a link ambiguous.
        let published: Vec<UrlTarget> = found
            .iter()
            .copied()
            .filter(|t| self.is_published(*t))
            .collect();
        let matches = if published.is_empty() {
            found.to_vec()
        } else {
            published
        };
        match matches.as_slice() {
            [UrlTarget::Doc(to)] => self.link_to_doc(from, *to, fragment, &written),
            [UrlTarget::Section(section)] => {
                self.link_to_listing(from, *section, fragment, &written)
            }
            [] | [UrlTarget::File] => {
                let close = self.nearest_names(name);
                Err(LinkError::new(
                    format!("{written} matches no page"),
                    did_you_mean(&close, ("[[", "]]")).or_else(|| {
                        Some("link by a page's title, alias, file name or section/slug".to_string())
                    }),
                ))
            }
            many => Err(self.ambiguous(&written, many)),
        }
    }

    fn is_published(&self, target: UrlTarget) -> bool {
        match target {
            UrlTarget::Doc(id) => self.site.docs[id].published,
            UrlTarget::Section(id) => self.site.sections[id].published,
            UrlTarget::File => true,
        }
    }

    /// "matches 2 pages", naming them and the paths that tell them apart.
    fn ambiguous(&self, written: &str, many: &[UrlTarget]) -> LinkError {
        let (docs, sections) = (&self.site.docs, &self.site.sections);
        let describe = |t: &UrlTarget| match *t {
            UrlTarget::Doc(id) => (
                docs[id].title.clone(),
                docs[id].rel_path.clone(),
                docs[id].url.clone(),
            ),
            UrlTarget::Section(id) => (
                sections[id].title.clone(),
                format!("{}/", sections[id].rel_dir),
                sections[id].url.clone(),
            ),
            UrlTarget::File => Default::default(),
        };
        let described: Vec<(String, String, String)> = many.iter().map(describe).collect();
        let list: Vec<String> = described
            .iter()
            .map(|(title, file, _)| format!("{title} ({file})"))
            .collect();
        // Their URL paths tell them apart, unless the URLs clash too.
        let mut paths: Vec<String> = described
            .iter()
            .map(|(_, _, url)| format!("[[{}]]", url.trim_end_matches('/')))
            .collect();
        let mut distinct = paths.clone();
        distinct.sort();
        distinct.dedup();
        if distinct.len() < paths.len() {
            paths = described
                .iter()
                .map(|(_, file, _)| {
                    format!("[[{}]]", file.trim_end_matches(".md").trim_end_matches('/'))
                })
                .collect();
        }
        LinkError::new(
            format!(
                "{written} matches {} pages: {}",
                many.len(),
                list.join(", ")
            ),
            Some(format!(
                "name the one you mean by its path: {}",
                paths.join(" or ")
            )),
        )
    }

    /// A link to the listing of a section that has no published intro page.
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
                Some("a section without _index.md has no headings of its own".to_string()),
            ));
        }
        Ok(self.href_to(from, &self.site.sections[section].url, None))
    }

    /// Resolves the destination of a markdown link or image written on document `from`.
    /// External URLs come back unchanged, with no document.
    pub(crate) fn resolve_href(&self, from: DocId, dest: &str) -> Result<Resolved, LinkError> {
        if dest.is_empty() || is_external(dest) {
            return Ok(Resolved {
                href: dest.to_string(),
                doc: None,
            });
        }
        let (path, fragment) = split_fragment(dest);
        let path = path.split('?').next().unwrap_or_default();
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        if decoded.is_empty() {
            return self.link_to_doc(from, from, fragment, &format!("`{dest}`"));
        }
        if let Some(site_path) = decoded.strip_prefix('/') {
            return self.resolve_site_path(from, site_path, fragment, dest);
        }
        let doc = &self.site.docs[from];
        let dir = doc.rel_path.rfind('/').map_or("", |i| &doc.rel_path[..i]);
        let Some(target) = join(dir, &decoded) else {
            return Err(LinkError::new(
                format!("`{dest}` points outside the content folder"),
                Some("link only to files inside content/".to_string()),
            ));
        };
        if let Some(&to) = self.names.paths.get(target.as_str()) {
            return self.link_to_doc(from, to, fragment, &format!("`{dest}`"));
        }
        if let Some(&section) = self.names.dirs.get(target.trim_end_matches('/')) {
            let written = format!("`{dest}`");
            return match self.site.sections[section]
                .index
                .filter(|&i| self.site.docs[i].published)
            {
                Some(to) => self.link_to_doc(from, to, fragment, &written),
                None => self.link_to_listing(from, section, fragment, &written),
            };
        }

        if self.names.urls.get(target.as_str()) == Some(&UrlTarget::File) && !target.ends_with('/')
        {
            return Ok(self.href_to(from, &target, fragment));
        }
        // A missing image is not a page: suggest pages only for what looks like one.
        let is_page = target.ends_with(".md");
        let has_extension = target.rsplit('/').next().is_some_and(|n| n.contains('.'));
        let pages = self
            .names
            .paths
            .keys()
            .filter(|_| is_page || !has_extension);
        let assets = self.site.assets.iter().filter(|_| !is_page);
        let files = pages
            .map(String::as_str)
            .chain(assets.map(|a| a.rel_path.as_str()));
        let close: Vec<String> = nearest(&target, files, 3)
            .into_iter()
            .map(|p| relative_file(dir, &p))
            .collect();
        let what = if target.ends_with(".md") {
            "page"
        } else {
            "file"
        };
        // `www.example.org` is meant to leave the site, but is a relative path.
        let looks_external = dest.starts_with("www.")
            || (close.is_empty()
                && dest.split('/').next().is_some_and(|host| {
                    host.contains('.')
                        && !host.contains(".md")
                        && host.rsplit('.').next().is_some_and(|tld| {
                            (2..=6).contains(&tld.len())
                                && tld.chars().all(|c| c.is_ascii_lowercase())
                        })
                }));
        let help = if looks_external {
            Some(format!(
                "for a link to another site, write the whole address: `https://{dest}`"
            ))
        } else {
            did_you_mean(&close, ("`", "`"))
        };
        Err(LinkError::new(
            format!("`{dest}` links to a {what} that does not exist: content/{target}"),
            help,
        ))
    }

    /// Resolves a root-relative link (`/tips/x/`), checked against every URL of the site.
    fn resolve_site_path(
        &self,
        from: DocId,
        path: &str,
        fragment: Option<&str>,
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
        let close: Vec<String> = nearest(path, self.names.urls.keys().map(String::as_str), 3)
            .into_iter()
            .map(|u| format!("/{u}"))
            .collect();
        Err(LinkError::new(
            format!("`{dest}` matches no page or file of the site"),
            did_you_mean(&close, ("`", "`")),
        ))
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
                Some("remove `draft: true` from that page, or build with --drafts".to_string()),
            ));
        }
        let anchor = match fragment {
            // `#` alone is the top of the page.
            None | Some("") => None,
            Some(fragment) => match target.outline.find_anchor(fragment) {
                Some(anchor) => Some(anchor),
                None => {
                    let ids = target.outline.headings.iter().map(|h| h.id.as_str());
                    let close = nearest(&crate::content::slugify(fragment), ids, 3);
                    return Err(LinkError::new(
                        format!(
                            "{written}: \"{}\" has no heading `{fragment}`",
                            target.title
                        ),
                        did_you_mean(&close, ("`#", "`")).or_else(|| {
                            Some(if target.outline.headings.is_empty() {
                                "that page has no headings".to_string()
                            } else {
                                let all: Vec<&str> = target
                                    .outline
                                    .headings
                                    .iter()
                                    .map(|h| h.id.as_str())
                                    .collect();
                                format!("its headings: #{}", all.join(", #"))
                            })
                        }),
                    ));
                }
            },
        };
        let mut href = if to == from && anchor.is_some() {
            String::new()
        } else {
            relative_url(&self.site.docs[from].url, &target.url)
        };
        if let Some(anchor) = anchor {
            href.push('#');
            href.push_str(anchor);
        }
        Ok(Resolved {
            href,
            doc: Some(to),
        })
    }

    fn href_to(&self, from: DocId, site_path: &str, fragment: Option<&str>) -> Resolved {
        let mut href = relative_url(&self.site.docs[from].url, site_path);
        if let Some(fragment) = fragment {
            href.push('#');
            href.push_str(fragment);
        }
        Resolved { href, doc: None }
    }

    /// The names closest to `name`, at most one per page and three in all.
    fn nearest_names(&self, name: &str) -> Vec<String> {
        let mut owners: HashMap<&str, DocId> = HashMap::new();
        for (id, doc) in self.site.published() {
            for n in std::iter::once(&doc.title).chain(&doc.meta.aliases) {
                owners.entry(n.as_str()).or_insert(id);
            }
        }
        let mut seen = Vec::new();
        nearest(name, owners.keys().copied(), 10)
            .into_iter()
            .filter(|n| {
                let doc = owners[n.as_str()];
                let first = !seen.contains(&doc);
                seen.push(doc);
                first
            })
            .take(3)
            .collect()
    }
}

/// Joins a relative path onto a folder below `content/`; `None` if it climbs out.
fn join(dir: &str, relative: &str) -> Option<String> {
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
    if relative.ends_with('/') {
        joined.push('/');
    }
    Some(joined)
}

/// How a file below `content/` is written relative to folder `dir`, for suggestions.
fn relative_file(dir: &str, path: &str) -> String {
    let from = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    relative_url(&from, path).replace("%20", " ")
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
    fn external_links_are_recognised() {
        for url in ["https://x.org", "mailto:a@b.c", "//cdn.x/y", "tel:123"] {
            assert!(is_external(url), "{url}");
        }
        for url in ["img/a.png", "../a.md", "/tips/", "#top", "a:b.md"] {
            assert!(!is_external(url), "{url}");
        }
    }

    #[test]
    fn joins_stay_inside_content() {
        assert_eq!(join("tips", "../roles/a.md").as_deref(), Some("roles/a.md"));
        assert_eq!(
            join("tips", "./img/x.png").as_deref(),
            Some("tips/img/x.png")
        );
        assert_eq!(join("", "../x.md"), None);
    }
}
