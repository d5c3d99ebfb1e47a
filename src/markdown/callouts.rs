//! Callouts: GitHub's and Obsidian's `> [!NOTE]` blockquotes become titled boxes.
//!
//! `> [!TIP] Optional title` gives a box of kind `tip`; `> [!faq]-` and `> [!faq]+` give a
//! folded or open `<details>`, as in Obsidian. Any word is a kind, so themes can style
//! `info`, `example`, `question` and the rest.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use super::Spanned;

/// A callout marker at the start of a blockquote.
#[derive(Debug, PartialEq, Eq)]
struct Marker {
    kind: String,
    fold: Option<bool>,
    title: String,
}

/// Parses `[!kind]`, `[!kind]-`, `[!kind]+ Title` at the start of `text`.
fn marker(text: &str) -> Option<Marker> {
    let rest = text.strip_prefix("[!")?;
    let close = rest.find(']')?;
    let kind = &rest[..close];
    if kind.is_empty()
        || !kind
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let mut after = &rest[close + 1..];
    let fold = match after.chars().next() {
        Some('-') => Some(false),
        Some('+') => Some(true),
        _ => None,
    };
    if fold.is_some() {
        after = &after[1..];
    }
    Some(Marker {
        kind: kind.to_lowercase(),
        fold,
        title: after.trim_start().to_string(),
    })
}

fn default_title(kind: &str) -> String {
    let mut chars = kind.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Replaces callout blockquotes with `<div class="callout callout-KIND">` (or `<details>`).
pub fn rewrite(events: &mut Vec<Spanned>) {
    let mut out: Vec<Spanned> = Vec::with_capacity(events.len());
    // For each open blockquote: the closing tag to emit, if it became a callout.
    let mut open: Vec<Option<&'static str>> = Vec::new();
    let mut iter = std::mem::take(events).into_iter().peekable();
    while let Some((event, range)) = iter.next() {
        match event {
            Event::Start(Tag::BlockQuote(kind)) => {
                let mut lookahead = Vec::new();
                if let Some((Event::Start(Tag::Paragraph), _)) = iter.peek() {
                    lookahead.push(iter.next().unwrap_or((Event::SoftBreak, 0..0)));
                }
                let found = match iter.peek() {
                    Some((Event::Text(text), _)) if !lookahead.is_empty() => marker(text),
                    _ => None,
                };
                let Some(m) = found else {
                    open.push(None);
                    out.push((Event::Start(Tag::BlockQuote(kind)), range));
                    out.extend(lookahead);
                    continue;
                };
                iter.next();
                // The rest of the marker line (inline code, emphasis) belongs to the title.
                let mut title = m.title.clone();
                while let Some((event, _)) = iter.next_if(|(e, _)| {
                    !matches!(e, Event::SoftBreak | Event::HardBreak | Event::End(_))
                }) {
                    if let Event::Text(t) | Event::Code(t) = event {
                        title.push_str(&t);
                    }
                }
                let title = match title.trim() {
                    "" => default_title(&m.kind),
                    t => t.to_string(),
                };
                let mut escaped_title = String::new();
                let _ = escape_html(&mut escaped_title, &title);
                let class = format!("callout callout-{}", m.kind);
                let html = match m.fold {
                    Some(is_open) => {
                        open.push(Some("</details>\n"));
                        format!(
                            "<details class=\"{class}\"{}>\n<summary class=\"callout-title\">{escaped_title}</summary>\n",
                            if is_open { " open" } else { "" }
                        )
                    }
                    None => {
                        open.push(Some("</div>\n"));
                        format!(
                            "<div class=\"{class}\" role=\"note\">\n<p class=\"callout-title\">{escaped_title}</p>\n"
                        )
                    }
                };
                out.push((Event::Html(CowStr::from(html)), range));
                // The lines after the marker stay as the callout's first paragraph.
                iter.next_if(|(e, _)| matches!(e, Event::SoftBreak | Event::HardBreak));
                if iter
                    .next_if(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph)))
                    .is_none()
                {
                    out.extend(lookahead);
                }
            }
            Event::End(TagEnd::BlockQuote(kind)) => match open.pop().flatten() {
                Some(close) => out.push((Event::Html(CowStr::from(close)), range)),
                None => out.push((Event::End(TagEnd::BlockQuote(kind)), range)),
            },
            other => out.push((other, range)),
        }
    }
    *events = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        let mut events: Vec<Spanned> = pulldown_cmark::Parser::new(md).into_offset_iter().collect();
        crate::markdown::merge_text(&mut events);
        rewrite(&mut events);
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events.into_iter().map(|(e, _)| e));
        out
    }

    #[test]
    fn github_callout_gets_a_default_title() {
        let out = html("> [!NOTE]\n> Read this.\n");
        assert!(
            out.contains("<div class=\"callout callout-note\" role=\"note\">"),
            "{out}"
        );
        assert!(out.contains("<p class=\"callout-title\">Note</p>"), "{out}");
        assert!(out.contains("<p>Read this.</p>"), "{out}");
        assert!(!out.contains("blockquote"), "{out}");
    }

    #[test]
    fn obsidian_callout_takes_a_title_and_folds() {
        let out = html("> [!faq]- Why `this` & that?\n> Because.\n");
        assert!(
            out.contains("<details class=\"callout callout-faq\">"),
            "{out}"
        );
        assert!(
            out.contains("<summary class=\"callout-title\">Why this &amp; that?</summary>"),
            "{out}"
        );
        assert!(out.trim_end().ends_with("</details>"), "{out}");
    }

    #[test]
    fn plain_blockquotes_stay() {
        let out = html("> just a quote [!not]\n");
        assert!(out.contains("<blockquote>"), "{out}");
    }
}
