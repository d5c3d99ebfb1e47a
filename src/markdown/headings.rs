//! Headings: anchors (unique per page, `{#custom}` respected), the fallback title, the
//! table of contents, and dropping a leading `# Title` the template already shows. The
//! outline also lists the page's embeds (`![[Note]]`): what it needs of other pages.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};
use serde::Serialize;

use super::{Spanned, plain_text};
use crate::content::slugify;

/// A heading of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    /// 1 to 6.
    pub(crate) level: u8,
    /// Its text, as plain text.
    pub(crate) text: String,
    /// Its anchor, unique on the page.
    pub(crate) id: String,
    /// Where it starts in the body: what [`assign_ids`] finds it by.
    pub(crate) at: usize,
}

/// What [`super::outline`] found in a body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Outline {
    /// Every heading, in order.
    pub(crate) headings: Vec<Heading>,
    /// The text of the first `# heading`, the title of a page without one.
    pub(crate) h1_title: Option<String>,
    /// True when the body opens with a `# heading`.
    pub(crate) starts_with_h1: bool,
    /// True when that heading repeats the title and is left out of the page.
    pub(crate) title_dropped: bool,
    /// Every `![[...]]` embed, in order: the pages among their targets must be rendered
    /// before this one, and an edit to them renders this one again.
    pub(crate) embeds: Vec<Embed>,
    /// Inline `#tags` of the prose, without `#`, each once, in order.
    pub(crate) tags: Vec<String>,
}

/// An `![[target]]` of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Embed {
    /// What is written between the brackets, before any `|`.
    pub(crate) target: String,
    /// Its byte offset in the body.
    pub(crate) at: usize,
}

impl Outline {
    /// The anchor a link's `#fragment` refers to: an anchor, a heading's text, or text
    /// that slugifies to an anchor, also with `_` written `-` as Zola's anchors have it
    /// (`#get-page` for the heading `get_page`). `None` when the page has no such heading.
    pub(crate) fn find_anchor(&self, fragment: &str) -> Option<&str> {
        let slug = slugify(fragment);
        let dashed = |id: &str| id.replace('_', "-");
        self.headings
            .iter()
            .find(|h| h.id == fragment)
            .or_else(|| {
                self.headings
                    .iter()
                    .find(|h| h.text.eq_ignore_ascii_case(fragment.trim()))
            })
            .or_else(|| self.headings.iter().find(|h| h.id == slug))
            .or_else(|| {
                let slug = dashed(&slug);
                self.headings.iter().find(|h| dashed(&h.id) == slug)
            })
            // GitHub's and mdBook's anchors drop punctuation (`#nodejs-setup` for
            // "Node.js setup") where Playbook's make it a `-`.
            .or_else(|| {
                let wanted = fragment.to_lowercase();
                self.headings
                    .iter()
                    .find(|h| github_anchor(&h.text) == wanted)
            })
            .map(|h| h.id.as_str())
    }
}

/// A heading's anchor as GitHub writes it: lowercase, punctuation dropped, each space a
/// `-` (so "Node.js setup" is `nodejs-setup` and "A -- B" is `a----b`).
fn github_anchor(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// An entry of a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct TocEntry {
    /// Heading level.
    pub(crate) level: u8,
    /// Heading text.
    pub(crate) text: String,
    /// Anchor.
    pub(crate) id: String,
    /// Deeper headings under this one.
    pub(crate) children: Vec<TocEntry>,
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Collects headings and assigns anchors: `{#id}` when given, else the slug of the text,
/// made unique with `-1`, `-2`.
pub(crate) fn outline<'a>(events: impl Iterator<Item = (Event<'a>, Range<usize>)>) -> Outline {
    let mut outline = Outline::default();
    let mut used: HashSet<String> = HashSet::new();
    let mut next_number: std::collections::HashMap<String, usize> =
        std::collections::HashMap::new();
    let mut current: Option<(u8, Option<String>, Vec<Spanned<'a>>, usize)> = None;
    let mut first_block = true;
    // Depth of elements whose text holds no tags (code, links, images).
    let mut hidden = 0usize;
    for (event, range) in events {
        match &event {
            Event::Start(tag) if super::tags::hides_tags(tag) => hidden += 1,
            Event::End(tag) if super::tags::hides_tags_end(tag) => {
                hidden = hidden.saturating_sub(1)
            }
            Event::Text(text) if hidden == 0 && text.contains('#') => {
                for tag in super::tags::find(text) {
                    let name = &text[tag.start + 1..tag.end];
                    if !outline.tags.iter().any(|t| t == name) {
                        outline.tags.push(name.to_string());
                    }
                }
            }
            _ => {}
        }
        if let Event::Start(Tag::Image {
            link_type: LinkType::WikiLink { .. },
            dest_url,
            ..
        }) = &event
        {
            outline.embeds.push(Embed {
                target: dest_url.to_string(),
                at: range.start,
            });
        }
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                if first_block && level == HeadingLevel::H1 {
                    outline.starts_with_h1 = true;
                }
                current = Some((
                    level_number(level),
                    id.map(|i| i.to_string()),
                    Vec::new(),
                    range.start,
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, custom, inner, at)) = current.take() else {
                    continue;
                };
                let text = plain_text(&inner).trim().to_string();
                let base = custom.unwrap_or_else(|| slugify(&text));
                let base = if base.is_empty() {
                    "section".to_string()
                } else {
                    base
                };
                // The next number to try for each base: 20,000 headings of one name take
                // one try each, not a walk past every number taken before.
                let n = next_number.entry(base.clone()).or_insert(0);
                let mut id = base.clone();
                if *n > 0 {
                    id = format!("{base}-{n}");
                }
                while !used.insert(id.clone()) {
                    *n += 1;
                    id = format!("{base}-{n}");
                }
                if level == 1 && outline.h1_title.is_none() && !text.is_empty() {
                    outline.h1_title = Some(text.clone());
                }
                outline.headings.push(Heading {
                    level,
                    text,
                    id,
                    at,
                });
            }
            other => {
                if let Some((_, _, inner, _)) = current.as_mut() {
                    inner.push((other, range));
                }
            }
        }
        first_block = false;
    }
    outline
}

/// Gives every heading event the anchor [`outline`] chose for it, and a `#` link to
/// itself that readers can copy (shown on hover by the theme). A heading the body does
/// not have (from an included file) gets none.
pub(crate) fn assign_ids(events: &mut Vec<Spanned>, outline: &Outline) {
    let mut ids = outline.headings.iter().peekable();
    let mut current: Option<&str> = None;
    let mut out = Vec::with_capacity(events.len() + outline.headings.len());
    for (mut event, range) in events.drain(..) {
        if let Event::Start(Tag::Heading { id, .. }) = &mut event
            && let Some(heading) = ids.next_if(|h| h.at == range.start)
        {
            *id = Some(CowStr::from(heading.id.clone()));
            current = Some(&heading.id);
        }
        if let (Event::End(TagEnd::Heading(_)), Some(id)) = (&event, current) {
            let mut escaped = String::new();
            let _ = pulldown_cmark_escape::escape_html(&mut escaped, id);
            let link = format!(
                " <a class=\"heading-anchor\" href=\"#{escaped}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>"
            );
            out.push((Event::InlineHtml(CowStr::from(link)), range.clone()));
            current = None;
        }
        out.push((event, range));
    }
    *events = out;
}

impl Outline {
    /// Takes the opening `# heading` out of the outline when it repeats `title`: the
    /// template shows the title, so the page would say its name twice, and links to that
    /// heading's anchor would point at nothing. Called once the title is known.
    pub(crate) fn drop_title(&mut self, title: &str) {
        if self.starts_with_h1 && self.headings.first().is_some_and(|h| h.text == title) {
            self.headings.remove(0);
            self.title_dropped = true;
        }
    }
}

/// Removes the opening heading's events when the outline dropped it.
pub(crate) fn drop_title_heading(events: &mut Vec<Spanned>, outline: &Outline) {
    if !outline.title_dropped {
        return;
    }
    let end = events
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
        .map_or(0, |i| i + 1);
    events.drain(..end);
}

/// Nests the headings into a table of contents.
pub(crate) fn toc(outline: &Outline) -> Vec<TocEntry> {
    let mut roots: Vec<TocEntry> = Vec::new();
    for h in &outline.headings {
        let entry = TocEntry {
            level: h.level,
            text: h.text.clone(),
            id: h.id.clone(),
            children: Vec::new(),
        };
        insert(&mut roots, entry);
    }
    roots
}

fn insert(siblings: &mut Vec<TocEntry>, entry: TocEntry) {
    match siblings.last_mut() {
        Some(last) if last.level < entry.level => insert(&mut last.children, entry),
        _ => siblings.push(entry),
    }
}

#[cfg(test)]
mod tests {
    use crate::config::MarkdownConfig;

    #[test]
    fn githubs_anchors_drop_punctuation() {
        assert_eq!(super::github_anchor("Node.js setup"), "nodejs-setup");
        assert_eq!(super::github_anchor("v1.2 notes"), "v12-notes");
        assert_eq!(super::github_anchor("Step 2: Agree"), "step-2-agree");
        let o = outline("# T\n\n## Node.js setup\n");
        assert_eq!(o.find_anchor("nodejs-setup"), Some("node-js-setup"));
    }

    fn outline(md: &str) -> super::Outline {
        crate::markdown::outline(md, &MarkdownConfig::default())
    }

    #[test]
    fn anchors_are_unique_and_respect_custom_ids() {
        let o =
            outline("# Title\n\n## What goes wrong?\n\n## What goes wrong?\n\n## Mine {#own}\n");
        let ids: Vec<&str> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["title", "what-goes-wrong", "what-goes-wrong-1", "own"]
        );
        assert_eq!(o.h1_title.as_deref(), Some("Title"));
        assert!(o.starts_with_h1);
    }

    #[test]
    fn anchors_are_found_by_text_or_id() {
        let o = outline("## Choosing a sponsor\n");
        assert_eq!(
            o.find_anchor("choosing-a-sponsor"),
            Some("choosing-a-sponsor")
        );
        assert_eq!(
            o.find_anchor("Choosing a Sponsor"),
            Some("choosing-a-sponsor")
        );
        assert_eq!(o.find_anchor("missing"), None);
    }

    #[test]
    fn toc_nests_by_level() {
        let o = outline("## A\n### B\n## C\n");
        let toc = super::toc(&o);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children[0].text, "B");
    }
}
