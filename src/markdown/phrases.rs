//! Capitalised phrases in a page's prose ("Joint Business Plan", "Partner Advisory
//! Board"): the raw material of the health check's term suggestions. A phrase used on
//! several pages and defined nowhere is likely a term the glossary is missing.
//!
//! Only prose counts: never headings (title case is their style, not a sign of a term),
//! code, link text or image alt text. A phrase is two to six words, at least two of them
//! capitalised, with small joining words allowed inside ("Return on Investment").

use pulldown_cmark::{Event, Tag, TagEnd};

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

/// The prose of one block (a paragraph, list item or table cell) as one string, with
/// where each piece came from: a phrase may wrap onto the next line or cross emphasis.
#[derive(Default)]
struct Block {
    text: String,
    /// (offset in `text`, offset in the body) at the start of each piece.
    pieces: Vec<(usize, usize)>,
}

impl Block {
    /// The body offset of `at` in the block's text. Pieces are pulldown-cmark's unmerged
    /// text events, each with its exact source range, and most are their source as it
    /// is. A piece that is not (an entity, a smart quote, `--` made `–`, an escape) is
    /// one replaced character at most, so its start is exact enough; otherwise the two
    /// are walked side by side, see [`align`].
    fn source_offset(&self, body: &str, at: usize) -> usize {
        let i = self.pieces.partition_point(|&(start, _)| start <= at);
        let (start, source) = self.pieces[i.saturating_sub(1)];
        let written = &self.text[start..at];
        let rest = body.get(source..).unwrap_or("");
        match rest.starts_with(written) {
            true => source + written.len(),
            false => source + align(written, rest),
        }
    }
}

/// How far into `source` the end of `text` lies, where `text` is what markdown made of
/// the start of `source`. Each character of the text is looked for a few characters
/// ahead in the source: found, the walk moves past it; not found, it stays, and the
/// next character's search steps over what was replaced.
fn align(text: &str, source: &str) -> usize {
    const AHEAD: usize = 8;
    let mut cursor = 0;
    for c in text.chars() {
        let found = source[cursor..]
            .char_indices()
            .take(AHEAD)
            .find(|&(_, s)| s == c);
        if let Some((n, s)) = found {
            cursor += n + s.len_utf8();
        }
    }
    cursor
}

/// Every distinct phrase of the body (compared without case), with its first place.
pub(crate) fn collect(events: &[Spanned], doc: &Doc) -> Vec<(String, Position)> {
    let mut found: Vec<(String, Position)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut block = Block::default();
    let mut protected = 0usize;
    let mut flush = |block: &mut Block| {
        // A callout's first line is its title, written in title case like a heading.
        let skip = match block.text.starts_with("[!") {
            true => block.text.find('\n').unwrap_or(block.text.len()),
            false => 0,
        };
        for (phrase, at) in phrases(&block.text[skip..]) {
            if seen.insert(phrase.to_lowercase()) {
                let source = block.source_offset(doc.body(), skip + at);
                found.push((phrase, doc.body_position(source)));
            }
        }
        *block = Block::default();
    };
    for (event, range) in events {
        match event {
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell)
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => flush(&mut block),
            Event::Start(tag) if super::terms::protects(tag) => {
                protected += 1;
                // Link text and code are not prose: they end a phrase.
                block.text.push_str(" | ");
            }
            Event::End(tag) if super::terms::protects_end(tag) => {
                protected = protected.saturating_sub(1)
            }
            Event::Text(text) if protected == 0 => {
                block.pieces.push((block.text.len(), range.start));
                block.text.push_str(text);
            }
            Event::SoftBreak | Event::HardBreak if protected == 0 => block.text.push('\n'),
            Event::Code(_) | Event::InlineHtml(_) | Event::Html(_) => block.text.push_str(" | "),
            _ => {}
        }
    }
    flush(&mut block);
    found
}

/// The capitalised phrases of a block of prose, each with its byte offset, in order.
fn phrases(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    // The run of words being read: (word, offset).
    let mut run: Vec<(&str, usize)> = Vec::new();
    // True at the start and after `.`, `!`, `?` or `:`.
    let mut sentence_start = true;
    // True while the capitalised words after a sentence's first word go uncounted.
    let mut skipping = false;
    let mut at = 0;
    loop {
        let rest = &text[at..];
        let word_start = rest.find(is_word_char).unwrap_or(rest.len());
        let gap = &rest[..word_start];
        if !gap.chars().all(char::is_whitespace) {
            skipping = false;
            flush(&mut run, &mut out);
            if gap.contains(['.', '!', '?', ':']) {
                sentence_start = true;
            }
        }
        at += word_start;
        if at >= text.len() {
            break;
        }
        let rest = &text[at..];
        let word_end = rest.find(|c| !is_word_char(c)).unwrap_or(rest.len());
        let word = &rest[..word_end];
        let word_at = at;
        at += word_end;
        let starts_sentence = std::mem::replace(&mut sentence_start, false);
        if is_capitalised(word) {
            // A sentence's first word is capitalised whatever it is: a starter ("The
            // Partner Council") is left out; any other word ("Ask Sales") might be a verb,
            // so the run it starts is not counted at all.
            if run.is_empty() && starts_sentence {
                skipping = !STARTERS.contains(&word.to_lowercase().as_str());
                continue;
            }
            if !skipping {
                run.push((word, word_at));
            }
        } else if run.last().is_some_and(|(w, _)| is_capitalised(w)) && JOINERS.contains(&word) {
            // One joining word between capitals: "Return on Investment", not "Plan to the
            // Review".
            run.push((word, word_at));
        } else {
            skipping = false;
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Ends a run. The run is a phrase when it has two capitalised words and at most six
/// words; so is each stretch of it between joining words ("Partner Council in London"
/// gives "Partner Council" too), which also splits a run too long to be a term.
fn flush(run: &mut Vec<(&str, usize)>, out: &mut Vec<(String, usize)>) {
    let mut emit = |words: &[(&str, usize)]| {
        let mut words = words;
        while let [rest @ .., last] = words {
            if is_capitalised(last.0) {
                break;
            }
            words = rest;
        }
        let capitals = words.iter().filter(|(w, _)| is_capitalised(w)).count();
        if capitals >= 2 && words.len() <= MAX_WORDS {
            let phrase = words.iter().map(|(w, _)| *w).collect::<Vec<_>>().join(" ");
            if !out.iter().any(|(p, at)| *p == phrase && *at == words[0].1) {
                out.push((phrase, words[0].1));
            }
        }
    };
    emit(run);
    for stretch in run.split(|(w, _)| !is_capitalised(w)) {
        if stretch.len() < run.len() {
            emit(stretch);
        }
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
        super::phrases(text).into_iter().map(|(p, _)| p).collect()
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
    }

    #[test]
    fn a_joining_word_also_yields_the_stretches_around_it() {
        assert_eq!(
            phrases("We met the Partner Council in London."),
            ["Partner Council in London", "Partner Council"]
        );
        assert_eq!(
            phrases("we met John Smith in New York on Monday Morning Early"),
            ["John Smith", "New York", "Monday Morning Early"],
            "a run too long to be a term still gives its parts"
        );
    }

    #[test]
    fn text_is_walked_against_its_source_past_smart_punctuation_escapes_and_entities() {
        let source = r#"We met -- and so... it's \*done* &amp; "Joint Plan""#;
        let text = "We met – and so… it’s *done* & “Joint Plan”";
        let at = text.find("Joint").unwrap();
        let first = 'J'.len_utf8();
        assert_eq!(
            super::align(&text[..at + first], source) - first,
            source.find("Joint").unwrap()
        );
    }

    #[test]
    fn offsets_point_at_the_first_word() {
        assert_eq!(
            super::phrases("see the Partner’s Advisory Board"),
            [("Partner’s Advisory Board".to_string(), 8)]
        );
    }
}
