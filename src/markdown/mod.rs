//! Markdown: pulldown-cmark events in, rewritten events out, HTML at the end.
//!
//! Two entry points, one per link phase: [`outline`] reads a body's headings (their
//! anchors and the fallback title) before any page is rendered, so links can be checked
//! against every page's headings; [`render`] then turns a body into HTML, rewriting links
//! through the site [`Index`], and returns what the page links to. Each rewrite is a
//! small pass over the event list, in the order [`render`] runs them: other tools'
//! directives, headings, highlights, block ids, links, diagrams, embeds, files, footnotes,
//! tags, glossary terms, callouts, math, code highlighting.

mod blocks;
pub(crate) use blocks::block_id;
mod callouts;
pub(crate) mod comments;
mod diagrams;
mod directives;
mod embeds;
mod footnotes;
mod headings;
mod highlight;
pub(crate) use highlight::Highlighter;
mod links;
mod marks;
mod math;
mod media;
mod phrases;
mod tags;
mod terms;

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::config::MarkdownConfig;
use crate::content::{Doc, DocId};
use crate::diagnostic::{Diagnostic, Position};
use crate::graph::Index;
pub(crate) use headings::{Outline, TocEntry};

/// A parsed event and the byte range of the body it came from.
type Spanned<'a> = (Event<'a>, Range<usize>);

/// The markdown dialect Playbook reads: tables, footnotes, strikethrough, task lists,
/// heading attributes, wiki links and math always; smart punctuation unless turned off.
fn options(config: &MarkdownConfig) -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_MATH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS;
    if config.smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    options
}

/// The headings of a body, with their anchors, and its first `# heading`.
pub(crate) fn outline(body: &str, config: &MarkdownConfig) -> Outline {
    headings::outline(Parser::new_ext(body, options(config)).into_offset_iter())
}

/// What rendering one page produces, one part for each consumer.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rendered {
    /// For the page's template.
    pub(crate) body: Body,
    /// For the link graph and the health rules.
    pub(crate) refs: Refs,
    /// The body's prose as plain text, for search.
    pub(crate) text: String,
    /// For `check`: what may need a look beyond this build.
    pub(crate) leads: Leads,
    /// Broken links and other problems found while rendering.
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// The page body a template shows.
#[derive(Debug, Clone, Default)]
pub(crate) struct Body {
    /// The body as HTML.
    pub(crate) html: String,
    /// Table of contents: the body's headings, nested.
    pub(crate) toc: Vec<TocEntry>,
    /// Words of prose in the body.
    pub(crate) word_count: usize,
    /// Whether the body has a formula: the template links the math stylesheet only then.
    pub(crate) has_math: bool,
}

/// What a page refers to: the edges of the link graph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Refs {
    /// Documents this one links to (wiki and markdown links), each once, in order.
    pub(crate) links: Vec<DocId>,
    /// Files below `content/` it links to or shows (indices into `Site::assets`), each
    /// once, in order: a file in a hidden folder is published only when a page does.
    pub(crate) files: Vec<crate::graph::AssetId>,
    /// Glossary terms (indices into the glossary) used in its prose, linked or not.
    pub(crate) terms: Vec<usize>,
    /// For a glossary term's own page: whether its prose uses the term itself.
    pub(crate) uses_own_term: bool,
    /// Files its `{{#include …}}` directives name, read or not: `serve` watches them.
    pub(crate) includes: Vec<std::path::PathBuf>,
}

/// What `check` follows up: links to other sites and phrases that may be missing terms.
#[derive(Debug, Clone, Default)]
pub(crate) struct Leads {
    /// Every `http(s)` URL the body links to, with where, in order.
    pub(crate) external: Vec<(String, Position)>,
    /// Capitalised phrases of the prose, each once, with its first place: candidates for
    /// the glossary (empty with `[check] suggest_terms = false`).
    pub(crate) phrases: Vec<(String, Position)>,
}

/// Renders document `id` of the index's site to HTML, highlighting code with the
/// build's `highlighter`.
pub(crate) fn render(index: &Index, id: DocId, highlighter: &Highlighter) -> Rendered {
    let doc: &Doc = &index.site().docs[id];
    let config = &index.site().config.markdown;
    let mut events: Vec<Spanned> = Parser::new_ext(doc.body(), options(config))
        .into_offset_iter()
        .collect();
    math::keep_prices(&mut events, doc.body());
    // Phrases are read before text is merged: each unmerged piece of text has its own
    // exact source range, so a phrase's place is exact after entities and smart quotes.
    let phrases = match index.site().config.check.suggest_terms {
        true => phrases::collect(&events, doc),
        false => Vec::new(),
    };
    merge_text(&mut events);
    let mut diagnostics = Vec::new();
    let mut includes = Vec::new();
    directives::includes(
        &mut events,
        doc,
        &index.site().root,
        config,
        &mut diagnostics,
        &mut includes,
    );
    directives::hints(&mut events, doc, &mut diagnostics);
    headings::drop_title_heading(&mut events, &doc.outline);
    links::drop_toc_markers(&mut events);
    marks::mark(&mut events);
    blocks::anchor(&mut events);
    headings::assign_ids(&mut events, &doc.outline);
    let mut rendered = Rendered {
        body: Body {
            toc: headings::toc(&doc.outline),
            ..Body::default()
        },
        leads: Leads {
            phrases,
            external: Vec::new(),
        },
        refs: Refs {
            includes,
            ..Refs::default()
        },
        diagnostics,
        ..Rendered::default()
    };
    links::rewrite(&mut events, index, id, &mut rendered);
    diagrams::render(
        &mut events,
        doc,
        &format!("mermaid-{id}"),
        &mut rendered.diagnostics,
    );
    let mut budget = embeds::Budget::new();
    embeds::transclude(&mut events, index, id, &mut vec![id], &mut budget);
    if let Some(at) = budget.ran_out_at {
        rendered.diagnostics.push(
            Diagnostic::warning(
                &doc.path,
                doc.body_position(at),
                format!(
                    "this page embeds more than {} parts of pages, counting embeds inside embeds; from here on, embeds are shown as links",
                    embeds::BUDGET
                ),
            )
            .with_help("embed fewer pages, or link to some with `[[...]]` instead of `![[...]]`"),
        );
    }
    media::embed(&mut events);
    footnotes::collect(&mut events);
    rendered.text = prose(&events);
    rendered.body.word_count = rendered.text.split_whitespace().count();
    tags::link(&mut events, index, id);
    terms::link(&mut events, index, id, &mut rendered);
    callouts::rewrite(&mut events);
    label_task_boxes(&mut events);
    let has_math = math::rewrite(&mut events, doc, &mut rendered.diagnostics);
    if config.highlight_code {
        highlight::rewrite(&mut events, highlighter);
    }
    let mut html = String::with_capacity(doc.body().len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    // Exact-size copies: every page's HTML and text stay in memory until the site is
    // written, and a grown buffer holds up to twice what it needs.
    rendered.body.html = html.as_str().to_owned();
    // Formulas of embedded parts were made with their part.
    rendered.body.has_math = has_math || (!doc.outline.embeds.is_empty() && html.contains("<math"));
    rendered
}

/// pulldown-cmark splits prose at quotes, escapes and brackets; later passes (callout
/// markers, glossary terms) need each run of text whole.
fn merge_text(events: &mut Vec<Spanned>) {
    let mut merged: Vec<Spanned> = Vec::with_capacity(events.len());
    let mut events_in = events.drain(..).peekable();
    let is_text = |(event, _): &Spanned| matches!(event, Event::Text(_));
    while let Some((event, range)) = events_in.next() {
        let Event::Text(first) = event else {
            merged.push((event, range));
            continue;
        };
        if !events_in.peek().is_some_and(is_text) {
            merged.push((Event::Text(first), range));
            continue;
        }
        // One buffer grows for the whole run (800 KB of `\*` is 400,000 pieces).
        let mut text = first.into_string();
        let mut end = range.end;
        while let Some((Event::Text(next), next_range)) = events_in.next_if(is_text) {
            text.push_str(&next);
            end = next_range.end;
        }
        merged.push((Event::Text(text.into()), range.start..end));
    }
    drop(events_in);
    *events = merged;
}

/// The body's prose as plain text (code blocks left out), for word counts and search.
fn prose(events: &[Spanned]) -> String {
    let mut in_code_block = false;
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(t) | Event::Code(t) if !in_code_block => text.push_str(t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) if !text.ends_with(' ') => text.push(' '),
            _ => {}
        }
    }
    text.truncate(text.trim_end().len());
    text.as_str().to_owned()
}

/// Plain text of the events in `events` (headings, link labels).
fn plain_text(events: &[Spanned]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            // As written, so that a heading's anchor is what it was before math.
            Event::InlineMath(t) => text.extend(["$", t, "$"]),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// A task list's boxes as pulldown-cmark writes them, but with a name: an unnamed form
/// control is an error to assistive technology (axe's `label` rule), even disabled.
fn label_task_boxes(events: &mut [Spanned]) {
    for (event, _) in events.iter_mut() {
        if let Event::TaskListMarker(done) = event {
            let checked = if *done { " checked=\"\"" } else { "" };
            *event = Event::Html(CowStr::from(format!(
                "<input disabled=\"\" type=\"checkbox\"{checked} aria-label=\"Task\"/>\n"
            )));
        }
    }
}
