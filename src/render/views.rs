//! View structs: the typed values templates receive (`site`, `page`, `root`).
//!
//! Templates see the same [`PageView`] shape on every kind of page, so a theme author
//! learns one set of names; lists that do not apply to a kind of page are empty.

use std::borrow::Cow;

use serde::Serialize;

use crate::markdown::TocEntry;

/// Site-wide values, `site` in templates.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteView<'a> {
    /// The site's title.
    pub(crate) title: String,
    /// The site's description.
    pub(crate) description: Option<&'a str>,
    /// `<html lang>`.
    pub(crate) language: &'a str,
    /// The absolute URL of the published site, when set.
    pub(crate) base_url: Option<&'a str>,
    /// site.toml `[extra]`.
    pub(crate) extra: &'a serde_json::Map<String, serde_json::Value>,
    /// The generator, for `<meta name=generator>`.
    pub(crate) generator: &'static str,
    /// URL of the (first) glossary section from the site's root, e.g. `glossary/`.
    pub(crate) glossary: Option<&'a str>,
    /// URL of the health page from the site's root (`health/`), unless it is turned off.
    pub(crate) health: Option<&'static str>,
    /// URL of the script holding the whole navigation tree, from the site's root, with a
    /// hash of its contents so a browser never keeps an old tree: `nav.js?v=1a2b3c4d`.
    pub(crate) nav_script: String,
    /// URL of the whole site as one page to print (`print/`), unless it is turned off.
    pub(crate) print: Option<&'static str>,
}

/// A link to another page, as lists show it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct LinkView<'a> {
    /// Its title.
    pub(crate) title: Cow<'a, str>,
    /// Relative URL from the page being rendered.
    pub(crate) url: String,
    /// Its description, if any.
    pub(crate) description: Option<&'a str>,
    /// True when this is the page being rendered (navigation marks it).
    pub(crate) current: bool,
    /// The title of the section it belongs to (none for home and top-level pages).
    pub(crate) section: Option<&'a str>,
}

/// An entry of the navigation: a section and, when open, its pages and sub-sections.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NavItem<'a> {
    /// The section or page.
    pub(crate) link: LinkView<'a>,
    /// True when the current page is this item or inside it.
    pub(crate) open: bool,
    /// Its pages and sub-sections, filled for the open branch only.
    pub(crate) children: Vec<NavItem<'a>>,
    /// How many pages this entry stands for when it is a "more" link to a section's
    /// listing (the navigation shows a window of a long section); 0 otherwise.
    pub(crate) more: usize,
}

/// An entry of a listing's contents: a sub-section (with how many pages it holds) or a
/// page, in the order [`crate::content::Site::contents`] gives.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EntryView<'a> {
    /// The sub-section or page.
    pub(crate) link: LinkView<'a>,
    /// True for a sub-section.
    pub(crate) section: bool,
    /// For a sub-section: the pages in it and in its own sub-sections.
    pub(crate) count: usize,
}

/// A tag as a page shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TagView<'a> {
    /// The tag.
    pub(crate) name: &'a str,
    /// Relative URL of its page.
    pub(crate) url: String,
    /// How many pages carry it.
    pub(crate) count: usize,
}

/// A letter of the glossary's A–Z and its terms.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LetterView<'a> {
    /// The letter (upper case).
    pub(crate) letter: String,
    /// Anchor id of the letter's group.
    pub(crate) id: String,
    /// Terms starting with it.
    pub(crate) terms: Vec<LinkView<'a>>,
}

/// Where a page of a long listing sits among its pages.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Pager {
    /// This page's number, from 1.
    pub(crate) number: usize,
    /// How many pages the listing has.
    pub(crate) total: usize,
    /// The position in the whole listing of this page's first entry, from 1.
    pub(crate) first: usize,
    /// The previous page's URL.
    pub(crate) prev: Option<String>,
    /// The next page's URL.
    pub(crate) next: Option<String>,
    /// Every page of the listing.
    pub(crate) pages: Vec<PageNumber>,
}

/// One page of a long listing.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageNumber {
    /// From 1.
    pub(crate) number: usize,
    /// Its URL, relative to the page being rendered.
    pub(crate) url: String,
    /// True for the page being rendered.
    pub(crate) current: bool,
}

/// The `extra` of a page that has none.
static NO_EXTRA: std::sync::LazyLock<serde_json::Map<String, serde_json::Value>> =
    std::sync::LazyLock::new(serde_json::Map::new);

/// What kind of page is being rendered.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    /// The home page.
    Home,
    /// A section listing.
    Section,
    /// The glossary A–Z.
    Glossary,
    /// A glossary term.
    Term,
    /// An ordinary page.
    Page,
    /// The tag index.
    Tags,
    /// One tag's pages.
    Tag,
    /// The not-found page.
    NotFound,
    /// The knowledge-health report.
    Health,
    /// The whole site as one page to print.
    Print,
}

/// Everything about the page being rendered, `page` in templates.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageView<'a> {
    /// What kind of page this is.
    pub(crate) kind: Kind,
    /// Its title.
    pub(crate) title: Cow<'a, str>,
    /// Its description.
    pub(crate) description: Option<&'a str>,
    /// The body as HTML.
    pub(crate) content: &'a str,
    /// Table of contents.
    pub(crate) toc: &'a [TocEntry],
    /// Ancestors, home first (the page itself not included).
    pub(crate) breadcrumbs: Vec<LinkView<'a>>,
    /// The previous page of its section.
    pub(crate) prev: Option<LinkView<'a>>,
    /// The next page of its section.
    pub(crate) next: Option<LinkView<'a>>,
    /// Pages linking here.
    pub(crate) backlinks: Vec<LinkView<'a>>,
    /// For a glossary term: the pages that use it.
    pub(crate) used_in: Vec<LinkView<'a>>,
    /// Its tags.
    pub(crate) tags: Vec<TagView<'a>>,
    /// A section's pages; a tag's pages.
    pub(crate) pages: Vec<LinkView<'a>>,
    /// A section's sub-sections.
    pub(crate) subsections: Vec<LinkView<'a>>,
    /// A listing's sub-sections and pages together, in reading order (on a long listing
    /// split into pages, this page's share).
    pub(crate) contents: Vec<EntryView<'a>>,
    /// On a listing: the pages below it, its sub-sections' included.
    pub(crate) total: usize,
    /// On a listing: true when its pages are read in order (the section sorts by weight
    /// and has more than one), so a theme numbers them.
    pub(crate) numbered: bool,
    /// Its address from the site's root: `tips/build-trust/`, `` for home.
    pub(crate) url: String,
    /// For a long listing split into pages: where this one sits.
    pub(crate) pagination: Option<Pager>,
    /// The glossary's terms by letter; the tag index's tags are in `tags`.
    pub(crate) letters: Vec<LetterView<'a>>,
    /// `YYYY-MM-DD`, if given.
    pub(crate) date: Option<&'a str>,
    /// Who keeps the page true.
    pub(crate) owner: Option<&'a str>,
    /// When it is due for review.
    pub(crate) review_by: Option<&'a str>,
    /// Words of prose.
    pub(crate) word_count: usize,
    /// Whether the body has a formula, so the page needs `math.css`.
    pub(crate) has_math: bool,
    /// Minutes to read, at 220 words a minute.
    pub(crate) reading_minutes: usize,
    /// Absolute URL, when `base_url` is set.
    pub(crate) permalink: Option<String>,
    /// The source file below `content/`, when there is one.
    pub(crate) source: Option<&'a str>,
    /// Front matter `[extra]`.
    pub(crate) extra: &'a serde_json::Map<String, serde_json::Value>,
    /// Classes for `<body>` (front matter `cssclasses`).
    pub(crate) css_classes: &'a [String],
    /// On the health page: what the health rules found.
    pub(crate) health: Option<HealthView<'a>>,
    /// On the print page: the cover, contents and every page.
    pub(crate) book: Option<super::print::BookView<'a>>,
    /// On the 404 page, when `base_url` is not set: the first segment of every URL of the
    /// site (`tips`, `tags`, ...), for the script that finds the site's root in the
    /// address the page is shown at.
    pub(crate) top_level: Vec<String>,
}

/// The health page's findings, `page.health` in templates.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct HealthView<'a> {
    /// The day the report was made, `YYYY-MM-DD`.
    pub(crate) today: &'a str,
    /// Published pages.
    pub(crate) pages: usize,
    /// Links between pages.
    pub(crate) links: usize,
    /// Pages no other page links to.
    pub(crate) orphans: Vec<LinkView<'a>>,
    /// Pages that link to no other page.
    pub(crate) dead_ends: Vec<LinkView<'a>>,
    /// Pages overdue or soon due for review, by owner (pages without one last).
    pub(crate) owners: Vec<OwnerView<'a>>,
    /// Pages with neither an owner nor a review date.
    pub(crate) unowned: Vec<LinkView<'a>>,
    /// How many orphans, dead ends and unowned pages the lists above leave out: each
    /// shows at most [`crate::health::LISTED`], so a large site's page stays small.
    pub(crate) more: MoreView,
    /// Every owner and how many pages they keep (their own or through a section).
    pub(crate) owned: Vec<OwnedCount<'a>>,
    /// How much the glossary is used.
    pub(crate) glossary: GlossaryStats<'a>,
}

/// One owner's pages that need a review.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct OwnerView<'a> {
    /// The owner; none for pages nobody owns.
    pub(crate) name: Option<&'a str>,
    /// Past their review date, the longest overdue first.
    pub(crate) overdue: Vec<ReviewView<'a>>,
    /// Due within the next 30 days.
    pub(crate) due_soon: Vec<ReviewView<'a>>,
}

/// What the health page's long lists leave out.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MoreView {
    /// Orphans not listed.
    pub(crate) orphans: usize,
    /// Dead ends not listed.
    pub(crate) dead_ends: usize,
    /// Unowned pages not listed.
    pub(crate) unowned: usize,
}

/// An owner and how many pages they keep.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct OwnedCount<'a> {
    /// The owner.
    pub(crate) name: &'a str,
    /// Pages.
    pub(crate) pages: usize,
}

/// A page and its review date.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReviewView<'a> {
    /// The page.
    pub(crate) link: LinkView<'a>,
    /// Its `review_by`.
    pub(crate) review_by: &'a str,
    /// Days past the date (overdue) or until it (due soon).
    pub(crate) days: i64,
}

/// Glossary statistics.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GlossaryStats<'a> {
    /// Terms defined.
    pub(crate) terms: usize,
    /// Aliases of those terms.
    pub(crate) aliases: usize,
    /// Pages using at least one term.
    pub(crate) pages_using: usize,
    /// Terms by how many pages use them, most first.
    pub(crate) most_used: Vec<TermUse<'a>>,
    /// Terms no other page uses.
    pub(crate) unused: Vec<LinkView<'a>>,
    /// Phrases used on several pages that look like missing terms.
    pub(crate) suggestions: Vec<SuggestionView<'a>>,
}

/// A term and how many pages use it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TermUse<'a> {
    /// The term's page.
    pub(crate) link: LinkView<'a>,
    /// Pages using it.
    pub(crate) count: usize,
}

/// A phrase that may deserve a glossary entry.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SuggestionView<'a> {
    /// The phrase.
    pub(crate) phrase: &'a str,
    /// The pages using it.
    pub(crate) pages: Vec<LinkView<'a>>,
}

impl<'a> PageView<'a> {
    /// An empty view of the given kind and title, for the builders to fill.
    pub(crate) fn new(kind: Kind, title: impl Into<Cow<'a, str>>) -> Self {
        PageView {
            kind,
            title: title.into(),
            description: None,
            content: "",
            toc: &[],
            breadcrumbs: Vec::new(),
            prev: None,
            next: None,
            backlinks: Vec::new(),
            used_in: Vec::new(),
            tags: Vec::new(),
            pages: Vec::new(),
            subsections: Vec::new(),
            contents: Vec::new(),
            total: 0,
            numbered: false,
            url: String::new(),
            pagination: None,
            letters: Vec::new(),
            date: None,
            owner: None,
            review_by: None,
            word_count: 0,
            has_math: false,
            reading_minutes: 0,
            permalink: None,
            source: None,
            extra: &NO_EXTRA,
            css_classes: &[],
            health: None,
            book: None,
            top_level: Vec::new(),
        }
    }
}

/// Groups glossary terms by their first letter, A–Z.
pub(crate) fn letters<'a>(terms: &[LinkView<'a>]) -> Vec<LetterView<'a>> {
    let mut sorted: Vec<&LinkView> = terms.iter().collect();
    sorted.sort_by_key(|t| t.title.to_lowercase());
    let mut out: Vec<LetterView> = Vec::new();
    for term in sorted {
        let first = term
            .title
            .chars()
            .next()
            .map_or('#', |c| c.to_uppercase().next().unwrap_or(c));
        let letter = if first.is_alphabetic() {
            first.to_string()
        } else {
            "#".to_string()
        };
        match out.last_mut() {
            Some(group) if group.letter == letter => group.terms.push(term.clone()),
            _ => out.push(LetterView {
                id: format!(
                    "letter-{}",
                    crate::content::slugify(&letter)
                        .chars()
                        .next()
                        .map_or("other".to_string(), |c| c.to_string())
                ),
                letter,
                terms: vec![term.clone()],
            }),
        }
    }
    out
}
