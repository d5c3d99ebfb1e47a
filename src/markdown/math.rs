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
        let converted = match converter.convert_with_local_state(tex, display) {
            Ok(result) if only_mathml(&result.mathml) => Ok(result.mathml),
            // math-core 0.7 copies `\operatorname{<b>}` into its output unescaped.
            Ok(_) => Err("it would put HTML markup into the page".to_string()),
            Err(error) => Err(error.error_message()),
        };
        *event = match converted {
            Ok(mathml) => Event::InlineHtml(CowStr::from(mathml)),
            Err(error) => {
                diagnostics.push(
                    Diagnostic::warning(
                        &doc.path,
                        doc.body_position(range.start),
                        format!("this formula cannot be shown: {error}"),
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

/// The elements math-core writes: anything else in its output came from the formula.
const MATHML: &[&str] = &[
    "math",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "mrow",
    "mfrac",
    "msqrt",
    "mroot",
    "mstyle",
    "merror",
    "mpadded",
    "mphantom",
    "msub",
    "msup",
    "msubsup",
    "munder",
    "mover",
    "munderover",
    "mmultiscripts",
    "mprescripts",
    "none",
    "mtable",
    "mtr",
    "mtd",
    "semantics",
    "annotation",
    "menclose",
];

/// Whether every tag of `html` is a MathML element's.
fn only_mathml(html: &str) -> bool {
    html.split('<').skip(1).all(|tag| {
        let name = tag.trim_start_matches('/');
        let end = name
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(name.len());
        MATHML.contains(&&name[..end])
    })
}

#[cfg(test)]
mod tests {
    use super::only_mathml;

    #[test]
    fn markup_other_than_mathml_is_refused() {
        assert!(only_mathml(
            "<math><mi>x</mi><mo>&lt;</mo><mspace width=\"1em\"/></math>"
        ));
        assert!(!only_mathml("<math><mo><b></mo></math>"));
        assert!(!only_mathml("<math><mtext><script></mtext></math>"));
    }
}
