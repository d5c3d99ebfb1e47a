//! Front matter: splitting a markdown file into its YAML (`---`) or TOML (`+++`) header
//! and body, and parsing the header into a typed [`FrontMatter`].
//!
//! Positions in errors are counted in the whole file, not in the header block (Zola and
//! cobalt both get this wrong), so an editor jumps to the right line.

use serde::{Deserialize, Deserializer};

use crate::diagnostic::{LineIndex, Position};

mod date;
mod explain;

pub(crate) use date::Date;
use date::{RawDateText, date};
use explain::{explain, field_help, toml_help, yaml_help};

/// How a section sorts its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum SortBy {
    /// `weight` (then title); the default.
    #[default]
    Weight,
    /// Alphabetically by title.
    Title,
    /// Newest `date` first.
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

/// The fields of the authoring contract, for pages and sections alike.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// Tags.
    pub(crate) tags: Vec<String>,
    /// Kept out of the build unless drafts are asked for.
    pub(crate) draft: bool,
    /// `YYYY-MM-DD`.
    pub(crate) date: Option<Date>,
    /// A template overriding the default.
    pub(crate) template: Option<String>,
    /// Who keeps the page true.
    pub(crate) owner: Option<String>,
    /// When the page is due for review.
    pub(crate) review_by: Option<Date>,
    /// Free table for templates.
    pub(crate) extra: serde_json::Map<String, serde_json::Value>,
    /// Sections only: how pages sort.
    pub(crate) sort_by: Option<SortBy>,
    /// Sections only: this section is the glossary.
    pub(crate) glossary: Option<bool>,
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

/// Finds the front matter block at the very start of `text`.
pub fn split(text: &str) -> Result<Split, FrontMatterError> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let format = match text[..first_line_end].trim_end() {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ => {
            return Ok(Split {
                format: None,
                header: 0..0,
                body_start: 0,
            });
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
    Err(FrontMatterError::new(
        Position::new(1, 1),
        format!("front matter opened with `{fence}` on line 1 is never closed"),
        Some(format!(
            "add a line `{fence}` after the last front matter field"
        )),
    ))
}

/// Parses the header of `split` (in `text`) for a page or, with `is_section`, a section.
pub fn parse(
    text: &str,
    lines: &LineIndex,
    split: &Split,
    is_section: bool,
) -> Result<FrontMatter, Vec<FrontMatterError>> {
    let Some(format) = split.format else {
        return Ok(FrontMatter::default());
    };
    let header = &text[split.header.clone()];
    let first_line = lines.position(text, split.header.start).line;
    let raw: RawFrontMatter = match format {
        Format::Yaml => {
            let at = |offset: usize| lines.position(text, split.header.start + offset);
            parse_yaml(header, at, is_section)?
        }
        Format::Toml => {
            let toml_error = |e: toml::de::Error, syntax: bool| {
                let pos = e.span().map_or(Position::new(first_line, 1), |s| {
                    lines.position(text, split.header.start + s.start)
                });
                if syntax {
                    return vec![FrontMatterError::new(
                        pos,
                        format!("invalid TOML: {}", e.message().trim()),
                        Some(toml_help(e.message())),
                    )];
                }
                vec![explain(
                    header,
                    pos,
                    pos.line + 1 - first_line,
                    e.message(),
                    is_section,
                )]
            };
            toml::from_str::<toml::Table>(header).map_err(|e| toml_error(e, true))?;
            toml::from_str(header).map_err(|e| toml_error(e, false))?
        }
    };
    validate(raw, header, first_line, is_section)
}

/// `at` gives the place in the file of a byte offset into `header`.
fn parse_yaml(
    header: &str,
    at: impl Fn(usize) -> Position,
    is_section: bool,
) -> Result<RawFrontMatter, Vec<FrontMatterError>> {
    let first_line = at(0).line;
    for (i, line) in header.lines().enumerate() {
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        if let Some(col) = indent.chars().position(|c| c == '\t') {
            return Err(vec![FrontMatterError::new(
                Position::new(first_line + i, col + 1),
                "a tab indents this YAML line; YAML allows only spaces",
                Some("replace the tab with spaces".to_string()),
            )]);
        }
    }
    if header.trim().is_empty() {
        return Ok(RawFrontMatter::default());
    }
    let located = |e: serde_saphyr::Error| {
        // From the byte offset where there is one: YAML also ends a line at a lone
        // carriage return, which no editor shows as a line of its own.
        let pos = e.location().map_or(Position::new(first_line, 1), |l| {
            match l.span().byte_offset() {
                Some(offset) => at(offset as usize),
                None => Position::new(
                    first_line + (l.line() as usize).max(1) - 1,
                    (l.column() as usize).max(1),
                ),
            }
        });
        let line = pos.line + 1 - first_line;
        let message = e.without_snippet().to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        (pos, line, message)
    };
    let typed_error =
        match serde_saphyr::from_str_with_options::<RawFrontMatter>(header, yaml_options()) {
            Ok(mut raw) => {
                as_written(&mut raw.tags, header, "tags");
                as_written(&mut raw.aliases, header, "aliases");
                return Ok(raw);
            }
            Err(e) => e,
        };
    // It failed: look at the syntax alone, so a stray bracket is reported as such and not
    // as a wrong type. (Only on failure: parsing twice would slow every build.)
    match serde_saphyr::from_str::<serde_json::Value>(header) {
        Ok(serde_json::Value::Object(_)) => {
            let (pos, line, message) = located(typed_error);
            Err(vec![explain(header, pos, line, &message, is_section)])
        }
        Ok(_) => Err(vec![FrontMatterError::new(
            Position::new(first_line, 1),
            "front matter must be `key: value` fields",
            Some("write e.g. `title: My page` on its own line".to_string()),
        )]),
        Err(e) => {
            let (pos, _, message) = located(e);
            let (message, help) = match message.strip_prefix("duplicate mapping key: ") {
                Some(rest) => {
                    let key = rest.split(',').next().unwrap_or(rest);
                    (
                        format!("`{key}` is set twice"),
                        Some("keep one of the two lines".to_string()),
                    )
                }
                None => (format!("invalid YAML: {message}"), yaml_help(&message)),
            };
            Err(vec![FrontMatterError::new(pos, message, help)])
        }
    }
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

/// Checks what serde cannot: dates, section-only fields, empty titles and slugs.
fn validate(
    raw: RawFrontMatter,
    header: &str,
    first_line: usize,
    is_section: bool,
) -> Result<FrontMatter, Vec<FrontMatterError>> {
    let key_pos = |key: &str| key_position(header, key, first_line);
    let mut errors = Vec::new();
    let mut check_date = |key: &str, raw: Option<RawDateText>| -> Option<Date> {
        let text = raw?.0;
        let date = Date::parse(text.trim());
        if date.is_none() {
            errors.push(FrontMatterError::new(
                key_pos(key),
                format!("`{key}` is not a valid date: `{text}`"),
                Some(field_help(key).to_string()),
            ));
        }
        date
    };
    let date = check_date("date", raw.date);
    let review_by = check_date("review_by", raw.review_by);
    if !is_section {
        for (key, set) in [
            ("sort_by", raw.sort_by.is_some()),
            ("glossary", raw.glossary.is_some()),
        ] {
            if set {
                errors.push(FrontMatterError::new(
                    key_pos(key),
                    format!("`{key}` is a section setting, but this is a page"),
                    Some(format!("move `{key}` into the section's `_index.md`")),
                ));
            }
        }
    }
    if raw.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        errors.push(FrontMatterError::new(
            key_pos("title"),
            "`title` is empty",
            Some("give the page a title, or remove the field to use its first `# heading`".into()),
        ));
    }
    if let Some(slug) = &raw.slug {
        let clean = crate::content::slugify(slug);
        if clean.is_empty() || clean != *slug {
            errors.push(FrontMatterError::new(
                key_pos("slug"),
                format!("`slug` `{slug}` is not usable in a URL"),
                Some(if clean.is_empty() {
                    "use lowercase letters, digits and `-`".to_string()
                } else {
                    format!("write `slug: {clean}`")
                }),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(FrontMatter {
        title: raw.title.map(|t| t.trim().to_string()),
        description: raw.description.map(|d| d.trim().to_string()),
        weight: raw.weight,
        slug: raw.slug,
        aliases: raw.aliases,
        tags: raw.tags,
        draft: raw.draft,
        date,
        template: raw.template,
        owner: raw.owner,
        review_by,
        extra: raw.extra,
        sort_by: raw.sort_by,
        glossary: raw.glossary,
    })
}

/// Where a top-level `key` is written in the header (line in the whole file, column 1).
pub(crate) fn key_position(header: &str, key: &str, first_line: usize) -> Position {
    header
        .lines()
        .position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with([':', '=']))
        })
        .map_or(Position::new(first_line, 1), |i| {
            Position::new(first_line + i, 1)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<FrontMatter, Vec<FrontMatterError>> {
        let s = split(text).map_err(|e| vec![e])?;
        parse(text, &LineIndex::new(text), &s, false)
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
        assert!(
            e[0].message.starts_with("invalid YAML: unclosed bracket"),
            "{}",
            e[0].message
        );
        let e = parse_str("---\ntitle: a\ntitle: b\n---\n").unwrap_err();
        assert_eq!(e[0].message, "`title` is set twice");
        let e = parse_str("+++\ntitle = \n+++\n").unwrap_err();
        assert!(e[0].message.starts_with("invalid TOML"), "{}", e[0].message);
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
    fn section_fields_are_rejected_on_pages() {
        let e = parse_str("---\ntitle: A\nsort_by: title\n---\n").unwrap_err();
        assert!(e[0].message.contains("section setting"));
    }
}
