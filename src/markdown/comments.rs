//! Obsidian's `%%comments%%`: what an author hides is never published. Before anything
//! reads a page's body, each comment is overwritten in place with spaces (line ends
//! kept), so its text is gone from the page, its search entry and its previews, while
//! every byte offset, and so every line and column a diagnostic names, stays where it
//! was. `%%` inside code is left alone.

use std::borrow::Cow;

/// The body with every `%%comment%%` blanked out.
pub(crate) fn hide(body: &str) -> Cow<'_, str> {
    if !body.contains("%%") {
        return Cow::Borrowed(body);
    }
    let spans = comments(body);
    if spans.is_empty() {
        return Cow::Borrowed(body);
    }
    let mut out = body.as_bytes().to_vec();
    for (start, end) in spans {
        blank(&mut out, start, end);
    }
    // Only ASCII was written, over whole characters, so the text is still UTF-8.
    Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| body.to_string()))
}

/// Overwrites `text[start..end]` with spaces, line ends kept. Where that would leave a
/// line's text behind four spaces or more (`%%note%% Text` at the start of a paragraph),
/// which markdown reads as code, the blank starts with an invisible `&shy;` instead.
fn blank(text: &mut [u8], start: usize, end: usize) {
    for byte in &mut text[start..end] {
        if *byte != b'\n' {
            *byte = b' ';
        }
    }
    let mut from = start;
    while from < end {
        let line_end = text[from..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(text.len(), |i| from + i);
        let line_start = text[..from]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let blank_end = line_end.min(end);
        let leading = text[line_start..line_end]
            .iter()
            .take_while(|b| **b == b' ')
            .count();
        let text_follows = line_start + leading < line_end;
        if text_follows && leading >= 4 && blank_end - from >= 5 && from < line_start + leading {
            text[from..from + 5].copy_from_slice(b"&shy;");
        }
        from = line_end + 1;
    }
}

/// Byte ranges of the comments of `body`, delimiters included; an unclosed `%%` hides
/// the rest of the body, as in Obsidian. Fenced code and code spans are skipped.
fn comments(body: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    let mut fence: Option<(u8, usize)> = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if open.is_none() {
            let trimmed = line.trim_start_matches(' ');
            let indent = line.len() - trimmed.len();
            let marker = trimmed.bytes().next().filter(|b| *b == b'`' || *b == b'~');
            if let Some(m) = marker.filter(|_| indent < 4) {
                let run = trimmed.bytes().take_while(|b| *b == m).count();
                match fence {
                    None if run >= 3 => {
                        fence = Some((m, run));
                        continue;
                    }
                    Some((fm, flen))
                        if fm == m && run >= flen && trimmed[run..].trim().is_empty() =>
                    {
                        fence = None;
                        continue;
                    }
                    _ => {}
                }
            }
            if fence.is_some() {
                continue;
            }
        }
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if open.is_none() && bytes[i] == b'`' {
                // A code span: skip to the closing run of the same length on this line.
                let run = bytes[i..].iter().take_while(|b| **b == b'`').count();
                let closer = "`".repeat(run);
                match line[i + run..].find(&closer) {
                    Some(at) => i += run + at + run,
                    None => i += run,
                }
                continue;
            }
            if bytes[i] == b'%' && bytes.get(i + 1) == Some(&b'%') {
                match open.take() {
                    None => open = Some(start + i),
                    Some(from) => spans.push((from, start + i + 2)),
                }
                i += 2;
                continue;
            }
            i += 1;
        }
    }
    if let Some(from) = open {
        spans.push((from, body.len()));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_blanked_in_place_and_code_is_left_alone() {
        let body = "Keep %%secret%% this.\n\n%%\nhidden\nlines\n%%\n\n`%%code%%` and\n```\n%%fenced%%\n```\nA %%b%% c\n";
        let hidden = hide(body);
        assert_eq!(hidden.len(), body.len());
        assert_eq!(hidden.lines().count(), body.lines().count());
        assert!(
            !hidden.contains("secret") && !hidden.contains("hidden") && !hidden.contains("lines")
        );
        assert!(hidden.contains("`%%code%%`") && hidden.contains("%%fenced%%"));
        assert!(hidden.starts_with("Keep            this."), "{hidden}");
        assert!(hidden.contains("\n  \n      \n     \n  \n"), "{hidden}");
        assert!(hidden.contains("A       c"), "{hidden}");
        let hidden = hide("%%note%% Text\n");
        assert_eq!(
            hidden, "&shy;    Text\n",
            "no indented code made of a comment"
        );
    }

    #[test]
    fn an_unclosed_comment_hides_the_rest() {
        let hidden = hide("Text. %% from here\nto the end\n");
        assert!(!hidden.contains("here") && !hidden.contains("end"));
        assert!(hidden.starts_with("Text. "));
    }
}
