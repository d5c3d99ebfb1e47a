//! The link pass: every wiki link, markdown link and image is resolved through the site
//! [`Index`] and rewritten to a relative URL; what cannot be resolved becomes a
//! diagnostic at the link's line and column. Email autolinks (`<a@b.c>`) are left to
//! the HTML writer, which makes them `mailto:` links; GitLab's `[[_TOC_]]` is taken out.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::{Rendered, Spanned};
use crate::content::DocId;
use crate::diagnostic::Diagnostic;
use crate::graph::{Index, LinkError};

/// Rewrites link and image destinations in place; records linked documents in `out`.
pub(crate) fn rewrite(events: &mut [Spanned], index: &Index, from: DocId, out: &mut Rendered) {
    let doc = &index.site().docs[from];
    let mut in_code = false;
    for (event, range) in events.iter_mut() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            // `[[` left in the text is a wiki link the parser could not read, unless the
            // author escaped it (`\[\[`), which the source still shows.
            Event::Text(text)
                if !in_code
                    && text.contains("[[")
                    && doc
                        .body()
                        .get(range.clone())
                        .is_some_and(|s| s.contains("[[")) =>
            {
                let at = range.start + text.find("[[").unwrap_or(0);
                out.diagnostics.push(
                    Diagnostic::warning(&doc.path, doc.body_position(at), "this `[[` does not make a wiki link")
                        .with_help("close it with `]]`; inside a table, write the label separator as `\\|`, e.g. `[[Page\\|label]]`"),
                );
            }
            _ => {}
        }
        let (dest, is_wiki, title) = match event {
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => continue,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => (
                dest_url,
                matches!(link_type, LinkType::WikiLink { .. }),
                Some(title),
            ),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => (
                dest_url,
                matches!(link_type, LinkType::WikiLink { .. }),
                None,
            ),
            _ => continue,
        };
        if !is_wiki && is_fetchable(dest) {
            out.leads
                .external
                .push((dest.to_string(), doc.body_position(range.start)));
        }
        let result = if is_wiki {
            index.resolve_wiki(from, dest)
        } else {
            index.resolve_href(from, dest)
        };
        match result {
            Ok(resolved) => {
                *dest = CowStr::from(resolved.href);
                if let Some(file) = resolved.file
                    && !out.refs.files.contains(&file)
                {
                    out.refs.files.push(file);
                }
                let Some(to) = resolved.doc.filter(|&to| to != from) else {
                    continue;
                };
                if !out.refs.links.contains(&to) {
                    out.refs.links.push(to);
                }
                // A link to a described page previews it: "Title\nDescription" in `title`
                // (the browser's tooltip, and the theme's popover), unless the author
                // gave the link a title of their own.
                let target = &index.site().docs[to];
                if let (Some(title), Some(description)) = (title, &target.meta.description)
                    && title.is_empty()
                {
                    *title = CowStr::from(format!("{}\n{description}", target.title));
                }
            }
            Err(LinkError { message, help }) => out.diagnostics.push(
                Diagnostic::error(&doc.path, doc.body_position(range.start), message)
                    .with_optional_help(help),
            ),
        }
    }
}

/// Takes out GitLab's `[[_TOC_]]` table-of-contents marker (`[[TOC]]` too): every page
/// shows its table of contents beside it already.
pub(crate) fn drop_toc_markers(events: &mut Vec<Spanned>) {
    let is_marker = |event: &Event| {
        matches!(event, Event::Start(Tag::Link { link_type: LinkType::WikiLink { .. }, dest_url, .. })
            if matches!(dest_url.as_ref(), "_TOC_" | "TOC"))
    };
    if !events.iter().any(|(e, _)| is_marker(e)) {
        return;
    }
    let mut kept = Vec::with_capacity(events.len());
    let mut inside = false;
    for (event, range) in events.drain(..) {
        if is_marker(&event) {
            inside = true;
        } else if inside {
            inside = !matches!(event, Event::End(TagEnd::Link));
        } else {
            kept.push((event, range));
        }
    }
    *events = kept;
}

/// An absolute `http:` or `https:` URL: of the links that leave the site (see
/// [`crate::graph::resolve::is_external`], which also counts `mailto:` and `//host`),
/// the ones `check --external` can fetch.
fn is_fetchable(dest: &str) -> bool {
    let lower = dest.get(..8).unwrap_or(dest).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}
