//! Pages that only send the reader on: the old address of a page a `permalink` moved, an
//! alias written as a path, and a page whose front matter says `redirect_to`. Plain HTML
//! with a meta refresh, so they work on any static host and from disk.

use pulldown_cmark_escape::escape_html;

use super::OutputFile;
use crate::content::{Doc, Site};
use crate::graph::{file_of, redirect_path, relative_url};

/// The redirect pages of `site`: from each old address to its page.
pub(crate) fn files(site: &Site) -> Vec<OutputFile> {
    site.redirects
        .iter()
        .filter(|r| site.docs[r.to].published)
        .map(|r| OutputFile {
            path: file_of(&r.from),
            contents: page(&relative_url(&r.from, &site.docs[r.to].url)),
        })
        .collect()
}

/// Where a page with `redirect_to` sends its readers, as an href from the page: another
/// site as written, a path of this site relative to where the page is.
pub(crate) fn target_of(doc: &Doc) -> Option<String> {
    let to = doc.meta.redirect_to.as_deref()?;
    Some(match redirect_path(to) {
        Some(path) => relative_url(&doc.url, &path),
        None => to.to_string(),
    })
}

/// A page that sends the reader to `href` at once.
pub(crate) fn page(href: &str) -> Vec<u8> {
    let mut escaped = String::new();
    let _ = escape_html(&mut escaped, href);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<meta charset=\"utf-8\">\n<title>Moved</title>\n\
         <meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={escaped}\">\n\
         <link rel=\"canonical\" href=\"{escaped}\">\n<p>This page is now at <a href=\"{escaped}\">{escaped}</a>.</p>\n</html>\n"
    )
    .into_bytes()
}
