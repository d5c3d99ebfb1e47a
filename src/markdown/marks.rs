//! Obsidian's `==highlight==`, as `<mark>`: a pair of `==` within one run of text, the
//! opening one followed and the closing one preceded by a non-space (as emphasis is
//! delimited), outside code. A lone `==` (`a == b`) stays as written.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::Spanned;

/// Splits each text event that holds highlights into text and `<mark>` tags.
pub(crate) fn mark(events: &mut Vec<Spanned>) {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Text(t) if t.contains("==")))
    {
        return;
    }
    let mut out = Vec::with_capacity(events.len() + 4);
    let mut in_code_block = false;
    for (event, range) in events.drain(..) {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(text) if !in_code_block && text.contains("==") => {
                let pairs = highlights(text);
                if !pairs.is_empty() {
                    let mut at = 0;
                    for (open, close) in pairs {
                        if open > at {
                            out.push((
                                Event::Text(CowStr::from(text[at..open].to_string())),
                                range.clone(),
                            ));
                        }
                        out.push((Event::InlineHtml(CowStr::Borrowed("<mark>")), range.clone()));
                        out.push((
                            Event::Text(CowStr::from(text[open + 2..close].to_string())),
                            range.clone(),
                        ));
                        out.push((
                            Event::InlineHtml(CowStr::Borrowed("</mark>")),
                            range.clone(),
                        ));
                        at = close + 2;
                    }
                    if at < text.len() {
                        out.push((Event::Text(CowStr::from(text[at..].to_string())), range));
                    }
                    continue;
                }
            }
            _ => {}
        }
        out.push((event, range));
    }
    *events = out;
}

/// Byte offsets of the opening and closing `==` of each highlight in `text`.
fn highlights(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut pairs = Vec::new();
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'=' && bytes[i + 1] == b'=' {
            let before = text[..i].chars().next_back();
            let after = text[i + 2..].chars().next();
            match open {
                None if after.is_some_and(|c| !c.is_whitespace() && c != '=') => open = Some(i),
                Some(start) if before.is_some_and(|c| !c.is_whitespace()) && i > start + 2 => {
                    pairs.push((start, i));
                    open = None;
                }
                _ => {}
            }
            i += 2;
            continue;
        }
        i += 1;
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_are_pairs_of_double_equals_around_text() {
        assert_eq!(highlights("a ==b== c"), [(2, 5)]);
        assert_eq!(highlights("==one== and ==two words=="), [(0, 5), (12, 23)]);
        assert!(
            highlights("a == b == c").is_empty(),
            "spaces inside: no highlight"
        );
        assert!(highlights("x ==== y").is_empty());
        assert!(highlights("==open only").is_empty());
    }
}
