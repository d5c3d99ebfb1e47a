//! What a folder brought from the tools it was written for: the front matter fields
//! Playbook keeps without using (one note a field, for `check`), and a summary by kind of
//! every convention it understood, so an author importing a vault sees what was done.

use std::collections::BTreeMap;

use crate::content::{Site, TitleFrom, frontmatter::UNDERSTOOD};
use crate::diagnostic::{Diagnostic, Position};

/// How many kept fields the summary names.
const SHOWN: usize = 6;

/// One note per front matter field name Playbook does not know, at its first use.
pub(crate) fn kept_fields(site: &Site) -> Vec<Diagnostic> {
    let mut fields: BTreeMap<&str, (usize, &std::path::Path, Position)> = BTreeMap::new();
    for doc in &site.docs {
        for (name, pos) in &doc.meta.kept {
            fields
                .entry(name.as_str())
                .and_modify(|(count, _, _)| *count += 1)
                .or_insert((1, &doc.path, *pos));
        }
    }
    fields
        .into_iter()
        .map(|(name, (count, path, pos))| {
            let pages = match count {
                1 => "this page".to_string(),
                n => format!("{n} pages"),
            };
            Diagnostic::note(
                path,
                pos,
                format!("field `{name}` is not one Playbook uses: kept for templates ({pages})"),
            )
            .with_help(format!(
                "a template reads it as `page.extra.{name}`; nothing else is done with it"
            ))
        })
        .collect()
}

/// A line for each convention of another tool the site relies on, with how often.
pub(crate) fn summary(site: &Site) -> Vec<String> {
    let mut lines = Vec::new();
    let by_file_name = site
        .docs
        .iter()
        .filter(|d| !d.is_section_index && d.title_from == TitleFrom::FileName)
        .count();
    if by_file_name > 0 {
        lines.push(format!(
            "{by_file_name} {} {} title from the file name",
            if by_file_name == 1 { "page" } else { "pages" },
            if by_file_name == 1 {
                "takes its"
            } else {
                "take their"
            },
        ));
    }
    let mut folder_pages: BTreeMap<&str, usize> = BTreeMap::new();
    for doc in site.docs.iter().filter(|d| d.is_section_index) {
        let name = doc.rel_path.rsplit('/').next().unwrap_or_default();
        let kind = match name {
            "_index.md" => continue,
            "index.md" => "`index.md`",
            _ if name.eq_ignore_ascii_case("readme.md") => "`README.md`",
            _ if doc.meta.permalink.is_some() => "a note whose `permalink` is the folder's address",
            _ => "a note beside the folder with its name (a folder note)",
        };
        *folder_pages.entry(kind).or_default() += 1;
    }
    for (kind, count) in folder_pages {
        let folders = if count == 1 {
            "folder takes its"
        } else {
            "folders take their"
        };
        lines.push(format!("{count} {folders} page from {kind}"));
    }
    lines.extend(site.imported.iter().cloned());
    let mut understood: BTreeMap<&str, usize> = BTreeMap::new();
    let mut kept: BTreeMap<&str, usize> = BTreeMap::new();
    for doc in &site.docs {
        for name in &doc.meta.understood {
            *understood.entry(name).or_default() += 1;
        }
        for (name, _) in &doc.meta.kept {
            *kept.entry(name.as_str()).or_default() += 1;
        }
    }
    for (name, count) in understood {
        let meaning = UNDERSTOOD
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, m)| m);
        lines.push(format!("{count} × field `{name}` understood: {meaning}"));
    }
    if !kept.is_empty() {
        // The most used first; each has its note above, so a long tail is only counted.
        let mut kept: Vec<(&str, usize)> = kept.into_iter().collect();
        kept.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut shown: Vec<String> = kept
            .iter()
            .take(SHOWN)
            .map(|(name, count)| format!("`{name}` ×{count}"))
            .collect();
        if kept.len() > SHOWN {
            shown.push(format!("{} more", kept.len() - SHOWN));
        }
        lines.push(format!(
            "{} other {} kept for templates (a note each): {}",
            kept.len(),
            if kept.len() == 1 { "field" } else { "fields" },
            shown.join(", ")
        ));
    }
    lines
}
