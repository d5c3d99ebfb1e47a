//! The test helper: builds a real site (a fixture, or files written by the test) in a
//! temporary folder with the real `playbook` binary, then reads what it produced.
#![allow(dead_code)]

pub mod server;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Selector};
use serde_json::Value;

/// A site in a temporary folder.
pub struct TestSite {
    dir: tempfile::TempDir,
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl TestSite {
    /// A copy of `tests/fixtures/NAME`.
    pub fn fixture(name: &str) -> Self {
        let site = Self::empty();
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&from, site.root());
        site
    }

    /// A copy of the bundled playbook: the project's own `content/` and `site.toml`.
    pub fn bundled() -> Self {
        let site = Self::empty();
        let from = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&from.join("content"), &site.root().join("content"));
        std::fs::copy(from.join("site.toml"), site.root().join("site.toml")).expect("site.toml");
        site
    }

    /// An empty folder.
    pub fn empty() -> Self {
        TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// Writes (or replaces) a file of the site.
    pub fn file(self, path: &str, text: &str) -> Self {
        self.write(path, text);
        self
    }

    /// Writes (or replaces) a file of the site.
    pub fn write(&self, path: &str, text: &str) {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn output(&self) -> PathBuf {
        self.root().join("output")
    }

    /// Runs `playbook ARGS` in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_playbook"))
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .output()
            .expect("run playbook");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `playbook build`, which must succeed with no warnings.
    pub fn build(&self) -> &Self {
        let run = self.run(&["build"]);
        assert_eq!(run.code, 0, "build failed:\n{}{}", run.stdout, run.stderr);
        assert!(
            !run.stderr.contains("warning"),
            "build warned:\n{}",
            run.stderr
        );
        self
    }

    /// `playbook build --format json`: the diagnostics, parsed. (A build reports what is
    /// broken; `check` adds the health advice, see [`TestSite::check`].)
    pub fn diagnostics(&self) -> (i32, Vec<Value>) {
        self.json(&["build", "--format", "json"])
    }

    /// `playbook check --format json`: every diagnostic, the health advice included.
    pub fn check(&self) -> (i32, Vec<Value>) {
        self.json(&["check", "--format", "json"])
    }

    fn json(&self, args: &[&str]) -> (i32, Vec<Value>) {
        let run = self.run(args);
        let diags = run
            .stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect();
        (run.code, diags)
    }

    /// A generated page, parsed.
    pub fn page(&self, path: &str) -> Page {
        let file = self.output().join(path);
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        Page {
            html: Html::parse_document(&text),
        }
    }

    /// Every file of the output with its bytes.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        for entry in walkdir::WalkDir::new(self.output())
            .into_iter()
            .filter_map(Result::ok)
        {
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(self.output())
                    .unwrap()
                    .to_path_buf();
                files.insert(rel, std::fs::read(entry.path()).unwrap());
            }
        }
        files
    }
}

/// A parsed HTML page.
pub struct Page {
    pub html: Html,
}

impl Page {
    /// Text of every element matching `css`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let sel = Selector::parse(css).unwrap();
        self.html.select(&sel).map(|e| folded_text(&e)).collect()
    }

    /// Attribute `attr` of every element matching `css`.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        let sel = Selector::parse(css).unwrap();
        self.html
            .select(&sel)
            .filter_map(|e| e.value().attr(attr))
            .map(str::to_string)
            .collect()
    }

    /// The `href` of the link whose text is `text` (exactly, white space folded).
    pub fn href_of(&self, css: &str, text: &str) -> String {
        let sel = Selector::parse(css).unwrap();
        self.html
            .select(&sel)
            .find(|e| folded_text(e) == text)
            .and_then(|e| e.value().attr("href").map(str::to_string))
            .unwrap_or_else(|| panic!("no `{css}` with text {text:?}; have {:?}", self.texts(css)))
    }
}

/// An element's text with runs of white space folded to one space, as a reader sees it.
fn folded_text(element: &scraper::ElementRef) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Finds the diagnostic whose message contains `needle`.
pub fn find<'a>(diags: &'a [Value], needle: &str) -> &'a Value {
    diags
        .iter()
        .find(|d| d["message"].as_str().unwrap_or_default().contains(needle))
        .unwrap_or_else(|| panic!("no diagnostic mentions {needle:?}; got {diags:#?}"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file below `dir` with its bytes.
pub fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Hidden entries beside `output/`: staging folders, old outputs moved aside.
pub fn leftovers(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    names.sort();
    names
}
