//! Code highlighting and math, on the `code_and_math` fixture: fenced code with a
//! language becomes spans with CSS classes, formulas become MathML, a formula that cannot
//! be converted is a warning at its place and shows as its source, prices stay prose, and
//! only pages with a formula link the math stylesheet.

mod common;

use common::{TestSite, find};

fn built() -> (TestSite, Vec<serde_json::Value>) {
    let site = TestSite::fixture("code_and_math");
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 0, "{diags:#?}");
    (site, diags)
}

#[test]
fn fenced_code_with_a_language_is_highlighted_with_classes() {
    let (site, _) = built();
    let page = site.page("code/index.html");
    let rust = "code.language-rust";
    assert_eq!(
        page.texts(&format!("{rust} .hl-keyword"))[..2],
        ["fn", "let"]
    );
    assert_eq!(page.texts(&format!("{rust} .hl-function"))[0], "main");
    assert_eq!(page.texts(&format!("{rust} .hl-number")), ["42"]);
    assert_eq!(
        page.texts(&format!("{rust} .hl-comment")),
        ["// a comment <b>"]
    );
    // The code reads as it was written, markup characters included.
    let text = &page.texts(rust)[0];
    assert!(
        text.contains("let answer: u32 = 42; // a comment <b>"),
        "{text}"
    );
    // No inline styles: the colours come from the theme, so they follow dark mode.
    assert!(page.attrs("pre [style]", "style").is_empty());
}

#[test]
fn common_language_aliases_are_highlighted() {
    let (site, _) = built();
    let page = site.page("code/index.html");
    for lang in ["ts", "sh", "yml", "py", "toml", "js"] {
        let spans = page.texts(&format!("code.language-{lang} [class^=hl-]"));
        assert!(!spans.is_empty(), "{lang} is not highlighted");
    }
    assert_eq!(page.texts("code.language-ts .hl-keyword"), ["const"]);
    assert_eq!(page.texts("code.language-py .hl-string"), ["\"s\""]);
    // mdBook's `rust,ignore` is Rust.
    assert_eq!(
        page.texts(r#"code[class="language-rust,ignore"] .hl-keyword"#),
        ["let"]
    );
}

#[test]
fn an_unknown_language_stays_plain_code_without_a_warning() {
    let (site, diags) = built();
    let page = site.page("code/index.html");
    assert_eq!(page.texts("code.language-nosuchlanguage"), ["plain <text>"]);
    assert!(page.texts("code.language-nosuchlanguage span").is_empty());
    assert!(
        diags
            .iter()
            .all(|d| !d["path"].as_str().unwrap().contains("code.md"))
    );
    let home = site.page("index.html");
    assert!(home.texts("pre code span").is_empty());
}

#[test]
fn formulas_become_mathml_inline_and_as_blocks() {
    let (site, _) = built();
    let page = site.page("formulas/index.html");
    let inline = page.attrs("p > math:not([display])", "display");
    assert!(inline.is_empty());
    assert_eq!(page.texts("p > math:not([display])").len(), 4);
    assert_eq!(page.texts("math[display=block]").len(), 2);
    assert_eq!(page.texts("math mfrac").len(), 1);
    assert_eq!(page.texts("math munderover > mo"), ["∑"]);
    assert!(page.texts("math mtable").len() >= 2, "matrix and aligned");
    assert!(
        page.texts("math mtext")
            .iter()
            .any(|t| t.contains("for all"))
    );
    assert!(page.texts("math mi").contains(&"ℝ".to_string()));
    assert!(page.texts("math mi").contains(&"α".to_string()));
    // No TeX is left in the text of the page.
    let content = page.texts(".content")[0].clone();
    assert!(!content.contains("\\frac{n"), "{content}");
    assert!(!content.contains("$$"), "{content}");
}

#[test]
fn a_formula_that_cannot_be_converted_warns_at_its_place_and_shows_its_source() {
    let (site, diags) = built();
    let frac = find(&diags, "this formula cannot be shown");
    assert_eq!(frac["path"], "content/formulas.md");
    assert_eq!(
        (frac["line"].as_u64(), frac["column"].as_u64()),
        (Some(19), Some(15))
    );
    assert!(
        frac["help"].as_str().unwrap().contains("TeX source"),
        "{frac:#}"
    );
    let unknown = find(&diags, "\\nosuch");
    assert_eq!(
        (unknown["line"].as_u64(), unknown["column"].as_u64()),
        (Some(19), Some(41))
    );
    let page = site.page("formulas/index.html");
    let code = page.texts("p code");
    assert_eq!(code, ["$\\frac{1}$", "$\\nosuch{x}$"]);
}

#[test]
fn prices_in_prose_are_not_math() {
    let (site, _) = built();
    let home = site.page("index.html");
    assert!(home.texts("math").is_empty());
    let text = home.texts(".content p")[0].clone();
    assert!(
        text.contains("costs $5 and $10, or $5-$10 a seat"),
        "{text}"
    );
    let formulas = site.page("formulas/index.html");
    let prose = formulas.texts(".content p");
    assert!(
        prose
            .iter()
            .any(|p| p == "A seat costs $5-$10 and a licence $20 a year."),
        "{prose:?}"
    );
}

#[test]
fn only_pages_with_a_formula_link_the_math_stylesheet_and_its_font_is_shipped() {
    let (site, _) = built();
    let links = |path: &str| site.page(path).attrs("link[rel=stylesheet]", "href");
    assert_eq!(
        links("formulas/index.html"),
        ["../style.css", "../math.css"]
    );
    assert_eq!(links("index.html"), ["./style.css"]);
    assert_eq!(links("code/index.html"), ["../style.css"]);
    let css = std::fs::read_to_string(site.output().join("math.css")).unwrap();
    assert!(
        css.contains("url(\"fonts/STIXMath-Regular.woff2\")"),
        "{css}"
    );
    let font = std::fs::read(site.output().join("fonts/STIXMath-Regular.woff2")).unwrap();
    assert_eq!(&font[..4], b"wOF2");
    assert!(site.output().join("fonts/OFL.txt").is_file());
}

#[test]
fn highlighting_can_be_turned_off_in_site_toml() {
    let site = TestSite::fixture("code_and_math").file(
        "site.toml",
        "title = \"Code and math\"\n[markdown]\nhighlight_code = false\n",
    );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 0, "{diags:#?}");
    let page = site.page("code/index.html");
    assert!(page.texts("pre span").is_empty());
    assert_eq!(page.texts("code.language-ts"), ["const n: number = 1;"]);
}
