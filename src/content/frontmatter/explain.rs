//! Front matter errors in the author's terms: serde's messages turned into ones that name
//! the field, with the closest known field or an example of a right value.

use super::{FrontMatterError, PAGE_FIELDS, SECTION_FIELDS, UNDERSTOOD};
use crate::config::explain_serde_error;
use crate::diagnostic::Position;

/// The usual fix for a YAML syntax error.
pub(crate) fn yaml_help(message: &str) -> Option<String> {
    let help = if message.contains("unclosed brace") {
        "close the table with `}` on the same line, e.g. `extra: { icon: star }`"
    } else if message.contains("unclosed bracket") {
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

/// A field whose value serde could not read, in the author's terms: what the field
/// takes and what was written (serde's own words name Rust types: `invalid i64`).
pub(crate) fn wrong_value(
    key: &str,
    written: &str,
    pos: Position,
    message: &str,
) -> FrontMatterError {
    if message.starts_with("unknown variant `") {
        let (message, help) = explain_serde_error(message);
        return FrontMatterError::new(pos, format!("`{key}` has an {message}"), help);
    }
    let known = PAGE_FIELDS.iter().chain(SECTION_FIELDS);
    let ours = known
        .chain(UNDERSTOOD.iter().map(|(k, _)| k))
        .any(|k| *k == key);
    if !ours {
        // Only a field of ours has a type; this is a value YAML or TOML could not hand on.
        return FrontMatterError::new(pos, format!("`{key}` cannot be read: {message}"), None);
    }
    let found = match written.chars().count() {
        1..=40 => format!(", found `{written}`"),
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

/// What a field takes, in the author's words.
fn field_kind(key: &str) -> &'static str {
    match key {
        "weight" => "a whole number",
        "tags" | "aliases" | "cssclasses" | "categories" => "a string or a list of strings",
        "draft" | "glossary" | "publish" => "`true` or `false`",
        "date" | "review_by" | "created" | "modified" | "updated" | "lastmod" => "a date",
        "sort_by" => "`weight`, `title` or `date`",
        "extra" | "taxonomies" => "a table",
        _ => "a string",
    }
}

pub(crate) fn field_help(key: &str) -> &'static str {
    match key {
        "weight" => "`weight` is a whole number, e.g. `weight: 10`",
        "tags" | "aliases" | "cssclasses" | "categories" => {
            "a list of strings, e.g. `tags: [governance, trust]`"
        }
        "draft" => "write `draft: true` (`yes` and `on` are words, not `true`), or `draft: false`",
        "glossary" => "write `glossary: true` or `glossary: false` (`yes` and `no` are words)",
        "date" | "review_by" | "created" | "modified" | "updated" | "lastmod" => {
            "a date written YYYY-MM-DD, with a time if you like: `2025-03-31` or `2025-03-31T09:30:00+02:00`"
        }
        "publish" => "write `publish: false` to keep the page out, or `publish: true`",
        "permalink" => "a path below the site's root, e.g. `permalink: guides/onboarding`",
        "taxonomies" => "a table of lists, e.g. `[taxonomies]` then `tags = [\"trust\"]`",
        "sort_by" => "one of `weight`, `title`, `date`",
        "extra" => "a table of your own keys, e.g. `extra: { icon: star }`",
        _ => "a string; quote it if it contains `:` or starts with a special character",
    }
}
