//! The section tree: which folder is a section, which section each page belongs to, the
//! URL of everything, and the order pages and sections are listed in.

use std::collections::{HashMap, HashSet};

use super::{Redirect, Section, Site, SortBy, slugify, split_weight, title_from_slug};
use crate::diagnostic::{Diagnostic, did_you_mean, nearest};

/// Builds `site.sections` from the folders and documents, and gives every doc its URL.
pub(crate) fn assemble(site: &mut Site, dirs: &[String], diagnostics: &mut Vec<Diagnostic>) {
    // Only folders that hold markdown (at any depth) are sections: `img/` is not.
    let mut with_docs: HashSet<&str> = HashSet::new();
    for doc in &site.docs {
        let mut dir = doc.dir();
        while !dir.is_empty() && with_docs.insert(dir) {
            dir = parent_dir(dir);
        }
    }
    let mut sections = vec![new_section(String::new(), None)];
    let mut by_dir: HashMap<String, usize> = HashMap::from([(String::new(), 0)]);
    for dir in dirs.iter().filter(|d| with_docs.contains(d.as_str())) {
        // The walk is top-down, so a folder's parent is already known.
        let parent = by_dir.get(parent_dir(dir)).copied().unwrap_or(0);
        by_dir.insert(dir.clone(), sections.len());
        sections.push(new_section(dir.clone(), Some(parent)));
    }
    for (id, doc) in site.docs.iter_mut().enumerate() {
        doc.section = by_dir.get(doc.dir()).copied().unwrap_or(0);
        if doc.is_section_index {
            sections[doc.section].index = Some(id);
        }
    }
    for section in &mut sections {
        let Some(index) = section.index else { continue };
        let doc = &site.docs[index];
        if !doc.title.is_empty() {
            section.title = doc.title.clone();
        }
        section.slug = doc.slug.clone();
        section.weight = doc.weight;
        section.sort_by = doc.meta.sort_by.unwrap_or_default();
        section.glossary = doc.meta.glossary.unwrap_or(false);
    }
    for section in sections.iter().skip(1).filter(|s| s.slug.is_empty()) {
        diagnostics.push(
            Diagnostic::error(
                crate::config::in_site(&site.root, "content").join(&section.rel_dir),
                crate::diagnostic::Position::FILE,
                "this folder's name has no letter or digit to make its address from",
            )
            .with_help("rename the folder, or give it an `_index.md` with `slug: my-folder`"),
        );
    }
    mark_glossary(site, &mut sections, diagnostics);
    // Parents come before children (folders are walked top-down), so one pass sets URLs.
    for id in 1..sections.len() {
        let parent = sections[id].parent.unwrap_or(0);
        sections[id].url = format!("{}{}/", sections[parent].url, sections[id].slug);
    }
    for (id, doc) in site.docs.iter_mut().enumerate() {
        let section = &mut sections[doc.section];
        if doc.is_section_index {
            doc.url = section.url.clone();
            doc.slug = section.slug.clone();
            if doc.title.is_empty() {
                doc.title = section.title.clone();
            }
        } else {
            doc.url = format!("{}{}/", section.url, doc.slug);
            if doc.published {
                section.pages.push(id);
            }
        }
    }
    // A folder with no weight of its own comes where `SUMMARY.md` first lists a page in it.
    for doc in &site.docs {
        let Some(order) = doc.summary_order else {
            continue;
        };
        let mut at = Some(doc.section);
        while let Some(id) = at.filter(|&id| id > 0) {
            let section = &mut sections[id];
            if section
                .index
                .is_none_or(|i| site.docs[i].summary_order.is_none())
            {
                section.weight = Some(section.weight.map_or(order, |w| w.min(order)));
            }
            at = section.parent;
        }
    }
    // A section is published when it has something published: its intro, a page, or a
    // published sub-section. A folder of drafts stays out of navigation and the output.
    for id in (0..sections.len()).rev() {
        let has_intro = sections[id].index.is_some_and(|i| site.docs[i].published);
        sections[id].published |= id == 0 || has_intro || !sections[id].pages.is_empty();
        if let (true, Some(parent)) = (sections[id].published, sections[id].parent) {
            sections[parent].published = true;
            sections[parent].children.push(id);
        }
    }
    for id in 0..sections.len() {
        let mut pages = std::mem::take(&mut sections[id].pages);
        sort_pages(site, sections[id].sort_by, &mut pages);
        sections[id].pages = pages;
        let mut children = std::mem::take(&mut sections[id].children);
        children.sort_by(|&a, &b| {
            let (a, b) = (&sections[a], &sections[b]);
            weight_key(a.weight)
                .cmp(&weight_key(b.weight))
                .then_with(|| a.title.to_lowercase().cmp(&b.title.to_lowercase()))
        });
        sections[id].children = children;
    }
    if let Some(home) = sections[0].index {
        sections[0].title = site.docs[home].title.clone();
    }
    site.redirects = move_to_permalinks(site, &mut sections, diagnostics);
    site.sections = sections;
}

/// Puts each page with a `permalink` there (a folder's page takes its listing along; the
/// pages inside keep their addresses), and lists the redirects from old addresses: the
/// one a permalink left, and each alias written as a path. A page whose permalink is the
/// address of a folder without a page of its own becomes that folder's page, as Obsidian
/// Publish shows it (`permalink: /` makes the home page).
fn move_to_permalinks(
    site: &mut Site,
    sections: &mut [Section],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Redirect> {
    let mut redirects = Vec::new();
    let pageless: HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.index.is_none())
        .map(|(id, s)| (s.url.clone(), id))
        .collect();
    for (id, doc) in site.docs.iter_mut().enumerate() {
        if let Some(permalink) = &doc.meta.permalink {
            let new = match permalink.as_str() {
                "" => String::new(),
                path => format!("{path}/"),
            };
            if new != doc.url {
                let old = std::mem::replace(&mut doc.url, new.clone());
                match pageless.get(&new) {
                    Some(&folder) if !doc.is_section_index && sections[folder].index.is_none() => {
                        sections[doc.section].pages.retain(|&p| p != id);
                        doc.is_section_index = true;
                        doc.section = folder;
                        doc.slug = sections[folder].slug.clone();
                        sections[folder].index = Some(id);
                        sections[folder].title = doc.title.clone();
                    }
                    _ if doc.is_section_index => sections[doc.section].url = new,
                    _ => {}
                }
                redirects.push(Redirect {
                    from: old,
                    to: id,
                    field: "permalink",
                });
            }
        }
        for alias in &doc.meta.aliases {
            let Some(path) = alias.strip_prefix('/') else {
                continue;
            };
            let path = path.trim_end_matches('/');
            if !path.split('/').all(super::frontmatter::is_path_segment) {
                continue;
            }
            let from = match path.ends_with(".html") {
                true => path.to_string(),
                false => format!("{path}/"),
            };
            if from != doc.url {
                redirects.push(Redirect {
                    from,
                    to: id,
                    field: "aliases",
                });
            }
        }
    }
    // A page is where it is: an old address that is now a page's (two pages that traded
    // places, or a page's own address among its aliases) sends nobody on; and one
    // address redirects once.
    let pages: std::collections::HashSet<&str> = site
        .docs
        .iter()
        .filter(|d| d.published)
        .map(|d| d.url.as_str())
        .collect();
    let mut seen = std::collections::HashSet::new();
    redirects.retain(|r| {
        let taken = pages.contains(r.from.as_str());
        if taken && r.field == "aliases" {
            let doc = &site.docs[r.to];
            diagnostics.push(
                Diagnostic::warning(
                    &doc.path,
                    doc.field_position("aliases"),
                    format!(
                        "alias `/{}` is the address of a page: no redirect is made there",
                        r.from
                    ),
                )
                .with_help("remove the alias, or write the old address the page really had"),
            );
        }
        !taken && seen.insert(r.from.clone())
    });
    redirects
}

fn new_section(rel_dir: String, parent: Option<usize>) -> Section {
    let name = rel_dir.rsplit('/').next().unwrap_or_default();
    let (weight, rest) = split_weight(name);
    Section {
        title: title_from_slug(rest),
        slug: slugify(rest),
        url: String::new(),
        weight,
        rel_dir,
        index: None,
        parent,
        sort_by: SortBy::Weight,
        glossary: false,
        published: false,
        pages: Vec::new(),
        children: Vec::new(),
    }
}

fn parent_dir(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// The glossary is the section marked `glossary = true`, or the one site.toml names
/// (`[glossary] section`, by folder or slug; `glossary` by default).
fn mark_glossary(site: &Site, sections: &mut [Section], diagnostics: &mut Vec<Diagnostic>) {
    if sections.iter().any(|s| s.glossary) {
        return;
    }
    let named = site.config.glossary.section.clone();
    let wanted = named.clone().unwrap_or_else(|| "glossary".to_string());
    let found = sections
        .iter_mut()
        .skip(1)
        .find(|s| s.rel_dir == wanted || s.slug == wanted);
    match (found, named) {
        (Some(section), _) => section.glossary = true,
        (None, Some(name)) => {
            let dirs: Vec<&str> = sections
                .iter()
                .skip(1)
                .map(|s| s.rel_dir.as_str())
                .collect();
            diagnostics.push(
                Diagnostic::error(
                    crate::config::in_site(&site.root, "site.toml"),
                    crate::config::key_position(&site.root, "section"),
                    format!("[glossary] section = \"{name}\" names no section of content/"),
                )
                .with_optional_help(did_you_mean(&nearest(&name, dirs, 1), ("\"", "\""))),
            );
        }
        (None, None) => {}
    }
}

/// A section's contents in the order readers meet them, in the navigation and in print:
/// `children` holds one value per sub-section (in `section.children` order), `pages` one
/// per page (in `section.pages` order). Sub-sections come first, unless a `SUMMARY.md`
/// ordered the section: then folders and pages interleave by weight, as a book's
/// contents do.
pub(crate) fn in_reading_order<T>(
    site: &Site,
    section: usize,
    children: impl IntoIterator<Item = T>,
    pages: impl IntoIterator<Item = T>,
) -> Vec<T> {
    let s = &site.sections[section];
    let summary = s
        .pages
        .iter()
        .any(|&p| site.docs[p].summary_order.is_some());
    if !summary {
        return children.into_iter().chain(pages).collect();
    }
    let mut all: Vec<((bool, i64), T)> = s
        .children
        .iter()
        .map(|&c| weight_key(site.sections[c].weight))
        .zip(children)
        .chain(
            s.pages
                .iter()
                .map(|&p| weight_key(site.docs[p].weight))
                .zip(pages),
        )
        .collect();
    // Stable: equal weights keep their order.
    all.sort_by_key(|(w, _)| *w);
    all.into_iter().map(|(_, item)| item).collect()
}

fn weight_key(weight: Option<i64>) -> (bool, i64) {
    (weight.is_none(), weight.unwrap_or(0))
}

fn sort_pages(site: &Site, sort_by: SortBy, pages: &mut [usize]) {
    let docs = &site.docs;
    let by_title = |a: &usize, b: &usize| {
        docs[*a]
            .title
            .to_lowercase()
            .cmp(&docs[*b].title.to_lowercase())
            .then_with(|| docs[*a].rel_path.cmp(&docs[*b].rel_path))
    };
    match sort_by {
        SortBy::Weight => pages.sort_by(|a, b| {
            weight_key(docs[*a].weight)
                .cmp(&weight_key(docs[*b].weight))
                .then_with(|| by_title(a, b))
        }),
        SortBy::Title => pages.sort_by(by_title),
        // Newest first, undated pages last.
        SortBy::Date => pages.sort_by(|a, b| {
            let (da, db) = (&docs[*a].meta.date, &docs[*b].meta.date);
            db.is_some()
                .cmp(&da.is_some())
                .then_with(|| db.cmp(da))
                .then_with(|| by_title(a, b))
        }),
    }
}
