//! Directives of other tools, understood so their books build as they are:
//!
//! - GitBook's `{% hint style="info" %}` … `{% endhint %}` becomes a callout of that style
//!   (`info`, `success`, `warning`, `danger`). Each marker line splits its paragraph, so a
//!   hint written with or without blank lines around its text reads the same.
//! - mdBook's `{{#include file}}` (also `{{#rustdoc_include}}`) puts a file's text in
//!   place: in a code block as code, elsewhere as markdown. `file:5` is line 5,
//!   `file:5:10`, `file::10` and `file:5:` are line ranges, and `file:name` is the text
//!   between the lines `ANCHOR: name` and `ANCHOR_END: name`. The path is relative to the
//!   page and must stay inside the site's folder.

use std::path::{Path, PathBuf};

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

use super::embeds::drop_empty_paragraphs;
use super::{Spanned, merge_text, options};
use crate::content::Doc;
use crate::diagnostic::Diagnostic;

/// Replaces GitBook hint markers with callout boxes.
pub(crate) fn hints(events: &mut Vec<Spanned>, doc: &Doc, diagnostics: &mut Vec<Diagnostic>) {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Text(t) if t.contains("{%")))
    {
        return;
    }
    let mut out: Vec<Spanned> = Vec::with_capacity(events.len());
    let mut open: Vec<usize> = Vec::new();
    let mut in_paragraph = false;
    // The line break after a marker goes with it.
    let mut after_marker = false;
    for (event, range) in events.drain(..) {
        match &event {
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) => in_paragraph = false,
            Event::SoftBreak | Event::HardBreak if after_marker => {
                after_marker = false;
                continue;
            }
            _ => {}
        }
        after_marker = false;
        // A raw HTML block swallows the lines after it up to a blank line, markers too.
        if let Event::Html(html) = &event
            && html.lines().any(|line| marker(line.trim()).is_some())
        {
            let mut chunk = String::new();
            for line in html.split_inclusive('\n') {
                match marker(line.trim()) {
                    Some(m) => {
                        let piece = std::mem::take(&mut chunk);
                        out.push((Event::Html(CowStr::from(piece)), range.clone()));
                        if let Some(html) = marker_html(m, range.start, &mut open, doc, diagnostics)
                        {
                            out.push((Event::Html(CowStr::from(html)), range.clone()));
                        }
                    }
                    None => chunk.push_str(line),
                }
            }
            out.push((Event::Html(CowStr::from(chunk)), range));
            continue;
        }
        let marker = match &event {
            Event::Text(text) => marker(text.trim()),
            _ => None,
        };
        let Some(marker) = marker else {
            out.push((event, range));
            continue;
        };
        let Some(html) = marker_html(marker, range.start, &mut open, doc, diagnostics) else {
            continue;
        };
        // The marker's line leaves its paragraph: close it, and open the rest again.
        if in_paragraph {
            while matches!(out.last(), Some((Event::SoftBreak | Event::HardBreak, _))) {
                out.pop();
            }
            out.push((Event::End(TagEnd::Paragraph), range.clone()));
        }
        out.push((Event::Html(CowStr::from(html)), range.clone()));
        if in_paragraph {
            out.push((Event::Start(Tag::Paragraph), range));
        }
        after_marker = true;
    }
    for at in open {
        diagnostics.push(
            Diagnostic::warning(
                &doc.path,
                doc.body_position(at),
                "this `{% hint %}` is never closed",
            )
            .with_help("end the hint with a line `{% endhint %}`"),
        );
        out.push((Event::Html(CowStr::Borrowed("</div>\n")), at..at));
    }
    drop_empty_paragraphs(&mut out);
    *events = out;
}

enum Marker {
    Open(String),
    Close,
}

/// The HTML a marker at byte `at` stands for; `None` for an `endhint` that closes
/// nothing, a warning. `open` holds where each open hint starts.
fn marker_html(
    marker: Marker,
    at: usize,
    open: &mut Vec<usize>,
    doc: &Doc,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    match marker {
        Marker::Open(style) => {
            open.push(at);
            let kind = match style.as_str() {
                "success" | "warning" | "danger" => style.as_str(),
                _ => "info",
            };
            let mut title = kind.to_string();
            title[..1].make_ascii_uppercase();
            Some(format!(
                "<div class=\"callout callout-{kind}\" data-callout=\"hint\" role=\"note\">\n<p class=\"callout-title\">{title}</p>\n"
            ))
        }
        Marker::Close if open.pop().is_some() => Some("</div>\n".to_string()),
        Marker::Close => {
            diagnostics.push(
                Diagnostic::warning(
                    &doc.path,
                    doc.body_position(at),
                    "this `{% endhint %}` closes no `{% hint %}`",
                )
                .with_help("remove it, or open the hint above with `{% hint style=\"info\" %}`"),
            );
            None
        }
    }
}

/// `{% hint style="x" %}` or `{% endhint %}`, the whole of a line.
fn marker(line: &str) -> Option<Marker> {
    let inner = line.strip_prefix("{%")?.strip_suffix("%}")?.trim();
    if inner == "endhint" {
        return Some(Marker::Close);
    }
    let rest = inner.strip_prefix("hint")?.trim();
    let style = rest
        .strip_prefix("style=")
        .map(|s| {
            s.trim_matches(['"', '\'', '“', '”', '‘', '’'])
                .to_ascii_lowercase()
        })
        .unwrap_or_else(|| "info".to_string());
    (rest.is_empty() || rest.starts_with("style=")).then_some(Marker::Open(style))
}

/// Puts the files named by `{{#include …}}` in place. Every file a directive names, read
/// or not (it may be created later), goes to `named`, so `serve` can watch it.
pub(crate) fn includes<'a>(
    events: &mut Vec<Spanned<'a>>,
    doc: &Doc,
    root: &Path,
    config: &crate::config::MarkdownConfig,
    diagnostics: &mut Vec<Diagnostic>,
    named: &mut Vec<PathBuf>,
) {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Text(t) | Event::Code(t) if t.contains("{{#")))
    {
        return;
    }
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    let mut in_code = false;
    let mut in_paragraph = false;
    for (event, range) in events.drain(..) {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) => in_paragraph = false,
            _ => {}
        }
        // mdBook shows any directive written `\{{#…}}` without its backslash.
        if let Event::Code(code) = &event
            && code.contains("\\{{#")
        {
            let shown = code.replace("\\{{#", "{{#");
            out.push((Event::Code(CowStr::from(shown)), range));
            continue;
        }
        let Event::Text(text) = &event else {
            out.push((event, range));
            continue;
        };
        if !text.contains("{{#") {
            out.push((event, range));
            continue;
        }
        let source = doc.body().get(range.clone()).unwrap_or_default();
        let mut expanded = String::with_capacity(text.len());
        let mut rest: &str = text;
        while let Some(at) = rest.find("{{#") {
            let Some(end) = rest[at..].find("}}").map(|e| at + e) else {
                break;
            };
            // `\{{#include …}}` is the directive written out, as mdBook shows it. In
            // prose the parser has taken the backslash; the source still has it.
            let escaped = rest[..at].ends_with('\\')
                || (!in_code && source.contains(&format!("\\{}", &rest[at..end + 2])));
            if escaped {
                expanded.push_str(rest[..at].strip_suffix('\\').unwrap_or(&rest[..at]));
                expanded.push_str(&rest[at..end + 2]);
                rest = &rest[end + 2..];
                continue;
            }
            let directive = rest[at + 3..end].trim();
            let spec = directive
                .strip_prefix("include ")
                .or_else(|| directive.strip_prefix("rustdoc_include "));
            expanded.push_str(&rest[..at]);
            match spec {
                Some(spec) => match read_part(doc, root, spec.trim(), named) {
                    Ok(part) => expanded.push_str(&part),
                    Err(help) => {
                        let offset = range.start + text.find(&rest[at..end]).unwrap_or(0);
                        diagnostics.push(
                            Diagnostic::error(
                                &doc.path,
                                doc.body_position(offset),
                                format!("`{{{{#include {}}}}}` cannot be read", spec.trim()),
                            )
                            .with_help(help),
                        );
                    }
                },
                None => expanded.push_str(&rest[at..end + 2]),
            }
            rest = &rest[end + 2..];
        }
        expanded.push_str(rest);
        if in_code {
            out.push((Event::Text(CowStr::from(expanded)), range));
            continue;
        }
        // Outside code, the file is markdown: its blocks replace the paragraph's text.
        let mut parsed: Vec<Spanned<'a>> = Parser::new_ext(&expanded, options(config))
            .map(|e| (e.into_static(), range.clone()))
            .collect();
        merge_text(&mut parsed);
        let paragraphs = parsed
            .iter()
            .filter(|(e, _)| {
                matches!(e, Event::Start(_)) && !matches!(e, Event::Start(Tag::Paragraph))
            })
            .count();
        let one_paragraph = paragraphs == 0
            && matches!(parsed.first(), Some((Event::Start(Tag::Paragraph), _)))
            && parsed
                .iter()
                .filter(|(e, _)| matches!(e, Event::Start(Tag::Paragraph)))
                .count()
                == 1;
        if one_paragraph {
            // Inline text stays in its paragraph.
            let inner = parsed.len() - 1;
            out.extend(parsed.drain(1..inner));
        } else if in_paragraph {
            out.push((Event::End(TagEnd::Paragraph), range.clone()));
            out.append(&mut parsed);
            out.push((Event::Start(Tag::Paragraph), range));
        } else {
            out.append(&mut parsed);
        }
    }
    drop_empty_paragraphs(&mut out);
    *events = out;
}

/// The text `spec` (`path`, `path:5:10`, `path:anchor`) names, or the help for an error.
/// The file's path goes to `named`, by its folder's canonical path (as a watcher reports
/// it), when that folder exists.
fn read_part(
    doc: &Doc,
    root: &Path,
    spec: &str,
    named: &mut Vec<PathBuf>,
) -> Result<String, String> {
    let (path, selector) = match spec.split_once(':') {
        Some((path, selector)) => (path, Some(selector)),
        None => (spec, None),
    };
    let dir = doc.rel_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let file = crate::config::in_site(root, "content").join(dir).join(path);
    if let (Some(Ok(folder)), Some(name)) =
        (file.parent().map(Path::canonicalize), file.file_name())
    {
        named.push(folder.join(name));
    }
    let inside = match (file.canonicalize(), root.canonicalize()) {
        (Ok(file), Ok(root)) => file.starts_with(root),
        _ => return Err(format!("there is no file {} beside this page", path)),
    };
    if !inside || !file.is_file() {
        return Err(format!(
            "{path} is not a file inside the site's folder; include only those"
        ));
    }
    let text = std::fs::read_to_string(&file)
        .map_err(|e| format!("{path} cannot be read as text: {e}"))?;
    let lines: Vec<&str> = text.lines().collect();
    let Some(selector) = selector.filter(|s| !s.is_empty()) else {
        return Ok(text);
    };
    let number = |s: &str| s.trim().parse::<usize>().ok();
    let part: Vec<&str> = match selector.split_once(':') {
        // `a:b`, `:b`, `a:` — line ranges, from 1, inclusive.
        Some((a, b)) => {
            let from = if a.is_empty() {
                1
            } else {
                number(a).ok_or("write line numbers, e.g. `file.rs:2:10`")?
            };
            let to = if b.is_empty() {
                lines.len()
            } else {
                number(b).ok_or("write line numbers, e.g. `file.rs:2:10`")?
            };
            lines
                .iter()
                .skip(from.saturating_sub(1))
                .take((to + 1).saturating_sub(from.max(1)))
                .copied()
                .collect()
        }
        None => match number(selector) {
            Some(line) => lines
                .get(line.saturating_sub(1))
                .copied()
                .into_iter()
                .collect(),
            None => anchored(&lines, selector).ok_or_else(|| {
                format!("{path} has no lines `ANCHOR: {selector}` … `ANCHOR_END: {selector}`")
            })?,
        },
    };
    Ok(part.join("\n"))
}

/// The lines between `ANCHOR: name` and `ANCHOR_END: name`, other anchor lines left out.
fn anchored<'t>(lines: &[&'t str], name: &str) -> Option<Vec<&'t str>> {
    let is = |line: &str, word: &str| {
        line.find(word).is_some_and(|at| {
            line[at + word.len()..]
                .trim()
                .trim_end_matches("*/")
                .trim()
                .trim_end_matches("-->")
                .trim()
                == name
        })
    };
    let start = lines.iter().position(|l| is(l, "ANCHOR:"))?;
    let end = start
        + 1
        + lines[start + 1..]
            .iter()
            .position(|l| is(l, "ANCHOR_END:"))?;
    Some(
        lines[start + 1..end]
            .iter()
            .filter(|l| !l.contains("ANCHOR:") && !l.contains("ANCHOR_END:"))
            .copied()
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::anchored;

    #[test]
    fn anchors_name_the_lines_between_them() {
        let lines = [
            "a",
            "// ANCHOR: part",
            "b",
            "// ANCHOR: other",
            "c",
            "// ANCHOR_END: part",
            "d",
        ];
        assert_eq!(anchored(&lines, "part"), Some(vec!["b", "c"]));
        assert_eq!(anchored(&lines, "none"), None);
    }
}
