//! The client-side search index: what it holds, and that it stays in small files.

mod common;

use common::TestSite;
use serde_json::Value;

/// The JSON handed to `playbookSearch.add(kind, key, json)` by a search script.
fn script_data(site: &TestSite, file: &str) -> Value {
    let text = std::fs::read_to_string(site.output().join("search").join(file)).unwrap();
    let json = text
        .trim_end()
        .strip_suffix(");")
        .and_then(|t| t.splitn(3, ',').nth(2))
        .unwrap_or_else(|| panic!("{file} is not a search script: {text}"));
    serde_json::from_str(json).unwrap()
}

fn hex(prefix: &str) -> String {
    prefix.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The pages (url, score) a word leads to, as the browser would decode them: the word's
/// shard is the one of the longest listed prefix it starts with.
fn lookup(site: &TestSite, word: &str) -> Vec<(String, u64)> {
    let manifest = script_data(site, "index.js");
    let prefix = manifest["shards"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .filter(|p| word.starts_with(p))
        .max_by_key(|p| p.len());
    let Some(prefix) = prefix else {
        return Vec::new();
    };
    let shard = script_data(site, &format!("w-{}.js", hex(prefix)));
    let Some(postings) = shard[word].as_array() else {
        return Vec::new();
    };
    let chunk = manifest["chunk"].as_u64().unwrap() as usize;
    let mut page = 0;
    postings
        .chunks(2)
        .map(|pair| {
            page += pair[0].as_u64().unwrap() as usize;
            let pages = script_data(site, &format!("p-{}.js", page / chunk));
            (
                pages[page % chunk][0].as_str().unwrap().to_string(),
                pair[1].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn words_lead_to_the_pages_that_contain_them() {
    let site = TestSite::fixture("basic");
    site.build();
    let hits = lookup(&site, "sponsors");
    assert!(
        hits.iter()
            .any(|(url, _)| url == "tips/secure-executive-sponsorship/"),
        "{hits:?}"
    );
    let hits = lookup(&site, "footnote");
    assert_eq!(
        hits.iter().map(|(u, _)| u.as_str()).collect::<Vec<_>>(),
        ["tips/secure-executive-sponsorship/"]
    );
}

#[test]
fn title_words_outrank_body_words() {
    let site = TestSite::fixture("basic");
    site.build();
    let hits = lookup(&site, "trust");
    let score = |url: &str| {
        hits.iter()
            .find(|(u, _)| u == url)
            .map(|(_, s)| *s)
            .unwrap_or(0)
    };
    assert!(
        score("tips/build-trust/") > score("roles/alliance-manager/"),
        "{hits:?}"
    );
    assert!(
        score("roles/alliance-manager/") > 0,
        "a body mention is found too: {hits:?}"
    );
}

#[test]
fn headings_descriptions_and_section_names_are_indexed() {
    let site = TestSite::fixture("basic");
    site.build();
    assert!(
        lookup(&site, "matters")
            .iter()
            .any(|(u, _)| u == "tips/build-trust/"),
        "heading word"
    );
    assert!(
        lookup(&site, "currency")
            .iter()
            .any(|(u, _)| u == "tips/build-trust/"),
        "description word"
    );
    let manifest = script_data(&site, "index.js");
    let pages = script_data(&site, "p-0.js");
    let entry = pages
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p[0] == "tips/build-trust/")
        .unwrap();
    assert_eq!(entry[1], "Build trust early");
    assert_eq!(
        manifest["sections"][entry[2].as_u64().unwrap() as usize],
        "Tips"
    );
    assert_eq!(entry[3], "Trust is the currency of an alliance.");
}

#[test]
fn drafts_code_and_stop_words_stay_out_of_the_index() {
    let site = TestSite::fixture("basic");
    site.build();
    assert!(
        lookup(&site, "ready").is_empty(),
        "a draft's words are not indexed"
    );
    assert!(lookup(&site, "the").is_empty());
    let pages = script_data(&site, "p-0.js");
    assert!(
        !pages
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p[0] == "tips/draft-idea/")
    );
}

#[test]
fn every_page_loads_the_search_script_relative_to_itself() {
    let site = TestSite::fixture("basic");
    site.build();
    let page = site.page("roles/collaborative-leader/catalyst/index.html");
    assert_eq!(
        page.attrs("script[data-root]", "src"),
        ["../../../playbook.js"]
    );
    assert_eq!(page.attrs("script[data-root]", "data-root"), ["../../../"]);
    assert_eq!(page.attrs("form.search input", "role"), ["combobox"]);
}

#[test]
fn the_index_is_split_so_a_query_loads_little() {
    let site = TestSite::empty();
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_dir(&from.join("content"), &site.root().join("content"));
    site.build();
    let dir = site.output().join("search");
    let size = |f: &str| std::fs::metadata(dir.join(f)).unwrap().len();
    let manifest = size("index.js");
    let biggest_shard = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().starts_with("w-"))
        .map(|e| e.metadata().unwrap().len())
        .max()
        .unwrap();
    assert!(manifest < 4_000, "manifest is {manifest} bytes");
    assert!(
        biggest_shard < 12_000,
        "largest word shard is {biggest_shard} bytes"
    );
}

/// Issue 20, item 9: thousands of words that share a long start (part numbers, generated
/// names) still split into shards of the usual size, and a word longer than the index
/// keeps is found by its start.
#[test]
fn words_sharing_a_long_start_still_split_into_small_shards() {
    let site = TestSite::fixture("basic");
    let words: String = (0..6_000)
        .map(|i| format!("partnershipagreement{i:04} "))
        .collect();
    site.write(
        "content/tips/05-parts.md",
        &format!("---\ntitle: Parts\n---\n{words}\n\nSupercalifragilisticexpialidocious.\n"),
    );
    site.build();
    let dir = site.output().join("search");
    let biggest = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().starts_with("w-"))
        .map(|e| (e.metadata().unwrap().len(), e.file_name()))
        .max()
        .unwrap();
    assert!(biggest.0 < 64 * 1024, "largest word shard: {biggest:?}");
    assert_eq!(lookup(&site, "partnershipagreement4321").len(), 1);
    // Cut to 24 characters, as the browser cuts the query.
    assert_eq!(lookup(&site, "supercalifragilisticexpi").len(), 1);
}
