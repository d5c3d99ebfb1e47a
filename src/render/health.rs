//! The health page (`health/`): the findings of [`crate::health`] as the site's owners
//! read them: pages nobody links to or that lead nowhere, reviews by owner, pages nobody
//! owns, and how the glossary is used.

use std::collections::BTreeMap;

use super::Ctx;
use super::views::{
    GlossaryStats, HealthView, Kind, MoreView, OwnedCount, OwnerView, PageView, ReviewView,
    SuggestionView, TermUse,
};
use crate::content::DocId;
use crate::graph::HEALTH_URL;

impl<'a> Ctx<'a> {
    pub(super) fn health_page(&self) -> PageView<'a> {
        let health = self.health;
        let url = HEALTH_URL;
        let link = |id: DocId| self.doc_link(url, id);
        let links = |ids: &[DocId]| ids.iter().map(|&id| link(id)).collect::<Vec<_>>();
        let listed = |ids: &[DocId]| links(&ids[..ids.len().min(crate::health::LISTED)]);
        let more = |ids: &[DocId]| ids.len().saturating_sub(crate::health::LISTED);
        let today = health.today.days();
        let review = |id: DocId| -> (Option<&'a str>, ReviewView<'a>) {
            let doc = &self.site.docs[id];
            let due = doc
                .meta
                .review_by
                .as_ref()
                .expect("a page with a review date");
            let review = ReviewView {
                link: link(id),
                review_by: due.0.as_str(),
                days: (today - due.days()).abs(),
            };
            (crate::health::owner_of(self.site, id), review)
        };
        // Owners in name order; pages nobody owns last.
        let mut owners: BTreeMap<(bool, Option<&str>), OwnerView> = BTreeMap::new();
        let groups = [(&health.overdue, true), (&health.due_soon, false)];
        for (ids, overdue) in groups {
            for &id in ids {
                let (name, r) = review(id);
                let entry = owners.entry((name.is_none(), name)).or_insert(OwnerView {
                    name,
                    overdue: Vec::new(),
                    due_soon: Vec::new(),
                });
                match overdue {
                    true => entry.overdue.push(r),
                    false => entry.due_soon.push(r),
                }
            }
        }
        let glossary = self.index.glossary();
        let mut most_used: Vec<TermUse> = glossary
            .terms
            .iter()
            .enumerate()
            .filter(|(t, _)| !self.graph.used_in[*t].is_empty())
            .map(|(t, term)| TermUse {
                link: link(term.doc),
                count: self.graph.used_in[t].len(),
            })
            .collect();
        most_used.sort_by(|a, b| b.count.cmp(&a.count).then(a.link.title.cmp(&b.link.title)));
        let pages_using = self
            .pages
            .refs
            .iter()
            .filter(|r| !r.terms.is_empty())
            .count();
        let stats = GlossaryStats {
            terms: glossary.terms.len(),
            aliases: glossary
                .terms
                .iter()
                .map(|t| self.site.docs[t.doc].meta.aliases.len())
                .sum(),
            pages_using,
            most_used,
            unused: health
                .unused_terms
                .iter()
                .map(|&t| link(glossary.terms[t].doc))
                .collect(),
            suggestions: health
                .suggestions
                .iter()
                .map(|s| SuggestionView {
                    phrase: &s.phrase,
                    pages: links(&s.pages),
                })
                .collect(),
        };
        let mut owned: BTreeMap<&str, usize> = BTreeMap::new();
        for (id, _) in self.site.published() {
            if let Some(name) = crate::health::owner_of(self.site, id) {
                *owned.entry(name).or_default() += 1;
            }
        }
        let mut page = PageView::new(Kind::Health, "Playbook health");
        page.breadcrumbs = vec![self.home_link(url)];
        page.health = Some(HealthView {
            today: &health.today.0,
            pages: self.site.published().count(),
            links: self.pages.refs.iter().map(|r| r.links.len()).sum(),
            orphans: listed(&health.orphans),
            dead_ends: listed(&health.dead_ends),
            owners: owners.into_values().collect(),
            unowned: listed(&health.unowned),
            more: MoreView {
                orphans: more(&health.orphans),
                dead_ends: more(&health.dead_ends),
                unowned: more(&health.unowned),
            },
            owned: owned
                .into_iter()
                .map(|(name, pages)| OwnedCount { name, pages })
                .collect(),
            glossary: stats,
        });
        page
    }
}
