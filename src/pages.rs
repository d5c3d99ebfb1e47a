//! The page stage: every published document's markdown rendered against the [`Index`],
//! kept in one vector per consumer (bodies for the templates, refs for the link graph,
//! text for search, leads for `check`), each indexed by [`DocId`].
//!
//! Pages can depend on each other: a page that embeds another (`![[Note]]`,
//! `![[Note#Heading]]`) needs that page rendered first. So the stage renders in waves:
//! first every page that embeds no page, then the pages whose embeds are all rendered,
//! and so on, each wave in parallel. A cycle of embeds is an error naming it. After an
//! edit, [`Pages::rerender`] renders the edited pages again and, transitively, every page
//! that embeds one of them.

use std::collections::{BTreeSet, HashMap, HashSet};

use rayon::prelude::*;

use crate::content::{DocId, Site};
use crate::diagnostic::Diagnostic;
use crate::graph::Index;
use crate::markdown::{self, Body, Highlighter, Leads, Refs, Rendered};

/// Every document's rendered markdown; a draft left out of the build has empty parts.
#[derive(Debug, Default)]
pub struct Pages {
    /// What each page's template shows.
    pub(crate) bodies: Vec<Body>,
    /// What each page links to and which terms it uses.
    pub(crate) refs: Vec<Refs>,
    /// Each page's prose as plain text, for search. Emptied once the search index is
    /// made ([`Pages::drop_texts`]); a re-rendered page has its text again.
    pub(crate) texts: Vec<String>,
    /// Links to other sites and candidate terms, for `check`.
    pub(crate) leads: Vec<Leads>,
    /// Problems found while rendering each page.
    diagnostics: Vec<Vec<Diagnostic>>,
    /// Cycles of embeds, one error each.
    cycles: Vec<Diagnostic>,
    /// Per document, the documents that embed it.
    embedded_in: Vec<Vec<DocId>>,
    /// The order pages were rendered in, kept for re-rendering: an edit to prose keeps
    /// every page's embeds (`Doc::same_shape` compares outlines), so it keeps the order.
    waves: Vec<Vec<DocId>>,
    /// Code highlighting, its grammars loaded by the first page that needs them and kept
    /// for re-rendering.
    highlighter: Highlighter,
    /// Per draft left out of the build, the files of content/ it links or embeds (found
    /// by rendering it, its problems dropped).
    draft_files: Vec<Vec<crate::graph::AssetId>>,
    /// Per file of content/ (`site.assets`), true when it stays out of the output: no
    /// published page links it, and a draft does or it lies in a folder whose pages are
    /// all drafts. What only drafts use is as unpublished as they are.
    pub(crate) withheld: Vec<bool>,
}

/// The embeds between the site's pages: per document, the documents it embeds.
pub(crate) fn embeds(index: &Index) -> Vec<Vec<DocId>> {
    let site = index.site();
    site.docs
        .iter()
        .enumerate()
        .map(|(id, doc)| {
            // A draft left out of the build is never rendered, so it waits for nothing.
            if !doc.published {
                return Vec::new();
            }
            let mut targets: Vec<DocId> = doc
                .outline
                .embeds
                .iter()
                .filter_map(|e| index.resolve_wiki(id, &e.target).ok()?.doc)
                .filter(|&to| to != id && site.docs[to].published)
                .collect();
            targets.sort_unstable();
            targets.dedup();
            targets
        })
        .collect()
}

impl Pages {
    /// Renders every published document, each after the pages it embeds, its code
    /// highlighted by `highlighter`.
    pub(crate) fn render(index: &Index, highlighter: Highlighter) -> Pages {
        let site = index.site();
        let mut pages = Pages::empty(site.docs.len());
        pages.highlighter = highlighter;
        pages.embedded_in = invert(&embeds(index));
        let (waves, cycles) = waves(&published(site), &pages.embedded_in);
        pages.waves = waves;
        pages.render_waves(index, |_| true);
        pages.cycles = cycles.iter().map(|c| cycle_error(index, c)).collect();
        let drafts: Vec<DocId> = (0..site.docs.len())
            .filter(|&id| !site.docs[id].published)
            .collect();
        pages.find_draft_files(index, &drafts);
        pages
    }

    /// Renders `drafts` for the files they use (only that is kept), and works out again
    /// which files stay out of the output.
    fn find_draft_files(&mut self, index: &Index, drafts: &[DocId]) {
        let skipping = Highlighter::skipping();
        let found: Vec<(DocId, Vec<crate::graph::AssetId>)> = drafts
            .par_iter()
            .map(|&id| (id, markdown::render(index, id, &skipping).refs.files))
            .collect();
        for (id, files) in found {
            self.draft_files[id] = files;
        }
        self.withheld = withheld(index.site(), &self.refs, &self.draft_files);
    }

    /// Renders the pages of each wave that `due` picks, a wave at a time, each wave in
    /// parallel; returns each page rendered with its refs from before.
    fn render_waves(
        &mut self,
        index: &Index,
        due: impl Fn(DocId) -> bool + Sync,
    ) -> Vec<(DocId, Refs)> {
        let mut before = Vec::new();
        // Taken while `put` borrows the rest mutably, and put back.
        let waves = std::mem::take(&mut self.waves);
        for wave in &waves {
            let rendered: Vec<(DocId, Rendered)> = wave
                .par_iter()
                .filter(|&&id| due(id))
                .map(|&id| (id, markdown::render(index, id, &self.highlighter)))
                .collect();
            for (id, page) in rendered {
                before.push((id, self.put(id, page)));
            }
        }
        self.waves = waves;
        before
    }

    fn empty(docs: usize) -> Pages {
        Pages {
            bodies: vec![Body::default(); docs],
            refs: vec![Refs::default(); docs],
            texts: vec![String::new(); docs],
            leads: vec![Leads::default(); docs],
            diagnostics: vec![Vec::new(); docs],
            cycles: Vec::new(),
            embedded_in: vec![Vec::new(); docs],
            waves: Vec::new(),
            highlighter: Highlighter::default(),
            draft_files: vec![Vec::new(); docs],
            withheld: Vec::new(),
        }
    }

    /// Stores page `id`'s parts, each with its consumer; returns its old refs.
    fn put(&mut self, id: DocId, page: Rendered) -> Refs {
        self.bodies[id] = page.body;
        self.texts[id] = page.text;
        self.leads[id] = page.leads;
        self.diagnostics[id] = page.diagnostics;
        std::mem::replace(&mut self.refs[id], page.refs)
    }

    /// Renders the edited documents again, then every page that embeds one of them,
    /// directly or through others, each after what it embeds. Returns each re-rendered
    /// page with its refs from before, for the graph to update.
    pub(crate) fn rerender(&mut self, index: &Index, edited: &[DocId]) -> Vec<(DocId, Refs)> {
        let site = index.site();
        let mut due: BTreeSet<DocId> = BTreeSet::new();
        let mut queue: Vec<DocId> = edited.to_vec();
        while let Some(id) = queue.pop() {
            if due.insert(id) {
                queue.extend(&self.embedded_in[id]);
            }
        }
        let mut before = self.render_waves(index, |id| due.contains(&id));
        // Drafts are in no wave; an edited one is still "re-rendered" as nothing.
        let drafts: Vec<DocId> = due
            .iter()
            .copied()
            .filter(|&id| !site.docs[id].published)
            .collect();
        for &id in &drafts {
            before.push((id, self.put(id, Rendered::default())));
        }
        self.find_draft_files(index, &drafts);
        before
    }

    /// Every page's problems, and the cycles of embeds.
    pub(crate) fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().flatten().chain(&self.cycles)
    }

    /// Frees the pages' plain text once search has what it needs of it.
    pub(crate) fn drop_texts(&mut self) {
        self.texts.iter_mut().for_each(String::clear);
        self.texts.iter_mut().for_each(String::shrink_to_fit);
    }
}

/// The published documents in rendering order: waves in which every page comes after
/// all the pages it embeds. Pages on or behind a cycle of embeds come in a last wave,
/// so that they are still rendered (and their other problems reported); each cycle is
/// returned once, as the documents along it.
fn waves(published: &[bool], embedded_in: &[Vec<DocId>]) -> (Vec<Vec<DocId>>, Vec<Vec<DocId>>) {
    let embeds = invert(embedded_in);
    let mut waiting: Vec<usize> = embeds.iter().map(Vec::len).collect();
    let is_published = |id: &DocId| published[*id];
    let mut wave: Vec<DocId> = (0..embeds.len())
        .filter(is_published)
        .filter(|&id| waiting[id] == 0)
        .collect();
    let mut waves = Vec::new();
    let mut placed = 0;
    while !wave.is_empty() {
        let mut next = Vec::new();
        for &id in &wave {
            for &from in &embedded_in[id] {
                waiting[from] -= 1;
                if waiting[from] == 0 && published[from] {
                    next.push(from);
                }
            }
        }
        placed += wave.len();
        next.sort_unstable();
        waves.push(std::mem::replace(&mut wave, next));
    }
    let stuck: Vec<DocId> = (0..embeds.len())
        .filter(is_published)
        .filter(|&id| waiting[id] > 0)
        .collect();
    if stuck.is_empty() {
        return (waves, Vec::new());
    }
    debug_assert_eq!(
        placed + stuck.len(),
        published.iter().filter(|p| **p).count()
    );
    let cycles = find_cycles(&embeds, &stuck);
    waves.push(stuck);
    (waves, cycles)
}

/// "Document → the documents it embeds" turned into "document → those embedding it", or
/// back.
fn invert(lists: &[Vec<DocId>]) -> Vec<Vec<DocId>> {
    let mut inverted = vec![Vec::new(); lists.len()];
    for (from, targets) in lists.iter().enumerate() {
        for &to in targets {
            inverted[to].push(from);
        }
    }
    inverted
}

/// See [`Pages::withheld`].
fn withheld(site: &Site, refs: &[Refs], draft_files: &[Vec<crate::graph::AssetId>]) -> Vec<bool> {
    let linked: HashSet<crate::graph::AssetId> =
        refs.iter().flat_map(|r| r.files.iter().copied()).collect();
    let by_drafts: HashSet<crate::graph::AssetId> = draft_files.iter().flatten().copied().collect();
    let parent = |path: &str| path.rsplit_once('/').map_or("", |(dir, _)| dir).to_string();
    // Each folder that holds pages: whether any of its own is published.
    let mut folders: HashMap<String, bool> = HashMap::new();
    for doc in &site.docs {
        *folders.entry(parent(&doc.rel_path)).or_insert(false) |= doc.published;
    }
    site.assets
        .iter()
        .enumerate()
        .map(|(id, asset)| {
            if linked.contains(&id) {
                return false;
            }
            if by_drafts.contains(&id) {
                return true;
            }
            // The nearest folder with pages, from the file's own up to content/.
            let mut dir = parent(&asset.rel_path);
            loop {
                if let Some(&published) = folders.get(&dir) {
                    return !published;
                }
                if dir.is_empty() {
                    return false;
                }
                dir = parent(&dir);
            }
        })
        .collect()
}

fn published(site: &Site) -> Vec<bool> {
    site.docs.iter().map(|d| d.published).collect()
}

/// Cycles among the stuck documents, each once, each starting at its smallest document
/// (so where it is reported does not depend on the walk). One pass: each walk follows
/// embeds until it meets a document on its own path (a cycle) or one an earlier walk
/// already finished, so every document is walked once.
fn find_cycles(embeds: &[Vec<DocId>], stuck: &[DocId]) -> Vec<Vec<DocId>> {
    let is_stuck = |id: DocId| stuck.binary_search(&id).is_ok();
    let mut done = vec![false; embeds.len()];
    let mut on_path: Vec<Option<usize>> = vec![None; embeds.len()];
    let mut cycles = Vec::new();
    for &start in stuck {
        let mut path: Vec<DocId> = Vec::new();
        let mut at = start;
        while !done[at] {
            if let Some(pos) = on_path[at] {
                let mut cycle = path[pos..].to_vec();
                let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
                cycle.rotate_left(first);
                cycles.push(cycle);
                break;
            }
            on_path[at] = Some(path.len());
            path.push(at);
            // A stuck page embeds at least one stuck page.
            match embeds[at].iter().find(|&&t| is_stuck(t)) {
                Some(&next) => at = next,
                None => break,
            }
        }
        for id in path {
            done[id] = true;
            on_path[id] = None;
        }
    }
    cycles.sort();
    cycles
}

/// The error for a cycle of embeds, at the embed on its first page that starts it.
fn cycle_error(index: &Index, cycle: &[DocId]) -> Diagnostic {
    let site = index.site();
    let (from, to) = (cycle[0], cycle[1 % cycle.len()]);
    let first = &site.docs[from];
    let at = first
        .outline
        .embeds
        .iter()
        .find(|e| {
            index
                .resolve_wiki(from, &e.target)
                .is_ok_and(|r| r.doc == Some(to))
        })
        .map_or(0, |e| e.at);
    let mut names: Vec<&str> = cycle
        .iter()
        .map(|&id| site.docs[id].title.as_str())
        .collect();
    names.push(&first.title);
    Diagnostic::error(
        &first.path,
        first.body_position(at),
        format!(
            "these pages embed each other in a circle: {}",
            names.join(" → ")
        ),
    )
    .with_help("remove one of the embeds (`![[...]]`), or link to the page with `[[...]]` instead")
}

#[cfg(test)]
mod tests {
    use super::{find_cycles, invert, waves};

    #[test]
    fn a_page_comes_in_a_wave_after_every_page_it_embeds() {
        // 0 embeds 1 and 2, 1 embeds 2, 3 embeds nothing, 4 is a draft.
        let embeds = vec![vec![1, 2], vec![2], vec![], vec![], vec![]];
        let (waves, cycles) = waves(&[true, true, true, true, false], &invert(&embeds));
        assert_eq!(waves, vec![vec![2, 3], vec![1], vec![0]]);
        assert!(cycles.is_empty());
    }

    #[test]
    fn a_draft_that_embeds_a_page_is_in_no_wave() {
        let (waves, cycles) = waves(&[true, false], &invert(&[vec![], vec![0]]));
        assert_eq!(waves, vec![vec![0]]);
        assert!(cycles.is_empty());
    }

    #[test]
    fn pages_on_or_behind_a_cycle_come_last() {
        // 1 and 2 embed each other; 0 embeds 1; 3 is free.
        let embeds = vec![vec![1], vec![2], vec![1], vec![]];
        let (waves, cycles) = waves(&[true; 4], &invert(&embeds));
        assert_eq!(waves, vec![vec![3], vec![0, 1, 2]]);
        assert_eq!(cycles, vec![vec![1, 2]]);
    }

    #[test]
    fn a_cycle_is_found_once_whichever_page_the_walk_starts_from() {
        // 0 -> 1 -> 2 -> 0, and 3 -> 0 (behind the cycle, not on it).
        let embeds = vec![vec![1], vec![2], vec![0], vec![0]];
        let cycles = find_cycles(&embeds, &[0, 1, 2, 3]);
        assert_eq!(cycles, vec![vec![0, 1, 2]]);
    }

    #[test]
    fn two_separate_cycles_are_both_found() {
        let embeds = vec![vec![1], vec![0], vec![3], vec![2]];
        assert_eq!(
            find_cycles(&embeds, &[0, 1, 2, 3]),
            vec![vec![0, 1], vec![2, 3]]
        );
    }
}
