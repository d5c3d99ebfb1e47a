//! The link graph: an index of every page, name and URL of the site, built once before
//! any page is rendered; the resolution of links against it ([`resolve`]); and, after
//! rendering, the inversion of what each page links to into backlinks.
//!
//! Entities refer to each other by [`DocId`] and [`SectionId`]; nothing here is mutable
//! once built, so pages can be rendered in parallel against one shared `Index`.

pub mod glossary;
pub mod resolve;

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::content::{DocId, SectionId, Site, slugify};
use crate::diagnostic::{Diagnostic, Position};
pub use glossary::{Glossary, Occurrence, Term};
pub use resolve::{LinkError, Resolved, relative_url};

/// What lives at a site URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlTarget {
    /// A page or a section intro.
    Doc(DocId),
    /// A section listing without an `_index.md`.
    Section(SectionId),
    /// A file: an asset, a theme static file, or a generated page.
    File,
}

/// A tag and the published pages that carry it.
#[derive(Debug, Clone)]
pub struct Tag {
    /// As first written.
    pub name: String,
    /// URL-safe form.
    pub slug: String,
    /// Pages, by title.
    pub pages: Vec<DocId>,
}

/// Every way a link can name something, built once per build.
#[derive(Debug)]
pub struct Index<'a> {
    site: &'a Site,
    /// Normalised wiki-link names (titles, aliases, file stems, slugs, paths) to documents.
    names: HashMap<String, Vec<DocId>>,
    /// `tips/01-x.md` to its document.
    paths: HashMap<&'a str, DocId>,
    /// `roles/collaborative-leader` to its section.
    dirs: HashMap<&'a str, SectionId>,
    /// Site paths (`tips/x/`, `style.css`) to what is there.
    urls: HashMap<String, UrlTarget>,
    /// Tags by slug, sorted.
    tags: BTreeMap<String, Tag>,
    /// The glossary's terms and their automaton.
    glossary: Glossary,
}

/// The URL of the tag index.
pub const TAGS_URL: &str = "tags/";

impl<'a> Index<'a> {
    /// Indexes `site`; `files` are the other paths the output will hold (theme static
    /// files). Reports generated pages that clash with content.
    pub fn build<'f>(
        site: &'a Site,
        files: impl IntoIterator<Item = &'f str>,
    ) -> (Self, Vec<Diagnostic>) {
        let mut index = Index {
            site,
            names: HashMap::new(),
            paths: HashMap::new(),
            dirs: HashMap::new(),
            urls: HashMap::new(),
            tags: BTreeMap::new(),
            glossary: Glossary::default(),
        };
        let mut diagnostics = Vec::new();
        index.glossary = Glossary::build(site, &mut diagnostics);
        for (id, doc) in site.docs.iter().enumerate() {
            index.paths.insert(doc.rel_path.as_str(), id);
            let mut names: Vec<&str> = vec![&doc.title, &doc.slug];
            names.extend(doc.meta.aliases.iter().map(String::as_str));
            let path = doc.url.trim_end_matches('/');
            let stem_path = doc.rel_path.trim_end_matches(".md");
            if doc.is_section_index {
                names.push(&site.sections[doc.section].rel_dir);
            } else {
                names.extend([doc.file_stem(), stem_path]);
            }
            names.push(path);
            let mut seen = HashSet::new();
            for name in names {
                let key = normalise(name);
                if !key.is_empty() && seen.insert(key.clone()) {
                    index.names.entry(key).or_default().push(id);
                }
            }
            if doc.published {
                index.urls.insert(doc.url.clone(), UrlTarget::Doc(id));
                for tag in &doc.meta.tags {
                    let slug = slugify(tag);
                    let entry = index.tags.entry(slug.clone()).or_insert_with(|| Tag {
                        name: tag.trim().to_string(),
                        slug,
                        pages: Vec::new(),
                    });
                    if !doc.is_section_index {
                        entry.pages.push(id);
                    }
                }
            }
        }
        for tag in index.tags.values_mut() {
            tag.pages
                .sort_by_cached_key(|&id| (site.docs[id].title.to_lowercase(), id));
        }
        for (id, section) in site.sections.iter().enumerate() {
            index.dirs.insert(section.rel_dir.as_str(), id);
            index
                .urls
                .entry(section.url.clone())
                .or_insert(UrlTarget::Section(id));
        }
        for asset in &site.assets {
            index.urls.insert(asset.rel_path.clone(), UrlTarget::File);
        }
        for file in files {
            index
                .urls
                .entry(file.to_string())
                .or_insert(UrlTarget::File);
        }
        let mut generated = vec!["404.html".to_string(), TAGS_URL.to_string()];
        generated.extend(
            index
                .tags
                .values()
                .map(|t| format!("{TAGS_URL}{}/", t.slug)),
        );
        if site.config.base_url.is_some() {
            generated.push("sitemap.xml".to_string());
        }
        for url in generated {
            if let Some(UrlTarget::Doc(id) | UrlTarget::Section(id)) = index.urls.get(&url).copied()
            {
                let path = match index.urls[&url] {
                    UrlTarget::Doc(_) => site.docs[id].path.clone(),
                    _ => site.root.join("content").join(&site.sections[id].rel_dir),
                };
                diagnostics.push(
                    Diagnostic::error(path, Position::FILE, format!("`/{url}` is generated by playbook, and this content would take its place"))
                        .with_help("rename the file or folder, or set another `slug`"),
                );
            }
            index.urls.insert(url, UrlTarget::File);
        }
        (index, diagnostics)
    }

    /// The site this index was built from.
    pub fn site(&self) -> &'a Site {
        self.site
    }

    /// Tags by slug, sorted.
    pub fn tags(&self) -> &BTreeMap<String, Tag> {
        &self.tags
    }

    /// The glossary.
    pub fn glossary(&self) -> &Glossary {
        &self.glossary
    }

    /// Every URL of the site (for the sitemap and suggestions).
    pub fn urls(&self) -> impl Iterator<Item = (&str, UrlTarget)> {
        self.urls.iter().map(|(u, t)| (u.as_str(), *t))
    }
}

/// Wiki-link names compare case-insensitively, with runs of white space folded.
pub fn normalise(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Inverts "page → terms it uses" into "term → pages using it" (by title), and warns
/// about terms no other page uses.
pub fn term_uses(index: &Index, uses: &[Vec<usize>]) -> (Vec<Vec<DocId>>, Vec<Diagnostic>) {
    let site = index.site;
    let terms = &index.glossary.terms;
    let mut used_in: Vec<Vec<DocId>> = vec![Vec::new(); terms.len()];
    for (doc, used) in uses.iter().enumerate() {
        for &term in used {
            if terms[term].doc != doc {
                used_in[term].push(doc);
            }
        }
    }
    let mut warnings = Vec::new();
    for (term, list) in used_in.iter_mut().enumerate() {
        list.sort_by_cached_key(|&id| (site.docs[id].title.to_lowercase(), id));
        list.dedup();
        if list.is_empty() {
            let doc = &site.docs[terms[term].doc];
            warnings.push(
                Diagnostic::warning(&doc.path, doc.field_position("title"), format!("the glossary term \"{}\" is used on no other page", doc.title))
                    .with_help("use the term (or one of its aliases) in a page, add the form authors actually write to `aliases`, or remove the term"),
            );
        }
    }
    (used_in, warnings)
}

/// Inverts "page → pages it links to" into "page → pages linking to it", each list
/// sorted by title, a page never listed as its own backlink.
pub fn backlinks(site: &Site, links: &[Vec<DocId>]) -> Vec<Vec<DocId>> {
    let mut back: Vec<Vec<DocId>> = vec![Vec::new(); site.docs.len()];
    for (from, targets) in links.iter().enumerate() {
        for &to in targets {
            if to != from {
                back[to].push(from);
            }
        }
    }
    for list in &mut back {
        list.sort_by_cached_key(|&id| (site.docs[id].title.to_lowercase(), id));
        list.dedup();
    }
    back
}
