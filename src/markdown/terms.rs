//! The glossary pass: links occurrences of glossary terms in a page's prose to their
//! definitions, and records every term the page uses.
//!
//! Only prose is touched: never headings, code, link text, image alt text or raw HTML
//! (nor text inside an author's raw `<a>`, `<textarea>`, `<button>` and the like, where a
//! link would nest or show as code), and never a term on its own page. `[glossary] link` decides whether the first or every
//! occurrence on a page is linked; uses are recorded either way.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use super::{Rendered, Spanned};
use crate::config::TermLinks;
use crate::content::DocId;
use crate::graph::{Index, relative_url};

/// Rewrites prose text events into text and term links.
pub(crate) fn link(events: &mut Vec<Spanned>, index: &Index, from: DocId, out: &mut Rendered) {
    let glossary = index.glossary();
    if glossary.terms.is_empty() {
        return;
    }
    let site = index.site();
    let mode = site.config.glossary.link;
    let own_term = glossary.term_of(from);
    let page_url = &site.docs[from].url;
    let mut linked: HashSet<usize> = HashSet::new();
    let mut used: HashSet<usize> = HashSet::new();
    // Depth of elements whose text must stay as it is.
    let mut protected = 0usize;
    let mut result = Vec::with_capacity(events.len());
    // Depth of raw HTML elements (an author's own `<a>`, a `<textarea>`) open around here.
    let mut raw = 0isize;
    for (event, range) in events.drain(..) {
        match &event {
            Event::Start(tag) if protects(tag) => protected += 1,
            Event::End(tag) if protects_end(tag) => protected = protected.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => raw = (raw + raw_depth(html)).max(0),
            _ => {}
        }
        let Event::Text(text) = &event else {
            result.push((event, range));
            continue;
        };
        if protected > 0 || raw > 0 {
            result.push((event, range));
            continue;
        }
        let mut last = 0;
        let mut pieces: Vec<Spanned> = Vec::new();
        for occ in glossary.find(text) {
            if Some(occ.term) == own_term {
                out.refs.uses_own_term = true;
                continue;
            }
            used.insert(occ.term);
            let wanted = match mode {
                TermLinks::None => false,
                TermLinks::All => true,
                TermLinks::First => !linked.contains(&occ.term),
            };
            if !wanted {
                continue;
            }
            linked.insert(occ.term);
            let term = &glossary.terms[occ.term];
            let target = &site.docs[term.doc];
            if occ.start > last {
                pieces.push((
                    Event::Text(CowStr::from(text[last..occ.start].to_string())),
                    range.clone(),
                ));
            }
            // "Term\nDefinition": the browser's tooltip shows both lines, and the theme's
            // popover reads them from here.
            let mut title = String::new();
            let _ = escape_html(&mut title, &target.title);
            if let Some(definition) = &term.definition {
                title.push('\n');
                let _ = escape_html(&mut title, definition);
            }
            let href = relative_url(page_url, &target.url);
            pieces.push((
                Event::InlineHtml(CowStr::from(format!(
                    "<a class=\"term\" href=\"{href}\" title=\"{title}\">"
                ))),
                range.clone(),
            ));
            pieces.push((
                Event::Text(CowStr::from(text[occ.start..occ.end].to_string())),
                range.clone(),
            ));
            pieces.push((Event::InlineHtml(CowStr::from("</a>")), range.clone()));
            last = occ.end;
        }
        if pieces.is_empty() {
            result.push((event, range));
            continue;
        }
        if last < text.len() {
            pieces.push((
                Event::Text(CowStr::from(text[last..].to_string())),
                range.clone(),
            ));
        }
        result.extend(pieces);
    }
    *events = result;
    let mut used: Vec<usize> = used.into_iter().collect();
    used.sort_unstable();
    out.refs.terms = used;
}

/// Elements whose text is never auto-linked.
pub(super) fn protects(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Heading { .. }
            | Tag::CodeBlock(_)
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::MetadataBlock(_)
    )
}

pub(super) fn protects_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Heading(_)
            | TagEnd::CodeBlock
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::MetadataBlock(_)
    )
}

/// Raw HTML elements whose text must not get a term link: links and controls (a link
/// inside one is invalid HTML), and elements whose content is not prose.
const RAW_PROTECTED: [&str; 12] = [
    "a", "button", "textarea", "select", "option", "label", "script", "style", "title", "code",
    "pre", "kbd",
];

/// How many [`RAW_PROTECTED`] elements `html` opens, less how many it closes.
fn raw_depth(html: &str) -> isize {
    let lower = html.to_ascii_lowercase();
    let mut depth = 0;
    for (at, _) in lower.match_indices('<') {
        let rest = &lower[at + 1..];
        let (closing, rest) = match rest.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        let name_end = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let (name, after) = rest.split_at(name_end);
        if !RAW_PROTECTED.contains(&name) || !after.starts_with(['>', ' ', '\t', '\n', '/']) {
            continue;
        }
        let self_closing = after
            .split('>')
            .next()
            .is_some_and(|tag| tag.ends_with('/'));
        match (closing, self_closing) {
            (true, _) => depth -= 1,
            (false, false) => depth += 1,
            (false, true) => {}
        }
    }
    depth
}
