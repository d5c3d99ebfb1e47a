//! Rendering: every page of the site through the theme's tera templates, fed typed views.
//!
//! Takes the [`Inputs`] (the index, the theme, the rendered pages, the link graph and
//! the health findings); returns the files of the site as bytes ([`OutputFile`]), ready
//! for the output stage. Every URL in a page is
//! relative to that page, so the site works under any path prefix.

mod health;
mod nav;
mod print;
mod redirects;
mod sitemap;
mod theme;
pub(crate) mod views;

use std::borrow::Cow;

use rayon::prelude::*;

use crate::content::{DocId, Entry, SectionId, Site};
use crate::diagnostic::{Diagnostic, did_you_mean, nearest};
use crate::graph::{
    Graph, HEALTH_URL, Index, PER_PAGE, PRINT_URL, TAGS_URL, listing_page_url, pages_of_listing,
    relative_url,
};
use crate::health::Health;
use crate::pages::Pages;
pub(crate) use theme::{Source, Theme};
use views::{Kind, LinkView, PageView, SiteView, TagView};

/// A generated file: its path below the output folder and its bytes.
#[derive(Debug, Clone)]
pub(crate) struct OutputFile {
    /// `tips/secure-executive-sponsorship/index.html`.
    pub(crate) path: String,
    /// The contents.
    pub(crate) contents: Vec<u8>,
}

/// Everything the templates read.
pub(crate) struct Inputs<'a> {
    /// The site and its name index.
    pub(crate) index: &'a Index<'a>,
    /// The templates and static files.
    pub(crate) theme: &'a Theme,
    /// Every page's rendered markdown.
    pub(crate) pages: &'a Pages,
    /// Backlinks and "Used in" lists.
    pub(crate) graph: &'a Graph,
    /// What the health rules found, for the health page.
    pub(crate) health: &'a Health,
}

/// One page to render.
#[derive(Debug, Clone)]
enum Job {
    Doc(DocId),
    /// A section listing that has no `_index.md` (home included).
    Section(SectionId),
    Tags,
    Tag(String),
    NotFound,
    Health,
    Print,
}

/// What every page's rendering needs.
struct Ctx<'a> {
    index: &'a Index<'a>,
    site: &'a Site,
    theme: &'a Theme,
    pages: &'a Pages,
    graph: &'a Graph,
    health: &'a Health,
    /// `site` in templates, the same on every page: converted for tera once.
    site_value: tera::Value,
    /// Each document's position among its section's pages (`None` for section intros
    /// and drafts), for the navigation window and previous/next links.
    place: Vec<Option<usize>>,
    /// True when the whole section tree fits the navigation's budget, so every page
    /// lists every section with its first pages (collapsed but there); otherwise only
    /// the open branch is listed.
    nav_whole: bool,
    /// How many published pages each section holds, its sub-sections' included.
    counts: Vec<usize>,
    /// The whole navigation tree, shared by every page (`nav.js`).
    nav_script: OutputFile,
    sink: Sink<'a>,
}

/// Where rendered pages go: `None` returns them to the caller; a writer takes each one
/// as soon as it is made, so a build never holds all its pages at once.
pub(crate) type Sink<'s> = Option<&'s (dyn Fn(OutputFile) + Sync)>;

/// How much of the site [`render_site`] renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every page: a build.
    All,
    /// One page per template, enough to find a theme's errors: `playbook check`.
    OnePerTemplate,
}

/// Renders every page, the tag pages, 404.html and (with a base URL) sitemap.xml; or,
/// for [`Scope::OnePerTemplate`], one page of each template the site uses.
pub(crate) fn render_site(
    inputs: &Inputs,
    scope: Scope,
    sink: Sink,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<OutputFile> {
    let index = inputs.index;
    let site = index.site();
    let ctx = Ctx::new(inputs, sink);
    // A template the theme lacks is one error, at its first use, however many pages name
    // it (a Zola site's `template = "theme.html"` on every theme page); those pages are
    // not rendered.
    let missing = missing_templates(site, inputs.theme);
    diagnostics.extend(missing.iter().map(|(_, d)| d.clone()));
    let mut jobs: Vec<Job> = site
        .published()
        .filter(|(_, d)| {
            !d.meta
                .template
                .as_ref()
                .is_some_and(|t| missing.iter().any(|(m, _)| m == t))
        })
        .map(|(id, _)| Job::Doc(id))
        .collect();
    // Listings for sections whose intro is missing or a draft.
    jobs.extend(
        site.sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.published && !s.index.is_some_and(|i| site.docs[i].published))
            .map(|(id, _)| Job::Section(id)),
    );
    jobs.push(Job::Tags);
    jobs.extend(index.tags().keys().cloned().map(Job::Tag));
    jobs.push(Job::NotFound);
    if site.config.health.page {
        jobs.push(Job::Health);
    }
    if site.prints() {
        jobs.push(Job::Print);
    } else if site.config.print.page && scope == Scope::All {
        diagnostics.push(print::too_many_pages(site));
    }
    if scope == Scope::OnePerTemplate {
        let mut seen = std::collections::HashSet::new();
        jobs.retain(|job| match ctx.template(job) {
            Ok(name) => seen.insert(name),
            Err(_) => true,
        });
    }
    let mut files = ctx.render_jobs(&jobs, diagnostics);
    if let (Some(base), Scope::All) = (&site.config.base_url, scope) {
        files.push(sitemap::sitemap(site, index, base));
    }
    if scope == Scope::All {
        files.extend(redirects::files(site));
        files.push(ctx.nav_script.clone());
    }
    files
}

/// Each template the published pages name that the theme does not have, with an error at
/// the first page naming it (in file order) that says how many do.
fn missing_templates(site: &Site, theme: &Theme) -> Vec<(String, Diagnostic)> {
    // Each missing name, the first page (by path) that names it, and how many do.
    let mut missing: Vec<(&str, &crate::content::Doc, usize)> = Vec::new();
    for (_, doc) in site.published() {
        let Some(name) = doc
            .meta
            .template
            .as_deref()
            .filter(|t| !theme.has_template(t))
        else {
            continue;
        };
        match missing.iter_mut().find(|(m, _, _)| *m == name) {
            Some((_, first, count)) => {
                *count += 1;
                if doc.rel_path < first.rel_path {
                    *first = doc;
                }
            }
            None => missing.push((name, doc, 1)),
        }
    }
    missing
        .into_iter()
        .map(|(name, doc, count)| {
            let mut message = format!("template `{name}` not found in the theme");
            if count > 1 {
                message += &format!(" ({count} pages name it; this is the first)");
            }
            // One page's unknown name is likely a slip; many pages naming it mean it.
            let help = match did_you_mean(&nearest(name, theme.template_names(), 2), ("`", "`")) {
                Some(mean) if count == 1 => mean,
                _ => format!(
                    "add `templates/{name}` to the theme (see docs/themes.md), or remove the field to use the usual template"
                ),
            };
            let error = Diagnostic::error(&doc.path, doc.field_position("template"), message)
                .with_help(help);
            (name.to_string(), error)
        })
        .collect()
}

/// How many published pages each section holds, its sub-sections' included.
fn page_counts(site: &Site) -> Vec<usize> {
    fn count(site: &Site, id: SectionId, counts: &mut [usize]) -> usize {
        let s = &site.sections[id];
        let below: usize = s.children.iter().map(|&c| count(site, c, counts)).sum();
        counts[id] = s.pages.len() + below;
        counts[id]
    }
    let mut counts = vec![0; site.sections.len()];
    count(site, 0, &mut counts);
    counts
}

/// Renders just the pages of documents `docs`, and the health page: what a change to a
/// page can touch when no title, link target or listing changed (see `session`).
pub(crate) fn render_pages(
    inputs: &Inputs,
    docs: &[DocId],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<OutputFile> {
    let ctx = Ctx::new(inputs, None);
    let mut jobs: Vec<Job> = docs.iter().map(|&id| Job::Doc(id)).collect();
    if inputs.index.site().config.health.page {
        jobs.push(Job::Health);
    }
    // Every page is in it.
    if inputs.index.site().prints() {
        jobs.push(Job::Print);
    }
    ctx.render_jobs(&jobs, diagnostics)
}

impl<'a> Ctx<'a> {
    fn new(inputs: &Inputs<'a>, sink: Sink<'a>) -> Self {
        let index = inputs.index;
        let site = index.site();
        let mut place = vec![None; site.docs.len()];
        for section in &site.sections {
            for (pos, &doc) in section.pages.iter().enumerate() {
                place[doc] = Some(pos);
            }
        }
        let (nav_script, nav_hash) = nav::script(site);
        let site_view = SiteView {
            nav_script: format!("{}?v={nav_hash}", nav::SCRIPT),
            title: site.title(),
            description: site.config.description.as_deref(),
            language: &site.config.language,
            base_url: site.config.base_url.as_deref(),
            extra: &site.config.extra,
            generator: concat!("Playbook ", env!("CARGO_PKG_VERSION")),
            glossary: site
                .sections
                .iter()
                .find(|s| s.glossary)
                .map(|s| s.url.as_str()),
            health: site.config.health.page.then_some(HEALTH_URL),
            print: site.prints().then_some(PRINT_URL),
        };
        Ctx {
            index,
            site,
            theme: inputs.theme,
            pages: inputs.pages,
            graph: inputs.graph,
            health: inputs.health,
            site_value: tera::Value::from_serializable(&site_view),
            place,
            nav_whole: nav::fits_whole(site),
            counts: page_counts(site),
            nav_script,
            sink,
        }
    }

    fn render_jobs(&self, jobs: &[Job], diagnostics: &mut Vec<Diagnostic>) -> Vec<OutputFile> {
        let results: Vec<Result<Vec<OutputFile>, Diagnostic>> = jobs
            .par_iter()
            .map(|job| {
                let files = self.render_job(job)?;
                Ok(match self.sink {
                    Some(sink) => {
                        files.into_iter().for_each(sink);
                        Vec::new()
                    }
                    None => files,
                })
            })
            .collect();
        let mut files = Vec::with_capacity(results.len() + 1);
        for result in results {
            match result {
                Ok(mut some) => files.append(&mut some),
                Err(d) => diagnostics.push(d),
            }
        }
        files
    }
}

impl<'a> Ctx<'a> {
    /// Renders one job: one page, or for a long section listing, one page per
    /// [`PER_PAGE`] pages (`tips/`, `tips/page/2/`, ...).
    fn render_job(&self, job: &Job) -> Result<Vec<OutputFile>, Diagnostic> {
        if let Job::Doc(id) = job
            && let Some(target) = redirects::target_of(&self.site.docs[*id])
        {
            return Ok(vec![OutputFile {
                path: crate::graph::file_of(&self.site.docs[*id].url),
                contents: redirects::page(&target),
            }]);
        }
        let listing = match job {
            Job::Doc(id) if self.site.docs[*id].is_section_index => {
                Some(self.site.docs[*id].section)
            }
            Job::Section(id) => Some(*id),
            _ => None,
        };
        let total = match (listing, job) {
            (Some(s), _) => pages_of_listing(&self.site.sections[s]),
            // A tag's pages, as long as a section's, continue on numbered pages too.
            (None, Job::Tag(slug)) => self.index.tags()[slug.as_str()]
                .pages
                .len()
                .div_ceil(PER_PAGE)
                .max(1),
            _ => 1,
        };
        (1..=total)
            .map(|number| self.render_page_of(job, number, total))
            .collect()
    }

    fn render_page_of(
        &self,
        job: &Job,
        number: usize,
        total: usize,
    ) -> Result<OutputFile, Diagnostic> {
        let base = match job {
            Job::Doc(id) => self.site.docs[*id].url.clone(),
            Job::Section(id) => self.site.sections[*id].url.clone(),
            Job::Tag(slug) => format!("{TAGS_URL}{slug}/"),
            _ => String::new(),
        };
        let page_url = listing_page_url(&base, number);
        let template = self.template(job)?;
        let (url, mut page) = match job {
            Job::Doc(id) => self.doc_page(*id, &page_url),
            Job::Section(id) => (page_url.clone(), self.section_page(*id, &page_url, None)),
            Job::Tags => (TAGS_URL.to_string(), self.tags_page()),
            Job::Tag(slug) => (page_url.clone(), self.tag_page(slug, &page_url)),
            Job::NotFound => {
                let mut page = PageView::new(Kind::NotFound, "Page not found");
                page.breadcrumbs = vec![self.home_link("404.html")];
                if self.site.config.base_url.is_none() {
                    page.top_level = self.top_level();
                }
                ("404.html".to_string(), page)
            }
            Job::Health => (HEALTH_URL.to_string(), self.health_page()),
            Job::Print => (PRINT_URL.to_string(), self.print_page()),
        };
        if total > 1 {
            let start = (number - 1) * PER_PAGE;
            page.pages = page.pages.drain(..).skip(start).take(PER_PAGE).collect();
            // Sub-sections lead the first page; each page lists its share of pages.
            let mut contents = std::mem::take(&mut page.contents);
            contents.retain(|e| e.section && number == 1);
            contents.extend(page.pages.iter().map(|link| views::EntryView {
                link: link.clone(),
                section: false,
                count: 0,
            }));
            page.contents = contents;
            let link = |n: usize| self.href(&url, &listing_page_url(&base, n));
            page.pagination = Some(views::Pager {
                number,
                total,
                first: start + 1,
                prev: (number > 1).then(|| link(number - 1)),
                next: (number < total).then(|| link(number + 1)),
                pages: (1..=total)
                    .map(|n| views::PageNumber {
                        number: n,
                        url: link(n),
                        current: n == number,
                    })
                    .collect(),
            });
        }
        let (current_section, current_doc) = match job {
            Job::Doc(id) => (Some(self.site.docs[*id].section), Some(*id)),
            Job::Section(id) => (Some(*id), None),
            _ => (None, None),
        };
        let mut context = tera::Context::new();
        context.insert_value("site", self.site_value.clone());
        context.insert("root", &self.href(&url, ""));
        context.insert("nav", &self.nav(&url, current_section, current_doc));
        page.url = url.clone();
        context.insert("page", &page);
        let html = self
            .theme
            .tera
            .render(template, &context)
            .map_err(|e| self.theme.error(&e, template))?;
        let path = crate::graph::file_of(&url);
        Ok(OutputFile {
            path,
            contents: html.into_bytes(),
        })
    }

    /// A URL relative to the page at `from`. The 404 page is served at any depth, so it
    /// links absolutely when the site's base URL is known.
    fn href(&self, from: &str, to: &str) -> String {
        match (&self.site.config.base_url, from) {
            (Some(base), "404.html") => {
                format!("{base}{}", relative_url("", to).trim_start_matches("./"))
            }
            _ => relative_url(from, to),
        }
    }

    fn doc_link(&self, from: &str, id: DocId) -> LinkView<'a> {
        let doc = &self.site.docs[id];
        // A section intro belongs to the section above it.
        let section = match doc.is_section_index {
            true => self.site.sections[doc.section].parent,
            false => Some(doc.section),
        };
        LinkView {
            title: Cow::Borrowed(doc.nav_title.as_deref().unwrap_or(&doc.title)),
            url: self.href(from, &doc.url),
            description: doc.meta.description.as_deref(),
            current: doc.url == from,
            section: section
                .filter(|&s| s > 0)
                .map(|s| self.site.sections[s].title.as_str()),
        }
    }

    fn section_link(&self, from: &str, id: SectionId) -> LinkView<'a> {
        let section = &self.site.sections[id];
        match section.index.filter(|&i| self.site.docs[i].published) {
            Some(doc) => self.doc_link(from, doc),
            None => LinkView {
                title: Cow::Borrowed(&section.title),
                url: self.href(from, &section.url),
                description: None,
                current: section.url == from,
                section: section
                    .parent
                    .filter(|&p| p > 0)
                    .map(|p| self.site.sections[p].title.as_str()),
            },
        }
    }

    fn tag_view(&self, from: &str, tag: &'a crate::graph::Tag) -> TagView<'a> {
        TagView {
            name: &tag.name,
            url: self.href(from, &format!("{TAGS_URL}{}/", tag.slug)),
            count: tag.pages.len(),
        }
    }

    /// The first segment of every URL of the site: its top-level folders, pages and files.
    fn top_level(&self) -> Vec<String> {
        let docs = self.site.published().map(|(_, d)| d.url.as_str());
        let sections = self
            .site
            .sections
            .iter()
            .filter(|s| s.published)
            .map(|s| s.url.as_str());
        // Not a folder only drafts use: its name alone would tell.
        let assets = self
            .site
            .assets
            .iter()
            .enumerate()
            .filter(|(id, _)| !self.pages.withheld.get(*id).copied().unwrap_or(false))
            .map(|(_, a)| a.rel_path.as_str());
        let generated = [
            TAGS_URL,
            HEALTH_URL,
            PRINT_URL,
            "search/",
            "style.css",
            "playbook.js",
            nav::SCRIPT,
        ];
        let mut names: Vec<String> = docs
            .chain(sections)
            .chain(assets)
            .chain(generated)
            .filter_map(|url| url.split('/').next())
            .filter(|name| !name.is_empty())
            .map(str::to_string)
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    fn home_link(&self, from: &str) -> LinkView<'a> {
        let mut link = self.section_link(from, 0);
        link.title = Cow::Borrowed("Home");
        link
    }

    /// Home, then each enclosing section down to `section` (included when `inclusive`).
    fn breadcrumbs(&self, from: &str, section: SectionId, inclusive: bool) -> Vec<LinkView<'a>> {
        let mut chain = Vec::new();
        let mut current = if inclusive {
            Some(section)
        } else {
            self.site.sections[section].parent
        };
        while let Some(id) = current {
            chain.push(if id == 0 {
                self.home_link(from)
            } else {
                self.section_link(from, id)
            });
            current = self.site.sections[id].parent;
        }
        chain.reverse();
        chain
    }

    /// The template a job renders with: the kind's own, or the one a page's front matter
    /// names (an error when the theme has no such template).
    fn template(&self, job: &Job) -> Result<&'a str, Diagnostic> {
        let listing = |section: SectionId| match section {
            0 => "index.html",
            id if self.site.sections[id].glossary => "glossary.html",
            _ => "section.html",
        };
        let id = match job {
            Job::Doc(id) => *id,
            Job::Section(id) => return Ok(listing(*id)),
            Job::Tags => return Ok("tags.html"),
            Job::Tag(_) => return Ok("tag.html"),
            Job::NotFound => return Ok("404.html"),
            Job::Health => return Ok("health.html"),
            Job::Print => return Ok("print.html"),
        };
        let doc = &self.site.docs[id];
        match &doc.meta.template {
            Some(name) if !self.theme.has_template(name) => Err(Diagnostic::error(
                &doc.path,
                doc.field_position("template"),
                format!("template `{name}` not found in the theme"),
            )
            .with_optional_help(did_you_mean(
                &nearest(name, self.theme.template_names(), 2),
                ("`", "`"),
            ))),
            Some(name) => Ok(name),
            None if doc.is_section_index => Ok(listing(doc.section)),
            None if self.site.sections[doc.section].glossary => Ok("term.html"),
            None => Ok("page.html"),
        }
    }

    fn doc_page(&self, id: DocId, url: &str) -> (String, PageView<'a>) {
        let doc = &self.site.docs[id];
        let url = url.to_string();
        let section = &self.site.sections[doc.section];
        let mut page = if doc.is_section_index {
            self.section_page(doc.section, &url, Some(id))
        } else {
            let kind = if section.glossary {
                Kind::Term
            } else {
                Kind::Page
            };
            let mut page = PageView::new(kind, doc.title.as_str());
            page.breadcrumbs = self.breadcrumbs(&url, doc.section, true);
            let siblings = &section.pages;
            if let Some(pos) = self.place[id] {
                page.prev = pos.checked_sub(1).map(|p| self.doc_link(&url, siblings[p]));
                page.next = siblings.get(pos + 1).map(|&p| self.doc_link(&url, p));
            }
            page
        };
        let body = &self.pages.bodies[id];
        page.description = doc.meta.description.as_deref();
        page.content = &body.html;
        page.toc = &body.toc;
        page.word_count = body.word_count;
        page.has_math = body.has_math;
        page.reading_minutes = body.word_count.div_ceil(220).max(1);
        if let Some(term) = self.index.glossary().term_of(id) {
            page.used_in = self.graph.used_in[term]
                .iter()
                .map(|&u| self.doc_link(&url, u))
                .collect();
        }
        page.backlinks = self.graph.backlinks[id]
            .iter()
            .map(|&b| self.doc_link(&url, b))
            .collect();
        let mut tags = doc
            .meta
            .tags
            .iter()
            .chain(&doc.outline.tags)
            .filter_map(|t| self.index.tags().get(&crate::content::tag_slug(t)))
            .collect::<Vec<_>>();
        let mut seen = std::collections::HashSet::new();
        tags.retain(|t| seen.insert(&t.slug));
        page.tags = tags.into_iter().map(|t| self.tag_view(&url, t)).collect();
        page.date = doc
            .meta
            .updated
            .as_ref()
            .or(doc.meta.date.as_ref())
            .map(|d| d.0.as_str());
        page.css_classes = &doc.meta.css_classes;
        page.review_by = doc.meta.review_by.as_ref().map(|d| d.0.as_str());
        page.owner = crate::health::owner_of(self.site, id);
        page.extra = &doc.meta.extra;
        page.source = Some(&doc.rel_path);
        page.permalink = self
            .site
            .config
            .base_url
            .as_ref()
            .map(|b| format!("{b}{}", doc.url));
        (url, page)
    }

    /// A section listing (home, a section, the glossary), with or without an intro doc.
    fn section_page(&self, id: SectionId, url: &str, doc: Option<DocId>) -> PageView<'a> {
        let section = &self.site.sections[id];
        let kind = match id {
            0 => Kind::Home,
            _ if section.glossary => Kind::Glossary,
            _ => Kind::Section,
        };
        let title = if id == 0 && doc.is_none() {
            Cow::Owned(self.site.title())
        } else {
            Cow::Borrowed(section.title.as_str())
        };
        let mut page = PageView::new(kind, title);
        if id != 0 {
            page.breadcrumbs = self.breadcrumbs(url, id, false);
        }
        page.pages = section
            .pages
            .iter()
            .map(|&p| self.doc_link(url, p))
            .collect();
        page.subsections = section
            .children
            .iter()
            .map(|&c| self.section_link(url, c))
            .collect();
        page.contents = self
            .site
            .contents(id)
            .into_iter()
            .map(|entry| match entry {
                Entry::Section(c) => views::EntryView {
                    link: self.section_link(url, c),
                    section: true,
                    count: self.counts[c],
                },
                Entry::Page(p) => views::EntryView {
                    link: self.doc_link(url, p),
                    section: false,
                    count: 0,
                },
            })
            .collect();
        page.total = self.counts[id];
        page.numbered = section.sort_by == crate::content::SortBy::Weight
            && section.pages.len() > 1
            && !section.glossary;
        if section.glossary {
            page.letters = views::letters(&page.pages);
        }
        page
    }

    fn tags_page(&self) -> PageView<'a> {
        let mut page = PageView::new(Kind::Tags, "Tags");
        page.breadcrumbs = vec![self.home_link(TAGS_URL)];
        page.tags = self
            .index
            .tags()
            .values()
            .map(|t| self.tag_view(TAGS_URL, t))
            .collect();
        page
    }

    fn tag_page(&self, slug: &str, url: &str) -> PageView<'a> {
        let tag = &self.index.tags()[slug];
        let mut page = PageView::new(Kind::Tag, tag.name.as_str());
        page.breadcrumbs = vec![
            self.home_link(url),
            LinkView {
                title: Cow::Borrowed("Tags"),
                url: self.href(url, TAGS_URL),
                description: None,
                current: false,
                section: None,
            },
        ];
        page.pages = tag.pages.iter().map(|&p| self.doc_link(url, p)).collect();
        page
    }
}
