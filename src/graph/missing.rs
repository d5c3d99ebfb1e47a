//! What a link that does not resolve is told: what is missing (a page, a file, a
//! heading), why when it is known (a folder never published, a file that could not be
//! read, a name that differs only in letter case, a tie between two pages), and the
//! nearest fix, written the way the link was, and never the very thing the author wrote.

use super::paths::{nearest_to, parent_dir};
use super::resolve::{LinkError, relative_url};
use super::{AssetId, Index, UrlTarget};
use crate::content::{DocId, is_hidden, never_published, slugify};
use crate::diagnostic::{did_you_mean, nearest};

/// How a link wrote its path, so that a suggestion is written the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form<'a> {
    /// `[[name]]`.
    Wiki,
    /// Relative to this folder below `content/`, the linking page's.
    Relative(&'a str),
    /// `/x`, from the root of `content/`.
    Root,
    /// Zola's `@/x`, from the root of `content/`.
    Zola,
}

impl Form<'_> {
    /// Path `path` below `content/` as this form writes it.
    fn spell(self, path: &str) -> String {
        match self {
            Form::Wiki => path.to_string(),
            Form::Relative(dir) => relative_file(dir, path),
            Form::Root => format!("/{path}"),
            Form::Zola => format!("@/{path}"),
        }
    }

    fn quotes(self) -> (&'static str, &'static str) {
        match self {
            Form::Wiki => ("[[", "]]"),
            _ => ("`", "`"),
        }
    }
}

/// `close` without what the author wrote (compared without regard to letter case):
/// "did you mean" is never answered with the question.
pub(super) fn suggest(close: Vec<String>, written: &str) -> Vec<String> {
    let written = written.to_lowercase();
    let mut kept: Vec<String> = Vec::with_capacity(close.len());
    for c in close {
        if c.to_lowercase() != written && !kept.contains(&c) {
            kept.push(c);
        }
    }
    kept
}

impl Index<'_> {
    /// A markdown link or image whose path (`target`, below `content/`) names nothing.
    pub(super) fn missing(&self, dest: &str, target: &str, form: Form) -> LinkError {
        let written = format!("`{dest}`");
        if let Some(folder) = never_published(target) {
            return never_published_error(&written, folder);
        }
        if is_hidden(target) && target.ends_with(".md") {
            return LinkError::new(
                format!("{written} links to markdown in a hidden folder, which is never a page"),
                Some("move the file out of the hidden folder to make it a page".to_string()),
            );
        }
        if let Some(error) = self.unreadable(&written, |rel| {
            rel == target || rel.strip_suffix(".md") == Some(target)
        }) {
            return error;
        }
        let is_page = target.ends_with(".md");
        let name = target.rsplit('/').next().unwrap_or_default();
        let has_extension = name.contains('.');
        let what = match (is_page, has_extension) {
            (true, _) => "page",
            (false, true) => "file",
            (false, false) => "page or file",
        };
        let message = match form {
            Form::Root => format!("{written} matches no page or file of the site"),
            _ => format!("{written} links to a {what} that does not exist: content/{target}"),
        };
        let real = match form {
            Form::Root => self.url_case_variant(target).map(|url| format!("/{url}")),
            _ => None,
        }
        .or_else(|| self.case_variant(target).map(|path| form.spell(path)));
        if let Some(real) = real {
            let help = format!("did you mean `{real}`? the name differs only in letter case");
            return LinkError::new(message, Some(help));
        }
        if form == Form::Root && target.starts_with("broken/pages/") {
            let help = "GitBook writes `/broken/pages/...` where the page a link pointed to was deleted: link the page you mean";
            return LinkError::new(message, Some(help.to_string()));
        }
        let close = self.close_paths(target, form);
        let help = meant_elsewhere(dest, form, close.is_empty())
            .or_else(|| did_you_mean(&close, form.quotes()));
        LinkError::new(message, help)
    }

    /// The paths nearest `target`, written in `form`: pages and files whose names are
    /// spelled like its name (each name at its place nearest the linking page), pages
    /// only for what looks like a page; for a root-relative link to no file, the site's
    /// URLs.
    fn close_paths(&self, target: &str, form: Form) -> Vec<String> {
        let name = target.rsplit('/').next().unwrap_or_default();
        let is_page = target.ends_with(".md");
        let has_extension = name.contains('.');
        if form == Form::Root && !has_extension {
            let urls = self.names.urls.keys().map(String::as_str);
            let close = nearest(target, urls, 3)
                .into_iter()
                .map(|u| format!("/{u}"));
            return suggest(close.collect(), &format!("/{target}"));
        }
        // A missing image is not a page: suggest pages only for what looks like one.
        let pages = self
            .names
            .paths
            .keys()
            .filter(|_| is_page || !has_extension);
        let files = self
            .site
            .assets
            .iter()
            .map(|a| &a.rel_path)
            .filter(|_| !is_page);
        let paths: Vec<&str> = pages.chain(files).map(String::as_str).collect();
        fn name_of(path: &str) -> &str {
            path.rsplit('/').next().unwrap_or_default()
        }
        let from_dir = match form {
            Form::Relative(dir) => dir,
            _ => parent_dir(target),
        };
        let mut close = Vec::new();
        for near in nearest(name, paths.iter().map(|p| name_of(p)), 3) {
            let near = near.to_lowercase();
            let same = paths.iter().filter(|p| name_of(p).to_lowercase() == near);
            let nearest_place = nearest_to(from_dir, same.map(|&p| (p, parent_dir(p))));
            close.extend(nearest_place.first().map(|p| form.spell(p)));
        }
        suggest(close, &form.spell(target))
    }

    /// A wiki link whose name matches no page or file.
    pub(super) fn no_page(&self, written: &str, name: &str) -> LinkError {
        if let Some(folder) = never_published(name) {
            return never_published_error(written, folder);
        }
        let lower = name.to_lowercase();
        let stem = lower.strip_suffix(".md").unwrap_or(&lower);
        let template = self.site.templates.iter().find(|rel| {
            let rel = rel.to_lowercase();
            let rel = rel.strip_suffix(".md").unwrap_or(&rel);
            rel == stem || rel.rsplit('/').next() == Some(stem)
        });
        if let Some(template) = template {
            return LinkError::new(
                format!(
                    "{written} links to `{template}`, a note of the vault's template folder, which is not published"
                ),
                Some(
                    "link a note outside the template folder (.obsidian/templates.json names it)"
                        .to_string(),
                ),
            );
        }
        if let Some(error) = self.unreadable(written, |rel| {
            let rel = rel.to_lowercase();
            let rel = rel.strip_suffix(".md").unwrap_or(&rel);
            rel == stem || rel.rsplit('/').next() == Some(stem)
        }) {
            return error;
        }
        let is_file = name.rsplit_once('.').is_some_and(|(_, ext)| {
            !ext.eq_ignore_ascii_case("md") && !ext.is_empty() && !ext.contains(' ')
        });
        let mut close = self.nearest_names(name);
        if is_file {
            let names = self
                .site
                .assets
                .iter()
                .map(|a| a.rel_path.rsplit('/').next().unwrap_or_default());
            close = suggest(nearest(name, names, 3), name);
        }
        let what = if is_file {
            "no page or file"
        } else {
            "no page"
        };
        LinkError::new(
            format!("{written} matches {what}"),
            did_you_mean(&close, ("[[", "]]")).or_else(|| {
                Some("link by a page's title, alias, file name or section/slug".to_string())
            }),
        )
    }

    /// The error for a link to a markdown file that could not be read, when `is_it`
    /// picks one out of the site's failed files.
    fn unreadable(&self, written: &str, is_it: impl Fn(&str) -> bool) -> Option<LinkError> {
        let (rel, path, at) = self.site.failed.iter().find(|(rel, _, _)| is_it(rel))?;
        Some(LinkError::new(
            format!(
                "{written}: `{rel}` could not be read: see the error at {}:{}:{}",
                path.display(),
                at.line,
                at.column
            ),
            Some("once that file reads, this link works".to_string()),
        ))
    }

    /// "has no heading", with the nearest headings of the page.
    pub(super) fn no_heading(&self, written: &str, to: DocId, fragment: &str) -> LinkError {
        let target = &self.site.docs[to];
        let ids = target.outline.headings.iter().map(|h| h.id.as_str());
        let close = suggest(nearest(&slugify(fragment), ids, 3), fragment);
        LinkError::new(
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
        )
    }

    /// "matches 2 pages", naming them and the paths that tell them apart.
    pub(super) fn ambiguous(&self, written: &str, many: &[UrlTarget]) -> LinkError {
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
                "{written} matches {} pages, none nearer this page than the others: {}",
                many.len(),
                list.join(", ")
            ),
            Some(format!(
                "name the one you mean by its path: {}",
                paths.join(" or ")
            )),
        )
    }

    /// "matches 2 files" for a file named by its name alone, with their paths.
    pub(super) fn ambiguous_files(&self, written: &str, tied: &[AssetId], form: Form) -> LinkError {
        let paths: Vec<&str> = tied
            .iter()
            .map(|&id| self.site.assets[id].rel_path.as_str())
            .collect();
        let (open, close) = form.quotes();
        let spelled: Vec<String> = paths
            .iter()
            .map(|p| format!("{open}{}{close}", form.spell(p)))
            .collect();
        LinkError::new(
            format!(
                "{written} matches {} files, none nearer this page than the others: {}",
                tied.len(),
                paths.join(", ")
            ),
            Some(format!(
                "name the one you mean by its path: {}",
                spelled.join(" or ")
            )),
        )
    }
}

fn never_published_error(written: &str, folder: &str) -> LinkError {
    LinkError::new(
        format!("{written} links into `{folder}/`, a folder that is never published"),
        Some(format!(
            "`{}` are never published, not even a file a page links to: move the file out of `{folder}/`",
            crate::content::NEVER_PUBLISHED.join("`, `")
        )),
    )
}

/// Endings of file names that are not also common top-level domains.
const FILE_ENDINGS: [&str; 24] = [
    "md", "png", "jpg", "jpeg", "gif", "svg", "webp", "pdf", "txt", "toml", "yaml", "yml", "json",
    "html", "htm", "css", "scss", "js", "zip", "gz", "mp4", "mov", "csv", "xml",
];

/// Help for a path that was meant to leave the site: an email address written without
/// `mailto:`, or a host written without `https://` (when nothing in the site is near).
fn meant_elsewhere(dest: &str, form: Form, nothing_near: bool) -> Option<String> {
    if !matches!(form, Form::Relative(_)) {
        return None;
    }
    if !dest.contains('/') && dest.contains('@') {
        return Some(format!(
            "for an email address, write `<{dest}>` or `mailto:{dest}`"
        ));
    }
    // `www.example.org` is meant to leave the site, but is a relative path. A host has
    // letters, digits and `-` between its dots, and does not end like a file.
    let host = dest.split('/').next().unwrap_or_default();
    let looks_like_host = host.split_once('.').is_some()
        && host
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && host.rsplit('.').next().is_some_and(|tld| {
            (2..=6).contains(&tld.len())
                && tld.chars().all(|c| c.is_ascii_lowercase())
                && !FILE_ENDINGS.contains(&tld)
        });
    (dest.starts_with("www.") || (nothing_near && looks_like_host))
        .then(|| format!("for a link to another site, write the whole address: `https://{dest}`"))
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
