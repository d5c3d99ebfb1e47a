//! The navigation: the section tree with the branch of the current page open, and a
//! window of the current section's pages, so a page's size does not grow with the size
//! of its section. A site whose whole tree fits [`NAV_BUDGET`] entries lists every
//! section's pages on every page (the theme collapses the closed ones); a larger site
//! lists the open branch only.

use super::Ctx;
use super::views::{LinkView, NavItem};
use crate::content::{DocId, SectionId, Site};

/// How many of a section's pages the navigation lists at once.
const NAV_WINDOW: usize = 12;
/// Most entries a navigation listing every section may have.
const NAV_BUDGET: usize = 160;
/// The deepest level of sections the navigation nests. Themes render the tree with a
/// recursive component, which tera stops at 20 levels; a branch deeper than this goes
/// from its last level shown straight to the current page's own section (the
/// breadcrumbs still show every level).
const NAV_DEPTH: usize = 12;

/// True when every section, with a window of its pages, fits [`NAV_BUDGET`] entries.
pub(super) fn fits_whole(site: &Site) -> bool {
    let entries: usize = site
        .sections
        .iter()
        .map(|s| 1 + s.pages.len().min(NAV_WINDOW + 1))
        .sum();
    entries <= NAV_BUDGET
}

impl<'a> Ctx<'a> {
    /// The sections of the site, with the branch holding the current page opened.
    pub(super) fn nav(
        &self,
        from: &str,
        current: Option<SectionId>,
        doc: Option<DocId>,
    ) -> Vec<NavItem<'a>> {
        let mut open_path = Vec::new();
        let mut cursor = current;
        while let Some(id) = cursor {
            open_path.push(id);
            cursor = self.site.sections[id].parent;
        }
        let place = doc.and_then(|d| self.place[d].map(|p| (self.site.docs[d].section, p)));
        self.nav_children(from, 0, &open_path, place, 1)
    }

    /// The items of `section`'s list, which sits `depth` levels deep (1 for the top).
    fn nav_children(
        &self,
        from: &str,
        section: SectionId,
        open_path: &[SectionId],
        place: Option<(SectionId, usize)>,
        depth: usize,
    ) -> Vec<NavItem<'a>> {
        let s = &self.site.sections[section];
        let mut items: Vec<NavItem> = s
            .children
            .iter()
            .map(|&child| {
                let open = open_path.contains(&child);
                let child = match open && depth + 1 == NAV_DEPTH {
                    true => open_path[0],
                    false => child,
                };
                NavItem {
                    link: self.section_link(from, child),
                    open,
                    children: if (open || self.nav_whole) && depth < NAV_DEPTH {
                        self.nav_children(from, child, open_path, place, depth + 1)
                    } else {
                        Vec::new()
                    },
                    more: 0,
                }
            })
            .collect();
        // A window of the section's pages around the current one (or its first pages), so
        // a page's size does not grow with the size of its section.
        let current = place.filter(|&(of, _)| of == section).map(|(_, pos)| pos);
        let start = current
            .map_or(0, |c| c.saturating_sub(NAV_WINDOW / 2))
            .min(s.pages.len().saturating_sub(NAV_WINDOW));
        let end = (start + NAV_WINDOW).min(s.pages.len());
        let listing = |count: usize, title: String| NavItem {
            link: LinkView {
                title: title.into(),
                url: self.href(from, &s.url),
                description: None,
                current: false,
                section: None,
            },
            open: false,
            children: Vec::new(),
            more: count,
        };
        if start > 0 {
            items.push(listing(
                start,
                format!(
                    "{start} earlier {}",
                    if start == 1 { "page" } else { "pages" }
                ),
            ));
        }
        let pages = s.pages[start..end].iter().map(|&page| {
            let link = self.doc_link(from, page);
            NavItem {
                open: link.current,
                link,
                children: Vec::new(),
                more: 0,
            }
        });
        // The whole section listed: in reading order (a `SUMMARY.md` can interleave).
        if start == 0 && end == s.pages.len() {
            return crate::content::in_reading_order(self.site, section, items, pages);
        }
        items.extend(pages);
        let after = s.pages.len() - end;
        if after > 0 {
            items.push(listing(
                after,
                format!("{after} more {}", if after == 1 { "page" } else { "pages" }),
            ));
        }
        items
    }
}
