//! Hostile input stays near-linear (issue 20, item 5): eight times the input may cost at
//! most about eight times the work, where a quadratic stage costs sixty-four. Each case
//! runs `check` on a small and an eight-times-larger site and compares the CPU time the
//! process used (user and system, measured by the kernel, so a busy machine slows both
//! alike). The output is checked too: speed must not come from doing less.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::TestSite;

/// The largest ratio of CPU times accepted for eight times the input. Linear work gives
/// about 8 (less, with the fixed cost of starting); quadratic, about 64 (measured before
/// the fixes: 49 for escapes, 65 for headings, 70 for broken links). Suggestions for
/// broken links still rank every name for each link, a few integer operations each,
/// which in this unoptimised test build brings them to about 18.
const LINEAR: f64 = 30.0;

/// CPU seconds `playbook ARGS` used in `root`, and its exit code.
fn cpu_seconds(root: &Path, args: &[&str]) -> (f64, i32) {
    // Reaped by wait4 below, which also gives the CPU time std's wait does not.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(args)
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(rc, pid, "wait4: {}", std::io::Error::last_os_error());
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (seconds(usage.ru_utime) + seconds(usage.ru_stime), code)
}

/// Runs `check` on the site `make(n)` builds for `n` and for `8 n`, and fails when the
/// larger took more than [`LINEAR`] times the CPU of the smaller.
fn grows_linearly(what: &str, n: usize, make: impl Fn(usize) -> TestSite, code: i32) {
    let (small, large) = (make(n), make(8 * n));
    // The best of two runs each: the least disturbed.
    let time = |site: &TestSite| {
        (0..2)
            .map(|_| {
                let (seconds, got) = cpu_seconds(site.root(), &["check"]);
                assert_eq!(got, code, "{what}: exit code");
                seconds
            })
            .fold(f64::INFINITY, f64::min)
            .max(Duration::from_millis(10).as_secs_f64())
    };
    let (a, b) = (time(&small), time(&large));
    eprintln!(
        "{what}: {n}: {a:.2} s, {}: {b:.2} s, ratio {:.1}",
        8 * n,
        b / a
    );
    assert!(
        b / a < LINEAR,
        "{what}: eight times the input took {:.1} times the CPU ({a:.2} s, then {b:.2} s)",
        b / a
    );
}

fn headings(n: usize) -> TestSite {
    let body: String = (0..n).map(|_| "## Same\n\nText.\n\n").collect();
    TestSite::empty().file("content/page.md", &format!("# Page\n\n{body}"))
}

#[test]
fn thousands_of_identical_headings_get_their_ids_in_linear_time() {
    grows_linearly("identical headings", 2_500, headings, 0);
    let site = headings(2_500);
    site.build();
    let ids = site.page("page/index.html").attrs("h2", "id");
    assert_eq!(ids.len(), 2_500);
    assert_eq!(ids[0], "same");
    assert_eq!(ids[1], "same-1");
    assert_eq!(ids[2_499], "same-2499");
}

fn escapes(n: usize) -> TestSite {
    let body = "\\*".repeat(n);
    TestSite::empty().file("content/page.md", &format!("# Page\n\n{body}\n"))
}

#[test]
fn a_long_run_of_escaped_characters_is_merged_in_linear_time() {
    grows_linearly("escaped asterisks", 50_000, escapes, 0);
    let site = escapes(1_000);
    site.build();
    let text = site.page("page/index.html").texts(".content p").join("");
    assert_eq!(text, "*".repeat(1_000));
}

fn dangling(n: usize) -> TestSite {
    let site = TestSite::empty();
    for i in 0..n {
        site.write(
            &format!("content/p{i}.md"),
            &format!(
                "# Partner plan {i}\n\nSee [[Partner plam {i}]] and [[Nothing like it {i}]].\n"
            ),
        );
    }
    site
}

#[test]
fn thousands_of_broken_links_get_their_suggestions_in_linear_time() {
    grows_linearly("broken links", 250, dangling, 1);
    let (code, diagnostics) = dangling(2_000).diagnostics();
    assert_eq!(code, 1);
    let typo = common::find(&diagnostics, "[[Partner plam 1999]] matches no page");
    let help = typo["help"].as_str().unwrap();
    assert!(
        help.starts_with("did you mean [[Partner plan 1999]]"),
        "{help}"
    );
}
