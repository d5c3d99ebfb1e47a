//! Footnotes as GitHub and Obsidian show them: numbered in the order they are first
//! referred to, collected in a list at the end of the page, each with a link back to
//! every place that refers to it. Obsidian's inline footnotes (`text^[the note]`) join
//! them. A definition nothing refers to is left out, as GitHub does.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::Spanned;

/// Turns `^[…]` into footnotes, then moves every definition to a numbered list at the
/// end, with links both ways.
pub(crate) fn collect(events: &mut Vec<Spanned>) {
    inline(events);
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::FootnoteReference(_)))
    {
        return;
    }
    let (body, definitions) = take_definitions(std::mem::take(events));
    // Label → (number, how many references so far), and the labels in number order.
    let mut numbers: HashMap<CowStr, (usize, usize)> = HashMap::new();
    let mut order: Vec<CowStr> = Vec::new();
    // The body, then each definition as it gets its number: references inside
    // definitions are numbered too, after those before them.
    let mut pending = body;
    let mut body: Option<Vec<Spanned>> = None;
    let mut notes: Vec<Spanned> = Vec::new();
    // Where each note's links back go, and its number.
    let mut backs: Vec<(usize, usize)> = Vec::new();
    loop {
        let mut out = Vec::with_capacity(pending.len());
        for (event, range) in pending.drain(..) {
            let Event::FootnoteReference(label) = event else {
                out.push((event, range));
                continue;
            };
            if !definitions.contains_key(&label) {
                out.push((Event::Text(CowStr::from(format!("[^{label}]"))), range));
                continue;
            }
            let next = numbers.len() + 1;
            let entry = numbers.entry(label.clone()).or_insert_with(|| {
                order.push(label.clone());
                (next, 0)
            });
            entry.1 += 1;
            let (n, k) = *entry;
            let id = ref_id(n, k);
            let html = format!(
                "<sup class=\"footnote-ref\"><a href=\"#fn-{n}\" id=\"{id}\" aria-describedby=\"footnotes-label\">{n}</a></sup>"
            );
            out.push((Event::InlineHtml(CowStr::from(html)), range));
        }
        match body {
            None => body = Some(out),
            Some(_) => notes.append(&mut out),
        }
        let Some(label) = order.get(backs.len()) else {
            break;
        };
        let n = backs.len() + 1;
        pending = definitions[label].clone();
        let range = pending.first().map(|(_, r)| r.clone()).unwrap_or(0..0);
        notes.push((
            Event::Html(CowStr::from(format!("<li id=\"fn-{n}\">\n"))),
            range.clone(),
        ));
        // The links back go at the end of the note's last paragraph, as GitHub has them.
        let at = pending
            .iter()
            .rposition(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph)))
            .unwrap_or(pending.len());
        pending.insert(at, (Event::InlineHtml(CowStr::Borrowed("")), range.clone()));
        backs.push((notes.len() + at, n));
        pending.push((Event::Html(CowStr::Borrowed("</li>\n")), range));
    }
    // The links back, now that every reference is counted.
    for (at, n) in backs {
        let count = numbers[&order[n - 1]].1;
        notes[at].0 = Event::InlineHtml(CowStr::from(back_links(n, count)));
    }
    let mut page = body.unwrap_or_default();
    page.push((
        Event::Html(CowStr::Borrowed(
            "<section class=\"footnotes\">\n<h2 id=\"footnotes-label\" class=\"visually-hidden\">Footnotes</h2>\n<ol>\n",
        )),
        0..0,
    ));
    page.append(&mut notes);
    page.push((Event::Html(CowStr::Borrowed("</ol>\n</section>\n")), 0..0));
    *events = page;
}

/// The id of the `k`th reference (from 1) to note `n`.
fn ref_id(n: usize, k: usize) -> String {
    match k {
        1 => format!("fnref-{n}"),
        k => format!("fnref-{n}-{k}"),
    }
}

fn back_links(n: usize, count: usize) -> String {
    (1..=count.max(1))
        .map(|k| {
            let id = ref_id(n, k);
            let mark = if k == 1 { String::new() } else { format!("<sup>{k}</sup>") };
            format!(" <a href=\"#{id}\" class=\"footnote-back\" aria-label=\"Back to reference {n}{}\">↩{mark}</a>",
                if k == 1 { String::new() } else { format!("-{k}") })
        })
        .collect()
}

/// Splits the events into the body and each label's definition (its content only; the
/// first definition of a label wins).
pub(crate) fn take_definitions(
    events: Vec<Spanned>,
) -> (Vec<Spanned>, HashMap<CowStr, Vec<Spanned>>) {
    let mut body = Vec::with_capacity(events.len());
    let mut definitions: HashMap<CowStr, Vec<Spanned>> = HashMap::new();
    let mut current: Option<(CowStr, Vec<Spanned>)> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => current = Some((label, Vec::new())),
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, content)) = current.take() {
                    definitions.entry(label).or_insert(content);
                }
            }
            event => match current.as_mut() {
                Some((_, content)) => content.push((event, range)),
                None => body.push((event, range)),
            },
        }
    }
    (body, definitions)
}

/// Turns Obsidian's inline footnotes, `^[…]` in a block's text, into a reference and a
/// definition (labelled `^N`, which no written footnote can be). One pass: a `^[` that
/// is never closed sends the search on to the end of its block, not back to its start.
fn inline(events: &mut Vec<Spanned>) {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Text(t) if t.contains("^[")))
    {
        return;
    }
    let mut out: Vec<Spanned> = Vec::with_capacity(events.len());
    let mut notes: Vec<Spanned> = Vec::new();
    let mut n = 0;
    let mut in_code = false;
    // The event being read, and how far into its text.
    let (mut i, mut pos) = (0, 0);
    while i < events.len() {
        let (event, range) = &events[i];
        if pos == 0 {
            match event {
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(TagEnd::CodeBlock) => in_code = false,
                _ => {}
            }
        }
        let text = match event {
            Event::Text(text) if !in_code => text,
            _ => {
                out.push(events[i].clone());
                (i, pos) = (i + 1, 0);
                continue;
            }
        };
        let Some(start) = text[pos..].find("^[").map(|at| pos + at) else {
            let rest = match pos {
                0 => events[i].clone(),
                _ => (
                    Event::Text(CowStr::from(text[pos..].to_string())),
                    range.clone(),
                ),
            };
            out.push(rest);
            (i, pos) = (i + 1, 0);
            continue;
        };
        out.push((
            Event::Text(CowStr::from(text[pos..start].to_string())),
            range.clone(),
        ));
        let (j, close) = match closing_bracket(events, i, start + 2) {
            Ok(found) => found,
            Err(stop) => {
                out.push((
                    Event::Text(CowStr::from(text[start..].to_string())),
                    range.clone(),
                ));
                out.extend(events[i + 1..stop].iter().cloned());
                (i, pos) = (stop, 0);
                continue;
            }
        };
        n += 1;
        let label = CowStr::from(format!("^{n}"));
        out.push((Event::FootnoteReference(label.clone()), range.clone()));
        notes.push((Event::Start(Tag::FootnoteDefinition(label)), range.clone()));
        notes.push((Event::Start(Tag::Paragraph), range.clone()));
        let Event::Text(last) = &events[j].0 else {
            unreachable!("the bracket closes in a text event")
        };
        if j == i {
            notes.push((
                Event::Text(CowStr::from(text[start + 2..close].to_string())),
                range.clone(),
            ));
        } else {
            notes.push((
                Event::Text(CowStr::from(text[start + 2..].to_string())),
                range.clone(),
            ));
            notes.extend(events[i + 1..j].iter().cloned());
            notes.push((
                Event::Text(CowStr::from(last[..close].to_string())),
                events[j].1.clone(),
            ));
        }
        notes.push((Event::End(TagEnd::Paragraph), range.clone()));
        notes.push((Event::End(TagEnd::FootnoteDefinition), range.clone()));
        // What follows the note is read on: it may hold another.
        (i, pos) = (j, close + 1);
    }
    out.append(&mut notes);
    *events = out;
}

/// The `]` that closes a `[` opened in text event `i` before byte `from`: its event
/// and byte offset, found within the same block; else the end of the block.
fn closing_bracket(events: &[Spanned], i: usize, from: usize) -> Result<(usize, usize), usize> {
    let mut depth = 1usize;
    for (j, (event, _)) in events.iter().enumerate().skip(i) {
        match event {
            Event::Text(text) => {
                let skip = if j == i { from } else { 0 };
                for (at, c) in text[skip..].char_indices() {
                    match c {
                        '[' => depth += 1,
                        ']' => {
                            depth -= 1;
                            if depth == 0 {
                                return Ok((j, skip + at));
                            }
                        }
                        _ => {}
                    }
                }
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Heading(_)
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) => return Err(j),
            _ => {}
        }
    }
    Err(events.len())
}
