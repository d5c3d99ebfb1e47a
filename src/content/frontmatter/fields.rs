//! From what a header says to a [`FrontMatter`]: each value checked on its own, the
//! fields of other tools mapped to Playbook's, near misses of known fields reported, and
//! every other field kept for templates.

use serde_json::{Map, Value};

use super::explain::{field_help, wrong_value};
use super::{
    Date, FrontMatter, FrontMatterError, PAGE_FIELDS, RawDateText, RawFrontMatter, SECTION_FIELDS,
    UNDERSTOOD, key_line, key_position, value_position,
};

/// Reads a header already parsed into `map` field by field: a field whose value is wrong
/// is reported at that value and left out; the others are read.
pub(super) fn read_map(
    map: Map<String, Value>,
    header: &str,
    first_line: usize,
) -> (RawFrontMatter, Vec<FrontMatterError>) {
    let mut errors = Vec::new();
    let mut good = Map::new();
    for (key, mut value) in map {
        as_text(&key, &mut value);
        let one = Value::Object(Map::from_iter([(key.clone(), value.clone())]));
        match serde_json::from_value::<RawFrontMatter>(one) {
            Ok(_) => {
                good.insert(key, value);
            }
            Err(e) => {
                let (pos, written) = value_position(header, &key, first_line);
                let message = e.to_string();
                errors.push(wrong_value(&key, written, pos, &message));
            }
        }
    }
    let raw = serde_json::from_value(Value::Object(good)).unwrap_or_default();
    (raw, errors)
}

/// Numbers and booleans where text is wanted, as text: YAML reads `title: 2024` and
/// `tags: [NO, 2024]` as they look, TOML's `tags = [2024]` too.
fn as_text(key: &str, value: &mut Value) {
    fn text(v: &mut Value) {
        if matches!(v, Value::Number(_) | Value::Bool(_)) {
            *v = Value::String(v.to_string());
        }
    }
    match key {
        "title" | "description" | "slug" | "template" | "owner" | "permalink" | "redirect_to" => {
            text(value)
        }
        "tags" | "aliases" | "cssclasses" | "categories" => match value {
            Value::Array(items) => items.iter_mut().for_each(text),
            v => text(v),
        },
        _ => {}
    }
}

/// Checks what serde cannot (dates, section-only fields, empty titles, slugs, permalinks),
/// maps the fields of other tools, and sorts every other field into a near miss (an
/// error) or a field kept for templates.
pub(super) fn interpret(
    raw: RawFrontMatter,
    header: &str,
    first_line: usize,
    is_section: bool,
) -> (FrontMatter, Vec<FrontMatterError>) {
    let key_pos = |key: &str| key_position(header, key, first_line);
    let mut errors = Vec::new();
    let mut understood = Vec::new();
    let mut check_date = |key: &'static str, raw: Option<RawDateText>| -> Option<Date> {
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
    let created = check_date("created", raw.created);
    let changed = [
        ("updated", check_date("updated", raw.updated)),
        ("modified", check_date("modified", raw.modified)),
        ("lastmod", check_date("lastmod", raw.lastmod)),
    ];
    let updated = changed.iter().filter_map(|(_, d)| d.clone()).max();
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
    let mut slug = raw.slug;
    if let Some(written) = &slug {
        let clean = crate::content::slugify(written);
        if clean.len() > crate::graph::MAX_SEGMENT {
            errors.push(FrontMatterError::new(
                key_pos("slug"),
                format!(
                    "`slug` is {} bytes long, too long for an address: {} is the most that \
                     works on every file system",
                    clean.len(),
                    crate::graph::MAX_SEGMENT
                ),
                Some("shorten it".to_string()),
            ));
            slug = None;
        } else if clean.is_empty() || clean != *written {
            errors.push(FrontMatterError::new(
                key_pos("slug"),
                format!("`slug` `{written}` is not usable in a URL"),
                Some(if clean.is_empty() {
                    "use lowercase letters, digits and `-`".to_string()
                } else {
                    format!("write `slug: {clean}`")
                }),
            ));
            slug = None;
        }
    }
    let permalink = raw.permalink.and_then(|p| match permalink(&p) {
        Ok(path) => Some(path),
        Err(help) => {
            errors.push(FrontMatterError::new(
                key_pos("permalink"),
                format!("`permalink` `{p}` is not a path on this site"),
                Some(help),
            ));
            None
        }
    });
    let mut tags = raw.tags;
    tags.extend(raw.categories.iter().cloned());
    let mut extra = raw.extra;
    let mut taxonomies = raw.taxonomies;
    let mut from_taxonomies = false;
    for name in ["tags", "categories"] {
        if let Some(value) = taxonomies.remove(name) {
            from_taxonomies = true;
            match value {
                Value::Array(items) => tags.extend(items.iter().map(plain)),
                other => tags.push(plain(&other)),
            }
        }
    }
    let mut kept = Vec::new();
    let mut draft = false;
    if !taxonomies.is_empty() {
        kept.push(("taxonomies".to_string(), key_pos("taxonomies")));
        extra.insert("taxonomies".to_string(), Value::Object(taxonomies));
    }
    let mut seen = std::collections::HashSet::new();
    tags.retain(|t| !t.trim().is_empty() && seen.insert(t.clone()));
    for (name, used) in [
        ("publish", raw.publish.is_some()),
        ("permalink", permalink.is_some()),
        ("cssclasses", !raw.cssclasses.is_empty()),
        ("created", created.is_some()),
        ("categories", !raw.categories.is_empty()),
        ("taxonomies", from_taxonomies),
        ("redirect_to", raw.redirect_to.is_some()),
    ] {
        if used {
            understood.push(name);
        }
    }
    understood.extend(
        changed
            .iter()
            .filter(|(_, d)| d.is_some())
            .map(|(name, _)| *name),
    );
    for (key, value) in raw.other {
        // Jekyll's `published: false` is a draft (YAML 1.1 tools read `no` so too); a
        // clipping's `published: 2024-05-01` is the article's own date, kept.
        if key == "published" {
            let published = match &value {
                Value::Bool(b) => Some(*b),
                Value::String(s) => match s.to_lowercase().as_str() {
                    "false" | "no" | "off" => Some(false),
                    "true" | "yes" | "on" => Some(true),
                    _ => None,
                },
                _ => None,
            };
            if let Some(published) = published {
                understood.push("published");
                draft |= !published;
                continue;
            }
        } else if let Some(known) = near_miss(&key) {
            let lowercase = key.eq_ignore_ascii_case(known);
            let help = if lowercase && key_line(header, known).is_some() {
                format!("`{known}` is set too: remove this line")
            } else if lowercase {
                format!("field names are lowercase: write `{known}`")
            } else {
                format!("did you mean `{known}`?")
            };
            errors.push(FrontMatterError::new(
                key_pos(&key),
                format!("unknown front matter field `{key}`"),
                Some(help),
            ));
            continue;
        }
        kept.push((key.clone(), key_pos(&key)));
        extra.entry(key).or_insert(value);
    }
    // Only what can be a class name: a stray quote or `<` in one cannot break the page.
    let css_classes = raw
        .cssclasses
        .iter()
        .flat_map(|c| c.split_whitespace())
        .filter(|c| {
            c.chars()
                .all(|ch| ch.is_alphanumeric() || ch == '-' || ch == '_')
        })
        .map(str::to_string)
        .collect();
    // In the order the file has them, whatever order the map iterates in.
    kept.sort_by_key(|(_, at)| (at.line, at.column));
    let meta = FrontMatter {
        title: raw
            .title
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()),
        description: raw.description.map(|d| d.trim().to_string()),
        weight: raw.weight,
        slug,
        aliases: raw.aliases,
        tags,
        draft: draft || raw.draft || raw.publish == Some(false),
        date: date.or(created),
        updated,
        template: raw.template,
        owner: raw.owner,
        review_by,
        permalink,
        css_classes,
        redirect_to: raw.redirect_to.map(|r| r.trim().to_string()),
        extra,
        sort_by: raw.sort_by,
        glossary: raw.glossary,
        understood,
        kept,
    };
    (meta, errors)
}

/// A tag as text, whatever TOML or YAML made of it.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A `permalink` as a site path `a/b` (`""`, written `/`, is the site's root), or what to
/// write instead.
fn permalink(written: &str) -> Result<String, String> {
    let path = written.trim().trim_matches('/');
    let path = path.strip_suffix(".html").unwrap_or(path);
    if path.is_empty() && written.trim().starts_with('/') {
        return Ok(String::new());
    }
    if path.is_empty() || path.contains(':') || !path.split('/').all(is_path_segment) {
        return Err(
            "write a path below the site's root, e.g. `permalink: guides/onboarding`".into(),
        );
    }
    Ok(path.to_string())
}

/// True for a folder or file name that an address may use: not empty, `.` or `..`, no
/// `?`, `#` or `\\`, no space at either end, and short enough for any file system.
pub(crate) fn is_path_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment != "."
        && segment != ".."
        && segment.len() <= crate::graph::MAX_SEGMENT
        && segment.trim() == segment
        && !segment.contains(['\\', '?', '#'])
}

/// The known field that `key` is a near miss of: the same but for case, an old singular
/// (`alias`, `tag`, `cssclass`), or a slip of one letter (two in a name of eight letters
/// or more: short names differ from other real words by as little, as `related` from
/// `created`).
pub(super) fn near_miss(key: &str) -> Option<&'static str> {
    let known = PAGE_FIELDS
        .iter()
        .chain(SECTION_FIELDS)
        .chain(UNDERSTOOD.iter().map(|(name, _)| name));
    let deprecated = [
        ("alias", "aliases"),
        ("tag", "tags"),
        ("cssclass", "cssclasses"),
    ];
    if let Some((_, new)) = deprecated
        .iter()
        .find(|(old, _)| key.eq_ignore_ascii_case(old))
    {
        return Some(new);
    }
    let lower = key.to_lowercase();
    let fields: Vec<&'static str> = known.copied().collect();
    if let Some(same) = fields.iter().find(|f| **f == lower) {
        return Some(same);
    }
    let allowed = if lower.chars().count() < 8 { 1 } else { 2 };
    let mut best = fields
        .iter()
        .map(|f| (strsim::osa_distance(&lower, f), *f))
        .filter(|(d, _)| *d <= allowed)
        .collect::<Vec<_>>();
    best.sort();
    best.first().map(|(_, f)| *f)
}
