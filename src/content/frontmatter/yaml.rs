//! Reading a YAML header: all at once into the typed fields where it is right (the usual
//! case, and the fast one), else field by field so that each wrong value is reported and
//! the rest kept. A syntax error is reported at its cause: the `[` or quote left open, not
//! the line where the parser gave up.

use serde::Deserialize;

use super::explain::yaml_help;
use super::{FrontMatterError, RawFrontMatter, fields, rescued, strings};
use crate::diagnostic::Position;

/// Reads `header`; `at` gives the place in the file of a byte offset into it.
pub(super) fn read(
    header: &str,
    at: impl Fn(usize) -> Position,
) -> (RawFrontMatter, Vec<FrontMatterError>) {
    let first_line = at(0).line;
    let fail = |error| (RawFrontMatter::default(), vec![error]);
    for (i, line) in header.lines().enumerate() {
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        if let Some(col) = indent.chars().position(|c| c == '\t') {
            return fail(FrontMatterError::new(
                Position::new(first_line + i, col + 1),
                "a tab indents this YAML line; YAML allows only spaces",
                Some("replace the tab with spaces".to_string()),
            ));
        }
    }
    if header.trim().is_empty() {
        return (RawFrontMatter::default(), Vec::new());
    }
    if let Ok(mut raw) =
        serde_saphyr::from_str_with_options::<RawFrontMatter>(header, yaml_options())
    {
        as_written(&mut raw.tags, header, "tags");
        as_written(&mut raw.aliases, header, "aliases");
        return (raw, Vec::new());
    }
    // Something is wrong: read the syntax alone, then each field on its own. (Only on
    // failure: reading twice would slow every build.)
    match serde_saphyr::from_str_with_options::<serde_json::Value>(header, yaml_options()) {
        Ok(serde_json::Value::Object(map)) => fields::read_map(map, header, first_line),
        Ok(_) => fail(FrontMatterError::new(
            Position::new(first_line, 1),
            "front matter must be `key: value` fields",
            Some("write e.g. `title: My page` on its own line".to_string()),
        )),
        Err(e) => (rescued(header), vec![syntax_error(header, &at, e)]),
    }
}

/// A YAML syntax error, at its cause where that is an earlier line left open.
fn syntax_error(
    header: &str,
    at: &impl Fn(usize) -> Position,
    e: serde_saphyr::Error,
) -> FrontMatterError {
    let first_line = at(0).line;
    // From the byte offset where there is one: YAML also ends a line at a lone carriage
    // return, which no editor shows as a line of its own.
    let pos = e.location().map_or(Position::new(first_line, 1), |l| {
        match l.span().byte_offset() {
            Some(offset) => at(offset as usize),
            None => Position::new(
                first_line + (l.line() as usize).max(1) - 1,
                (l.column() as usize).max(1),
            ),
        }
    });
    let message = e.without_snippet().to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest);
        return FrontMatterError::new(
            pos,
            format!("`{key}` is set twice"),
            Some("keep one of the two lines".to_string()),
        );
    }
    if let Some((line, column, opener)) = left_open(header, pos.line + 1 - first_line) {
        let (what, help) = match opener {
            '[' => ("this `[` is never closed", "unclosed bracket"),
            '{' => ("this `{` is never closed", "unclosed brace"),
            _ => ("this quoted value is never closed", "unclosed quote"),
        };
        return FrontMatterError::new(
            Position::new(first_line + line - 1, column),
            what,
            yaml_help(help),
        );
    }
    let help = yaml_help(&message);
    FrontMatterError::new(pos, format!("invalid YAML: {message}"), help)
}

/// The first line before `until` (1-based lines of the header) whose value opens a `[`,
/// a `{` or a quote that its line does not close, when the next line starts a new field:
/// the parser reads on into that field and reports its `:`, but the fix is here. Gives the
/// line, the column of the opener and the opener.
fn left_open(header: &str, until: usize) -> Option<(usize, usize, char)> {
    let lines: Vec<&str> = header.lines().collect();
    let starts_field = |line: &str| {
        let key: String = line
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-'))
            .collect();
        !key.is_empty() && line[key.len()..].trim_start().starts_with(':')
    };
    for (i, line) in lines.iter().enumerate().take(until.min(lines.len())) {
        let next_is_field = lines.get(i + 1).is_none_or(|next| starts_field(next));
        if !starts_field(line) || !next_is_field {
            continue;
        }
        let colon = line.find(':').unwrap_or(0);
        let value = &line[colon + 1..];
        let offset = colon + 1 + (value.len() - value.trim_start().len());
        if let Some(at) = unclosed(&line[offset..]) {
            let column = line[..offset + at].chars().count() + 1;
            let opener = line[offset + at..].chars().next().unwrap_or('[');
            return Some((i + 1, column, opener));
        }
    }
    None
}

/// Where in a one-line YAML value a bracket or quote opens that the line leaves open.
fn unclosed(value: &str) -> Option<usize> {
    let first = value.chars().next()?;
    if !matches!(first, '[' | '{' | '"' | '\'') {
        return None;
    }
    let mut open: Vec<(usize, char)> = Vec::new();
    let mut quote: Option<(usize, char)> = None;
    let mut chars = value.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (Some((_, '"')), '\\') => {
                chars.next();
            }
            (Some((_, q)), c) if c == q => {
                // `''` inside single quotes is a quote, not the end.
                if q == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                    chars.next();
                } else {
                    quote = None;
                }
            }
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some((i, c)),
            (None, '[' | '{') => open.push((i, c)),
            (None, ']' | '}') => {
                open.pop();
            }
            (None, '#') if value[..i].ends_with([' ', '\t']) && open.is_empty() => break,
            (None, _) => {}
        }
    }
    quote.map(|q| q.0).or_else(|| open.first().map(|o| o.0))
}

/// YAML 1.2's booleans: `yes`, `no`, `on` and `off` are words (a tag `NO` is Norway),
/// and `draft: yes` is an error that says to write `true`.
fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
    }
}

/// A lone `tags:` or `aliases:` value that YAML read as a number or a boolean, put back
/// as written: `tags: 1.10` is the tag "1.10", not "1.1", and `aliases: 0x10` is not "16".
/// (Items of a list are read as strings already.) The written text is taken only where
/// it is a plain value on the key's line that reads back as the same value.
fn as_written(values: &mut [String], header: &str, key: &str) {
    #[derive(Deserialize)]
    struct Lone {
        #[serde(deserialize_with = "strings")]
        v: Vec<String>,
    }
    let [value] = values else { return };
    if value.parse::<f64>().is_err() && value != "true" && value != "false" {
        return;
    }
    let written = header.lines().find_map(|line| {
        let rest = line.strip_prefix(key)?.trim_start().strip_prefix(':')?;
        // A comment starts at a `#` after a space or a tab.
        let end = rest
            .char_indices()
            .find(|&(i, c)| c == '#' && rest[..i].ends_with([' ', '\t']))
            .map_or(rest.len(), |(i, _)| i);
        let text = rest[..end].trim();
        if text.is_empty() || text.starts_with(['[', '{', '"', '\'', '!', '&', '*', '|', '>']) {
            return None;
        }
        let reread =
            serde_saphyr::from_str_with_options::<Lone>(&format!("v: {text}"), yaml_options());
        reread
            .is_ok_and(|r| r.v == [value.as_str()])
            .then_some(text)
    });
    if let Some(written) = written {
        *value = written.to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_bracket_or_quote_is_found_on_its_line() {
        assert_eq!(unclosed("[a, b"), Some(0));
        assert_eq!(unclosed("[a, [b]"), Some(0));
        assert_eq!(unclosed("[a, b] # [x"), None);
        assert_eq!(unclosed("\"Trust: the basics"), Some(0));
        assert_eq!(unclosed("'it''s'"), None);
        assert_eq!(unclosed("\"a \\\" b\""), None);
        assert_eq!(unclosed("plain [text"), None);
    }
}
