//! The words of a page, as search sees them: tokens, stop words, scores by where a word
//! appears, and the summary shown in results.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::{BODY, BODY_CAP, DESCRIPTION, HEADING, SECTION, SUMMARY, TITLE};
use crate::content::{DocId, Site};

/// What results show of a page: its description, else the start of its prose.
pub(crate) fn summary(site: &Site, texts: &[String], id: DocId) -> String {
    match &site.docs[id].meta.description {
        Some(d) => truncate(d, SUMMARY),
        None => truncate(&texts[id], SUMMARY),
    }
}

/// The words of one page with their scores: where a word appears decides its weight.
pub(crate) fn page_words<'a>(
    site: &'a Site,
    id: DocId,
    text: &'a str,
    section: &'a str,
) -> Vec<(String, u32)> {
    let doc = &site.docs[id];
    // Keyed by the words as they stand in the text where they can be: a page repeats its
    // words, and only each distinct one becomes a `String`.
    let mut scores: FxHashMap<Cow<'a, str>, (u32, u32)> = FxHashMap::default();
    let mut add = |text: &'a str, weight: u32, is_body: bool| {
        for word in tokens(text) {
            let entry = scores.entry(word).or_default();
            if is_body {
                entry.1 += 1;
            } else {
                entry.0 += weight;
            }
        }
    };
    add(&doc.title, TITLE, false);
    for alias in &doc.meta.aliases {
        add(alias, TITLE, false);
    }
    for heading in &doc.outline.headings {
        add(&heading.text, HEADING, false);
    }
    add(
        doc.meta.description.as_deref().unwrap_or_default(),
        DESCRIPTION,
        false,
    );
    add(section, SECTION, false);
    add(text, BODY, true);
    scores
        .into_iter()
        .map(|(word, (fields, body))| {
            let score = (fields + body.min(BODY_CAP) * BODY).min(255);
            (word.into_owned(), score)
        })
        .collect()
}

/// Lowercase words of two or more characters, stop words left out, each cut to its
/// first [`LONGEST_WORD`] characters. The browser splits queries the same way (see
/// `playbook.js`).
pub(crate) fn tokens(text: &str) -> impl Iterator<Item = Cow<'_, str>> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 2 && (w.is_ascii() || w.chars().count() >= 2))
        .map(|w| match w.char_indices().nth(LONGEST_WORD) {
            Some((cut, _)) => &w[..cut],
            None => w,
        })
        .map(
            |w| match w.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
                true => Cow::Owned(w.to_lowercase()),
                false => Cow::Borrowed(w),
            },
        )
        .filter(|w| !is_stop_word(w))
}

/// How many characters of a word the index keeps (`playbook.js` cuts queries alike). A
/// longer word is found by its first 24 characters; a shard's prefix, which is never
/// longer than a word, then always fits in a file name (`w-` and the hex of at most 96
/// bytes), and words sharing a long start still split into shards of the usual size.
pub(crate) const LONGEST_WORD: usize = 24;

/// Words too common to help find a page; leaving them out keeps the shards small. The
/// browser leaves out the same words (`playbook.js`; a test compares the lists). A match,
/// which the compiler turns into a few length and byte comparisons: millions of words
/// pass through here.
fn is_stop_word(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "but"
            | "by"
            | "for"
            | "from"
            | "has"
            | "have"
            | "if"
            | "in"
            | "into"
            | "is"
            | "it"
            | "its"
            | "of"
            | "on"
            | "or"
            | "so"
            | "than"
            | "that"
            | "the"
            | "their"
            | "them"
            | "then"
            | "there"
            | "these"
            | "they"
            | "this"
            | "to"
            | "was"
            | "were"
            | "what"
            | "when"
            | "which"
            | "who"
            | "will"
            | "with"
            | "you"
            | "your"
    )
}

fn truncate(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_leaves_out_the_same_stop_words() {
        let js = include_str!("../../themes/default/static/playbook.js");
        let list = js
            .split("var STOP = \"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap();
        let words: Vec<&str> = list.split(' ').collect();
        assert!(words.len() > 40);
        assert!(words.iter().all(|w| is_stop_word(w)), "{words:?}");
        assert!(!is_stop_word("alliance") && !is_stop_word("then2"));
    }

    #[test]
    fn tokens_drop_stop_words_and_short_words() {
        let t: Vec<Cow<str>> = tokens("The North-Star of a Straße, v2!").collect();
        assert_eq!(t, ["north", "star", "straße", "v2"]);
    }

    #[test]
    fn summaries_end_on_a_word() {
        assert_eq!(truncate("one two three four", 10), "one two…");
        assert_eq!(truncate("short", 10), "short");
    }
}
