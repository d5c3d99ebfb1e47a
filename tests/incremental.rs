//! The incremental path of `serve` gives exactly what a full build gives: a fixture is
//! edited step by step through `Session::update`, and after every step each output file
//! is compared with a clean build of the same sources.

mod common;

use std::path::PathBuf;

use common::TestSite;
use playbook::BuildOptions;
use playbook::output::SiteFiles;
use playbook::session::{Changed, Session};

fn bytes(files: &SiteFiles) -> Vec<(String, Vec<u8>)> {
    files
        .files
        .keys()
        .map(|p| (p.clone(), files.read(p).unwrap().unwrap().into_owned()))
        .collect()
}

/// Writes `text` to `rel`, updates the session, and checks the result against a clean
/// build. Returns how many pages the update re-rendered (`None`: it rebuilt in full).
fn edit(site: &TestSite, session: &mut Session, rel: &str, text: Option<&str>) -> Option<usize> {
    let path = site.root().join(rel);
    match text {
        Some(text) => site.write(rel, text),
        None => std::fs::remove_file(&path).unwrap(),
    }
    let root = site.root().canonicalize().unwrap();
    let changed: Vec<PathBuf> = vec![root.join(rel)];
    let (report, files) = session.update(Changed::Content(&changed));
    let (clean_report, clean) = playbook::build_in_memory(&BuildOptions::new(site.root()));
    assert_eq!(
        report.diagnostics, clean_report.diagnostics,
        "after editing {rel}"
    );
    match (files, clean) {
        (Some(files), Some(clean)) => {
            let (got, want) = (bytes(&files), bytes(&clean));
            let got_paths: Vec<&String> = got.iter().map(|(p, _)| p).collect();
            let want_paths: Vec<&String> = want.iter().map(|(p, _)| p).collect();
            assert_eq!(got_paths, want_paths, "after editing {rel}: the same files");
            for ((path, a), (_, b)) in got.iter().zip(&want) {
                assert!(
                    a == b,
                    "after editing {rel}: {path} differs from a clean build:\n{}\n---\n{}",
                    String::from_utf8_lossy(a),
                    String::from_utf8_lossy(b)
                );
            }
        }
        (None, None) => {}
        (a, b) => panic!(
            "after editing {rel}: incremental built={} clean built={}",
            a.is_some(),
            b.is_some()
        ),
    }
    report.rerendered
}

const TRUST: &str = "content/tips/02-build-trust.md";
const HEAD: &str = "---\ntitle: Build trust early\ndescription: Trust is the currency of an alliance.\ntags: [trust]\n---\n\n# Build trust early\n\n## Why it matters\n\n";

#[test]
fn edits_through_the_incremental_path_equal_a_clean_build() {
    let site = TestSite::fixture("basic");
    let mut session = Session::new(BuildOptions::new(site.root()));
    assert!(session.build().1.is_some());
    let links = "See [[Secure executive sponsorship#Custom anchor]] and [[sponsorship first|the first tip]],\nand [[Alliance manager#choosing-a-manager]].\nThen [[03-measure]].\n";

    // Prose only: just this page (and the search index) is rendered again.
    let n = edit(
        &site,
        &mut session,
        TRUST,
        Some(&format!("{HEAD}A new opening sentence.\n\n{links}")),
    );
    assert_eq!(n, Some(1), "a prose edit re-renders one page");

    // A new link: the target's backlinks change.
    let n = edit(
        &site,
        &mut session,
        TRUST,
        Some(&format!(
            "{HEAD}Now see [[Entrepreneurial catalyst]].\n\n{links}"
        )),
    );
    assert_eq!(n, Some(2));

    // The link goes again, and a glossary term comes in: its "Used in" changes.
    let n = edit(
        &site,
        &mut session,
        TRUST,
        Some(&format!("{HEAD}Agree a North Star first.\n\n{links}")),
    );
    assert_eq!(n, Some(3), "the page, the old link target, the term");

    // A broken link: errors, nothing built; then fixed again.
    edit(
        &site,
        &mut session,
        TRUST,
        Some(&format!("{HEAD}[[Nowhere]]\n\n{links}")),
    );
    assert_eq!(
        edit(
            &site,
            &mut session,
            TRUST,
            Some(&format!("{HEAD}Fixed.\n\n{links}"))
        ),
        None,
        "after a failure, a full build"
    );
    assert_eq!(
        edit(
            &site,
            &mut session,
            TRUST,
            Some(&format!("{HEAD}Fixed again.\n\n{links}"))
        ),
        Some(1)
    );

    // A new heading changes the page's shape: everything is rebuilt.
    assert_eq!(
        edit(
            &site,
            &mut session,
            TRUST,
            Some(&format!("{HEAD}## A new heading\n\n{links}"))
        ),
        None
    );
    // So do a changed title, a new page and a deleted one.
    let measure = "content/tips/03-measure.md";
    let text = std::fs::read_to_string(site.root().join(measure)).unwrap();
    assert_eq!(
        edit(
            &site,
            &mut session,
            measure,
            Some(&text.replace("Measure what matters", "Measure what counts"))
        ),
        None
    );
    assert_eq!(
        edit(
            &site,
            &mut session,
            "content/tips/06-new.md",
            Some("---\ntitle: New\n---\nNew [[Build trust early]].\n")
        ),
        None
    );
    assert_eq!(
        edit(
            &site,
            &mut session,
            "content/tips/06-new.md",
            Some("---\ntitle: New\n---\nNewer [[Build trust early]].\n")
        ),
        Some(1)
    );
    assert_eq!(
        edit(&site, &mut session, "content/tips/06-new.md", None),
        None
    );

    // A section intro and a glossary term page, prose only.
    let tips = std::fs::read_to_string(site.root().join("content/tips/_index.md")).unwrap();
    assert_eq!(
        edit(
            &site,
            &mut session,
            "content/tips/_index.md",
            Some(&format!(
                "{tips}\nMore words about [[Alliance manager|managers]].\n"
            ))
        ),
        Some(2)
    );
    let star = std::fs::read_to_string(site.root().join("content/glossary/north-star.md")).unwrap();
    assert_eq!(
        edit(
            &site,
            &mut session,
            "content/glossary/north-star.md",
            Some(&format!("{star}\nAn executive sponsor signs it.\n"))
        ),
        Some(2)
    );
}

#[test]
fn an_edit_to_an_embedded_page_renders_the_pages_that_embed_it_again() {
    // Outer embeds Inner, which embeds "Build trust early": an edit to the latter's
    // prose renders all three again, the embedded page first.
    let site = TestSite::fixture("basic")
        .file(
            "content/tips/07-inner.md",
            "---\ntitle: Inner\n---\nBefore.\n\n![[Build trust early]]\n",
        )
        .file(
            "content/tips/08-outer.md",
            "---\ntitle: Outer\n---\n![[Inner]]\n",
        );
    let mut session = Session::new(BuildOptions::new(site.root()));
    let (report, files) = session.build();
    assert!(files.is_some(), "{:#?}", report.diagnostics);
    let text = std::fs::read_to_string(site.root().join(TRUST)).unwrap();
    let n = edit(
        &site,
        &mut session,
        TRUST,
        Some(&text.replace("See [[", "New words. See [[")),
    );
    assert_eq!(
        n,
        Some(3),
        "the page, the page embedding it, and the one embedding that"
    );
    // An edit to a page nothing embeds stays an edit to one page.
    let outer = std::fs::read_to_string(site.root().join("content/tips/08-outer.md")).unwrap();
    let n = edit(
        &site,
        &mut session,
        "content/tips/08-outer.md",
        Some(&format!("{outer}\nMore.\n")),
    );
    assert_eq!(n, Some(1));
}
