//! `SUMMARY.md` at the root of `content/`, as mdBook and GitBook write it: a list of
//! links to the book's pages, in reading order, nested as chapters, each with the title
//! the navigation shows. It is not a page. Its order becomes the pages' weights and its
//! titles their navigation titles; a link to a file that does not exist is an error.

use std::collections::HashMap;

use percent_encoding::percent_decode_str;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::folders::folder_of;
use super::walk::RawFile;
use super::{Doc, TitleFrom};
use crate::diagnostic::{Diagnostic, LineIndex, did_you_mean, nearest};

/// The summary's file name, at the root of `content/`.
pub(crate) const FILE: &str = "SUMMARY.md";

/// One entry: where it links, the title it gives, and where it is written.
struct Entry {
    target: String,
    label: String,
    offset: usize,
}

/// Orders and names `docs` as `file` says, and reports its links to nothing; says what
/// it did, for `check`'s summary.
pub(crate) fn apply(
    file: RawFile,
    docs: &mut [Doc],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let text = super::normalize(String::from_utf8_lossy(&file.bytes).into_owned());
    let lines = LineIndex::new(&text);
    let by_path: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(id, d)| (d.rel_path.as_str(), id))
        .collect();
    let by_folder: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.is_section_index)
        .map(|(id, d)| (folder_of(&d.rel_path), id))
        .collect();
    let content = file
        .path
        .parent()
        .unwrap_or(std::path::Path::new(""))
        .to_path_buf();
    let mut order: Vec<(usize, String)> = Vec::new();
    for entry in entries(&text) {
        let path = entry
            .target
            .trim_start_matches("./")
            .trim_start_matches('/');
        let found = by_path
            .get(path)
            .or_else(|| by_folder.get(path.trim_end_matches('/')));
        match found {
            Some(&id) if !order.iter().any(|(o, _)| *o == id) => order.push((id, entry.label)),
            Some(_) => {}
            // A file that is there but is no page (an image, a folder without a page,
            // SUMMARY.md itself) has nothing to order.
            None if !path.split('/').any(|p| p == "..") && content.join(path).exists() => {}
            None => {
                let paths = docs.iter().map(|d| d.rel_path.as_str());
                let help = did_you_mean(&nearest(path, paths, 1), ("`", "`"))
                    .unwrap_or_else(|| "remove the entry, or write the page".to_string());
                diagnostics.push(
                    Diagnostic::error(
                        &file.path,
                        lines.position(&text, entry.offset),
                        format!("{FILE} lists `{}`, which does not exist", entry.target),
                    )
                    .with_help(help),
                );
            }
        }
    }
    let listed = order.len() as i64;
    let said = (listed > 0).then(|| {
        format!(
            "{FILE} orders and names {listed} {}; it is not a page",
            if listed == 1 { "page" } else { "pages" }
        )
    });
    for doc in docs.iter_mut() {
        // Pages the summary leaves out come after those it lists, in their own order.
        doc.weight = doc.weight.map(|w| listed + 1 + w.max(0));
    }
    for (position, (id, label)) in order.into_iter().enumerate() {
        let doc = &mut docs[id];
        doc.weight = Some(position as i64 + 1);
        doc.summary_order = doc.weight;
        if label.is_empty() {
            continue;
        }
        if doc.title_from == TitleFrom::FileName {
            doc.title = label.clone();
        }
        doc.nav_title = Some(label);
    }
    said
}

/// The links of the summary, in order, with their text; a link with no target (an
/// mdBook draft chapter, `[Later]()`) is left out.
fn entries(text: &str) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut open: Option<Entry> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let target = dest_url.split('#').next().unwrap_or_default();
                open = Some(Entry {
                    target: percent_decode_str(target).decode_utf8_lossy().into_owned(),
                    label: String::new(),
                    offset: range.start,
                });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(entry) = &mut open {
                    entry.label.push_str(&t);
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some(mut entry) = open.take().filter(|e| !e.target.is_empty()) {
                    entry.label = entry.label.trim().to_string();
                    if !entry.target.contains("://") && !entry.target.starts_with("mailto:") {
                        entries.push(entry);
                    }
                }
            }
            _ => {}
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_the_links_in_order_without_drafts_or_fragments() {
        let text = "# Summary\n\n[Intro](README.md)\n\n- [One](one.md)\n  - [A `b`](sub/a%20b.md#x)\n- [Later]()\n\n# Part\n\n- [Two](./two/)\n- [Site](https://example.org)\n";
        let got: Vec<(String, String)> = entries(text)
            .into_iter()
            .map(|e| (e.target, e.label))
            .collect();
        let want = [
            ("README.md", "Intro"),
            ("one.md", "One"),
            ("sub/a b.md", "A b"),
            ("./two/", "Two"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want);
    }
}
