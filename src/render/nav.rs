//! The navigation: the section tree with the branch of the current page open, and a
//! window of the current section's pages, so a page's size does not grow with the size
//! of its section.

use super::Ctx;
use super::views::{LinkView, NavItem};
use crate::content::SectionId;

/// How many of a section's pages the navigation lists at once.
const NAV_WINDOW: usize = 12;

impl Ctx<'_> {
    /// The sections of the site, with the branch holding the current page opened.
    pub(super) fn nav(&self, from: &str, current: Option<SectionId>) -> Vec<NavItem> {
        let mut open_path = Vec::new();
        let mut cursor = current;
        while let Some(id) = cursor {
            open_path.push(id);
            cursor = self.site.sections[id].parent;
        }
        self.nav_children(from, 0, &open_path)
    }

    fn nav_children(
        &self,
        from: &str,
        section: SectionId,
        open_path: &[SectionId],
    ) -> Vec<NavItem> {
        let s = &self.site.sections[section];
        let mut items: Vec<NavItem> = s
            .children
            .iter()
            .map(|&child| {
                let open = open_path.contains(&child);
                NavItem {
                    link: self.section_link(from, child),
                    open,
                    children: if open {
                        self.nav_children(from, child, open_path)
                    } else {
                        Vec::new()
                    },
                    more: 0,
                }
            })
            .collect();
        // A window of the section's pages around the current one (or its first pages), so
        // a page's size does not grow with the size of its section.
        let current = s.pages.iter().position(|&p| self.site.docs[p].url == from);
        let start = current
            .map_or(0, |c| c.saturating_sub(NAV_WINDOW / 2))
            .min(s.pages.len().saturating_sub(NAV_WINDOW));
        let end = (start + NAV_WINDOW).min(s.pages.len());
        let listing = |count: usize, title: String| NavItem {
            link: LinkView {
                title,
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
        items.extend(s.pages[start..end].iter().map(|&page| {
            let link = self.doc_link(from, page);
            NavItem {
                open: link.current,
                link,
                children: Vec::new(),
                more: 0,
            }
        }));
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
