//! The glossary: every term and its other forms, and one Aho-Corasick automaton that finds
//! them all in a page's prose in a single pass (leftmost-longest, so "executive sponsor"
//! wins over "sponsor"). Built once per build; matching is linear in the text.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};

use crate::content::{DocId, Site};
use crate::diagnostic::Diagnostic;

/// A glossary term: a page of the glossary section.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    /// The term's page.
    pub(crate) doc: DocId,
    /// Its short definition (the page's description), for tooltips.
    pub(crate) definition: Option<String>,
}

/// An occurrence of a term in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Occurrence {
    /// Index into [`Glossary::terms`].
    pub(crate) term: usize,
    /// Byte range in the text.
    pub(crate) start: usize,
    /// End of the byte range.
    pub(crate) end: usize,
}

/// All terms and the automaton that finds them.
#[derive(Debug, Default)]
pub(crate) struct Glossary {
    /// The terms, in site order.
    pub(crate) terms: Vec<Term>,
    /// Term index of each automaton pattern.
    pattern_term: Vec<usize>,
    /// Term index of each term page.
    by_doc: HashMap<DocId, usize>,
    automaton: Option<AhoCorasick>,
}

impl Glossary {
    /// Collects the published pages of glossary sections as terms. A form (title or
    /// alias) claimed by two terms is an error: a reader could not tell which is meant.
    pub(crate) fn build(site: &Site, diagnostics: &mut Vec<Diagnostic>) -> Glossary {
        let mut terms = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_term = Vec::new();
        let mut owner: HashMap<String, DocId> = HashMap::new();
        let mut by_doc = HashMap::new();
        for section in site.sections.iter().filter(|s| s.glossary) {
            for &doc_id in &section.pages {
                let doc = &site.docs[doc_id];
                let term = terms.len();
                let forms = std::iter::once((&doc.title, "title"))
                    .chain(doc.meta.aliases.iter().map(|a| (a, "aliases")));
                for (form, field) in forms {
                    let form = form.split_whitespace().collect::<Vec<_>>().join(" ");
                    let key = form.to_lowercase();
                    if key.is_empty() {
                        continue;
                    }
                    match owner.get(&key) {
                        Some(&other) if other == doc_id => continue,
                        Some(&other) => {
                            diagnostics.push(
                                Diagnostic::error(
                                    &doc.path,
                                    match field {
                                        "aliases" => doc.value_position(field, &form),
                                        _ => doc.field_position(field),
                                    },
                                    format!(
                                        "\"{form}\" is already a glossary term or alias, in {}",
                                        site.docs[other].path.display()
                                    ),
                                )
                                .with_help("keep it on one term only, so every mention links to one definition"),
                            );
                            continue;
                        }
                        None => {
                            owner.insert(key.clone(), doc_id);
                        }
                    }
                    // ASCII letters match in any case; these forms cover other scripts'
                    // capitals at the start of a sentence and in lower case.
                    let mut variants = vec![form.clone(), key.clone(), capitalised(&key)];
                    variants.sort();
                    variants.dedup();
                    for variant in variants {
                        patterns.push(variant);
                        pattern_term.push(term);
                    }
                }
                by_doc.insert(doc_id, term);
                terms.push(Term {
                    doc: doc_id,
                    definition: doc.meta.description.clone(),
                });
            }
        }
        let automaton = (!patterns.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::DFA))
                .ascii_case_insensitive(true)
                .build(&patterns)
                .expect("glossary patterns are plain strings")
        });
        Glossary {
            terms,
            pattern_term,
            by_doc,
            automaton,
        }
    }

    /// The term defined by document `doc`, if it is a term page.
    pub(crate) fn term_of(&self, doc: DocId) -> Option<usize> {
        self.by_doc.get(&doc).copied()
    }

    /// Every whole-word occurrence of a term in `text`, left to right, longest first.
    pub(crate) fn find(&self, text: &str) -> Vec<Occurrence> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut found = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let Some(m) = automaton.find(Input::new(text).range(pos..)) else {
                break;
            };
            if is_boundary(text, m.start(), m.end()) {
                found.push(Occurrence {
                    term: self.pattern_term[m.pattern().as_usize()],
                    start: m.start(),
                    end: m.end(),
                });
                pos = m.end();
            } else {
                // Inside a longer word: look again from the next character, where a
                // shorter term may still start on a word boundary.
                pos = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
        found
    }
}

/// True when `text[start..end]` is a whole word (or words) of `text`.
fn is_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
