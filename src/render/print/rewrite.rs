//! A page's body made part of the print page, with lol_html (a streaming HTML rewriter,
//! so attributes are changed without a hand-written scan of the markup):
//!
//! - every id gets its page's anchor in front (`tips-build-trust--why-it-matters`), so
//!   two pages' `#why-it-matters` stay apart, and so do the attributes naming ids
//!   (`href="#…"`, `aria-describedby`, `for`, …);
//! - a link to a page of the book goes to its place in the document, to the heading's
//!   id when it names one;
//! - any other relative URL (a tag's page, a file, the health page) is resolved from the
//!   page it was written for and written again from `print/`.
//!
//! Inside a diagram's `<svg>` nothing changes: the page stage already gave its ids a
//! prefix unique in the site (`mermaid-12-1`), and its own styles name them.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use lol_html::html_content::Element;
use lol_html::{RewriteStrSettings, element, end_tag, rewrite_str};
use percent_encoding::percent_decode_str;

use crate::graph::resolve::is_external;
use crate::graph::{PRINT_URL, relative_url, site_path_of};

/// Attributes whose value is a list of ids of the same page.
const ID_LISTS: [&str; 5] = [
    "aria-describedby",
    "aria-labelledby",
    "aria-controls",
    "for",
    "headers",
];

/// Attributes whose value is a URL.
const URLS: [&str; 3] = ["href", "src", "poster"];

/// Where each chapter is and what ids it has, for rewriting any one of them.
pub(super) struct Book<'b> {
    /// Site URL of each chapter's page or section to its number in reading order.
    pub(super) places: &'b HashMap<&'b str, usize>,
    /// Each chapter's anchor.
    pub(super) anchors: &'b [String],
    /// Each chapter's own ids, as its page has them.
    pub(super) ids: &'b [HashSet<String>],
}

/// Runs `visit` on every element of `html` outside an `<svg>`; returns the HTML with
/// what `visit` changed. A body lol_html cannot read comes back as it was.
fn each_element(html: &str, mut visit: impl FnMut(&mut Element)) -> String {
    let svg_depth = Rc::new(Cell::new(0usize));
    let settings = RewriteStrSettings::new()
        .with_strict(false)
        .with_enable_esi_tags(false)
        .append_element_content_handler(element!("*", |el| {
            if el.tag_name() == "svg" {
                svg_depth.set(svg_depth.get() + 1);
                let depth = Rc::clone(&svg_depth);
                let closed = el.on_end_tag(end_tag!(move |_| {
                    depth.set(depth.get().saturating_sub(1));
                    Ok(())
                }));
                if closed.is_err() {
                    svg_depth.set(svg_depth.get() - 1);
                }
            } else if svg_depth.get() == 0 {
                visit(el);
            }
            Ok(())
        }));
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// The ids of a page's body, outside its diagrams.
pub(super) fn ids(html: &str) -> HashSet<String> {
    let mut found = HashSet::new();
    each_element(html, |el| {
        if let Some(id) = el.get_attribute("id") {
            found.insert(id);
        }
    });
    found
}

impl Book<'_> {
    /// The body of chapter `chapter` (the page at site URL `url`), made part of the book.
    pub(super) fn rewrite(&self, chapter: usize, url: &str, html: &str) -> String {
        let anchor = &self.anchors[chapter];
        let own = &self.ids[chapter];
        each_element(html, |el| {
            if let Some(id) = el.get_attribute("id") {
                let _ = el.set_attribute("id", &format!("{anchor}--{id}"));
            }
            for name in ID_LISTS {
                let Some(list) = el.get_attribute(name) else {
                    continue;
                };
                let prefixed: Vec<String> = list
                    .split_ascii_whitespace()
                    .map(|id| match own.contains(id) {
                        true => format!("{anchor}--{id}"),
                        false => id.to_string(),
                    })
                    .collect();
                let _ = el.set_attribute(name, &prefixed.join(" "));
            }
            for name in URLS {
                if let Some(new) = el
                    .get_attribute(name)
                    .and_then(|value| self.url(chapter, url, &value))
                {
                    let _ = el.set_attribute(name, &new);
                }
            }
        })
    }

    /// `value`, written on chapter `chapter` (at site URL `url`), as the print page must
    /// write it; `None` when it stays as it is (another site, a path from the root).
    fn url(&self, chapter: usize, url: &str, value: &str) -> Option<String> {
        if let Some(fragment) = value.strip_prefix('#') {
            return Some(self.place(chapter, Some(fragment)));
        }
        if value.starts_with('/') || is_external(value) {
            return None;
        }
        let (path, fragment) = site_path_of(value, url)?;
        if let Some(&target) = self.places.get(path.as_str()) {
            return Some(self.place(target, fragment));
        }
        // Home without a page of its own is the cover.
        if path.is_empty() {
            return Some("#cover".to_string());
        }
        let mut out = relative_url(PRINT_URL, &path);
        if let Some(fragment) = fragment {
            out.push('#');
            out.push_str(fragment);
        }
        Some(out)
    }

    /// `#anchor` of chapter `target`, or of its element with id `fragment` (as written,
    /// percent-encoded or not) when it has one.
    fn place(&self, target: usize, fragment: Option<&str>) -> String {
        let anchor = &self.anchors[target];
        let names_id =
            |f: &str| self.ids[target].contains(percent_decode_str(f).decode_utf8_lossy().as_ref());
        match fragment {
            Some(f) if names_id(f) => format!("#{anchor}--{f}"),
            _ => format!("#{anchor}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book<'b>(
        places: &'b HashMap<&'b str, usize>,
        anchors: &'b [String],
        ids: &'b [HashSet<String>],
    ) -> Book<'b> {
        Book {
            places,
            anchors,
            ids,
        }
    }

    #[test]
    fn ids_and_links_are_rewritten_for_the_book() {
        let places = HashMap::from([("tips/a/", 0), ("tips/b/", 1)]);
        let anchors = ["tips-a".to_string(), "tips-b".to_string()];
        let ids = [
            HashSet::from(["why".to_string(), "fn-1".to_string()]),
            HashSet::from(["how".to_string()]),
        ];
        let book = book(&places, &anchors, &ids);
        let html = r##"<h2 id="why">Why</h2><a href="#why">#</a><a href="../b/#how">b</a><a href="../b/#gone">b</a><sup><a href="#fn-1" aria-describedby="fn-1 other">1</a></sup><a href="../../tags/x/">x</a><img src="../img/p.png" alt=""><a href="https://example.org/">e</a><a href="../../">home</a>"##;
        let out = book.rewrite(0, "tips/a/", html);
        assert_eq!(
            out,
            r##"<h2 id="tips-a--why">Why</h2><a href="#tips-a--why">#</a><a href="#tips-b--how">b</a><a href="#tips-b">b</a><sup><a href="#tips-a--fn-1" aria-describedby="tips-a--fn-1 other">1</a></sup><a href="../tags/x/">x</a><img src="../tips/img/p.png" alt=""><a href="https://example.org/">e</a><a href="#cover">home</a>"##
        );
    }

    #[test]
    fn a_diagram_keeps_its_ids() {
        let svg = r##"<figure id="f"><svg id="mermaid-1-1"><g id="mermaid-1-1-a"></g><use href="#mermaid-1-1-a"/></svg><p id="after"></p></figure>"##;
        assert_eq!(
            ids(svg),
            HashSet::from(["f".to_string(), "after".to_string()])
        );
        let places = HashMap::new();
        let anchors = ["x".to_string()];
        let ids = [HashSet::new()];
        let out = book(&places, &anchors, &ids).rewrite(0, "x/", svg);
        assert_eq!(
            out,
            r##"<figure id="x--f"><svg id="mermaid-1-1"><g id="mermaid-1-1-a"></g><use href="#mermaid-1-1-a"/></svg><p id="x--after"></p></figure>"##
        );
    }
}
