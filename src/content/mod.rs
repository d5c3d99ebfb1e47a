//! Content: walks `content/`, reads every file, and builds the [`Site`]: its documents
//! (pages and section intros), its sections as a tree, and the other files (assets) that
//! travel with it.
//!
//! Takes the [`BuildOptions`] and `SiteConfig`; returns the `Site` and the diagnostics
//! of everything that could not be loaded. Nothing here knows about links or HTML.

pub(crate) mod folders;
pub mod frontmatter;
mod read;
pub(crate) mod scaffold;
mod summary;
mod tree;
mod vault;
mod walk;

use read::{Loaded, read_doc};
pub(crate) use walk::{NEVER_PUBLISHED, is_hidden, never_published, rel_string};

use std::path::PathBuf;

use rayon::prelude::*;

use crate::config::{BuildOptions, SiteConfig};
use crate::diagnostic::{Diagnostic, LineIndex, Position};
use crate::markdown::Outline;
pub(crate) use frontmatter::{Date, FrontMatter, SortBy};

/// Index of a document in [`Site::docs`].
pub(crate) type DocId = usize;
/// Index of a section in [`Site::sections`]; the home section is always 0.
pub(crate) type SectionId = usize;

/// A markdown file: a page, or the `_index.md` of a section.
#[derive(Debug, Clone)]
pub(crate) struct Doc {
    /// Path below `content/`, `/`-separated: `tips/01-secure-executive-sponsorship.md`.
    pub(crate) rel_path: String,
    /// The path shown in diagnostics.
    pub(crate) path: PathBuf,
    /// The whole file (without a byte-order mark).
    pub(crate) text: String,
    /// Line starts of `text`.
    pub(crate) lines: LineIndex,
    /// Where the markdown body starts in `text`.
    pub(crate) body_start: usize,
    /// Parsed front matter.
    pub(crate) meta: FrontMatter,
    /// Headings and the title found in the body.
    pub(crate) outline: Outline,
    /// The page's name: front matter `title`, else the first `# heading`, else the file
    /// name.
    pub(crate) title: String,
    /// Where the title came from.
    pub(crate) title_from: TitleFrom,
    /// The title `SUMMARY.md` gives it, which navigation and lists show.
    pub(crate) nav_title: Option<String>,
    /// Where `SUMMARY.md` lists it (1 first).
    pub(crate) summary_order: Option<i64>,
    /// True for a page bundle: the only markdown of its folder (`post/index.md`), a page
    /// at the folder's address among its parent folder's pages (see `folders`).
    pub(crate) bundle: bool,
    /// URL slug (for a section intro: the section's slug).
    pub(crate) slug: String,
    /// Sort weight: front matter `weight`, else the `NN-` file name prefix.
    pub(crate) weight: Option<i64>,
    /// Site-relative URL of the generated page: `tips/secure-executive-sponsorship/`.
    pub(crate) url: String,
    /// The section this page belongs to, or that this `_index.md` introduces.
    pub(crate) section: SectionId,
    /// True for a folder's page: its `_index.md`, `index.md` or `README.md`, or a note
    /// beside the folder with its name (see `folders`).
    pub(crate) is_section_index: bool,
    /// False for drafts left out of this build: they are known (links to them get a
    /// clear error) but not rendered.
    pub(crate) published: bool,
}

impl Doc {
    /// The markdown body.
    pub(crate) fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The position of byte `offset` of the body, in the whole file.
    pub(crate) fn body_position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, self.body_start + offset)
    }

    /// Where front matter field `key` is written (line 1 when it is not).
    pub(crate) fn field_position(&self, key: &str) -> Position {
        frontmatter::key_position(&self.text[..self.body_start], key, 1)
    }

    /// Where list item `value` of front matter field `key` is written: `Plan` in
    /// `aliases: [Business Plan, Plan]` is the second item, not the end of the first.
    /// The field's position when it cannot be told.
    pub(crate) fn value_position(&self, key: &str, value: &str) -> Position {
        let field = self.field_position(key);
        let header = &self.text[..self.body_start];
        let from = self.lines.offset_of_line(field.line).unwrap_or(0);
        let Some(rest) = header.get(from..) else {
            return field;
        };
        let opens = |before: &str| {
            let before = before.trim_end_matches(['"', '\'']).trim_end();
            before.ends_with(['[', ',', '-', ':', '='])
        };
        let closes = |after: &str| {
            let after = after
                .trim_start_matches(['"', '\''])
                .trim_start_matches([' ', '\t']);
            after.is_empty() || after.starts_with([',', ']', '\n', '\r', '#'])
        };
        rest.match_indices(value)
            .find(|(at, _)| opens(&rest[..*at]) && closes(&rest[at + value.len()..]))
            .map_or(field, |(at, _)| self.lines.position(&self.text, from + at))
    }

    /// The folder whose pages this document is among (for a folder's page: the folder it
    /// introduces; a bundle sits beside its folder).
    pub(crate) fn dir(&self) -> &str {
        fn parent(path: &str) -> &str {
            path.rfind('/').map_or("", |i| &path[..i])
        }
        match (self.is_section_index, self.bundle) {
            (true, _) => folders::folder_of(&self.rel_path),
            (false, true) => parent(folders::folder_of(&self.rel_path)),
            (false, false) => parent(&self.rel_path),
        }
    }

    /// The front matter line that makes this page a draft, as written to remove it.
    pub(crate) fn draft_field(&self) -> &'static str {
        let header = &self.text[..self.body_start];
        [
            ("draft", "draft: true"),
            ("publish", "publish: false"),
            ("published", "published: false"),
        ]
        .into_iter()
        .find(|(key, _)| frontmatter::key_line(header, key).is_some())
        .map_or("draft: true", |(_, line)| line)
    }

    /// The file name without `.md`, as Obsidian shows it.
    pub(crate) fn file_stem(&self) -> &str {
        let name = self.rel_path.rsplit('/').next().unwrap_or(&self.rel_path);
        name.strip_suffix(".md").unwrap_or(name)
    }
}

/// Where a page's title comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TitleFrom {
    /// Its `title` field.
    FrontMatter,
    /// Its first `# heading`.
    Heading,
    /// Its file name (or, for a folder's page, the folder's).
    FileName,
}

/// A folder of content: the home page (folder `""`), a section, or a nested section.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    /// Folder below `content/`: `""`, `tips`, `roles/collaborative-leader`.
    pub(crate) rel_dir: String,
    /// Its `_index.md`, if it has one.
    pub(crate) index: Option<DocId>,
    /// The enclosing section (none for home).
    pub(crate) parent: Option<SectionId>,
    /// Title: from `_index.md`, else from the folder name.
    pub(crate) title: String,
    /// URL slug of the folder.
    pub(crate) slug: String,
    /// Site-relative URL of its listing page: `tips/`.
    pub(crate) url: String,
    /// Sort weight among sibling sections.
    pub(crate) weight: Option<i64>,
    /// How its pages sort.
    pub(crate) sort_by: SortBy,
    /// True for the glossary section.
    pub(crate) glossary: bool,
    /// True when it has a published intro, page or sub-section; a folder of drafts is not
    /// published and appears nowhere.
    pub(crate) published: bool,
    /// Its published pages, sorted.
    pub(crate) pages: Vec<DocId>,
    /// Its published sub-sections, sorted.
    pub(crate) children: Vec<SectionId>,
}

/// A non-markdown file under `content/`, copied to the same path in the output.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    /// Path below `content/`, `/`-separated; also its path in the output.
    pub(crate) rel_path: String,
    /// Where it is on disk.
    pub(crate) source: PathBuf,
}

/// An address that sends readers on to a page: where a page was before its `permalink`
/// moved it, or an `aliases` entry written as a path (`/old/path/`, as Zola takes it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Redirect {
    /// The site path readers may still have: `guides/start/`.
    pub(crate) from: String,
    /// The page it sends them to.
    pub(crate) to: DocId,
    /// The front matter field that made it.
    pub(crate) field: &'static str,
}

/// Everything loaded from the site folder.
#[derive(Debug, Clone)]
pub struct Site {
    /// site.toml.
    pub(crate) config: SiteConfig,
    /// The site folder.
    pub(crate) root: PathBuf,
    /// Every markdown file, drafts included (see [`Doc::published`]).
    pub(crate) docs: Vec<Doc>,
    /// Every section; `sections[0]` is home.
    pub(crate) sections: Vec<Section>,
    /// Every other file under `content/`.
    pub(crate) assets: Vec<Asset>,
    /// Markdown files that could not be read (path below `content/`, path shown, and
    /// where their error is), so that a link to one can say so.
    pub(crate) failed: Vec<(String, PathBuf, Position)>,
    /// Old addresses of pages, sent on to where they are now.
    pub(crate) redirects: Vec<Redirect>,
    /// What was done with the settings of the tool the folder was written for, one line
    /// each, for `check`'s summary.
    pub(crate) imported: Vec<String>,
    /// Notes of an Obsidian vault's template folder, left out (paths below `content/`).
    pub(crate) templates: Vec<String>,
}

/// An entry of a section's contents, see [`Site::contents`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Entry {
    /// A sub-section.
    Section(SectionId),
    /// A page.
    Page(DocId),
}

impl Site {
    /// The published documents.
    pub(crate) fn published(&self) -> impl Iterator<Item = (DocId, &Doc)> {
        self.docs.iter().enumerate().filter(|(_, d)| d.published)
    }

    /// What a section holds, in reading order: its sub-sections and pages together. A
    /// section sorted by weight, or by a `SUMMARY.md`, interleaves the two by weight, a
    /// sub-section before a page of the same weight, unweighted entries last; otherwise
    /// sub-sections come first. The navigation, listings and the print page all read
    /// this order.
    pub(crate) fn contents(&self, section: SectionId) -> Vec<Entry> {
        let s = &self.sections[section];
        let sections = s
            .children
            .iter()
            .map(|&c| (self.sections[c].weight, Entry::Section(c)));
        let pages = s
            .pages
            .iter()
            .map(|&p| (self.docs[p].weight, Entry::Page(p)));
        let mut all: Vec<(Option<i64>, Entry)> = sections.chain(pages).collect();
        let summary = s
            .pages
            .iter()
            .any(|&p| self.docs[p].summary_order.is_some());
        if s.sort_by == SortBy::Weight || summary {
            all.sort_by_key(|(w, _)| (w.is_none(), w.unwrap_or(0)));
        }
        all.into_iter().map(|(_, entry)| entry).collect()
    }

    /// True when the build makes the print page: it is on, and the site has no more
    /// published pages than `[print] max_pages`.
    pub(crate) fn prints(&self) -> bool {
        self.config.print.page && self.published().count() <= self.config.print.max_pages
    }

    /// The site's title: site.toml, else the home page's, else the folder name.
    pub(crate) fn title(&self) -> String {
        if let Some(title) = &self.config.title {
            return title.clone();
        }
        if let Some(index) = self.sections[0].index {
            return self.docs[index].title.clone();
        }
        self.root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "Playbook".to_string())
    }
}

/// Reads one markdown file of the site again, after an edit, and places it where the old
/// version was (its section, URL and, for a section intro, its section's slug). The
/// caller decides whether anything beyond the body changed; see [`Doc::same_shape`].
pub(crate) fn reload(
    site: &Site,
    options: &BuildOptions,
    id: DocId,
) -> Result<Doc, Vec<Diagnostic>> {
    let old = &site.docs[id];
    let found = walk::Found {
        rel_path: old.rel_path.clone(),
        path: old.path.clone(),
    };
    let file = found.read().map_err(|e| vec![e])?;
    let role = match (old.is_section_index, old.bundle) {
        (true, _) => Some(folders::Role::FolderPage),
        (false, true) => Some(folders::Role::Bundle),
        (false, false) => None,
    };
    let (mut doc, diagnostics) = read_doc(file, &site.config, options.drafts, role)?;
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    doc.section = old.section;
    if doc.is_section_index {
        doc.slug = old.slug.clone();
        doc.url = old.url.clone();
        if doc.title.is_empty() {
            doc.title = old.title.clone();
        }
    } else {
        doc.url = format!("{}{}/", site.sections[old.section].url, doc.slug);
    }
    Ok(doc)
}

impl Doc {
    /// True when `other` differs from this document at most in its body's prose: the
    /// same title, names, URL, front matter and headings, so every other page's links,
    /// lists and navigation stay as they were.
    pub(crate) fn same_shape(&self, other: &Doc) -> bool {
        self.rel_path == other.rel_path
            && self.title == other.title
            && self.slug == other.slug
            && self.url == other.url
            && self.weight == other.weight
            && self.published == other.published
            && self.meta == other.meta
            && self.outline == other.outline
    }
}

/// Loads `ROOT/content/` into a [`Site`].
pub(crate) fn load(options: &BuildOptions, config: SiteConfig) -> (Site, Vec<Diagnostic>) {
    let content = crate::config::in_site(&options.root, "content");
    let mut diagnostics = Vec::new();
    let walk::Walked {
        mut files,
        assets,
        dirs,
        unreadable,
    } = walk::walk(&content, &mut diagnostics);
    let summary = files
        .iter()
        .position(|f| f.rel_path == summary::FILE)
        .map(|i| files.remove(i));
    let (templates, said) = vault::leave_out_templates(&content, &mut files);
    let mut imported: Vec<String> = said.into_iter().collect();
    let (folder_pages, mut problems) = folders::pick(&files);
    diagnostics.append(&mut problems);
    let loaded: Vec<(String, PathBuf, Loaded)> = files
        .into_par_iter()
        .map(|f| {
            let (rel_path, path) = (f.rel_path.clone(), f.path.clone());
            let role = folder_pages.get(&f.rel_path).copied();
            let loaded = f
                .read()
                .map_err(|e| vec![e])
                .and_then(|raw| read_doc(raw, &config, options.drafts, role));
            (rel_path, path, loaded)
        })
        .collect();
    let mut docs = Vec::new();
    let mut failed: Vec<(String, PathBuf, Position)> = unreadable
        .into_iter()
        .map(|(rel, path)| (rel, path, Position::FILE))
        .collect();
    for (rel_path, path, result) in loaded {
        match result {
            Ok((doc, mut problems)) => {
                docs.push(doc);
                diagnostics.append(&mut problems);
            }
            Err(mut errors) => {
                let at = errors
                    .first()
                    .map_or(Position::FILE, |e| Position::new(e.line, e.column));
                failed.push((rel_path, path, at));
                diagnostics.append(&mut errors);
            }
        }
    }
    if let Some(summary) = summary {
        match summary.read() {
            Ok(raw) => imported.extend(summary::apply(raw, &mut docs, &mut diagnostics)),
            Err(e) => diagnostics.push(e),
        }
    }
    let mut site = Site {
        config,
        root: options.root.clone(),
        docs,
        sections: Vec::new(),
        assets,
        failed,
        redirects: Vec::new(),
        imported,
        templates,
    };
    tree::assemble(&mut site, &dirs, &mut diagnostics);
    (site, diagnostics)
}

/// The text without a byte-order mark and with every line ending written `\n`: CRLF
/// (Windows) and a lone CR (old Mac editors, or a file pasted together from both) each
/// end a line in markdown and YAML alike, so positions count them so. Copies only a file
/// that has a `\r`.
pub fn normalize(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if !text.contains('\r') {
        return text;
    }
    let mut unified = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find('\r') {
        unified.push_str(&rest[..i]);
        unified.push('\n');
        rest = rest[i + 1..].strip_prefix('\n').unwrap_or(&rest[i + 1..]);
    }
    unified.push_str(rest);
    unified
}

/// The weight prefix and slug of a file (or, for `_index.md`, of its folder).
fn slug_of(rel_path: &str, is_section_index: bool) -> (Option<i64>, String) {
    let path = match is_section_index {
        true => folders::folder_of(rel_path),
        false => rel_path.strip_suffix(".md").unwrap_or(rel_path),
    };
    let name = path.rsplit('/').next().unwrap_or_default();
    let (weight, rest) = split_weight(name);
    (weight, slugify(rest))
}

/// Splits an `NN-` prefix off a file or folder name: `01-secure` gives `(Some(1), "secure")`.
pub(crate) fn split_weight(name: &str) -> (Option<i64>, &str) {
    let digits = name.chars().take_while(char::is_ascii_digit).count();
    match name[digits..].strip_prefix('-') {
        // `2023-09-12` is a date, not the weight 2023 of a page `09-12`.
        Some(rest)
            if digits > 0
                && !rest.is_empty()
                && !rest.starts_with(|c: char| c.is_ascii_digit()) =>
        {
            (name[..digits].parse().ok(), rest)
        }
        _ => (None, name),
    }
}

/// A URL-safe slug: lowercase letters and digits (any script), words joined by `-`.
///
/// Used for page slugs, heading anchors and tags, so all three follow one rule.
pub(crate) fn slugify(text: &str) -> String {
    // `é` written as `e` and a combining `´` (as macOS names files) is `é`, not `e`.
    let text = nfc(text);
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '.' || c == '/' {
            pending_dash = true;
        }
    }
    slug
}

/// `text` in Unicode's composed form (NFC): one way of writing each accented letter.
pub(crate) fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(text)
}

/// A tag's slug: each `/`-separated level slugified, so the nested tag `partners/Channel`
/// has its page at `tags/partners/channel/`, below the page of `partners`.
pub(crate) fn tag_slug(tag: &str) -> String {
    let levels: Vec<String> = tag
        .split('/')
        .map(slugify)
        .filter(|l| !l.is_empty())
        .collect();
    levels.join("/")
}

/// "building-blocks" gives "Building blocks".
pub(crate) fn title_from_slug(slug: &str) -> String {
    let words = slug.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_words_and_drop_punctuation() {
        assert_eq!(slugify("What goes wrong?"), "what-goes-wrong");
        assert_eq!(slugify("Q&A: who’s who"), "qa-whos-who");
        assert_eq!(slugify("Plan #2 (draft) 100%"), "plan-2-draft-100");
        assert_eq!(slugify("Ünïcode Straße"), "ünïcode-straße");
        assert_eq!(slugify("  --a  b-- "), "a-b");
    }

    #[test]
    fn byte_order_marks_go_and_every_line_ending_becomes_a_newline() {
        assert_eq!(
            normalize("\u{feff}a\r\nb\rc\n\r\rd\r".into()),
            "a\nb\nc\n\n\nd\n"
        );
        assert_eq!(normalize("plain\n".into()), "plain\n");
    }

    #[test]
    fn weight_prefixes_are_split_off() {
        assert_eq!(split_weight("01-secure"), (Some(1), "secure"));
        assert_eq!(split_weight("2024-review"), (Some(2024), "review"));
        assert_eq!(split_weight("secure"), (None, "secure"));
        assert_eq!(split_weight("01-"), (None, "01-"));
        assert_eq!(split_weight("2023-09-12"), (None, "2023-09-12"));
        for (file, title) in [
            ("a/Partner Map.md", "Partner Map"),
            ("Sci-fi.md", "Sci-fi"),
            ("Daily/2023-09-12.md", "2023-09-12"),
            ("02-joint-plan.md", "Joint plan"),
            ("getting_started.md", "Getting started"),
            ("chapter_1.md", "Chapter 1"),
            ("README2.md", "README2"),
        ] {
            assert_eq!(read::title_from_file(file), title);
        }
        assert_eq!(
            slug_of("tips/03-Build Trust.md", false),
            (Some(3), "build-trust".into())
        );
        assert_eq!(
            slug_of("02-roles/_index.md", true),
            (Some(2), "roles".into())
        );
    }
}
