//! Front matter: splitting a markdown file into its YAML (`---`) or TOML (`+++`) header
//! and body, and reading the header into a typed [`FrontMatter`].
//!
//! A header is read as far as it can be: a field with a wrong value is reported and left
//! out, and every other field is kept, so one run names every problem of the file and the
//! page still loads. Positions in errors are counted in the whole file, not in the header
//! block (Zola and cobalt both get this wrong), so an editor jumps to the right line.
//!
//! `yaml` reads a YAML header, `fields` turns what was read into a [`FrontMatter`]: the
//! fields of the contract, the fields of other tools it understands, near misses, and
//! everything else kept for templates.

use serde::{Deserialize, Deserializer};

use crate::diagnostic::{LineIndex, Position};

mod date;
mod explain;
mod fields;
mod yaml;

pub(crate) use date::Date;
use date::{RawDateText, date};
pub(crate) use fields::is_path_segment;

/// How a section sorts its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum SortBy {
    /// `weight` (then title); the default. Zola's `none` reads as this.
    #[default]
    #[serde(alias = "none")]
    Weight,
    /// Alphabetically by title (Zola's `slug` is near enough).
    #[serde(alias = "slug")]
    Title,
    /// Newest `date` first (Zola's `update_date` too).
    #[serde(alias = "update_date")]
    Date,
}

/// One string or a list of them: `tags: trust` is read as `tags: [trust]`. A list's
/// items are read as strings whatever they look like (`tags: [NO, 2024]` is Norway and
/// a year); a lone value that YAML reads as a number or `true` is written back as one.
fn strings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct OneOrMany;
    impl<'de> serde::de::Visitor<'de> for OneOrMany {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string or a list of strings")
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
            Ok(vec![s.to_string()])
        }
        fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Self::Value, E> {
            Ok(vec![b.to_string()])
        }
        fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Self::Value, E> {
            Ok(vec![n.to_string()])
        }
        fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Self::Value, E> {
            Ok(vec![n.to_string()])
        }
        fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Self::Value, E> {
            Ok(vec![n.to_string()])
        }
        // `tags:` with nothing after it, as archetypes leave it.
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            // An item left empty (`-` alone on its line, as archetypes leave it) is none.
            let mut out = Vec::new();
            while let Some(item) = seq.next_element::<Option<String>>()? {
                out.extend(item);
            }
            Ok(out)
        }
    }
    d.deserialize_any(OneOrMany)
}

/// What a header says, field by field, before its values are checked.
#[derive(Debug, Clone, Default, Deserialize)]
struct RawFrontMatter {
    title: Option<String>,
    description: Option<String>,
    weight: Option<i64>,
    slug: Option<String>,
    #[serde(default, deserialize_with = "strings")]
    aliases: Vec<String>,
    #[serde(default, deserialize_with = "strings")]
    tags: Vec<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default, deserialize_with = "date")]
    date: Option<RawDateText>,
    template: Option<String>,
    owner: Option<String>,
    #[serde(default, deserialize_with = "date")]
    review_by: Option<RawDateText>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
    sort_by: Option<SortBy>,
    glossary: Option<bool>,
    // The fields of other tools that Playbook understands (see `UNDERSTOOD`).
    publish: Option<bool>,
    permalink: Option<String>,
    #[serde(default, deserialize_with = "strings")]
    cssclasses: Vec<String>,
    #[serde(default, deserialize_with = "date")]
    created: Option<RawDateText>,
    #[serde(default, deserialize_with = "date")]
    modified: Option<RawDateText>,
    #[serde(default, deserialize_with = "date")]
    updated: Option<RawDateText>,
    #[serde(default, deserialize_with = "date")]
    lastmod: Option<RawDateText>,
    #[serde(default, deserialize_with = "strings")]
    categories: Vec<String>,
    #[serde(default)]
    taxonomies: serde_json::Map<String, serde_json::Value>,
    redirect_to: Option<String>,
    /// Every other field, as written.
    #[serde(flatten)]
    other: serde_json::Map<String, serde_json::Value>,
}

/// Every field a page's front matter may have.
pub(crate) const PAGE_FIELDS: &[&str] = &[
    "title",
    "description",
    "weight",
    "slug",
    "aliases",
    "tags",
    "draft",
    "date",
    "template",
    "owner",
    "review_by",
    "extra",
];

/// Fields only a section's `_index.md` takes.
pub(crate) const SECTION_FIELDS: &[&str] = &["sort_by", "glossary"];

/// Fields of other tools that Playbook understands, and what each becomes.
pub(crate) const UNDERSTOOD: &[(&str, &str)] = &[
    (
        "publish",
        "`publish: false` keeps the page out, like `draft: true`",
    ),
    (
        "published",
        "`published: false` keeps the page out, like `draft: true`",
    ),
    ("permalink", "the page's URL; its old URL redirects to it"),
    ("cssclasses", "classes on the page's `<body>`"),
    ("created", "the page's `date` where it has none"),
    ("modified", "the date the page was last updated"),
    ("updated", "the date the page was last updated"),
    ("lastmod", "the date the page was last updated"),
    ("categories", "tags"),
    ("taxonomies", "its `tags` and `categories` are tags"),
    ("redirect_to", "the page is a redirect to that address"),
];

/// Parsed, validated front matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    /// The page's name.
    pub(crate) title: Option<String>,
    /// One or two sentences.
    pub(crate) description: Option<String>,
    /// Lower sorts first.
    pub(crate) weight: Option<i64>,
    /// Overrides the slug taken from the file name.
    pub(crate) slug: Option<String>,
    /// Other names for the page.
    pub(crate) aliases: Vec<String>,
    /// Tags (with `categories` and Zola's taxonomies).
    pub(crate) tags: Vec<String>,
    /// Kept out of the build unless drafts are asked for (`draft: true`, `publish: false`).
    pub(crate) draft: bool,
    /// `YYYY-MM-DD` (from `date`, else `created`).
    pub(crate) date: Option<Date>,
    /// When the page last changed (`updated`, `modified`, `lastmod`).
    pub(crate) updated: Option<Date>,
    /// A template overriding the default.
    pub(crate) template: Option<String>,
    /// Who keeps the page true.
    pub(crate) owner: Option<String>,
    /// When the page is due for review.
    pub(crate) review_by: Option<Date>,
    /// The page's own URL, `a/b`, or `""` for the site's root (from `permalink`).
    pub(crate) permalink: Option<String>,
    /// Classes for the page's `<body>` (from `cssclasses`).
    pub(crate) css_classes: Vec<String>,
    /// Where the page sends its readers instead (from `redirect_to`).
    pub(crate) redirect_to: Option<String>,
    /// Free table for templates; fields Playbook does not know are kept here too.
    pub(crate) extra: serde_json::Map<String, serde_json::Value>,
    /// Sections only: how pages sort.
    pub(crate) sort_by: Option<SortBy>,
    /// Sections only: this section is the glossary.
    pub(crate) glossary: Option<bool>,
    /// Fields of other tools that were understood, by name (for `check`'s summary).
    pub(crate) understood: Vec<&'static str>,
    /// Fields kept for templates as they are, with where each is written.
    pub(crate) kept: Vec<(String, Position)>,
}

/// A problem in a file's front matter, positioned in the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    /// Where.
    pub pos: Position,
    /// What.
    pub message: String,
    /// The nearest fix.
    pub help: Option<String>,
}

impl FrontMatterError {
    fn new(pos: Position, message: impl Into<String>, help: Option<String>) -> Self {
        FrontMatterError {
            pos,
            message: message.into(),
            help,
        }
    }
}

/// The front matter language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Between `---` lines.
    Yaml,
    /// Between `+++` lines.
    Toml,
}

/// A file split into header and body; offsets are bytes into the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The header's language, `None` when the file has no front matter.
    pub format: Option<Format>,
    /// Byte range of the header's text (between the delimiter lines).
    pub header: std::ops::Range<usize>,
    /// Byte offset where the markdown body starts.
    pub body_start: usize,
}

/// Finds the front matter block at the start of `text`. Blank lines may come before it,
/// as Zola allows; there, a `---` that is never closed is the body's rule, not a header.
pub fn split(text: &str) -> Result<Split, FrontMatterError> {
    let none = Split {
        format: None,
        header: 0..0,
        body_start: 0,
    };
    let mut start = 0;
    let mut line = 1;
    let (format, first_line_end) = loop {
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        match text[start..end].trim_end() {
            "---" => break (Format::Yaml, end),
            "+++" => break (Format::Toml, end),
            "" if end < text.len() => {
                start = end;
                line += 1;
            }
            _ => return Ok(none),
        }
    };
    let fence = if format == Format::Yaml { "---" } else { "+++" };
    let mut offset = first_line_end;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        if text[offset..end].trim_end() == fence {
            return Ok(Split {
                format: Some(format),
                header: first_line_end..offset,
                body_start: end,
            });
        }
        offset = end;
    }
    if line > 1 {
        return Ok(none);
    }
    Err(FrontMatterError::new(
        Position::new(1, 1),
        format!("front matter opened with `{fence}` on line 1 is never closed"),
        Some(format!(
            "add a line `{fence}` after the last front matter field"
        )),
    ))
}

/// Reads the header of `split` (in `text`) for a page or, with `is_section`, a section:
/// the front matter as far as it could be read, and every problem found in it.
pub fn parse(
    text: &str,
    lines: &LineIndex,
    split: &Split,
    is_section: bool,
) -> (FrontMatter, Vec<FrontMatterError>) {
    let Some(format) = split.format else {
        return (FrontMatter::default(), Vec::new());
    };
    let header = &text[split.header.clone()];
    let first_line = lines.position(text, split.header.start).line;
    let at = |offset: usize| lines.position(text, split.header.start + offset);
    let (raw, mut errors) = match format {
        Format::Yaml => yaml::read(header, at),
        Format::Toml => read_toml(header, at),
    };
    let (meta, more) = fields::interpret(raw, header, first_line, is_section);
    errors.extend(more);
    errors.sort_by_key(|e| (e.pos.line, e.pos.column));
    (meta, errors)
}

/// Reads a TOML header: its syntax first, then each field.
fn read_toml(
    header: &str,
    at: impl Fn(usize) -> Position,
) -> (RawFrontMatter, Vec<FrontMatterError>) {
    match toml::from_str::<toml::Table>(header) {
        Ok(table) => {
            let map = table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect();
            fields::read_map(map, header, at(0).line)
        }
        Err(e) => {
            let pos = e.span().map_or(at(0), |s| at(s.start));
            let message = e.message().trim();
            let error = FrontMatterError::new(
                pos,
                format!("invalid TOML: {message}"),
                Some(explain::toml_help(message)),
            );
            (rescued(header), vec![error])
        }
    }
}

/// What can be saved of a header that does not parse: its `title` line, when it is a
/// plain or quoted value on one line, so the page keeps its name and links to it still
/// find it while the error is fixed.
fn rescued(header: &str) -> RawFrontMatter {
    let title = header.lines().find_map(|line| {
        let rest = line.strip_prefix("title")?.trim_start();
        let value = rest.strip_prefix([':', '='])?.trim();
        let quoted = ['"', '\''].into_iter().find(|q| value.starts_with(*q));
        let value = match quoted {
            Some(q) => value[1..].strip_suffix(q)?,
            None if value.starts_with(['[', '{', '|', '>', '&', '*', '!']) => return None,
            None => value,
        };
        (!value.trim().is_empty()).then(|| value.trim().to_string())
    });
    RawFrontMatter {
        title,
        ..RawFrontMatter::default()
    }
}

/// A TOML value as JSON; a date-time becomes its text, as YAML gives it.
fn toml_to_json(value: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => J::from(f),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(items) => J::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            J::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// Where a top-level `key` is written in the header (line in the whole file, column 1;
/// the header's first line when it is not there).
pub(crate) fn key_position(header: &str, key: &str, first_line: usize) -> Position {
    let line = key_line(header, key).unwrap_or(0);
    Position::new(first_line + line, 1)
}

/// The 0-based line of the header where top-level `key` is written: `key: v`, `key = v`,
/// or a TOML table `[key]`.
pub(crate) fn key_line(header: &str, key: &str) -> Option<usize> {
    header.lines().position(|line| {
        line.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with([':', '=']))
            || line
                .trim_end()
                .strip_prefix('[')
                .and_then(|l| l.strip_suffix(']'))
                == Some(key)
    })
}

/// Where the value of top-level `key` starts on its line (the key's position when the
/// value is on the lines below), and the value as written there.
pub(crate) fn value_position<'h>(
    header: &'h str,
    key: &str,
    first_line: usize,
) -> (Position, &'h str) {
    let pos = key_position(header, key, first_line);
    let line = header
        .lines()
        .nth(pos.line - first_line)
        .unwrap_or_default();
    let Some(rest) = line.strip_prefix(key).map(str::trim_start) else {
        return (pos, "");
    };
    let value = rest[1.min(rest.len())..].trim_start();
    if value.is_empty() {
        return (pos, "");
    }
    let column = line[..line.len() - value.len()].chars().count() + 1;
    (Position::new(pos.line, column), value.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<FrontMatter, Vec<FrontMatterError>> {
        let s = split(text).map_err(|e| vec![e])?;
        let (meta, errors) = parse(text, &LineIndex::new(text), &s, false);
        if errors.is_empty() {
            Ok(meta)
        } else {
            Err(errors)
        }
    }

    #[test]
    fn splits_yaml_and_toml() {
        let s = split("---\ntitle: A\n---\nbody").unwrap();
        assert_eq!(s.format, Some(Format::Yaml));
        assert_eq!(s.body_start, 17);
        let s = split("+++\r\ntitle = 'A'\r\n+++\r\nbody").unwrap();
        assert_eq!(s.format, Some(Format::Toml));
        assert_eq!(split("# no front matter").unwrap().format, None);
    }

    #[test]
    fn yes_no_on_off_and_numbers_in_lists_are_words() {
        let fm = parse_str("---\ntitle: No\ntags: [NO, On, 2024, 007, 1.10]\naliases: y\n---\n")
            .unwrap();
        assert_eq!(fm.title.as_deref(), Some("No"));
        assert_eq!(fm.tags, ["NO", "On", "2024", "007", "1.10"]);
        assert_eq!(fm.aliases, ["y"]);
        let fm = parse_str("---\ntitle: A\ntags: 007\ndraft: True\n---\n").unwrap();
        assert_eq!((fm.tags, fm.draft), (vec!["007".to_string()], true));
        let fm = parse_str("---\ntitle: A\ntags:\naliases: ~\n---\n").unwrap();
        assert!(
            fm.tags.is_empty() && fm.aliases.is_empty(),
            "empty, as archetypes leave them"
        );
        let fm = parse_str("---\ntitle: A\ntags:\n  - trust\n  -\naliases:\n  -\n---\n").unwrap();
        assert_eq!(fm.tags, ["trust"], "an item left empty is none");
        assert!(fm.aliases.is_empty());
        // A lone value YAML reads as a number or boolean is kept as written.
        let fm = parse_str("---\ntitle: A\ntags: 1.10 # a version\naliases: 0x10\n---\n").unwrap();
        assert_eq!(
            (fm.tags, fm.aliases),
            (vec!["1.10".to_string()], vec!["0x10".to_string()])
        );
        let fm = parse_str("---\ntitle: A\ntags: 1.10\t# a version\naliases: |-\n  1.10\n---\n")
            .unwrap();
        assert_eq!(
            (fm.tags, fm.aliases),
            (vec!["1.10".to_string()], vec!["1.10".to_string()]),
            "a comment after a tab; a block scalar is read as it is"
        );
        let fm =
            parse_str("---\ntitle: A\ndescription: \"a\ntags: 5\"\ntags: 1.10\n---\n").unwrap();
        assert_eq!(
            fm.tags,
            ["1.10"],
            "a `tags:` line inside another value is not the key"
        );
        let fm = parse_str("---\ntitle: A\ntags: \"2.0\"\naliases: TRUE\n---\n").unwrap();
        assert_eq!(
            (fm.tags, fm.aliases),
            (vec!["2.0".to_string()], vec!["TRUE".to_string()])
        );
    }

    #[test]
    fn unclosed_front_matter_is_an_error_on_line_one() {
        let e = split("---\ntitle: A\n\nbody").unwrap_err();
        assert_eq!(e.pos, Position::new(1, 1));
        assert!(e.message.contains("never closed"), "{}", e.message);
    }

    #[test]
    fn unknown_field_is_positioned_in_the_file_and_suggests() {
        let e = parse_str("---\ntitle: A\ntittle: B\n---\n").unwrap_err();
        assert_eq!(e[0].pos, Position::new(3, 1));
        assert_eq!(e[0].message, "unknown front matter field `tittle`");
        assert_eq!(e[0].help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn wrong_type_names_the_field() {
        let e = parse_str("---\ntitle: A\nweight: \"high\"\n---\n").unwrap_err();
        assert_eq!(e[0].pos, Position::new(3, 9));
        assert_eq!(
            e[0].message,
            "`weight` has the wrong type: expected a whole number, found `\"high\"`"
        );
        let e = parse_str("+++\ntitle = 'A'\nweight = 'high'\n+++\n").unwrap_err();
        assert_eq!(e[0].pos, Position::new(3, 10));
        assert_eq!(
            e[0].message,
            "`weight` has the wrong type: expected a whole number, found `'high'`"
        );
        let e = parse_str("---\ntitle: A\ntags: {a: 1}\n---\n").unwrap_err();
        assert_eq!(
            e[0].message,
            "`tags` has the wrong type: expected a string or a list of strings, found `{a: 1}`"
        );
    }

    #[test]
    fn yaml_syntax_errors_say_so() {
        let e = parse_str("---\ntitle: [x\n---\n").unwrap_err();
        assert_eq!(e[0].pos, Position::new(2, 8));
        assert_eq!(e[0].message, "this `[` is never closed");
        // The parser stops at line 5; the cause is the `[` left open on line 4.
        let e =
            parse_str("---\ntitle: A\ndescription: B\ntags: [a, b\nowner: C\n---\n").unwrap_err();
        assert_eq!((e.len(), e[0].pos), (1, Position::new(4, 7)));
        assert!(
            e[0].help
                .as_deref()
                .unwrap()
                .contains("close the list with `]`")
        );
        let e = parse_str("---\ntitle: \"Trust: the basics\nowner: C\n---\n").unwrap_err();
        assert_eq!(
            (e[0].pos, e[0].message.as_str()),
            (Position::new(2, 8), "this quoted value is never closed")
        );
        let e = parse_str("---\ntitle: Trust: the basics\n---\n").unwrap_err();
        assert!(e[0].message.starts_with("invalid YAML"), "{}", e[0].message);
        assert!(e[0].help.as_deref().unwrap().contains("must be quoted"));
        let e = parse_str("---\ntitle: a\ntitle: b\n---\n").unwrap_err();
        assert_eq!(e[0].message, "`title` is set twice");
        let e = parse_str("+++\ntitle = \n+++\n").unwrap_err();
        assert!(e[0].message.starts_with("invalid TOML"), "{}", e[0].message);
        // The title of a header that does not parse is saved, so the page keeps its name.
        for text in [
            "---\ntitle: \"Trust\"\ntags: [a\n---\n",
            "+++\ntitle = 'Trust'\ntags = [\n+++\n",
            "---\ntags: [a\ntitle: Trust\n---\n",
        ] {
            let s = split(text).unwrap();
            let (meta, errors) = parse(text, &LineIndex::new(text), &s, false);
            assert_eq!(
                (meta.title.as_deref(), errors.len()),
                (Some("Trust"), 1),
                "{text}"
            );
        }
    }

    #[test]
    fn tabs_in_yaml_are_reported_where_they_are() {
        let e = parse_str("---\ntitle: A\ntags:\n\t- a\n---\n").unwrap_err();
        assert_eq!(e[0].pos, Position::new(4, 1));
    }

    #[test]
    fn dates_are_checked() {
        let fm = parse_str("---\ndate: 2024-02-29\n---\n").unwrap();
        assert_eq!(fm.date, Some(Date("2024-02-29".into())));
        let fm = parse_str("+++\ndate = 2024-02-29\n+++\n").unwrap();
        assert_eq!(fm.date, Some(Date("2024-02-29".into())));
        let e = parse_str("---\ntitle: A\nreview_by: 2023-02-29\n---\n").unwrap_err();
        assert_eq!(e[0].pos, Position::new(3, 1));
        assert_eq!(Date("1970-01-02".into()).days(), 1);
    }

    #[test]
    fn every_problem_of_a_header_is_reported_and_the_rest_is_read() {
        let text =
            "---\ntittle: B\nweight: high\ndraft: yes\ndescription: D\nalias: x\nTags: [a]\n---\n";
        let s = split(text).unwrap();
        let (meta, errors) = parse(text, &LineIndex::new(text), &s, false);
        let lines: Vec<usize> = errors.iter().map(|e| e.pos.line).collect();
        assert_eq!(lines, [2, 3, 4, 6, 7], "{errors:?}");
        assert_eq!(errors[0].help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(errors[3].help.as_deref(), Some("did you mean `aliases`?"));
        assert_eq!(
            errors[4].help.as_deref(),
            Some("field names are lowercase: write `tags`")
        );
        assert_eq!(
            meta.description.as_deref(),
            Some("D"),
            "the good fields are read"
        );
    }

    #[test]
    fn fields_of_other_tools_are_understood() {
        let fm = parse_str(
            "---\npublish: false\npermalink: /guides/start/\ncssclasses: [wide, cards]\ncreated: 2025-07-30T22:58:44+02:00\nmodified: 2025-08-01\ncategories: [ops]\ntags: [a]\n---\n",
        )
        .unwrap();
        assert!(fm.draft);
        assert_eq!(fm.permalink.as_deref(), Some("guides/start"));
        assert_eq!(fm.css_classes, ["wide", "cards"]);
        assert_eq!(fm.date, Some(Date("2025-07-30".into())));
        assert_eq!(fm.updated, Some(Date("2025-08-01".into())));
        assert_eq!(fm.tags, ["a", "ops"]);
        assert_eq!(fm.understood.len(), 6, "{:?}", fm.understood);
        let fm = parse_str(
            "+++\ndate = 2025-07-30T22:58:44+02:00\nredirect_to = \"https://example.org/\"\n[taxonomies]\ntags = [\"x\", 2024]\nauthors = [\"me\"]\n[extra]\nicon = \"star\"\n+++\n",
        )
        .unwrap();
        assert_eq!(fm.date, Some(Date("2025-07-30".into())));
        assert_eq!(fm.tags, ["x", "2024"]);
        assert_eq!(fm.redirect_to.as_deref(), Some("https://example.org/"));
        assert_eq!(fm.extra["icon"], "star");
        assert_eq!(fm.extra["taxonomies"]["authors"][0], "me");
    }

    #[test]
    fn other_fields_are_kept_for_templates() {
        let fm =
            parse_str("---\ntitle: A\nstatus: draft-ish\nrating: 4\nmobile: true\n---\n").unwrap();
        assert_eq!(fm.extra["status"], "draft-ish");
        assert_eq!(fm.extra["rating"], 4);
        let kept: Vec<(&str, usize)> = fm.kept.iter().map(|(k, p)| (k.as_str(), p.line)).collect();
        assert_eq!(kept, [("status", 3), ("rating", 4), ("mobile", 5)]);
        assert_eq!(fields::near_miss("name"), None, "`name` is not `date`");
        assert_eq!(fields::near_miss("order"), None, "`order` is not `owner`");
        assert_eq!(fields::near_miss("Title"), Some("title"));
        assert_eq!(fields::near_miss("reviewby"), Some("review_by"));
        assert_eq!(
            fields::near_miss("related"),
            None,
            "`related` is not `created`"
        );
        let e = parse_str("---\ntitle: A\nTitle: B\n---\n").unwrap_err();
        assert_eq!(
            e[0].help.as_deref(),
            Some("`title` is set too: remove this line")
        );
        assert_eq!(fields::near_miss("desciption"), Some("description"));
        for text in ["false", "no", "\"false\"", "Off"] {
            let fm = parse_str(&format!("---\npublished: {text}\n---\n")).unwrap();
            assert!(fm.draft, "Jekyll's `published: {text}`");
        }
        let fm = parse_str("---\npublished: 2024-05-01\n---\n").unwrap();
        assert_eq!(
            (fm.draft, fm.kept.len()),
            (false, 1),
            "a clipping's date, kept"
        );
    }

    #[test]
    fn front_matter_may_follow_blank_lines() {
        let s = split("\n\n+++\ntitle = 'A'\n+++\nbody").unwrap();
        assert_eq!(s.format, Some(Format::Toml));
        let s = split("\n---\nnot closed: a rule\n").unwrap();
        assert_eq!(s.format, None);
    }

    #[test]
    fn section_fields_are_rejected_on_pages() {
        let e = parse_str("---\ntitle: A\nsort_by: title\n---\n").unwrap_err();
        assert!(e[0].message.contains("section setting"));
    }
}
