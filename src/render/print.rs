//! The print page, `print/`: the whole site as one document to print or save as a PDF
//! and hand to a partner. A cover (title, description, the day it was built), the
//! contents, then every published page in reading order (the navigation's, from
//! [`Site::contents`]), the glossary last as an appendix.
//!
//! Each page's body is the HTML the page stage made, rewritten by [`rewrite`] so it
//! reads as part of one document: its ids carry its page's anchor, and its links lead to
//! places in the document, or out of it from `print/`.

mod rewrite;

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use super::Ctx;
use super::views::{Kind, PageView};
use crate::content::{DocId, Entry, SectionId, Site};
use crate::graph::PRINT_URL;
use rewrite::Book;

/// How deep the contents nest; deeper pages are listed at this level. Templates render
/// the tree with a recursive component, which tera stops at 20 levels.
const CONTENTS_DEPTH: usize = 8;

/// Ids the print template itself gives, which no page's anchor may take.
const TEMPLATE_IDS: [&str; 8] = [
    "main",
    "sidebar",
    "search-input",
    "search-results",
    "playbook-preview",
    "cover",
    "contents",
    "contents-title",
];

/// The note a build gives when the site has more pages than the print page is made for.
pub(super) fn too_many_pages(site: &Site) -> crate::diagnostic::Diagnostic {
    let max = site.config.print.max_pages;
    crate::diagnostic::Diagnostic::note(
        crate::config::in_site(&site.root, "site.toml"),
        crate::config::key_position(&site.root, "max_pages"),
        format!(
            "no print page: the site has {} published pages, more than [print] max_pages = {max}",
            site.published().count()
        ),
    )
    .with_help("raise `max_pages` under [print] in site.toml to print them all, or set `page = false` there to silence this")
}

/// The book, `page.book` in templates.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BookView<'a> {
    /// The day it was built, `YYYY-MM-DD`.
    pub(crate) date: String,
    /// The contents, nested by section.
    pub(crate) contents: Vec<ContentsEntry<'a>>,
    /// Every chapter, in reading order.
    pub(crate) chapters: Vec<ChapterView<'a>>,
}

/// An entry of the contents.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ContentsEntry<'a> {
    /// The chapter's title.
    pub(crate) title: &'a str,
    /// `#anchor`, its place in the document.
    pub(crate) href: String,
    /// The chapters of its section.
    pub(crate) children: Vec<ContentsEntry<'a>>,
    /// True for the appendix (the glossary).
    pub(crate) appendix: bool,
}

/// A page of the site, or a section without a page of its own, as a chapter.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChapterView<'a> {
    /// Its anchor: the id links and the contents point to.
    pub(crate) id: String,
    /// Its title.
    pub(crate) title: &'a str,
    /// Its description.
    pub(crate) description: Option<&'a str>,
    /// 1 for a top-level section or page, one more for each section below.
    pub(crate) depth: usize,
    /// True where a section starts: its page, or its title alone when it has none.
    pub(crate) section: bool,
    /// True for the appendix (the glossary) and its pages.
    pub(crate) appendix: bool,
    /// Its body, rewritten to be part of the document.
    pub(crate) html: String,
}

/// What a chapter is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// A page.
    Doc(DocId),
    /// A section without a published page of its own: its title alone.
    Section(SectionId),
}

/// A chapter and the chapters of its section, as the contents show them.
#[derive(Debug)]
struct Node {
    part: Part,
    section: bool,
    children: Vec<Node>,
}

/// The chapters of the site in reading order: home's page, then each section's page and
/// contents, the glossary moved to the end. Redirects are left out: they have no text.
fn outline(site: &Site) -> (Vec<Node>, Option<Node>) {
    let glossary = site
        .sections
        .iter()
        .position(|s| s.glossary && s.published)
        .filter(|&g| g != 0);
    let mut top: Vec<Node> = intro(site, 0)
        .map(|doc| Node {
            part: Part::Doc(doc),
            section: false,
            children: Vec::new(),
        })
        .into_iter()
        .collect();
    top.extend(contents(site, 0, glossary));
    (top, glossary.map(|g| section_node(site, g, None)))
}

/// A section's published page, unless it only sends readers elsewhere.
fn intro(site: &Site, section: SectionId) -> Option<DocId> {
    site.sections[section]
        .index
        .filter(|&i| site.docs[i].published && site.docs[i].meta.redirect_to.is_none())
}

fn section_node(site: &Site, section: SectionId, skip: Option<SectionId>) -> Node {
    Node {
        part: intro(site, section).map_or(Part::Section(section), Part::Doc),
        section: true,
        children: contents(site, section, skip),
    }
}

/// The sub-sections and pages of `section` in reading order, leaving out `skip`.
fn contents(site: &Site, section: SectionId, skip: Option<SectionId>) -> Vec<Node> {
    site.contents(section)
        .into_iter()
        .filter_map(|entry| match entry {
            Entry::Section(c) if Some(c) == skip => None,
            Entry::Section(c) => Some(section_node(site, c, skip)),
            Entry::Page(p) if site.docs[p].meta.redirect_to.is_some() => None,
            Entry::Page(p) => Some(Node {
                part: Part::Doc(p),
                section: false,
                children: Vec::new(),
            }),
        })
        .collect()
}

/// A chapter in reading order, with what the rewriting needs to know of it.
struct Placed {
    part: Part,
    depth: usize,
    section: bool,
    appendix: bool,
}

fn flatten(nodes: &[Node], depth: usize, appendix: bool, out: &mut Vec<Placed>) {
    for node in nodes {
        out.push(Placed {
            part: node.part,
            depth,
            section: node.section,
            appendix,
        });
        flatten(&node.children, depth + 1, appendix, out);
    }
}

/// The anchor of a page or section at site URL `url`: its path in one word
/// (`tips-build-trust`), `home` for the root. Never holds `--`, which joins a page's
/// anchor to its own ids, so those can never meet an anchor.
fn anchor_of(url: &str) -> String {
    let mut anchor = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_alphanumeric() {
            anchor.extend(c.to_lowercase());
        } else if !anchor.is_empty() && !anchor.ends_with('-') {
            anchor.push('-');
        }
    }
    let anchor = anchor.trim_end_matches('-');
    match anchor.is_empty() {
        true => "home".to_string(),
        false => anchor.to_string(),
    }
}

impl<'a> Ctx<'a> {
    /// The print page: every page of the site as a chapter of one document.
    pub(super) fn print_page(&self) -> PageView<'a> {
        let site = self.site;
        let mut page = PageView::new(Kind::Print, "The whole playbook");
        page.breadcrumbs = vec![self.home_link(PRINT_URL)];
        let (top, glossary) = outline(site);
        let mut placed = Vec::new();
        flatten(&top, 1, false, &mut placed);
        if let Some(glossary) = &glossary {
            flatten(std::slice::from_ref(glossary), 1, true, &mut placed);
        }
        // Each chapter's anchor, unique in the document.
        let mut taken: HashSet<String> = TEMPLATE_IDS.iter().map(|s| s.to_string()).collect();
        let anchors: Vec<String> = placed
            .iter()
            .map(|p| {
                let base = anchor_of(self.url_of(p.part));
                let mut anchor = base.clone();
                let mut n = 1;
                while !taken.insert(anchor.clone()) {
                    n += 1;
                    anchor = format!("{base}-{n}");
                }
                anchor
            })
            .collect();
        let places: HashMap<&str, usize> = placed
            .iter()
            .enumerate()
            .map(|(i, p)| (self.url_of(p.part), i))
            .collect();
        let docs: Vec<Option<DocId>> = placed
            .iter()
            .map(|p| match p.part {
                Part::Doc(id) => Some(id),
                Part::Section(_) => None,
            })
            .collect();
        let ids: Vec<HashSet<String>> = docs
            .par_iter()
            .map(|doc| {
                doc.map_or_else(HashSet::new, |id| rewrite::ids(&self.pages.bodies[id].html))
            })
            .collect();
        let book = Book {
            places: &places,
            anchors: &anchors,
            ids: &ids,
        };
        let htmls: Vec<String> = docs
            .par_iter()
            .enumerate()
            .map(|(i, doc)| match doc {
                Some(id) => book.rewrite(i, &self.site.docs[*id].url, &self.pages.bodies[*id].html),
                None => String::new(),
            })
            .collect();
        page.has_math = docs
            .iter()
            .flatten()
            .any(|&id| self.pages.bodies[id].has_math);
        let chapters = placed
            .iter()
            .zip(anchors.iter().cloned())
            .zip(htmls)
            .map(|((p, id), html)| ChapterView {
                id,
                title: self.title_of(p.part),
                description: match p.part {
                    Part::Doc(doc) => site.docs[doc].meta.description.as_deref(),
                    Part::Section(_) => None,
                },
                depth: p.depth,
                section: p.section,
                appendix: p.appendix,
                html,
            })
            .collect();
        let mut next = 0;
        let mut contents = self.contents_entries(&top, &anchors, &mut next, 1);
        if let Some(glossary) = &glossary {
            let mut appendix =
                self.contents_entries(std::slice::from_ref(glossary), &anchors, &mut next, 1);
            appendix.iter_mut().for_each(|e| e.appendix = true);
            contents.extend(appendix);
        }
        page.book = Some(BookView {
            date: crate::content::Date::today().0,
            contents,
            chapters,
        });
        page
    }

    /// The contents of `nodes`, whose first chapter is number `next` in reading order;
    /// below [`CONTENTS_DEPTH`], a section's chapters are listed beside it.
    fn contents_entries(
        &self,
        nodes: &[Node],
        anchors: &[String],
        next: &mut usize,
        depth: usize,
    ) -> Vec<ContentsEntry<'a>> {
        let mut entries = Vec::new();
        for node in nodes {
            let mut entry = ContentsEntry {
                title: self.title_of(node.part),
                href: format!("#{}", anchors[*next]),
                children: Vec::new(),
                appendix: false,
            };
            *next += 1;
            let children = self.contents_entries(&node.children, anchors, next, depth + 1);
            if depth < CONTENTS_DEPTH {
                entry.children = children;
                entries.push(entry);
            } else {
                entries.push(entry);
                entries.extend(children);
            }
        }
        entries
    }

    fn url_of(&self, part: Part) -> &'a str {
        match part {
            Part::Doc(id) => &self.site.docs[id].url,
            Part::Section(id) => &self.site.sections[id].url,
        }
    }

    fn title_of(&self, part: Part) -> &'a str {
        match part {
            Part::Doc(id) => &self.site.docs[id].title,
            Part::Section(id) => &self.site.sections[id].title,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_one_word_without_double_dashes() {
        assert_eq!(anchor_of("tips/build-trust/"), "tips-build-trust");
        assert_eq!(anchor_of(""), "home");
        assert_eq!(anchor_of("a--b/c/"), "a-b-c");
        assert_eq!(anchor_of("Café/x/"), "café-x");
    }
}
