//! Callouts: GitHub's and Obsidian's `> [!NOTE]` blockquotes become titled boxes.
//!
//! `> [!TIP] Optional title` gives a box of kind `tip`; `> [!faq]-` and `> [!faq]+` give a
//! folded or open `<details>`, as in Obsidian. The thirteen types of Obsidian and their
//! aliases (`faq` is a `question`, `caution` a `warning`; GitHub's five are among them)
//! each have a class the theme colours and gives an icon; any other word is styled as a
//! note, and every callout keeps its word in `data-callout`, as Obsidian's do, for a
//! vault's own styles.

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

/// Obsidian's type for a callout word: one of its thirteen types, by name or alias; a
/// note for any other word.
fn callout_type(kind: &str) -> &'static str {
    match kind {
        "abstract" | "summary" | "tldr" => "abstract",
        "info" => "info",
        "todo" => "todo",
        "tip" | "hint" | "important" => "tip",
        "success" | "check" | "done" => "success",
        "question" | "help" | "faq" => "question",
        "warning" | "caution" | "attention" => "warning",
        "failure" | "fail" | "missing" => "failure",
        "danger" | "error" => "danger",
        "bug" => "bug",
        "example" => "example",
        "quote" | "cite" => "quote",
        _ => "note",
    }
}

fn default_title(kind: &str) -> String {
    let mut chars = kind.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Replaces callout blockquotes with `<div class="callout callout-KIND">` (or `<details>`).
pub(crate) fn rewrite(events: &mut Vec<Spanned>) {
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
                // The rest of the marker line (emphasis, code, links) belongs to the title,
                // up to the line break: every element opened there is closed there too.
                let mut title_events: Vec<Event> = Vec::new();
                if !m.title.is_empty() {
                    title_events.push(Event::Text(CowStr::from(m.title.clone())));
                }
                let mut depth = 0usize;
                while let Some((event, _)) = iter.next_if(|(e, _)| {
                    depth > 0 || !matches!(e, Event::SoftBreak | Event::HardBreak | Event::End(_))
                }) {
                    match &event {
                        Event::Start(_) => depth += 1,
                        Event::End(_) => depth -= 1,
                        _ => {}
                    }
                    title_events.push(event);
                }
                let mut escaped_title = String::new();
                pulldown_cmark::html::push_html(&mut escaped_title, title_events.into_iter());
                if escaped_title.trim().is_empty() {
                    escaped_title.clear();
                    let _ = escape_html(&mut escaped_title, &default_title(&m.kind));
                }
                let escaped_title = escaped_title.trim();
                let mut word = String::new();
                let _ = escape_html(&mut word, &m.kind);
                let class = format!(
                    "callout callout-{}\" data-callout=\"{word}",
                    callout_type(&m.kind)
                );
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
            out.contains(
                "<div class=\"callout callout-note\" data-callout=\"note\" role=\"note\">"
            ),
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
            out.contains("<details class=\"callout callout-question\" data-callout=\"faq\">"),
            "{out}"
        );
        assert!(
            out.contains(
                "<summary class=\"callout-title\">Why <code>this</code> &amp; that?</summary>"
            ),
            "{out}"
        );
        assert!(out.trim_end().ends_with("</details>"), "{out}");
    }

    #[test]
    fn formatting_in_a_title_stays_balanced() {
        let out = html("> [!TIP] A *very* important tip\n> Body.\n");
        assert!(
            out.contains("<p class=\"callout-title\">A <em>very</em> important tip</p>"),
            "{out}"
        );
        assert!(out.contains("<p>Body.</p>"), "{out}");
    }

    #[test]
    fn plain_blockquotes_stay() {
        let out = html("> just a quote [!not]\n");
        assert!(out.contains("<blockquote>"), "{out}");
    }
}
