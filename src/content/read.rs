//! Reading one markdown file into a `Doc`: decoding it, splitting off and reading its
//! front matter, finding its title (field, heading, else file name) and slug. What is
//! wrong with the file is reported beside the document, read as far as it goes; only a
//! file that cannot be decoded is left out.

use super::frontmatter;
use super::{Doc, TitleFrom, folders, normalize, slug_of, split_weight, title_from_slug, walk};
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, LineIndex, Position};
use crate::markdown;

/// A file read as a document with its problems, or only the problems that kept it out.
pub(super) type Loaded = Result<(Doc, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Decodes, splits and parses one markdown file: the document as far as it could be read
/// and what is wrong with it, or only what is wrong when it cannot be read at all.
pub(super) fn read_doc(
    file: walk::RawFile,
    config: &SiteConfig,
    drafts: bool,
    role: Option<folders::Role>,
) -> Loaded {
    let is_section_index = role == Some(folders::Role::FolderPage);
    let bundle = role == Some(folders::Role::Bundle);
    let walk::RawFile {
        rel_path,
        path,
        bytes,
    } = file;
    let text = match String::from_utf8(bytes) {
        Ok(text) => normalize(text),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = normalize(std::str::from_utf8(valid).unwrap_or_default().to_string());
            let pos = LineIndex::new(&valid).position(&valid, valid.len());
            return Err(vec![
                Diagnostic::error(&path, pos, "this file is not valid UTF-8")
                    .with_help("save the file as UTF-8 in your editor"),
            ]);
        }
    };
    let mut diagnostics = Vec::new();
    let lines = LineIndex::new(&text);
    if text.trim().is_empty() && !is_section_index {
        diagnostics.push(
            Diagnostic::warning(
                &path,
                Position::new(1, 1),
                "this file is empty: its page shows only its title",
            )
            .with_help("write some text, or delete the file"),
        );
    }
    let error = |e: frontmatter::FrontMatterError| {
        Diagnostic::error(&path, e.pos, e.message).with_optional_help(e.help)
    };
    // A header never closed is reported, and the file read as having none.
    let split = frontmatter::split(&text).unwrap_or_else(|e| {
        diagnostics.push(error(e));
        frontmatter::Split {
            format: None,
            header: 0..0,
            body_start: 0,
        }
    });
    let (meta, errors) = frontmatter::parse(&text, &lines, &split, is_section_index);
    diagnostics.extend(errors.into_iter().map(error));
    // What `%%` hides is gone before anything reads the body (same length, same lines).
    let text = match markdown::comments::hide(&text[split.body_start..]) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(body) => format!("{}{body}", &text[..split.body_start]),
    };
    let mut outline = markdown::outline(&text[split.body_start..], &config.markdown);
    // A bundle is named by its folder, as a folder page is.
    let (prefix_weight, stem_slug) = slug_of(&rel_path, is_section_index || bundle);
    if stem_slug.is_empty() && meta.slug.is_none() && !is_section_index {
        diagnostics.push(
            Diagnostic::error(
                &path,
                Position::new(1, 1),
                "this file's name has no letter or digit to make the page's address from",
            )
            .with_help("rename the file, or give the page an address with `slug: my-page`"),
        );
    }
    let (title, title_from) = match (&meta.title, &outline.h1_title) {
        (Some(title), _) => (title.clone(), TitleFrom::FrontMatter),
        (None, Some(heading)) => (heading.clone(), TitleFrom::Heading),
        (None, None) if is_section_index => (String::new(), TitleFrom::FileName),
        (None, None) => (title_from_file(&rel_path), TitleFrom::FileName),
    };
    outline.drop_title(&title);
    let doc = Doc {
        published: drafts || !meta.draft,
        slug: meta.slug.clone().unwrap_or(stem_slug),
        weight: meta.weight.or(prefix_weight),
        rel_path,
        path,
        body_start: split.body_start,
        lines,
        text,
        meta,
        outline,
        title,
        title_from,
        nav_title: None,
        summary_order: None,
        bundle,
        url: String::new(),
        section: 0,
        is_section_index,
    };
    Ok((doc, diagnostics))
}

/// A page's title from its file name, as Obsidian shows it: `Partner Map.md` gives
/// "Partner Map", `Sci-fi.md` "Sci-fi" and `2023-09-12.md` "2023-09-12"; only a name
/// written in lowercase (words and numbers joined by `-` or `_`, as web repositories name
/// files) reads as words: `02-joint-plan.md` gives "Joint plan", `chapter_1.md`
/// "Chapter 1", `faq.md` "Faq".
pub(super) fn title_from_file(rel_path: &str) -> String {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let (_, stem) = split_weight(stem);
    let kebab = stem.chars().any(char::is_lowercase)
        && stem
            .chars()
            .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    match kebab {
        true => title_from_slug(stem),
        false => stem.trim().to_string(),
    }
}
