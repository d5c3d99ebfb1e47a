//! Knowledge health: where a playbook is going stale or hard to find, beyond the broken
//! links every build refuses. From the finished link graph it finds orphans (pages no
//! other page links to), dead ends (pages that link nowhere), glossary problems (an
//! alias that is another page's title, a term no other page uses, phrases that look like
//! missing terms) and pages overdue for review or without an owner. The findings become
//! warnings and suggestions for `check` and `build`, and the generated `health/` page.
//! [`external`] fetches links to other sites, for `check --external`.

pub(crate) mod external;
mod imported;

pub(crate) use imported::summary;

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::config::TermLinks;
use crate::content::{Date, Doc, DocId, Site};
use crate::diagnostic::{Diagnostic, Position};
use crate::graph::{Graph, Index};
use crate::markdown::{Leads, Refs};
use crate::pages::Pages;

/// A page whose review date is this many days away or fewer is listed as coming up.
pub(crate) const SOON_DAYS: i64 = 30;
/// The health page lists at most this many orphans, dead ends or unowned pages (with a
/// count of the rest): `check` names them all.
pub(crate) const LISTED: usize = 100;
/// A phrase used on this many pages, and defined nowhere, is suggested as a term.
pub(crate) const SUGGEST_AT: usize = 3;

/// What the health rules found, for the `health/` page.
#[derive(Debug, Clone)]
pub(crate) struct Health {
    /// The day the rules were applied.
    pub(crate) today: Date,
    /// Pages no other page links to.
    pub(crate) orphans: Vec<DocId>,
    /// Pages that link to no other page.
    pub(crate) dead_ends: Vec<DocId>,
    /// Pages past their `review_by` date, the longest overdue first.
    pub(crate) overdue: Vec<DocId>,
    /// Pages due for review within [`SOON_DAYS`], the soonest first.
    pub(crate) due_soon: Vec<DocId>,
    /// Pages with neither an owner (their own or their section's) nor a review date.
    pub(crate) unowned: Vec<DocId>,
    /// Glossary terms (indices into the glossary) no other page uses.
    pub(crate) unused_terms: Vec<usize>,
    /// Phrases that look like terms the glossary is missing.
    pub(crate) suggestions: Vec<Suggestion>,
}

/// A capitalised phrase used on several pages and defined nowhere.
#[derive(Debug, Clone)]
pub(crate) struct Suggestion {
    /// As first written.
    pub(crate) phrase: String,
    /// The pages using it, in site order.
    pub(crate) pages: Vec<DocId>,
}

/// What an assessment reports: the diagnostics of every build, and those only `check`
/// shows.
pub(crate) struct Findings {
    /// For the health page.
    pub(crate) health: Health,
    /// Every build warns of these: a term no other page uses, a page past its review
    /// date.
    pub(crate) always: Vec<Diagnostic>,
    /// `check` adds these: orphans, dead ends, aliases that are titles, pages nobody owns
    /// (with `require_owner`), term suggestions. A build or a preview stays quiet about
    /// them: a page being drafted is an orphan until it is linked.
    pub(crate) advice: Vec<Diagnostic>,
}

/// Applies every health rule to a rendered site, as of `today`.
pub(crate) fn assess(index: &Index, pages: &Pages, graph: &Graph, today: &Date) -> Findings {
    let site = index.site();
    let (mut always, mut advice) = (Vec::new(), Vec::new());
    let mut health = Health {
        today: today.clone(),
        orphans: Vec::new(),
        dead_ends: Vec::new(),
        overdue: Vec::new(),
        due_soon: Vec::new(),
        unowned: Vec::new(),
        unused_terms: Vec::new(),
        suggestions: Vec::new(),
    };
    links(
        index,
        &pages.refs,
        &graph.backlinks,
        &mut health,
        &mut advice,
    );
    aliases(index, &mut advice);
    advice.extend(imported::kept_fields(site));
    unused_terms(index, &pages.refs, &graph.used_in, &mut health, &mut always);
    reviews(site, today, &mut health, (&mut always, &mut advice));
    if site.config.check.suggest_terms {
        suggest_terms(index, &pages.leads, &mut health, &mut advice);
    }
    Findings {
        health,
        always,
        advice,
    }
}

/// Who keeps a page true: its own `owner`, else that of the nearest section intro above it.
pub(crate) fn owner_of<'a>(site: &'a Site, id: DocId) -> Option<&'a str> {
    // A blank `owner:` names nobody.
    let named = |doc: &'a Doc| {
        doc.meta
            .owner
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
    };
    let doc = &site.docs[id];
    if let Some(owner) = named(doc) {
        return Some(owner);
    }
    let mut section = Some(doc.section);
    while let Some(s) = section {
        let intro = site.sections[s].index.filter(|&i| i != id);
        if let Some(owner) = intro.and_then(|i| named(&site.docs[i])) {
            return Some(owner);
        }
        section = site.sections[s].parent;
    }
    None
}

/// Pages a reader reaches only through listings, and pages that lead nowhere. Section
/// intros (the home page among them) are navigation themselves, a glossary term is
/// reached through its uses and leads on through its "Used in" list, and a page with
/// `redirect_to` is only a signpost, so none of them counts.
fn links(
    index: &Index,
    refs: &[Refs],
    backlinks: &[Vec<DocId>],
    health: &mut Health,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let site = index.site();
    let glossary = index.glossary();
    let term_links = site.config.glossary.link != TermLinks::None;
    for (id, doc) in site.published() {
        let signpost = doc.meta.redirect_to.is_some();
        if doc.is_section_index || signpost || glossary.term_of(id).is_some() {
            continue;
        }
        let title = doc.field_position("title");
        if backlinks[id].is_empty() {
            health.orphans.push(id);
            diagnostics.push(
                Diagnostic::warning(
                    &doc.path,
                    title,
                    "no other page links to this one: readers find it only in its section's list",
                )
                .with_help(format!(
                    "link to it from a page on the same subject: [[{}]]",
                    doc.title
                )),
            );
        }
        let out = &refs[id];
        // Linked glossary terms lead on too, unless `[glossary] link = "none"`.
        let terms_lead_on = term_links && !out.terms.is_empty();
        if out.links.is_empty() && !terms_lead_on {
            health.dead_ends.push(id);
            diagnostics.push(
                Diagnostic::warning(&doc.path, title, "this page links to no other page: a reader who gets here has nowhere to go next")
                    .with_help("link the pages it builds on or leads to, e.g. [[Page title]], or use the glossary's terms"),
            );
        }
    }
}

/// An alias that is another page's title: `[[That title]]` matches both pages.
fn aliases(index: &Index, diagnostics: &mut Vec<Diagnostic>) {
    let site = index.site();
    let glossary = index.glossary();
    let mut titles: HashMap<String, DocId> = HashMap::new();
    for (id, doc) in site.published() {
        titles.entry(normal(&doc.title)).or_insert(id);
    }
    let is_term = |id: DocId| glossary.term_of(id).is_some();
    for (id, doc) in site.published() {
        for alias in &doc.meta.aliases {
            let Some(&other) = titles.get(&normal(alias)).filter(|&&o| o != id) else {
                continue;
            };
            // Between two terms, the glossary already reports it as an error.
            if is_term(id) && is_term(other) {
                continue;
            }
            diagnostics.push(
                Diagnostic::warning(
                    &doc.path,
                    doc.value_position("aliases", alias),
                    format!(
                        "the alias \"{alias}\" is the title of another page, {}",
                        site.docs[other].path.display()
                    ),
                )
                .with_help(format!(
                    "[[{alias}]] matches both pages: remove the alias, or retitle one of them"
                )),
            );
        }
    }
}

/// Terms no other page uses, told apart from those used only on their own page.
fn unused_terms(
    index: &Index,
    refs: &[Refs],
    used_in: &[Vec<DocId>],
    health: &mut Health,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let site = index.site();
    for (term, users) in used_in.iter().enumerate() {
        if !users.is_empty() {
            continue;
        }
        health.unused_terms.push(term);
        let id = index.glossary().terms[term].doc;
        let doc = &site.docs[id];
        let (message, help) = match refs[id].uses_own_term {
            true => (
                format!(
                    "the glossary term \"{}\" is used only on its own page",
                    doc.title
                ),
                "use it on the pages where it matters, or add the form authors write there to `aliases`",
            ),
            false => (
                format!(
                    "the glossary term \"{}\" is used on no other page",
                    doc.title
                ),
                "use the term (or one of its aliases) in a page, add the form authors actually write to `aliases`, or remove the term",
            ),
        };
        diagnostics.push(
            Diagnostic::warning(&doc.path, doc.field_position("title"), message).with_help(help),
        );
    }
}

/// Pages past `review_by` (a warning), due soon (the health page), and, with `[check]
/// require_owner`, pages with neither an owner nor a review date (a warning).
fn reviews(
    site: &Site,
    today: &Date,
    health: &mut Health,
    (overdue, unowned): (&mut Vec<Diagnostic>, &mut Vec<Diagnostic>),
) {
    let today_days = today.days();
    let mut dated: Vec<(i64, DocId)> = Vec::new();
    for (id, doc) in site.published() {
        let owner = owner_of(site, id);
        match &doc.meta.review_by {
            Some(due) => dated.push((due.days(), id)),
            None if owner.is_none() => {
                health.unowned.push(id);
                if site.config.check.require_owner {
                    unowned.push(
                        Diagnostic::warning(&doc.path, Position::new(1, 1), "this page has no owner and no review date")
                            .with_help(format!("add `owner: <name or team>` and `review_by: {}` to its front matter, or an `owner` to its section's _index.md", Date::from_days(today_days + 365).0)),
                    );
                }
            }
            None => {}
        }
    }
    dated.sort();
    for (due, id) in dated {
        let doc = &site.docs[id];
        if due < today_days {
            health.overdue.push(id);
            let who = owner_of(site, id).map_or(String::new(), |o| format!(" (owner: {o})"));
            overdue.push(
                Diagnostic::warning(
                    &doc.path,
                    doc.field_position("review_by"),
                    format!(
                        "this page was due for review on {}{who}",
                        Date::from_days(due).0
                    ),
                )
                .with_help("check the page is still true, then move `review_by` forward"),
            );
        } else if due - today_days <= SOON_DAYS {
            health.due_soon.push(id);
        }
    }
}

/// Capitalised phrases used on [`SUGGEST_AT`] or more pages that no term, alias, page
/// title, section, tag or `[check] not_terms` entry names.
fn suggest_terms(
    index: &Index,
    leads: &[Leads],
    health: &mut Health,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let site = index.site();
    let mut known: HashSet<String> = site
        .config
        .check
        .not_terms
        .iter()
        .map(|t| normal(t))
        .collect();
    known.insert(normal(&site.title()));
    for (_, doc) in site.published() {
        known.insert(normal(&doc.title));
        known.extend(doc.meta.aliases.iter().map(|a| normal(a)));
    }
    known.extend(site.sections.iter().map(|s| normal(&s.title)));
    known.extend(index.tags().values().map(|t| normal(&t.name)));
    // Phrase (lower case) -> as first written, first place, pages.
    let mut found: BTreeMap<String, (String, DocId, Position, Vec<DocId>)> = BTreeMap::new();
    for (id, _) in site.published() {
        for (phrase, at) in &leads[id].phrases {
            let key = normal(phrase);
            if known.contains(&key) {
                continue;
            }
            let entry = found
                .entry(key)
                .or_insert_with(|| (phrase.clone(), id, *at, Vec::new()));
            entry.3.push(id);
        }
    }
    let glossary = site.sections.iter().find(|s| s.glossary);
    found.retain(|_, (_, _, _, pages)| pages.len() >= SUGGEST_AT);
    // "Partner Council in London" gives way to "Partner Council" when that is on every
    // page it is on: the shorter phrase is the term.
    let shorter: Vec<(String, Vec<DocId>)> = found
        .iter()
        .map(|(key, (_, _, _, pages))| (format!(" {key} "), pages.clone()))
        .collect();
    found.retain(|key, (_, _, _, pages)| {
        let padded = format!(" {key} ");
        !shorter.iter().any(|(other, on)| {
            *other != padded
                && padded.contains(other.as_str())
                && pages.iter().all(|p| on.contains(p))
        })
    });
    for (phrase, first, at, pages) in found.into_values() {
        let doc = &site.docs[first];
        let define = match glossary {
            Some(g) => format!("define it with `playbook new {} \"{phrase}\"`", g.rel_dir),
            None => "define it in a glossary section".to_string(),
        };
        diagnostics.push(
            Diagnostic::suggestion(
                &doc.path,
                at,
                format!(
                    "\"{phrase}\" is used on {} pages but is not in the glossary",
                    pages.len()
                ),
            )
            .with_help(format!(
                "{define}, or add it to `not_terms` under [check] in site.toml; used in {}",
                list(site, &pages)
            )),
        );
        health.suggestions.push(Suggestion { phrase, pages });
    }
}

/// A few pages' paths, for a help line.
fn list(site: &Site, pages: &[DocId]) -> String {
    let shown: Vec<String> = pages
        .iter()
        .take(3)
        .map(|&p| site.docs[p].rel_path.clone())
        .collect();
    match pages.len() - shown.len() {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// Lower case, single spaces: how names are compared.
fn normal(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
