//! Mermaid diagrams: drawn at build time into the page, or shown as code with a warning.

mod common;

use std::collections::HashSet;

use common::{Page, TestSite, find};
use scraper::Selector;

/// How many elements of `page` match `css`.
fn count(page: &Page, css: &str) -> usize {
    let selector = Selector::parse(css).expect("selector");
    page.html.select(&selector).count()
}

#[test]
fn mermaid_blocks_become_inline_svg_with_ids_unique_across_the_page() {
    let site = TestSite::fixture("basic");
    site.build();
    let page = site.page("guides/first-guide/index.html");
    assert_eq!(
        count(&page, "figure.diagram > svg"),
        9,
        "every diagram is drawn"
    );
    assert_eq!(
        count(&page, "pre code.language-mermaid"),
        0,
        "no diagram is left as code"
    );
    let ids = page.attrs("[id]", "id");
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
    let labels = page.attrs("figure.diagram", "aria-label");
    assert_eq!(labels[0], "Partnership stages");
    assert_eq!(labels[1], "The quarterly review");
    assert_eq!(labels[2], "Diagram");
    assert!(
        page.attrs("figure.diagram", "role")
            .iter()
            .all(|r| r == "img")
    );
}

#[test]
fn a_broken_diagram_is_shown_as_code_and_warned_about_at_its_line() {
    let site = TestSite::empty()
        .file("content/index.md", "# Home\n\nText.\n\n```mermaid\nflowchart LR\n  A --> B\n```\n\n```mermaid\nflowchart LR\n  A -->\n```\n");
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 0, "a diagram never fails the build: {diags:?}");
    let warning = find(&diags, "mermaid diagram not drawn");
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["path"], "content/index.md");
    let line = warning["line"].as_u64().unwrap_or(0);
    assert!(
        (10..=13).contains(&line),
        "line {line} is not in the broken block: {warning}"
    );
    let page = site.page("index.html");
    assert_eq!(count(&page, "figure.diagram > svg"), 1);
    assert_eq!(
        page.texts("pre code.language-mermaid"),
        ["flowchart LR A -->"]
    );
}

/// A diagram in an embedded note is drawn in the embedding page too, each copy with ids
/// of its own; a broken one is reported once, at its own line in its own note.
#[test]
fn diagrams_in_embedded_notes_are_drawn_with_ids_unique_on_the_page() {
    let site = TestSite::empty()
        .file(
            "content/flow.md",
            "# Flow

## Steps

```mermaid
flowchart LR
  A --> B
```

## Broken

```mermaid
flowchart LR
  A -->
```
",
        )
        .file(
            "content/index.md",
            "# Home

```mermaid
flowchart LR
  X --> Y
```

![[flow]]

![[flow#Steps]]
",
        );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 0, "{diags:?}");
    let warnings: Vec<_> = diags
        .iter()
        .filter(|d| {
            d["message"]
                .as_str()
                .unwrap_or("")
                .contains("mermaid diagram not drawn")
        })
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["path"], "content/flow.md");
    let home = site.page("index.html");
    assert_eq!(
        count(&home, "figure.diagram > svg"),
        3,
        "its own and two embedded copies"
    );
    assert_eq!(count(&home, ".transclusion pre code.language-mermaid"), 1);
    let ids = home.attrs("[id]", "id");
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
}

#[test]
fn labels_cannot_inject_script() {
    let hostile = "```mermaid\nflowchart LR\n  A[\"<script>alert(1)</script>\"] --> B[\"<img src=x onerror=alert(2)>\"]\n  B --> C[<svg onload=alert(3)>]\n  click C href \"javascript:alert(4)\"\n```\n\n```mermaid\nsequenceDiagram\n  A->>B: <script>alert(5)</script> onload=alert(6)\n```\n";
    let site = TestSite::empty().file("content/index.md", &format!("# Home\n\n{hostile}"));
    site.diagnostics();
    let html = std::fs::read_to_string(site.output().join("index.html")).expect("page");
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script>alert"), "script tag got through");
    for handler in ["onerror=", "onload=", "javascript:"] {
        for (at, _) in lower.match_indices(handler) {
            // Only as escaped text inside a code block or a label, never as an attribute.
            let before = &lower[..at];
            let tag_open = before.rfind('<').unwrap_or(0);
            let tag_close = before.rfind('>').unwrap_or(0);
            let in_text = tag_close > tag_open || before[tag_open..].starts_with("<code");
            assert!(
                in_text,
                "{handler} is an attribute: {}",
                &html[at.saturating_sub(80)..at + 20]
            );
        }
    }
}

#[test]
fn a_site_without_diagrams_has_no_diagram_markup() {
    let site = TestSite::fixture("basic");
    site.build();
    let page = site.page("tips/build-trust/index.html");
    assert_eq!(count(&page, "figure.diagram"), 0);
}
