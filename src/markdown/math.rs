//! Math: `$…$` and `$$…$$` become MathML at build time, by math-core, from
//! pulldown-cmark's math events (which keep the TeX's backslashes). A formula math-core
//! cannot convert is a warning at its place, and the page shows its TeX source as code.
//! The page's [`Body::has_math`](super::Body) tells the template to link the math
//! stylesheet and font.
//!
//! Prices are not formulas. pulldown-cmark already refuses `$` followed by a space as an
//! opening and `$` after one as a closing (`costs $5 and $10`), but takes `$5-$10`;
//! [`keep_prices`] applies Pandoc's and Obsidian's other rule, a closing `$` is never
//! followed by a digit, and gives such "formulas" back as text.

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use pulldown_cmark::{CowStr, Event};

use super::Spanned;
use crate::content::Doc;
use crate::diagnostic::Diagnostic;

/// Gives back as text each inline "formula" whose closing `$` is followed by a digit.
pub(crate) fn keep_prices(events: &mut [Spanned], body: &str) {
    for (event, range) in events.iter_mut() {
        if matches!(event, Event::InlineMath(_))
            && body
                .as_bytes()
                .get(range.end)
                .is_some_and(u8::is_ascii_digit)
            && let Some(source) = body.get(range.clone())
        {
            *event = Event::Text(CowStr::from(source.to_string()));
        }
    }
}

/// Turns every formula of the page into MathML; returns whether the page has any.
pub(crate) fn rewrite(
    events: &mut [Spanned],
    doc: &Doc,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    // Made by the first formula: most pages have none.
    let mut converter: Option<LatexToMathML> = None;
    let mut has_math = false;
    for (event, range) in events.iter_mut() {
        let (tex, display) = match event {
            Event::InlineMath(tex) => (tex, MathDisplay::Inline),
            Event::DisplayMath(tex) => (tex, MathDisplay::Block),
            _ => continue,
        };
        has_math = true;
        let converter = match &converter {
            Some(c) => c,
            None => match LatexToMathML::new(MathCoreConfig::default()) {
                Ok(c) => converter.insert(c),
                // Only custom macros can fail here, and there are none.
                Err(_) => return has_math,
            },
        };
        *event = match converter.convert_with_local_state(tex, display) {
            Ok(result) => Event::InlineHtml(CowStr::from(result.mathml)),
            Err(error) => {
                diagnostics.push(
                    Diagnostic::warning(
                        &doc.path,
                        doc.body_position(range.start),
                        format!("this formula cannot be shown: {}", error.error_message()),
                    )
                    .with_help(
                        "the page shows its TeX source instead; to show a dollar sign, \
                         write `\\$`",
                    ),
                );
                let source = doc.body().get(range.clone()).unwrap_or(tex);
                Event::Code(CowStr::from(source.to_string()))
            }
        };
    }
    has_math
}
