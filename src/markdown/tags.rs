//! Inline tags: `#strategy` and nested `#partners/channel` in prose, as Obsidian reads
//! them. [`find`] is the one rule (used by the outline, which gives the page its tags,
//! and by [`link`], which makes each a link to its tag page).
//!
//! A tag starts with `#` at the start of a text or after a space, is made of letters,
//! digits, `_`, `-` and `/`, and has at least one character that is not a digit (so
//! `#123` is an issue number, not a tag). Code, links and raw HTML are never read.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::Spanned;
use crate::content::{DocId, tag_slug};
use crate::graph::{Index, TAGS_URL, relative_url};

/// The byte ranges of the tags in `text`, `#` included.
pub(crate) fn find(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = text[from..].find('#').map(|i| from + i) {
        from = at + 1;
        let after_space = at == 0 || text[..at].ends_with(|c: char| c.is_whitespace() || c == '(');
        if !after_space {
            continue;
        }
        let len: usize = text[at + 1..]
            .chars()
            .take_while(|&c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/'))
            .map(char::len_utf8)
            .sum();
        let name = text[at + 1..at + 1 + len].trim_end_matches('/');
        let ok = !name.is_empty()
            && !name.starts_with('/')
            && name.chars().any(|c| !c.is_ascii_digit())
            && !name.contains("//");
        // `#` doubled (`##`) is no tag either.
        if ok && bytes.get(at + 1) != Some(&b'#') {
            found.push(at..at + 1 + name.len());
            from = at + 1 + name.len();
        }
    }
    found
}

/// Whether the text of this tag is read for tags: prose, not code, links or images.
pub(crate) fn hides_tags(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::CodeBlock(_)
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::HtmlBlock
            | Tag::MetadataBlock(_)
    )
}

pub(crate) fn hides_tags_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::CodeBlock
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::HtmlBlock
            | TagEnd::MetadataBlock(_)
    )
}

/// Turns each inline tag of page `from` into a link to its tag page.
pub(crate) fn link(events: &mut Vec<Spanned>, index: &Index, from: DocId) {
    if index.site().docs[from].outline.tags.is_empty() {
        return;
    }
    let page_url = &index.site().docs[from].url;
    let mut hidden = 0usize;
    let mut out = Vec::with_capacity(events.len());
    for (event, range) in events.drain(..) {
        match &event {
            Event::Start(tag) if hides_tags(tag) => hidden += 1,
            Event::End(tag) if hides_tags_end(tag) => hidden = hidden.saturating_sub(1),
            _ => {}
        }
        let Event::Text(text) = &event else {
            out.push((event, range));
            continue;
        };
        let found = if hidden == 0 { find(text) } else { Vec::new() };
        if found.is_empty() {
            out.push((event, range));
            continue;
        }
        let mut last = 0;
        for tag in found {
            if tag.start > last {
                out.push((
                    Event::Text(CowStr::from(text[last..tag.start].to_string())),
                    range.clone(),
                ));
            }
            let name = &text[tag.start + 1..tag.end];
            let target = format!("{TAGS_URL}{}/", tag_slug(name));
            let (mut href, mut shown) = (String::new(), String::new());
            let _ = escape_href(&mut href, &relative_url(page_url, &target));
            let _ = escape_html(&mut shown, &text[tag.clone()]);
            let html = format!("<a class=\"tag\" href=\"{href}\">{shown}</a>");
            out.push((Event::InlineHtml(CowStr::from(html)), range.clone()));
            last = tag.end;
        }
        if last < text.len() {
            out.push((Event::Text(CowStr::from(text[last..].to_string())), range));
        }
    }
    *events = out;
}

#[cfg(test)]
mod tests {
    use super::find;

    fn tags(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn tags_are_words_after_a_hash() {
        assert_eq!(
            tags("#plan and #partners/channel."),
            ["#plan", "#partners/channel"]
        );
        assert_eq!(tags("issue #123, C# and a#b"), Vec::<&str>::new());
        assert_eq!(tags("#2024-review"), ["#2024-review"]);
        assert_eq!(tags("## x, # y, #/x"), Vec::<&str>::new());
        assert_eq!(tags("(#été)"), ["#été"]);
        assert_eq!(tags("#a/ b"), ["#a"]);
    }
}
