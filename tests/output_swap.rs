//! Swapping the new site in (issue 20, item 3): an output folder that is a mount point
//! (a tmpfs, a bind mount) is rebuilt in place with nothing left behind, and what an
//! interrupted build left (no `output/` between two renames, an old site, a staging
//! folder, a half-done swap inside a mount point) is put back or cleared by the next build,
//! even one that fails, while what a running build owns is left alone.

mod common;

use std::path::Path;
use std::process::Command;

use common::{TestSite, files, leftovers};

/// A pid no process has: above Linux's largest `pid_max`.
const GONE: &str = "99999999";

/// A page whose header does not parse: a build with it fails.
const BROKEN: &str = "---\ntitle: [unclosed\n---\nText.\n";

#[test]
fn a_build_interrupted_between_its_renames_is_put_back_by_the_next_even_a_failing_one() {
    let site = TestSite::fixture("basic");
    site.build();
    let before = site.snapshot();
    // What a build killed between moving the old output aside and moving the new one in
    // leaves: no output/, the old site aside, and its staging folder.
    let old = site.root().join(format!(".output.old-{GONE}"));
    std::fs::rename(site.output(), &old).unwrap();
    let staging = site.root().join(format!(".output.staging-{GONE}"));
    std::fs::create_dir_all(staging.join("tips")).unwrap();
    std::fs::write(staging.join("tips/half.html"), "half").unwrap();
    site.write("content/tips/05-broken.md", BROKEN);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(site.snapshot() == before, "the old site is back as it was");
    assert_eq!(
        leftovers(site.root()),
        Vec::<String>::new(),
        "{}",
        run.stderr
    );
    let root = site.root().canonicalize().unwrap();
    assert!(
        run.stderr.contains(&format!(
            "note: put back {}/output, which an interrupted build had moved aside",
            root.display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "note: removed {}/.output.staging-{GONE}, left by an interrupted build",
            root.display()
        )),
        "{}",
        run.stderr
    );
}

/// The exchange leaves the old site where the staging folder was: a build killed before
/// removing it leaves the old `.git` there, which the next build moves back.
#[test]
fn an_old_site_left_after_the_exchange_gives_its_git_back_and_goes() {
    let site = TestSite::fixture("basic");
    site.build();
    let old = site.root().join(format!(".output.staging-{GONE}"));
    std::fs::create_dir_all(old.join(".git/refs")).unwrap();
    std::fs::write(old.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(old.join(".playbook-output"), "").unwrap();
    site.build();
    assert_eq!(
        std::fs::read_to_string(site.output().join(".git/HEAD")).unwrap(),
        "ref: refs/heads/gh-pages\n"
    );
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

/// A staging folder of a build still running (pid 1 is always there) is not touched.
#[test]
fn what_a_running_build_owns_is_left_alone() {
    let site = TestSite::fixture("basic");
    let theirs = site.root().join(".output.staging-1");
    std::fs::create_dir_all(&theirs).unwrap();
    std::fs::write(theirs.join("index.html"), "theirs").unwrap();
    site.build();
    assert_eq!(
        std::fs::read_to_string(theirs.join("index.html")).unwrap(),
        "theirs"
    );
}

/// The scenario runs in a user and mount namespace (no root needed): output/ is a tmpfs,
/// then a bind mount. Builds rebuild it in place; a swap inside it that was interrupted
/// (part of the old site moved aside) is put back by the next build, even a failing one.
#[test]
fn an_output_folder_that_is_a_mount_point_is_rebuilt_in_place() {
    let outside = TestSite::empty();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
    std::fs::write(outside.root().join("broken.md"), BROKEN).unwrap();
    let script = format!(
        r#"
        set -e
        cp -r "$FIXTURE" site
        mkdir site/output && mount -t tmpfs -o size=20m tmpfs site/output
        cd site
        "$PLAYBOOK" build > /dev/null 2> ../first
        echo "A line only the second build has." >> content/tips/02-build-trust.md
        "$PLAYBOOK" build > /dev/null 2> ../second
        ls -A > ../beside
        ls -A output > ../inside
        cp -r output ../second-output
        mkdir output/.playbook-old-{GONE} output/.playbook-staging-{GONE}
        mv output/tips output/.playbook-old-{GONE}/
        cp ../broken.md content/tips/05-broken.md
        set +e
        "$PLAYBOOK" build > /dev/null 2> ../third; echo $? > ../third-code
        set -e
        ls -A output > ../inside-third
        cp -r output ../third-output
        rm content/tips/05-broken.md
        cd ..
        umount site/output
        mkdir vol && mount --bind vol site/output
        cd site
        "$PLAYBOOK" build > /dev/null 2> ../bind
        echo "Another line." >> content/tips/02-build-trust.md
        "$PLAYBOOK" build > /dev/null 2> ../bind-again
        ls -A > ../beside-bind
        ls -A output > ../inside-bind
        "#
    );
    let run = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", &script])
        .current_dir(outside.root())
        .env("FIXTURE", &fixture)
        .env("PLAYBOOK", env!("CARGO_BIN_EXE_playbook"))
        .output()
        .unwrap();
    let read = |name: &str| std::fs::read_to_string(outside.root().join(name)).unwrap();
    assert!(
        run.status.success(),
        "{}{}\nfirst: {}\nsecond: {}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr),
        std::fs::read_to_string(outside.root().join("first")).unwrap_or_default(),
        std::fs::read_to_string(outside.root().join("second")).unwrap_or_default()
    );
    for log in ["first", "second", "bind", "bind-again"] {
        assert_eq!(read(log), "", "{log}");
    }
    assert_eq!(read("beside"), "content\noutput\nsite.toml\n");
    assert!(!leftover_in(&read("inside")), "{}", read("inside"));
    let page = read("second-output/tips/build-trust/index.html");
    assert!(page.contains("A line only the second build has."));
    // The failed third build put back what the interrupted swap had moved aside.
    assert_eq!(read("third-code").trim(), "1", "{}", read("third"));
    assert!(
        !leftover_in(&read("inside-third")),
        "{}",
        read("inside-third")
    );
    assert!(
        files(&outside.root().join("third-output")) == files(&outside.root().join("second-output")),
        "{}",
        read("third")
    );
    // The bind mount: the same in place, nothing left.
    assert_eq!(read("beside-bind"), "content\noutput\nsite.toml\n");
    assert!(
        !leftover_in(&read("inside-bind")),
        "{}",
        read("inside-bind")
    );
    let page = read("vol/tips/build-trust/index.html");
    assert!(page.contains("Another line."));
}

/// Whether a listing names a staging folder or an old site.
fn leftover_in(listing: &str) -> bool {
    listing.contains(".playbook-staging-") || listing.contains(".playbook-old-")
}
