//! Embeds: what `![[...]]` shows in place of itself.
//!
//! [`transclude`] puts another page (`![[Note]]`), one of its sections (`![[Note#Heading]]`,
//! to the next heading of the same level or above) or one of its blocks
//! (`![[Note#^block]]`) into the page, in a frame that links to the source. The embedded
//! part is rendered from the source's markdown, its links resolved as they are on the
//! source and then rewritten to work from the embedding page; its headings get no ids and
//! stay out of the table of contents, so they never collide with the page's own. It runs
//! before the glossary pass, so a term is linked once across the page and what it embeds.
//! Embedded files (images, PDFs, audio, video) are [`super::media`]'s.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd};

use super::{
    Rendered, Spanned, blocks, diagrams, footnotes, headings, links, marks, math, merge_text,
    options,
};
use crate::content::DocId;
use crate::graph::{Index, rebase_url};

/// How many parts of pages one page may embed, counting embeds inside embeds: beyond
/// it, embeds are shown as links (a few pages embedding each other ten times each would
/// otherwise make a page of billions of copies).
pub(crate) const BUDGET: usize = 500;

/// What is left of a page's [`BUDGET`] while it is rendered.
#[derive(Debug)]
pub(crate) struct Budget {
    left: usize,
    /// The page's own embed being rendered when the budget ran out.
    pub(crate) ran_out_at: Option<usize>,
    /// The page's own embed being rendered now.
    current: usize,
}

impl Budget {
    pub(crate) fn new() -> Budget {
        Budget {
            left: BUDGET,
            ran_out_at: None,
            current: 0,
        }
    }
}

/// Replaces each `![[Note…]]` of the events (from document `doc`'s body, links already
/// rewritten) with the part of the note it names. `stack` holds the pages being
/// embedded into, outermost first: an embed of one of them is a cycle (reported by the
/// pages stage) and is shown as a link.
pub(crate) fn transclude<'a>(
    events: &mut Vec<Spanned<'a>>,
    index: &'a Index,
    doc: DocId,
    stack: &mut Vec<DocId>,
    budget: &mut Budget,
) {
    let site = index.site();
    let outline = &site.docs[doc].outline;
    if outline.embeds.is_empty() {
        return;
    }
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    let mut open: Vec<Tag> = Vec::new();
    let mut drained = std::mem::take(events).into_iter();
    while let Some((event, range)) = drained.next() {
        let source = match &event {
            Event::Start(Tag::Image {
                link_type: LinkType::WikiLink { .. },
                ..
            }) => outline
                .embeds
                .binary_search_by_key(&range.start, |e| e.at)
                .ok()
                .map(|k| &outline.embeds[k])
                .and_then(|e| {
                    let to = index.resolve_wiki(doc, &e.target).ok()?.doc?;
                    Some((to, e.target.split_once('#').map(|(_, f)| f.to_string())))
                }),
            _ => None,
        };
        let Some((to, selector)) = source else {
            match &event {
                Event::Start(tag) => open.push(tag.clone()),
                Event::End(_) => {
                    open.pop();
                }
                _ => {}
            }
            out.push((event, range));
            continue;
        };
        let Event::Start(Tag::Image { dest_url, .. }) = event else {
            unreachable!()
        };
        // The image's alt text up to its end.
        let mut label: Vec<Spanned<'a>> = Vec::new();
        for (inner, r) in drained.by_ref() {
            if matches!(inner, Event::End(TagEnd::Image)) {
                break;
            }
            label.push((inner, r));
        }
        let placeable = open.iter().all(|t| {
            matches!(
                t,
                Tag::Paragraph
                    | Tag::Item
                    | Tag::BlockQuote(_)
                    | Tag::List(_)
                    | Tag::TableCell
                    | Tag::FootnoteDefinition(_)
                    | Tag::TableRow
                    | Tag::TableHead
                    | Tag::Table(_)
            )
        });
        if stack.len() == 1 {
            budget.current = range.start;
        }
        if budget.left == 0 {
            budget.ran_out_at.get_or_insert(budget.current);
        }
        let fits = placeable && !stack.contains(&to) && budget.left > 0;
        if fits {
            // Taken before the part is made, so embeds inside it count against what is left.
            budget.left -= 1;
        }
        let part = match fits.then(|| fragment(index, to, selector.as_deref(), stack, budget)) {
            Some(Some(part)) => part,
            // A cycle, a section that is not there, or no room: a link to the source.
            _ => {
                let link = Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url,
                    title: CowStr::Borrowed(""),
                    id: CowStr::Borrowed(""),
                };
                out.push((Event::Start(link), range.clone()));
                out.extend(label);
                out.push((Event::End(TagEnd::Link), range));
                continue;
            }
        };
        let in_paragraph = matches!(open.last(), Some(Tag::Paragraph));
        if in_paragraph {
            out.push((Event::End(TagEnd::Paragraph), range.clone()));
        }
        frame(
            &mut out,
            index,
            to,
            selector.as_deref(),
            dest_url,
            range.clone(),
        );
        out.extend(rebased(part, &site.docs[to].url, &site.docs[doc].url));
        out.push((Event::Html(CowStr::Borrowed("</div>\n")), range.clone()));
        if in_paragraph {
            out.push((Event::Start(Tag::Paragraph), range));
        }
    }
    drop_empty_paragraphs(&mut out);
    *events = out;
}

/// The frame's opening and its caption: a link to the source page (and section).
fn frame<'a>(
    out: &mut Vec<Spanned<'a>>,
    index: &Index,
    to: DocId,
    selector: Option<&str>,
    href: CowStr<'a>,
    range: Range<usize>,
) {
    let target = &index.site().docs[to];
    let mut caption = target.title.clone();
    if let Some(section) = selector.filter(|s| !s.starts_with('^') && !s.is_empty()) {
        let last = section.rsplit('#').next().unwrap_or(section);
        let heading = target
            .outline
            .find_anchor(section)
            .or_else(|| target.outline.find_anchor(last))
            .and_then(|id| target.outline.headings.iter().find(|h| h.id == id));
        if let Some(heading) = heading {
            caption = format!("{caption} › {}", heading.text);
        }
    }
    out.push((
        Event::Html(CowStr::Borrowed(
            "<div class=\"transclusion\">\n<p class=\"transclusion-source\">",
        )),
        range.clone(),
    ));
    let link = Tag::Link {
        link_type: LinkType::Inline,
        dest_url: href,
        title: CowStr::Borrowed(""),
        id: CowStr::Borrowed(""),
    };
    out.push((Event::Start(link), range.clone()));
    out.push((Event::Text(CowStr::from(caption)), range.clone()));
    out.push((Event::End(TagEnd::Link), range.clone()));
    out.push((Event::Html(CowStr::Borrowed("</p>\n")), range));
}

/// The events of document `to` that `selector` names (all of it, a `Heading` or heading
/// path's section, or a `^block`), rendered as far as the source page renders them
/// before the glossary pass, with links relative to the source page. `None` when the
/// selector names nothing.
fn fragment<'a>(
    index: &'a Index,
    to: DocId,
    selector: Option<&str>,
    stack: &mut Vec<DocId>,
    budget: &mut Budget,
) -> Option<Vec<Spanned<'a>>> {
    let site = index.site();
    let source = &site.docs[to];
    let mut events: Vec<Spanned<'a>> =
        Parser::new_ext(source.body(), options(&site.config.markdown))
            .into_offset_iter()
            .collect();
    merge_text(&mut events);
    headings::drop_title_heading(&mut events, &source.outline);
    links::drop_toc_markers(&mut events);
    // Footnote labels made the source's own, so they do not meet the page's; the part
    // brings the definitions it refers to, wherever they stand in the source.
    for (event, _) in &mut events {
        if let Event::FootnoteReference(label) | Event::Start(Tag::FootnoteDefinition(label)) =
            event
        {
            *label = CowStr::from(format!("{to}:{label}"));
        }
    }
    let (events, mut notes) = footnotes::take_definitions(events);
    let mut events = match selector {
        None | Some("") => events,
        Some(block) if block.starts_with('^') => block_events(events, &block[1..])?,
        Some(section) => {
            let last = section.rsplit('#').next().unwrap_or(section);
            let id = source
                .outline
                .find_anchor(section)
                .or_else(|| source.outline.find_anchor(last))?;
            let k = source.outline.headings.iter().position(|h| h.id == id)?;
            section_events(events, k)?
        }
    };
    let referenced: Vec<CowStr> = events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::FootnoteReference(label) => Some(label.clone()),
            _ => None,
        })
        .collect();
    for label in referenced {
        if let Some(content) = notes.remove(&label) {
            let range = content.first().map_or(0..0, |(_, r)| r.clone());
            events.push((Event::Start(Tag::FootnoteDefinition(label)), range.clone()));
            events.extend(content);
            events.push((Event::End(TagEnd::FootnoteDefinition), range));
        }
    }
    marks::mark(&mut events);
    blocks::strip(&mut events);
    for (event, _) in &mut events {
        if let Event::Start(Tag::Heading { id, .. }) = event {
            *id = None;
        }
    }
    // Links, formulas and diagrams as on the source page; its own problems are reported there,
    // not here.
    links::rewrite(&mut events, index, to, &mut Rendered::default());
    math::rewrite(&mut events, source, &mut Vec::new());
    let prefix = format!("mermaid-{}-e{}", stack[0], BUDGET - budget.left);
    diagrams::render(&mut events, source, &prefix, &mut Vec::new());
    stack.push(to);
    transclude(&mut events, index, to, stack, budget);
    stack.pop();
    Some(events)
}

/// The `k`th heading's section: from it to the next heading of its level or above.
fn section_events(events: Vec<Spanned>, k: usize) -> Option<Vec<Spanned>> {
    let mut seen = 0;
    let mut start = None;
    let mut level = None;
    let mut end = events.len();
    for (i, (event, _)) in events.iter().enumerate() {
        if let Event::Start(Tag::Heading { level: l, .. }) = event {
            match level {
                None if seen == k => {
                    start = Some(i);
                    level = Some(*l);
                }
                Some(level) if *l <= level => {
                    end = i;
                    break;
                }
                _ => {}
            }
            seen += 1;
        }
    }
    let start = start?;
    Some(events.into_iter().take(end).skip(start).collect())
}

/// The block that carries `^id`: its paragraph or list item, or, for an id alone on its
/// line, the block just before it (a list, table or quote).
fn block_events<'a>(events: Vec<Spanned<'a>>, id: &str) -> Option<Vec<Spanned<'a>>> {
    let ends_block = |e: &Event| matches!(e, Event::End(TagEnd::Paragraph | TagEnd::Item));
    let marker = (0..events.len().saturating_sub(1)).find(|&i| {
        matches!(&events[i].0, Event::Text(t) if blocks::block_id(t).is_some_and(|(_, b)| b == id))
            && ends_block(&events[i + 1].0)
    })?;
    let end = marker + 1;
    let start = open_of(&events, end)?;
    let alone = end - start == 2
        && matches!(&events[marker].0, Event::Text(t) if t.trim_start().starts_with('^'));
    if alone && start > 0 {
        let before = open_of(&events, start - 1)?;
        return Some(events.into_iter().take(start).skip(before).collect());
    }
    // An id that ends a quote's (or callout's) last paragraph names the whole quote.
    if matches!(
        events.get(end + 1),
        Some((Event::End(TagEnd::BlockQuote(_)), _))
    ) {
        let quote = open_of(&events, end + 1)?;
        return Some(events.into_iter().take(end + 2).skip(quote).collect());
    }
    let item = matches!(events[end].0, Event::End(TagEnd::Item));
    let mut part: Vec<Spanned<'a>> = events.into_iter().take(end + 1).skip(start).collect();
    if item {
        let range = part[0].1.clone();
        part.insert(0, (Event::Start(Tag::List(None)), range.clone()));
        part.push((Event::End(TagEnd::List(false)), range));
    }
    Some(part)
}

/// The index of the `Start` that the `End` at `end` closes.
fn open_of(events: &[Spanned], end: usize) -> Option<usize> {
    let mut depth = 0usize;
    for i in (0..=end).rev() {
        match events[i].0 {
            Event::End(_) => depth += 1,
            Event::Start(_) => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The events with every link and image made relative to `to_url` instead of `from_url`.
fn rebased<'a>(
    events: Vec<Spanned<'a>>,
    from_url: &str,
    to_url: &str,
) -> impl Iterator<Item = Spanned<'a>> {
    let (from_url, to_url) = (from_url.to_string(), to_url.to_string());
    events.into_iter().map(move |(mut event, range)| {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &mut event
            && let Some(url) = rebase_url(dest_url, &from_url, &to_url)
        {
            *dest_url = CowStr::from(url);
        }
        (event, range)
    })
}

/// Takes out the paragraphs left empty where an embed split one.
pub(super) fn drop_empty_paragraphs(events: &mut Vec<Spanned>) {
    let blank = |e: &Event| match e {
        Event::SoftBreak | Event::HardBreak => true,
        Event::Text(t) => t.trim().is_empty(),
        _ => false,
    };
    let mut out: Vec<Spanned> = Vec::with_capacity(events.len());
    // Where the paragraph being copied starts in `out`, while it is still empty.
    let mut empty_since: Option<usize> = None;
    for (event, range) in events.drain(..) {
        match &event {
            Event::Start(Tag::Paragraph) => empty_since = Some(out.len()),
            Event::End(TagEnd::Paragraph) if empty_since.is_some() => {
                out.truncate(empty_since.take().unwrap_or(out.len()));
                continue;
            }
            e if !blank(e) => empty_since = None,
            _ => {}
        }
        out.push((event, range));
    }
    *events = out;
}
