//! Knowledge health: `check` reports orphans, dead ends, glossary problems, reviews and
//! owners at their lines; `build` keeps to what every build reports; the `health/` page
//! lists the findings; the terminal report groups them by file, in colour on a terminal.
//!
//! The `unhealthy` fixture has one of every problem.

mod common;

use std::process::Command;

use common::{TestSite, find};
use serde_json::Value;

/// The fixture without its one error (two terms claiming "charters"), so it builds.
fn buildable() -> TestSite {
    let site = TestSite::fixture("unhealthy");
    std::fs::remove_file(site.root().join("content/glossary/charter-copy.md")).unwrap();
    site
}

fn place(d: &Value) -> (&str, u64, u64, &str) {
    (
        d["path"].as_str().unwrap(),
        d["line"].as_u64().unwrap(),
        d["column"].as_u64().unwrap(),
        d["severity"].as_str().unwrap(),
    )
}

/// `YYYY-MM-DD`, `days` from today (UTC), computed here independently of the binary.
fn date_in(days: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let z = now / 86_400 + days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[test]
fn check_reports_every_rule_at_its_line() {
    let site = TestSite::fixture("unhealthy");
    let (code, diags) = site.check();
    assert_eq!(code, 1, "the duplicate alias is an error: {diags:#?}");
    let expect = [
        (
            "\"charters\" is already a glossary term or alias",
            ("content/glossary/charter.md", 5, 5, "error"),
        ),
        (
            "no other page links to this one",
            ("content/tips/lonely.md", 2, 1, "warning"),
        ),
        (
            "this page links to no other page",
            ("content/tips/dead-end.md", 2, 1, "warning"),
        ),
        (
            "the alias \"Steering\" is the title of another page, content/tips/steering.md",
            ("content/glossary/charter.md", 6, 5, "warning"),
        ),
        (
            "the glossary term \"Cadence\" is used only on its own page",
            ("content/glossary/cadence.md", 2, 1, "warning"),
        ),
        (
            "the glossary term \"Ghost term\" is used on no other page",
            ("content/glossary/ghost.md", 2, 1, "warning"),
        ),
        (
            "the glossary term \"Alliance charter\" is used on no other page",
            ("content/glossary/charter-copy.md", 2, 1, "warning"),
        ),
        (
            "this page was due for review on 2020-01-01 (owner: Alliance office)",
            ("content/tips/kick-off.md", 3, 1, "warning"),
        ),
        (
            "this page has no owner and no review date",
            ("content/notes.md", 1, 1, "warning"),
        ),
        (
            "\"Joint Business Plan\" is used on 3 pages but is not in the glossary",
            ("content/tips/kick-off.md", 5, 41, "suggestion"),
        ),
    ];
    for (message, want) in expect {
        assert_eq!(place(find(&diags, message)), want, "{message}");
    }
    assert_eq!(diags.len(), expect.len(), "nothing else: {diags:#?}");
    let suggestion = find(&diags, "Joint Business Plan");
    let help = suggestion["help"].as_str().unwrap();
    assert!(
        help.contains("playbook new glossary \"Joint Business Plan\"")
            && help.contains("tips/kick-off.md, tips/lonely.md, tips/steering.md"),
        "{help}"
    );
    // "Partner Council" is on two pages only; "Acme Corp" is in `not_terms`.
    let text = serde_json::to_string(&diags).unwrap();
    assert!(!text.contains("Partner Council") && !text.contains("Acme Corp"));
}

#[test]
fn a_build_reports_only_what_every_build_does() {
    let site = buildable();
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 0, "{diags:#?}");
    let mut messages: Vec<&str> = diags
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    messages.sort();
    assert_eq!(
        messages,
        [
            "the glossary term \"Cadence\" is used only on its own page",
            "the glossary term \"Ghost term\" is used on no other page",
            "this page was due for review on 2020-01-01 (owner: Alliance office)",
        ],
        "orphans, dead ends, owners and suggestions are for `check`"
    );
}

#[test]
fn each_rule_can_be_satisfied_or_turned_off() {
    let site = buildable()
        .file(
            "site.toml",
            "title = \"Unhealthy\"\n[check]\nsuggest_terms = false\n",
        )
        .file(
            "content/tips/steering.md",
            "---\ntitle: Steering\n---\nSee [[Dead end]], [[Kick-off]] and [[Lonely page]]. We set the cadence.\n",
        )
        .file(
            "content/tips/dead-end.md",
            "---\ntitle: Dead end\n---\nNo longer: the charter.\n",
        )
        .file(
            "content/glossary/charter.md",
            "---\ntitle: Charter\naliases: [charters]\n---\nThe purpose.\n",
        )
        .file(
            "content/tips/kick-off.md",
            "---\ntitle: Kick-off\nreview_by: 2999-01-01\n---\nOn to [[tips/steering]] and the Ghost Term.\n",
        );
    let (code, diags) = site.check();
    assert_eq!(code, 0);
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn a_page_owned_through_its_section_needs_no_owner_of_its_own() {
    let site = buildable().file(
        "content/_index.md",
        "---\ntitle: Home\nowner: Office\n---\n[[Kick-off]], [[tips/steering]], [[Notes]].\n",
    );
    let (_, diags) = site.check();
    assert!(
        !diags
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("no owner")),
        "{diags:#?}"
    );
    assert_eq!(site.run(&["build"]).code, 0);
    let notes = site.page("notes/index.html");
    assert_eq!(notes.texts(".meta span"), ["1 min read", "Owner: Office"]);
}

#[test]
fn the_health_page_lists_orphans_reviews_by_owner_and_glossary_use() {
    let soon = date_in(10);
    let site = buildable().file(
        "content/tips/soon.md",
        &format!(
            "---\ntitle: Soon due\nowner: Ops\nreview_by: {soon}\n---\nBack to [[Kick-off]].\n"
        ),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.page("health/index.html");
    assert_eq!(page.texts("h1"), ["Playbook health"]);
    let lead = page.texts(".lead").join("");
    assert!(lead.contains(&format!("as of {}", date_in(0))), "{lead}");
    assert_eq!(page.texts("#orphans ~ ul li"), ["Lonely page", "Soon due"]);
    assert_eq!(page.texts("section:has(#dead-ends) li"), ["Dead end"]);
    assert_eq!(
        page.texts("section:has(#reviews) h3"),
        [
            "Alliance office",
            "Ops",
            "Pages with neither an owner nor a review date (1)"
        ]
    );
    let overdue = page.texts("li.overdue");
    assert_eq!(overdue.len(), 1);
    assert!(
        overdue[0].starts_with("Kick-off due 2020-01-01,"),
        "{overdue:?}"
    );
    assert!(overdue[0].ends_with("days overdue"), "{overdue:?}");
    assert_eq!(
        page.texts("li.due-soon"),
        [format!("Soon due due {soon}, in 10 days")]
    );
    assert_eq!(page.texts("ul.unowned li"), ["Notes"]);
    assert_eq!(
        page.texts("p.owned"),
        ["Owners: Alliance office (5 pages), Editors (4 pages), Ops (1 page)."]
    );
    assert_eq!(
        page.texts("table.term-uses td"),
        ["Charter", "2"],
        "Charter on Kick-off and (by its alias \"Steering\") on Steering; Cadence and Ghost term on no other page"
    );
    assert_eq!(
        page.texts("section:has(#glossary-health) h3 + ul li"),
        [
            "Cadence",
            "Ghost term",
            "Joint Business Plan, on Kick-off, Lonely page, Steering"
        ]
    );
    // Linked from every page's footer, by a URL relative to that page.
    let kick_off = site.page("tips/kick-off/index.html");
    assert_eq!(
        kick_off.href_of("footer a", "Playbook health"),
        "../../health/"
    );
    assert_eq!(
        site.page("index.html")
            .href_of("footer a", "Playbook health"),
        "./health/"
    );
    assert_eq!(page.href_of("a", "Lonely page"), "../tips/lonely/");
}

#[test]
fn the_health_page_can_be_turned_off() {
    let site = buildable().file(
        "site.toml",
        "title = \"Unhealthy\"\n[health]\npage = false\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.output().join("health").exists());
    assert_eq!(
        site.page("index.html").texts("footer a"),
        ["Whole playbook (print)"]
    );
}

#[test]
fn a_section_called_health_collides_with_the_health_page() {
    let site = buildable().file("content/health/index.md", "---\ntitle: Health\n---\n");
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let d = find(&diags, "health/index.html");
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("`page = false` under [health]"),
        "{d:#?}"
    );
}

/// The bundled playbook is the example every new site starts from: not one finding.
#[test]
fn the_bundled_playbook_is_healthy() {
    let site = TestSite::bundled();
    let (code, diags) = site.check();
    assert_eq!(code, 0);
    assert!(diags.is_empty(), "{diags:#?}");
    let run = site.run(&["check"]);
    assert!(
        run.stdout.starts_with("checked ") && run.stdout.contains(": 0 errors, 0 warnings\n"),
        "{}",
        run.stdout
    );
}

fn human(site: &TestSite, env: &[(&str, &str)], tty: bool) -> String {
    let bin = env!("CARGO_BIN_EXE_playbook");
    let root = site.root().to_str().unwrap();
    let mut command = if tty {
        // `script` gives the program a terminal, as a person's shell does.
        let mut c = Command::new("script");
        // `script` runs the command through a shell: quoted, for paths with spaces.
        let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
        let line = format!("{} check --root {}", quote(bin), quote(root));
        c.args(["-qec", &line, "/dev/null"]);
        c
    } else {
        let mut c = Command::new(bin);
        c.args(["check", "--root", root]);
        c
    };
    // The colour choice reads these; the test sets what it means to test, whatever the
    // environment it runs in (CI=true alone turns colour on for any terminal).
    for name in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "CI"] {
        command.env_remove(name);
    }
    if tty {
        // A terminal names itself in TERM; without it (or with TERM=dumb) no colour is right.
        command.env("TERM", "xterm-256color");
    }
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command.output().expect("run playbook");
    String::from_utf8_lossy(&out.stdout).replace('\r', "")
}

#[test]
fn the_terminal_report_is_a_summary_then_problems_grouped_by_file_in_colour() {
    let site = TestSite::fixture("unhealthy");
    let plain = human(&site, &[], false);
    let root = site.root().display().to_string();
    let lines: Vec<&str> = plain.lines().collect();
    assert!(
        lines[0].starts_with("checked 12 pages, 8 links, 4 terms in ")
            && lines[0].ends_with(" ms: 1 error, 8 warnings, 1 suggestion"),
        "{plain}"
    );
    assert!(!plain.contains('\x1b'), "no colour into a pipe");
    // Each file once, as a heading, with its problems below it in line order.
    let headings: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with(&root))
        .copied()
        .collect();
    let mut sorted = headings.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(headings, sorted, "one heading a file, in order");
    assert_eq!(headings.len(), 8, "{plain}");
    let charter = plain
        .split("\n\n")
        .find(|g| g.starts_with(&format!("{root}/content/glossary/charter.md")))
        .unwrap();
    let rows: Vec<&str> = charter
        .lines()
        .skip(1)
        .filter(|l| !l.contains("help:"))
        .collect();
    assert!(rows[0].trim_start().starts_with("5:5  error"), "{charter}");
    assert!(
        rows[1].trim_start().starts_with("6:5  warning"),
        "{charter}"
    );
    assert!(
        charter.contains("help: keep it on one term only"),
        "{charter}"
    );

    let coloured = human(&site, &[], true);
    assert!(
        coloured.contains("\x1b[1m\x1b[31m1 error, 8 warnings, 1 suggestion\x1b[0m"),
        "{coloured:?}"
    );
    assert!(
        coloured.contains("\x1b[1m\x1b[33mwarning"),
        "warnings in yellow"
    );
    let no_color = human(&site, &[("NO_COLOR", "1")], true);
    assert!(
        !no_color.contains('\x1b'),
        "NO_COLOR is respected: {no_color:?}"
    );
    assert_eq!(strip_times(&no_color), strip_times(&plain));
    let dumb = human(&site, &[("TERM", "dumb")], true);
    assert!(!dumb.contains('\x1b'), "a dumb terminal gets no colour");
}

/// The summary's milliseconds differ from run to run.
fn strip_times(text: &str) -> String {
    text.lines()
        .map(|l| match l.split_once(" in ") {
            Some((head, tail)) if l.starts_with("checked") => {
                format!("{head} in _{}", &tail[tail.find(" ms").unwrap()..])
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn suggest_terms_false_turns_suggestions_off_and_nothing_else() {
    let site = TestSite::fixture("unhealthy");
    let (_, before) = site.check();
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &config.replace("[check]\n", "[check]\nsuggest_terms = false\n"),
    );
    let (_, after) = site.check();
    let kinds = |diags: &[Value]| {
        diags
            .iter()
            .filter(|d| d["severity"] == "suggestion")
            .count()
    };
    assert_eq!(kinds(&before), 1);
    assert_eq!(kinds(&after), 0, "{after:#?}");
    assert_eq!(after.len(), before.len() - 1);
}

#[test]
fn a_phrase_is_found_across_line_breaks_and_emphasis_but_not_in_callout_titles() {
    // Smart punctuation makes `--`, `...` and `'` one character each in the text; the
    // column is still the source's.
    let line = r#"It's agreed -- at last... we drafted the "Joint"#;
    let column = line.find("Joint").unwrap() as u64 + 1;
    let body = |first: &str| format!("---\ntitle: {first}\n---\nBack to [[Home]].\n\n");
    let site = TestSite::empty()
        .file("content/_index.md", "---\ntitle: Home\n---\n[[A]] [[B]] [[C]]\n")
        .file(
            "content/a.md",
            &(body("A")
                + line
                + "\nBusiness Plan\" today.\n\n> [!TIP] Quick Win Ideas\n> Try it.\n"),
        )
        .file(
            "content/b.md",
            &(body("B") + "Then the *Joint* Business Plan grew.\n\n> [!TIP] Quick Win Ideas\n> Again.\n"),
        )
        .file(
            "content/c.md",
            &(body("C") + "Later, the Joint Business Plan in London.\n\n> [!TIP] Quick Win Ideas\n> Once more.\n"),
        );
    let (_, diags) = site.check();
    let suggestions: Vec<(&str, u64, u64, &str)> = diags
        .iter()
        .filter(|d| d["severity"] == "suggestion")
        .map(|d| {
            (
                d["path"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        suggestions,
        [(
            "content/a.md",
            6,
            column,
            "\"Joint Business Plan\" is used on 3 pages but is not in the glossary"
        )],
        "{diags:#?}"
    );
}

#[test]
fn a_phrase_after_entities_is_placed_at_its_own_first_letter() {
    // Each entity is one character of text and up to eight of source, two in a row
    // more; a phrase may also begin with one.
    let lines = [
        "Hold on&hellip; Joint Business Plan here.",
        "The &#x2014; Partner Advisory Board too.",
        "We met&nbsp;&nbsp;Executive Steering Group staff.",
        "Teams from the &Eacute;cole Normale Sup&eacute;rieure came.",
    ];
    let plain = "We saw the Joint Business Plan, Partner Advisory Board, Executive Steering Group \
                 and \u{c9}cole Normale Sup\u{e9}rieure, all of them.";
    let page = |title: &str, text: &str| {
        format!("---\ntitle: {title}\n---\nBack to [[Home]].\n\n{text}\n")
    };
    let site = TestSite::empty()
        .file(
            "content/_index.md",
            "---\ntitle: Home\n---\n[[A]] [[B]] [[C]]\n",
        )
        .file("content/a.md", &page("A", &lines.join("\n\n")))
        .file("content/b.md", &page("B", plain))
        .file("content/c.md", &page("C", plain));
    let (_, diags) = site.check();
    let mut found: Vec<(u64, u64)> = diags
        .iter()
        .filter(|d| d["severity"] == "suggestion")
        .map(|d| {
            assert_eq!(d["path"], "content/a.md", "{d}");
            (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap())
        })
        .collect();
    found.sort();
    let starts = ["Joint", "Partner", "Executive", "&Eacute;cole"];
    let want: Vec<(u64, u64)> = lines
        .iter()
        .zip(starts)
        .enumerate()
        .map(|(i, (line, start))| (6 + 2 * i as u64, line.find(start).unwrap() as u64 + 1))
        .collect();
    assert_eq!(found, want, "{diags:#?}");
}

#[test]
fn an_alias_is_placed_on_its_own_item_and_a_blank_owner_names_nobody() {
    let site = TestSite::empty()
        .file("site.toml", "[check]\nrequire_owner = true\n")
        .file(
            "content/_index.md",
            "---\ntitle: Home\nowner: \"  \"\n---\n[The plan](plan.md) and [[Goals]].\n",
        )
        .file(
            "content/plan.md",
            "---\ntitle: Plan\nowner: Ops\n---\n[[Home]]\n",
        )
        .file(
            "content/goals.md",
            "---\ntitle: Goals\nowner: Ops\naliases: [Business Plan, Plan]\n---\n[[Home]]\n",
        );
    let (_, diags) = site.check();
    let alias = find(&diags, "the alias \"Plan\" is the title of another page");
    assert_eq!(place(alias), ("content/goals.md", 4, 26, "warning"));
    let home = find(&diags, "no owner and no review date");
    assert_eq!(home["path"], "content/_index.md");
    assert_eq!(diags.len(), 2, "{diags:#?}");
}

#[test]
fn long_lists_on_the_health_page_stop_at_a_hundred_and_count_the_rest() {
    let site = buildable();
    for n in 0..100 {
        site.write(
            &format!("content/tips/extra-{n:03}.md"),
            &format!("---\ntitle: Extra {n}\n---\nSee [[Kick-off]].\n"),
        );
    }
    assert_eq!(site.run(&["build"]).code, 0);
    let page = site.page("health/index.html");
    // The fixture's orphan and the 100 new pages: 101, of which 100 are listed.
    assert_eq!(page.texts("#orphans ~ ul li").len(), 100);
    assert_eq!(
        page.texts("section:has(#orphans) p.more"),
        ["And 1 more: playbook check lists them all."]
    );
    let (_, diags) = site.check();
    let orphans = diags
        .iter()
        .filter(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .starts_with("no other page links")
        })
        .count();
    assert_eq!(orphans, 101);
}
