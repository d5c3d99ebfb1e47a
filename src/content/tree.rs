//! The section tree: which folder is a section, which section each page belongs to, the
//! URL of everything, and the order pages and sections are listed in.

use std::collections::{HashMap, HashSet};

use super::{Section, Site, SortBy, slugify, split_weight, title_from_slug};
use crate::diagnostic::{Diagnostic, did_you_mean, nearest};

/// Builds `site.sections` from the folders and documents, and gives every doc its URL.
pub(crate) fn assemble(site: &mut Site, dirs: &[String], diagnostics: &mut Vec<Diagnostic>) {
    // Only folders that hold markdown (at any depth) are sections: `img/` is not.
    let mut with_docs: HashSet<&str> = HashSet::new();
    for doc in &site.docs {
        let mut dir = parent_dir(&doc.rel_path);
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
        doc.section = by_dir.get(parent_dir(&doc.rel_path)).copied().unwrap_or(0);
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
    site.sections = sections;
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
