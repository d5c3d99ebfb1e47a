//! Obsidian's block ids: `^exit-clause` at the end of a paragraph or list item names that
//! block, and `[[Note#^exit-clause]]` links to it. The `^id` is taken out of the text and
//! the block gets an anchor of that id (`#%5Eexit-clause` in a link); an id alone on the
//! line after a list, table or quote becomes an anchor after it.

use pulldown_cmark::{CowStr, Event, TagEnd};

use super::Spanned;

/// The block id at the end of `text` (`… ^exit-clause`), and where it starts.
pub(crate) fn block_id(text: &str) -> Option<(usize, &str)> {
    let trimmed = text.trim_end();
    let at = trimmed.rfind('^')?;
    let id = &trimmed[at + 1..];
    let ok = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let before = trimmed[..at].chars().next_back();
    (ok && before.is_none_or(|c| c.is_whitespace() || c == ']' || c == ')')).then_some((at, id))
}

/// Replaces each block id with an anchor.
pub(crate) fn anchor(events: &mut Vec<Spanned>) {
    let ends_block = |e: &Event| matches!(e, Event::End(TagEnd::Paragraph | TagEnd::Item));
    let mut i = 0;
    while i + 1 < events.len() {
        let found = match (&events[i].0, &events[i + 1].0) {
            (Event::Text(text), end) if ends_block(end) => {
                block_id(text).map(|(at, id)| (at, id.to_string()))
            }
            _ => None,
        };
        if let Some((at, id)) = found {
            let Event::Text(text) = &events[i].0 else {
                unreachable!()
            };
            let rest = text[..at].trim_end().to_string();
            let range = events[i].1.clone();
            let html = format!("<span class=\"block-anchor\" id=\"^{id}\"></span>");
            events[i] = (Event::Text(CowStr::from(rest)), range.clone());
            events.insert(i + 1, (Event::InlineHtml(CowStr::from(html)), range));
            i += 2;
            continue;
        }
        i += 1;
    }
}

/// Takes block ids out of the text without anchors: in a part of a page embedded in
/// another, where the anchors would repeat the source page's.
pub(crate) fn strip(events: &mut [Spanned]) {
    for i in 1..events.len() {
        if !matches!(events[i].0, Event::End(TagEnd::Paragraph | TagEnd::Item)) {
            continue;
        }
        if let Event::Text(text) = &mut events[i - 1].0
            && let Some((at, _)) = block_id(text)
        {
            *text = CowStr::from(text[..at].trim_end().to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_id_ends_its_text() {
        assert_eq!(
            block_id("Leave with notice. ^exit-clause"),
            Some((19, "exit-clause"))
        );
        assert_eq!(block_id("^only"), Some((0, "only")));
        assert_eq!(block_id("x^2"), None, "an exponent is no id");
        assert_eq!(block_id("text ^bad id"), None);
    }
}
