//! Where a theme may come from (issue 20, item 4): a folder of `themes/`, named by one
//! plain name, or a link there to a theme kept elsewhere, which `build` and `serve` then
//! both use; never `../x` or `/`. An output folder inside a theme linked into `themes/`
//! is refused, so the site is never copied into itself.

mod common;

use common::TestSite;
use playbook::BuildOptions;

#[test]
fn a_theme_named_by_a_path_is_refused_at_its_line() {
    for theme in ["../elsewhere", "/", "..", "a/b", ""] {
        let site = TestSite::fixture("basic");
        // Something to copy if `themes/../elsewhere` were taken.
        std::fs::create_dir_all(site.root().join("elsewhere/static")).unwrap();
        site.write("elsewhere/static/stolen.txt", "secret");
        site.write(
            "site.toml",
            &format!("title = \"T\"\ntheme = \"{theme}\"\n"),
        );
        let run = site.run(&["build"]);
        assert_eq!(run.code, 1, "{theme}: {}", run.stderr);
        let expected = format!(
            "site.toml:2:1: error: theme `{theme}` is not the name of a folder in themes/\n  \
             help: put the theme in a folder of themes/ (a link to it works too) and give its \
             name, e.g. `theme = \"mine\"` for themes/mine/\n"
        );
        assert!(run.stderr.starts_with(&expected), "{theme}: {}", run.stderr);
        assert!(!site.output().join("stolen.txt").exists());
    }
}

#[test]
fn a_theme_linked_into_themes_is_used_by_build_and_serve() {
    let kept = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(kept.path().join("static")).unwrap();
    std::fs::write(kept.path().join("static/brand.css"), "body { color: teal }").unwrap();
    let site = TestSite::fixture("basic").file("site.toml", "title = \"T\"\ntheme = \"brand\"\n");
    std::fs::create_dir_all(site.root().join("themes")).unwrap();
    std::os::unix::fs::symlink(kept.path(), site.root().join("themes/brand")).unwrap();
    site.build();
    assert_eq!(
        std::fs::read_to_string(site.output().join("brand.css")).unwrap(),
        "body { color: teal }"
    );
    // serve answers from the files in memory, read from the theme's folder when asked.
    let (report, files) = playbook::build_in_memory(&BuildOptions::new(site.root()));
    assert_eq!(report.errors(), 0);
    let files = files.unwrap();
    let served = files.read("brand.css").unwrap().unwrap();
    assert_eq!(&served[..], b"body { color: teal }");
}

#[test]
fn an_output_folder_inside_a_theme_linked_in_is_refused() {
    let kept = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(kept.path().join("theme/static")).unwrap();
    let site = TestSite::fixture("basic").file("site.toml", "title = \"T\"\ntheme = \"brand\"\n");
    std::fs::create_dir_all(site.root().join("themes")).unwrap();
    std::os::unix::fs::symlink(kept.path().join("theme"), site.root().join("themes/brand"))
        .unwrap();
    let real = kept.path().canonicalize().unwrap();
    for inside in ["theme/out", "theme/static/deeper/out"] {
        let output = kept.path().join(inside);
        let run = site.run(&["build", "--output", output.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{inside}: {}", run.stderr);
        let expected = format!(
            "it lies inside themes/brand, a link to {}/theme, which the site is built from",
            real.display()
        );
        assert!(run.stderr.contains(&expected), "{inside}: {}", run.stderr);
        assert!(!output.exists(), "{inside}: nothing written");
    }
    site.build();
}
