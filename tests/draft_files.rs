//! What only drafts use stays out of the output (issue 20, item 6): a file only drafts
//! link or embed, and a file in a folder whose pages are all drafts, are not published
//! (nor named by the 404 page) unless a published page links them or the build is made
//! with `--drafts`; an edit in `serve` that links one publishes it, as a build would.

mod common;

use common::TestSite;
use playbook::BuildOptions;
use playbook::session::{Changed, Session};

fn site() -> TestSite {
    TestSite::fixture("basic")
        .file(
            "content/deals/acme.md",
            "---\ntitle: Acme terms\ndraft: true\n---\nSee ![[acme-pricing.png]].\n",
        )
        .file("content/deals/acme-pricing.png", "price list")
        .file("content/deals/acme-contract.pdf", "contract")
        .file(
            "content/tips/06-next.md",
            "---\ntitle: Next deal\ndraft: true\n---\n![plan](img/next-plan.png) and ![](img/shared.png)\n",
        )
        .file("content/tips/img/next-plan.png", "next plan")
        .file("content/tips/img/shared.png", "shared")
        .file(
            "content/tips/07-shared.md",
            "---\ntitle: Shared\n---\n![shared](img/shared.png)\n",
        )
}

#[test]
fn files_only_drafts_use_are_not_published() {
    let site = site();
    site.build();
    let out = site.output();
    for gone in [
        "deals/acme-pricing.png",
        "deals/acme-contract.pdf",
        "tips/img/next-plan.png",
    ] {
        assert!(!out.join(gone).exists(), "{gone} was published");
    }
    assert!(!out.join("deals").exists());
    assert!(
        out.join("tips/img/shared.png").is_file(),
        "a published page links it"
    );
    let not_found = std::fs::read_to_string(out.join("404.html")).unwrap();
    assert!(
        !not_found.contains("deals"),
        "the 404 page names the folder"
    );
    // Nothing of them anywhere in the output.
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            for secret in ["acme-pricing", "acme-contract", "next-plan", "price list"] {
                assert!(
                    !text.contains(secret),
                    "{secret} in {}",
                    entry.path().display()
                );
            }
        }
    }
    let run = site.run(&["build", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for back in [
        "deals/acme-pricing.png",
        "deals/acme-contract.pdf",
        "tips/img/next-plan.png",
    ] {
        assert!(out.join(back).is_file(), "{back} with --drafts");
    }
}

#[test]
fn linking_a_draft_only_file_from_a_published_page_in_serve_publishes_it() {
    let site = site();
    let mut session = Session::new(BuildOptions::new(site.root()));
    let (_, files) = session.build();
    let files = files.unwrap();
    assert!(!files.files.contains_key("tips/img/next-plan.png"));
    let rel = "content/tips/07-shared.md";
    site.write(
        rel,
        "---\ntitle: Shared\n---\n![shared](img/shared.png) ![plan](img/next-plan.png)\n",
    );
    let changed = vec![site.root().canonicalize().unwrap().join(rel)];
    let (report, files) = session.update(Changed::Content(&changed));
    assert_eq!(report.errors(), 0);
    let files = files.unwrap();
    assert!(files.files.contains_key("tips/img/next-plan.png"));
    // And back: unlinked again, it goes again.
    site.write(rel, "---\ntitle: Shared\n---\n![shared](img/shared.png)\n");
    let (_, files) = session.update(Changed::Content(&changed));
    assert!(!files.unwrap().files.contains_key("tips/img/next-plan.png"));
}
