//! Search: a compact client-side index, written as script files so search works from any
//! static host and from `output/index.html` opened straight from disk.
//!
//! The index is sharded, as Pagefind does it: `search/index.js` is a small manifest; words
//! live in shards keyed by a prefix (`search/w-676f.js` holds the words starting with
//! "go"), a prefix being lengthened until its shard is under [`SHARD_BYTES`]; page titles
//! and summaries live in chunks of [`CHUNK`] pages (`search/p-0.js`). A query loads the
//! shard of each word and the chunks of its best results, so what a reader downloads stays
//! small however large the site grows.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::content::{DocId, Site};
use crate::render::OutputFile;
use shards::{encode, group, hex, split};
use words::{page_words, summary};

mod shards;
mod words;

/// Pages per metadata chunk.
pub(crate) const CHUNK: usize = 64;
/// A word shard larger than this is split by a longer prefix.
pub(crate) const SHARD_BYTES: usize = 48 * 1024;
/// Longest summary shown in results, in characters.
const SUMMARY: usize = 160;
/// How much each place a word appears in counts.
const TITLE: u32 = 12;
const HEADING: u32 = 5;
const DESCRIPTION: u32 = 3;
const SECTION: u32 = 2;
const BODY: u32 = 1;
/// Repeating a word in the body stops adding to its score after this many times.
const BODY_CAP: u32 = 6;

/// The manifest: what a reader's browser loads first.
#[derive(Serialize)]
struct Manifest<'a> {
    /// Number of indexed pages.
    pages: usize,
    /// Pages per metadata chunk.
    chunk: usize,
    /// Section titles, referred to by index from page entries.
    sections: Vec<&'a str>,
    /// The prefixes that have a shard, sorted. A word lives in the shard of the longest
    /// prefix it starts with; the file name is the hex of the prefix's UTF-8.
    shards: Vec<String>,
}

/// A page as results show it: `[url, title, section, summary]`.
type PageEntry = (String, String, usize, String);

/// The search index of a site, kept whole so a preview session can update it for the
/// pages that changed and rewrite only the files those changes touch.
#[derive(Debug, Default)]
pub(crate) struct SearchIndex {
    pages: Vec<PageEntry>,
    sections: Vec<String>,
    /// Page number of each published document.
    page_of: FxHashMap<DocId, usize>,
    /// Every word seen, by number, and the number of each word: pages keep numbers.
    vocabulary: Vec<String>,
    numbers: FxHashMap<String, u32>,
    /// Each page's words (by number) and scores.
    per_page: Vec<Vec<(u32, u32)>>,
    /// word -> (page number, score), pages in increasing order.
    words: BTreeMap<String, Vec<(u32, u32)>>,
    /// The prefixes that have a shard file.
    shards: BTreeSet<String>,
}

impl SearchIndex {
    /// Indexes every published page.
    pub(crate) fn build(site: &Site, texts: &[String]) -> SearchIndex {
        let mut index = SearchIndex::default();
        let mut slot_of: HashMap<usize, usize> = HashMap::new();
        // A page with `redirect_to` is a signpost, not something to find.
        let docs: Vec<DocId> = site
            .published()
            .filter(|(_, d)| d.meta.redirect_to.is_none())
            .map(|(id, _)| id)
            .collect();
        for (n, &id) in docs.iter().enumerate() {
            let doc = &site.docs[id];
            let slot = *slot_of.entry(doc.section).or_insert_with(|| {
                let name = if doc.section == 0 {
                    ""
                } else {
                    site.sections[doc.section].title.as_str()
                };
                index.sections.push(name.to_string());
                index.sections.len() - 1
            });
            index.pages.push((
                doc.url.clone(),
                doc.title.clone(),
                slot,
                summary(site, texts, id),
            ));
            index.page_of.insert(id, n);
        }
        // Each page's words and scores, in parallel, a slice of pages at a time (so the
        // words of every page are never all held as strings at once); then numbered.
        let mut postings: Vec<Vec<(u32, u32)>> = Vec::new();
        for (start, slice) in docs.chunks(1024).enumerate().map(|(k, c)| (k * 1024, c)) {
            let scored: Vec<Vec<(String, u32)>> = slice
                .par_iter()
                .enumerate()
                .map(|(k, &id)| {
                    page_words(
                        site,
                        id,
                        &texts[id],
                        &index.sections[index.pages[start + k].2],
                    )
                })
                .collect();
            for (k, list) in scored.into_iter().enumerate() {
                let n = (start + k) as u32;
                let numbered: Vec<(u32, u32)> = list
                    .into_iter()
                    .map(|(w, score)| (index.number(w), score))
                    .collect();
                for &(word, score) in &numbered {
                    if postings.len() <= word as usize {
                        postings.resize(word as usize + 1, Vec::new());
                    }
                    postings[word as usize].push((n, score));
                }
                index.per_page.push(numbered);
            }
        }
        index.words = postings
            .into_iter()
            .enumerate()
            .map(|(word, list)| (index.vocabulary[word].clone(), list))
            .collect();
        index
    }

    /// Every file of the index.
    pub(crate) fn files(&mut self) -> Vec<OutputFile> {
        let groups: BTreeSet<String> = self.words.keys().map(|w| group(w)).collect();
        let (mut files, _) = self.regroup(&groups);
        files.push(self.manifest());
        for n in 0..self.pages.len().div_ceil(CHUNK) {
            files.push(self.chunk(n));
        }
        files
    }

    /// Takes the pages of documents `docs` again; returns the files to write and the
    /// paths of files that no longer exist.
    pub(crate) fn update(
        &mut self,
        site: &Site,
        texts: &[String],
        docs: &[DocId],
    ) -> (Vec<OutputFile>, Vec<String>) {
        let mut groups = BTreeSet::new();
        let mut chunks = BTreeSet::new();
        for &id in docs {
            let Some(&n) = self.page_of.get(&id) else {
                continue;
            };
            let fresh = page_words(site, id, &texts[id], &self.sections[self.pages[n].2]);
            let fresh: Vec<(u32, u32)> = fresh
                .into_iter()
                .map(|(w, score)| (self.number(w), score))
                .collect();
            // Only words whose score on this page changed touch the postings and shards.
            let before: FxHashMap<u32, u32> = self.per_page[n].iter().copied().collect();
            let after: FxHashMap<u32, u32> = fresh.iter().copied().collect();
            let page = n as u32;
            for (number, score) in &before {
                if after.get(number) == Some(score) {
                    continue;
                }
                let word = &self.vocabulary[*number as usize];
                groups.insert(group(word));
                if let Some(list) = self.words.get_mut(word) {
                    list.retain(|(p, _)| *p != page);
                    if list.is_empty() {
                        self.words.remove(word);
                    }
                }
            }
            for (number, score) in &after {
                if before.get(number) == Some(score) {
                    continue;
                }
                let word = &self.vocabulary[*number as usize];
                groups.insert(group(word));
                let list = self.words.entry(word.clone()).or_default();
                let at = list.partition_point(|(p, _)| *p < page);
                list.insert(at, (page, *score));
            }
            self.per_page[n] = fresh;
            self.pages[n].3 = summary(site, texts, id);
            chunks.insert(n / CHUNK);
        }
        let (mut files, removed) = self.regroup(&groups);
        files.push(self.manifest());
        files.extend(chunks.into_iter().map(|n| self.chunk(n)));
        (files, removed)
    }

    /// The number of a word, numbering it if it is new.
    fn number(&mut self, word: String) -> u32 {
        if let Some(&n) = self.numbers.get(&word) {
            return n;
        }
        let n = self.vocabulary.len() as u32;
        self.vocabulary.push(word.clone());
        self.numbers.insert(word, n);
        n
    }

    /// The shard files of the words in `groups` (first two characters), replacing the
    /// shards those groups had; returns the files and the paths of shards now gone.
    fn regroup(&mut self, groups: &BTreeSet<String>) -> (Vec<OutputFile>, Vec<String>) {
        let mut files = Vec::new();
        let mut removed = Vec::new();
        for g in groups {
            let old: Vec<String> = self
                .shards
                .range(g.clone()..)
                .take_while(|p| p.starts_with(g.as_str()))
                .cloned()
                .collect();
            let encoded: Vec<(&str, Vec<u32>)> = self
                .words
                .range(g.clone()..)
                .take_while(|(w, _)| w.starts_with(g.as_str()))
                .map(|(w, postings)| (w.as_str(), encode(postings)))
                .collect();
            let mut shards: BTreeMap<String, BTreeMap<&str, &[u32]>> = BTreeMap::new();
            split(&encoded, 2, &mut shards);
            for prefix in old {
                if !shards.contains_key(&prefix) {
                    removed.push(format!("search/w-{}.js", hex(&prefix)));
                }
                self.shards.remove(&prefix);
            }
            for (prefix, shard) in &shards {
                let key = hex(prefix);
                files.push(script(&format!("search/w-{key}.js"), "words", &key, shard));
            }
            self.shards.extend(shards.into_keys());
        }
        (files, removed)
    }

    fn manifest(&self) -> OutputFile {
        let manifest = Manifest {
            pages: self.pages.len(),
            chunk: CHUNK,
            sections: self.sections.iter().map(String::as_str).collect(),
            shards: self.shards.iter().cloned().collect(),
        };
        script("search/index.js", "manifest", "", &manifest)
    }

    fn chunk(&self, n: usize) -> OutputFile {
        let end = ((n + 1) * CHUNK).min(self.pages.len());
        script(
            &format!("search/p-{n}.js"),
            "pages",
            &n.to_string(),
            &self.pages[n * CHUNK..end],
        )
    }
}

/// A script that hands `data` to the search code already on the page.
fn script<T: Serialize + ?Sized>(path: &str, kind: &str, key: &str, data: &T) -> OutputFile {
    let json = serde_json::to_string(data).expect("search data serialises");
    let text = format!("playbookSearch.add({kind:?},{key:?},{json});\n");
    OutputFile {
        path: path.to_string(),
        contents: text.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_that_shrinks_loses_its_split_shards() {
        let many: Vec<(u32, u32)> = (0..SHARD_BYTES as u32 / 6).map(|n| (n, 1)).collect();
        let mut index = SearchIndex::default();
        index.words.insert("goal".into(), many.clone());
        index.words.insert("gov".into(), many);
        index.words.insert("tree".into(), vec![(0, 1)]);
        let groups: BTreeSet<String> = ["go".to_string(), "tr".to_string()].into();
        let (files, removed) = index.regroup(&groups);
        assert!(removed.is_empty());
        assert_eq!(
            index.shards.iter().map(String::as_str).collect::<Vec<_>>(),
            ["goa", "gov", "tr"]
        );
        assert_eq!(files.len(), 3);
        index.words.insert("goal".into(), vec![(0, 1)]);
        index.words.insert("gov".into(), vec![(1, 1)]);
        let (files, mut removed) = index.regroup(&["go".to_string()].into());
        removed.sort();
        assert_eq!(
            removed,
            [
                format!("search/w-{}.js", hex("goa")),
                format!("search/w-{}.js", hex("gov"))
            ]
        );
        assert_eq!(
            files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
            [format!("search/w-{}.js", hex("go"))]
        );
        assert_eq!(
            index.shards.iter().map(String::as_str).collect::<Vec<_>>(),
            ["go", "tr"]
        );
    }
}
