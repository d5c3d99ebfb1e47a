//! The theme: tera templates and static files, from the built-in default theme with a
//! site's own `themes/NAME/` files taking precedence file by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::content::Site;
use crate::diagnostic::{Diagnostic, Position, did_you_mean, nearest};

/// The default theme, compiled into the binary so a site without `themes/` builds.
static BUILT_IN: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a theme file comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// Compiled into the binary.
    BuiltIn(&'static [u8]),
    /// The site's own theme folder.
    Disk(PathBuf),
}

/// Templates ready to render and the static files to copy.
pub struct Theme {
    /// The compiled templates.
    pub(crate) tera: tera::Tera,
    /// Template name to the file shown in diagnostics.
    template_paths: BTreeMap<String, PathBuf>,
    /// Output path (below the output root) to source, for `static/`.
    pub(crate) static_files: BTreeMap<String, Source>,
    /// The site's theme folder, resolved (it may be a link to a theme kept elsewhere):
    /// the only place outside content/ that files are copied from.
    pub(crate) folder: Option<PathBuf>,
}

impl Theme {
    /// Loads the theme site.toml names (`default` when unset). Template syntax errors and
    /// a missing theme folder become diagnostics; the built-in templates stand in so the
    /// rest of the build can still be checked.
    pub(crate) fn load(site: &Site, diagnostics: &mut Vec<Diagnostic>) -> Theme {
        let name = site
            .config
            .theme
            .clone()
            .unwrap_or_else(|| "default".to_string());
        let dir = crate::config::in_site(&site.root, "themes").join(&name);
        // A theme is a folder of themes/, named by one plain name: not `../x` or `/`.
        let plain = matches!(
            Path::new(&name).components().collect::<Vec<_>>()[..],
            [std::path::Component::Normal(_)]
        ) && !name.contains(['/', '\\']);
        if !plain {
            diagnostics.push(
                Diagnostic::error(
                    crate::config::in_site(&site.root, "site.toml"),
                    crate::config::key_position(&site.root, "theme"),
                    format!("theme `{name}` is not the name of a folder in themes/"),
                )
                .with_help(
                    "put the theme in a folder of themes/ (a link to it works too) and \
                     give its name, e.g. `theme = \"mine\"` for themes/mine/",
                ),
            );
        }
        let dir = dir.is_dir().then_some(dir).filter(|_| plain);
        let mut templates: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
        let mut static_files = BTreeMap::new();
        for file in files(&BUILT_IN) {
            let rel = file.path().to_string_lossy().replace('\\', "/");
            if let Some(name) = rel.strip_prefix("templates/") {
                let text = String::from_utf8_lossy(file.contents()).into_owned();
                templates.insert(
                    name.to_string(),
                    (text, PathBuf::from(format!("<built-in theme>/{rel}"))),
                );
            } else if let Some(path) = rel.strip_prefix("static/") {
                static_files.insert(path.to_string(), Source::BuiltIn(file.contents()));
            }
        }
        let built_in = templates.clone();
        if let Some(dir) = &dir {
            read_dir_into(dir, &mut templates, &mut static_files, diagnostics);
        } else if plain && site.config.theme.as_deref().is_some_and(|t| t != "default") {
            let available = std::fs::read_dir(site.root.join("themes"))
                .map(|rd| {
                    rd.filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            let mut choices: Vec<&str> = available.iter().map(String::as_str).collect();
            choices.push("default");
            diagnostics.push(
                Diagnostic::error(
                    crate::config::in_site(&site.root, "site.toml"),
                    crate::config::key_position(&site.root, "theme"),
                    format!(
                        "theme `{name}` not found: there is no folder {}",
                        crate::config::in_site(&site.root, "themes")
                            .join(&name)
                            .display()
                    ),
                )
                .with_optional_help(
                    did_you_mean(&nearest(&name, choices, 1), ("`", "`"))
                        .or(Some("remove `theme` to use the built-in theme".into())),
                ),
            );
        }
        let template_paths = templates
            .iter()
            .map(|(n, (_, p))| (n.clone(), p.clone()))
            .collect();
        let tera = match compile(&templates) {
            Ok(tera) => tera,
            Err(e) => {
                diagnostics.push(template_error(&e, &template_paths, None));
                compile(&built_in).expect("the built-in theme compiles")
            }
        };
        Theme {
            tera,
            template_paths,
            static_files,
            folder: dir.and_then(|d| d.canonicalize().ok()),
        }
    }

    /// The output paths of the static files (for link checking).
    pub(crate) fn static_paths(&self) -> impl Iterator<Item = &str> {
        self.static_files.keys().map(String::as_str)
    }

    /// True when the theme has a template of that name.
    pub(crate) fn has_template(&self, name: &str) -> bool {
        self.template_paths.contains_key(name)
    }

    /// Template names, for suggestions.
    pub(crate) fn template_names(&self) -> impl Iterator<Item = &str> {
        self.template_paths.keys().map(String::as_str)
    }

    /// Turns a tera error met rendering `template` into a diagnostic at the file, line and
    /// column it names, else at `template`'s file.
    pub(crate) fn error(&self, e: &tera::Error, template: &str) -> Diagnostic {
        template_error(e, &self.template_paths, Some(template))
    }
}

fn files(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut out: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        out.extend(files(sub));
    }
    out
}

fn read_dir_into(
    dir: &std::path::Path,
    templates: &mut BTreeMap<String, (String, PathBuf)>,
    static_files: &mut BTreeMap<String, Source>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if let Some(name) = rel.strip_prefix("templates/") {
            match std::fs::read_to_string(entry.path()) {
                Ok(text) => {
                    templates.insert(name.to_string(), (text, entry.path().to_path_buf()));
                }
                Err(e) => diagnostics.push(Diagnostic::error(
                    entry.path(),
                    Position::FILE,
                    format!("cannot read template: {e}"),
                )),
            }
        } else if let Some(path) = rel.strip_prefix("static/") {
            static_files.insert(path.to_string(), Source::Disk(entry.path().to_path_buf()));
        }
    }
}

fn compile(templates: &BTreeMap<String, (String, PathBuf)>) -> Result<tera::Tera, tera::Error> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.add_raw_templates(
        templates
            .iter()
            .map(|(name, (text, _))| (name.as_str(), text.as_str())),
    )?;
    Ok(tera)
}

fn template_error(
    e: &tera::Error,
    paths: &BTreeMap<String, PathBuf>,
    rendering: Option<&str>,
) -> Diagnostic {
    let path_of = |name: &str| {
        paths
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    };
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            Diagnostic::error(
                path_of(r.filename()),
                Position::new(span.start_line, span.start_col + 1),
                r.message().to_string(),
            )
        }
        tera::ErrorKind::MissingParent { current, parent } => {
            let names: Vec<&str> = paths.keys().map(String::as_str).collect();
            Diagnostic::error(
                path_of(current),
                Position::FILE,
                format!("extends `{parent}`, which the theme does not have"),
            )
            .with_optional_help(did_you_mean(&nearest(parent, names, 2), ("`", "`")))
        }
        _ => {
            // Other errors (an unknown filter, say) arrive as rendered reports:
            // "error: MESSAGE" then " --> NAME:LINE:COLUMN".
            let text = e.to_string();
            let message = text
                .lines()
                .find_map(|l| l.strip_prefix("error: "))
                .unwrap_or(text.lines().next().unwrap_or_default());
            let place = text
                .lines()
                .find_map(|l| l.trim_start().strip_prefix("--> "))
                .and_then(|p| {
                    let mut parts = p.rsplitn(3, ':');
                    let column = parts.next()?.parse().ok()?;
                    let line = parts.next()?.parse().ok()?;
                    Some((parts.next()?.to_string(), Position::new(line, column)))
                });
            match place {
                Some((name, pos)) => Diagnostic::error(path_of(&name), pos, message.to_string()),
                None => Diagnostic::error(
                    rendering.map_or_else(|| PathBuf::from("themes"), path_of),
                    Position::FILE,
                    message.to_string(),
                ),
            }
        }
    }
}
