//! Capitalised phrases in a page's prose ("Joint Business Plan", "Partner Advisory
//! Board"): the raw material of the health check's term suggestions. A phrase used on
//! several pages and defined nowhere is likely a term the glossary is missing.
//!
//! Only prose counts: never headings (title case is their style, not a sign of a term),
//! code, link text or image alt text. A phrase is two to six words, at least two of them
//! capitalised, with small joining words allowed inside ("Return on Investment").

use pulldown_cmark::{Event, Tag};

use super::Spanned;
use crate::content::Doc;
use crate::diagnostic::Position;

/// Small words that may join the capitalised words of a phrase.
/// Not "and": "Sales, Legal and Finance" is a list, not a term.
const JOINERS: &[&str] = &["of", "for", "on", "in", "to", "the"];

/// Capitalised words that start sentences without naming anything.
const STARTERS: &[&str] = &[
    "a", "after", "all", "also", "an", "and", "any", "as", "at", "be", "before", "both", "but",
    "by", "do", "each", "either", "even", "every", "few", "for", "from", "good", "great", "he",
    "her", "here", "his", "how", "i", "if", "in", "instead", "is", "it", "its", "let", "many",
    "more", "most", "much", "my", "never", "new", "no", "not", "now", "of", "on", "once", "one",
    "only", "or", "our", "she", "so", "some", "still", "such", "that", "the", "their", "then",
    "there", "these", "they", "this", "those", "though", "to", "too", "two", "under", "unless",
    "until", "we", "what", "when", "where", "whether", "which", "while", "who", "why", "with",
    "without", "yet", "you", "your",
];

const MAX_WORDS: usize = 6;

/// Every distinct phrase of the body (compared without case), with its first place.
pub fn collect(events: &[Spanned], doc: &Doc) -> Vec<(String, Position)> {
    let mut found: Vec<(String, Position)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut protected = 0usize;
    // Sentences run across emphasis, code and links; they start with a block.
    let mut sentence_start = true;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell | Tag::Heading { .. }) => {
                sentence_start = true
            }
            Event::Start(tag) if super::terms::protects(tag) => protected += 1,
            Event::End(tag) if super::terms::protects_end(tag) => {
                protected = protected.saturating_sub(1)
            }
            Event::Text(text) if protected == 0 => {
                for phrase in phrases(text, &mut sentence_start) {
                    if seen.insert(phrase.to_lowercase()) {
                        let source = doc.body().get(range.clone()).unwrap_or("");
                        let first_word = phrase.split(' ').next().unwrap_or(&phrase);
                        let at = source
                            .find(phrase.as_str())
                            .or_else(|| source.find(first_word))
                            .unwrap_or(0);
                        found.push((phrase, doc.body_position(range.start + at)));
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// The capitalised phrases of one run of prose, in order. `sentence_start` says whether
/// the text starts a sentence, and on return whether the next text does.
fn phrases(text: &str, sentence_start: &mut bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    // True while the capitalised words after a sentence's first word go uncounted.
    let mut skipping = false;
    let mut rest = text;
    loop {
        let word_start = rest.find(is_word_char).unwrap_or(rest.len());
        let gap = &rest[..word_start];
        if !gap.chars().all(char::is_whitespace) {
            skipping = false;
            flush(&mut run, &mut out);
            if gap.contains(['.', '!', '?', ':']) {
                *sentence_start = true;
            }
        }
        rest = &rest[word_start..];
        if rest.is_empty() {
            break;
        }
        let word_end = rest.find(|c| !is_word_char(c)).unwrap_or(rest.len());
        let word = &rest[..word_end];
        rest = &rest[word_end..];
        let starts_sentence = std::mem::replace(sentence_start, false);
        if is_capitalised(word) {
            // A sentence's first word is capitalised whatever it is: a starter ("The
            // Partner Council") is left out; any other word ("Ask Sales") might be a verb,
            // so the run it starts is not counted at all.
            if run.is_empty() && starts_sentence {
                skipping = !STARTERS.contains(&word.to_lowercase().as_str());
                continue;
            }
            if !skipping {
                run.push(word);
            }
        } else if run.last().is_some_and(|w| is_capitalised(w)) && JOINERS.contains(&word) {
            // One joining word between capitals: "Return on Investment", not "Plan to the
            // Review".
            run.push(word);
        } else {
            skipping = false;
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Ends a run: a phrase when it has two capitalised words and no more than six words.
fn flush(run: &mut Vec<&str>, out: &mut Vec<String>) {
    while run.last().is_some_and(|w| !is_capitalised(w)) {
        run.pop();
    }
    let capitals = run.iter().filter(|w| is_capitalised(w)).count();
    if capitals >= 2 && run.len() <= MAX_WORDS {
        out.push(run.join(" "));
    }
    run.clear();
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '\'' | '’')
}

/// Starts with a capital and is more than one letter ("I" and "A" name nothing).
fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_some()
}

#[cfg(test)]
mod tests {
    fn phrases(text: &str) -> Vec<String> {
        super::phrases(text, &mut true)
    }

    #[test]
    fn finds_capitalised_runs_with_joining_words() {
        assert_eq!(
            phrases("Bring the Joint Business Plan to the Return on Investment review."),
            ["Joint Business Plan", "Return on Investment"]
        );
    }

    #[test]
    fn sentence_starters_and_single_capitals_are_not_phrases() {
        assert!(phrases("The partner agreed. Every week we meet.").is_empty());
        assert_eq!(
            phrases("The Partner Council meets. When Partner Council meets, I listen."),
            ["Partner Council", "Partner Council"]
        );
    }

    #[test]
    fn punctuation_ends_a_phrase() {
        assert!(phrases("Ask Sales, Legal and Finance.").is_empty());
        assert!(phrases("Ask Sales Leaders first.").is_empty());
        assert_eq!(
            phrases("See the Alliance Scorecard of Acme."),
            ["Alliance Scorecard of Acme"]
        );
    }

    #[test]
    fn long_runs_are_not_terms() {
        assert!(phrases("we Met Seven Big Firms In Ten Long Days").is_empty());
    }
}
