//! Code highlighting: the text of a fenced code block whose language is known becomes
//! spans with CSS classes (`hl-keyword`, `hl-string`, ...), which the theme colours for
//! light and dark mode and print. An unknown language, a block too large to be worth it
//! or a grammar that fails leaves the code plain, as it was.
//!
//! The grammars are syntect's (Sublime Text syntaxes, run by Oniguruma, the engine they
//! were written for) in the larger set `two-face` ships, which adds TypeScript, TOML, Dockerfile
//! and others. They are loaded by the first block that needs them, once per
//! [`Highlighter`]: a site without such blocks never loads them.

use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::escape_html_body_text;
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};

use super::Spanned;

/// A block larger than this stays plain: a grammar's regexes take about a millisecond
/// for a few lines, so a 50 MB log pasted as code would hold up the whole build.
const MAX_BLOCK: usize = 256 * 1024;
/// A line longer than this (minified code, data) leaves its block plain, for the same
/// reason: some grammars backtrack on long lines.
const MAX_LINE: usize = 4096;

/// The code highlighter of one build, shared by every page; it loads its grammars the
/// first time a block needs them.
#[derive(Default)]
pub(crate) struct Highlighter {
    syntaxes: OnceLock<Grammars>,
    /// Set for `check`, which writes no page: code stays plain, at no cost.
    skip: bool,
}

impl Highlighter {
    /// A highlighter that leaves every block plain.
    pub(crate) fn skipping() -> Highlighter {
        Highlighter {
            skip: true,
            ..Highlighter::default()
        }
    }
}

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let loaded = self.syntaxes.get().is_some();
        f.debug_struct("Highlighter")
            .field("loaded", &loaded)
            .field("skip", &self.skip)
            .finish()
    }
}

/// The grammars, and the scopes the classes are chosen by.
struct Grammars {
    set: SyntaxSet,
    rules: Vec<(Scope, Option<&'static str>)>,
}

/// The class of a token, by the first of these scopes that is a prefix of the token's
/// innermost scope that has one (so the `"` of a string is coloured as the string);
/// `None` stops the search and leaves the token plain (an operator inside a function).
const CLASSES: &[(&str, Option<&str>)] = &[
    ("comment", Some("comment")),
    ("string", Some("string")),
    ("constant.numeric", Some("number")),
    ("constant.character.escape", Some("escape")),
    ("constant", Some("constant")),
    ("keyword.operator", None),
    ("keyword", Some("keyword")),
    ("storage.modifier", Some("keyword")),
    ("storage.type", Some("keyword")),
    ("entity.name.function", Some("function")),
    ("support.function", Some("function")),
    ("support.macro", Some("function")),
    ("variable.function", Some("function")),
    ("entity.name.tag", Some("tag")),
    ("entity.other.attribute-name", Some("attribute")),
    ("entity.name", Some("type")),
    ("entity.other.inherited-class", Some("type")),
    ("support.type", Some("type")),
    ("support.class", Some("type")),
    ("variable.parameter", Some("parameter")),
    ("variable.language", Some("constant")),
    ("markup.heading", Some("heading")),
    ("markup.inserted", Some("inserted")),
    ("markup.deleted", Some("deleted")),
    ("markup.bold", Some("strong")),
    ("markup.italic", Some("emphasis")),
];

/// Names authors write after the fence that are not a grammar's file extension or
/// name; the rest (`js`, `ts`, `sh`, `yml`, `rs`, `py`, `toml`, `rust`, ...) are.
const ALIASES: &[(&str, &str)] = &[
    ("shell", "bash"),
    ("console", "bash"),
    ("zsh", "bash"),
    ("jsx", "js"),
    ("javascript", "js"),
    ("typescript", "ts"),
    ("csharp", "cs"),
    ("c#", "cs"),
    ("golang", "go"),
    ("hcl", "tf"),
    ("docker", "dockerfile"),
    ("text", "txt"),
    ("plaintext", "txt"),
    ("plain", "txt"),
];

impl Highlighter {
    fn grammars(&self) -> &Grammars {
        self.syntaxes.get_or_init(|| Grammars {
            set: two_face::syntax::extra_newlines(),
            rules: CLASSES
                .iter()
                .filter_map(|&(scope, class)| Some((Scope::new(scope).ok()?, class)))
                .collect(),
        })
    }

    /// The code as HTML spans, or `None` to leave it plain: its language is unknown,
    /// it is too large, or the grammar failed on it.
    pub(crate) fn highlight(&self, lang: &str, code: &str) -> Option<String> {
        if lang.is_empty() || code.len() > MAX_BLOCK || code.lines().any(|l| l.len() > MAX_LINE) {
            return None;
        }
        let grammars = self.grammars();
        let syntax = find(&grammars.set, lang)?;
        grammars.spans(syntax, code)
    }
}

/// The grammar for a fence's language: by file extension or name, any letter case.
fn find<'s>(set: &'s SyntaxSet, lang: &str) -> Option<&'s SyntaxReference> {
    // mdBook's and rustdoc's `rust,ignore`: the language comes first.
    let lang = lang.split(',').next().unwrap_or(lang);
    let lower = lang.to_ascii_lowercase();
    let token = ALIASES
        .iter()
        .find(|(alias, _)| *alias == lower)
        .map_or(lower.as_str(), |(_, to)| to);
    let syntax = set.find_syntax_by_token(token)?;
    // Plain text has nothing to colour: the block stays as it is.
    (syntax.name != "Plain Text").then_some(syntax)
}

impl Grammars {
    fn spans(&self, syntax: &SyntaxReference, code: &str) -> Option<String> {
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut html = String::with_capacity(code.len() * 2);
        let mut open: Option<&str> = None;
        for line in code.split_inclusive('\n') {
            let ops = state.parse_line(line, &self.set).ok()?;
            let mut at = 0;
            for (pos, op) in ops {
                self.push_text(&mut html, &mut open, &stack, &line[at..pos]);
                at = pos;
                stack.apply(&op).ok()?;
            }
            self.push_text(&mut html, &mut open, &stack, &line[at..]);
        }
        if open.is_some() {
            html.push_str("</span>");
        }
        Some(html)
    }

    /// Writes `text` in the span of its class, opening and closing spans only where the
    /// class changes.
    fn push_text<'c>(
        &'c self,
        html: &mut String,
        open: &mut Option<&'c str>,
        stack: &ScopeStack,
        text: &str,
    ) {
        if text.is_empty() {
            return;
        }
        let class = self.class(stack);
        if class != *open {
            if open.is_some() {
                html.push_str("</span>");
            }
            if let Some(class) = class {
                html.push_str("<span class=\"hl-");
                html.push_str(class);
                html.push_str("\">");
            }
            *open = class;
        }
        let _ = escape_html_body_text(&mut *html, text);
    }

    fn class(&self, stack: &ScopeStack) -> Option<&'static str> {
        for scope in stack.as_slice().iter().rev() {
            if let Some((_, class)) = self.rules.iter().find(|(r, _)| r.is_prefix_of(*scope)) {
                return *class;
            }
        }
        None
    }
}

/// Highlights the text of each fenced code block with a language the highlighter
/// knows; the `<pre><code class="language-…">` around it stays as pulldown-cmark
/// writes it.
pub(crate) fn rewrite(events: &mut [Spanned], highlighter: &Highlighter) {
    if highlighter.skip {
        return;
    }
    let mut i = 0;
    while i < events.len() {
        let lang = match &events[i].0 {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                info.split(' ').next().unwrap_or("").to_string()
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let start = i + 1;
        let end = events[start..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::CodeBlock)))
            .map_or(events.len(), |n| start + n);
        let code: String = events[start..end]
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        if start < end
            && let Some(html) = highlighter.highlight(&lang, &code)
        {
            events[start].0 = Event::Html(CowStr::from(html));
            for (event, _) in &mut events[start + 1..end] {
                *event = Event::Text(CowStr::Borrowed(""));
            }
        }
        i = end + 1;
    }
}
