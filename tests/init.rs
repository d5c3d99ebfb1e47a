//! `playbook init`: the bundled playbook, written by the binary alone, builds clean.

mod common;

use std::process::Command;

use common::TestSite;

#[test]
fn init_then_build_gives_the_whole_playbook_with_no_warnings() {
    let place = TestSite::empty();
    let run = place.run(&["init", "my-playbook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("cd my-playbook && playbook build"),
        "{}",
        run.stdout
    );
    let site = place.root().join("my-playbook");
    let out = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .arg("build")
        .current_dir(&site)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let tips = std::fs::read_dir(site.join("content/tips"))
        .unwrap()
        .count();
    assert_eq!(tips, 26, "25 tips and the section's _index.md");
    let home = std::fs::read_to_string(site.join("output/index.html")).unwrap();
    assert!(
        home.contains("<title>Partnering Playbook</title>"),
        "{home}"
    );
    assert!(site.join("output/glossary/north-star/index.html").is_file());
    assert!(site.join("output/about/index.html").is_file());
    let toml = std::fs::read_to_string(site.join("site.toml")).unwrap();
    assert!(
        toml.starts_with("# Settings"),
        "site.toml is commented: {toml}"
    );
    assert_eq!(
        std::fs::read_to_string(site.join(".gitignore")).unwrap(),
        "/output/\n"
    );
}

#[test]
fn init_never_overwrites_a_file() {
    let place = TestSite::empty().file("site.toml", "title = \"Mine\"\n");
    let run = place.run(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("kept site.toml as it was"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(place.root().join("site.toml")).unwrap(),
        "title = \"Mine\"\n"
    );
    let again = place.run(&["init"]);
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("content already exists"),
        "{}",
        again.stderr
    );
    place.build();
    assert!(
        place
            .page("index.html")
            .texts("title")
            .contains(&"Mine".to_string())
    );
}

#[test]
fn the_bundled_content_is_what_init_writes() {
    let place = TestSite::empty();
    assert_eq!(place.run(&["init"]).code, 0);
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in walkdir::WalkDir::new(&repo)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let rel = entry.path().strip_prefix(&repo).unwrap();
        let written = std::fs::read(place.root().join("content").join(rel)).unwrap_or_default();
        assert_eq!(
            written,
            std::fs::read(entry.path()).unwrap(),
            "{} differs",
            rel.display()
        );
    }
}
