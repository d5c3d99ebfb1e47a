//! Front matter errors in the author's terms: serde's messages turned into ones that name
//! the field, with the closest known field or an example of a right value.

use super::{FrontMatterError, PAGE_FIELDS, SECTION_FIELDS};
use crate::config::explain_serde_error;
use crate::diagnostic::{Position, did_you_mean, nearest};

/// The usual fix for a YAML syntax error.
pub(crate) fn yaml_help(message: &str) -> Option<String> {
    let help = if message.contains("unclosed bracket") {
        "close the list with `]` on the same line, e.g. `tags: [trust, governance]`"
    } else if message.contains("unclosed quote") || message.contains("quoted scalar") {
        "close the quote at the end of the value"
    } else if message.contains("mapping values are not allowed") {
        "a value that contains `: ` must be quoted, e.g. `title: \"Trust: the basics\"`"
    } else {
        return None;
    };
    Some(help.to_string())
}

/// The usual fix for a TOML syntax error.
pub(crate) fn toml_help(message: &str) -> String {
    if message.contains("duplicate key") {
        "keep one of the two lines".to_string()
    } else {
        "write one `key = value` a line, strings in quotes: `title = \"My page\"`".to_string()
    }
}

/// Turns a serde error into a message about the field the author wrote.
pub(crate) fn explain(
    header: &str,
    pos: Position,
    header_line: usize,
    message: &str,
    is_section: bool,
) -> FrontMatterError {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or_default();
        return unknown_field(pos, name, is_section);
    }
    if message.starts_with("unknown variant `") {
        let (message, help) = explain_serde_error(message);
        return FrontMatterError::new(pos, format!("`sort_by` has an {message}"), help);
    }
    let line = header.lines().nth(header_line.saturating_sub(1));
    let field = line
        .and_then(|l| l.split_once([':', '=']))
        .map(|(key, value)| (key.trim(), value.trim()))
        .filter(|(k, _)| PAGE_FIELDS.contains(k) || SECTION_FIELDS.contains(k));
    // serde's own words name Rust types (`invalid i64`, `untagged enum OneOrMany`): say
    // instead what the field takes and what was written.
    match field {
        Some((key, value)) => {
            let found = match value.chars().count() {
                1..=40 => format!(", found `{value}`"),
                _ => String::new(),
            };
            FrontMatterError::new(
                pos,
                format!(
                    "`{key}` has the wrong type: expected {}{found}",
                    field_kind(key)
                ),
                Some(field_help(key).to_string()),
            )
        }
        None => FrontMatterError::new(pos, format!("invalid front matter: {message}"), None),
    }
}

/// What a field takes, in the author's words.
fn field_kind(key: &str) -> &'static str {
    match key {
        "weight" => "a whole number",
        "tags" | "aliases" => "a string or a list of strings",
        "draft" | "glossary" => "`true` or `false`",
        "date" | "review_by" => "a date",
        "sort_by" => "`weight`, `title` or `date`",
        "extra" => "a table",
        _ => "a string",
    }
}

fn unknown_field(pos: Position, name: &str, is_section: bool) -> FrontMatterError {
    let known: Vec<&str> = if is_section {
        PAGE_FIELDS.iter().chain(SECTION_FIELDS).copied().collect()
    } else {
        PAGE_FIELDS.to_vec()
    };
    let help = did_you_mean(&nearest(name, known.iter().copied(), 1), ("`", "`"))
        .unwrap_or_else(|| format!("known fields: {}", known.join(", ")));
    FrontMatterError::new(
        pos,
        format!("unknown front matter field `{name}`"),
        Some(help),
    )
}

pub(crate) fn field_help(key: &str) -> &'static str {
    match key {
        "weight" => "`weight` is a whole number, e.g. `weight: 10`",
        "tags" | "aliases" => "a list of strings, e.g. `tags: [governance, trust]`",
        "draft" => "write `draft: true` (`yes` and `on` are words, not `true`), or `draft: false`",
        "glossary" => "write `glossary: true` or `glossary: false` (`yes` and `no` are words)",
        "date" | "review_by" => "a date written YYYY-MM-DD, e.g. `2025-03-31`",
        "sort_by" => "one of `weight`, `title`, `date`",
        "extra" => "a table of your own keys, e.g. `extra: { icon: star }`",
        _ => "a string; quote it if it contains `:` or starts with a special character",
    }
}
