//! The link graph: the [`NameIndex`] of every page, name, path and URL of the site,
//! built once before any page is rendered; the resolution of links against it
//! (`resolve`, with the paths other tools write in `paths` and the errors of links that
//! do not resolve in `missing`); and, after rendering, the inversion of what each page
//! links to into backlinks and "Used in" lists (`Graph`).
//!
//! Entities refer to each other by `DocId` and `SectionId`; nothing here is mutable
//! once built, so pages can be rendered in parallel against one shared `Index`.

pub(crate) mod glossary;
mod missing;
mod paths;
pub(crate) mod resolve;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::content::{DocId, SectionId, Site, tag_slug};
use crate::diagnostic::{Diagnostic, Position, Suggestions, did_you_mean, nearest};
use crate::markdown::Refs;
pub(crate) use glossary::Glossary;
pub(crate) use resolve::{LinkError, rebase_url, relative_url, site_path_of};

/// Index of a file in `Site::assets`.
pub(crate) type AssetId = usize;

/// What lives at a site URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UrlTarget {
    /// A page or a section intro.
    Doc(DocId),
    /// A section listing without an `_index.md`.
    Section(SectionId),
    /// A file: an asset, a theme static file, or a generated page.
    File,
}

/// A tag and the published pages that carry it.
#[derive(Debug, Clone)]
pub(crate) struct Tag {
    /// As first written.
    pub(crate) name: String,
    /// URL-safe form.
    pub(crate) slug: String,
    /// Pages, by title.
    pub(crate) pages: Vec<DocId>,
}

/// The name index: every way a link can name something (titles, aliases, paths, URLs,
/// tags, glossary terms), built once per build from a [`Site`]. It owns its data, so a
/// preview session can keep it across rebuilds; [`Index`] pairs it with the site for
/// resolving links.
#[derive(Debug, Default)]
pub struct NameIndex {
    /// Normalised wiki-link names (titles, aliases, file stems, slugs, paths) to pages and
    /// sections.
    names: HashMap<String, Vec<UrlTarget>>,
    /// `tips/01-x.md` to its document.
    paths: HashMap<String, DocId>,
    /// `roles/collaborative-leader` to its section.
    dirs: HashMap<String, SectionId>,
    /// The folder of a page bundle (`engagement/kickoff`) to the bundle's page.
    bundles: HashMap<String, DocId>,
    /// `img/matrix.png` (any file below content/ but markdown) to the file.
    files: HashMap<String, AssetId>,
    /// Files by their name in lowercase (`matrix.png`), for links that name a file
    /// rather than give its path, as Obsidian's do.
    file_names: HashMap<String, Vec<AssetId>>,
    /// Site paths (`tips/x/`, `style.css`) to what is there.
    urls: HashMap<String, UrlTarget>,
    /// Published pages' titles and aliases, for "did you mean", each with the first page
    /// that has it.
    titles: Suggestions,
    title_owners: HashMap<String, DocId>,
    /// Tags by slug, sorted.
    tags: BTreeMap<String, Tag>,
    /// The glossary's terms and their automaton.
    glossary: Glossary,
}

/// The longest name of a folder or file in an address, in bytes (as for `permalink`):
/// file systems take 255, and some count in ways that make fewer fit.
pub(crate) const MAX_SEGMENT: usize = 200;

/// How many pages a section listing shows before it continues on `page/2/`.
pub(crate) const PER_PAGE: usize = 50;

/// The URL of the tag index.
pub(crate) const TAGS_URL: &str = "tags/";
/// Where the health page is generated (unless `[health] page = false`).
pub(crate) const HEALTH_URL: &str = "health/";
/// Where the whole site is generated as one page to print (unless `[print] page = false`).
pub(crate) const PRINT_URL: &str = "print/";

/// The site and its [`NameIndex`] together: what link resolution and rendering read.
#[derive(Debug, Clone, Copy)]
pub struct Index<'a> {
    site: &'a Site,
    names: &'a NameIndex,
}

impl<'a> Index<'a> {
    /// Pairs a site with the name index built from it.
    pub fn new(site: &'a Site, names: &'a NameIndex) -> Self {
        Index { site, names }
    }

    /// The site this index was built from.
    pub(crate) fn site(&self) -> &'a Site {
        self.site
    }

    /// Tags by slug, sorted.
    pub(crate) fn tags(&self) -> &'a BTreeMap<String, Tag> {
        &self.names.tags
    }

    /// The glossary.
    pub(crate) fn glossary(&self) -> &'a Glossary {
        &self.names.glossary
    }
}

impl NameIndex {
    /// Indexes `site`; `files` are the other paths the output will hold (theme static
    /// files). Reports output paths claimed twice, and tags and terms that cannot work.
    pub(crate) fn build<'f>(
        site: &Site,
        files: impl IntoIterator<Item = &'f str>,
    ) -> (Self, Vec<Diagnostic>) {
        let mut names = NameIndex::default();
        let mut diagnostics = Vec::new();
        names.glossary = Glossary::build(site, &mut diagnostics);
        names.index_names(site);
        names.index_titles(site);
        names.index_files(site);
        names.index_tags(site, &mut diagnostics);
        names.claim_urls(site, files, &mut diagnostics);
        names.check_redirects(site, &mut diagnostics);
        (names, diagnostics)
    }

    /// Titles and aliases of published pages, for suggestions.
    fn index_titles(&mut self, site: &Site) {
        for (id, doc) in site.published() {
            for name in std::iter::once(&doc.title).chain(&doc.meta.aliases) {
                self.title_owners.entry(name.clone()).or_insert(id);
            }
        }
        self.titles = Suggestions::new(self.title_owners.keys().map(String::as_str));
    }

    /// Every name a wiki link may use, for pages and for sections.
    fn index_names(&mut self, site: &Site) {
        let mut add = |target: UrlTarget, names: Vec<&str>| {
            let mut seen = HashSet::new();
            for name in names {
                let key = normalise(name);
                if !key.is_empty() && seen.insert(key.clone()) {
                    self.names.entry(key).or_default().push(target);
                }
            }
        };
        for (id, doc) in site.docs.iter().enumerate() {
            self.paths.insert(doc.rel_path.clone(), id);
            let section = &site.sections[doc.section];
            if doc.is_section_index && !doc.published {
                continue; // the section's own names (below) lead to its listing
            }
            let mut names: Vec<&str> = vec![&doc.title, &doc.slug, doc.url.trim_end_matches('/')];
            names.extend(doc.meta.aliases.iter().map(String::as_str));
            // A folder's page is named by its folder, and a folder note by its file name
            // too; `README` or `index` names no page in particular.
            let stem = doc.file_stem();
            if !["_index", "index", "readme"].contains(&stem.to_lowercase().as_str()) {
                names.push(stem);
            }
            if doc.is_section_index {
                names.push(&section.rel_dir);
            } else if doc.bundle {
                // A bundle is named by its folder, as written: `Kickoff Workshop/index.md`.
                let folder = crate::content::folders::folder_of(&doc.rel_path);
                self.bundles.insert(folder.to_string(), id);
                names.push(folder.rsplit('/').next().unwrap_or(folder));
                names.push(folder);
            } else {
                names.push(doc.rel_path.trim_end_matches(".md"));
            }
            add(UrlTarget::Doc(id), names);
        }
        for (id, section) in site.sections.iter().enumerate() {
            self.dirs.insert(section.rel_dir.clone(), id);
            let has_intro = section.index.is_some_and(|i| site.docs[i].published);
            if id > 0 && section.published && !has_intro {
                let names = vec![
                    section.title.as_str(),
                    &section.slug,
                    &section.rel_dir,
                    section.url.trim_end_matches('/'),
                ];
                add(UrlTarget::Section(id), names);
            }
        }
    }

    /// Every file but markdown, by path and by name.
    fn index_files(&mut self, site: &Site) {
        for (id, asset) in site.assets.iter().enumerate() {
            self.files.insert(asset.rel_path.clone(), id);
            let name = asset.rel_path.rsplit('/').next().unwrap_or_default();
            self.file_names
                .entry(name.to_lowercase())
                .or_default()
                .push(id);
        }
    }

    /// Tags of published pages (front matter and inline `#tags`), each page once per
    /// tag; a page tagged `a/b` is listed under `a` too.
    fn index_tags(&mut self, site: &Site, diagnostics: &mut Vec<Diagnostic>) {
        for (id, doc) in site.published() {
            let mut own = HashSet::new();
            let inline = doc.outline.tags.iter();
            for (tag, written) in doc
                .meta
                .tags
                .iter()
                .map(|t| (t, true))
                .chain(inline.map(|t| (t, false)))
            {
                let slug = tag_slug(tag);
                if slug.is_empty() {
                    if written {
                        diagnostics.push(
                            Diagnostic::error(
                                &doc.path,
                                doc.field_position("tags"),
                                format!(
                                    "the tag `{tag}` has no letters or digits to name its page"
                                ),
                            )
                            .with_help("use a word, e.g. `tags: [governance]`"),
                        );
                    }
                    continue;
                }
                let slugs: Vec<&str> = slug.split('/').collect();
                // Each part names a folder of the output: no file system takes a name over
                // 255 bytes, so the write would fail.
                if let Some(long) = slugs.iter().find(|s| s.len() > MAX_SEGMENT) {
                    let (position, place) = match written {
                        true => (doc.field_position("tags"), "in `tags`"),
                        false => (Position::FILE, "written in the text"),
                    };
                    diagnostics.push(
                        Diagnostic::error(
                            &doc.path,
                            position,
                            format!(
                                "the tag `{}…` {place} is too long for an address: its page \
                                 would be a folder named with {} bytes, and {MAX_SEGMENT} is \
                                 the most that works on every file system",
                                tag.chars().take(40).collect::<String>(),
                                long.len()
                            ),
                        )
                        .with_help("shorten the tag"),
                    );
                    continue;
                }
                let names: Vec<&str> = tag.trim().trim_matches('/').split('/').collect();
                // The tag and each of its parents: `a/b/c`, `a/b`, `a`.
                for depth in (1..=slugs.len()).rev() {
                    let slug = slugs[..depth].join("/");
                    if !own.insert(slug.clone()) {
                        continue;
                    }
                    let name = match names.len() == slugs.len() {
                        true => names[..depth].join("/"),
                        false => slug.clone(),
                    };
                    let entry = self.tags.entry(slug.clone()).or_insert_with(|| Tag {
                        name,
                        slug,
                        pages: Vec::new(),
                    });
                    entry.pages.push(id);
                }
            }
        }
        for tag in self.tags.values_mut() {
            sort_by_title(site, &mut tag.pages);
        }
    }

    /// Each `redirect_to` that names a path of this site must lead to a page there, and
    /// not back round to itself.
    fn check_redirects(&self, site: &Site, diagnostics: &mut Vec<Diagnostic>) {
        let target_of = |doc: &crate::content::Doc| {
            let path = redirect_path(doc.meta.redirect_to.as_deref()?)?;
            Some(
                path.split(['#', '?'])
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            )
        };
        for (id, doc) in site.published() {
            let Some(mut url) = target_of(doc) else {
                continue;
            };
            let at = doc.field_position("redirect_to");
            let mut seen = vec![id];
            loop {
                match self.urls.get(&url) {
                    None => {
                        let known = self.urls.keys().map(String::as_str);
                        diagnostics.push(
                            Diagnostic::error(
                                &doc.path,
                                at,
                                format!(
                                    "`redirect_to` leads to /{url}, which is no page of this site"
                                ),
                            )
                            .with_optional_help(did_you_mean(
                                &nearest(&url, known, 1),
                                ("`/", "`"),
                            )),
                        );
                        break;
                    }
                    Some(UrlTarget::Doc(next)) => match target_of(&site.docs[*next]) {
                        Some(_) if seen.contains(next) => {
                            diagnostics.push(
                                Diagnostic::error(&doc.path, at, "`redirect_to` leads round in a circle back to this page")
                                    .with_help("send one of the pages on the circle to a page that is not a redirect"),
                            );
                            break;
                        }
                        Some(further) => {
                            seen.push(*next);
                            url = further;
                        }
                        None => break,
                    },
                    Some(_) => break,
                }
            }
        }
    }

    /// Gives every file of the output one owner: pages, section listings, content files,
    /// theme files and generated pages. Two owners for one file (or two that differ only
    /// in letter case, which collide on macOS and Windows) is an error.
    fn claim_urls<'f>(
        &mut self,
        site: &Site,
        files: impl IntoIterator<Item = &'f str>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let mut claims: Vec<(String, UrlTarget, Owner)> = Vec::new();
        for (id, doc) in site.published() {
            claims.push((
                doc.url.clone(),
                UrlTarget::Doc(id),
                // A `permalink` or `slug` field is where a page chose its URL: point there.
                Owner::Content(
                    doc.path.clone(),
                    match (&doc.meta.permalink, &doc.meta.slug) {
                        (Some(_), _) => doc.field_position("permalink"),
                        (None, Some(_)) => doc.field_position("slug"),
                        (None, None) => Position::FILE,
                    },
                ),
            ));
        }
        // Old addresses send readers on: a link to one still finds the page.
        for redirect in site.redirects.iter().filter(|r| site.docs[r.to].published) {
            let doc = &site.docs[redirect.to];
            claims.push((
                redirect.from.clone(),
                UrlTarget::Doc(redirect.to),
                Owner::Content(doc.path.clone(), doc.field_position(redirect.field)),
            ));
        }
        for section in site.sections.iter().filter(|s| s.published) {
            for n in 2..=pages_of_listing(section) {
                let url = listing_page_url(&section.url, n);
                claims.push((url.clone(), UrlTarget::File, Owner::Generated(url)));
            }
        }
        for (id, section) in site.sections.iter().enumerate() {
            let has_intro = section.index.is_some_and(|i| site.docs[i].published);
            if section.published && !has_intro {
                let folder = crate::config::in_site(&site.root, "content").join(&section.rel_dir);
                claims.push((
                    section.url.clone(),
                    UrlTarget::Section(id),
                    Owner::Listing(folder),
                ));
            }
        }
        // A hidden file (`.gitbook/assets/x.png`) is published only when linked, which is
        // not known yet; hidden names cannot meet a page's or a listing's.
        for asset in site
            .assets
            .iter()
            .filter(|a| !crate::content::is_hidden(&a.rel_path))
        {
            claims.push((
                asset.rel_path.clone(),
                UrlTarget::File,
                Owner::Content(asset.source.clone(), Position::FILE),
            ));
        }
        for file in files {
            claims.push((
                file.to_string(),
                UrlTarget::File,
                Owner::Theme(file.to_string()),
            ));
        }
        let mut generated = vec!["404.html".to_string(), TAGS_URL.to_string()];
        generated.extend(self.tags.values().map(|t| format!("{TAGS_URL}{}/", t.slug)));
        if site.config.base_url.is_some() {
            generated.push("sitemap.xml".to_string());
        }
        if site.config.health.page {
            generated.push(HEALTH_URL.to_string());
        }
        if site.prints() {
            generated.push(PRINT_URL.to_string());
        }
        for url in generated {
            claims.push((url.clone(), UrlTarget::File, Owner::Generated(url)));
        }
        let mut owners: HashMap<String, Owner> = HashMap::new();
        // Compared as file systems may: macOS and Windows ignore letter case, and macOS
        // stores `é` one way whether it was written as one character or as `e` and `´`.
        for (url, target, owner) in claims {
            let file = file_of(&url);
            let key = crate::content::nfc(&file.to_lowercase()).into_owned();
            match owners.get(&key) {
                Some(first) => diagnostics.push(collision(first, &owner, &file)),
                None => {
                    owners.insert(key, owner);
                    self.urls.insert(url, target);
                }
            }
        }
        // A file where another needs a folder (`style.css` and `style.css/index.html`,
        // which a `permalink` or an alias can ask for) cannot both be written.
        let mut files: Vec<&String> = owners.keys().collect();
        files.sort();
        for file in files {
            let mut folder = file.as_str();
            while let Some((up, _)) = folder.rsplit_once('/') {
                folder = up;
                if let Some(blocking) = owners.get(folder) {
                    let mut error = collision(blocking, &owners[file], file);
                    error.message = format!(
                        "{} needs a folder {folder}/, where {} is a file",
                        owners[file].describe(),
                        blocking.describe()
                    );
                    diagnostics.push(error);
                    break;
                }
            }
        }
    }
}

/// The site path a `redirect_to` names (`engagement` and `/engagement/` are both
/// `engagement/`, with any `#fragment` kept), or `None` for another site's address.
pub(crate) fn redirect_path(to: &str) -> Option<String> {
    if resolve::is_external(to) {
        return None;
    }
    let path = to.trim_start_matches('/');
    let end = path.find(['#', '?']).unwrap_or(path.len());
    let (page, rest) = path.split_at(end);
    let is_file = page
        .rsplit('/')
        .next()
        .is_some_and(|name| name.contains('.'));
    Some(match page.is_empty() || page.ends_with('/') || is_file {
        true => path.to_string(),
        false => format!("{page}/{rest}"),
    })
}

/// Who puts a file into the output, for messages about collisions.
#[derive(Debug, Clone)]
enum Owner {
    /// A file under content/ (a page or an asset), and the place in it that sets its URL.
    Content(std::path::PathBuf, Position),
    /// The listing of a section without an intro page.
    Listing(std::path::PathBuf),
    /// A static file of the theme.
    Theme(String),
    /// A page playbook generates.
    Generated(String),
}

impl Owner {
    fn describe(&self) -> String {
        match self {
            Owner::Content(path, _) => path.display().to_string(),
            Owner::Listing(folder) => format!("the listing of the folder {}", folder.display()),
            Owner::Theme(file) => format!("the theme's static/{file}"),
            Owner::Generated(url) => format!("the page playbook generates at /{url}"),
        }
    }

    /// The file (and place) an author would change, for content and listings.
    fn place(&self) -> Option<(&std::path::Path, Position)> {
        match self {
            Owner::Content(path, pos) => Some((path, *pos)),
            Owner::Listing(path) => Some((path, Position::FILE)),
            _ => None,
        }
    }
}

fn collision(first: &Owner, second: &Owner, file: &str) -> Diagnostic {
    // Report it on the file the author is likeliest to change: a page's `slug`, other
    // content, then a folder.
    let rank = |o: &Owner| match o {
        Owner::Content(_, pos) if *pos != Position::FILE => 0,
        Owner::Content(..) => 1,
        Owner::Listing(_) => 2,
        Owner::Theme(_) | Owner::Generated(_) => 3,
    };
    let (here, other) = if rank(first) < rank(second) {
        (first, second)
    } else {
        (second, first)
    };
    let (path, pos) = here.place().map_or_else(
        || (std::path::PathBuf::from("themes"), Position::FILE),
        |(p, pos)| (p.to_path_buf(), pos),
    );
    let help = match other {
        Owner::Generated(url) if url == HEALTH_URL => {
            "rename it, or turn the health page off with `page = false` under [health] in site.toml"
        }
        Owner::Generated(url) if url == PRINT_URL => {
            "rename it, or turn the print page off with `page = false` under [print] in site.toml"
        }
        _ => {
            "rename one of them, or give the page another `slug` or `permalink`; paths that differ only in letter case, or in how an accent is encoded (`é` as one character or as `e` and `´`), collide on macOS and Windows"
        }
    };
    Diagnostic::error(
        path,
        pos,
        format!(
            "this would be written to {file}, as would {}",
            other.describe()
        ),
    )
    .with_help(help)
}

/// The URL of page `number` of the listing at `base`: `tips/`, `tips/page/2/`, ...
pub(crate) fn listing_page_url(base: &str, number: usize) -> String {
    match number {
        1 => base.to_string(),
        n => format!("{base}page/{n}/"),
    }
}

/// How many pages a section's listing takes (the glossary's A–Z is never split).
pub(crate) fn pages_of_listing(section: &crate::content::Section) -> usize {
    match section.glossary {
        true => 1,
        false => section.pages.len().div_ceil(PER_PAGE).max(1),
    }
}

/// The output file behind a site URL: a folder URL (`tips/x/`, or `` for home) is its
/// `index.html`, anything else is itself.
pub(crate) fn file_of(url: &str) -> String {
    match url.is_empty() || url.ends_with('/') {
        true => format!("{url}index.html"),
        false => url.to_string(),
    }
}

/// Wiki-link names compare case-insensitively, with runs of white space folded and each
/// accented letter written one way (NFC), however the name was typed or stored.
pub(crate) fn normalise(name: &str) -> String {
    crate::content::nfc(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The link graph, inverted: who links to each page, and where each term is used. Made
/// from every page's [`Refs`] once they are all rendered.
#[derive(Debug, Default)]
pub(crate) struct Graph {
    /// Per document, the documents linking to it, by title; never the page itself.
    pub(crate) backlinks: Vec<Vec<DocId>>,
    /// Per glossary term, the documents using it, by title; never the term's own page.
    pub(crate) used_in: Vec<Vec<DocId>>,
}

impl Graph {
    /// Inverts "page → pages it links to, terms it uses".
    pub(crate) fn invert(index: &Index, refs: &[Refs]) -> Graph {
        let site = index.site;
        let terms = &index.glossary().terms;
        let mut graph = Graph {
            backlinks: vec![Vec::new(); site.docs.len()],
            used_in: vec![Vec::new(); terms.len()],
        };
        for (from, refs) in refs.iter().enumerate() {
            for &to in refs.links.iter().filter(|&&to| to != from) {
                graph.backlinks[to].push(from);
            }
            for &term in refs.terms.iter().filter(|&&t| terms[t].doc != from) {
                graph.used_in[term].push(from);
            }
        }
        for list in graph.backlinks.iter_mut().chain(&mut graph.used_in) {
            sort_by_title(site, list);
        }
        graph
    }

    /// Moves page `from` between the lists after its refs changed from `old` to `new`,
    /// keeping each list as [`Graph::invert`] would make it. Returns the pages whose
    /// lists changed (linked pages and term pages), which show those lists.
    pub(crate) fn update(
        &mut self,
        index: &Index,
        from: DocId,
        old: &Refs,
        new: &Refs,
    ) -> Vec<DocId> {
        let glossary = index.glossary();
        let own_term = glossary.term_of(from);
        relink(
            index.site,
            &mut self.backlinks,
            from,
            &old.links,
            &new.links,
            Some(from),
        );
        relink(
            index.site,
            &mut self.used_in,
            from,
            &old.terms,
            &new.terms,
            own_term,
        );
        let mut touched = symmetric(&old.links, &new.links);
        touched.extend(
            symmetric(&old.terms, &new.terms)
                .into_iter()
                .map(|t| glossary.terms[t].doc),
        );
        touched
    }
}

/// Moves page `from` between the lists of an inverted index (backlinks by page, "Used
/// in" by term) after its own list changed from `old` to `new`, keeping each list sorted
/// as a fresh inversion would. `own` is the list `from` never appears in.
fn relink(
    site: &Site,
    lists: &mut [Vec<DocId>],
    from: DocId,
    old: &[usize],
    new: &[usize],
    own: Option<usize>,
) {
    let key = |id: DocId| (site.docs[id].title.to_lowercase(), id);
    let from_key = key(from);
    for &target in old.iter().filter(|t| !new.contains(t) && Some(**t) != own) {
        lists[target].retain(|&id| id != from);
    }
    for &target in new.iter().filter(|t| !old.contains(t) && Some(**t) != own) {
        let list = &mut lists[target];
        if !list.contains(&from) {
            let at = list.partition_point(|&id| key(id) < from_key);
            list.insert(at, from);
        }
    }
}

/// What is in one list and not the other.
fn symmetric<T: Copy + Ord>(a: &[T], b: &[T]) -> Vec<T> {
    let a: BTreeSet<T> = a.iter().copied().collect();
    let b: BTreeSet<T> = b.iter().copied().collect();
    a.symmetric_difference(&b).copied().collect()
}

fn sort_by_title(site: &Site, list: &mut Vec<DocId>) {
    list.sort_by_cached_key(|&id| (site.docs[id].title.to_lowercase(), id));
    list.dedup();
}
