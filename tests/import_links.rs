//! Links written for other tools resolve (CONTENT.md, "Coming from other tools"): each
//! test builds a small site the way Obsidian, GitBook, GitHub, mdBook or Zola would have
//! it, and reads the addresses written into the built pages, or the error a link gets.

mod common;

use common::{TestSite, find};
use serde_json::Value;

/// The errors of a build, with the exit status.
fn errors(site: &TestSite) -> (i32, Vec<Value>) {
    let (code, diags) = site.diagnostics();
    let errors = diags
        .into_iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    (code, errors)
}

#[test]
fn a_wiki_link_with_the_md_extension_resolves_like_the_name() {
    let site = TestSite::empty()
        .file(
            "content/Home.md",
            "# Home\n\nSee [[Meeting Cadence.md|cadence]].\n",
        )
        .file(
            "content/Meeting Cadence.md",
            "# Meeting Cadence\n\nWeekly.\n",
        );
    site.build();
    let home = site.page("home/index.html");
    assert_eq!(home.href_of("a", "cadence"), "../meeting-cadence/");
}

#[test]
fn a_markdown_link_without_md_finds_the_note_unless_a_file_has_that_exact_name() {
    let site = TestSite::empty()
        .file(
            "content/Home.md",
            "# Home\n\n[the cadence](Meeting%20Cadence) and [the licence](LICENSE).\n",
        )
        .file(
            "content/Meeting Cadence.md",
            "# Meeting Cadence\n\nWeekly.\n",
        )
        // (Its own slug: `license/` beside the file `LICENSE` cannot be written where
        // letter case does not count.)
        .file(
            "content/LICENSE.md",
            "---\nslug: licence-page\n---\n# Licence page\n\nText.\n",
        )
        .file("content/LICENSE", "MIT\n");
    site.build();
    let home = site.page("home/index.html");
    assert_eq!(home.href_of("a", "the cadence"), "../meeting-cadence/");
    assert_eq!(home.href_of("a", "the licence"), "../LICENSE");
    assert!(site.output().join("LICENSE").is_file());
}

#[test]
fn root_relative_links_to_markdown_files_start_at_content() {
    let site = TestSite::empty()
        .file(
            "content/guides/web app/cookies.md",
            "# Cookies\n\n[bomb](/Web%20Application/bomb.md), [tossing](/Web%20Application/bomb.md#tossing), \
             [readme](/docs/README.md), [docs](/docs/), [root](/index.md)\n",
        )
        .file("content/Web Application/bomb.md", "# Bomb\n\n## Tossing\n\nText.\n")
        .file("content/docs/README.md", "# Docs\n\nText.\n")
        .file("content/docs/page.md", "# Page\n\nText.\n")
        .file("content/index.md", "# Start\n\nText.\n");
    site.build();
    let page = site.page("guides/web-app/cookies/index.html");
    assert_eq!(page.href_of("a", "bomb"), "../../../web-application/bomb/");
    assert_eq!(
        page.href_of("a", "tossing"),
        "../../../web-application/bomb/#tossing"
    );
    assert_eq!(page.href_of("a", "readme"), "../../../docs/");
    assert_eq!(page.href_of("a", "docs"), "../../../docs/");
    assert_eq!(page.href_of("a", "root"), "../../../");
}

#[test]
fn zola_at_links_resolve_from_content_and_name_sections_by_their_index() {
    let site = TestSite::empty()
        .file(
            "content/_index.md",
            "+++\ntitle = \"Home\"\n+++\n[eng](@/engagement/_index.md)\n",
        )
        .file(
            "content/engagement/_index.md",
            "+++\ntitle = \"Engagement\"\n+++\nText.\n",
        )
        .file(
            "content/engagement/qbr.md",
            "+++\ntitle = \"QBR\"\n+++\n## Agenda\n\n[steering](@/governance/steering.md#voting)\n",
        )
        .file(
            "content/governance/steering.md",
            "+++\ntitle = \"Steering\"\n+++\n## Voting\n\n[agenda](@/engagement/qbr.md#agenda)\n",
        );
    site.build();
    assert_eq!(site.page("index.html").href_of("a", "eng"), "engagement/");
    let qbr = site.page("engagement/qbr/index.html");
    assert_eq!(
        qbr.href_of("a", "steering"),
        "../../governance/steering/#voting"
    );
    let steering = site.page("governance/steering/index.html");
    assert_eq!(
        steering.href_of("a", "agenda"),
        "../../engagement/qbr/#agenda"
    );
    let site = site.file(
        "content/engagement/renewal.md",
        "+++\ntitle = \"Renewal\"\n+++\n[gone](@/engagement/exit-review.md)\n",
    );
    let (code, errors) = errors(&site);
    assert_eq!(code, 1);
    let error = find(&errors, "`@/engagement/exit-review.md`");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("content/engagement/exit-review.md"),
        "{error:#}"
    );
}

#[test]
fn email_autolinks_become_mailto_links_and_are_never_files() {
    let site = TestSite::empty().file(
        "content/contact.md",
        "# Contact\n\nWrite to <team@example.org>.\n\n[-H <header/@file>](https://curl.se/docs/)\n",
    );
    site.build();
    let page = site.page("contact/index.html");
    assert_eq!(
        page.href_of("a", "team@example.org"),
        "mailto:team@example.org"
    );
    let site = site.file(
        "content/contact.md",
        "# Contact\n\nWrite to [us](team@example.org).\n",
    );
    let (code, errors) = errors(&site);
    assert_eq!(code, 1);
    let help = find(&errors, "`team@example.org`")["help"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(help.contains("mailto:team@example.org"), "{help}");
    assert!(!help.contains("https://"), "{help}");
}

#[test]
fn percent_encoded_fragments_are_decoded_before_they_meet_headings() {
    let site = TestSite::empty()
        .file(
            "content/plan.md",
            "# Plan\n\n## Step 2: Agree\n\n## ⚙️ Configuration\n\n## Über uns\n\n\
             [config](#%EF%B8%8F-configuration)\n",
        )
        .file(
            "content/start.md",
            "# Start\n\n[agree](plan.md#step-2%3A-agree) and [about](plan.md#%C3%BCber-uns)\n",
        );
    site.build();
    let start = site.page("start/index.html");
    assert_eq!(start.href_of("a", "agree"), "../plan/#step-2-agree");
    assert_eq!(start.href_of("a", "about"), "../plan/#%C3%BCber-uns");
    let plan = site.page("plan/index.html");
    assert_eq!(plan.href_of("a", "config"), "#configuration");
}

#[test]
fn zola_style_anchors_with_dashes_find_headings_written_with_underscores() {
    let site = TestSite::empty()
        .file(
            "content/overview.md",
            "# Overview\n\n## get_page\n\nText.\n",
        )
        .file(
            "content/other.md",
            "# Other\n\n[get page](overview.md#get-page)\n",
        );
    site.build();
    let other = site.page("other/index.html");
    assert_eq!(other.href_of("a", "get page"), "../overview/#get_page");
}

#[test]
fn every_way_of_linking_a_folder_reaches_its_page() {
    let links = "[a](guide/) [b](guide) [c](guide/#setup) [d](guide/index.html) \
                 [e](guide/README.md) [f](guide/index.md) [g](guide/_index.md) \
                 [h](docs/README.md#intro) [i](docs/index.html)";
    let site = TestSite::empty()
        .file("content/start.md", &format!("# Start\n\n{links}\n"))
        .file("content/guide/_index.md", "# Guide\n\n## Setup\n\nText.\n")
        .file("content/guide/page.md", "# Guide page\n\nText.\n")
        .file("content/docs/README.md", "# Docs\n\n## Intro\n\nText.\n")
        .file("content/docs/page.md", "# Docs page\n\nText.\n");
    site.build();
    let start = site.page("start/index.html");
    for (text, href) in [
        ("a", "../guide/"),
        ("b", "../guide/"),
        ("c", "../guide/#setup"),
        ("d", "../guide/"),
        ("e", "../guide/"),
        ("f", "../guide/"),
        ("g", "../guide/"),
        ("h", "../docs/#intro"),
        ("i", "../docs/"),
    ] {
        assert_eq!(start.href_of("a", text), href, "[{text}]");
    }
}

#[test]
fn a_folder_without_a_page_links_to_its_listing_which_has_no_headings() {
    let site = TestSite::empty()
        .file(
            "content/start.md",
            "# Start\n\n[list](notes/index.html) [again](notes/)\n",
        )
        .file("content/notes/a.md", "# A note\n\nText.\n");
    site.build();
    let start = site.page("start/index.html");
    assert_eq!(start.href_of("a", "list"), "../notes/");
    assert_eq!(start.href_of("a", "again"), "../notes/");
    let site = site.file("content/start.md", "# Start\n\n[x](notes/#setup)\n");
    let (code, errors) = errors(&site);
    assert_eq!(code, 1);
    find(&errors, "the listing of \"Notes\" has no heading `setup`");
}

#[test]
fn a_name_in_two_folders_goes_to_the_nearest_and_a_tie_is_an_error() {
    let site = TestSite::empty()
        .file(
            "content/Projects/Kickoff.md",
            "# Project kickoff\n\nText.\n",
        )
        .file(
            "content/Meetings/Kickoff.md",
            "# Meeting kickoff\n\nText.\n",
        )
        .file(
            "content/Projects/Rollout.md",
            "# Rollout\n\nSee [[Kickoff|same folder]].\n",
        )
        .file(
            "content/Meetings/Archive/July.md",
            "# July\n\nSee [[Kickoff|one up]].\n",
        )
        .file("content/Partners/Acme/Retro.md", "# Acme retro\n\nText.\n")
        .file(
            "content/Partners/Globex/Retro.md",
            "# Globex retro\n\nText.\n",
        )
        .file(
            "content/Partners/Acme/Acme.md",
            "# Acme Corporation\n\nSee [[Retro|ours]].\n",
        )
        .file("content/Home.md", "# Home\n\n[[Acme|the note]]\n");
    site.build();
    let rollout = site.page("projects/rollout/index.html");
    assert_eq!(rollout.href_of("a", "same folder"), "../kickoff/");
    let july = site.page("meetings/archive/july/index.html");
    assert_eq!(july.href_of("a", "one up"), "../../kickoff/");
    let acme = site.page("partners/acme/acme/index.html");
    assert_eq!(acme.href_of("a", "ours"), "../retro/");
    // A note wins over the folder `Partners/Acme/` of the same name.
    let home = site.page("home/index.html");
    assert_eq!(home.href_of("a", "the note"), "../partners/acme/acme/");

    let site = site.file("content/Inbox/Questions.md", "# Questions\n\n[[Retro]]\n");
    let (code, errors) = errors(&site);
    assert_eq!(code, 1);
    let tie = find(&errors, "[[Retro]] matches 2 pages");
    let message = tie["message"].as_str().unwrap();
    assert!(message.contains("Partners/Acme/Retro.md"), "{message}");
    assert!(message.contains("Partners/Globex/Retro.md"), "{message}");
}

#[test]
fn attachments_are_found_by_relative_path_else_by_name_anywhere() {
    let site = TestSite::empty()
        .file(
            "content/Projects/Rollout.md",
            "# Rollout\n\n![diagram](diagram.png) ![[diagram.png]] ![icon](bases.png#interface)\n\n\
             [[Charter Template.pdf|the template]] [[diagram.png#anchor|anchored]] ![[icon.svg#icon]]\n\n\
             ![here](img/local.png)\n",
        )
        .file("content/Attachments/diagram.png", "png")
        .file("content/Attachments/bases.png", "png")
        .file("content/Attachments/icon.svg", "<svg/>")
        .file("content/Attachments/Charter Template.pdf", "pdf")
        .file("content/Projects/img/local.png", "png");
    site.build();
    let page = site.page("projects/rollout/index.html");
    let images = page.attrs("img", "src");
    for src in [
        "../../Attachments/diagram.png",
        "../../Attachments/bases.png#interface",
        "../../Attachments/icon.svg",
        "../../Projects/img/local.png",
    ] {
        assert!(
            images.iter().any(|s| s == src),
            "no image {src}: {images:?}"
        );
    }
    assert_eq!(
        images
            .iter()
            .filter(|s| *s == "../../Attachments/diagram.png")
            .count(),
        2,
        "{images:?}"
    );
    assert_eq!(
        page.href_of("a", "the template"),
        "../../Attachments/Charter%20Template.pdf"
    );
    assert_eq!(
        page.href_of("a", "anchored"),
        "../../Attachments/diagram.png"
    );
    for file in [
        "Attachments/diagram.png",
        "Attachments/Charter Template.pdf",
        "Projects/img/local.png",
    ] {
        assert!(site.output().join(file).is_file(), "{file} not copied");
    }
}

#[test]
fn a_file_name_found_in_two_folders_takes_the_nearest_else_names_both() {
    let site = TestSite::empty()
        .file("content/a/pic.png", "a")
        .file("content/b/pic.png", "b")
        .file(
            "content/a/note.md",
            "# Note A\n\n![near](pic.png) [[pic.png|wiki]]\n",
        )
        .file("content/a/deep/note.md", "# Deep\n\n![up](pic.png)\n");
    site.build();
    let note = site.page("a/note/index.html");
    assert_eq!(note.attrs("img", "src"), ["../pic.png"]);
    assert_eq!(note.href_of("a", "wiki"), "../pic.png");
    let deep = site.page("a/deep/note/index.html");
    assert_eq!(deep.attrs("img", "src"), ["../../pic.png"]);

    let site = site.file("content/c/note.md", "# Note C\n\n![tie](pic.png)\n");
    let (code, errors) = errors(&site);
    assert_eq!(code, 1);
    let tie = find(&errors, "`pic.png` matches 2 files");
    let message = tie["message"].as_str().unwrap();
    assert!(
        message.contains("a/pic.png") && message.contains("b/pic.png"),
        "{message}"
    );
}

#[test]
fn a_path_that_differs_only_in_letter_case_is_an_error_that_names_the_real_file() {
    let site = TestSite::empty()
        .file("content/.gitbook/assets/AddDevice.PNG", "png")
        .file(
            "content/console/README.md",
            "# Console\n\n![](../.gitbook/assets/adddevice.PNG)\n",
        );
    let (code, errors) = errors(&site);
    assert_eq!(code, 1);
    let error = find(&errors, "`../.gitbook/assets/adddevice.PNG`");
    assert_eq!(
        error["help"],
        "did you mean `../.gitbook/assets/AddDevice.PNG`? the name differs only in letter case"
    );
}

#[test]
fn files_of_hidden_folders_are_published_only_when_linked() {
    let site = TestSite::empty()
        .file(
            "content/README.md",
            "# Handbook\n\n![lifecycle](.gitbook/assets/image%20(2).png)\n",
        )
        .file(
            "content/start/roles.md",
            "# Roles\n\n![](<../.gitbook/assets/image (1).png>)\n",
        )
        .file("content/.gitbook/assets/image (1).png", "one")
        .file("content/.gitbook/assets/image (2).png", "two")
        .file("content/.gitbook/assets/unused.png", "unused")
        .file("content/.gitbook/notes.md", "# Not a page\n")
        .file("content/.gitbook.yaml", "root: ./\n")
        .file("content/.obsidian/app.json", "{}")
        .file("content/.trash/Roles.md", "# Old roles\n\nSuperseded.\n")
        .file("content/.github/pull_request_template.md", "# PR\n");
    site.build();
    assert_eq!(
        site.page("index.html").attrs("img", "src"),
        [".gitbook/assets/image%20(2).png"]
    );
    assert_eq!(
        site.page("start/roles/index.html").attrs("img", "src"),
        ["../../.gitbook/assets/image%20(1).png"]
    );
    let output = site.output();
    assert_eq!(
        std::fs::read(output.join(".gitbook/assets/image (1).png")).unwrap(),
        b"one"
    );
    assert!(output.join(".gitbook/assets/image (2).png").is_file());
    for never in [
        ".gitbook/assets/unused.png",
        ".gitbook.yaml",
        ".gitbook/notes",
        ".obsidian",
        ".trash",
        ".github",
    ] {
        assert!(!output.join(never).exists(), "{never} was published");
    }
    // The note in the trash neither becomes a page nor competes for the name.
    let site = site.file("content/start/team.md", "# Team\n\n[[Roles|roles]]\n");
    site.build();
    let team = site.page("start/team/index.html");
    assert_eq!(team.href_of("a", "roles"), "../roles/");
}

#[test]
fn a_link_into_a_folder_that_is_never_published_says_so() {
    let site = TestSite::empty()
        .file("content/.obsidian/workspace.png", "png")
        .file(
            "content/start.md",
            "# Start\n\n![](.obsidian/workspace.png) [old](.trash/Roles.md)\n",
        );
    let (code, errors) = errors(&site);
    assert_eq!(code, 1);
    let obsidian = find(&errors, "`.obsidian/workspace.png`");
    assert!(
        obsidian["message"]
            .as_str()
            .unwrap()
            .contains("`.obsidian/`, a folder that is never published"),
        "{obsidian:#}"
    );
    find(&errors, "`.trash/Roles.md` links into `.trash/`");
}

#[test]
fn a_link_to_a_file_that_could_not_be_read_points_at_its_error() {
    let site = TestSite::empty().file(
        "content/start.md",
        "# Start\n\n[bad](broken.md) and [[broken]]\n",
    );
    std::fs::write(
        site.root().join("content/broken.md"),
        b"# Broken\n\n\xff\xfe\n",
    )
    .unwrap();
    let (code, errors) = errors(&site);
    assert_eq!(code, 1);
    for written in ["`broken.md`: ", "[[broken]]: "] {
        let error = find(&errors, written);
        let message = error["message"].as_str().unwrap();
        assert!(
            message
                .contains("`broken.md` could not be read: see the error at content/broken.md:3:1"),
            "{message}"
        );
    }
}

#[test]
fn help_never_suggests_what_was_written_unless_to_point_out_letter_case() {
    let site = TestSite::empty()
        .file("content/tips/plan.md", "# Plan\n\nText.\n")
        .file("content/tips/img/matrix.png", "png")
        .file(
            "content/tips/start.md",
            "# Start\n\n[a](/Tips/plan/) [b](img/Matrix.png) [c](../tips/Plan.md)\n",
        );
    let (code, errors) = errors(&site);
    assert_eq!(code, 1);
    for written in ["/Tips/plan/", "img/Matrix.png", "../tips/Plan.md"] {
        let error = find(&errors, &format!("`{written}`"));
        let help = error["help"].as_str().unwrap_or_default();
        assert!(help.contains("differs only in letter case"), "{help}");
        assert!(!help.contains(&format!("`{written}`")), "{help}");
    }
}

#[test]
fn a_preview_publishes_a_hidden_file_once_an_edit_links_it_and_drops_it_after() {
    use playbook::BuildOptions;
    use playbook::session::{Changed, Session};
    let site = TestSite::empty()
        .file("content/start.md", "# Start\n\nNo picture yet.\n")
        .file("content/.gitbook/assets/pic.png", "png");
    let mut session = Session::new(BuildOptions::new(site.root()));
    let (_, files) = session.build();
    let has_pic = |files: &Option<playbook::output::SiteFiles>| {
        files
            .as_ref()
            .expect("built")
            .files
            .contains_key(".gitbook/assets/pic.png")
    };
    assert!(!has_pic(&files));
    let changed = [site.root().canonicalize().unwrap().join("content/start.md")];
    for (text, linked) in [
        ("# Start\n\n![](.gitbook/assets/pic.png)\n", true),
        ("# Start\n\nNo picture any more.\n", false),
    ] {
        site.write("content/start.md", text);
        let (report, files) = session.update(Changed::Content(&changed));
        assert_eq!(report.rerendered, Some(1), "an edit to prose only");
        assert_eq!(has_pic(&files), linked, "{text}");
        let (_, clean) = playbook::build_in_memory(&BuildOptions::new(site.root()));
        assert_eq!(has_pic(&clean), linked, "{text}");
    }
}

#[test]
fn gitlabs_table_of_contents_marker_is_left_out() {
    let site = TestSite::empty().file(
        "content/README.md",
        "# Handbook\n\n[[_TOC_]]\n\n## First\n\nText.\n",
    );
    site.build();
    let page = site.page("index.html");
    assert!(!page.texts("main").concat().contains("_TOC_"));
    assert!(
        page.attrs("main a", "href")
            .iter()
            .all(|h| !h.contains("TOC"))
    );
}

#[test]
fn obsidian_shortest_and_relative_paths_find_notes_in_other_folders() {
    let site = TestSite::empty()
        .file(
            "content/Inbox/Today.md",
            "# Today\n\n[guide](Onboarding%20Guide.md), [from the root](Guides/Onboarding%20Guide.md), [[../Partners/Acme/Retro]], [[./Notes|notes]].\n",
        )
        .file("content/Inbox/Notes.md", "# Notes\n")
        .file("content/Guides/Onboarding Guide.md", "# Onboarding Guide\n")
        .file("content/Partners/Acme/Retro.md", "# Acme retro\n")
        .file("content/Partners/Globex/Retro.md", "# Globex retro\n");
    site.build();
    let page = site.page("inbox/today/index.html");
    assert_eq!(
        page.attrs(".content a", "href"),
        [
            "../../guides/onboarding-guide/",
            "../../guides/onboarding-guide/",
            "../../partners/acme/retro/",
            "../notes/"
        ]
    );
}

#[test]
fn a_note_named_so_wins_over_a_note_with_that_alias_and_a_bundle_is_named_by_its_folder() {
    let site = TestSite::empty()
        .file(
            "content/Home.md",
            "# Home\n\n[[Retro]] and [[Kickoff Workshop]].\n",
        )
        .file("content/Retro.md", "# Retro\n")
        .file("content/Other.md", "---\naliases: [Retro]\n---\n# Other\n")
        .file(
            "content/Kickoff Workshop/index.md",
            "---\ntitle: The kickoff\n---\nText.\n",
        );
    site.build();
    let home = site.page("home/index.html");
    assert_eq!(
        home.attrs(".content a", "href"),
        ["../retro/", "../kickoff-workshop/"]
    );
}

#[test]
fn obsidian_block_references_and_heading_paths_find_their_page() {
    let site = TestSite::empty()
        .file(
            "content/Home.md",
            "# Home\n\n[[Charter#^exit-clause|exit]], [[Charter#Decision rights#Vetoes|vetoes]], [[Charter#^nope]].\n",
        )
        .file(
            "content/Charter.md",
            "# Charter\n\n## Decision rights\n\n### Vetoes\n\nEither side may leave. ^exit-clause\n",
        );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let d = common::find(&diags, "[[Charter#^nope]]");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("has no heading `^nope`"),
        "{d}"
    );
    site.write(
        "content/Home.md",
        "# Home\n\n[[Charter#^exit-clause|exit]], [[Charter#Decision rights#Vetoes|vetoes]].\n",
    );
    site.build();
    let home = site.page("home/index.html");
    assert_eq!(
        home.attrs(".content a", "href"),
        ["../charter/#%5Eexit-clause", "../charter/#vetoes"]
    );
    let charter = site.page("charter/index.html");
    assert_eq!(
        charter.attrs(".content p span.block-anchor", "id"),
        ["^exit-clause"]
    );
    assert!(
        !charter.texts(".content").concat().contains("^exit"),
        "the id is no text"
    );
}
