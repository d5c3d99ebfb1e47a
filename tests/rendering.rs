//! What a vault says reaches the reader as its author saw it (CONTENT.md, "Coming from
//! other tools", Obsidian-flavoured markdown): embedded notes and files, footnotes,
//! inline tags and callout types. Each test builds a small vault and reads the HTML.

mod common;

use common::{TestSite, find};

/// A vault where "Host" (in `notes/`) embeds parts of "Source" (in `library/deep/`, a
/// different depth, so links inside the embedded parts must be rewritten).
fn vault() -> TestSite {
    TestSite::empty()
        .file(
            "content/notes/Host.md",
            "# Host\n\n## Own heading\n\nThe north star comes first.\n\n![[Source]]\n\n\
             Then ![[Source#Second part]] inline.\n\n![[Source#^key-point]]\n\n![[Source#^steps]]\n",
        )
        .file(
            "content/library/deep/Source.md",
            "# Source\n\nOpening with the north star and a [[Other|link]] and [a file](../../files/a.txt). ^key-point\n\n\
             ## Second part\n\nSecond text, see [above](#second-part).\n\n### Deeper\n\nDeeper text.\n\n\
             ## Own heading\n\nThird text.\n\n- one\n- two\n\n^steps\n",
        )
        .file("content/Other.md", "# Other\n\nOther page.\n")
        .file("content/files/a.txt", "a")
        .file(
            "content/glossary/_index.md",
            "---\ntitle: Glossary\nglossary: true\n---\n",
        )
        .file(
            "content/glossary/north-star.md",
            "---\ntitle: North star\ndescription: The goal.\n---\nThe goal.\n",
        )
}

#[test]
fn an_embedded_note_is_rendered_in_a_frame_that_links_to_its_source() {
    let site = vault();
    site.build();
    let host = site.page("notes/host/index.html");
    let frames = host.texts(".transclusion .transclusion-source a");
    assert_eq!(
        frames,
        ["Source", "Source › Second part", "Source", "Source"],
        "one frame per embed, captioned with the source"
    );
    assert_eq!(
        host.attrs(".transclusion-source a", "href"),
        [
            "../../library/deep/source/",
            "../../library/deep/source/#second-part",
            "../../library/deep/source/#%5Ekey-point",
            "../../library/deep/source/#%5Esteps",
        ]
    );
    let texts = host.texts(".transclusion");
    // The whole note, without its title heading.
    assert!(
        texts[0].contains("Opening with the north star"),
        "{texts:?}"
    );
    assert!(texts[0].contains("Third text."), "{texts:?}");
    assert!(!texts[0].contains("^key-point"), "block ids do not show");
    // A section runs to the next heading of its level: "Deeper" is in, "Own heading" out.
    assert!(texts[1].contains("Second text") && texts[1].contains("Deeper text."));
    assert!(!texts[1].contains("Third text"), "{:?}", texts[1]);
    // A block is its paragraph; an id alone on a line names the list before it.
    assert!(texts[2].contains("Opening with") && !texts[2].contains("Second text"));
    assert_eq!(
        host.texts(".transclusion:nth-of-type(4) li"),
        ["one", "two"]
    );
}

#[test]
fn links_inside_an_embedded_part_work_from_the_embedding_page() {
    let site = vault();
    site.build();
    let host = site.page("notes/host/index.html");
    assert_eq!(host.href_of(".transclusion a", "link"), "../../other/");
    assert_eq!(
        host.href_of(".transclusion a", "a file"),
        "../../files/a.txt"
    );
    assert_eq!(
        host.href_of(".transclusion a", "above"),
        "../../library/deep/source/#second-part",
        "a link to a heading of the source goes to the source"
    );
}

#[test]
fn embedded_headings_stay_out_of_the_table_of_contents_and_never_share_an_id() {
    let site = vault();
    site.build();
    let host = site.page("notes/host/index.html");
    // The source's "Own heading" is embedded twice beside the host's own.
    assert_eq!(host.texts(".toc a"), ["Own heading"]);
    assert_eq!(host.attrs(".content [id=own-heading]", "id").len(), 1);
    assert!(
        host.attrs(".transclusion h2[id], .transclusion h3[id]", "id")
            .is_empty()
    );
}

#[test]
fn a_term_is_linked_once_across_the_page_and_what_it_embeds_and_backlinks_record_the_embed() {
    let site = vault();
    site.build();
    let host = site.page("notes/host/index.html");
    assert_eq!(host.texts(".content a.term"), ["north star"], "linked once");
    let source = site.page("library/deep/source/index.html");
    assert_eq!(source.texts(".backlinks a"), ["Host"]);
    let term = site.page("glossary/north-star/index.html");
    assert!(term.texts(".used-in a").contains(&"Host".to_string()));
}

#[test]
fn an_embed_of_a_missing_section_is_an_error_at_the_embed() {
    let site = vault().file(
        "content/notes/Bad.md",
        "# Bad\n\nText.\n\n![[Source#Nowhere]]\n",
    );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let d = find(&diags, "Nowhere");
    assert_eq!(d["path"], "content/notes/Bad.md");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(5), Some(1))
    );
}

#[test]
fn embedded_files_get_players_and_sizes() {
    let site = TestSite::empty()
        .file(
            "content/Media.md",
            "# Media\n\n![[pic.png|300]] ![[pic.png|300x200]] ![Logo|120](files/pic.png) ![plain](files/pic.png) ![80](files/pic.png)\n\n\
             ![[deck.pdf]]\n\n![[talk.mp3]]\n\n![[demo.mp4]]\n\n![[data.csv]]\n",
        )
        .file("content/files/pic.png", "png")
        .file("content/files/deck.pdf", "pdf")
        .file("content/files/talk.mp3", "mp3")
        .file("content/files/demo.mp4", "mp4")
        .file("content/files/data.csv", "a,b");
    site.build();
    let page = site.page("media/index.html");
    assert_eq!(
        page.attrs(".content img", "width"),
        ["300", "300", "120", "80"]
    );
    assert_eq!(page.attrs(".content img[height]", "height"), ["200"]);
    assert_eq!(
        page.attrs(".content img", "alt"),
        ["pic.png", "pic.png", "Logo", "plain", "pic.png"]
    );
    assert_eq!(
        page.attrs(".embed-pdf iframe", "src"),
        ["../files/deck.pdf"]
    );
    assert_eq!(page.texts(".embed-pdf a"), ["deck.pdf"]);
    assert_eq!(
        page.attrs(".embed-audio audio[controls]", "src"),
        ["../files/talk.mp3"]
    );
    assert_eq!(
        page.attrs(".embed-video video[controls]", "src"),
        ["../files/demo.mp4"]
    );
    assert_eq!(page.href_of(".content a", "data.csv"), "../files/data.csv");
    for file in ["deck.pdf", "talk.mp3", "demo.mp4", "data.csv"] {
        assert!(
            site.output().join("files").join(file).is_file(),
            "{file} is published"
        );
    }
}

#[test]
fn footnotes_are_numbered_collected_at_the_end_and_linked_both_ways() {
    let site = TestSite::empty().file(
        "content/Notes.md",
        "# Notes\n\nFirst[^b], inline^[An *inline* note.], again[^b].\n\n\
         [^b]: The b note.\n\n[^unused]: Nobody refers to this.\n\nMore text after.\n",
    );
    site.build();
    let page = site.page("notes/index.html");
    assert_eq!(page.texts(".footnote-ref a"), ["1", "2", "1"]);
    assert_eq!(
        page.attrs(".footnote-ref a", "id"),
        ["fnref-1", "fnref-2", "fnref-1-2"]
    );
    let notes = page.texts(".footnotes li");
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].starts_with("The b note."));
    assert!(notes[1].starts_with("An inline note."));
    assert_eq!(
        page.attrs(".footnotes li:first-child a.footnote-back", "href"),
        ["#fnref-1", "#fnref-1-2"]
    );
    assert_eq!(page.texts(".footnotes em"), ["inline"]);
    let all = page.texts(".content").join(" ");
    assert!(!all.contains("Nobody refers"), "an unused note is left out");
    assert!(!all.contains("^["), "{all}");
    // The notes come after the rest of the page.
    let html = std::fs::read_to_string(site.output().join("notes/index.html")).unwrap();
    assert!(html.find("More text after").unwrap() < html.find("class=\"footnotes\"").unwrap());
}

#[test]
fn inline_tags_link_to_tag_pages_and_nested_tags_have_parents() {
    let site = TestSite::empty()
        .file(
            "content/Plan.md",
            "---\ntags: [plan]\n---\n# Plan\n\nA #plan for #partners/channel work, not issue #12, C# or `#code`.\n\n\
             ```\n#not-a-tag\n```\n",
        )
        .file("content/Other.md", "# Other\n\nAbout #partners too.\n");
    site.build();
    let plan = site.page("plan/index.html");
    assert_eq!(plan.texts(".content a.tag"), ["#plan", "#partners/channel"]);
    assert_eq!(
        plan.attrs(".content a.tag", "href"),
        ["../tags/plan/", "../tags/partners/channel/"]
    );
    assert_eq!(
        plan.texts(".tags a"),
        ["plan", "partners/channel"],
        "the page lists each tag once"
    );
    let channel = site.page("tags/partners/channel/index.html");
    assert_eq!(channel.texts(".listing a"), ["Plan"]);
    let parent = site.page("tags/partners/index.html");
    assert_eq!(
        parent.texts(".listing a"),
        ["Other", "Plan"],
        "a parent lists its children's pages"
    );
    assert!(!site.output().join("tags/12").exists());
    assert!(!site.output().join("tags/not-a-tag").exists());
}

#[test]
fn callout_aliases_take_their_obsidian_type() {
    let site = TestSite::empty().file(
        "content/Callouts.md",
        "# Callouts\n\n> [!faq] Q\n> A.\n\n> [!caution]\n> Careful.\n\n> [!tldr]\n> Short.\n\n> [!mine]\n> Own.\n",
    );
    site.build();
    let page = site.page("callouts/index.html");
    assert_eq!(
        page.attrs(".callout", "class"),
        [
            "callout callout-question",
            "callout callout-warning",
            "callout callout-abstract",
            "callout callout-note"
        ]
    );
    assert_eq!(
        page.attrs(".callout", "data-callout"),
        ["faq", "caution", "tldr", "mine"]
    );
    assert_eq!(
        page.texts(".callout-title"),
        ["Q", "Caution", "Tldr", "Mine"]
    );
}

#[test]
fn embeds_that_multiply_stop_at_a_budget_with_a_warning() {
    // Each level embeds the next ten times: 10^5 copies of E unless something stops it.
    let mut site = TestSite::empty();
    for (page, next) in [("A", "B"), ("B", "C"), ("C", "D"), ("D", "E")] {
        let body = format!("# {page}\n\n{}\n", format!("![[{next}]] ").repeat(10));
        site = site.file(&format!("content/{page}.md"), &body);
    }
    let site = site.file("content/E.md", "# E\n\nLeaf text.\n");
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 0, "{diags:?}");
    let d = find(&diags, "embeds more than 500 parts");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["path"], "content/A.md");
    let a = site.page("a/index.html");
    let frames = a.texts(".transclusion").len();
    assert!((100..=500).contains(&frames), "{frames} frames");
    assert!(
        a.attrs(".content a", "href").contains(&"../b/".to_string()),
        "the rest are links"
    );
}

#[test]
fn gitbook_hints_become_callouts_of_their_style() {
    let site = TestSite::empty().file(
        "content/Hints.md",
        "# Hints\n\n{% hint style=\"warning\" %}\nMind the **gap**.\n{% endhint %}\n\n\
         {% hint style=\"success\" %}\n\nSpaced out.\n\n{% endhint %}\n\n{% hint %}\nPlain.\n{% endhint %}\n",
    );
    site.build();
    let page = site.page("hints/index.html");
    assert_eq!(
        page.attrs(".callout", "class"),
        [
            "callout callout-warning",
            "callout callout-success",
            "callout callout-info"
        ]
    );
    assert_eq!(
        page.texts(".callout > p:not(.callout-title)"),
        ["Mind the gap.", "Spaced out.", "Plain."]
    );
    assert!(!page.texts(".content").join(" ").contains("{%"));
}

#[test]
fn an_unclosed_hint_is_a_warning_at_its_line() {
    let site = TestSite::empty().file(
        "content/Hint.md",
        "# Hint\n\nText.\n\n{% hint style=\"info\" %}\nOpen.\n",
    );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 0);
    let d = find(&diags, "never closed");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(5), Some(1))
    );
}

#[test]
fn mdbook_includes_put_files_in_place_by_lines_or_anchor() {
    let site = TestSite::empty()
        .file(
            "content/ch/Intro.md",
            "# Intro\n\n## Own\n\n```rust\n{{#include ../../listings/main.rs:body}}\n```\n\n\
             ```text\n{{#include ../../listings/main.rs:1:2}}\n```\n\n{{#include part.md}}\n\n\
             Before {{#include inline.md}} after.\n\n## Last\n",
        )
        .file(
            "listings/main.rs",
            "fn main() {\n    // ANCHOR: body\n    println!(\"hi\");\n    // ANCHOR_END: body\n}\n",
        )
        .file(
            "content/ch/part.md",
            "## Included heading\n\nIncluded *para*.\n",
        )
        .file("content/ch/inline.md", "short *inline* text");
    site.build();
    let page = site.page("ch/intro/index.html");
    assert_eq!(
        page.texts(".content pre code"),
        ["println!(\"hi\");", "fn main() { // ANCHOR: body"]
    );
    assert_eq!(page.texts(".content em"), ["para", "inline"]);
    assert!(
        page.texts(".content p")
            .contains(&"Before short inline text after.".to_string())
    );
    // The included heading takes no anchor from the page's own headings.
    assert_eq!(page.attrs(".content h2[id]", "id"), ["own", "last"]);
    assert_eq!(page.texts(".toc a"), ["Own", "Last"]);
}

#[test]
fn an_include_that_cannot_be_read_is_an_error_at_it_and_never_leaves_the_site() {
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), "SECRET").unwrap();
    let site = TestSite::empty().file(
        "content/A.md",
        &format!(
            "# A\n\nText.\n\n{{{{#include missing.md}}}}\n\n```\n{{{{#include {}}}}}\n```\n",
            outside.path().display()
        ),
    );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 1);
    let d = find(&diags, "missing.md");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(5), Some(1))
    );
    let d = find(&diags, &outside.path().display().to_string());
    assert_eq!(d["line"].as_u64(), Some(8));
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("inside the site's folder"),
        "{d}"
    );
}

#[test]
fn an_escaped_directive_is_shown_without_its_backslash_and_a_hint_ends_inside_html() {
    let site = TestSite::empty().file(
        "content/Book.md",
        "# Book\n\n```hbs\n\\{{#include file.rs:2}}\n```\n\nWrite `\\{{#title My Title}}` near the top.\n\n\
         {% hint style=\"danger\" %}\nRead this.\n\n<img src=\"x.png\" alt=\"\">\n{% endhint %}\n\nAfter.\n",
    );
    let (code, diags) = site.diagnostics();
    assert_eq!(code, 0, "{diags:?}");
    assert!(diags.is_empty(), "{diags:?}");
    site.build();
    let page = site.page("book/index.html");
    assert_eq!(page.texts(".content pre code"), ["{{#include file.rs:2}}"]);
    assert_eq!(page.texts(".content p code"), ["{{#title My Title}}"]);
    assert_eq!(page.attrs(".callout", "class"), ["callout callout-danger"]);
    assert_eq!(page.attrs(".callout img", "src"), ["x.png"]);
    assert!(!page.texts(".callout").join(" ").contains("After."));
}

#[test]
fn a_block_id_at_the_end_of_a_callout_embeds_the_whole_callout() {
    let site = TestSite::empty()
        .file(
            "content/Source.md",
            "# Source\n\n> [!hint] Mind the limit\n> File names have limits.\n^limit\n\nAfter.\n",
        )
        .file("content/Host.md", "# Host\n\n![[Source#^limit]]\n");
    site.build();
    let host = site.page("host/index.html");
    assert_eq!(
        host.texts(".transclusion .callout-title"),
        ["Mind the limit"]
    );
    assert!(!host.texts(".transclusion").join(" ").contains("[!hint]"));
}

#[test]
fn escaped_brackets_are_text_without_a_warning() {
    let site = TestSite::empty().file(
        "content/A.md",
        "# A\n\nTurn off **Use \\[\\[Wikilinks\\]\\]**.\n",
    );
    let (code, diags) = site.diagnostics();
    assert_eq!((code, diags.len()), (0, 0), "{diags:?}");
    site.build();
    assert_eq!(
        site.page("a/index.html").texts(".content strong"),
        ["Use [[Wikilinks]]"]
    );
}
