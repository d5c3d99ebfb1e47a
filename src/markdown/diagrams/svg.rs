//! Making a drawn SVG fit to inline in a page beside others: its ids scoped to the diagram,
//! and a check that it cannot run script.

use std::collections::HashSet;

/// Gives every id of `svg` that does not already carry `scope` the prefix `scope-`, and
/// rewrites the references to it (`url(#id)`, `href="#id"`): merman scopes its markers and
/// styles, but names nodes and edges as the author did (`A`, `L_A_B_0`), and two diagrams
/// of a page would share those. An id merman repeats within one diagram (a mindmap node
/// and its text) gets a suffix: an id names one element of the page. One pass, since a
/// large diagram has thousands of ids.
pub(crate) fn scope_ids(svg: &str, scope: &str) -> String {
    const REFERENCES: [(&str, char); 3] = [(" id=\"", '"'), ("url(#", ')'), ("href=\"#", '"')];
    let mut seen: HashSet<&str> = HashSet::new();
    let mut out = String::with_capacity(svg.len() + svg.len() / 8);
    let (mut copied, mut at) = (0, 0);
    while let Some(found) = svg[at..].find([' ', 'u', 'h']) {
        at += found;
        let Some((open, close)) = REFERENCES
            .iter()
            .find(|(open, _)| svg[at..].starts_with(open))
        else {
            at += 1;
            continue;
        };
        let start = at + open.len();
        let Some(len) = svg[start..].find(*close) else {
            break;
        };
        let id = &svg[start..start + len];
        out.push_str(&svg[copied..start]);
        if !id.contains(scope) {
            out.push_str(scope);
            out.push('-');
        }
        out.push_str(id);
        if *open == " id=\"" && !seen.insert(id) {
            out.push_str(&format!("-{}", seen.len()));
        }
        (copied, at) = (start + len, start + len);
    }
    out.push_str(&svg[copied..]);
    out
}

/// Attributes merman writes that SVG does not define on their element, which the HTML
/// checker rejects and browsers ignore: `name` on shapes, `viewBox` on a path, a circle's
/// `width` and `height` (it has `r`).
const UNDEFINED: [(&str, &[&str]); 4] = [
    ("rect", &["name"]),
    ("line", &["name"]),
    ("path", &["viewBox"]),
    ("circle", &["width", "height"]),
];

/// `svg` without the attributes of [`UNDEFINED`]. Values are quoted, so a tag ends at
/// the first `>` outside quotes.
pub(crate) fn drop_undefined_attributes(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let name_len = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len() - 1);
        let name = &rest[1..1 + name_len];
        let Some(drop) = UNDEFINED.iter().find(|(n, _)| *n == name).map(|(_, a)| *a) else {
            out.push('<');
            rest = &rest[1..];
            continue;
        };
        out.push_str(&rest[..1 + name_len]);
        rest = &rest[1 + name_len..];
        // Attributes up to the end of the tag.
        loop {
            let trimmed = rest.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('>') || trimmed.starts_with("/>") {
                break;
            }
            let space = &rest[..rest.len() - trimmed.len()];
            let key_len = trimmed.find(['=', ' ', '>', '/']).unwrap_or(trimmed.len());
            let key = &trimmed[..key_len];
            let mut len = key_len;
            if trimmed[key_len..].starts_with("=\"") || trimmed[key_len..].starts_with("='") {
                let quote = &trimmed[key_len + 1..key_len + 2];
                let value = trimmed[key_len + 2..]
                    .find(quote)
                    .map_or(trimmed.len() - key_len - 2, |v| v + 1);
                len = key_len + 2 + value;
            }
            if !drop.contains(&key) {
                out.push_str(space);
                out.push_str(&trimmed[..len]);
            }
            rest = &trimmed[len..];
            if len == 0 {
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Keeps a wide diagram readable on a narrow screen: its root gets a `min-width` of 55% of
/// the width merman drew it at (its `max-width`), below which the figure scrolls instead.
pub(crate) fn keep_readable(svg: &str) -> String {
    let head = &svg[..svg.find('>').unwrap_or(0)];
    let width = head
        .split_once("max-width: ")
        .and_then(|(_, rest)| rest.split_once("px"))
        .and_then(|(w, _)| w.parse::<f64>().ok());
    match width {
        Some(w) if w.is_finite() && w > 0.0 => {
            let min = format!("max-width: {}px; min-width: {:.0}px", w, w * 0.55);
            svg.replacen(&format!("max-width: {w}px"), &min, 1)
        }
        _ => svg.to_string(),
    }
}

/// Whether `svg` is free of what could run: script, event handlers, frames, `javascript:`
/// links. merman escapes labels; this holds even if a future version does not.
pub(crate) fn is_inert(svg: &str) -> bool {
    let lower = svg.to_ascii_lowercase();
    let tag = |name: &str| lower.contains(&format!("<{name}"));
    let handler = lower.match_indices(" on").any(|(at, _)| {
        lower[at + 3..]
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .starts_with('=')
    });
    !(tag("script")
        || tag("iframe")
        || tag("object")
        || tag("embed")
        || handler
        || lower.contains("javascript:"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_scoped_and_references_follow() {
        let svg = r##"<svg id="d1"><marker id="d1-arrow"/><g id="A"></g><path marker-end="url(#A)"/><use href="#A"/><g id="A"></g></svg>"##;
        assert_eq!(
            scope_ids(svg, "d1"),
            r##"<svg id="d1"><marker id="d1-arrow"/><g id="d1-A"></g><path marker-end="url(#d1-A)"/><use href="#d1-A"/><g id="d1-A-3"></g></svg>"##
        );
    }

    #[test]
    fn attributes_svg_does_not_define_are_dropped() {
        let svg = r#"<svg><rect name="a" x="1"/><line name='b' x1="2"></line><path d="M0" viewBox="0 0 1 1"/><circle r="2" width="4" height="4"/><text name="keep">a > b</text></svg>"#;
        assert_eq!(
            drop_undefined_attributes(svg),
            r#"<svg><rect x="1"/><line x1="2"></line><path d="M0"/><circle r="2"/><text name="keep">a > b</text></svg>"#
        );
    }

    #[test]
    fn script_handlers_and_links_are_not_inert() {
        assert!(is_inert(
            r#"<svg><text>on the way = fine</text><g class="node"></g></svg>"#
        ));
        assert!(!is_inert(r#"<svg><script>alert(1)</script></svg>"#));
        assert!(!is_inert(r#"<svg><image onload="x()"/></svg>"#));
        assert!(!is_inert(r#"<svg><a href="javascript:x()">x</a></svg>"#));
    }
}
