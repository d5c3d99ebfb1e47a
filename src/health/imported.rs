//! What a folder brought from the tools it was written for: the front matter fields
//! Playbook keeps without using (one note a field, for `check`), and a summary by kind of
//! every convention it understood, so an author importing a vault sees what was done.

use std::collections::BTreeMap;

use crate::content::{Site, TitleFrom, frontmatter::UNDERSTOOD};
use crate::diagnostic::{Diagnostic, Position};

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
    for (name, count) in kept {
        lines.push(format!("{count} × field `{name}` kept for templates"));
    }
    lines
}
