//! Mermaid diagrams: each ```` ```mermaid ```` code block becomes an inline SVG, drawn at
//! build time by merman, inside `<figure class="diagram" role="img">`. No script runs in the
//! reader's browser and nothing is fetched.
//!
//! The SVG is made safe to share a page: its ids are prefixed so two diagrams never share
//! one ([`svg::scope_ids`]), and its fixed colours become `light-dark()` pairs so it follows
//! the theme's colour scheme ([`svg::theme_colours`]). A diagram that cannot be drawn (a
//! syntax error, an unknown type, a time or size limit, a panic in the renderer, markup
//! that could run script) stays a code block, and the build warns at its line.

mod colours;
mod svg;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

use merman::{OperationControl, RenderError, RenderOutput, RenderRequest, Renderer, SvgRequest};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use super::Spanned;
use crate::content::Doc;
use crate::diagnostic::Diagnostic;

/// How long one diagram may take. Real diagrams take a few milliseconds; merman checks its
/// deadline between steps, so hostile input fails instead of stalling the build.
const DEADLINE: Duration = Duration::from_secs(2);

/// Replaces each mermaid code block of `doc`'s events with its diagram, whose SVG ids
/// start with `prefix`: unique on the page the events end up on.
pub(crate) fn render(
    events: &mut Vec<Spanned>,
    doc: &Doc,
    prefix: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut renderer: Option<Renderer> = None;
    let mut count = 0;
    let mut i = 0;
    while i < events.len() {
        let (Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))), range) = &events[i] else {
            i += 1;
            continue;
        };
        if lang.split_whitespace().next() != Some("mermaid") {
            i += 1;
            continue;
        }
        let fence = range.start;
        let Some(len) = events[i..]
            .iter()
            .position(|(e, _)| *e == Event::End(TagEnd::CodeBlock))
        else {
            break;
        };
        let (source, starts) = source_of(&events[i + 1..i + len]);
        count += 1;
        let diagram_id = format!("{prefix}-{count}");
        let renderer = renderer.get_or_insert_with(Renderer::new);
        match draw(renderer, &source, &diagram_id) {
            Ok(html) => {
                let html = figure(&source, &html);
                events.splice(
                    i..=i + len,
                    [(Event::Html(CowStr::from(html)), range.clone())],
                );
                i += 1;
            }
            Err(failure) => {
                let at = failure
                    .offset
                    .map_or(fence, |o| body_offset(&starts, o, fence));
                out.push(
                    Diagnostic::warning(&doc.path, doc.body_position(at), failure.message)
                        .with_help("the diagram is shown as code until its syntax is fixed; the Diagrams section of Playbook's docs/authoring.md lists the types drawn"),
                );
                i += len + 1;
            }
        }
    }
}

/// Why a diagram was not drawn, and where in its source, when known.
struct Failure {
    message: String,
    offset: Option<usize>,
}

impl Failure {
    fn new(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            offset: None,
        }
    }
}

/// The diagram's source, and where each of its text events starts in it and in the body.
fn source_of(events: &[Spanned]) -> (String, Vec<(usize, usize)>) {
    let mut source = String::new();
    let mut starts = Vec::new();
    for (event, range) in events {
        if let Event::Text(text) = event {
            starts.push((source.len(), range.start));
            source.push_str(text);
        }
    }
    (source, starts)
}

/// The body offset of byte `offset` of a diagram's source.
fn body_offset(starts: &[(usize, usize)], offset: usize, fallback: usize) -> usize {
    starts
        .iter()
        .rev()
        .find(|(in_source, _)| *in_source <= offset)
        .map_or(fallback, |(in_source, in_body)| {
            in_body + (offset - in_source)
        })
}

/// Draws one diagram as SVG ready to inline, or says why it cannot be.
fn draw(renderer: &Renderer, source: &str, diagram_id: &str) -> Result<String, Failure> {
    let request = SvgRequest {
        options: merman::svg::SvgRenderOptions {
            diagram_id: Some(diagram_id.to_string()),
            ..Default::default()
        },
        ..Default::default()
    };
    let control = OperationControl::new().with_deadline(DEADLINE);
    let result = catch_unwind(AssertUnwindSafe(|| {
        renderer.render(RenderRequest::svg(source, control, request))
    }));
    let svg = match result {
        Ok(Ok(RenderOutput::Svg(Some(svg)))) => svg.svg().to_string(),
        Ok(Ok(_)) => return Err(Failure::new("no mermaid diagram found in this block")),
        Ok(Err(error)) => return Err(failure(&error)),
        Err(_) => return Err(Failure::new("the diagram renderer failed on this diagram")),
    };
    if !svg::is_inert(&svg) {
        return Err(Failure::new(
            "this diagram would carry script or a link, so it is not drawn",
        ));
    }
    // A label's `<p>` sits in a `<span>`, where HTML allows no `<p>`: a block span reads alike.
    let svg = svg
        .replace("<p>", "<span style=\"display:block\">")
        .replace("</p>", "</span>");
    let svg = svg::keep_readable(&svg::scope_ids(&svg, diagram_id));
    Ok(colours::theme(&svg::drop_undefined_attributes(&svg)))
}

/// The warning for a render error, with the place in the source when merman gives one.
fn failure(error: &RenderError) -> Failure {
    match error {
        RenderError::Parse(diagnostic) => Failure {
            message: format!(
                "mermaid diagram not drawn: {}",
                diagnostic.terminal_safe_message()
            ),
            offset: diagnostic
                .terminal_diagnostic_details()
                .span
                .map(|s| s.start),
        },
        RenderError::Cancelled(_) => Failure::new(format!(
            "mermaid diagram not drawn: it took longer than {} seconds",
            DEADLINE.as_secs()
        )),
        other => Failure::new(format!("mermaid diagram not drawn: {other}")),
    }
}

/// The figure around a drawn diagram, named for assistive technology by its title.
fn figure(source: &str, svg: &str) -> String {
    let mut label = String::new();
    let _ = escape_html(
        &mut label,
        &title(source).unwrap_or_else(|| "Diagram".into()),
    );
    format!("<figure class=\"diagram\" role=\"img\" aria-label=\"{label}\">{svg}</figure>\n")
}

/// The diagram's own name: `accTitle`, else its `title` (a line or front matter).
fn title(source: &str) -> Option<String> {
    let field = |key: &str| {
        source.lines().find_map(|line| {
            let rest = line.trim().strip_prefix(key)?;
            let value = rest.strip_prefix([':', ' '])?.trim().trim_matches('"');
            (!value.is_empty()).then(|| value.to_string())
        })
    };
    field("accTitle").or_else(|| field("title"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagram_is_named_by_its_acc_title_then_its_title() {
        assert_eq!(
            title("pie title Pets\n accTitle: Pets owned\n").as_deref(),
            Some("Pets owned")
        );
        assert_eq!(
            title("---\ntitle: Flow\n---\nflowchart LR\n").as_deref(),
            Some("Flow")
        );
        assert_eq!(title("gantt\n  title A plan\n").as_deref(), Some("A plan"));
        assert_eq!(title("flowchart LR\n titles --> x\n"), None);
    }

    #[test]
    fn an_error_offset_maps_into_the_body() {
        let starts = [(0, 10), (6, 30)];
        assert_eq!(body_offset(&starts, 2, 0), 12);
        assert_eq!(body_offset(&starts, 8, 0), 32);
    }
}
